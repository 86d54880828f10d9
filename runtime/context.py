"""Typed ``CallbackContext``: how handlers reach settings, the database and the clock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram.ext import Application, CallbackContext, ExtBot

from delivery.worker import DeliveryWorker
from models.tenancy import KampungRef
from runtime.config import Settings
from runtime.db import create_reading_sessionmaker


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Turns:
    """One key's runs: the lock they take in turn, how many are under way or waiting,
    and whether one of them waits (the one that will read after every later request)."""

    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0
    waiting: bool = False


class LatestRead:
    """Work that reads the current state and shows it (a card's tally), one run at a time
    per key, so what is shown last is the newest read whatever order the runs finish in.

    A run asked for while another is under way waits for it; one waiting run is enough,
    since it reads after every request made meanwhile: those leave at once. A key is
    forgotten once no run of it is under way or waiting.
    """

    def __init__(self) -> None:
        self._turns: dict[int, _Turns] = {}

    def __len__(self) -> int:
        """Keys with a run under way or waiting."""
        return len(self._turns)

    def busy(self, key: int) -> bool:
        """A run of ``key`` is under way (a new one would wait for it)."""
        turns = self._turns.get(key)
        return turns is not None and turns.lock.locked()

    async def run(self, key: int, work: Callable[[], Awaitable[None]]) -> None:
        turns = self._turns.setdefault(key, _Turns())
        waits = turns.lock.locked()
        if waits:
            if turns.waiting:
                return  # the run already waiting reads after this request
            turns.waiting = True
        turns.users += 1
        try:
            try:
                await turns.lock.acquire()
            finally:
                if waits:
                    turns.waiting = False  # reading next: a later request needs a new run
            try:
                await work()
            finally:
                turns.lock.release()
        finally:
            turns.users -= 1
            if turns.users == 0:
                del self._turns[key]


class BotData:
    """Process-wide resources, set by ``build_application`` and ``prepare``.

    python-telegram-bot creates this object itself (no arguments), so the
    attributes are filled in right after the application is built.
    """

    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    clock: Callable[[], datetime]
    # The kampung seeded from the settings (KAMPUNG_NAME, …): what a job or an update
    # without a resolved kampung falls back to. Handlers use ``context.kampung_id``.
    kampung_id: int
    default_kampung: KampungRef
    delivery: DeliveryWorker
    # Ends every open multi-step flow of a user (handlers/flow.py, set with the handlers).
    leave_flows: Callable[[int, Any], None]
    _reading_sessionmaker: async_sessionmaker[AsyncSession] | None = None
    _group_card_edits: dict[int, datetime] | None = None
    _group_card_turns: LatestRead | None = None

    @property
    def group_card_edits(self) -> dict[int, datetime]:
        """When each meeting's group card was last edited (in memory: a throttle only)."""
        if self._group_card_edits is None:
            self._group_card_edits = {}
        return self._group_card_edits

    @property
    def group_card_turns(self) -> LatestRead:
        """Edits of a meeting's group card, one at a time (see ``LatestRead``)."""
        if self._group_card_turns is None:
            self._group_card_turns = LatestRead()
        return self._group_card_turns

    @property
    def reading_sessionmaker(self) -> async_sessionmaker[AsyncSession]:
        """Read-only sessions on ``engine`` (see ``create_reading_sessionmaker``), made once."""
        if self._reading_sessionmaker is None:
            self._reading_sessionmaker = create_reading_sessionmaker(self.engine)
        return self._reading_sessionmaker


class NoKampung(RuntimeError):
    """A handler asked for the kampung of an update that belongs to none (a bug)."""


class BotContext(CallbackContext[ExtBot[None], dict[Any, Any], dict[Any, Any], BotData]):
    """The context every handler and job receives.

    One bot serves many kampungs: ``handlers/tenancy.py`` resolves the kampung of
    each update before any feature runs and sets it here (``use_kampung``), so
    ``kampung_id``, ``kampung`` and ``tz`` are that kampung's. A job, or an update
    the resolver did not see, gets the kampung seeded from the settings.
    """

    _kampung: KampungRef | None = None
    _kampung_set: bool = False

    def __init__(
        self,
        application: Application[Any, Any, Any, Any, Any, Any],
        chat_id: int | None = None,
        user_id: int | None = None,
    ) -> None:
        super().__init__(application=application, chat_id=chat_id, user_id=user_id)

    @property
    def settings(self) -> Settings:
        return self.bot_data.settings

    def use_kampung(self, kampung: KampungRef | None) -> None:
        """The kampung this update belongs to (None: none; asking for it is a bug)."""
        self._kampung = kampung
        self._kampung_set = True

    @property
    def kampung(self) -> KampungRef:
        if not self._kampung_set:
            return self.bot_data.default_kampung
        if self._kampung is None:
            raise NoKampung("this update belongs to no kampung")
        return self._kampung

    @property
    def has_kampung(self) -> bool:
        return not self._kampung_set or self._kampung is not None

    @property
    def kampung_id(self) -> int:
        return self.kampung.id

    @property
    def tz(self) -> ZoneInfo:
        """The time zone of this update's kampung: dates are shown in it."""
        return ZoneInfo(self.kampung.timezone)

    @property
    def is_operator(self) -> bool:
        """The sender is an operator (``OPERATOR_IDS``): she may manage every kampung."""
        user = self._user_id
        return user is not None and user in self.settings.OPERATOR_IDS

    def now(self) -> datetime:
        """The current instant, aware, in UTC (tests replace the clock)."""
        return self.bot_data.clock()

    def wake_delivery(self) -> None:
        """Something was written to the outbox: the delivery worker sends it."""
        self.bot_data.delivery.wake()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One session and one transaction: committed on success, rolled back on error."""
        async with self.bot_data.sessionmaker() as session, session.begin():
            yield session

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncSession]:
        """One session for work that only reads; it never commits.

        On SQLite it does not take the write lock (writers keep ``transaction()``,
        whose BEGIN IMMEDIATE a read-then-write needs); on PostgreSQL it is READ ONLY.
        """
        async with self.bot_data.reading_sessionmaker() as session:
            yield session
