"""The Poktan month's start-up pass (issue 18, *Performance*): a bot back after the 1st
polls at once and writes the registers in its first job, not before it answers anyone;
the delivery worker sends each kampung's registers while the next are being written;
a kampung's registers cost the same few statements however many groups it has.

Kampung A as in ``tests/test_poktan_month.py`` (BKB Melati, chair Ani; BKR Mawar, chair
Budi); for the second test also kampung B with one group (chair Dewi).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession

import scheduler.poktan_month as poktan_month_job
from models.broadcast import Broadcast, BroadcastKind, Delivery, Outgoing, plan_to_chats
from models.kampung import Kampung
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.poktan import families, groups, sessions
from models.poktan.kinds import PoktanKind
from models.poktan.months import PoktanMonth
from runtime.config import Settings
from scheduler.poktan_month import POKTAN_MONTH_JOB_ID, run_poktan_month
from tests.fakeapi import FakeBotAPI
from tests.harness import FakeClock, Harness, Person, running_bot, with_operators
from tests.test_poktan_month import ANI, BUDI, JUNE, setup_june, wib

DEWI = Person(7311, "Dewi")
MORE_CHAIRS = [Person(7320 + n, f"Ketua {n}") for n in range(4)]


def registers_to(bot: Harness, person: Person) -> list[str]:
    return [text for text in bot.api.texts(person.id) if "Register" in text]


async def prompts_sent(bot: Harness) -> list[int]:
    async with bot.session() as session:
        rows = await session.scalars(select(PoktanMonth).where(PoktanMonth.month == JUNE))
        return sorted(row.prompts_sent for row in rows)


async def test_a_bot_back_after_the_1st_answers_before_its_first_job_writes_the_registers(
    settings: Settings, clock: FakeClock
) -> None:
    settings = with_operators(settings)
    api = FakeBotAPI(clock)
    clock.set(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
    async with running_bot(settings, clock, api) as first:
        await setup_june(first)
    api.clear()

    clock.set(wib(1, 9, 0))  # down over 07.00 on the 1st: both chairs are owed the register
    async with running_bot(settings, clock, api) as bot:
        # Start-up (``prepare``) is over and wrote nothing: the pass is not part of it.
        assert registers_to(bot, ANI) == [] and await prompts_sent(bot) == []
        queue = bot.app.job_queue
        assert queue is not None
        [job] = [job for job in queue.jobs() if job.job.id == POKTAN_MONTH_JOB_ID]
        assert job.next_t is not None and job.next_t <= datetime.now(UTC)  # due at once
        # The first update is answered before the pass has run.
        await bot.send(ANI, "/jadwal")
        assert bot.api.texts(ANI.id) and registers_to(bot, ANI) == []
        # The job queue runs (as when ``python -m bot`` starts polling): the pass comes.
        queue.scheduler.resume()
        try:
            await bot.until(lambda: bool(registers_to(bot, ANI) and bot.api.texts(BUDI.id)))
        finally:
            queue.scheduler.pause()
        await bot.drain()
        assert len(registers_to(bot, ANI)) == 1 and len(bot.api.texts(BUDI.id)) == 1
        assert await prompts_sent(bot) == [1, 1]
        # Then every few minutes, the same job: nothing is owed twice.
        [job] = [job for job in queue.jobs() if job.job.id == POKTAN_MONTH_JOB_ID]
        assert job.next_t is not None and job.next_t > datetime.now(UTC)
        assert await run_poktan_month(bot.app) == 0


async def _chair(
    session: AsyncSession, kampung_id: int, person: Person, name: str, now: datetime
) -> Member:
    """An active cadre of the kampung, straight into the database."""
    member = Member(
        kampung_id=kampung_id,
        telegram_id=person.id,
        full_name=name,
        rt="01",
        poktan=Poktan.BKL,
        role=MemberRole.CADRE,
        status=MemberStatus.ACTIVE,
        consent_at=now,
        blocked_bot=False,
        decided_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(member)
    await session.flush()
    return member


async def _second_kampung(bot: Harness) -> None:
    """Kampung B (made on 1 June) with BKL Anggrek, chaired by Dewi, nothing recorded."""
    now = bot.clock()
    async with bot.session() as session, session.begin():
        kampung = Kampung(
            name="Kampung KB Sukamaju",
            timezone="Asia/Jakarta",
            rt_order="01,02",
            from_settings=False,
            created_at=now,
            updated_at=now,
        )
        session.add(kampung)
        await session.flush()
        dewi = await _chair(session, kampung.id, DEWI, "Dewi Anggraini", now)
        anggrek = await groups.create_group(
            session, kampung.id, kind=PoktanKind.BKL, name="BKL Anggrek", rts=[], now=now
        )
        await groups.add_chair(session, anggrek, dewi.id, now=now)


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock):  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def test_the_first_batchs_registers_go_while_the_next_batch_is_written(
    bot: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    await setup_june(bot)
    await _second_kampung(bot)
    bot.api.clear()
    bot.clock.set(wib(1, 7, 0))
    monkeypatch.setattr(poktan_month_job, "KAMPUNGS_AT_ONCE", 1)  # a batch per kampung
    original: Callable[..., Awaitable[int]] = poktan_month_job.run_kampungs_month
    batches: list[list[int]] = []

    async def watched(app, kampung_ids: list[int], now: datetime) -> int:  # type: ignore[no-untyped-def]
        if batches:  # kampung B: A's registers must be on their way before B's are written
            await bot.until(lambda: bool(registers_to(bot, ANI) and bot.api.texts(BUDI.id)))
            assert bot.api.texts(DEWI.id) == []
        batches.append(list(kampung_ids))
        return await original(app, kampung_ids, now)

    monkeypatch.setattr(poktan_month_job, "run_kampungs_month", watched)
    assert await run_poktan_month(bot.app) == 3
    await bot.drain()
    assert len(batches) == 2
    assert [len(bot.api.texts(p.id)) for p in (ANI, BUDI, DEWI)] == [1, 1, 1]
    assert await prompts_sent(bot) == [1, 1, 1]


async def test_kampungs_in_one_batch_each_get_their_own_registers_once(bot: Harness) -> None:
    await setup_june(bot)
    await _second_kampung(bot)
    bot.api.clear()
    assert await run_poktan_month(bot.app) == 0  # 1 June: nothing owed yet
    bot.clock.set(wib(1, 7, 0))
    assert await run_poktan_month(bot.app) == 3  # both kampungs in one batch
    await bot.drain()
    assert await run_poktan_month(bot.app) == 0
    await bot.drain()
    assert [len(bot.api.texts(p.id)) for p in (ANI, BUDI, DEWI)] == [1, 1, 1]
    assert "BKL Anggrek" in bot.api.texts(DEWI.id)[0]
    async with bot.session() as session:
        rows = await session.execute(
            select(Delivery.chat_id, Broadcast.kampung_id)
            .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
            .where(Broadcast.kind == BroadcastKind.POKTAN_MONTH)
        )
        kampung_of = dict(rows.tuples().all())
    # Each register is written in its own kampung's outbox.
    assert kampung_of[ANI.id] == kampung_of[BUDI.id] == bot.app.bot_data.kampung_id
    assert kampung_of[DEWI.id] != kampung_of[ANI.id]


async def _statements_of_the_pass(bot: Harness) -> tuple[int, int]:
    """(messages written, SQL statements run) by one pass, the worker kept asleep."""
    engine = bot.app.bot_data.engine.sync_engine
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    delivery = bot.app.bot_data.delivery
    wake = delivery.wake
    delivery.wake = lambda: None  # type: ignore[method-assign]
    event.listen(engine, "before_cursor_execute", count)
    try:
        written = await run_poktan_month(bot.app)
    finally:
        event.remove(engine, "before_cursor_execute", count)
        delivery.wake = wake  # type: ignore[method-assign]
    await bot.drain()
    return written, len(seen)


async def test_a_kampungs_registers_cost_the_same_statements_for_two_groups_as_for_six(
    bot: Harness,
) -> None:
    await setup_june(bot)  # two groups, one with a session
    bot.clock.set(wib(1, 7, 0))
    two = await _statements_of_the_pass(bot)
    # Four more groups in July, each with its chair, families and a session.
    kampung_id = bot.app.bot_data.kampung_id
    now = bot.clock()
    rts = [f"{n:02d}" for n in range(1, 13)]
    async with bot.session() as session, session.begin():
        for number, person in enumerate(MORE_CHAIRS):
            chair = await _chair(session, kampung_id, person, f"Ketua Kelompok {number}", now)
            group = await groups.create_group(
                session, kampung_id, kind=PoktanKind.BKL, name=f"BKL {number}", rts=[], now=now
            )
            await groups.add_chair(session, group, chair.id, now=now)
            lines, bad = families.parse_family_lines(
                "Ibu Ros - 01 - 1\nIbu Tini - 02 - 2", group, rts
            )
            assert not bad
            added, _ = await families.add_families(session, group, lines, now=now)
            await sessions.record_session(
                session,
                group,
                held_on=date(2026, 7, 20),
                today=date(2026, 7, 20),
                topic="Lansia sehat",
                family_ids=[added[0].id],
                by_id=chair.id,
                now=now,
            )
    bot.clock.set(datetime(2026, 8, 1, 7, 0, tzinfo=ZoneInfo("Asia/Jakarta")))
    six = await _statements_of_the_pass(bot)
    assert (two[0], six[0]) == (2, 6)
    # The reads and claims do not grow with the groups; the outbox rows may (one INSERT
    # per row on SQLite, which SQLAlchemy does not batch with RETURNING; one in all on
    # PostgreSQL). Claimed and read group by group, it was ten more statements a group.
    assert six[1] - two[1] <= 2 * (six[0] - two[0])
    assert [len(registers_to(bot, p)) for p in MORE_CHAIRS] == [1, 1, 1, 1]


async def test_sending_a_register_costs_its_claim_its_answer_and_little_more(
    bot: Harness,
) -> None:
    """Each register is a broadcast of its own: no per-broadcast reads, closing or
    rereading of the queue on top of the claim and the answer (the two writes that make
    a killed process resend at most what was in flight)."""
    chats = [8_300_000 + n for n in range(40)]
    kampung_id = bot.app.bot_data.kampung_id
    letters = [(kampung_id, chat, None, Outgoing(f"Register {chat}")) for chat in chats]
    async with bot.session() as session, session.begin():
        await plan_to_chats(session, BroadcastKind.POKTAN_MONTH, letters, now=bot.clock())
    engine = bot.app.bot_data.engine.sync_engine
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        await bot.drain()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert sorted(c.chat_id for c in bot.api.of("sendMessage")) == chats  # each once
    assert len(seen) <= 2 * len(chats) + 10  # it was 5 a register
    async with bot.session() as session:
        open_ones = await session.scalar(
            select(func.count(Broadcast.id)).where(Broadcast.finished_at.is_(None))
        )
    assert open_ones == 0  # all closed once the queue was empty
