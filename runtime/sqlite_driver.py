"""SQLite through aiosqlite with one hand-over to its thread per statement, not four.

Why (issue 20): aiosqlite runs every call on a worker thread per connection and wakes
the event loop when it is done. SQLAlchemy's aiosqlite dialect makes four such calls
per statement (``cursor()``, ``execute``, ``fetchall``, ``close``), so a ``/jadwal``
(4 statements, BEGIN and the end of the transaction) made ~20 round trips between the
two threads and an RSVP press ~35; each costs two thread switches and a wake-up of
the loop through its self-pipe, and on a busy machine each waits for a core.

``OneHopConnection`` is an ``aiosqlite.Connection`` whose ``cursor()`` is made on the
caller's thread (no round trip) and whose cursors run the statement and read all of
its rows in one call on the worker thread; ``fetchall``/``fetchone``/``fetchmany``
then hand out those rows, and ``close`` needs no round trip either. Everything else
is aiosqlite's: SQLite still runs on the connection's own thread, so waiting for the
write lock (SQLite's busy timeout, 30 s in ``runtime/db.py``) never holds up the loop,
and a long statement (a recap, ``VACUUM``) runs beside it. SQLAlchemy uses it
unchanged through ``create_async_engine(async_creator=…)`` (``runtime/db.py``). The
bot never streams rows (``stream()``), so reading them all at once changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL


def _run_and_read(cursor: sqlite3.Cursor, sql: str, parameters: Any) -> list[Any]:
    """On the worker thread: the statement and all its rows (none for a write)."""
    cursor.execute(sql, parameters)
    return cursor.fetchall() if cursor.description else []


class OneHopCursor(aiosqlite.Cursor):
    """An aiosqlite cursor whose ``execute`` also reads the rows, in the same call."""

    def __init__(self, conn: aiosqlite.Connection, cursor: sqlite3.Cursor) -> None:
        super().__init__(conn, cursor)
        self._rows: deque[Any] = deque()

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> OneHopCursor:
        rows = await self._execute(_run_and_read, self._cursor, sql, parameters or [])
        self._rows = deque(rows)
        return self

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self._cursor.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(count, len(self._rows)))]

    async def fetchall(self) -> list[Any]:
        rows, self._rows = list(self._rows), deque()
        return rows

    async def close(self) -> None:
        # The statement has run to its end on the worker thread (its rows are read), so
        # SQLite has reset it already: closing only lets go of Python's cursor object.
        self._rows.clear()
        self._cursor.close()


class OneHopConnection(aiosqlite.Connection):
    """aiosqlite's connection, its cursors made without a round trip (module docstring)."""

    async def cursor(self) -> OneHopCursor:  # type: ignore[override]
        return OneHopCursor(self, self._conn.cursor())


def one_hop_creator(url: URL, connect_args: dict[str, Any]) -> Callable[[], Awaitable[Any]]:
    """``async_creator`` for ``create_async_engine``: the URL's file and options as
    SQLAlchemy's aiosqlite dialect reads them, and ``connect_args`` (the busy timeout)."""
    positional, options = SQLiteDialect_aiosqlite().create_connect_args(url)
    # Its cursors are made on the loop's thread and used on the connection's own.
    options = {**options, **connect_args, "check_same_thread": False}

    async def connect() -> OneHopConnection:
        connection = OneHopConnection(
            lambda: sqlite3.connect(*positional, **options), iter_chunk_size=64
        )
        connection._thread.daemon = True  # as SQLAlchemy's dialect does for its own
        return await connection

    return connect
