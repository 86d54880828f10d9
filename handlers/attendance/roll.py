"""The admin's live roll: ticking members present or absent, pages, closing, reopening."""

from __future__ import annotations

from collections import Counter
from typing import Any

from telegram import Update

from handlers.attendance.common import _admin_meeting, _open_admin_meeting, _window
from handlers.common import edit_markup, edit_text, load_member, refusal_for, reply, require_member
from models.attendance import (
    MarkSource,
    MeetingNotOn,
    WindowState,
    close_attendance,
    count_present,
    list_guests,
    mark_attendance,
    page_of,
    reopen_attendance,
    roll,
    take_roster,
    toggle_attendance,
)
from models.meeting import get_meeting
from models.member import get_member
from runtime.context import BotContext
from ui import keyboards, texts

ROLL_PAGE_SIZE = 20


async def _roll_view(context: BotContext, meeting_id: int, page: int) -> tuple[str, Any] | None:
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
        if meeting is None:
            return None
        entries = await roll(session, meeting)
        guests = len(await list_guests(session, meeting.id))
    shown, page, pages = page_of(entries, page, ROLL_PAGE_SIZE)
    totals = Counter(e.poktan.value if e.poktan else "-" for e in entries)
    present = Counter(e.poktan.value if e.poktan else "-" for e in entries if e.present)
    sections = {poktan: (present[poktan], total) for poktan, total in totals.items()}
    closed = _window(context, meeting).state(meeting, context.now()) is WindowState.CLOSED
    text = texts.roll_text(
        meeting,
        context.tz,
        sum(present.values()),
        len(entries),
        guests,
        page,
        pages,
    )
    return text, keyboards.roll(meeting.id, shown, sections, page, pages, closed)


async def _send_roll(update: Update, context: BotContext, meeting_id: int, page: int) -> None:
    view = await _roll_view(context, meeting_id, page)
    if view is not None:
        await reply(update, *view)


async def _refresh_roll(update: Update, context: BotContext, meeting_id: int, page: int) -> None:
    view = await _roll_view(context, meeting_id, page)
    if view is not None:
        await edit_text(update, *view)


async def toggle(update: Update, context: BotContext) -> None:
    """An admin ticks a member present or absent on the roll."""
    query = update.callback_query
    meeting_id, member_id, page = (int(part) for part in query.data.split(":")[2:])
    async with context.reading() as session:
        presser = await load_member(session, context, update)
    if presser is None or not presser.is_admin:
        await query.answer(texts.ATTENDANCE_MARK_OTHERS, show_alert=True)
        return
    meeting = await _open_admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    try:
        async with context.transaction() as session:
            target = await get_member(session, context.kampung_id, member_id)
            stale = refusal_for(target) is not None
            if not stale:
                present = await toggle_attendance(
                    session, meeting, target, by=presser, now=context.now()
                )
                name = target.full_name or ""
    except MeetingNotOn:
        await query.answer(texts.ATTENDANCE_MEETING_OFF, show_alert=True)
        return
    if stale:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer(texts.attendance_marked(name, present))
    await _refresh_roll(update, context, meeting.id, page)
    if not present:
        # Unticking can wipe a cadre's own check-in: say so, with a way back.
        await reply(
            update,
            texts.unticked(name),
            keyboards.undo(f"{keyboards.CB_ATT_UNDO_UNTICK}{meeting.id}:{member_id}"),
        )


async def undo_untick(update: Update, context: BotContext) -> None:
    """ "Urungkan" under an untick: the member is present again (if still absent)."""
    query = update.callback_query
    meeting_id, member_id = (int(part) for part in query.data.split(":")[2:])
    meeting = await _open_admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    try:
        async with context.transaction() as session:
            admin = await load_member(session, context, update)
            target = await get_member(session, context.kampung_id, member_id)
            stale = refusal_for(target) is not None
            changed = False
            if not stale:
                changed = await mark_attendance(
                    session,
                    meeting,
                    target,
                    present=True,
                    source=MarkSource.ADMIN,
                    by=admin,
                    now=context.now(),
                )
                name = target.full_name or ""
    except MeetingNotOn:
        await query.answer(texts.ATTENDANCE_MEETING_OFF, show_alert=True)
        return
    if stale:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if not changed:
        await query.answer(texts.UNDO_NOTHING, show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_text(update, texts.untick_undone(name))


async def turn_page(update: Update, context: BotContext) -> None:
    query = update.callback_query
    meeting_id, page = (int(part) for part in query.data.split(":")[2:])
    if await _admin_meeting(update, context, meeting_id) is None:
        return
    await query.answer()
    await _refresh_roll(update, context, meeting_id, page)


async def ask_close(update: Update, context: BotContext) -> None:
    """ "🔒 Tutup absensi" sits under the names: ask once before closing."""
    query = update.callback_query
    meeting_id = int(query.data.removeprefix(keyboards.CB_ATT_CLOSE))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    if _window(context, meeting).state(meeting, context.now()) is not WindowState.OPEN:
        await query.answer(texts.ATTENDANCE_ALREADY_CLOSED, show_alert=True)
        await _refresh_roll(update, context, meeting_id, 0)
        return
    await query.answer()
    await reply(update, texts.CONFIRM_CLOSE_ATTENDANCE, keyboards.confirm_close(meeting_id))


async def close_kept(update: Update, context: BotContext) -> None:
    if await require_member(update, context, admin=True) is None:
        return
    await update.callback_query.answer()
    await edit_text(update, texts.CLOSE_KEPT)


async def close(update: Update, context: BotContext) -> None:
    """Close attendance (confirmed); it can be reopened while the window lasts."""
    query = update.callback_query
    meeting_id = int(query.data.removeprefix(keyboards.CB_ATT_CLOSE_YES))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    async with context.transaction() as session:
        closed = await close_attendance(session, meeting, now=context.now())
        await take_roster(session, meeting, now=context.now())
        present = await count_present(session, meeting_id)
        guests = len(await list_guests(session, meeting_id))
    if not closed:
        # Another admin closed it a moment ago (or a second press): say so.
        await query.answer(texts.ATTENDANCE_ALREADY_CLOSED, show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_markup(update)
    await reply(
        update, texts.attendance_closed_now(present, guests), keyboards.after_close(meeting_id)
    )


async def reopen(update: Update, context: BotContext) -> None:
    """ "↩️ Buka lagi": undo an early close while the window has not ended by the clock."""
    query = update.callback_query
    meeting_id = int(query.data.removeprefix(keyboards.CB_ATT_REOPEN))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    if context.now() >= _window(context, meeting).closes_at:
        await query.answer(texts.ATTENDANCE_REOPEN_TOO_LATE, show_alert=True)
        await edit_markup(update, keyboards.recap_offer(meeting_id))
        return
    async with context.transaction() as session:
        reopened = await reopen_attendance(session, meeting)
    if not reopened:
        await query.answer(texts.ATTENDANCE_NOT_CLOSED, show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_text(update, texts.ATTENDANCE_REOPENED)
    await _send_roll(update, context, meeting_id, page=0)


async def noop(update: Update, context: BotContext) -> None:
    await update.callback_query.answer()
