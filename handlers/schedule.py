"""``/jadwal``: the next meeting's card, and the secretary's flows to plan, change or cancel.

A new meeting is written step by step (date → time → host RT → venue → topic →
speakers → review) or in one line; ``/jadwal ubah`` reuses the same steps on a
copy of an existing meeting. Saving announces through the one broadcast function.
"""

from __future__ import annotations

import logging
import re
import warnings
from datetime import date, time, timedelta
from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers.common import (
    acknowledge,
    edit_markup,
    is_private,
    load_member,
    refusal_for,
    reply,
    require_member,
    stale_press,
    type_text,
    use_buttons,
)
from handlers.flow import Flow
from models.broadcast import (
    BroadcastKind,
    Outgoing,
    drop_meeting_deliveries,
    plan_broadcast,
    recipient_count,
)
from models.kampung import Kampung, get_kampung
from models.meeting import (
    MAX_SPEAKERS,
    Meeting,
    MeetingPlan,
    QuarterTaken,
    RsvpAnswer,
    Sector,
    SpeakerPlan,
    apply_plan,
    cancel_meeting,
    create_meeting,
    default_venue,
    get_meeting,
    last_host_before,
    meetings_in_quarter,
    next_meeting,
    proposed_host,
    quarter_bounds_utc,
    rsvp_tally,
    rsvp_tally_and_answer,
    upcoming_meetings,
)
from models.member import Member
from models.rules.answers import read_yes_no
from models.rules.parsing import (
    MAX_FIELD_LENGTH,
    ParseError,
    ParseErrorReason,
    parse_date,
    parse_one_line,
    parse_time,
    strip_control,
)
from models.rules.quarters import Quarter
from models.rules.rotation import next_host_rt, normalize_rt, rotation_order_from
from models.speakers import already_planned, offered, past_speaker, speaker_registry
from runtime.context import BotContext
from scheduler.reminders import replan_reminders
from ui import keyboards, texts

logger = logging.getLogger(__name__)

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


# --- flow state ----------------------------------------------------------------------


def _flow(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(FLOW, {})  # type: ignore[union-attr]


def _plan(context: BotContext) -> MeetingPlan:
    return _flow(context).setdefault("plan", MeetingPlan())


def _reset(context: BotContext, **values: Any) -> dict[str, Any]:
    context.user_data[FLOW] = dict(values)  # type: ignore[index]
    return context.user_data[FLOW]  # type: ignore[index]


def _today(context: BotContext) -> date:
    return context.now().astimezone(context.tz).date()


async def _kampung(context: BotContext) -> Kampung:
    async with context.reading() as session:
        return await get_kampung(session, context.kampung_id)


def _text(update: Update) -> str:
    message = update.effective_message
    return strip_control(message.text or "").strip() if message else ""


# --- /jadwal: show ------------------------------------------------------------------------


async def _card(context: BotContext, meeting: Meeting) -> str:
    async with context.reading() as session:
        tally = await rsvp_tally(session, meeting)
    return texts.meeting_card(meeting, context.kampung.name, context.tz, context.now(), tally)


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
    words = _text(update).split(maxsplit=2)
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
    words = _text(update).split(maxsplit=1)
    return words[1] if len(words) > 1 else ""


async def card_action(update: Update, context: BotContext) -> int:
    """Ubah / Batalkan on the secretary's /jadwal card: into the same flows as the commands."""
    query = update.callback_query
    _, _, action, meeting_id = query.data.split(":")
    if await _admin_in_private(update, context) is None:
        return END
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, int(meeting_id))
    if meeting is None or meeting.is_cancelled or meeting.starts_at <= context.now():
        await query.answer(texts.MEETING_GONE, show_alert=True)
        return END
    await query.answer()
    _reset(context, cancel_reason=None)
    return await _picked(update, context, action, meeting)


async def _admin_in_private(update: Update, context: BotContext) -> Member | None:
    if not is_private(update):
        await reply(update, texts.FLOW_IN_PRIVATE)
        return None
    return await require_member(update, context, admin=True)


# --- creating --------------------------------------------------------------------------------


async def begin_create(update: Update, context: BotContext, one_line: str = "") -> int:
    """Start a new meeting: guided, or straight to review from the one-line form."""
    if await _admin_in_private(update, context) is None:
        return END
    if update.callback_query is not None:
        await update.callback_query.answer()
    flow = _reset(context, plan=MeetingPlan(), meeting_id=None)
    if not one_line:
        await reply(update, texts.ask_date())
        return DATE
    kampung = await _kampung(context)
    try:
        parsed = parse_one_line(one_line, kampung.rt_list, _today(context))
    except ParseError as error:
        part = error.part.value if error.part else None
        await reply(update, texts.one_line_invalid(error.reason.value, part))
        return END
    plan = flow["plan"]
    plan.day, plan.start_time = parsed.date, parsed.time
    if plan.starts_at(context.tz) <= context.now():
        await reply(update, texts.one_line_invalid(ParseErrorReason.IN_PAST.value, "time"))
        return END
    plan.host_rt, plan.venue, plan.topic = parsed.host_rt, parsed.venue, parsed.topic
    plan.proposed_host_rt = await _proposed_for(context, kampung, plan)
    flow["review_after"] = True
    return await _after_date(update, context)


async def _proposed_for(context: BotContext, kampung: Kampung, plan: MeetingPlan) -> str:
    before = plan.starts_at(context.tz) if plan.day and plan.start_time else None
    async with context.reading() as session:
        return await proposed_host(session, kampung, before=before)


async def date_given(update: Update, context: BotContext) -> int:
    try:
        day = parse_date(_text(update), _today(context))
    except ParseError as error:
        await reply(update, texts.date_invalid(error.reason.value))
        return DATE
    plan = _plan(context)
    plan.day = day
    if plan.start_time is not None and plan.starts_at(context.tz) <= context.now():
        plan.start_time = None  # today, but the old time has passed: ask it again
        _flow(context)["review_after"] = False
    return await _after_date(update, context)


async def _after_date(update: Update, context: BotContext) -> int:
    """Ask for confirmation when the quarter already has a meeting, then go on."""
    flow = _flow(context)
    plan: MeetingPlan = flow["plan"]
    tz = context.tz
    quarter = Quarter.of(plan.day)
    async with context.reading() as session:
        others = [
            m
            for m in await meetings_in_quarter(session, context.kampung_id, quarter, tz)
            if m.id != flow.get("meeting_id")
        ]
    if others and flow.get("second_ok_for") != quarter:
        existing = texts.quarter_row_meeting(others[0], tz)
        await reply(
            update, texts.second_in_quarter(quarter.label, existing), keyboards.second_meeting()
        )
        return SECOND
    # Saving checks again that the quarter holds no more meetings than these.
    plan.others_in_quarter = len(others)
    return await _next_after(update, context, DATE)


async def second_answered(update: Update, context: BotContext) -> int:
    query = update.callback_query
    await acknowledge(update)
    flow = _flow(context)
    if query.data == keyboards.CB_SECOND_YES:
        flow["second_ok_for"] = Quarter.of(flow["plan"].day)
        return await _after_date(update, context)
    flow["plan"].day = None
    await reply(update, texts.ask_date())
    return DATE


async def second_typed(update: Update, context: BotContext) -> int:
    """ "ya" / "tidak" typed at "a second meeting in this quarter?"."""
    answer = read_yes_no(_text(update))
    if answer is None:
        await reply(update, texts.TYPED_HINT_YES_NO, keyboards.second_meeting())
        return SECOND
    flow = _flow(context)
    if answer:
        flow["second_ok_for"] = Quarter.of(flow["plan"].day)
        return await _after_date(update, context)
    flow["plan"].day = None
    await reply(update, texts.ask_date())
    return DATE


async def time_given(update: Update, context: BotContext) -> int:
    try:
        start_time = parse_time(_text(update))
    except ParseError as error:
        await reply(update, texts.time_invalid(error.reason.value))
        return TIME
    plan = _plan(context)
    plan.start_time = start_time
    if plan.starts_at(context.tz) <= context.now():
        plan.start_time = None
        await reply(update, texts.time_invalid(ParseErrorReason.IN_PAST.value))
        return TIME
    return await _next_after(update, context, TIME)


async def _next_after(update: Update, context: BotContext, step: int) -> int:
    """The step after ``step``: the next question, or the review when editing one field."""
    flow = _flow(context)
    plan: MeetingPlan = flow["plan"]
    if step == DATE and plan.start_time is None:
        await reply(update, texts.ask_time())
        return TIME
    if flow.get("review_after") and plan.complete:
        return await _review(update, context)
    order = [DATE, TIME, HOST, VENUE, TOPIC, SPEAKER_NAME]
    following = order[order.index(step) + 1]
    return await _ask(update, context, following)


async def _ask(update: Update, context: BotContext, step: int) -> int:
    plan = _plan(context)
    if step == DATE:
        await reply(update, texts.ask_date())
    elif step == TIME:
        await reply(update, texts.ask_time())
    elif step == HOST:
        kampung = await _kampung(context)
        proposed = await _proposed_for(context, kampung, plan)
        if _flow(context).get("meeting_id") is None:
            plan.proposed_host_rt = proposed
        order = rotation_order_from(kampung.rt_list, proposed)
        await reply(update, texts.ask_host(proposed), keyboards.host_choice(order))
    elif step == VENUE:
        venue = default_venue(plan.host_rt or "")
        await reply(update, texts.ask_venue(venue), keyboards.venue_default(venue))
    elif step == TOPIC:
        await reply(update, texts.ASK_TOPIC)
    elif step == SPEAKER_NAME:
        lines = [texts.speaker_line(s.name, s.institution, s.sector.value) for s in plan.speakers]
        text = texts.ASK_NEXT_SPEAKER if plan.speakers else texts.ASK_SPEAKER_NAME
        past: list[tuple[int, str]] = []
        if len(plan.speakers) >= MAX_SPEAKERS:
            text = texts.SPEAKERS_FULL
        else:
            async with context.reading() as session:
                registry = await speaker_registry(session, context.kampung_id, context.now())
            past = [
                (e.speaker_id, texts.past_speaker_button(e.name, e.institution))
                for e in offered(registry, plan.speakers)
            ]
            if past:
                text = f"{text}\n{texts.PAST_SPEAKERS_HINT}"
        if lines:
            text = f"{texts.speakers_so_far(lines)}\n\n{text}"
        await reply(update, text, keyboards.speakers(bool(plan.speakers), past))
    return step


async def host_chosen(update: Update, context: BotContext) -> int:
    """An RT from a button or typed; only RTs of the rotation are accepted."""
    kampung = await _kampung(context)
    query = update.callback_query
    if query is not None:
        rt = normalize_rt(query.data.removeprefix(keyboards.CB_HOST), kampung.rt_list)
        if rt is None:
            await query.answer(texts.STALE_BUTTON, show_alert=True)
            return HOST
        await acknowledge(update)
    else:
        rt = normalize_rt(_text(update), kampung.rt_list)
        if rt is None:
            await reply(update, texts.HOST_INVALID)
            return HOST
    plan = _plan(context)
    if plan.venue == default_venue(plan.host_rt or "") and rt != plan.host_rt:
        plan.venue = default_venue(rt)  # the default venue follows the host
    plan.host_rt = rt
    return await _next_after(update, context, HOST)


async def venue_given(update: Update, context: BotContext) -> int:
    plan = _plan(context)
    query = update.callback_query
    if query is not None:
        await acknowledge(update)
        plan.venue = default_venue(plan.host_rt or "")
    else:
        venue = await _short_text(update)
        if venue is None:
            return VENUE
        plan.venue = venue
    return await _next_after(update, context, VENUE)


async def _short_text(
    update: Update, limit: int = MAX_FIELD_LENGTH, minimum: int = 1
) -> str | None:
    """The typed text, collapsed; None (and the user told) if empty or too long."""
    text = " ".join(_text(update).split())
    if len(text) < minimum:
        await reply(update, texts.FIELD_EMPTY)
        return None
    if len(text) > limit:
        await reply(update, texts.FIELD_TOO_LONG)
        return None
    return text


async def topic_given(update: Update, context: BotContext) -> int:
    topic = await _short_text(update)
    if topic is None:
        return TOPIC
    _plan(context).topic = topic
    return await _next_after(update, context, TOPIC)


async def speaker_name_given(update: Update, context: BotContext) -> int:
    if len(_plan(context).speakers) >= MAX_SPEAKERS:
        return await _ask(update, context, SPEAKER_NAME)
    name = " ".join(_text(update).split())
    if not 2 <= len(name) <= 100:
        await reply(update, texts.SPEAKER_NAME_INVALID)
        return SPEAKER_NAME
    _flow(context)["speaker_name"] = name
    await reply(update, texts.ASK_SPEAKER_INSTITUTION)
    return SPEAKER_INSTITUTION


async def speaker_institution_given(update: Update, context: BotContext) -> int:
    institution = " ".join(_text(update).split())
    if not 2 <= len(institution) <= 150:
        await reply(update, texts.SPEAKER_INSTITUTION_INVALID)
        return SPEAKER_INSTITUTION
    _flow(context)["speaker_institution"] = institution
    await reply(update, texts.ASK_SPEAKER_SECTOR, keyboards.sectors())
    return SPEAKER_SECTOR


async def speaker_sector_chosen(update: Update, context: BotContext) -> int:
    query = update.callback_query
    flow = _flow(context)
    try:
        sector = Sector(query.data.removeprefix(keyboards.CB_SECTOR))
    except ValueError:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return SPEAKER_SECTOR
    if "speaker_name" not in flow or "speaker_institution" not in flow:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return await _ask(update, context, SPEAKER_NAME)
    await acknowledge(update)
    flow["plan"].speakers.append(
        SpeakerPlan(flow.pop("speaker_name"), flow.pop("speaker_institution"), sector)
    )
    return await _ask(update, context, SPEAKER_NAME)


async def past_speaker_chosen(update: Update, context: BotContext) -> int:
    """One tap on a past speaker adds them (name, institution, sector) to the plan."""
    query = update.callback_query
    plan = _plan(context)
    speaker_id = int(query.data.removeprefix(keyboards.CB_PAST_SPEAKER))
    async with context.reading() as session:
        speaker = await past_speaker(session, context.kampung_id, speaker_id)
    if speaker is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return SPEAKER_NAME
    if already_planned(plan.speakers, speaker):
        await query.answer(texts.SPEAKER_ALREADY_ADDED, show_alert=True)
        return SPEAKER_NAME
    if len(plan.speakers) >= MAX_SPEAKERS:
        await query.answer(texts.SPEAKERS_FULL_ALERT, show_alert=True)
        return SPEAKER_NAME
    plan.speakers.append(speaker)
    await query.answer(texts.speaker_added(speaker.name))
    await edit_markup(update)
    return await _ask(update, context, SPEAKER_NAME)


async def speakers_done(update: Update, context: BotContext) -> int:
    query = update.callback_query
    await acknowledge(update)
    plan = _plan(context)
    if query.data == keyboards.CB_CLEAR_SPEAKERS:
        plan.speakers.clear()
        return await _ask(update, context, SPEAKER_NAME)
    if query.data == keyboards.CB_NO_SPEAKERS:
        plan.speakers.clear()
    return await _review(update, context)


async def _review(update: Update, context: BotContext) -> int:
    flow = _flow(context)
    plan: MeetingPlan = flow["plan"]
    if not plan.complete:
        # Reached from an edit of a plan that lost a part (e.g. a time now past).
        missing = next(
            step
            for step, value in ((DATE, plan.day), (TIME, plan.start_time), (HOST, plan.host_rt))
            if value is None
        )
        return await _ask(update, context, missing)
    flow["review_after"] = True
    editing = flow.get("meeting_id") is not None
    await reply(
        update,
        texts.plan_summary(plan, context.tz, editing=editing),
        keyboards.plan_actions(),
    )
    return REVIEW


async def review_typed(update: Update, context: BotContext) -> int:
    """ "simpan" / "ya" saves, "ubah" edits; anything else: a hint and the buttons again."""
    text = _text(update).casefold()
    if text.strip(" .!") in ("ubah", "edit", "ganti"):
        return await edit_menu(update, context)
    if read_yes_no(text) is True:
        return await save(update, context)
    await reply(update, texts.TYPED_HINT_REVIEW, keyboards.plan_actions())
    return REVIEW


async def sector_typed(update: Update, context: BotContext) -> int:
    """ "pemerintah", "BUMN", "swasta" or "lainnya" typed at the sector step."""
    text = _text(update).strip(" .!").casefold()
    sector = next((s for s in Sector if s.value.casefold() == text), None)
    if sector is None and text in ("lain", "lain-lain"):
        sector = Sector.OTHER
    flow = _flow(context)
    if sector is None:
        await reply(update, texts.TYPED_HINT_SECTOR, keyboards.sectors())
        return SPEAKER_SECTOR
    if "speaker_name" not in flow or "speaker_institution" not in flow:
        return await _ask(update, context, SPEAKER_NAME)
    flow["plan"].speakers.append(
        SpeakerPlan(flow.pop("speaker_name"), flow.pop("speaker_institution"), sector)
    )
    return await _ask(update, context, SPEAKER_NAME)


async def edit_menu(update: Update, context: BotContext) -> int:
    if update.callback_query is not None:
        await acknowledge(update)
    await reply(update, texts.ASK_FIELD_TO_EDIT, keyboards.edit_fields())
    return EDIT_MENU


async def field_chosen(update: Update, context: BotContext) -> int:
    query = update.callback_query
    field = query.data.removeprefix(keyboards.CB_FIELD)
    steps = {"date": DATE, "time": TIME, "host": HOST, "venue": VENUE, "topic": TOPIC}
    steps["speakers"] = SPEAKER_NAME
    if field not in steps:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return EDIT_MENU
    await acknowledge(update)
    _flow(context)["review_after"] = True
    return await _ask(update, context, steps[field])


async def save(update: Update, context: BotContext) -> int:
    """Store the plan (new meeting or change) and have everyone concerned told."""
    # Taken at once, before any wait: a second press of Simpan finds nothing to save.
    flow = context.user_data.pop(FLOW, None)  # type: ignore[union-attr]
    if not flow or "plan" not in flow:
        if update.callback_query is not None:
            await stale_press(update, context)
        return END
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return END
    plan: MeetingPlan = flow["plan"]
    tz = context.tz
    if update.callback_query is not None:
        await acknowledge(update)
    if not plan.complete or plan.starts_at(tz) <= context.now():
        context.user_data[FLOW] = flow  # type: ignore[index]
        await reply(update, texts.time_invalid(ParseErrorReason.IN_PAST.value))
        plan.start_time = None
        return TIME
    meeting_id = flow.get("meeting_id")
    if meeting_id is None:
        try:
            await _create_and_announce(update, context, plan, admin)
        except QuarterTaken:
            # Another admin saved a meeting in this quarter since the date was chosen:
            # nothing was stored or sent; ask again, as when the date was chosen.
            await reply(update, texts.QUARTER_TAKEN_MEANWHILE)
            flow["second_ok_for"] = None
            context.user_data[FLOW] = flow  # type: ignore[index]
            return await _after_date(update, context)
    else:
        await _change_and_notify(update, context, meeting_id, plan)
    return END


def _outgoing(
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


def _variants(render: Any) -> dict[str, str]:
    """The card for each RSVP answer: a cadre who answered sees her answer on it."""
    return {answer.value: render(answer.value) for answer in RsvpAnswer}


async def share_on_whatsapp(update: Update, text: str) -> None:
    """The WhatsApp version for the secretary: a share button, or a text to copy."""
    markup = keyboards.whatsapp_share(text)
    await reply(update, texts.wa_share(text) if markup else texts.wa_copy(text), markup)


async def _create_and_announce(
    update: Update, context: BotContext, plan: MeetingPlan, admin: Member
) -> None:
    tz = context.tz
    async with context.transaction() as session:
        kampung = await get_kampung(session, context.kampung_id)
        meeting = await create_meeting(session, kampung, plan, created_by=admin, now=context.now())
        meeting = await get_meeting(session, kampung.id, meeting.id)
        tally = await rsvp_tally(session, meeting)

        def render(answer: str | None) -> str:
            return texts.meeting_card(
                meeting, kampung.name, tz, context.now(), tally, answer=answer, ask=texts.ASK_RSVP
            )

        card = render(None)
        message = _outgoing(update, meeting, card, keyboards.rsvp(meeting.id), _variants(render))
        share = texts.wa_announcement(meeting, kampung.name, tz)
        broadcast = await plan_broadcast(
            session, kampung, meeting, BroadcastKind.ANNOUNCEMENT, message, now=context.now()
        )
        recipients = await recipient_count(session, broadcast.id)
        has_group = kampung.group_chat_id is not None
    context.wake_delivery()
    await replan_reminders(context.application, meeting.id)
    started = texts.sending_started(BroadcastKind.ANNOUNCEMENT, recipients, group=has_group)
    await reply(update, f"{texts.meeting_saved(card)}\n\n{started}")
    await share_on_whatsapp(update, share)


async def _change_and_notify(
    update: Update, context: BotContext, meeting_id: int, plan: MeetingPlan
) -> None:
    tz = context.tz
    async with context.transaction() as session:
        kampung = await get_kampung(session, context.kampung_id)
        meeting = await get_meeting(session, kampung.id, meeting_id)
        gone = meeting is None or meeting.is_cancelled or meeting.starts_at <= context.now()
        change = None
        if not gone:
            before = MeetingPlan.of(meeting, tz)
            change = await apply_plan(session, meeting, plan, tz, now=context.now())
        if change is not None and change.any:
            # What was still to be sent about the old plan is not sent any more.
            await drop_meeting_deliveries(session, meeting_id, now=context.now(), reason="changed")
            meeting = await get_meeting(session, kampung.id, meeting_id)
            tally = await rsvp_tally(session, meeting)

            def render(answer: str | None) -> str:
                return texts.meeting_changed(
                    meeting, before, tz, context.now(), tally, answer=answer
                )

            notice = render(None)
            # A move resets the answers: nobody has one to be shown.
            variants = None if change.moved else _variants(render)
            message = _outgoing(update, meeting, notice, keyboards.rsvp(meeting.id), variants)
            share = texts.wa_change(meeting, before, kampung.name, tz)
            broadcast = await plan_broadcast(
                session, kampung, meeting, BroadcastKind.CHANGE, message, now=context.now()
            )
            recipients = await recipient_count(session, broadcast.id)
            has_group = kampung.group_chat_id is not None
    if gone:
        await reply(update, texts.MEETING_GONE)
        return
    if change is None or not change.any:
        await reply(update, texts.NOTHING_CHANGED)
        return
    context.wake_delivery()
    await replan_reminders(context.application, meeting_id)
    started = texts.sending_started(BroadcastKind.CHANGE, recipients, group=has_group)
    await reply(update, f"{texts.meeting_saved(notice)}\n\n{started}")
    await share_on_whatsapp(update, share)


async def abort(update: Update, context: BotContext) -> int:
    """``/batal`` or the Batal button: leave the flow without saving."""
    context.user_data.pop(FLOW, None)  # type: ignore[union-attr]
    if update.callback_query is not None:
        await acknowledge(update)
    await reply(update, texts.FLOW_CANCELLED)
    return END


# --- changing and cancelling an existing meeting ------------------------------------------------


async def begin_pick(update: Update, context: BotContext, action: str, reason: str) -> int:
    """``/jadwal ubah`` and ``/jadwal batal [alasan]``: choose the meeting if several."""
    if await _admin_in_private(update, context) is None:
        return END
    _reset(context, cancel_reason=reason.strip() or None)
    async with context.reading() as session:
        meetings = [
            m
            for m in await upcoming_meetings(session, context.kampung_id, context.now())
            if m.starts_at > context.now()
        ]
    if not meetings:
        await reply(update, texts.no_meeting(True), keyboards.create_meeting(context.kampung_id))
        return END
    if len(meetings) == 1:
        return await _picked(update, context, action, meetings[0])
    tz = context.tz
    choices = [(m.id, texts.short_meeting_label(m, tz)) for m in meetings[:8]]
    await reply(update, texts.PICK_MEETING, keyboards.pick_meeting(action, choices))
    return PICK


async def meeting_picked(update: Update, context: BotContext) -> int:
    query = update.callback_query
    _, _, action, meeting_id = query.data.split(":")
    if await require_member(update, context, admin=True) is None:
        return END
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, int(meeting_id))
    if meeting is None or meeting.is_cancelled or meeting.starts_at <= context.now():
        await query.answer(texts.MEETING_GONE, show_alert=True)
        return END
    await acknowledge(update)
    return await _picked(update, context, action, meeting)


async def _picked(update: Update, context: BotContext, action: str, meeting: Meeting) -> int:
    flow = _flow(context)
    if action == "ubah":
        flow["plan"] = MeetingPlan.of(meeting, context.tz)
        flow["meeting_id"] = meeting.id
        flow["review_after"] = True
        flow["second_ok_for"] = meeting.quarter(context.tz)
        await reply(update, await _card(context, meeting))
        await reply(update, texts.ASK_FIELD_TO_EDIT, keyboards.edit_fields())
        return EDIT_MENU
    flow["meeting_id"] = meeting.id
    if not flow.get("cancel_reason"):
        await reply(update, texts.ASK_CANCEL_REASON)
        return CANCEL_REASON
    return await _confirm_cancel(update, context, meeting)


async def cancel_reason_given(update: Update, context: BotContext) -> int:
    reason = " ".join(_text(update).split())
    if not 3 <= len(reason) <= 300:
        await reply(update, texts.CANCEL_REASON_INVALID)
        return CANCEL_REASON
    flow = _flow(context)
    flow["cancel_reason"] = reason
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, flow["meeting_id"])
    if meeting is None:
        await reply(update, texts.MEETING_GONE)
        return END
    return await _confirm_cancel(update, context, meeting)


async def _confirm_cancel(update: Update, context: BotContext, meeting: Meeting) -> int:
    reason = _flow(context)["cancel_reason"][:300]
    _flow(context)["cancel_reason"] = reason
    card = await _card(context, meeting)
    await reply(update, texts.confirm_cancel(card, reason), keyboards.confirm_cancel(meeting.id))
    return CANCEL_CONFIRM


async def cancel_confirmed(update: Update, context: BotContext) -> int:
    """Cancel the meeting and have everyone who was told of it told."""
    query = update.callback_query
    if await require_member(update, context, admin=True) is None:
        return END
    flow = _flow(context)
    if query is not None:
        meeting_id = int(query.data.removeprefix(keyboards.CB_CANCEL_YES))
    else:  # "ya" typed under the question: the meeting of the flow
        meeting_id = flow.get("meeting_id")
    reason = flow.get("cancel_reason")
    if meeting_id is None or flow.get("meeting_id") != meeting_id or not reason:
        if query is not None:
            await query.answer(texts.STALE_BUTTON, show_alert=True)
        else:
            await reply(update, texts.STALE_BUTTON)
        return END
    context.user_data.pop(FLOW, None)  # type: ignore[union-attr]
    tz = context.tz
    async with context.transaction() as session:
        kampung = await get_kampung(session, context.kampung_id)
        meeting = await get_meeting(session, kampung.id, meeting_id)
        gone = (
            meeting is None
            or meeting.is_cancelled
            or meeting.starts_at <= context.now()
            # One conditional update: of two admins confirming at once, one cancels.
            or not await cancel_meeting(session, meeting, reason, now=context.now())
        )
        if not gone:
            # Reminders, prompts and notices still queued for it are not sent any more.
            await drop_meeting_deliveries(
                session, meeting_id, now=context.now(), reason="cancelled"
            )
            notice = texts.meeting_cancelled(meeting, kampung.name, tz)
            share = texts.wa_cancellation(meeting, kampung.name, tz)
            broadcast = await plan_broadcast(
                session,
                kampung,
                meeting,
                BroadcastKind.CANCELLATION,
                _outgoing(update, meeting, notice, None),
                now=context.now(),
            )
            recipients = await recipient_count(session, broadcast.id)
            has_group = kampung.group_chat_id is not None
    if gone:
        if query is not None:
            await query.answer(texts.MEETING_GONE, show_alert=True)
        else:
            await reply(update, texts.MEETING_GONE)
        return END
    context.wake_delivery()
    await replan_reminders(context.application, meeting_id)
    if query is not None:
        await acknowledge(update)
    started = texts.sending_started(BroadcastKind.CANCELLATION, recipients, group=has_group)
    await reply(update, f"{notice}\n\n{started}")
    await share_on_whatsapp(update, share)
    return END


async def cancel_kept(update: Update, context: BotContext) -> int:
    if update.callback_query is not None:
        await acknowledge(update)
    context.user_data.pop(FLOW, None)  # type: ignore[union-attr]
    await reply(update, texts.CANCEL_KEPT)
    return END


async def cancel_typed(update: Update, context: BotContext) -> int:
    """ "ya" confirms the cancellation, "tidak" keeps the meeting; else the buttons again."""
    answer = read_yes_no(_text(update))
    if answer is True:
        return await cancel_confirmed(update, context)
    if answer is False:
        return await cancel_kept(update, context)
    meeting_id = _flow(context).get("meeting_id")
    if meeting_id is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    await reply(update, texts.TYPED_HINT_YES_NO, keyboards.confirm_cancel(meeting_id))
    return CANCEL_CONFIRM


# --- year overview ----------------------------------------------------------------------------


def default_meeting_day(quarter: Quarter, today: date) -> date | None:
    """A proposed day for a quarter: the second Saturday of its middle month.

    If that has passed, the first Saturday at least a week from today that is
    still in the quarter; None if there is none.
    """
    middle = date(quarter.year, quarter.start.month + 1, 1)
    first_saturday = middle + timedelta(days=(5 - middle.weekday()) % 7)
    day = first_saturday + timedelta(days=7)
    if day > today:
        return day
    soon = today + timedelta(days=7)
    soon += timedelta(days=(5 - soon.weekday()) % 7)
    return soon if soon <= quarter.end else None


def _year_in_range(year: int, today: date) -> bool:
    return today.year - 5 <= year <= today.year + 2


async def show_year(update: Update, context: BotContext, argument: str) -> None:
    """``/jadwal tahun [YYYY]``: the four quarters, with a way to fill the gaps."""
    member = await require_member(update, context) if is_private(update) else None
    if is_private(update) and member is None:
        return
    today = _today(context)
    argument = argument.strip()
    year = int(argument) if re.fullmatch(r"[0-9]{4}", argument) else None
    if argument and (year is None or not _year_in_range(year, today)):
        await reply(update, texts.YEAR_OUT_OF_RANGE)
        return
    year = year or today.year
    rows, missing = await _year_rows(context, year)
    admin = member is not None and member.is_admin
    markup: InlineKeyboardMarkup | None = None
    if missing and admin:
        markup = keyboards.create_missing(context.kampung_id, year)
    await reply(update, texts.year_overview(year, rows, len(missing), admin), markup)


async def _year_rows(context: BotContext, year: int) -> tuple[list[tuple[str, str]], list[Quarter]]:
    """One row per quarter; missing quarters get the hosts the rotation would give them."""
    tz = context.tz
    today = _today(context)
    rows: list[tuple[str, str]] = []
    missing: list[Quarter] = []
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
        year_start = quarter_bounds_utc(Quarter(year, 1), tz)[0]
        last_host = await last_host_before(session, kampung.id, year_start)
        for number in range(1, 5):
            quarter = Quarter(year, number)
            meetings = await meetings_in_quarter(session, kampung.id, quarter, tz)
            label = f"Triwulan {quarter.roman}"
            if meetings:
                rows += [(label, texts.quarter_row_meeting(m, tz)) for m in meetings]
                last_host = meetings[-1].host_rt
                continue
            day = default_meeting_day(quarter, today)
            if day is None:
                rows.append((label, texts.quarter_row_missing(None)))
                continue
            missing.append(quarter)
            last_host = next_host_rt(kampung.rt_list, last_host)
            rows.append((label, texts.quarter_row_missing(last_host)))
    return rows, missing


async def create_missing(update: Update, context: BotContext) -> None:
    """Create (and announce) a meeting for every quarter of the year still without one."""
    query = update.callback_query
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return
    year = int(query.data.rsplit(":", 1)[1])
    if not _year_in_range(year, _today(context)):
        await query.answer(texts.plain(texts.YEAR_OUT_OF_RANGE), show_alert=True)
        return
    _, missing = await _year_rows(context, year)
    if not missing:
        await query.answer(texts.NOTHING_MISSING, show_alert=True)
        return
    await acknowledge(update)
    tz = context.tz
    created = 0
    for quarter in missing:
        day = default_meeting_day(quarter, _today(context))
        if day is None:
            continue
        plan = MeetingPlan(day=day, start_time=DEFAULT_START, topic=texts.DEFAULT_TOPIC)
        kampung = await _kampung(context)
        plan.proposed_host_rt = plan.host_rt = await _proposed_for(context, kampung, plan)
        plan.venue = default_venue(plan.host_rt)
        if plan.starts_at(tz) <= context.now():
            continue
        try:
            await _create_and_announce(update, context, plan, admin)
        except QuarterTaken:
            continue  # another admin filled this quarter a moment ago
        created += 1
    await reply(update, texts.missing_created(created))


# --- wiring -------------------------------------------------------------------------------------


async def other_command(update: Update, context: BotContext) -> None:
    await reply(update, texts.IN_MEETING_FLOW)


def schedule_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND
    not_text = private & ~filters.COMMAND

    def on(
        callback: Any, prefix: str, exact: bool = False, rest: str = ""
    ) -> CallbackQueryHandler[Any, Any]:
        """Match ``prefix`` exactly, ``prefix`` and the regex ``rest``, or ``prefix`` and more.

        Always anchored at both ends: no pattern matches an empty or cut-short data.
        """
        tail = "" if exact else rest or ".+"
        return CallbackQueryHandler(callback, pattern=rf"^{re.escape(prefix)}{tail}\Z")

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        conversation = Flow(
            name="meeting",
            entry_points=[
                CommandHandler("jadwal", jadwal),
                CommandHandler("jadwal_baru", jadwal_baru),
                CommandHandler("jadwal_ubah", jadwal_ubah),
                CommandHandler("jadwal_batal", jadwal_batal),
                CommandHandler("jadwal_tahun", jadwal_tahun),
                on(begin_create, keyboards.CB_NEW_MEETING, rest=r"\d{1,9}"),
                on(card_action, "mtg:act:", rest=r"(ubah|batal):\d{1,9}"),
            ],
            states={
                DATE: [MessageHandler(typed, date_given), MessageHandler(not_text, type_text)],
                TIME: [MessageHandler(typed, time_given), MessageHandler(not_text, type_text)],
                SECOND: [
                    on(second_answered, keyboards.CB_SECOND_YES, exact=True),
                    on(second_answered, keyboards.CB_SECOND_NO, exact=True),
                    MessageHandler(typed, second_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                HOST: [
                    on(host_chosen, keyboards.CB_HOST),
                    MessageHandler(typed, host_chosen),
                    MessageHandler(not_text, use_buttons),
                ],
                VENUE: [
                    on(venue_given, keyboards.CB_VENUE_DEFAULT, exact=True),
                    MessageHandler(typed, venue_given),
                    MessageHandler(not_text, use_buttons),
                ],
                TOPIC: [MessageHandler(typed, topic_given), MessageHandler(not_text, type_text)],
                SPEAKER_NAME: [
                    on(speakers_done, keyboards.CB_NO_SPEAKERS, exact=True),
                    on(speakers_done, keyboards.CB_SPEAKERS_DONE, exact=True),
                    on(speakers_done, keyboards.CB_CLEAR_SPEAKERS, exact=True),
                    on(past_speaker_chosen, keyboards.CB_PAST_SPEAKER, rest=r"\d{1,9}"),
                    MessageHandler(typed, speaker_name_given),
                    MessageHandler(not_text, use_buttons),
                ],
                SPEAKER_INSTITUTION: [
                    MessageHandler(typed, speaker_institution_given),
                    MessageHandler(not_text, type_text),
                ],
                SPEAKER_SECTOR: [
                    on(speaker_sector_chosen, keyboards.CB_SECTOR),
                    MessageHandler(typed, sector_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                REVIEW: [
                    on(save, keyboards.CB_SAVE, exact=True),
                    on(edit_menu, keyboards.CB_EDIT, exact=True),
                    MessageHandler(typed, review_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                EDIT_MENU: [
                    on(field_chosen, keyboards.CB_FIELD),
                    MessageHandler(not_text, use_buttons),
                ],
                PICK: [
                    on(meeting_picked, keyboards.CB_PICK, rest=r"(ubah|batal):\d{1,9}"),
                    MessageHandler(not_text, use_buttons),
                ],
                CANCEL_REASON: [
                    MessageHandler(typed, cancel_reason_given),
                    MessageHandler(not_text, type_text),
                ],
                CANCEL_CONFIRM: [
                    on(cancel_confirmed, keyboards.CB_CANCEL_YES, rest=r"\d{1,9}"),
                    on(cancel_kept, keyboards.CB_CANCEL_NO, exact=True),
                    MessageHandler(typed, cancel_typed),
                    MessageHandler(not_text, use_buttons),
                ],
            },
            fallbacks=[
                CommandHandler("batal", abort, filters=private),
                on(abort, keyboards.CB_ABORT, exact=True),
                on(stale_press, "mtg:"),
                MessageHandler(private & filters.COMMAND, other_command),
            ],
            timeout_text=texts.MEETING_FLOW_TIMED_OUT,
            draft_key=FLOW,
        )
    return [
        conversation,
        on(create_missing, keyboards.CB_CREATE_MISSING, rest=r"\d{1,9}:\d{4}"),
    ]
