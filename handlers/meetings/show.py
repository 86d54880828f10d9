"""``/jadwal``: the next meeting's card, and the commands that lead into the flows."""

from __future__ import annotations

from telegram import Update

from handlers.common import is_private, load_member, refusal_for, reply
from handlers.meetings.cancel import act_on_meeting, begin_pick
from handlers.meetings.common import END, admin_in_private, message_text, reset_flow
from handlers.meetings.plan import begin_create
from handlers.meetings.year import show_year
from models.meeting import get_meeting, next_meeting, rsvp_tally_and_answer
from runtime.context import BotContext
from ui import keyboards, texts


async def show_next(update: Update, context: BotContext) -> None:
    """The next meeting as a card with RSVP buttons; or say there is none."""
    private = is_private(update)
    async with context.reading() as session:  # one session: /jadwal is the busiest read
        member = await load_member(session, context, update)
        refusal = refusal_for(member) if private else None
        meeting = (
            None if refusal else await next_meeting(session, context.kampung_id, context.now())
        )
        answer = None
        if meeting is not None:
            # Her own answer only where the card shows it: a private chat, an active member.
            mine = member.id if private and member is not None else None
            tally, answer = await rsvp_tally_and_answer(session, meeting, mine)
    admin = private and member is not None and member.is_admin
    if refusal is not None:
        await reply(update, refusal)
    elif meeting is None:
        markup = keyboards.create_meeting(context.kampung_id) if admin else None
        await reply(update, texts.no_meeting(admin), markup)
    else:
        card = texts.meeting_card(
            meeting,
            context.kampung.name,  # resolved (and cached) with the update: no query
            context.tz,
            context.now(),
            tally,
            answer=answer.value if answer is not None else None,
            ask=texts.ASK_RSVP,
        )
        markup = keyboards.admin_card(meeting.id) if admin else keyboards.rsvp(meeting.id)
        await reply(update, card, markup)


async def jadwal(update: Update, context: BotContext) -> int:
    """``/jadwal [baru|ubah|batal|tahun] …``: dispatch on the first word."""
    words = message_text(update).split(maxsplit=2)
    action = words[1].lower() if len(words) > 1 else ""
    rest = words[2] if len(words) > 2 else ""
    if action == "baru":
        return await begin_create(update, context, rest)
    if action == "ubah":
        return await begin_pick(update, context, "ubah", rest)
    if action == "batal":
        return await begin_pick(update, context, "batal", rest)
    if action == "tahun":
        await show_year(update, context, rest)
        return END
    await show_next(update, context)
    return END


async def jadwal_baru(update: Update, context: BotContext) -> int:
    """``/jadwal_baru [satu baris]``: the tappable form of ``/jadwal baru``."""
    return await begin_create(update, context, _argument(update))


async def jadwal_ubah(update: Update, context: BotContext) -> int:
    return await begin_pick(update, context, "ubah", _argument(update))


async def jadwal_batal(update: Update, context: BotContext) -> int:
    return await begin_pick(update, context, "batal", _argument(update))


async def jadwal_tahun(update: Update, context: BotContext) -> int:
    await show_year(update, context, _argument(update))
    return END


def _argument(update: Update) -> str:
    """What follows a one-word command."""
    words = message_text(update).split(maxsplit=1)
    return words[1] if len(words) > 1 else ""


async def card_action(update: Update, context: BotContext) -> int:
    """Ubah / Batalkan on the secretary's /jadwal card: into the same flows as the commands."""
    query = update.callback_query
    _, _, action, meeting_id = query.data.split(":")
    if await admin_in_private(update, context) is None:
        return END
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, int(meeting_id))
    if meeting is None or meeting.is_cancelled or meeting.starts_at <= context.now():
        await query.answer(texts.MEETING_GONE, show_alert=True)
        return END
    await query.answer()
    reset_flow(context, cancel_reason=None)
    return await act_on_meeting(update, context, action, meeting)
