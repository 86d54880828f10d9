"""What the attendance handlers share: the check-in window, the meeting in reach, rights."""

from __future__ import annotations

from telegram import Update

from handlers.common import is_private, reply, require_member
from models.attendance import Window, WindowState, attendance_meeting
from models.meeting import Meeting, get_meeting
from models.member import Member
from runtime.context import BotContext
from ui import texts


def _window(context: BotContext, meeting: Meeting) -> Window:
    settings = context.settings
    return Window.of(meeting, settings.CHECKIN_OPENS_BEFORE, settings.CHECKIN_CLOSES_AFTER)


async def _current_meeting(context: BotContext) -> Meeting | None:
    async with context.reading() as session:
        return await attendance_meeting(
            session, context.kampung_id, context.now(), context.settings.CHECKIN_OPENS_BEFORE
        )


async def _meeting_in_reach(
    update: Update, context: BotContext, *, admin: bool
) -> tuple[Member, Meeting, WindowState] | None:
    """Who asks (in private), about which meeting, in which state of its window.

    None, with the reason told, when there is nothing to do yet.
    """
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return None
    member = await require_member(update, context, admin=admin)
    if member is None:
        return None
    meeting = await _current_meeting(context)
    if meeting is None:
        await reply(update, texts.NO_MEETING_FOR_ATTENDANCE)
        return None
    window = _window(context, meeting)
    state = window.state(meeting, context.now())
    if state is WindowState.NOT_YET:
        await reply(update, texts.attendance_not_yet(window.opens_at, context.tz))
        return None
    return member, meeting, state


async def _admin_meeting(update: Update, context: BotContext, meeting_id: int) -> Meeting | None:
    """For an admin button: the admin's rights and the meeting, both checked on the server."""
    if await require_member(update, context, admin=True) is None:
        return None
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
    if meeting is None:
        await update.callback_query.answer(texts.ATTENDANCE_WRONG_MEETING, show_alert=True)
    return meeting


async def _open_admin_meeting(
    update: Update, context: BotContext, meeting_id: int
) -> Meeting | None:
    """``_admin_meeting`` whose attendance is open now (refused with a popup otherwise)."""
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return None
    if _window(context, meeting).state(meeting, context.now()) is not WindowState.OPEN:
        await update.callback_query.answer(texts.ATTENDANCE_CLOSED, show_alert=True)
        return None
    return meeting


async def _admin_in_private(update: Update, context: BotContext) -> Member | None:
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return None
    return await require_member(update, context, admin=True)
