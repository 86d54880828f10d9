"""Wake-ups for the reminders of planned Poktan sessions (models/poktan/reminders.py).

The ``poktan_reminder`` rows are the truth; one job per pending row (``poktan-reminder:<id>``)
only wakes the bot at its due time, and a sweep every ``SWEEP_EVERY`` (and the start-up)
takes whatever fell due meanwhile: a reminder whose session has started is missed, never
sent late; the prompt to complete a session still goes (it is never too late to record
who came). Each row is taken once, in the transaction that writes its outbox broadcast.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from models.broadcast import BroadcastKind, Outgoing, plan_to_members
from models.kampung import get_kampung
from models.poktan import reminders
from models.poktan.groups import PoktanGroup
from models.poktan.reminders import PoktanReminderKind
from runtime.context import BotContext
from scheduler.common import App, run_once, run_repeating
from ui import poktan_session_keys as keys
from ui.texts import poktan_sessions as t

logger = logging.getLogger(__name__)

JOB_PREFIX = "poktan-reminder:"
SWEEP_JOB_ID = "poktan-reminder-sweep"
SWEEP_EVERY = timedelta(minutes=10)


def job_id(reminder_id: int) -> str:
    return f"{JOB_PREFIX}{reminder_id}"


def schedule(app: App, rows: Iterable[tuple[int, datetime]]) -> None:
    """One wake-up per pending row (id, due_at), under its fixed id."""
    for reminder_id, due_at in rows:
        run_once(app, reminder_job, job_id(reminder_id), due_at, reminder_id)


async def reminder_job(context: BotContext) -> None:
    reminder_id = context.job.data if context.job else None
    if isinstance(reminder_id, int):
        await fire(context.application, reminder_id)


async def sweep_job(context: BotContext) -> None:
    await catch_up(context.application)


async def fire(app: App, reminder_id: int) -> bool:
    """Take one row if it is due: its message to the outbox, or missed. True if sent."""
    data = app.bot_data
    now = data.clock()
    async with data.sessionmaker() as session, session.begin():
        taken = await reminders.take(session, reminder_id, now=now)
        if taken is None:
            return False
        row, record, send = taken
        if not send:
            logger.info("Poktan reminder %s missed (session %s)", row.id, record.id)
            return False
        group = await session.get(PoktanGroup, record.group_id)
        assert group is not None
        kampung = await get_kampung(session, group.kampung_id)
        tz = kampung.tz
        if row.kind is PoktanReminderKind.COMPLETE:
            people = await reminders.chair_ids(session, group.id)
            message = Outgoing(
                t.pks_ask_complete(group.name, record.held_on, record.topic),
                keys.complete(group.id, record.id).to_dict(),
            )
        else:
            people = await reminders.cadre_ids(session, group)
            label = (
                t.PKS_REMINDER_DAY_BEFORE
                if row.kind is PoktanReminderKind.DAY_BEFORE
                else t.PKS_REMINDER_SOON
            )
            assert record.starts_at is not None
            message = Outgoing(
                t.pks_reminder(label, group.name, record.starts_at, tz, record.place, record.topic),
                not_after=record.starts_at,  # never sent once it has started
            )
        broadcast = await plan_to_members(
            session, kampung.id, BroadcastKind.POKTAN, people, message, now=now
        )
        reminders.attach_broadcast(row, broadcast)
    data.delivery.wake()
    return True


async def catch_up(app: App) -> None:
    """Every pending row whose time has come, once (after downtime, or a lost wake-up)."""
    data = app.bot_data
    async with data.sessionmaker() as session:
        due = [row.id for row in await reminders.due_reminders(session, data.clock())]
    for reminder_id in due:
        await fire(app, reminder_id)


async def restore(app: App) -> None:
    """At start-up: catch up, then one wake-up per row still ahead, and the sweep."""
    await catch_up(app)
    async with app.bot_data.sessionmaker() as session:
        pending = await reminders.pending_reminders(session)
    schedule(app, reminders.reminder_ids(pending))
    run_repeating(app, sweep_job, SWEEP_JOB_ID, SWEEP_EVERY, first=SWEEP_EVERY)
    logger.info("%d Poktan reminder(s) scheduled", len(pending))
