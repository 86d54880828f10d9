"""Telegram's sending limits, kept before a request goes out rather than after a 429.

Telegram allows about 30 messages per second overall, one per second to one
chat and 20 per minute to one group. ``SendWindow`` is the bookkeeping (a pure
class over an injected clock); ``SendLimiter`` is python-telegram-bot's rate
limiter built on it, so every send of the application, handlers and broadcasts
alike, goes through it. It also waits out a 429's ``retry_after`` and tries
again. The clock and the sleep are injected: tests move a fake clock instead of
sleeping.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections import deque
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


class Send:
    """One message counted against the limits, at its latest known time."""

    __slots__ = ("at",)

    def __init__(self, at: float) -> None:
        self.at = at


class SendWindow:
    """Remembers recent sends and says how long the next one to a chat must wait.

    A send counts from when it left until its answer came back (``settle``):
    Telegram receives it somewhere in between, so timing it by the answer keeps
    two requests racing on the network from landing 31 in one second.
    """

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._overall: deque[Send] = deque()
        self._last_to_chat: dict[int, Send] = {}
        self._to_group: dict[int, deque[Send]] = {}

    def delay(self, chat_id: int | None, now: float) -> float:
        """Seconds to wait before a message to ``chat_id`` may go (0: at once)."""
        self._forget(now)
        waits = [0.0]
        if len(self._overall) >= self.limits.per_second:
            waits.append(_nth_latest(self._overall, self.limits.per_second) + 1.0 - now)
        if chat_id is not None:
            last = self._last_to_chat.get(chat_id)
            if last is not None:
                waits.append(last.at + self.limits.chat_interval - now)
            sent = self._to_group.get(chat_id)
            if chat_id < 0 and sent is not None and len(sent) >= self.limits.per_group_minute:
                waits.append(_nth_latest(sent, self.limits.per_group_minute) + 60.0 - now)
        return max(waits)

    def record(self, chat_id: int | None, now: float) -> Send:
        send = Send(now)
        self._overall.append(send)
        if chat_id is not None:
            self._last_to_chat[chat_id] = send
            if chat_id < 0:
                self._to_group.setdefault(chat_id, deque()).append(send)
        return send

    @staticmethod
    def settle(send: Send, now: float) -> None:
        """The answer to ``send`` came back at ``now``: count the send from then."""
        send.at = max(send.at, now)

    def _forget(self, now: float) -> None:
        self._overall = deque(s for s in self._overall if s.at > now - 1.0)
        if len(self._last_to_chat) > 1000:
            horizon = now - self.limits.chat_interval
            self._last_to_chat = {c: s for c, s in self._last_to_chat.items() if s.at > horizon}
        for chat_id in list(self._to_group):
            sent = deque(s for s in self._to_group[chat_id] if s.at > now - 60.0)
            if sent:
                self._to_group[chat_id] = sent
            else:
                del self._to_group[chat_id]


def _nth_latest(sends: deque[Send], n: int) -> float:
    return sorted(s.at for s in sends)[-n]


def retry_after_seconds(error: RetryAfter) -> float:
    """``retry_after`` in seconds, whichever type this PTB version hands out."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class SendLimiter(BaseRateLimiter[int]):
    """Paces every message the bot sends; on a 429, pauses all sends for ``retry_after``.

    ``rate_limit_args`` (an int) overrides how many 429s one request may meet
    before the error is passed on.
    """

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
        self._lock = asyncio.Lock()

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def wait_turn(self, chat_id: int | None) -> Send:
        """Return once a message to ``chat_id`` may go out, counted as sent."""
        while True:
            async with self._lock:
                now = self.monotonic()
                wait = max(self._paused_until - now, self.window.delay(chat_id, now))
                if wait <= 0:
                    return self.window.record(chat_id, now)
            # Sleep outside the lock: a message to another chat may be free sooner.
            await self.sleep(wait)

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
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        paced = counts_as_message(endpoint)
        chat_id = _chat_id(data.get("chat_id"))
        flood_waits = self.max_flood_waits if rate_limit_args is None else rate_limit_args
        for attempt in range(flood_waits + 1):
            send = await self.wait_turn(chat_id) if paced else None
            if send is None:
                await self._wait_pause()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == flood_waits:
                    raise
                seconds = retry_after_seconds(error)
                logger.info("Flood control on %s: waiting %.0f s", endpoint, seconds)
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
