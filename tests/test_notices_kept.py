"""A notice the scheduler records as given is queued in the same transaction.

The quarter nudge and the "reminders missed" notice were recorded (nudged, missed)
in one transaction and written to the outbox in another: a crash between the two
lost them for good. Here the outbox refuses the write once (the crash): then
nothing is recorded, and the next run records and sends them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import event, select

from models.reminder import QuarterNudge, ReminderStatus
from scheduler.nudge import check_quarter_nudge
from scheduler.reminders import catch_up, fire_reminder, reminder_job_id
from tests.conftest import ADMIN
from tests.reminder_support import (
    MEETING_START,
    ReminderHarness,
    create_meeting,
    reminder_bot,
    setup_kampung,
)
from tests.test_quarter_nudge import SEPT_10, nudges


class OutboxDown(Exception):
    """The process dies while writing to the outbox."""


@contextmanager
def outbox_down(bot: ReminderHarness) -> Iterator[None]:
    """Every write of a new broadcast fails while inside."""

    def refuse(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO BROADCAST"):
            raise OutboxDown(statement.split("(")[0])

    engine = bot.app.bot_data.engine.sync_engine
    event.listen(engine, "before_cursor_execute", refuse)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", refuse)


@pytest.fixture
async def bot(settings, clock):
    async with reminder_bot(settings, clock) as harness:
        await setup_kampung(harness)
        await create_meeting(harness)  # Triwulan III 2026, 15 August
        harness.api.clear()
        yield harness


def missed_notices(bot: ReminderHarness) -> list[str]:
    return [t for t in bot.api.texts(ADMIN.id) if "Pengingat tidak terkirim" in t]


async def test_a_nudge_that_could_not_be_queued_is_not_recorded_and_goes_next_time(bot):
    bot.clock.set(SEPT_10)
    with outbox_down(bot), pytest.raises(OutboxDown):
        await check_quarter_nudge(bot.app)
    async with bot.session() as session:
        assert list(await session.scalars(select(QuarterNudge))) == []

    await check_quarter_nudge(bot.app)  # the next hourly check
    await bot.drain()
    assert len(nudges(bot, ADMIN.id)) == 1
    await check_quarter_nudge(bot.app)
    await bot.drain()
    assert len(nudges(bot, ADMIN.id)) == 1


async def test_reminders_missed_are_not_marked_until_the_notice_is_queued(bot):
    bot.clock.set(MEETING_START + timedelta(minutes=30))  # all three fell due while down
    with outbox_down(bot), pytest.raises(OutboxDown):
        await catch_up(bot.app, at_startup=False)
    assert {r.status for r in await bot.reminders()} == {ReminderStatus.PENDING}

    await catch_up(bot.app, at_startup=False)  # the next sweep
    await bot.drain()
    assert {r.status for r in await bot.reminders()} == {ReminderStatus.MISSED}
    [notice] = missed_notices(bot)
    for label in ("H-7", "H-1", "3 jam"):
        assert f"Pengingat {label} (Sabtu, 15 Agustus 2026 · RT 07)" in notice


async def test_a_single_missed_wake_up_is_marked_with_its_notice(bot):
    [h7, _, _] = await bot.reminders()
    bot.clock.set(MEETING_START + timedelta(minutes=30))
    with outbox_down(bot), pytest.raises(OutboxDown):
        await fire_reminder(bot.app, h7.id)  # what the wake-up job runs
    assert {r.status for r in await bot.reminders()} == {ReminderStatus.PENDING}
    assert missed_notices(bot) == []

    await bot.run_job(reminder_job_id(h7.id))
    statuses = [r.status for r in await bot.reminders()]
    assert statuses == [ReminderStatus.MISSED, ReminderStatus.PENDING, ReminderStatus.PENDING]
    [notice] = missed_notices(bot)
    assert "Pengingat H-7" in notice and "pertemuan sudah dimulai" in notice
