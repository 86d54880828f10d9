"""The portal post of a meeting: the card after the recap, its buttons, the captions.

After the recap the secretary gets the post "ready to paste" (``send_post_card``):
every field of the portal's form in its order, prefilled, and buttons for the next
thing the bot cannot know. Each press edits that card. When the last answer is in,
the fields come as one message to copy and the photos as one album in the portal's
order; "✅ Sudah diposting" marks it done. Every press checks the secretary's rights
and that the meeting is of the kampung the press resolved to (handlers/tenancy.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, InputMediaPhoto, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
)

from handlers.common import edit_text, is_private, reply, require_member
from handlers.flow import typed_text_flow
from models.attendance import Recap, build_recap
from models.kampung import get_kampung
from models.meeting import get_meeting
from models.member import Member, get_member
from models.portal import posts
from models.portal.lists import CAPTION_MAX, GAMBAR_SEBELUM, GAMBAR_SESUDAH
from models.portal.posts import JenisRefusal, PickResult, PortalPost, PostView, Step
from models.portal.prefill import PostFacts, agencies, clean_caption, peserta_from_poktan
from runtime.context import BotContext
from ui import texts
from ui.portal_post import KATEGORI_PAGES, meeting_facts, post_keyboard
from ui.texts import portal as t

logger = logging.getLogger(__name__)

WAIT_CAPTION = 0
END = ConversationHandler.END
DRAFT = "portal_caption"
_DATA = re.compile(r"^pp:([a-z]{1,4}):(\d{1,9})(?::(-?\d{1,9}))?\Z")


@dataclass(frozen=True)
class Shown:
    """A post as it stands, ready to show."""

    text: str
    markup: InlineKeyboardMarkup
    view: PostView
    facts: PostFacts


async def _shown(
    context: BotContext, session: AsyncSession, recap: Recap, post: PortalPost, *, page: int = -1
) -> Shown:
    kampung = await get_kampung(session, context.kampung_id)
    facts = meeting_facts(recap, kampung.name, context.tz)
    view = await posts.view_of(session, post)
    poster = (
        await get_member(session, context.kampung_id, post.posted_by_id)
        if post.posted_by_id
        else None
    )
    text = t.post_card(
        facts,
        view,
        agencies(facts),
        posted_by=poster.full_name if poster else None,
        tz=context.tz,
    )
    return Shown(text, post_keyboard(view, facts, kategori_page_shown=page), view, facts)


async def send_post_card(update: Update, context: BotContext, recap: Recap) -> None:
    """The meeting's post card (made on first use), below the recap."""
    meeting = recap.meeting
    guess = peserta_from_poktan(str(row.poktan) for row in recap.present_rows)
    async with context.transaction() as session:
        post = await posts.post_for_meeting(session, meeting, guess, context.now())
        shown = await _shown(context, session, recap, post)
    await reply(update, shown.text, shown.markup)


async def _send_post(update: Update, context: BotContext, shown: Shown) -> None:
    """The complete post: the fields to copy, then the photos as one album."""
    chat_id = update.effective_chat.id
    for text in t.post_fields(shown.facts, shown.view, agencies(shown.facts)):
        for chunk in texts.split_message(text):
            await context.bot.send_message(chat_id, chunk)
    photos = shown.view.chosen
    if len(photos) == 1:
        only = photos[0]
        await context.bot.send_photo(
            chat_id, only.file_id, caption=t.album_caption(only.kind, only.caption)
        )
    elif photos:
        await context.bot.send_media_group(
            chat_id,
            [
                InputMediaPhoto(p.file_id, caption=t.album_caption(p.kind, p.caption))
                for p in photos
            ],
        )


async def _checked(update: Update, context: BotContext) -> tuple[Member, int] | None:
    """The secretary and the meeting id of a press, or None (answered already)."""
    query = update.callback_query
    if not is_private(update):
        await query.answer(texts.PRIVATE_ONLY, show_alert=True)
        return None
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return None
    return admin, int(_DATA.match(query.data or "").group(2))  # type: ignore[union-attr]


async def press(update: Update, context: BotContext) -> None:
    """Every button of the post card but the caption's (which starts a flow)."""
    query = update.callback_query
    checked = await _checked(update, context)
    found = _DATA.match(query.data or "")
    if checked is None or found is None:
        return
    admin, meeting_id = checked
    action, value = found.group(1), found.group(3)
    now = context.now()
    async with context.transaction() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
        post = await posts.find_post(session, context.kampung_id, meeting_id)
        if meeting is None or post is None or meeting.is_cancelled:
            shown = None
        else:
            before = (await posts.view_of(session, post)).step
            answer = int(value) if value is not None else None
            problem, page, posted = await _apply(session, post, action, answer, admin, now)
            recap = await build_recap(session, meeting)
            shown = await _shown(context, session, recap, post, page=page)
    if shown is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if problem is not None:
        await query.answer(problem, show_alert=True)
        return
    await query.answer(t.posted_now(admin.full_name, now, context.tz) if posted else None)
    await edit_text(update, shown.text, shown.markup)
    done = shown.view.step is Step.DONE
    if done and ((before is not Step.DONE and not posted) or action == "send"):
        await _send_post(update, context, shown)


async def _apply(
    session: AsyncSession,
    post: PortalPost,
    action: str,
    value: int | None,
    admin: Member,
    now: datetime,
) -> tuple[str | None, int, bool]:
    """Do what the press asks; (refusal text or None, kategori page to show, posted now)."""
    page = -1
    if action == "ok":
        if (await posts.view_of(session, post)).step is not Step.DONE:
            return texts.STALE_BUTTON, page, False
        if not await posts.mark_posted(session, post, admin.id, now):
            return t.ALREADY_POSTED, page, False
        return None, page, True
    if action == "redo":
        if post.posted_at is not None:
            return t.ALREADY_POSTED, page, False
        await posts.reset_answers(session, post, now)
        return None, page, False
    if action == "send":
        return None, page, False
    if post.posted_at is not None:
        return t.ALREADY_POSTED, page, False
    if value is None and action != "po":
        return texts.STALE_BUTTON, page, False
    ok = True
    if action == "s":
        ok = await posts.set_seksi(session, post, value or 0, now)
    elif action == "k":
        ok = await posts.set_kategori(session, post, value or 0, now)
    elif action == "kp":
        page = max(-1, min(value or 0, KATEGORI_PAGES - 1))
    elif action == "p":
        ok = await posts.toggle_peserta(session, post, value or 0, now)
    elif action == "po":
        if not await posts.confirm_peserta(session, post, now):
            return t.PESERTA_NONE, page, False
    elif action == "j":
        refusal = await posts.set_jenis(session, post, value or 0, now)
        if refusal is JenisRefusal.TOO_FEW_PHOTOS:
            return t.TOO_FEW_PHOTOS, page, False
        ok = refusal is None
    elif action in ("sb", "ss"):
        kind = GAMBAR_SEBELUM if action == "sb" else GAMBAR_SESUDAH
        if not await posts.pick_before_after(session, post, kind, value or 0, now):
            return t.SAME_PHOTO if action == "ss" else texts.STALE_BUTTON, page, False
    elif action == "f":
        result = await posts.toggle_kegiatan_photo(session, post, value or 0, now)
        if result is PickResult.FULL:
            return t.FIVE_PHOTOS, page, False
        ok = result is not PickResult.REFUSED
    else:
        ok = False
    return (None if ok else texts.STALE_BUTTON), page, False


# --- captions: a short flow -----------------------------------------------------------------------


async def start_caption(update: Update, context: BotContext) -> int:
    query = update.callback_query
    found = _DATA.match(query.data or "")
    checked = await _checked(update, context)
    if checked is None or found is None or found.group(3) is None:
        return END
    _, meeting_id = checked
    photo_id = int(found.group(3))
    async with context.reading() as session:
        post = await posts.find_post(session, context.kampung_id, meeting_id)
        view = await posts.view_of(session, post) if post is not None else None
    chosen = [p.photo_id for p in view.chosen] if view is not None else []
    if view is None or photo_id not in chosen or view.post.posted_at is not None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return END
    number = next(n for n, p in enumerate(view.available, start=1) if p.id == photo_id)
    await query.answer()
    context.user_data[DRAFT] = (meeting_id, photo_id, number)
    await reply(update, t.CAPTION_ASK.format(number=number))
    return WAIT_CAPTION


async def caption_given(update: Update, context: BotContext) -> int:
    admin = await require_member(update, context, admin=True)
    draft = context.user_data.get(DRAFT)
    if admin is None or draft is None:
        return END
    meeting_id, photo_id, number = draft
    typed = update.effective_message.text or ""
    if len(" ".join(typed.split())) > CAPTION_MAX:
        await reply(update, t.caption_too_long(CAPTION_MAX))
        return WAIT_CAPTION
    caption = clean_caption(typed)
    if caption is None:
        await reply(update, t.CAPTION_EMPTY)
        return WAIT_CAPTION
    now = context.now()
    async with context.transaction() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
        post = await posts.find_post(session, context.kampung_id, meeting_id)
        saved = False
        if meeting is not None and post is not None and post.posted_at is None:
            before = (await posts.view_of(session, post)).step
            saved = await posts.set_caption(session, post, photo_id, caption, now)
            recap = await build_recap(session, meeting)
            shown = await _shown(context, session, recap, post)
    context.user_data.pop(DRAFT, None)
    if not saved:
        await reply(update, texts.STALE_BUTTON)
        return END
    await reply(update, t.CAPTION_SAVED.format(number=number))
    await reply(update, shown.text, shown.markup)
    if before is not Step.DONE and shown.view.step is Step.DONE:
        await _send_post(update, context, shown)
    return END


async def caption_not_text(update: Update, context: BotContext) -> int:
    await reply(update, t.CAPTION_NOT_TEXT)
    return WAIT_CAPTION


async def caption_cancel(update: Update, context: BotContext) -> int:
    context.user_data.pop(DRAFT, None)
    await reply(update, t.CAPTION_CANCELLED)
    return END


def portal_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    captions = typed_text_flow(
        "portal_caption",
        [CallbackQueryHandler(start_caption, pattern=r"^pp:c:\d{1,9}:\d{1,9}\Z")],
        state=WAIT_CAPTION,
        on_text=caption_given,
        on_other=caption_not_text,
        on_cancel=caption_cancel,
        timeout_text=t.CAPTION_TIMED_OUT,
        draft_key=DRAFT,
    )
    return [
        captions,
        CallbackQueryHandler(
            press, pattern=r"^pp:(s|k|kp|p|po|j|sb|ss|f|redo|send|ok):\d{1,9}(:-?\d{1,9})?\Z"
        ),
    ]
