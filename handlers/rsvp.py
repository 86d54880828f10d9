"""RSVP buttons (Hadir / Izin / Tidak hadir) on announcements and reminders."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from bot import keyboards, texts
from bot.context import BotContext
from handlers.common import load_member, refusal_for
from models.broadcast import drop_reminders_for
from models.kampung import get_kampung
from models.meeting import (
    RsvpAnswer,
    RsvpRefusal,
    get_meeting,
    record_rsvp,
    rsvp_refusal,
    rsvp_tally,
)

logger = logging.getLogger(__name__)

REFUSALS = {
    RsvpRefusal.NOT_FOUND: texts.RSVP_UNKNOWN,
    RsvpRefusal.CANCELLED: texts.RSVP_CANCELLED,
    RsvpRefusal.STARTED: texts.RSVP_STARTED,
}


async def answer_rsvp(update: Update, context: BotContext) -> None:
    """Store the presser's own answer at once; refresh the tally on the pressed message."""
    query = update.callback_query
    _, meeting_part, answer_part = query.data.split(":")
    answer = RsvpAnswer(answer_part)
    async with context.transaction() as session:
        member = await load_member(session, context, update)
        refusal = texts.RSVP_NOT_MEMBER if refusal_for(member) is not None else None
        if refusal is None:
            meeting = await get_meeting(session, context.kampung_id, int(meeting_part))
            late = rsvp_refusal(meeting, context.now())
            refusal = REFUSALS[late] if late is not None else None
        if refusal is None:
            changed = await record_rsvp(session, meeting, member, answer, now=context.now())
            if answer is RsvpAnswer.NO:
                # No more reminders of this meeting, even one already going out.
                await drop_reminders_for(session, meeting.id, member.id, now=context.now())
            tally = await rsvp_tally(session, meeting)
            kampung = await get_kampung(session, context.kampung_id)
    if refusal is not None:
        await query.answer(refusal, show_alert=True)
        return
    template = texts.RSVP_THANKS if changed else texts.RSVP_SAME
    await query.answer(template.format(answer=texts.RSVP_LABELS[answer.value]))
    if not changed:
        return
    card = texts.meeting_card(meeting, kampung.name, context.tz, context.now(), tally)
    try:
        await query.edit_message_text(card, reply_markup=keyboards.rsvp(meeting.id))
    except BadRequest as error:
        # An identical text (two presses in a row) or a message too old to edit.
        logger.debug("Tally not refreshed: %s", error)


def rsvp_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [CallbackQueryHandler(answer_rsvp, pattern=r"^rsvp:\d{1,9}:(hadir|izin|tidak)\Z")]
