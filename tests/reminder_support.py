"""Helpers for the reminder, broadcast, nudge and instance-lock tests.

``reminder_bot`` runs the real application like ``tests.harness.running_bot``,
but with the production ``SendLimiter`` whose clock is the test's ``FakeClock``
and whose sleep moves that clock: rate limits, ``retry_after`` and backoff are
all kept without a real second passing.
"""

from __future__ import annotations

import asyncio
import math
from collections import Counter
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select
from telegram.ext import Job

from bot.app import build_application, prepare, shutdown
from delivery.limiter import SendLimiter
from models.broadcast import Broadcast, BroadcastKind, Delivery
from models.kampung import Kampung
from models.meeting import Meeting
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.reminder import Reminder, ReminderStatus
from runtime.config import Settings
from scheduler.reminders import JOB_PREFIX
from tests.conftest import ADMIN
from tests.fakeapi import Call, FakeBotAPI
from tests.harness import GROUP_CHAT_ID, FakeClock, Harness, Person, RawConnections
from ui import keyboards

ONE_LINE = "/jadwal baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan"
MEETING_START = datetime(2026, 8, 15, 2, 0, tzinfo=UTC)  # 09.00 WIB
H7 = MEETING_START - timedelta(days=7)
H1 = MEETING_START - timedelta(days=1)
H3H = MEETING_START - timedelta(hours=3)
CADRES = [Person(7001 + i, f"Kader{i}") for i in range(3)]
CADRE_NAMES = ["Siti Aminah", "Budi Santoso", "Ani Lestari"]


class FakeSleep:
    """An ``asyncio.sleep`` that moves the fake clock instead of waiting."""

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.calls: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        # Whole microseconds, rounded up: the clock must never land before the deadline.
        # Sleepers side by side share the time that passes: the clock moves to the
        # latest deadline, it does not add them up.
        deadline = self.clock() + timedelta(microseconds=math.ceil(max(seconds, 0) * 1_000_000))
        await asyncio.sleep(0)
        if self.clock() < deadline:
            self.clock.set(deadline)


class ReminderHarness(Harness):
    sleep: FakeSleep

    async def reminders(self) -> list[Reminder]:
        async with self.session() as session:
            return list(await session.scalars(select(Reminder).order_by(Reminder.id)))

    async def pending(self) -> list[Reminder]:
        return [r for r in await self.reminders() if r.status is ReminderStatus.PENDING]

    async def reminder_deliveries(self) -> list[Delivery]:
        async with self.session() as session:
            return list(
                await session.scalars(
                    select(Delivery)
                    .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
                    .where(Broadcast.kind == BroadcastKind.REMINDER)
                    .order_by(Delivery.id)
                )
            )

    async def meeting(self) -> Meeting:
        async with self.session() as session:
            meetings = list(await session.scalars(select(Meeting).order_by(Meeting.id)))
        return meetings[-1]

    def reminder_jobs(self) -> dict[str, Job[Any]]:
        """The wake-ups in the job queue, by APScheduler job id."""
        queue = self.app.job_queue
        assert queue is not None
        return {job.job.id: job for job in queue.jobs() if job.job.id.startswith(JOB_PREFIX)}

    async def run_job(self, job_id: str, *, drain: bool = True) -> None:
        """Run a job exactly as the job queue would when it fires."""
        queue = self.app.job_queue
        assert queue is not None
        [job] = [job for job in queue.jobs() if job.job.id == job_id]
        await job.run(self.app)
        if drain:
            await self.drain()

    def reminders_sent(self, chat_id: int) -> list[Call]:
        return [c for c in self.api.sent(chat_id) if "Pengingat pertemuan" in c.text]


@asynccontextmanager
async def reminder_bot(
    settings: Settings,
    clock: FakeClock,
    api: FakeBotAPI | None = None,
    *,
    clean_stop: bool = False,
) -> AsyncIterator[ReminderHarness]:
    """The real application, started as ``python -m bot`` would, rate limiter included.

    Leaving the block without ``clean_stop`` abandons the process (as a kill
    would): the instance lock is not released.
    """
    api = api or FakeBotAPI(clock)
    sleep = FakeSleep(clock)
    limiter = SendLimiter(monotonic=lambda: clock().timestamp(), sleep=sleep)
    app = build_application(settings, request=api, clock=clock, rate_limiter=limiter)
    connections = RawConnections(app.bot_data.engine)
    async with app:
        await prepare(app)
        await app.bot_data.delivery.drain()  # what start-up wrote to the outbox goes out
        harness = ReminderHarness(app, api, clock)
        harness.sleep = sleep
        try:
            yield harness
        finally:
            if clean_stop:
                await shutdown(app)
            else:
                await app.bot_data.delivery.stop()
            # What the operating system does to a process that ends, killed or not.
            await connections.close_all()


def with_group(settings: Settings, **changes: Any) -> Settings:
    return settings.model_copy(update={"GROUP_CHAT_ID": GROUP_CHAT_ID, **changes})


async def add_members(
    bot: Harness,
    people: Sequence[Person],
    names: Sequence[str] | None = None,
    *,
    admin: bool = False,
) -> list[Member]:
    """Active members, straight into the database (the registration flow is tested elsewhere)."""
    now = bot.clock()
    async with bot.session() as session, session.begin():
        kampung_id = await session.scalar(select(Kampung.id))
        members = [
            Member(
                kampung_id=kampung_id,
                telegram_id=person.id,
                full_name=(names[i] if names else f"Kader Nomor {i + 1}"),
                rt="03",
                poktan=Poktan.BKB,
                role=MemberRole.ADMIN if admin else MemberRole.CADRE,
                status=MemberStatus.ACTIVE,
                consent_at=now,
                blocked_bot=False,
                decided_at=now,
                created_at=now,
                updated_at=now,
            )
            for i, person in enumerate(people)
        ]
        session.add_all(members)
    return members


async def setup_kampung(bot: Harness, cadres: Sequence[Person] = CADRES) -> None:
    """The admin (secretary) and the cadres, all active; the group comes from the settings."""
    await add_members(bot, [ADMIN], ["Rina Sekretaris"], admin=True)
    names = CADRE_NAMES if list(cadres) == CADRES else None
    await add_members(bot, cadres, names)


async def create_meeting(bot: Harness, line: str = ONE_LINE) -> Meeting:
    """The secretary plans a meeting with the one-line form and saves it."""
    await bot.send(ADMIN, line)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    async with bot.session() as session:
        return (await session.scalars(select(Meeting).order_by(Meeting.id.desc()))).first()


def count_by_chat(calls: Sequence[Call]) -> Counter[int]:
    return Counter(call.chat_id for call in calls if call.chat_id is not None)
