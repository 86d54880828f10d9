"""RSVP buttons (Hadir / Izin / Tidak hadir) on announcements, changes and reminders.

The presser's answer is stored at once; in a private chat her card is edited to show
"Jawaban Anda: …". The group's card gets the new tally within the group's limits
(``scheduler/tally.py``). A card from before a change of the meeting is out of date:
its buttons say so, record nothing, and show the current card instead.
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.common import edit_text, is_private, load_member, refusal_for
from models.broadcast import drop_reminders_for
from models.meeting import (
    Meeting,
    RsvpAnswer,
    RsvpRefusal,
    RsvpTally,
    get_meeting,
    record_rsvp,
    rsvp_of,
    rsvp_refusal,
    rsvp_tally,
)
from models.pressed_card import PressedCard, pressed_card
from runtime.context import BotContext
from scheduler.tally import refresh_group_card
from ui import keyboards, texts

logger = logging.getLogger(__name__)

REFUSALS = {
    RsvpRefusal.NOT_FOUND: texts.RSVP_UNKNOWN,
    RsvpRefusal.CANCELLED: texts.RSVP_CANCELLED,
    RsvpRefusal.STARTED: texts.RSVP_STARTED,
}


async def _pressed_card(session: Any, meeting: Meeting, message: Message | None) -> PressedCard:
    """The card the press came on: its broadcast (if the outbox sent it), and whether a
    change of the meeting was announced after it (one statement)."""
    if message is None:
        return PressedCard(None, False)
    return await pressed_card(
        session, meeting.id, message.chat.id, message.message_id, message.date
    )


async def answer_rsvp(update: Update, context: BotContext) -> None:
    """Store the presser's own answer; show it on her card; refresh the group's tally."""
    query = update.callback_query
    _, meeting_part, answer_part = query.data.split(":")
    answer = RsvpAnswer(answer_part)
    message = query.message if isinstance(query.message, Message) else None
    changed = superseded = False
    private = is_private(update)
    async with context.transaction() as session:
        member = await load_member(session, context, update)
        refusal = texts.RSVP_NOT_MEMBER if refusal_for(member) is not None else None
        if refusal is None:
            meeting = await get_meeting(session, context.kampung_id, int(meeting_part))
            late = rsvp_refusal(meeting, context.now())
            refusal = REFUSALS[late] if late is not None else None
        if refusal is None:
            pressed = await _pressed_card(session, meeting, message)
            superseded = pressed.superseded
            if superseded:
                current = await rsvp_of(session, meeting.id, member.id)
            else:
                changed = await record_rsvp(session, meeting, member, answer, now=context.now())
                current = answer  # stored now, or it was her answer already
                if answer is RsvpAnswer.NO:
                    # No more reminders of this meeting, even one already going out.
                    await drop_reminders_for(session, meeting.id, member.id, now=context.now())
            # Counted only for a card that shows it: a press in the group, or one that
            # changes nothing, counts nothing (the group card has its own, throttled).
            if private and (changed or superseded):
                tally = await rsvp_tally(session, meeting)
    if refusal is not None:
        await query.answer(refusal, show_alert=True)
        return
    if superseded:
        notice = texts.RSVP_SUPERSEDED if private else texts.RSVP_SUPERSEDED_GROUP
        await query.answer(notice, show_alert=True)
    else:
        template = texts.RSVP_THANKS if changed else texts.RSVP_SAME
        await query.answer(template.format(answer=texts.RSVP_LABELS[answer.value]))
    if private and (changed or superseded):
        # The very card she was sent (its variants), unless a change made it stale.
        variants = None if superseded else pressed.variants
        await _show_on_card(
            context, update, message, meeting, context.kampung.name, tally, current, variants
        )
    if changed:
        # Last: the group's edit may wait for the group's rate limit.
        await refresh_group_card(context.application, meeting.id)


async def _show_on_card(
    context: BotContext,
    update: Update,
    message: Message | None,
    meeting: Meeting,
    kampung_name: str,
    tally: RsvpTally,
    current: RsvpAnswer | None,
    variants: dict[str, str] | None,
) -> None:
    """Edit the pressed card (private chat) to show her answer, or the current card."""
    own = current.value if current is not None else None
    if variants and own in variants:
        # The very card she was sent, in her answer's version, with today's tally.
        card = texts.with_tally(variants[own], tally)
    else:
        card = texts.meeting_card(
            meeting,
            kampung_name,
            context.tz,
            context.now(),
            tally,
            answer=own,
            ask=texts.ASK_RSVP,
        )
    # The pressed message keeps its buttons (the secretary's card has more than RSVP).
    markup = message.reply_markup if message is not None and message.reply_markup else None
    try:
        await edit_text(update, card, markup or keyboards.rsvp(meeting.id))
    except BadRequest as error:
        # A message too old to edit: the popup said it all.
        logger.debug("Card not refreshed: %s", error)


def rsvp_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [CallbackQueryHandler(answer_rsvp, pattern=r"^rsvp:\d{1,9}:(hadir|izin|tidak)\Z")]
