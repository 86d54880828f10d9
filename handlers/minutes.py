"""``/notulen`` and photos: the secretary's minutes and pictures of a meeting.

In private chat an admin sends ``/notulen <text>`` (or ``/notulen`` and then the
text) and photos (with or without a caption). They belong to a meeting that has
started (within ``MINUTES_REACH``); when more than one could be meant, the bot
keeps what was sent in the database (``minutes_waiting``, so a restart loses
nothing) and asks which with buttons. Each photo is stored with its
Telegram file id and a copy under the photo folder (``Settings.photo_dir``); the
download happens before, never inside, the database transaction.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)

from handlers.common import edit_markup, is_private, reply, require_member
from handlers.flow import typed_text_flow
from models.meeting import Meeting, get_meeting
from models.member import Member
from models.minutes import (
    MINUTES_MAX_LENGTH,
    Waiting,
    WaitingPhoto,
    add_photo,
    clean_minutes,
    hold_until_chosen,
    list_photos,
    minutes_meetings,
    photo_relative_path,
    save_minutes,
    take_waiting,
    waiting_for_meeting,
)
from runtime.context import BotContext
from ui import keyboards, texts

logger = logging.getLogger(__name__)

WAIT_TEXT = 0
END = ConversationHandler.END


async def _candidates(context: BotContext) -> list[Meeting]:
    async with context.reading() as session:
        return await minutes_meetings(session, context.kampung_id, context.now())


def _label(context: BotContext, meeting: Meeting) -> str:
    return texts.recap_pick_label(meeting, context.tz)


async def _admin(update: Update, context: BotContext) -> Member | None:
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return None
    return await require_member(update, context, admin=True)


async def _route(
    update: Update,
    context: BotContext,
    admin: Member,
    *,
    photos: list[WaitingPhoto] | None = None,
    text: str | None = None,
) -> None:
    """File what was sent under the one meeting it can be for, or ask which one."""
    meetings = await _candidates(context)
    if not meetings:
        await reply(update, texts.NO_MEETING_FOR_MINUTES)
        return
    if len(meetings) == 1:
        sent = Waiting(ids=(), photos=tuple(photos or ()), text=text)
        await _file(update, context, admin, meetings[0], sent)
        return
    async with context.transaction() as session:
        ask = await hold_until_chosen(
            session, context.kampung_id, admin, photos=photos or [], text=text, now=context.now()
        )
    if ask:  # one question for an album, not one per photo
        choices = [(m.id, _label(context, m)) for m in meetings]
        await reply(update, texts.MINUTES_PICK, keyboards.minutes_choice(choices))


async def _download(context: BotContext, meeting: Meeting, photo: WaitingPhoto) -> str | None:
    """Copy the photo under the photo folder; its relative path, or None on failure."""
    relative = photo_relative_path(context.kampung_id, meeting.id, photo.file_unique_id)
    target = Path(context.settings.photo_dir) / relative
    try:
        await asyncio.to_thread(target.parent.mkdir, parents=True, exist_ok=True)
        telegram_file = await context.bot.get_file(photo.file_id)
        await telegram_file.download_to_drive(target)
    except (TelegramError, OSError) as error:
        logger.warning("Photo %s not copied: %s", photo.file_unique_id, error)
        return None
    return relative.as_posix()


async def _file(
    update: Update, context: BotContext, admin: Member, meeting: Meeting, sent: Waiting
) -> None:
    """Store photos and minutes with ``meeting``. What was waiting for the choice of
    meeting is filed only if still waiting when the transaction takes it (a racing
    second press files nothing)."""
    paths = {photo: await _download(context, meeting, photo) for photo in sent.photos}
    added = 0
    replaced = False
    async with context.transaction() as session:
        taken = await take_waiting(session, sent)
        if not taken:
            return
        photos, text = taken.photos, taken.text
        for photo in photos:
            added += await add_photo(
                session,
                meeting,
                file_id=photo.file_id,
                file_unique_id=photo.file_unique_id,
                path=paths.get(photo),
                caption=photo.caption,
                by=admin,
                now=context.now(),
            )
        if text is not None:
            replaced = await save_minutes(session, meeting, text, by=admin, now=context.now())
        total = len(await list_photos(session, meeting.id))
    label = _label(context, meeting)
    if text is not None:
        await reply(update, texts.minutes_saved(label, replaced))
    if photos:
        await reply(update, texts.photos_saved(added, total, label))
    if any(paths.get(photo) is None for photo in photos):
        await reply(update, texts.PHOTO_COPY_FAILED)


# --- /notulen ---------------------------------------------------------------------------------


def _minutes_or_problem(raw: str) -> tuple[str | None, str | None]:
    text = clean_minutes(raw)
    if text is None:
        return None, texts.minutes_too_long(MINUTES_MAX_LENGTH) if raw.strip() else None
    return text, None


async def start_minutes(update: Update, context: BotContext) -> int:
    """``/notulen [teks]``: store the text at once, or ask for it."""
    admin = await _admin(update, context)
    if admin is None:
        return END
    raw = (update.effective_message.text or "").partition(" ")[2]
    if "\n" in (update.effective_message.text or "").split(" ", 1)[0]:
        raw = (update.effective_message.text or "").partition("\n")[2]
    text, problem = _minutes_or_problem(raw)
    if problem is not None:
        await reply(update, problem)
        return END
    if text is None:
        if not await _candidates(context):
            await reply(update, texts.NO_MEETING_FOR_MINUTES)
            return END
        await reply(update, texts.MINUTES_ASK)
        return WAIT_TEXT
    await _route(update, context, admin, text=text)
    return END


async def minutes_given(update: Update, context: BotContext) -> int:
    admin = await _admin(update, context)
    if admin is None:
        return END
    text, problem = _minutes_or_problem(update.effective_message.text or "")
    if text is None:
        await reply(update, problem or texts.MINUTES_ASK)
        return WAIT_TEXT
    await _route(update, context, admin, text=text)
    return END


async def minutes_not_text(update: Update, context: BotContext) -> int:
    if update.effective_message.photo:  # a photo while the minutes are awaited: keep it too
        await photo_received(update, context)
        return WAIT_TEXT
    await reply(update, texts.MINUTES_NOT_TEXT)
    return WAIT_TEXT


async def cancel(update: Update, context: BotContext) -> int:
    await reply(update, texts.MINUTES_CANCELLED)
    return END


# --- photos -------------------------------------------------------------------------------------


async def photo_received(update: Update, context: BotContext) -> None:
    """A photo in private chat: an admin's goes with the meeting; a cadre's is thanked."""
    message = update.effective_message
    admin = await require_member(update, context)
    if admin is None:
        return
    if not admin.is_admin:
        await reply(update, texts.PHOTO_ADMIN_ONLY)
        return
    largest = message.photo[-1]
    caption = (message.caption or "").strip() or None
    photo = WaitingPhoto(largest.file_id, largest.file_unique_id, caption)
    await _route(update, context, admin, photos=[photo])


async def meeting_chosen(update: Update, context: BotContext) -> None:
    """The secretary says which meeting the waiting photos and minutes are for."""
    query = update.callback_query
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return
    meeting_id = int(query.data.removeprefix(keyboards.CB_MINUTES_PICK))
    meeting = next((m for m in await _candidates(context) if m.id == meeting_id), None)
    if meeting is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    async with context.reading() as session:
        waiting = await waiting_for_meeting(session, context.kampung_id, admin.id)
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
    if not waiting:
        await query.answer(texts.MINUTES_PICK_GONE, show_alert=True)
        return
    await query.answer()
    await edit_markup(update)
    await _file(update, context, admin, meeting, waiting)


def minutes_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    conversation = typed_text_flow(
        "minutes",
        [CommandHandler("notulen", start_minutes)],
        state=WAIT_TEXT,
        on_text=minutes_given,
        on_other=minutes_not_text,
        on_cancel=cancel,
        timeout_text=texts.MINUTES_TIMED_OUT,
    )
    return [
        conversation,
        MessageHandler(private & filters.PHOTO, photo_received),
        CallbackQueryHandler(meeting_chosen, pattern=r"^mnt:m:\d{1,9}\Z"),
    ]
