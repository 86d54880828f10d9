"""The portal post of an activity: the card, its buttons, the captions.

One code path for both kinds of activity (issue 19): a quarterly meeting's post comes
after its recap (``send_post_card``), a Poktan session's after it is saved as held
(``send_session_post_card``, also from the session's card in the Riwayat). The card
shows every field of the portal's form in its order, prefilled, and buttons for the
next thing the bot cannot know. Each press edits that card. When the last answer is
in, the fields come as one message to copy and the photos as one album in the
portal's order; "✅ Sudah diposting" marks it done.

Every press checks rights and that the activity is of the kampung the press resolved
to (handlers/tenancy.py): a meeting's post is the secretary's; a session's post is its
group's chairs' and the secretary's (the same people who may record and change the
session, handlers/poktan/session_common.py ``may_manage``).
"""

from __future__ import annotations

import logging
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
from handlers.poktan.session_common import may_manage
from models.attendance import Recap, build_recap
from models.kampung import get_kampung
from models.meeting import get_meeting
from models.member import Member, get_member
from models.poktan import families, sessions
from models.poktan.sessions import PoktanSession, SessionStatus
from models.portal import posts
from models.portal.lists import CAPTION_MAX, GAMBAR_SEBELUM, GAMBAR_SESUDAH
from models.portal.posts import JenisRefusal, PickResult, PortalPost, PostView, Step
from models.portal.prefill import PostFacts, agencies, clean_caption, peserta_from_poktan
from runtime.context import BotContext
from ui import texts
from ui.portal_post import (
    KATEGORI_PAGES,
    PostRef,
    meeting_facts,
    post_keyboard,
    read_press,
    session_facts,
)
from ui.texts import poktan_sessions as ts
from ui.texts import portal as t
from ui.texts import portal_poktan as tp

logger = logging.getLogger(__name__)

WAIT_CAPTION = 0
END = ConversationHandler.END
DRAFT = "portal_caption"


@dataclass(frozen=True)
class Shown:
    """A post as it stands, ready to show."""

    text: str
    markup: InlineKeyboardMarkup
    view: PostView
    facts: PostFacts


async def _shown(
    context: BotContext,
    session: AsyncSession,
    ref: PostRef,
    post: PortalPost,
    facts: PostFacts,
    *,
    page: int = -1,
) -> Shown:
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
    return Shown(text, post_keyboard(view, facts, kategori_page_shown=page, ref=ref), view, facts)


async def _meeting_facts(context: BotContext, session: AsyncSession, recap: Recap) -> PostFacts:
    kampung = await get_kampung(session, context.kampung_id)
    return meeting_facts(recap, kampung.name, context.tz)


async def _session_facts(
    context: BotContext, session: AsyncSession, group_id: int, record: PoktanSession
) -> PostFacts:
    kampung = await get_kampung(session, context.kampung_id)
    group = await sessions.group_of(session, record)
    typed = record.present_count
    present = (
        typed
        if typed is not None
        else len((await sessions.present_of(session, [record.id]))[record.id])
    )
    return session_facts(
        record,
        group,
        kampung.name,
        present=present,
        families=await families.count_active_families(session, group_id),
        photos=(await sessions.photo_counts(session, [record.id]))[record.id],
    )


async def _held_session(
    session: AsyncSession, context: BotContext, ref: PostRef
) -> PoktanSession | None:
    """The session a press names, if it is held, of its group, in this kampung."""
    assert ref.group_id is not None
    assert ref.session_id is not None
    record = await sessions.get_session(session, ref.group_id, ref.session_id)
    if record is None or record.status is not SessionStatus.HELD:
        return None
    group = await sessions.group_of(session, record)
    return record if group.kampung_id == context.kampung_id else None


async def _loaded(
    session: AsyncSession, context: BotContext, ref: PostRef, member: Member
) -> tuple[PortalPost, PostFacts] | None:
    """The post a press names and its activity's facts; None when the activity is gone
    (a cancelled meeting, a deleted session), the post was never made, or the presser
    may not act on it (checked again inside the transaction)."""
    if ref.is_session:
        assert ref.group_id is not None
        assert ref.session_id is not None
        if await may_manage(session, context, member, ref.group_id) is None:
            return None
        record = await _held_session(session, context, ref)
        post = await posts.find_session_post(session, context.kampung_id, ref.session_id)
        if record is None or post is None:
            return None
        return post, await _session_facts(context, session, ref.group_id, record)
    assert ref.meeting_id is not None
    meeting = await get_meeting(session, context.kampung_id, ref.meeting_id)
    post = await posts.find_post(session, context.kampung_id, ref.meeting_id)
    if meeting is None or post is None or meeting.is_cancelled:
        return None
    return post, await _meeting_facts(context, session, await build_recap(session, meeting))


async def send_post_card(update: Update, context: BotContext, recap: Recap) -> None:
    """The meeting's post card (made on first use), below the recap."""
    meeting = recap.meeting
    guess = peserta_from_poktan(str(row.poktan) for row in recap.present_rows)
    async with context.transaction() as session:
        post = await posts.post_for_meeting(session, meeting, guess, context.now())
        facts = await _meeting_facts(context, session, recap)
        shown = await _shown(context, session, PostRef(meeting_id=meeting.id), post, facts)
    await reply(update, shown.text, shown.markup)


async def send_session_post_card(
    update: Update, context: BotContext, group_id: int, session_id: int
) -> bool:
    """A Poktan session's post card (made on first use), as a new message to the
    presser; False (nothing sent) when the session is not held in this kampung."""
    ref = PostRef(group_id=group_id, session_id=session_id)
    async with context.transaction() as session:
        record = await _held_session(session, context, ref)
        if record is None:
            return False
        group = await sessions.group_of(session, record)
        guess = peserta_from_poktan([group.kind.value])
        post = await posts.post_for_session(
            session, context.kampung_id, record, guess, context.now()
        )
        facts = await _session_facts(context, session, group_id, record)
        shown = await _shown(context, session, ref, post, facts)
    await reply(update, shown.text, shown.markup)
    return True


async def open_session_post(update: Update, context: BotContext) -> None:
    """ "🌐 Posting portal" on a session's card in the Riwayat (``pq:open:<g>:<s>``)."""
    query = update.callback_query
    pressed = read_press(query.data)
    member = await _presser(update, context, pressed.ref if pressed else None)
    if member is None or pressed is None:
        return
    assert pressed.ref.group_id is not None
    assert pressed.ref.session_id is not None
    await query.answer()
    if not await send_session_post_card(
        update, context, pressed.ref.group_id, pressed.ref.session_id
    ):
        await reply(update, tp.SESSION_POST_GONE)


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


async def _presser(update: Update, context: BotContext, ref: PostRef | None) -> Member | None:
    """Who pressed, if she may act on the post (answered already when not): the
    secretary for a meeting's; a chair of the group or the secretary for a session's."""
    query = update.callback_query
    if not is_private(update):
        await query.answer(texts.PRIVATE_ONLY, show_alert=True)
        return None
    if ref is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return None
    member = await require_member(update, context, admin=not ref.is_session)
    if member is None or not ref.is_session:
        return member
    assert ref.group_id is not None
    async with context.reading() as session:
        group = await may_manage(session, context, member, ref.group_id)
    if group is None:
        await query.answer(ts.PKS_NOT_CHAIR, show_alert=True)
        return None
    return member


async def press(update: Update, context: BotContext) -> None:
    """Every button of the post card but the caption's (which starts a flow)."""
    query = update.callback_query
    pressed = read_press(query.data)
    member = await _presser(update, context, pressed.ref if pressed else None)
    if member is None or pressed is None:
        return
    ref, action = pressed.ref, pressed.action
    now = context.now()
    async with context.transaction() as session:
        loaded = await _loaded(session, context, ref, member)
        if loaded is None:
            shown = None
        else:
            post, facts = loaded
            before = (await posts.view_of(session, post)).step
            problem, page, posted = await _apply(session, post, action, pressed.value, member, now)
            shown = await _shown(context, session, ref, post, facts, page=page)
    if shown is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if problem is not None:
        await query.answer(problem, show_alert=True)
        return
    await query.answer(t.posted_now(member.full_name, now, context.tz) if posted else None)
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


def _ref_key(ref: PostRef) -> tuple[int | None, int | None, int | None]:
    return (ref.meeting_id, ref.group_id, ref.session_id)


async def start_caption(update: Update, context: BotContext) -> int:
    query = update.callback_query
    pressed = read_press(query.data)
    member = await _presser(update, context, pressed.ref if pressed else None)
    if member is None or pressed is None or pressed.value is None:
        return END
    ref, photo_id = pressed.ref, pressed.value
    async with context.reading() as session:
        loaded = await _loaded(session, context, ref, member)
        view = await posts.view_of(session, loaded[0]) if loaded is not None else None
    chosen = [p.photo_id for p in view.chosen] if view is not None else []
    if view is None or photo_id not in chosen or view.post.posted_at is not None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return END
    number = next(n for n, p in enumerate(view.available, start=1) if p.id == photo_id)
    await query.answer()
    context.user_data[DRAFT] = (_ref_key(ref), photo_id, number)
    await reply(update, t.CAPTION_ASK.format(number=number))
    return WAIT_CAPTION


async def caption_given(update: Update, context: BotContext) -> int:
    draft = context.user_data.get(DRAFT)
    if draft is None:
        return END
    (meeting_id, group_id, session_id), photo_id, number = draft
    ref = PostRef(meeting_id=meeting_id, group_id=group_id, session_id=session_id)
    member = await require_member(update, context, admin=not ref.is_session)
    if member is None:
        return END
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
        loaded = await _loaded(session, context, ref, member)
        saved = False
        if loaded is not None and loaded[0].posted_at is None:
            post, facts = loaded
            before = (await posts.view_of(session, post)).step
            saved = await posts.set_caption(session, post, photo_id, caption, now)
            shown = await _shown(context, session, ref, post, facts)
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
        [
            CallbackQueryHandler(start_caption, pattern=r"^pp:c:\d{1,9}:\d{1,9}\Z"),
            CallbackQueryHandler(start_caption, pattern=r"^pq:c:\d{1,9}:\d{1,9}:\d{1,9}\Z"),
        ],
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
        CallbackQueryHandler(
            press,
            pattern=r"^pq:(s|k|kp|p|po|j|sb|ss|f|redo|send|ok):\d{1,9}:\d{1,9}(:-?\d{1,9})?\Z",
        ),
        CallbackQueryHandler(open_session_post, pattern=r"^pq:open:\d{1,9}:\d{1,9}\Z"),
    ]
