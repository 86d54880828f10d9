"""``/hadir``: a cadre checks in; an admin opens attendance and gets the roll.

Also the member's own answer to the prompt that opening sends, and the *Daftar hadir*
button of the secretary's ``/jadwal`` card (what ``/hadir`` does, for that meeting).
"""

from __future__ import annotations

from telegram import Update

from handlers.attendance.common import _admin_meeting, _meeting_in_reach, _window
from handlers.attendance.recap import recap_command
from handlers.attendance.roll import _send_roll
from handlers.common import edit_text, is_private, reply, require_member
from models.attendance import (
    MarkSource,
    MeetingNotOn,
    WindowState,
    mark_attendance,
    open_attendance,
    presence_of,
    take_roster,
)
from models.broadcast import BroadcastKind, Outgoing, plan_broadcast, recipient_count
from models.kampung import get_kampung
from models.meeting import Meeting, get_meeting
from models.member import Member
from runtime.context import BotContext
from ui import keyboards, texts


async def hadir(update: Update, context: BotContext) -> None:
    """``/hadir``: a cadre checks in; an admin opens attendance and gets the roll."""
    words = (update.effective_message.text or "").split()
    if len(words) > 1 and words[1].lower() == "rekap":
        await recap_command(update, context)
        return
    reach = await _meeting_in_reach(update, context, admin=False)
    if reach is None:
        return
    member, meeting, state = reach
    if member.is_admin:
        # Opening asks every active member, her too; on a later /hadir, while she has not
        # answered, she is asked again in front of the roll (the secretary is there too).
        if state is WindowState.OPEN and not await _open_and_prompt(update, context, meeting):
            await _ask_admin_herself(update, context, meeting, member)
        await _send_roll(update, context, meeting.id, page=0)
    elif state is WindowState.CLOSED:
        await reply(update, texts.ATTENDANCE_CLOSED)
    elif not await mark_self(context, meeting, member, present=True):
        await reply(update, texts.ATTENDANCE_MEETING_OFF)
    else:
        await reply(update, texts.checked_in(context.now(), context.tz))


async def mark_self(context: BotContext, meeting: Meeting, member: Member, present: bool) -> bool:
    """The member marks herself; False (nothing stored) when the meeting is not on."""
    try:
        async with context.transaction() as session:
            await mark_attendance(
                session,
                meeting,
                member,
                present=present,
                source=MarkSource.SELF,
                by=member,
                now=context.now(),
            )
    except MeetingNotOn:
        return False
    return True


async def _ask_admin_herself(
    update: Update, context: BotContext, meeting: Meeting, admin: Member
) -> None:
    """The admin who takes attendance was there too: ask her to tick herself, until she has."""
    async with context.reading() as session:
        marked = await presence_of(session, meeting.id, admin.id)
    if marked is None:
        await reply(update, texts.ADMIN_SELF_ASK, keyboards.attendance_prompt(meeting.id))


async def _open_and_prompt(update: Update, context: BotContext, meeting: Meeting) -> bool:
    """The first admin /hadir in the window asks every active member, once; True then."""
    tz = context.tz
    async with context.transaction() as session:
        stored = await get_meeting(session, context.kampung_id, meeting.id)
        if stored is None or not await open_attendance(session, stored, now=context.now()):
            return False
        await take_roster(session, stored, now=context.now())  # RT and Poktan as they are today
        kampung = await get_kampung(session, context.kampung_id)
        card = texts.meeting_card(stored, kampung.name, tz, context.now())
        markup = keyboards.attendance_prompt(meeting.id)
        message = Outgoing(
            texts.attendance_prompt(card),
            markup.to_dict(),
            # A prompt that cannot go out while check-in is open is not sent late.
            not_after=_window(context, stored).closes_at,
            report_chat_id=update.effective_chat.id if update.effective_chat else None,
        )
        broadcast = await plan_broadcast(
            session, kampung, stored, BroadcastKind.ATTENDANCE, message, now=context.now()
        )
        recipients = await recipient_count(session, broadcast.id)
        has_group = kampung.group_chat_id is not None
    context.wake_delivery()
    await reply(
        update, texts.sending_started(BroadcastKind.ATTENDANCE, recipients, group=has_group)
    )
    return True


# --- the member's own answer to the prompt -----------------------------------------------------


async def self_mark(update: Update, context: BotContext) -> None:
    """ "Apakah Anda hadir?" — the presser marks only themselves, while attendance is open."""
    query = update.callback_query
    _, _, meeting_part, choice = query.data.split(":")
    member = await require_member(update, context)
    if member is None:
        return
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, int(meeting_part))
    if meeting is None:
        await query.answer(texts.ATTENDANCE_WRONG_MEETING, show_alert=True)
        return
    window = _window(context, meeting)
    state = window.state(meeting, context.now())
    if state is WindowState.NOT_YET:
        await query.answer(texts.attendance_not_yet(window.opens_at, context.tz), show_alert=True)
        return
    if state is WindowState.CLOSED:
        await query.answer(texts.ATTENDANCE_CLOSED, show_alert=True)
        return
    present = choice == "y"
    if not await mark_self(context, meeting, member, present):
        await query.answer(texts.ATTENDANCE_MEETING_OFF, show_alert=True)
        return
    text = texts.checked_in(context.now(), context.tz) if present else texts.marked_absent()
    await query.answer(text)
    if is_private(update):
        await edit_text(
            update,
            f"{texts.ATTENDANCE_PROMPT_QUESTION}\n\n{text}",
            keyboards.attendance_prompt(meeting.id),
        )


async def roll_button(update: Update, context: BotContext) -> None:
    """Daftar hadir on the secretary's /jadwal card: what /hadir does, for that meeting."""
    query = update.callback_query
    if not is_private(update):
        await query.answer(texts.PRIVATE_ONLY, show_alert=True)
        return
    meeting_id = int(query.data.removeprefix(keyboards.CB_ADMIN_ROLL))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    window = _window(context, meeting)
    state = window.state(meeting, context.now())
    if meeting.is_cancelled or state is WindowState.NOT_YET:
        text = texts.RSVP_CANCELLED if meeting.is_cancelled else None
        text = text or texts.attendance_not_yet(window.opens_at, context.tz)
        await query.answer(text, show_alert=True)
        return
    await query.answer()
    if state is WindowState.OPEN:
        await _open_and_prompt(update, context, meeting)
    await _send_roll(update, context, meeting.id, page=0)
