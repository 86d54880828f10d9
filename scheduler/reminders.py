"""Reminders before each meeting: plan them, wake up for them, send each one once.

The ``reminder`` rows are the truth; APScheduler (PTB's ``JobQueue``) holds one
job per pending reminder, with the id ``reminder:<id>``, only to wake the bot at
its due time. At start-up ``restore_reminders`` rebuilds everything from the
database: re-plans (offsets may have changed), finishes a broadcast a stopped
process left half done, sends what fell due meanwhile (or marks it missed),
and schedules the rest. A periodic sweep catches any wake-up that went astray.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import BroadcastKind, Outgoing, plan_to_admins
from models.kampung import Kampung, get_kampung, list_kampungs
from models.meeting import Meeting, RsvpAnswer, get_meeting, meeting_kampung_id, rsvp_tally
from models.reminder import (
    Reminder,
    ReminderChanges,
    ReminderRun,
    ReminderStatus,
    Verdict,
    begin_reminder,
    finish_reminder,
    hand_over,
    interrupted_reminders,
    is_late,
    miss_reminder,
    overdue_reminders,
    pending_reminders,
    pick_overdue,
    plan_reminders,
    reconcile_reminders,
    reminder_kampung_id,
)
from runtime.context import BotContext
from scheduler.common import App, run_once, run_repeating, unschedule
from ui import keyboards, texts

logger = logging.getLogger(__name__)

JOB_PREFIX = "reminder:"
SWEEP_JOB_ID = "reminder-sweep"
SWEEP_EVERY = timedelta(minutes=10)


def reminder_job_id(reminder_id: int) -> str:
    return f"{JOB_PREFIX}{reminder_id}"


# --- planning ----------------------------------------------------------------------------


async def replan_reminders(app: App, meeting_id: int) -> None:
    """After a meeting was created, changed or cancelled: re-plan its reminders."""
    data = app.bot_data
    async with data.sessionmaker() as session, session.begin():
        kampung_id = await meeting_kampung_id(session, meeting_id)
        if kampung_id is None:
            return
        meeting = await get_meeting(session, kampung_id, meeting_id)
        if meeting is None:
            return
        changes = await plan_reminders(
            session, meeting, data.settings.REMINDER_OFFSETS, now=data.clock()
        )
    apply_changes(app, changes)


def apply_changes(app: App, changes: ReminderChanges) -> None:
    for reminder_id in changes.cancelled:
        unschedule(app, reminder_job_id(reminder_id))
    schedule_reminders(app, changes.pending)


def schedule_reminders(app: App, reminders: Iterable[Reminder]) -> list[str]:
    """One wake-up per pending reminder, under its fixed id (so a second call replaces)."""
    job_ids = []
    for reminder in reminders:
        job_id = reminder_job_id(reminder.id)
        run_once(app, reminder_job, job_id, reminder.due_at, reminder.id)
        job_ids.append(job_id)
    return job_ids


# --- waking up -----------------------------------------------------------------------------


async def reminder_job(context: BotContext) -> None:
    """A reminder's due time: send it, unless the database says otherwise."""
    reminder_id = context.job.data if context.job else None
    if not isinstance(reminder_id, int):
        return
    await fire_reminder(context.application, reminder_id)


async def sweep_job(context: BotContext) -> None:
    """Every few minutes: anything pending and due that no wake-up took goes now."""
    await catch_up(context.application, at_startup=False)


Missed = tuple[Reminder, Meeting | None, bool]  # (reminder, its meeting, superseded?)


async def _take(
    session: AsyncSession, kampung: Kampung, reminder_id: int, *, now: datetime, late: bool
) -> ReminderRun | None:
    """Take one pending reminder: hand it to the outbox, or mark it missed (the
    caller's transaction); None if it was not pending."""
    run = await begin_reminder(session, kampung, reminder_id, now=now)
    if run is None or run.verdict is not Verdict.SEND or run.meeting is None:
        return run
    tz = kampung.tz
    late = late or is_late(run.reminder.due_at, now)
    tally = await rsvp_tally(session, run.meeting)
    label = texts.reminder_label(run.reminder.offset_seconds)
    meeting = run.meeting

    def card(answer: str | None) -> str:
        # Who answered is shown her answer, not asked again.
        return texts.meeting_card(
            meeting,
            kampung.name,
            tz,
            now,
            tally,
            "⏰",
            title=texts.reminder_title_line(label),
            answer=answer,
            ask=texts.ASK_RSVP,
        )

    message = Outgoing(
        card(None),
        keyboards.rsvp(meeting.id).to_dict(),
        label=texts.reminder_title(label, texts.short_meeting_label(meeting, tz)),
        note=texts.late_reminder_note(run.reminder.due_at, tz) if late else None,
        report_admins=True,
        variants={answer.value: card(answer.value) for answer in RsvpAnswer},
        # The secretary gets it for the WhatsApp group with the summary.
        share=texts.wa_reminder(label, meeting, kampung.name, tz),
    )
    await hand_over(session, kampung, run, message, now=now)
    return run


async def _tell_missed(
    session: AsyncSession, kampung: Kampung, missed: list[Missed], *, now: datetime
) -> None:
    """Write the secretaries' notice of reminders that will never go out, in the
    transaction that marks them missed: a crash loses both or neither."""
    tz = kampung.tz
    items = [
        (
            texts.reminder_label(reminder.offset_seconds),
            texts.short_meeting_label(meeting, tz) if meeting is not None else "-",
            superseded,
        )
        for reminder, meeting, superseded in sorted(missed, key=lambda m: m[0].due_at)
    ]
    await plan_to_admins(
        session,
        kampung.id,
        BroadcastKind.NOTICE,
        Outgoing(texts.reminders_missed(items)),
        now=now,
    )
    logger.warning("Reminders missed while the bot was down (kampung %s): %s", kampung.id, items)


def _after_taking(app: App, reminder_id: int, run: ReminderRun | None) -> None:
    if run is None:
        return
    if run.verdict is Verdict.EARLY:
        run_once(app, reminder_job, reminder_job_id(reminder_id), run.reminder.due_at, reminder_id)
    elif run.verdict is Verdict.SEND:
        logger.info("Reminder %s handed to the delivery worker", reminder_id)


async def fire_reminder(
    app: App, reminder_id: int, *, at_startup: bool = False
) -> ReminderRun | None:
    """Take one pending reminder and hand it to the outbox (or tell the secretaries it
    was missed); None if it was not pending."""
    data = app.bot_data
    now = data.clock()
    async with data.sessionmaker() as session, session.begin():
        kampung_id = await reminder_kampung_id(session, reminder_id)
        if kampung_id is None:
            return None
        kampung = await get_kampung(session, kampung_id)
        run = await _take(session, kampung, reminder_id, now=now, late=at_startup)
        if run is not None and run.verdict is Verdict.MISSED:
            await _tell_missed(session, kampung, [(run.reminder, run.meeting, False)], now=now)
    _after_taking(app, reminder_id, run)
    if run is not None and run.verdict in (Verdict.SEND, Verdict.MISSED):
        data.delivery.wake()
    return run


async def _kampung_ids(app: App) -> list[int]:
    async with app.bot_data.sessionmaker() as session:
        return [kampung.id for kampung in await list_kampungs(session)]


async def catch_up(app: App, *, at_startup: bool) -> None:
    """Send the reminders that are due and still pending, once; say what was missed.

    Per meeting only the latest due one goes out (the others are missed as
    superseded); one whose meeting has started is missed. Each kampung's
    secretaries are told of their own kampung's.
    """
    for kampung_id in await _kampung_ids(app):
        await catch_up_kampung(app, kampung_id, at_startup=at_startup)


async def catch_up_kampung(app: App, kampung_id: int, *, at_startup: bool) -> None:
    """One kampung's overdue reminders, in one transaction: those sent, those marked
    missed and the secretaries' notice of them are written together or not at all."""
    data = app.bot_data
    now = data.clock()
    async with data.sessionmaker() as session:
        overdue = list(await overdue_reminders(session, kampung_id, now))
    if not overdue:
        return
    to_send, superseded = pick_overdue(overdue)
    missed: list[Missed] = []
    runs: list[tuple[int, ReminderRun | None]] = []
    async with data.sessionmaker() as session, session.begin():
        kampung = await get_kampung(session, kampung_id)
        for reminder in superseded:
            if not await miss_reminder(session, reminder.id, now=now):
                continue
            meeting = await get_meeting(session, kampung_id, reminder.meeting_id)
            started = meeting is None or now >= meeting.starts_at
            missed.append((reminder, meeting, not started))
        for reminder in to_send:
            run = await _take(session, kampung, reminder.id, now=now, late=at_startup)
            runs.append((reminder.id, run))
            if run is not None and run.verdict is Verdict.MISSED:
                missed.append((run.reminder, run.meeting, False))
        if missed:
            await _tell_missed(session, kampung, missed, now=now)
    for reminder, _, _ in missed:
        unschedule(app, reminder_job_id(reminder.id))
    for reminder_id, run in runs:
        _after_taking(app, reminder_id, run)
        unschedule(app, reminder_job_id(reminder_id))
    data.delivery.wake()


async def resume_interrupted(app: App) -> None:
    """Reminders an older version left "sending": their broadcast is the worker's now.

    Since the reminder and its broadcast are written in one transaction, this
    only finds rows from before that (a reminder without its broadcast goes back
    to pending and is sent, or missed, by the catch-up).
    """
    data = app.bot_data
    async with data.sessionmaker() as session, session.begin():
        interrupted = [
            reminder
            for kampung in await list_kampungs(session)
            for reminder in await interrupted_reminders(session, kampung.id)
        ]
        for reminder in interrupted:
            status = (
                ReminderStatus.PENDING if reminder.broadcast_id is None else (ReminderStatus.SENT)
            )
            await finish_reminder(session, reminder.id, status, now=data.clock())


# --- start-up -------------------------------------------------------------------------------


async def restore_reminders(app: App) -> list[str]:
    """Rebuild the reminder schedule of every kampung from the database; return the
    wake-up job ids."""
    data = app.bot_data
    kampung_ids = await _kampung_ids(app)
    for kampung_id in kampung_ids:
        async with data.sessionmaker() as session, session.begin():
            kampung = await get_kampung(session, kampung_id)
            changes = await reconcile_reminders(
                session, kampung, data.settings.REMINDER_OFFSETS, now=data.clock()
            )
        for reminder_id in changes.cancelled:
            unschedule(app, reminder_job_id(reminder_id))
    await resume_interrupted(app)
    await catch_up(app, at_startup=True)
    pending: list[Reminder] = []
    async with data.sessionmaker() as session:
        for kampung_id in kampung_ids:
            pending += await pending_reminders(session, kampung_id)
    job_ids = schedule_reminders(app, pending)
    run_repeating(app, sweep_job, SWEEP_JOB_ID, SWEEP_EVERY, first=SWEEP_EVERY)
    logger.info("%d reminder(s) scheduled", len(job_ids))
    return job_ids
