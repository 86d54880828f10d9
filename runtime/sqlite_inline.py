"""SQLite statements on the event loop's own thread, without aiosqlite's worker thread.

Why (issue 20): aiosqlite runs every call on a thread of its own per connection and
wakes the event loop when it is done. SQLAlchemy makes four such calls per statement
(cursor, execute, fetchall, close), so a ``/jadwal`` (4 statements plus BEGIN and
COMMIT) made ~20 round trips between two threads and an RSVP press ~35; each costs two
thread switches and a wake-up of the loop through its self-pipe, and on a busy
machine each waits for a core. The profile put a quarter of the bot's busy time in
that hand-over. The statements themselves are small (an indexed row, a GROUP BY over
one meeting's answers): run in place they cost less than the hand-over did.

``InlineConnection`` is an ``aiosqlite.Connection`` whose calls run at once, where
they are awaited; SQLAlchemy's aiosqlite dialect uses it unchanged through
``create_async_engine(async_creator=…)`` (``runtime/db.py``). What the worker thread
did for free, it does itself:

- **Waiting for the write lock never blocks the loop.** SQLite's own busy timeout is
  0 (it would sleep on the loop's thread). A transaction that takes the write lock
  (``BEGIN IMMEDIATE``, see ``runtime/db.py``) first takes this engine's
  ``asyncio.Lock`` for the running loop, FIFO, so the bot's own writers queue without
  polling; it is released when the connection leaves its transaction (COMMIT,
  ROLLBACK, a failed BEGIN, or the connection closed). A lock held by another process
  (a backup, a restore) is polled: the statement is retried every ``POLL_SECONDS``
  until the connection's ``timeout`` (30 s in ``runtime/db.py``) has passed, then it
  fails with SQLite's own "database is locked", as before.
- **A long statement runs in a thread** when asked (``run_in_thread``: ``VACUUM`` after
  an erasure), as every statement did before.

The price: a statement holds the loop for its own duration. The slowest ones the bot
makes in an update are the recap's (tens of ms at 10,000 members, where SQLAlchemy's
processing of the rows costs more than SQLite's and already ran on the loop).
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
import weakref
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL

SQLITE_BUSY = 5
SQLITE_BUSY_SNAPSHOT = 517  # a read transaction that may not become a write: no retry
# How often a statement retries a write lock held by another process.
POLL_SECONDS = 0.005
_TAKES_WRITE_LOCK = ("BEGIN IMMEDIATE", "BEGIN EXCLUSIVE")


class _RunAtOnce:
    """Stands in for aiosqlite's queue to its worker thread: each call runs when queued
    (SQLAlchemy's dialect queues one call itself, to set ``isolation_level``)."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, function = item
        try:
            result = function()
        except BaseException as error:  # handed to the waiter, as the worker thread did
            if future is not None and not future.done():
                future.set_exception(error)
            return
        if future is not None and not future.done():
            future.set_result(result)


class WriteGate:
    """One queue for the write lock per engine and event loop (tests run many loops)."""

    def __init__(self) -> None:
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    def lock(self) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        found = self._locks.get(loop)
        if found is None:
            found = self._locks[loop] = asyncio.Lock()
        return found


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", SQLITE_BUSY)
    return code & 0xFF == SQLITE_BUSY and code != SQLITE_BUSY_SNAPSHOT


def _sql_of(args: tuple[Any, ...]) -> str:
    return args[0] if args and isinstance(args[0], str) else ""


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run on the caller's thread (module docstring)."""

    def __init__(
        self, connector: Callable[[], sqlite3.Connection], gate: WriteGate, timeout: float
    ) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunAtOnce()  # type: ignore[assignment]
        self._gate = gate
        self._timeout = timeout
        self._held: asyncio.Lock | None = None

    def __await__(self) -> Any:
        return self._connect().__await__()  # no worker thread to start

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        connection = self._connection
        if (
            self._held is None
            and not connection.in_transaction
            and _sql_of(args).lstrip().upper().startswith(_TAKES_WRITE_LOCK)
        ):
            await self._take_gate()
        try:
            return await self._retry_busy(fn, args, kwargs)
        finally:
            if self._held is not None and not connection.in_transaction:
                self._release_gate()

    async def _take_gate(self) -> None:
        lock = self._gate.lock()
        try:
            async with asyncio.timeout(self._timeout):  # a free lock is taken at once, even at 0
                await lock.acquire()
        except TimeoutError:
            raise sqlite3.OperationalError("database is locked") from None
        self._held = lock

    def _release_gate(self) -> None:
        held, self._held = self._held, None
        if held is not None and held.locked():
            held.release()

    async def _retry_busy(
        self, fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
    ) -> Any:
        deadline: float | None = None
        while True:
            try:
                return fn(*args, **kwargs)
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                now = time.monotonic()
                deadline = now + self._timeout if deadline is None else deadline
                if now >= deadline:
                    raise
            await asyncio.sleep(POLL_SECONDS)

    async def run_in_thread(self, sql: str) -> list[Any]:
        """Run one long statement on a worker thread (the loop goes on meanwhile), holding
        the write queue so the bot's own writers wait for it without polling."""
        connection = self._conn
        took = self._held is None and not connection.in_transaction
        if took:
            await self._take_gate()
        deadline = time.monotonic() + self._timeout
        try:
            while True:
                try:
                    return await asyncio.to_thread(lambda: connection.execute(sql).fetchall())
                except sqlite3.OperationalError as error:
                    if not _is_busy(error) or time.monotonic() >= deadline:
                        raise
                await asyncio.sleep(POLL_SECONDS)
        finally:
            if took:
                self._release_gate()

    def stop(self) -> asyncio.Future[Any] | None:
        self._release_gate()
        return super().stop()


def inline_creator(url: URL, connect_args: dict[str, Any]) -> Callable[[], Awaitable[Any]]:
    """``async_creator`` for ``create_async_engine``: the URL's file and options as
    SQLAlchemy's aiosqlite dialect reads them, SQLite's busy timeout handled here."""
    positional, options = SQLiteDialect_aiosqlite().create_connect_args(url)
    options = {**options, **connect_args}
    timeout = float(options.pop("timeout", 5.0))
    options |= {"timeout": 0, "check_same_thread": False}
    gate = WriteGate()

    async def connect() -> InlineConnection:
        connection = InlineConnection(
            lambda: sqlite3.connect(*positional, **options), gate, timeout
        )
        return await connection

    return connect
