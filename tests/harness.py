"""Drive the real ``Application`` with updates built here, against ``FakeBotAPI``."""

from __future__ import annotations

import asyncio
import itertools
import math
import shutil
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import URL, MetaData, event, select, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession
from telegram import Update
from telegram.ext import BaseRateLimiter, ConversationHandler

from bot.app import BotApplication, build_application, prepare
from models.instance import STALE_AFTER, Holder, acquire_lock, process_alive
from models.member import Member
from runtime.config import Settings, load_settings
from runtime.db import create_engine, create_sessionmaker, upgrade_database
from tests.fakeapi import BOT_USER, Call, FakeBotAPI

GROUP_CHAT_ID = -1001234567890
TEST_TOKEN = "123456:TEST-token-for-offline-tests-only-xyz"
RT_LIST = "01,02,03,04,05,06,07,08,09,10,11,12"
# Real seconds after which a wait on the running bot counts as hung (never a timing).
HUNG_TEST = 60.0


class FakeClock:
    """A clock the tests move by hand: no sleeping, no wall time."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, delta: timedelta) -> None:
        self.current += delta

    def set(self, when: datetime) -> None:
        self.current = when.astimezone(UTC)


@dataclass(frozen=True)
class Person:
    """A Telegram user in a test."""

    id: int
    first_name: str = "Kader"
    username: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.username:
            data["username"] = self.username
        data["language_code"] = "id"
        return data


class Harness:
    """One running bot: send it updates, read what it sent and what it stored."""

    def __init__(self, app: BotApplication, api: FakeBotAPI, clock: FakeClock) -> None:
        self.app = app
        self.api = api
        self.clock = clock
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1)

    # --- building updates -----------------------------------------------------

    def _chat(self, person: Person, chat_id: int | None) -> dict[str, Any]:
        if chat_id is None or chat_id == person.id:
            return {"id": person.id, "type": "private", "first_name": person.first_name}
        return {"id": chat_id, "type": "supergroup", "title": "Grup Kampung KB"}

    def message_update(
        self, person: Person, text: str | None, *, chat_id: int | None = None, **extra: Any
    ) -> Update:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(self.clock().timestamp()),
            "chat": self._chat(person, chat_id),
            "from": person.to_dict(),
        }
        if text is not None:
            message.update(_text_fields(text))
        message.update(extra)
        return Update.de_json(
            {"update_id": next(self._update_ids), "message": message}, self.app.bot
        )

    def edited_update(self, original: Update, text: str) -> Update:
        """The sender of ``original`` edits that message to read ``text``."""
        assert original.message is not None
        message = original.message.to_dict()
        message.pop("entities", None)
        message.update(_text_fields(text))
        message["edit_date"] = int(self.clock().timestamp())
        return Update.de_json(
            {"update_id": next(self._update_ids), "edited_message": message}, self.app.bot
        )

    def press_update(self, person: Person, data: str | None, message: dict[str, Any]) -> Update:
        """A press on ``message``; ``data`` None leaves callback data out altogether."""
        query = {
            "id": str(next(self._update_ids) * 7919),
            "from": person.to_dict(),
            "chat_instance": f"ci{message['chat']['id']}",
            "message": message,
        }
        if data is not None:
            query["data"] = data
        return Update.de_json(
            {"update_id": next(self._update_ids), "callback_query": query}, self.app.bot
        )

    # --- sending ----------------------------------------------------------------

    deliveries_paused = False  # a test stopped the delivery worker on purpose

    async def drain(self) -> None:
        """Let the delivery worker send everything the outbox holds, summaries included."""
        if not self.deliveries_paused:
            await self.app.bot_data.delivery.drain()

    async def kill(self) -> None:
        """The process dies: the worker stops where it is, recording nothing more."""
        await self.app.bot_data.delivery.kill()

    async def process(self, update: Update, *, drain: bool = True) -> None:
        """Handle one update as the bot would; then (by default) let the outbox empty."""
        await self.app.process_update(update)
        if drain:
            await self.drain()

    async def send(
        self, person: Person, text: str, *, chat_id: int | None = None, drain: bool = True
    ) -> None:
        """The person types ``text`` (a command when it starts with ``/``)."""
        await self.process(self.message_update(person, text, chat_id=chat_id), drain=drain)

    async def send_sticker(self, person: Person) -> None:
        sticker = {
            "file_id": "stk1",
            "file_unique_id": "stku1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        await self.process(self.message_update(person, None, sticker=sticker))

    async def send_photo(
        self,
        person: Person,
        file_id: str,
        *,
        content: bytes | None = None,
        caption: str | None = None,
        media_group_id: str | None = None,
        drain: bool = True,
    ) -> Update:
        """The person sends a photo; Telegram keeps ``content`` under ``file_id``."""
        self.api.files[file_id] = content if content is not None else f"JPEG:{file_id}".encode()
        sizes = [
            {
                "file_id": f"{file_id}-s",
                "file_unique_id": f"{file_id}-us",
                "width": 90,
                "height": 68,
            },
            {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 1280, "height": 960},
        ]
        extra: dict[str, Any] = {"photo": sizes}
        if caption is not None:
            extra["caption"] = caption
        if media_group_id is not None:
            extra["media_group_id"] = media_group_id
        update = self.message_update(person, None, **extra)
        await self.process(update, drain=drain)
        return update

    async def press(
        self,
        person: Person,
        data: str | None,
        *,
        message: Call | None = None,
        chat_id: int | None = None,
        drain: bool = True,
    ) -> None:
        """The person presses a button with ``data`` (None: a press without callback data).

        By default on the latest message sent to their chat that carries such a
        button; a forged press (no such button anywhere) comes on a plain message.
        """
        target_chat = chat_id if chat_id is not None else person.id
        if message is None and data is not None:
            candidates = [call for call in self.api.sent(target_chat) if data in call.button_data]
            message = candidates[-1] if candidates else None
        if message is not None and isinstance(message.result, dict):
            payload = dict(message.result)
        else:
            payload = {
                "message_id": 999_999,
                "date": int(self.clock().timestamp()),
                "chat": self._chat(person, target_chat),
                "from": BOT_USER,
                "text": "…",
            }
        await self.process(self.press_update(person, data, payload), drain=drain)

    # --- through the update queue ----------------------------------------------------

    @asynccontextmanager
    async def started(self) -> AsyncIterator[Harness]:
        """The application started as ``python -m bot`` runs it: updates put on
        ``app.update_queue`` go through the real update processor, side by side."""
        await self.app.start()
        try:
            yield self
        finally:
            await self.app.stop()  # waits for the updates still being handled

    def enqueue(self, *updates: Update) -> None:
        """Put ``updates`` on the queue together, in this order, as if they arrived at once."""
        assert self.app.running, "use `async with bot.started():` first"
        for update in updates:
            self.app.update_queue.put_nowait(update)

    async def feed(self, *updates: Update) -> None:
        """Enqueue ``updates`` together and return once every queued update is handled."""
        self.enqueue(*updates)
        async with asyncio.timeout(HUNG_TEST):
            await self.app.update_queue.join()

    async def until(self, condition: Callable[[], bool]) -> None:
        """Let the bot work (its clocks stand still) until ``condition`` on what it sent holds."""
        async with asyncio.timeout(HUNG_TEST):
            await self.api.wait_for(condition)

    # --- flows ----------------------------------------------------------------------

    def conversation(self, name: str) -> ConversationHandler[Any]:
        """The flow (``ConversationHandler``) registered under ``name``."""
        for handlers in self.app.handlers.values():
            for handler in handlers:
                if isinstance(handler, ConversationHandler) and handler.name == name:
                    return handler
        raise LookupError(name)

    async def time_out_flows(self, person: Person, *, chat_id: int | None = None) -> int:
        """Fire the conversation timeout of every flow ``person`` has open, as the job
        queue would once the timeout has passed; return how many fired."""
        key = (chat_id if chat_id is not None else person.id, person.id)
        fired = 0
        for handlers in list(self.app.handlers.values()):
            for handler in handlers:
                if not isinstance(handler, ConversationHandler):
                    continue
                job = handler.timeout_jobs.get(key)
                if job is not None:
                    await job.run(self.app)
                    job.schedule_removal()
                    fired += 1
        return fired

    # --- reading ----------------------------------------------------------------

    def last_text(self, person_or_chat: Person | int) -> str:
        chat_id = person_or_chat.id if isinstance(person_or_chat, Person) else person_or_chat
        return self.api.last_sent(chat_id).text

    def last_buttons(self, person_or_chat: Person | int) -> list[tuple[str, str]]:
        chat_id = person_or_chat.id if isinstance(person_or_chat, Person) else person_or_chat
        return self.api.last_sent(chat_id).buttons

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        async with self.app.bot_data.sessionmaker() as session:
            yield session

    async def member(self, telegram_id: int) -> Member | None:
        async with self.session() as session:
            return await session.scalar(select(Member).where(Member.telegram_id == telegram_id))

    async def members(self) -> list[Member]:
        async with self.session() as session:
            return list(await session.scalars(select(Member).order_by(Member.id)))


ADMIN = Person(5001, "Sekretaris", "sekretaris")
ADMIN_2 = Person(5002, "Ketua")


def _text_fields(text: str) -> dict[str, Any]:
    """``text`` and, for a command, its ``bot_command`` entity."""
    fields: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split()[0]
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return fields


class ManualTime:
    """Monotonic time and a sleep for ``SendLimiter`` that only the test moves.

    A sleeper wakes once ``advance`` (or ``run_freely``) has taken the clock past
    its deadline; the ``FakeClock`` moves along, so the fake API's log carries
    these times. Nothing waits for real time.
    """

    def __init__(self, clock: FakeClock) -> None:
        self.clock = clock
        self.free = False
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []

    def monotonic(self) -> float:
        return self.clock().timestamp()

    async def sleep(self, seconds: float) -> None:
        if seconds <= 0:
            await asyncio.sleep(0)
            return
        if self.free:
            self.clock.advance(timedelta(microseconds=math.ceil(seconds * 1_000_000)))
            await asyncio.sleep(0)
            return
        deadline = self.monotonic() + seconds
        woken: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._sleepers.append((deadline, woken))
        await woken

    @property
    def sleepers(self) -> int:
        return len(self._sleepers)

    def advance(self, seconds: float) -> None:
        """Move the clock by ``seconds`` and wake every sleeper whose time has come."""
        self.clock.advance(timedelta(microseconds=math.ceil(seconds * 1_000_000)))
        now = self.monotonic()
        due = [(d, f) for d, f in self._sleepers if d <= now]
        self._sleepers = [(d, f) for d, f in self._sleepers if d > now]
        for _, woken in due:
            if not woken.done():
                woken.set_result(None)

    def run_freely(self) -> None:
        """From now on a sleep moves the clock at once; wake everyone asleep, in order."""
        self.free = True
        for deadline, _ in sorted(self._sleepers, key=lambda pair: pair[0]):
            if deadline > self.monotonic():
                self.advance(deadline - self.monotonic())
        self.advance(0)


class RawConnections:
    """Every driver connection an engine opened, to close them as a dying process would.

    A test that kills the bot mid-update cancels a task that may hold a connection
    checked out, inside a transaction; ``engine.dispose()`` leaves such a connection
    open, and on SQLite its write lock would stall the next "process" started on the
    same file. The operating system closes every handle of a killed process: so does
    ``close_all``.
    """

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.opened: list[Any] = []
        event.listen(engine.sync_engine, "connect", self._opened)

    def _opened(self, dbapi_connection: Any, _record: Any) -> None:
        self.opened.append(dbapi_connection)

    async def close_all(self) -> None:
        await self.engine.dispose()
        for adapted in self.opened:
            driver = getattr(adapted, "_connection", None)
            terminate = getattr(driver, "terminate", None)  # asyncpg: at once, no goodbye
            try:
                if terminate is not None:
                    if not driver.is_closed():
                        terminate()
                elif driver is not None:
                    await driver.close()  # aiosqlite: after the statement in progress
            except Exception:  # already closed or broken: gone either way
                continue
        self.opened.clear()


# The PKB/PLKB of the tests that need an operator.
OPERATOR = Person(4001, "Operator")


def with_operators(settings: Settings, *operators: Person) -> Settings:
    """``settings`` with these people (by default ``OPERATOR``) in ``OPERATOR_IDS``."""
    people = operators or (OPERATOR,)
    return settings.model_copy(update={"OPERATOR_IDS": frozenset(p.id for p in people)})


def make_settings(database_url: str) -> Settings:
    """The settings every offline test runs with, on a database of its own."""
    return load_settings(
        _env_file=None,
        BOT_TOKEN=TEST_TOKEN,
        DATABASE_URL=database_url,
        ADMIN_IDS=f"{ADMIN.id},{ADMIN_2.id}",
        KAMPUNG_NAME="Kampung KB Penyengat Rendah",
        RT_LIST=RT_LIST,
        TIMEZONE="Asia/Jakarta",
    )


async def ensure_postgres_database(url: URL) -> None:
    """Create the PostgreSQL database ``url`` names, unless it exists (test workers)."""
    maintenance = url.set(database="postgres").render_as_string(hide_password=False)
    engine = create_engine(maintenance, isolation_level="AUTOCOMMIT")  # CREATE DATABASE
    try:
        async with engine.connect() as connection:
            exists = await connection.scalar(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}
            )
            if not exists:
                await connection.execute(text(f'CREATE DATABASE "{url.database}"'))
    finally:
        await engine.dispose()


async def migrate(url: str) -> None:
    """Bring the database ``url`` names to the head revision, as the bot does at start-up."""
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


async def migrated_sqlite(path: Path, templates: Path) -> str:
    """A SQLite file at ``path`` at the head revision: a copy of one migrated template.

    The template is migrated once per test process (``templates`` is the process's own
    folder, per xdist worker): migrating from nothing costs about a second, a copy a
    millisecond.
    """
    template = templates / "migrated-template.db"
    if not template.exists():
        unfinished = templates / "migrating-template.db"
        unfinished.unlink(missing_ok=True)
        await migrate(f"sqlite+aiosqlite:///{unfinished}")  # closed: the WAL is checkpointed
        unfinished.rename(template)
    shutil.copyfile(template, path)
    return f"sqlite+aiosqlite:///{path}"


_POSTGRES_TEMPLATES: set[str] = set()  # templates migrated by this process


async def migrated_postgres(url: str) -> None:
    """Make the PostgreSQL database ``url`` names anew, at the head revision.

    It is created from ``<name>_template``, a database migrated once per test process
    (``CREATE DATABASE … TEMPLATE`` copies the files: far quicker than migrating).
    Connections a finished test left open are ended (``WITH (FORCE)``).
    """
    target = make_url(url)
    template = target.set(database=f"{target.database}_template")
    maintenance = create_engine(
        target.set(database="postgres").render_as_string(hide_password=False),
        isolation_level="AUTOCOMMIT",  # CREATE / DROP DATABASE
    )
    try:
        async with maintenance.connect() as connection:
            if template.database not in _POSTGRES_TEMPLATES:
                await connection.execute(
                    text(f'DROP DATABASE IF EXISTS "{template.database}" WITH (FORCE)')
                )
                await connection.execute(text(f'CREATE DATABASE "{template.database}"'))
                await migrate(template.render_as_string(hide_password=False))
                _POSTGRES_TEMPLATES.add(template.database)
            await connection.execute(
                text(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
            )
            await connection.execute(
                text(f'CREATE DATABASE "{target.database}" TEMPLATE "{template.database}"')
            )
    finally:
        await maintenance.dispose()


async def reset_postgres(url: str) -> None:
    """Empty a throwaway PostgreSQL database: the bot migrates it again from scratch."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text("DROP SCHEMA public CASCADE"))
            await connection.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


@asynccontextmanager
async def running_bot(
    settings: Settings,
    clock: FakeClock,
    api: FakeBotAPI | None = None,
    *,
    rate_limiter: bool | BaseRateLimiter[Any] = False,
) -> AsyncIterator[Harness]:
    """Build and initialise the real application (as ``python -m bot`` would) offline.

    The job queue's scheduler runs paused: conversation timeouts are scheduled as
    in production, and a test fires one with ``Harness.time_out_flows``. No rate
    limiter by default; pass ``SendLimiter(monotonic=…, sleep=…)`` for Telegram's
    limits on a clock the test controls (see ``ManualTime``).
    """
    api = api or FakeBotAPI(clock)
    app = build_application(settings, request=api, clock=clock, rate_limiter=rate_limiter)
    connections = RawConnections(app.bot_data.engine)
    async with app:
        await prepare(app)
        await app.bot_data.delivery.drain()  # what start-up wrote to the outbox goes out
        scheduler = app.job_queue.scheduler if app.job_queue is not None else None
        if scheduler is not None:
            scheduler.start(paused=True)
        try:
            yield Harness(app, api, clock)
        finally:
            await app.bot_data.delivery.stop()
            if scheduler is not None and scheduler.running:
                scheduler.shutdown(wait=False)
            await connections.close_all()


Snapshot = dict[str, list[dict[str, Any]]]


def _snapshot(connection: Connection) -> Snapshot:
    metadata = MetaData()
    metadata.reflect(connection)
    tables: Snapshot = {}
    for name, table in sorted(metadata.tables.items()):
        order = list(table.primary_key.columns) or list(table.columns)
        rows = connection.execute(select(table).order_by(*order))
        tables[name] = [dict(row._mapping) for row in rows]
    return tables


async def snapshot(url: str) -> Snapshot:
    """Every row of every table of the database at ``url``, in primary key order."""
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return await connection.run_sync(_snapshot)
    finally:
        await engine.dispose()


async def hold_lock(
    database_url: str, holder: Holder, at: datetime, *, upgrade: bool = True
) -> None:
    """Another bot process took the instance lock at ``at`` (having migrated first, as it
    would; ``upgrade=False`` leaves an older database at its revision)."""
    engine = create_engine(database_url)
    try:
        if upgrade:
            await upgrade_database(engine)
        async with create_sessionmaker(engine)() as session, session.begin():
            outcome = await acquire_lock(
                session, holder, now=at, stale_after=STALE_AFTER, process_alive=process_alive
            )
        assert outcome.acquired
    finally:
        await engine.dispose()
