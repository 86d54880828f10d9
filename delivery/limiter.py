"""Telegram's sending limits, kept before a request goes out rather than after a 429.

Telegram allows about 30 messages per second overall, one per second to one
chat and 20 per minute to one group, counted when its servers receive each
message. ``SendWindow`` is the bookkeeping (a pure class over an injected
clock); ``SendLimiter`` is python-telegram-bot's rate limiter built on it, so
every send of the application, replies and broadcasts alike, goes through it.
It also waits out a 429's ``retry_after`` and tries again.

When does Telegram receive a message? Somewhere between its departure and its
answer. Counting it at departure lets two requests racing on a slow network
land 31 in one second; counting it at its answer holds every send for a whole
round trip longer than needed (30 / (1 + RTT) messages per second). The window
instead bounds it from both sides with the fastest half round trip seen lately
(the network's own delay, without queues): a new message arrives at the
earliest that long after it leaves, and an answered one arrived at the latest
that long before its answer came. On a steady network both are the middle of
the round trip, so several sends in flight reach close to 30 per second at any
latency. When a request is held up on its way (a busy machine, a queue in the
HTTP client, a slow server), its longer round trip moves its arrival later,
and the next sends wait for it, instead of guessing the middle and meeting a
429 that stops every send for a second. A small safety margin covers the rest;
a 429 nonetheless widens it at once, and it fades back over a minute without
another one.

Sends waiting for the overall window take turns in a line, not a scramble: bulk
sends (the delivery worker's) give way to interactive ones (a reply to the person
in front of the bot), so a cadre's ``/jadwal`` is answered at once even while an
announcement to a thousand cadres fills the window; among bulk sends a lower tier
goes first (a meeting reminder before a Poktan register already waiting), and
within a tier each goes in the order it came. The clock and the sleep are
injected: tests move a fake clock instead of sleeping.
"""

from __future__ import annotations

import asyncio
import heapq
import itertools
import logging
import time
import warnings
from collections import Counter, deque
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter
from telegram.warnings import PTBDeprecationWarning

logger = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
Monotonic = Callable[[], float]

# Methods that put a message in a chat; only these count against the limits.
_NOT_A_MESSAGE = frozenset({"sendChatAction"})


def counts_as_message(endpoint: str) -> bool:
    return (
        endpoint.startswith("send") or endpoint in {"copyMessage", "forwardMessage"}
    ) and endpoint not in _NOT_A_MESSAGE


@dataclass(frozen=True)
class Limits:
    per_second: int = 30  # messages per second, all chats together
    chat_interval: float = 1.0  # seconds between two messages to one chat
    per_group_minute: int = 20  # messages per minute to one group
    # Added to every interval: the estimate of when Telegram received a message
    # is off by the network's jitter.
    margin: float = 0.04
    # A 429 says the jitter was larger than the margin: each one widens it by
    # ``flood_step`` (up to ``flood_max`` more), and the widening fades out over
    # ``calm_down`` seconds without another 429.
    flood_step: float = 0.02
    flood_max: float = 0.06
    calm_down: float = 60.0
    # The network's own half round trip is the fastest one seen in this many seconds.
    fastest_memory: float = 30.0


@dataclass(frozen=True)
class Pace:
    """``rate_limit_args`` of a send: bulk sends give way to interactive ones, and a
    bulk send gives way to one of a lower ``tier`` (``models/broadcast.py``'s
    ``sending_tier``: 0 urgent, 1 about meetings, 2 paperwork)."""

    bulk: bool = False
    flood_waits: int | None = None  # 429s to wait out before the error is passed on
    tier: int = 0


BULK = Pace(bulk=True)


class Send:
    """One message counted against the limits, at its best known arrival time.

    ``at`` is when it arrived, for the overall 30 per second: the likeliest time
    while in flight (half a round trip after it left), the latest possible once
    answered (its answer less the fastest way back). ``latest`` is the latest it
    can have arrived, for one chat's own limits (1 per second, 20 per minute to
    a group): still in flight, a whole usual round trip after it left, since
    waiting for the answer costs only that chat.
    """

    __slots__ = ("answered", "at", "left")

    def __init__(self, left: float, at: float) -> None:
        self.left = left
        self.at = at
        self.answered: float | None = None

    def latest(self, half_trip: float) -> float:
        """The latest it can have arrived (still in flight: a whole round trip)."""
        return self.answered if self.answered is not None else self.left + 2 * half_trip


class SendWindow:
    """Remembers recent sends and says how long the next one to a chat must wait."""

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self.half_trip = 0.0  # running estimate of half a round trip, in seconds
        # Recent half round trips, each kept while no faster one came after it: the
        # first is the fastest of the last ``fastest_memory`` seconds.
        self._fast_halves: deque[tuple[float, float]] = deque()
        self._widened = 0.0  # extra margin after a 429, as of ``_widened_at``
        self._widened_at = 0.0
        self._overall: deque[Send] = deque()
        self._last_to_chat: dict[int, Send] = {}
        self._to_group: dict[int, deque[Send]] = {}

    def delay(self, chat_id: int | None, now: float) -> float:
        """Seconds to wait before a message to ``chat_id`` may go (0: at once)."""
        waits = [self.chat_delay(chat_id, now)]
        if len(self._overall) >= self.limits.per_second:
            waits.append(self._free_at(self._overall, self.limits.per_second, 1.0, now) - now)
        return max(waits)

    def chat_delay(self, chat_id: int | None, now: float) -> float:
        """Seconds until ``chat_id``'s own limits let a message go (ignoring the overall one)."""
        self._forget(now)
        waits = [0.0]
        if chat_id is not None:
            last = self._last_to_chat.get(chat_id)
            if last is not None:
                latest = last.latest(self.half_trip)
                waits.append(
                    latest + self.limits.chat_interval + self.margin(now) - self._earliest(now)
                )
            sent = self._to_group.get(chat_id)
            if chat_id < 0 and sent is not None and len(sent) >= self.limits.per_group_minute:
                waits.append(
                    self._free_at(sent, self.limits.per_group_minute, 60.0, now, latest=True) - now
                )
        return max(waits)

    def record(self, chat_id: int | None, now: float) -> Send:
        send = Send(now, self._arrival(now))
        self._overall.append(send)
        if chat_id is not None:
            self._last_to_chat[chat_id] = send
            if chat_id < 0:
                self._to_group.setdefault(chat_id, deque()).append(send)
        return send

    def settle(self, send: Send, now: float) -> None:
        """The answer to ``send`` came back at ``now``: it arrived by the fastest way back."""
        half = max(now - send.left, 0.0) / 2
        self._remember_half(half, now)
        send.at = now - self.fastest_half(now)
        send.answered = now
        self.half_trip = half if self.half_trip == 0 else 0.8 * self.half_trip + 0.2 * half

    def fastest_half(self, now: float) -> float:
        """The fastest half round trip seen in the last ``fastest_memory`` seconds (0: none)."""
        halves = self._fast_halves
        while halves and halves[0][0] < now - self.limits.fastest_memory:
            halves.popleft()
        return halves[0][1] if halves else 0.0

    def _remember_half(self, half: float, now: float) -> None:
        halves = self._fast_halves
        while halves and halves[-1][1] >= half:
            halves.pop()  # never the fastest again: this one is as fast and newer
        halves.append((now, half))

    def margin(self, now: float) -> float:
        """The safety margin now: the configured one, widened for a while after a 429."""
        fading = max(0.0, 1.0 - (now - self._widened_at) / self.limits.calm_down)
        return self.limits.margin + self._widened * fading

    def flooded(self, now: float) -> None:
        """Telegram answered 429: the margin was too small for this network; widen it."""
        extra = self.margin(now) - self.limits.margin
        self._widened = min(extra + self.limits.flood_step, self.limits.flood_max)
        self._widened_at = now

    def _arrival(self, departure: float) -> float:
        """When a message leaving at ``departure`` likely arrives."""
        return departure + self.half_trip

    def _earliest(self, departure: float) -> float:
        """The earliest a message leaving at ``departure`` can arrive."""
        return departure + self.fastest_half(departure)

    def _free_at(
        self, sends: deque[Send], limit: int, width: float, now: float, *, latest: bool = False
    ) -> float:
        """When a new message may leave to arrive after the window of ``limit`` sends."""
        arrivals = (s.latest(self.half_trip) if latest else s.at for s in sends)
        nth_latest = sorted(arrivals)[-limit]
        return nth_latest + width + self.margin(now) - self.fastest_half(now)

    def _forget(self, now: float) -> None:
        margin = self.margin(now)
        horizon = self._earliest(now) - 1.0 - margin
        self._overall = deque(s for s in self._overall if s.at > horizon)
        if len(self._last_to_chat) > 1000:
            chat_horizon = self._earliest(now) - self.limits.chat_interval - margin
            self._last_to_chat = {
                c: s
                for c, s in self._last_to_chat.items()
                if s.latest(self.half_trip) > chat_horizon
            }
        for chat_id in list(self._to_group):
            sent = deque(s for s in self._to_group[chat_id] if s.at > now - 61.0)
            if sent:
                self._to_group[chat_id] = sent
            else:
                del self._to_group[chat_id]


def retry_after_seconds(error: RetryAfter) -> float:
    """``retry_after`` in seconds, whichever type this PTB version hands out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class SendLimiter(BaseRateLimiter[Pace]):
    """Paces every message the bot sends; on a 429, pauses all sends for ``retry_after``."""

    def __init__(
        self,
        *,
        limits: Limits | None = None,
        monotonic: Monotonic = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        max_flood_waits: int = 5,
    ) -> None:
        self.window = SendWindow(limits)
        self.monotonic = monotonic
        self.sleep = sleep
        self.max_flood_waits = max_flood_waits
        self._paused_until = 0.0
        # The sends waiting for the overall window, in turn order: (rank, number).
        self._line: list[tuple[int, int]] = []
        self._calls: dict[tuple[int, int], asyncio.Event] = {}
        self._numbers = itertools.count()
        # Chats a reply is waiting to go to: bulk sends to them wait until it has gone.
        self._replies_waiting: Counter[int] = Counter()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    def chat_delay(self, chat_id: int | None, *, bulk: bool = True) -> float:
        """Seconds before ``chat_id`` may get a message (its own limits and a 429 pause).

        The delivery worker asks this before it takes a slot for a chat, so a
        chat waiting on its own limit never holds up the others. A bulk send also
        waits while a reply to that chat is waiting: the person in front of the bot
        gets her answer before the bot's other messages to her (one second apart).
        """
        now = self.monotonic()
        own = max(self._paused_until - now, self.window.chat_delay(chat_id, now), 0.0)
        if bulk and chat_id is not None and self._replies_waiting[chat_id]:
            own += self.window.limits.chat_interval
        return own

    async def wait_turn(self, chat_id: int | None, *, bulk: bool = False, tier: int = 0) -> Send:
        """Return once a message to ``chat_id`` may go out, counted as sent.

        The chat's own limits are waited out first, outside the line: they hold up
        nobody else. Then the sends waiting for the overall window go in turn:
        interactive ones first, then bulk ones by ``tier``, each in the order it came.
        Only the first in line watches the window; the others wait to be called, so
        a free slot wakes one send instead of every waiting one, and no send can lose
        the race for a slot again and again (a reminder sat 13 s behind registers
        that way on the 1st of the month, issue 18).
        """
        ticket = (1 + tier if bulk else 0, next(self._numbers))
        reply_to = chat_id if not bulk and chat_id is not None else None
        if reply_to is not None:
            self._replies_waiting[reply_to] += 1
        try:
            while True:
                own = self.chat_delay(chat_id, bulk=bulk)
                if own > 0:
                    self._leave(ticket)  # keeps its number: back in its place after
                    await self.sleep(own)
                    continue
                self._join(ticket)
                if self._line[0] != ticket:
                    call = self._calls[ticket]
                    await call.wait()
                    call.clear()
                    continue
                now = self.monotonic()
                wait = max(self._paused_until - now, self.window.delay(chat_id, now))
                if wait <= 0:
                    return self.window.record(chat_id, now)
                # One ahead of it may join meanwhile (an interactive reply): after the
                # sleep the loop looks again at who is first.
                await self.sleep(wait)
        finally:
            self._leave(ticket)
            if reply_to is not None:
                self._replies_waiting[reply_to] -= 1
                if not self._replies_waiting[reply_to]:
                    del self._replies_waiting[reply_to]

    def _join(self, ticket: tuple[int, int]) -> None:
        if ticket not in self._calls:
            self._calls[ticket] = asyncio.Event()
            heapq.heappush(self._line, ticket)

    def _leave(self, ticket: tuple[int, int]) -> None:
        """Out of the line; whoever is first now is called."""
        if self._calls.pop(ticket, None) is None:
            return
        was_first = self._line[0] == ticket
        self._line.remove(ticket)
        heapq.heapify(self._line)
        if was_first and self._line:
            self._calls[self._line[0]].set()

    def pause(self, seconds: float) -> None:
        """Hold every send for ``seconds`` (Telegram said so with a 429)."""
        self._paused_until = max(self._paused_until, self.monotonic() + seconds)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Pace | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        pace = rate_limit_args or Pace()
        paced = counts_as_message(endpoint)
        chat_id = _chat_id(data.get("chat_id"))
        flood_waits = self.max_flood_waits if pace.flood_waits is None else pace.flood_waits
        for attempt in range(flood_waits + 1):
            send = await self.wait_turn(chat_id, bulk=pace.bulk, tier=pace.tier) if paced else None
            if send is None:
                await self._wait_pause()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == flood_waits:
                    raise
                seconds = retry_after_seconds(error)
                logger.info("Flood control on %s: waiting %.0f s", endpoint, seconds)
                self.window.flooded(self.monotonic())
                self.pause(seconds)
            finally:
                if send is not None:
                    self.window.settle(send, self.monotonic())
        raise AssertionError("unreachable")  # pragma: no cover

    async def _wait_pause(self) -> None:
        wait = self._paused_until - self.monotonic()
        if wait > 0:
            await self.sleep(wait)


def _chat_id(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
