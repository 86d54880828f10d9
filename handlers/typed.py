"""Typed answers in a private chat: "hadir", "insya allah hadir bu 🙏", "izin", "terima kasih".

Outside any flow, a cadre's typed message is read by ``models.rules.answers.read_reply``:

- during the check-in window, a plain "hadir" checks her in at once (with a button to
  undo a slip); anything else recognised is confirmed with one tap first;
- while the next meeting is open for RSVP, the answer understood is shown with a
  "✅ Benar" button that records it (the RSVP button itself) and the other answers;
- thanks get a friendly reply; what is not understood goes on to the fallback.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, MessageHandler, filters

from handlers.attendance import mark_self
from handlers.common import load_member, refusal_for, reply
from handlers.menu import unknown_private
from models.attendance import (
    Window,
    WindowState,
    attendance_meeting,
)
from models.meeting import Meeting, next_meeting, rsvp_refusal
from models.rules.answers import ReplyKind, TypedReply, read_reply
from runtime.context import BotContext
from ui import keyboards, texts
from ui.formatting import format_meeting_datetime

logger = logging.getLogger(__name__)

RSVP_OF = {
    ReplyKind.PRESENT: "hadir",
    ReplyKind.EXCUSED: "izin",
    ReplyKind.ABSENT: "tidak",
}


async def typed_reply(update: Update, context: BotContext) -> None:
    """Recognise an RSVP or a check-in in a typed private message."""
    understood = read_reply(update.effective_message.text or "")
    if understood is None:
        await unknown_private(update, context)
        return
    async with context.reading() as session:
        member = await load_member(session, context, update)
    if refusal_for(member) is not None:
        await unknown_private(update, context)
        return
    if understood.kind is ReplyKind.THANKS:
        await reply(update, texts.TYPED_THANKS)
        return
    checkin = await _checkin_meeting(context)
    if checkin is not None:
        await _check_in(update, context, checkin, understood)
        return
    async with context.reading() as session:
        meeting = await next_meeting(session, context.kampung_id, context.now())
    if meeting is None or rsvp_refusal(meeting, context.now()) is not None:
        await reply(update, texts.TYPED_NO_MEETING)
        return
    if understood.kind is ReplyKind.UNSURE:
        await reply(update, texts.TYPED_UNSURE, keyboards.rsvp(meeting.id))
        return
    answer = RSVP_OF[understood.kind]
    label = format_meeting_datetime(meeting.local_start(context.tz), context.tz)
    await reply(
        update, texts.typed_rsvp_confirm(answer, label), keyboards.typed_rsvp(meeting.id, answer)
    )


async def _checkin_meeting(context: BotContext) -> Meeting | None:
    """The meeting whose check-in window is open now, if any."""
    settings = context.settings
    async with context.reading() as session:
        meeting = await attendance_meeting(
            session, context.kampung_id, context.now(), settings.CHECKIN_OPENS_BEFORE
        )
    if meeting is None:
        return None
    window = Window.of(meeting, settings.CHECKIN_OPENS_BEFORE, settings.CHECKIN_CLOSES_AFTER)
    return meeting if window.state(meeting, context.now()) is WindowState.OPEN else None


async def _check_in(
    update: Update, context: BotContext, meeting: Meeting, understood: TypedReply
) -> None:
    if understood.kind is ReplyKind.UNSURE:
        await reply(update, texts.TYPED_CHECKIN_UNSURE, keyboards.attendance_prompt(meeting.id))
        return
    present = understood.kind is ReplyKind.PRESENT
    if not (present and understood.certain):
        await reply(
            update,
            texts.typed_checkin_confirm(present),
            keyboards.typed_checkin(meeting.id, present),
        )
        return
    # A plain "hadir" in the window is a check-in: stored at once, undone in one tap.
    async with context.reading() as session:
        member = await load_member(session, context, update)
    if (
        member is not None
        and refusal_for(member) is None
        and not await mark_self(context, meeting, member, present=True)
    ):
        await reply(update, texts.ATTENDANCE_MEETING_OFF)
        return
    await reply(
        update,
        texts.checked_in_typed(context.now(), context.tz),
        keyboards.checkin_undo(meeting.id),
    )


def typed_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        MessageHandler(
            filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND & filters.UpdateType.MESSAGE,
            typed_reply,
        )
    ]
