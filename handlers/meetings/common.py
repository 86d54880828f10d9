"""What the /jadwal flows share: their states, the draft in ``user_data`` and the notices."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ConversationHandler

from handlers.common import is_private, reply, require_member
from models.broadcast import Outgoing
from models.kampung import Kampung, get_kampung
from models.meeting import Meeting, MeetingPlan, RsvpAnswer, rsvp_tally
from models.member import Member
from models.rules.parsing import strip_control
from runtime.context import BotContext
from ui import keyboards, texts

(
    DATE,
    TIME,
    SECOND,
    HOST,
    VENUE,
    TOPIC,
    SPEAKER_NAME,
    SPEAKER_INSTITUTION,
    SPEAKER_SECTOR,
    REVIEW,
    EDIT_MENU,
    PICK,
    CANCEL_REASON,
    CANCEL_CONFIRM,
) = range(14)
END = ConversationHandler.END
FLOW = "meeting_flow"
DEFAULT_START = time(9, 0)


def flow_state(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(FLOW, {})  # type: ignore[union-attr]


def draft_plan(context: BotContext) -> MeetingPlan:
    return flow_state(context).setdefault("plan", MeetingPlan())


def reset_flow(context: BotContext, **values: Any) -> dict[str, Any]:
    context.user_data[FLOW] = dict(values)  # type: ignore[index]
    return context.user_data[FLOW]  # type: ignore[index]


def local_today(context: BotContext) -> date:
    return context.now().astimezone(context.tz).date()


async def load_kampung(context: BotContext) -> Kampung:
    async with context.reading() as session:
        return await get_kampung(session, context.kampung_id)


def message_text(update: Update) -> str:
    message = update.effective_message
    return strip_control(message.text or "").strip() if message else ""


async def card_text(context: BotContext, meeting: Meeting) -> str:
    async with context.reading() as session:
        tally = await rsvp_tally(session, meeting)
    return texts.meeting_card(meeting, context.kampung.name, context.tz, context.now(), tally)


async def admin_in_private(update: Update, context: BotContext) -> Member | None:
    if not is_private(update):
        await reply(update, texts.FLOW_IN_PRIVATE)
        return None
    return await require_member(update, context, admin=True)


def outgoing_notice(
    update: Update,
    meeting: Meeting,
    text: str,
    markup: InlineKeyboardMarkup | None,
    variants: dict[str, str] | None = None,
) -> Outgoing:
    """A notice about ``meeting``: stale once it starts; the summary to the admin here."""
    return Outgoing(
        text,
        markup.to_dict() if markup is not None else None,
        not_after=meeting.starts_at,
        report_chat_id=update.effective_chat.id if update.effective_chat else None,
        variants=variants,
    )


def answer_variants(render: Any) -> dict[str, str]:
    """The card for each RSVP answer: a cadre who answered sees her answer on it."""
    return {answer.value: render(answer.value) for answer in RsvpAnswer}


async def share_on_whatsapp(update: Update, text: str) -> None:
    """The WhatsApp version for the secretary: a share button, or a text to copy."""
    markup = keyboards.whatsapp_share(text)
    await reply(update, texts.wa_share(text) if markup else texts.wa_copy(text), markup)
