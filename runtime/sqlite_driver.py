"""SQLite through aiosqlite with one hand-over to its thread per statement, not four.

Why (issue 20): aiosqlite runs every call on a worker thread per connection and wakes
the event loop when it is done. SQLAlchemy's aiosqlite dialect makes four such calls
per statement (``cursor()``, ``execute``, ``fetchall``, ``close``), so a ``/jadwal``
(4 statements, BEGIN and the end of the transaction) made ~20 round trips between the
two threads and an RSVP press ~35; each costs two thread switches and a wake-up of
the loop through its self-pipe, and on a busy machine each waits for a core.

``OneHopConnection`` is an ``aiosqlite.Connection`` whose ``cursor()`` is made on the
caller's thread (no round trip) and whose cursors run the statement, read all of its
rows and close the sqlite3 cursor in one call on the worker thread;
``fetchall``/``fetchone``/``fetchmany`` then hand out those rows, and ``close`` needs no
round trip either. Everything else is aiosqlite's: SQLite still runs on the
connection's own thread, so waiting for the write lock (SQLite's busy timeout, 30 s in
``runtime/db.py``) never holds up the loop, and a long statement (a recap, ``VACUUM``)
runs beside it. SQLAlchemy uses it unchanged through
``create_async_engine(async_creator=…)`` (``runtime/db.py``). The bot never streams
rows (``stream()``), so reading them all at once changes nothing.
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import SQLiteDialect_aiosqlite
from sqlalchemy.engine import URL

# What a statement leaves for its caller: its rows, ``description``, ``rowcount`` and
# ``lastrowid``, read on the worker thread before the cursor is closed there.
_Done = tuple[list[Any], Any, int, int | None]


def _finish(cursor: sqlite3.Cursor, rows: list[Any]) -> _Done:
    return rows, cursor.description, cursor.rowcount, cursor.lastrowid


def _run_and_read(cursor: sqlite3.Cursor, sql: str, parameters: Any) -> _Done:
    """On the worker thread: the statement, all its rows (none for a write), and the
    cursor closed, all in one call. Closed here, never from the loop's thread: when the
    task awaiting a statement is cancelled, SQLAlchemy closes the cursor at once while
    the statement still runs on this thread, and sqlite3 closing a cursor under a
    running statement frees what that statement is using (a segfault)."""
    try:
        cursor.execute(sql, parameters)
        return _finish(cursor, cursor.fetchall() if cursor.description else [])
    finally:
        cursor.close()


def _run_many(cursor: sqlite3.Cursor, sql: str, parameters: Iterable[Any]) -> _Done:
    """``executemany`` on the worker thread, the cursor closed there (``_run_and_read``)."""
    try:
        cursor.executemany(sql, parameters)
        return _finish(cursor, [])
    finally:
        cursor.close()


class OneHopCursor(aiosqlite.Cursor):
    """An aiosqlite cursor whose ``execute`` also reads the rows and closes the sqlite3
    cursor, in the same call on the worker thread; it keeps what the caller reads after."""

    def __init__(self, conn: aiosqlite.Connection, cursor: sqlite3.Cursor) -> None:
        super().__init__(conn, cursor)
        self._rows: deque[Any] = deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    def _keep(self, done: _Done) -> OneHopCursor:
        rows, self._description, self._rowcount, self._lastrowid = done
        self._rows = deque(rows)
        return self

    async def execute(self, sql: str, parameters: Iterable[Any] | None = None) -> OneHopCursor:
        return self._keep(await self._execute(_run_and_read, self._cursor, sql, parameters or []))

    async def executemany(self, sql: str, parameters: Iterable[Iterable[Any]]) -> OneHopCursor:
        return self._keep(await self._execute(_run_many, self._cursor, sql, parameters))

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._lastrowid

    async def fetchone(self) -> Any:
        return self._rows.popleft() if self._rows else None

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        count = self._cursor.arraysize if size is None else size
        return [self._rows.popleft() for _ in range(min(count, len(self._rows)))]

    async def fetchall(self) -> list[Any]:
        rows, self._rows = list(self._rows), deque()
        return rows

    async def close(self) -> None:
        # The sqlite3 cursor is closed on the worker thread when its statement ends
        # (``_run_and_read``), even one whose caller was cancelled meanwhile.
        self._rows.clear()


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
