"""Planning a meeting, or changing one, step by step.

A new meeting is written step by step (date → time → host RT → venue → topic →
speakers → review) or in one line; ``/jadwal ubah`` reuses the same steps on a
copy of an existing meeting. Saving announces through the one broadcast function.
"""

from __future__ import annotations

from telegram import Update

from handlers.common import acknowledge, edit_markup, reply, require_member, stale_press
from handlers.meetings.common import (
    DATE,
    EDIT_MENU,
    END,
    FLOW,
    HOST,
    REVIEW,
    SECOND,
    SPEAKER_INSTITUTION,
    SPEAKER_NAME,
    SPEAKER_SECTOR,
    TIME,
    TOPIC,
    VENUE,
    admin_in_private,
    answer_variants,
    draft_plan,
    flow_state,
    load_kampung,
    local_today,
    message_text,
    outgoing_notice,
    reset_flow,
    share_on_whatsapp,
)
from models.broadcast import BroadcastKind, drop_meeting_deliveries, plan_broadcast, recipient_count
from models.kampung import Kampung, get_kampung
from models.meeting import (
    MAX_SPEAKERS,
    MeetingPlan,
    QuarterTaken,
    Sector,
    SpeakerPlan,
    apply_plan,
    create_meeting,
    default_venue,
    get_meeting,
    meetings_in_quarter,
    proposed_host,
    rsvp_tally,
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
)
from models.rules.quarters import Quarter
from models.rules.rotation import normalize_rt, rotation_order_from
from models.speakers import already_planned, offered, past_speaker, speaker_registry
from runtime.context import BotContext
from scheduler.reminders import replan_reminders
from ui import keyboards, texts


async def begin_create(update: Update, context: BotContext, one_line: str = "") -> int:
    """Start a new meeting: guided, or straight to review from the one-line form."""
    if await admin_in_private(update, context) is None:
        return END
    if update.callback_query is not None:
        await update.callback_query.answer()
    flow = reset_flow(context, plan=MeetingPlan(), meeting_id=None)
    if not one_line:
        await reply(update, texts.ask_date())
        return DATE
    kampung = await load_kampung(context)
    try:
        parsed = parse_one_line(one_line, kampung.rt_list, local_today(context))
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
    plan.proposed_host_rt = await proposed_for(context, kampung, plan)
    flow["review_after"] = True
    return await _after_date(update, context)


async def proposed_for(context: BotContext, kampung: Kampung, plan: MeetingPlan) -> str:
    before = plan.starts_at(context.tz) if plan.day and plan.start_time else None
    async with context.reading() as session:
        return await proposed_host(session, kampung, before=before)


async def date_given(update: Update, context: BotContext) -> int:
    try:
        day = parse_date(message_text(update), local_today(context))
    except ParseError as error:
        await reply(update, texts.date_invalid(error.reason.value))
        return DATE
    plan = draft_plan(context)
    plan.day = day
    if plan.start_time is not None and plan.starts_at(context.tz) <= context.now():
        plan.start_time = None  # today, but the old time has passed: ask it again
        flow_state(context)["review_after"] = False
    return await _after_date(update, context)


async def _after_date(update: Update, context: BotContext) -> int:
    """Ask for confirmation when the quarter already has a meeting, then go on."""
    flow = flow_state(context)
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
    flow = flow_state(context)
    if query.data == keyboards.CB_SECOND_YES:
        flow["second_ok_for"] = Quarter.of(flow["plan"].day)
        return await _after_date(update, context)
    flow["plan"].day = None
    await reply(update, texts.ask_date())
    return DATE


async def second_typed(update: Update, context: BotContext) -> int:
    """ "ya" / "tidak" typed at "a second meeting in this quarter?"."""
    answer = read_yes_no(message_text(update))
    if answer is None:
        await reply(update, texts.TYPED_HINT_YES_NO, keyboards.second_meeting())
        return SECOND
    flow = flow_state(context)
    if answer:
        flow["second_ok_for"] = Quarter.of(flow["plan"].day)
        return await _after_date(update, context)
    flow["plan"].day = None
    await reply(update, texts.ask_date())
    return DATE


async def time_given(update: Update, context: BotContext) -> int:
    try:
        start_time = parse_time(message_text(update))
    except ParseError as error:
        await reply(update, texts.time_invalid(error.reason.value))
        return TIME
    plan = draft_plan(context)
    plan.start_time = start_time
    if plan.starts_at(context.tz) <= context.now():
        plan.start_time = None
        await reply(update, texts.time_invalid(ParseErrorReason.IN_PAST.value))
        return TIME
    return await _next_after(update, context, TIME)


async def _next_after(update: Update, context: BotContext, step: int) -> int:
    """The step after ``step``: the next question, or the review when editing one field."""
    flow = flow_state(context)
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
    plan = draft_plan(context)
    if step == DATE:
        await reply(update, texts.ask_date())
    elif step == TIME:
        await reply(update, texts.ask_time())
    elif step == HOST:
        kampung = await load_kampung(context)
        proposed = await proposed_for(context, kampung, plan)
        if flow_state(context).get("meeting_id") is None:
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
    kampung = await load_kampung(context)
    query = update.callback_query
    if query is not None:
        rt = normalize_rt(query.data.removeprefix(keyboards.CB_HOST), kampung.rt_list)
        if rt is None:
            await query.answer(texts.STALE_BUTTON, show_alert=True)
            return HOST
        await acknowledge(update)
    else:
        rt = normalize_rt(message_text(update), kampung.rt_list)
        if rt is None:
            await reply(update, texts.HOST_INVALID)
            return HOST
    plan = draft_plan(context)
    if plan.venue == default_venue(plan.host_rt or "") and rt != plan.host_rt:
        plan.venue = default_venue(rt)  # the default venue follows the host
    plan.host_rt = rt
    return await _next_after(update, context, HOST)


async def venue_given(update: Update, context: BotContext) -> int:
    plan = draft_plan(context)
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
    text = " ".join(message_text(update).split())
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
    draft_plan(context).topic = topic
    return await _next_after(update, context, TOPIC)


async def speaker_name_given(update: Update, context: BotContext) -> int:
    if len(draft_plan(context).speakers) >= MAX_SPEAKERS:
        return await _ask(update, context, SPEAKER_NAME)
    name = " ".join(message_text(update).split())
    if not 2 <= len(name) <= 100:
        await reply(update, texts.SPEAKER_NAME_INVALID)
        return SPEAKER_NAME
    flow_state(context)["speaker_name"] = name
    await reply(update, texts.ASK_SPEAKER_INSTITUTION)
    return SPEAKER_INSTITUTION


async def speaker_institution_given(update: Update, context: BotContext) -> int:
    institution = " ".join(message_text(update).split())
    if not 2 <= len(institution) <= 150:
        await reply(update, texts.SPEAKER_INSTITUTION_INVALID)
        return SPEAKER_INSTITUTION
    flow_state(context)["speaker_institution"] = institution
    await reply(update, texts.ASK_SPEAKER_SECTOR, keyboards.sectors())
    return SPEAKER_SECTOR


async def speaker_sector_chosen(update: Update, context: BotContext) -> int:
    query = update.callback_query
    flow = flow_state(context)
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
    plan = draft_plan(context)
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
    plan = draft_plan(context)
    if query.data == keyboards.CB_CLEAR_SPEAKERS:
        plan.speakers.clear()
        return await _ask(update, context, SPEAKER_NAME)
    if query.data == keyboards.CB_NO_SPEAKERS:
        plan.speakers.clear()
    return await _review(update, context)


async def _review(update: Update, context: BotContext) -> int:
    flow = flow_state(context)
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
    text = message_text(update).casefold()
    if text.strip(" .!") in ("ubah", "edit", "ganti"):
        return await edit_menu(update, context)
    if read_yes_no(text) is True:
        return await save(update, context)
    await reply(update, texts.TYPED_HINT_REVIEW, keyboards.plan_actions())
    return REVIEW


async def sector_typed(update: Update, context: BotContext) -> int:
    """ "pemerintah", "BUMN", "swasta" or "lainnya" typed at the sector step."""
    text = message_text(update).strip(" .!").casefold()
    sector = next((s for s in Sector if s.value.casefold() == text), None)
    if sector is None and text in ("lain", "lain-lain"):
        sector = Sector.OTHER
    flow = flow_state(context)
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
    flow_state(context)["review_after"] = True
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
            await create_and_announce(update, context, plan, admin)
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


async def create_and_announce(
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
        message = outgoing_notice(
            update, meeting, card, keyboards.rsvp(meeting.id), answer_variants(render)
        )
        share = texts.wa_announcement(meeting, kampung.name, tz)
        broadcast = await plan_broadcast(
            session, kampung, meeting, BroadcastKind.ANNOUNCEMENT, message, now=context.now()
        )
        recipients = await recipient_count(session, broadcast.id)
        has_group = kampung.group_chat_id is not None
    started = texts.sending_started(BroadcastKind.ANNOUNCEMENT, recipients, group=has_group)
    try:
        # The secretary's own replies first: the outbox's summary of this sending must
        # not reach her before "sending started" (the worker runs only when woken).
        await reply(update, f"{texts.meeting_saved(card)}\n\n{started}")
        await share_on_whatsapp(update, share)
    finally:
        context.wake_delivery()
    await replan_reminders(context.application, meeting.id)


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
            variants = None if change.moved else answer_variants(render)
            message = outgoing_notice(update, meeting, notice, keyboards.rsvp(meeting.id), variants)
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
    started = texts.sending_started(BroadcastKind.CHANGE, recipients, group=has_group)
    try:
        # The secretary's own replies first: the outbox's summary of this sending must
        # not reach her before "sending started" (the worker runs only when woken).
        await reply(update, f"{texts.meeting_saved(notice)}\n\n{started}")
        await share_on_whatsapp(update, share)
    finally:
        context.wake_delivery()
    await replan_reminders(context.application, meeting_id)


async def abort(update: Update, context: BotContext) -> int:
    """``/batal`` or the Batal button: leave the flow without saving."""
    context.user_data.pop(FLOW, None)  # type: ignore[union-attr]
    if update.callback_query is not None:
        await acknowledge(update)
    await reply(update, texts.FLOW_CANCELLED)
    return END
