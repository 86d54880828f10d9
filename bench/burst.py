"""Burst: many cadres press an RSVP button at the same moment.

Every press comes from a different cadre, on the next meeting; their earlier
answers are removed first, so each press inserts its row. Measured: rows stored,
presses answered (``answerCallbackQuery`` in the fake's log), and the time from
the burst's arrival to each answer.

Variants:

- ``gather``: ``asyncio.gather`` of ``Application.process_update`` (no limit on
  how many are handled at once), without a rate limiter (as the tests run);
- ``update queue``: put on ``Application.update_queue`` of the started
  application, handled 32 at a time (the update processor's ``handling_limit``;
  one cadre's updates in order), with the
  production rate limiter (``build_application(rate_limiter=True)``): what the
  running bot does; presses on each cadre's private card;
- the same burst on the one announcement in the kampung's group, so every press
  edits that one group message (the group send limits are the tightest): handled
  32 at a time by a semaphore like the update queue's, so that it can be called
  off after ``Sizes.group_burst_cap`` seconds if the edits stall.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from telegram import Update

from bench.common import (
    BenchBot,
    Benchmark,
    Options,
    Section,
    Table,
    counting_errors,
    forget_rsvps,
    fresh_heap,
    group_message,
    private_message,
    seeded_bot,
    verdict,
)
from bot.updates import UserOrderedUpdateProcessor
from models.meeting import Rsvp
from tests.harness import Person
from ui import keyboards

QUEUE_TIMEOUT = 180.0  # seconds; a private-chat burst never comes near it


def handling_limit(app: Any) -> int:
    """How many updates the application handles at once (python-telegram-bot's own
    ``concurrent_updates`` is set far higher; see bot/updates.py)."""
    processor = app.update_processor
    if isinstance(processor, UserOrderedUpdateProcessor):
        return processor.handling_limit
    return int(app.concurrent_updates)


@dataclass
class BurstResult:
    variant: str
    presses: int
    stored: int
    answered: int
    edits: int
    first_ms: float | None
    median_ms: float | None
    last_ms: float | None
    handled_ms: float  # until every press was handled (or the burst was called off)
    cpu_ms: float  # CPU time of the process (all threads) meanwhile
    called_off: bool
    errors: int
    answers_ms: list[float]  # every answer, ms after the burst's arrival
    first_error: str | None = None  # the first ERROR logged, when there was one

    def as_dict(self) -> dict[str, Any]:
        def r(value: float | None) -> float | None:
            return None if value is None else round(value, 1)

        return {
            "variant": self.variant,
            "presses": self.presses,
            "stored": self.stored,
            "answered": self.answered,
            "edits": self.edits,
            "first_answer_ms": r(self.first_ms),
            "median_answer_ms": r(self.median_ms),
            "last_answer_ms": r(self.last_ms),
            "handled_ms": r(self.handled_ms),
            "cpu_ms": r(self.cpu_ms),
            "called_off": self.called_off,
            "all_stored": self.stored == self.presses,
            "all_answered": self.answered == self.presses,
            "errors": self.errors,
            "first_error": self.first_error,
        }


def _presses(bench: BenchBot, people: Sequence[Person], *, in_group: bool) -> list[Update]:
    meeting_id = bench.seeded.next_meeting_id
    markup = keyboards.rsvp(meeting_id).to_dict()
    data = f"{keyboards.CB_RSVP}{meeting_id}:hadir"
    updates = []
    for person in people:
        if in_group:
            message = group_message("📅 Pertemuan Rutin", markup)
        else:
            message = private_message(person, "📅 Pertemuan Rutin", markup)
        updates.append(bench.harness.press_update(person, data, message))
    return updates


async def _stored(bench: BenchBot, people: Sequence[Person]) -> int:
    ids = [bench.seeded.member_ids[p.id] for p in people]
    async with bench.harness.session() as session:
        return (
            await session.scalar(
                select(func.count())
                .select_from(Rsvp)
                .where(Rsvp.meeting_id == bench.seeded.next_meeting_id, Rsvp.member_id.in_(ids))
            )
            or 0
        )


async def _burst(
    bench: BenchBot,
    variant: str,
    people: Sequence[Person],
    *,
    how: str,
    in_group: bool = False,
    cap: float | None = None,
) -> BurstResult:
    app = bench.app
    await forget_rsvps(bench, bench.seeded.next_meeting_id, people)
    updates = _presses(bench, people, in_group=in_group)
    query_ids = {u.callback_query.id for u in updates if u.callback_query is not None}
    bench.api.reset()
    called_off = False
    cpu = time.process_time()
    with counting_errors() as errors, fresh_heap():
        if how == "queue":
            await app.start()
            try:
                start = time.perf_counter()
                for update in updates:
                    app.update_queue.put_nowait(update)
                await asyncio.wait_for(app.update_queue.join(), timeout=QUEUE_TIMEOUT)
                handled = time.perf_counter()
            finally:
                await app.stop()
        elif how == "gather":
            start = time.perf_counter()
            await asyncio.gather(*(app.process_update(u) for u in updates))
            handled = time.perf_counter()
        else:  # "capped": as the update queue does (a semaphore), but can be called off
            slots = asyncio.Semaphore(handling_limit(app))

            async def handle(update: Update) -> None:
                async with slots:
                    await app.process_update(update)

            start = time.perf_counter()
            tasks = [asyncio.create_task(handle(u)) for u in updates]
            _, unfinished = await asyncio.wait(tasks, timeout=cap)
            handled = time.perf_counter()
            called_off = bool(unfinished)
            for task in unfinished:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
    answers = sorted(
        (stamp - start) * 1000.0
        for method, stamp, params in bench.api.stamps
        if method == "answerCallbackQuery" and params.get("callback_query_id") in query_ids
    )
    return BurstResult(
        variant=variant,
        presses=len(updates),
        stored=await _stored(bench, people),
        answered=len(answers),
        edits=bench.api.count("editMessageText"),
        first_ms=answers[0] if answers else None,
        median_ms=answers[len(answers) // 2] if answers else None,
        last_ms=answers[-1] if answers else None,
        handled_ms=(handled - start) * 1000.0,
        cpu_ms=(time.process_time() - cpu) * 1000.0,
        called_off=called_off,
        errors=errors.count,
        answers_ms=answers,
        first_error=errors.first,
    )


def _late_rate(result: BurstResult, cap: float) -> float:
    """Answers per second in the second half of a called-off burst's window."""
    half_ms = cap * 500.0
    return sum(1 for ms in result.answers_ms if ms >= half_ms) / (cap / 2)


# Issue 20: 500 presses arriving at once, the last answered within 5 s.
LAST_ANSWER_GOAL_MS = 5_000.0


async def run(options: Options) -> Section:
    sizes = options.sizes
    n = sizes.burst
    section = Section("burst", f"Burst: {n} RSVP presses from {n} cadres at once")
    results: list[BurstResult] = []
    notes: list[str] = []
    async with seeded_bot(sizes) as bench:
        cadres = bench.seeded.cadres
        results.append(await _burst(bench, "gather, no rate limiter", cadres[:n], how="gather"))
        slots = handling_limit(bench.app)
    async with seeded_bot(sizes, rate_limiter=True) as bench:
        limiter = type(bench.app.bot.rate_limiter).__name__
        cadres = bench.seeded.cadres
        results.append(
            await _burst(bench, f"update queue, {limiter}, private", cadres[:n], how="queue")
        )
        cap = sizes.group_burst_cap
        group = await _burst(
            bench,
            f"{slots} at a time, {limiter}, group msg",
            cadres[n : 2 * n],
            how="capped",
            in_group=True,
            cap=cap,
        )
        results.append(group)
        if group.called_off:
            rate = _late_rate(group, cap)
            remaining = group.presses - group.answered
            eta = f"≈ {remaining / rate:.0f} s more" if rate > 0 else "who knows how long"
            why = ""
            if rate < 1.0:
                why = (
                    " Every press edits the one group message; at this rate the edits wait for "
                    f"the group's limit in {limiter}, and each waiting edit keeps one of the "
                    f"{slots} update slots, so every other update queues behind."
                )
            notes.append(
                f"Group burst called off after {cap:g} s: {group.answered}/{group.presses} "
                f"answered, {group.stored} stored; {rate:.2f} answers/s in the second half "
                f"of the window, so the other {remaining} presses would need {eta}.{why}"
            )

    table = Table(
        f"{sizes.members:,} members; times from the burst's arrival; SQLite file",
        [
            "variant",
            "presses",
            "stored",
            "answered",
            "1st answer ms",
            "median ms",
            "last answer ms",
            "all handled ms",
            "presses/s",
            "cpu s",
            "errors",
            f"last ≤ {LAST_ANSWER_GOAL_MS / 1000:g} s",
        ],
    )
    for result in results:
        last = result.last_ms
        table.add(
            result.variant,
            result.presses,
            result.stored,
            result.answered,
            result.first_ms if result.first_ms is not None else "-",
            result.median_ms if result.median_ms is not None else "-",
            (f"> {result.handled_ms:,.0f}" if result.called_off else last)
            if last is not None
            else "-",
            f"> {result.handled_ms:,.0f}" if result.called_off else result.handled_ms,
            f"{result.answered / (result.handled_ms / 1000.0):.0f}",
            f"{result.cpu_ms / 1000.0:.1f}",
            result.errors,
            verdict(not result.called_off and last is not None and last <= LAST_ANSWER_GOAL_MS),
        )
    section.tables.append(table)
    complete = [r for r in results if not r.called_off]
    section.notes += [
        "All stored and all answered: "
        + "; ".join(
            f"{r.variant}: {'yes' if r.stored == r.answered == r.presses else 'NO'}"
            for r in complete
        )
        + ".",
        "Each press: look up the member, the meeting, upsert the answer, count the tally "
        "(one transaction, BEGIN IMMEDIATE on SQLite), then answerCallbackQuery, then "
        "editMessageText with the new tally.",
        "cpu s: CPU time of the whole process (event loop and aiosqlite threads) during the "
        "burst; when it is close to the wall time, the burst is bound by the CPU (one core: "
        "the event loop), not by waiting for locks.",
        *notes,
        *(f"First error logged in {r.variant}: {r.first_error}" for r in results if r.errors),
    ]
    section.data = {
        "members": sizes.members,
        "presses": n,
        "concurrent_updates": slots,
        "variants": [r.as_dict() for r in results],
    }
    return section


BENCHMARK = Benchmark("burst", "Burst of RSVP presses", run)
