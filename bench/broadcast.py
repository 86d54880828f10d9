"""An announcement to 1,000 recipients under Telegram's limits, in real time.

The real ``bot.broadcast.deliver_broadcast`` sends one announcement (the meeting
card with its RSVP buttons, planned by ``models.broadcast.plan_broadcast``) to a
seeded kampung: 998 active cadres, the secretary and the group — 1,000 chats.
The application's own ``SendLimiter`` paces it, on the real clock with real
sleeps, against an offline fake of the Bot API that enforces Telegram's limits
on arrival (``EnforcingFakeBotAPI``): at most 30 messages in any 1 s window
(sliding), at most 1 per second to one chat, 20 per minute to one group, and a
429 with ``retry_after`` beyond.

Three variants:

- the judged one: ``SendLimiter`` against the enforcing fake, which answers at
  once (target ≥ 28.5 messages/s with zero 429s);
- no rate limiter against a fake without limits: how fast the bot itself can go
  (the database work of each delivery: claim before the send, confirm after);
- ``SendLimiter`` against the enforcing fake, with a network round trip per
  request (``ROUND_TRIP``): ``deliver_broadcast`` sends one message at a time,
  so over a real network each message costs at least one round trip.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import math
import os
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any

from sqlalchemy import func, select
from telegram.request import RequestData

from bench.common import (
    FULL,
    BenchBot,
    Benchmark,
    Options,
    Section,
    Table,
    TimedFakeBotAPI,
    counting_errors,
    fresh_heap,
    seeded_bot,
    verdict,
)
from bot import keyboards, texts
from bot.broadcast import deliver_broadcast
from bot.ratelimit import SendLimiter
from models.broadcast import BroadcastKind, BroadcastSummary, Delivery, plan_broadcast
from models.kampung import get_kampung
from models.meeting import get_meeting, rsvp_tally

RATE_TARGET = 28.5  # messages per second: 95 % of Telegram's 30
PER_SECOND = 30  # Telegram: messages per second, all chats together
CHAT_INTERVAL = 1.0  # Telegram: seconds between two messages to one chat
GROUP_PER_MINUTE = 20  # Telegram: messages per minute to one group
ROUND_TRIP = 0.100  # seconds, for the variant over a network (one way is half)
RECIPIENTS = {False: 1_000, True: 100}  # full, --quick
RECIPIENTS_OVER_NETWORK = {False: 150, True: 40}


class EnforcingFakeBotAPI(TimedFakeBotAPI):
    """The recording fake, keeping Telegram's sending limits the way Telegram does.

    Every ``send*`` request is judged when it arrives (``time.monotonic``): over
    the limits it is refused with 429 Too Many Requests and ``retry_after``
    (whole seconds, at least 1, like Telegram), and is not counted. Its own
    bookkeeping: nothing is shared with ``bot.ratelimit``. ``round_trip`` adds
    half of it before the request arrives and half after it is answered.
    """

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        *,
        enforce: bool = True,
        round_trip: float = 0.0,
    ) -> None:
        super().__init__(clock)
        self.enforce = enforce
        self.round_trip = round_trip
        self.accepted: list[tuple[float, int]] = []  # (arrival, chat id) of each message let in
        self.refused: list[tuple[float, int, int]] = []  # (arrival, chat id, retry_after)
        self._overall: deque[float] = deque()
        self._last_to_chat: dict[int, float] = {}
        self._to_group: dict[int, deque[float]] = {}

    def over_limit(self, chat_id: int, now: float) -> float:
        """Seconds until a message to ``chat_id`` would be let in (0: now)."""
        while self._overall and self._overall[0] <= now - 1.0:
            self._overall.popleft()
        waits = [0.0]
        if len(self._overall) >= PER_SECOND:
            waits.append(self._overall[0] + 1.0 - now)
        last = self._last_to_chat.get(chat_id)
        if last is not None and now - last < CHAT_INTERVAL:
            waits.append(last + CHAT_INTERVAL - now)
        group = self._to_group.get(chat_id)
        if chat_id < 0 and group is not None:
            while group and group[0] <= now - 60.0:
                group.popleft()
            if len(group) >= GROUP_PER_MINUTE:
                waits.append(group[0] + 60.0 - now)
        return max(waits)

    def _let_in(self, chat_id: int, now: float) -> None:
        self._overall.append(now)
        self._last_to_chat[chat_id] = now
        if chat_id < 0:
            self._to_group.setdefault(chat_id, deque()).append(now)
        self.accepted.append((now, chat_id))

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if self.round_trip:
            await asyncio.sleep(self.round_trip / 2)
        api_method = url.rsplit("/", 1)[-1]
        answer: tuple[int, bytes] | None = None
        if api_method.startswith("send") and request_data is not None:
            chat_id = int(request_data.parameters["chat_id"])
            now = time.monotonic()
            wait = self.over_limit(chat_id, now) if self.enforce else 0.0
            if wait > 0:
                retry_after = max(1, math.ceil(wait))
                self.refused.append((now, chat_id, retry_after))
                body = {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                }
                answer = (429, json.dumps(body).encode())
            else:
                self._let_in(chat_id, now)
        if answer is None:
            answer = await super().do_request(
                url,
                method,
                request_data,
                read_timeout=read_timeout,
                write_timeout=write_timeout,
                connect_timeout=connect_timeout,
                pool_timeout=pool_timeout,
            )
        if self.round_trip:
            await asyncio.sleep(self.round_trip / 2)
        return answer

    def busiest_second(self) -> int:
        """The most messages let in within any 1 s window (sliding)."""
        times = [at for at, _ in self.accepted]
        best = start = 0
        for end, at in enumerate(times):
            while times[start] <= at - 1.0:
                start += 1
            best = max(best, end - start + 1)
        return best


class TimedSessions:
    """Wraps the bot's sessionmaker: counts transactions and the seconds spent in them."""

    def __init__(self, sessionmaker: Any) -> None:
        self.sessionmaker = sessionmaker
        self.count = 0
        self.seconds = 0.0

    def __call__(self, *args: Any, **kwargs: Any) -> _TimedSession:
        return _TimedSession(self, self.sessionmaker(*args, **kwargs))


class _TimedSession:
    def __init__(self, owner: TimedSessions, session: Any) -> None:
        self.owner = owner
        self.session = session
        self.started = 0.0

    async def __aenter__(self) -> Any:
        self.started = time.perf_counter()
        return await self.session.__aenter__()

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            await self.session.__aexit__(kind, error, trace)
        finally:
            self.owner.count += 1
            self.owner.seconds += time.perf_counter() - self.started


@dataclass
class Result:
    variant: str
    recipients: int  # chats planned: members and the group
    reached: int  # chats the message reached (deliveries sent)
    failed: int
    seconds: float  # wall time of deliver_broadcast
    plan_seconds: float  # plan_broadcast (and the card), before it
    refused: int  # 429s
    busiest_second: int
    db_ms_per_message: float
    transactions: int
    limited: bool  # paced by SendLimiter
    round_trip_ms: float
    judged: bool

    @property
    def rate(self) -> float:
        return self.reached / self.seconds

    @property
    def met(self) -> bool:
        return self.rate >= RATE_TARGET and self.refused == 0 and self.reached == self.recipients

    def as_dict(self) -> dict[str, Any]:
        figures = dataclasses.asdict(self) | {"messages_per_s": round(self.rate, 2)}
        figures["seconds"] = round(self.seconds, 2)
        figures["plan_seconds"] = round(self.plan_seconds, 2)
        figures["db_ms_per_message"] = round(self.db_ms_per_message, 2)
        if self.judged:
            figures["target_met"] = self.met
        return figures


async def _announce(bench: BenchBot) -> tuple[int, str, Any]:
    """Plan the announcement of the next meeting, as ``handlers.schedule.save`` does."""
    clock = bench.harness.clock
    async with bench.harness.session() as session, session.begin():
        kampung = await get_kampung(session, bench.seeded.kampung_id)
        meeting = await get_meeting(session, kampung.id, bench.seeded.next_meeting_id)
        assert meeting is not None
        broadcast = await plan_broadcast(
            session, kampung, meeting, BroadcastKind.ANNOUNCEMENT, now=clock()
        )
        tally = await rsvp_tally(session, meeting)
        card = texts.meeting_card(meeting, kampung.name, bench.settings.tz, clock(), tally)
        return broadcast.id, card, keyboards.rsvp(meeting.id)


async def _planned(bench: BenchBot, broadcast_id: int) -> int:
    async with bench.harness.session() as session:
        count = await session.scalar(
            select(func.count()).select_from(Delivery).where(Delivery.broadcast_id == broadcast_id)
        )
        return count or 0


def _reached(summary: BroadcastSummary) -> int:
    return summary.sent + (1 if summary.group_sent else 0)


async def measure(
    variant: str,
    recipients: int,
    *,
    limited: bool | Callable[[], SendLimiter],
    enforce: bool,
    round_trip: float = 0.0,
    judged: bool = False,
) -> Result:
    """One announcement to ``recipients`` chats (the group, the secretary, the rest cadres)."""
    sizes = dataclasses.replace(FULL, members=recipients - 2, meetings=8)

    def fake(clock: Callable[[], datetime]) -> EnforcingFakeBotAPI:
        return EnforcingFakeBotAPI(clock, enforce=enforce, round_trip=round_trip)

    limiter = limited() if callable(limited) else limited
    async with seeded_bot(sizes, rate_limiter=limiter, fake=fake) as bench:
        api = bench.api
        assert isinstance(api, EnforcingFakeBotAPI)
        planning = time.perf_counter()
        broadcast_id, card, markup = await _announce(bench)
        plan_seconds = time.perf_counter() - planning
        planned = await _planned(bench, broadcast_id)
        if planned != recipients:
            raise RuntimeError(f"{planned} deliveries planned, not {recipients}")
        data = bench.app.bot_data
        timed = TimedSessions(data.sessionmaker)
        data.sessionmaker = timed  # type: ignore[assignment]
        api.reset()
        api.accepted.clear()
        with fresh_heap():
            started = time.perf_counter()
            summary = await deliver_broadcast(bench.app.bot, data, broadcast_id, card, markup)
            seconds = time.perf_counter() - started
        data.sessionmaker = timed.sessionmaker
    reached = _reached(summary)
    return Result(
        variant=variant,
        recipients=recipients,
        reached=reached,
        failed=summary.failed,
        seconds=seconds,
        plan_seconds=plan_seconds,
        refused=len(api.refused),
        busiest_second=api.busiest_second(),
        db_ms_per_message=timed.seconds * 1000.0 / max(reached, 1),
        transactions=timed.count,
        limited=bool(limited),
        round_trip_ms=round_trip * 1000.0,
        judged=judged,
    )


def ideal_seconds(messages: int) -> float:
    """The shortest time ``messages`` can take under 30 per sliding second (burst first)."""
    return float((messages - 1) // PER_SECOND)


async def run(options: Options) -> Section:
    quick = options.quick
    n = RECIPIENTS[quick]
    n_network = RECIPIENTS_OVER_NETWORK[quick]
    section = Section("broadcast", f"Broadcast to {n:,} recipients under Telegram's limits")
    load_before = os.getloadavg()[0]
    with counting_errors() as errors:
        results = [
            await measure(
                "SendLimiter, fake enforcing the limits",
                n,
                limited=True,
                enforce=True,
                judged=True,
            ),
            await measure(
                "no limiter, fake without limits (the bot's own pace)",
                n,
                limited=False,
                enforce=False,
            ),
            await measure(
                f"SendLimiter, enforcing fake, {ROUND_TRIP * 1000:.0f} ms round trip",
                n_network,
                limited=True,
                enforce=True,
                round_trip=ROUND_TRIP,
            ),
        ]
    load_after = os.getloadavg()[0]
    table = Table(
        f"One announcement through deliver_broadcast; target ≥ {RATE_TARGET:g} messages/s "
        "with zero 429s (first row)",
        [
            "variant",
            "chats",
            "reached",
            "failed",
            "plan s",
            "send s",
            "msg/s",
            "429s",
            "max in 1 s",
            "DB ms/msg",
            "target",
        ],
    )
    for r in results:
        table.add(
            r.variant,
            r.recipients,
            r.reached,
            r.failed,
            r.plan_seconds,
            r.seconds,
            r.rate,
            r.refused,
            r.busiest_second,
            r.db_ms_per_message,
            verdict(r.met) if r.judged else "-",
        )
    section.tables.append(table)
    judged, own, network = results
    ideal = ideal_seconds(judged.recipients)
    per_message_network = network.seconds / network.reached
    section.notes += [
        f"Recipients: {judged.recipients - 2:,} active cadres, the secretary and the group, "
        "seeded straight into the database; one announcement (the meeting card with its RSVP "
        "buttons) planned by plan_broadcast and sent by deliver_broadcast, on the real clock.",
        "The fake judges each send* on arrival: at most 30 in any 1 s window (sliding), 1 s "
        "between two messages to one chat, 20 a minute to one group; beyond, 429 with "
        "retry_after. 'max in 1 s': the most messages it let in within any 1 s window.",
        f"Under a sliding 30/s window {judged.recipients:,} messages need at least "
        f"{ideal:.0f} s (the first 30 at once, then 30 a second): "
        f"{judged.recipients / ideal:.1f} messages/s at best; measured "
        f"{judged.seconds:.1f} s ({judged.seconds - ideal:+.2f} s).",
        f"'DB ms/msg': time in the {judged.transactions:,} transactions of the broadcast "
        "(claim before each send, confirm after, plus the first and last) per message. "
        f"Unpaced, the bot sends {own.rate:.0f} messages/s on its own, so the limiter, not the "
        "database, sets the pace.",
        f"429s this run: {judged.refused}. SendLimiter counts each message from when its "
        "answer came back, so however requests are delayed on the way, no 31 of them reach "
        "Telegram within one second.",
        f"'plan s': plan_broadcast of the {judged.recipients:,} deliveries (one INSERT … "
        "SELECT) and the card, before the first send; not in msg/s. Counted in, "
        f"the rate would be {judged.reached / (judged.seconds + judged.plan_seconds):.1f} "
        "messages/s.",
        f"With a {network.round_trip_ms:.0f} ms round trip per request: "
        f"{network.rate:.1f} messages/s ({per_message_network * 1000:.0f} ms a message), "
        f"so {judged.recipients:,} recipients would take "
        f"{per_message_network * judged.recipients:.0f} s: deliver_broadcast awaits each send "
        "before the next, so every message costs a full round trip.",
        f"Load average (1 min) before/after: {load_before:.2f}/{load_after:.2f} on "
        f"{os.cpu_count()} CPUs. Errors logged by the bot: {errors.count}"
        + (f" (first: {errors.first})" if errors.first else "")
        + ".",
    ]
    section.data = {
        "target_messages_per_s": RATE_TARGET,
        "target_met": judged.met,
        "messages_per_s": round(judged.rate, 2),
        "responses_429": judged.refused,
        "recipients": judged.recipients,
        "reached": judged.reached,
        "ideal_seconds": ideal,
        "variants": [r.as_dict() for r in results],
    }
    return section


BENCHMARK = Benchmark("broadcast", "Broadcast to 1,000 recipients under Telegram's limits", run)
