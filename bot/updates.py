"""One user's updates in order, one at a time; different users side by side.

python-telegram-bot hands every update to the update processor in its own task,
in the order the updates arrive. ``UserOrderedUpdateProcessor`` gives each user
(else each chat) a lane: an ``asyncio.Lock``, which wakes its waiters first come,
first served. An update waits for its lane and only then for one of ``limit``
handling slots, so an update queued behind its own user's earlier ones holds no
slot: a chatty user paced by Telegram's 1 message/s per chat keeps one slot busy,
not all of them, and everyone else goes on. A lane lives only while it has
updates in it, so thousands of users leave nothing behind.

python-telegram-bot also bounds ``process_update`` with a semaphore of its own
(``max_concurrent_updates``), taken *before* the lane: it is set far above
``limit`` so that it never makes an update wait.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)

HANDLING_LIMIT = 32
# python-telegram-bot's own bound, held by updates still waiting for their lane.
ADMISSION_LIMIT = 1_000_000


def lane_key(update: object) -> int | None:
    """Whose update this is: the user, else the chat; None for neither (no ordering)."""
    if not isinstance(update, Update):
        return None
    if update.effective_user is not None:
        return update.effective_user.id
    if update.effective_chat is not None:
        return update.effective_chat.id
    return None


class _Lane:
    """The updates of one user: the lock they take in turn, and how many hold or await it."""

    __slots__ = ("lock", "updates")

    def __init__(self) -> None:
        self.lock = asyncio.Lock()
        self.updates = 0


class UserOrderedUpdateProcessor(BaseUpdateProcessor):
    """Handles one user's updates in arrival order; at most ``limit`` updates at once."""

    __slots__ = ("_lanes", "_limit", "_slots")

    def __init__(self, limit: int = HANDLING_LIMIT) -> None:
        super().__init__(max_concurrent_updates=ADMISSION_LIMIT)
        if limit < 1:
            raise ValueError("limit must be a positive integer")
        self._limit = limit
        self._slots = asyncio.Semaphore(limit)
        self._lanes: dict[int, _Lane] = {}

    @property
    def handling_limit(self) -> int:
        """How many updates are handled at once, all users together."""
        return self._limit

    @property
    def lanes(self) -> int:
        """How many users have an update being handled or waiting (for tests and logs)."""
        return len(self._lanes)

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = lane_key(update)
        if key is None:
            async with self._slots:
                await coroutine
            return
        lane = self._lanes.get(key)
        if lane is None:
            lane = self._lanes[key] = _Lane()
        lane.updates += 1
        started = False
        try:
            async with lane.lock, self._slots:
                started = True
                await coroutine
        finally:
            lane.updates -= 1
            if lane.updates == 0:
                del self._lanes[key]
            if not started and inspect.iscoroutine(coroutine):
                coroutine.close()  # cancelled while waiting: never "was never awaited"
