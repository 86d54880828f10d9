"""SQLite with one round trip to aiosqlite's thread per statement
(runtime/sqlite_driver.py): rows, writes and RETURNING come back as before, waiting for
the write lock, the bot's own or another process's, never stops the loop, and a lock
that is not released in time still fails as SQLite's busy timeout did."""

from __future__ import annotations

import asyncio
import sqlite3
import sys
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncEngine

from runtime.db import (
    create_engine,
    create_reading_sessionmaker,
    create_sessionmaker,
    wipe_erased,
)
from runtime.sqlite_driver import OneHopConnection


@pytest.fixture
async def file(tmp_path: Path) -> Path:
    path = tmp_path / "inline.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, who TEXT)")
    return path


@pytest.fixture
async def engine(file: Path) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(f"sqlite+aiosqlite:///{file}", connect_args={"timeout": 5})
    yield engine
    await engine.dispose()


async def _insert(engine: AsyncEngine, who: str) -> None:
    async with create_sessionmaker(engine)() as session, session.begin():
        await session.execute(text("INSERT INTO t (who) VALUES (:who)"), {"who": who})


async def _read(engine: AsyncEngine) -> list[str]:
    async with create_reading_sessionmaker(engine)() as session, session.begin():
        return list((await session.scalars(text("SELECT who FROM t ORDER BY id"))).all())


async def test_the_driver_hands_back_rows_writes_and_returning(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.driver_connection, OneHopConnection)
    async with create_sessionmaker(engine)() as session, session.begin():
        for name in ("a", "b", "c", "d", "e"):
            await session.execute(text("INSERT INTO t (who) VALUES (:who)"), {"who": name})
        returned = await session.execute(
            text("UPDATE t SET who = upper(who) WHERE who IN ('a', 'b') RETURNING who")
        )
        assert sorted(returned.scalars()) == ["A", "B"]
        deleted = await session.execute(text("DELETE FROM t WHERE who = 'e'"))
        assert deleted.rowcount == 1
        empty = await session.execute(text("SELECT who FROM t WHERE who = 'nobody'"))
        assert empty.first() is None
        result = await session.execute(text("SELECT who FROM t ORDER BY id"))
        assert result.fetchmany(3) == [("A",), ("B",), ("c",)]
        assert result.fetchone() == ("d",)
        assert result.fetchall() == []
    assert await _read(engine) == ["A", "B", "c", "d"]


async def test_two_writers_at_once_queue_and_a_reader_goes_on_meanwhile(
    engine: AsyncEngine,
) -> None:
    order: list[str] = []
    inside, release = asyncio.Event(), asyncio.Event()

    async def first() -> None:
        async with create_sessionmaker(engine)() as session, session.begin():
            await session.execute(text("INSERT INTO t (who) VALUES ('first')"))
            inside.set()
            await release.wait()  # holds the write lock while suspended
        order.append("first committed")

    async def second() -> None:
        await inside.wait()
        await _insert(engine, "second")
        order.append("second committed")

    async def reader() -> None:
        await inside.wait()
        assert await _read(engine) == []  # the first is not committed yet
        order.append("read")
        release.set()

    await asyncio.gather(first(), second(), reader())
    assert order == ["read", "first committed", "second committed"]
    assert await _read(engine) == ["first", "second"]


async def test_a_lock_held_by_another_process_is_waited_for_without_stopping_the_loop(
    engine: AsyncEngine, file: Path
) -> None:
    other = sqlite3.connect(file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO t (who) VALUES ('other')")
    writer = asyncio.create_task(_insert(engine, "bot"))
    for _ in range(3):
        await asyncio.sleep(0)  # the writer starts, meets the lock and waits
    # The bot's writer waits for the lock; with SQLite's own busy timeout it would wait
    # on the loop's thread and this read would not run until the writer gave up.
    assert await _read(engine) == []
    assert not writer.done()
    other.execute("COMMIT")
    other.close()
    await writer
    assert await _read(engine) == ["other", "bot"]


async def test_a_lock_not_released_in_time_fails_as_locked(file: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{file}", connect_args={"timeout": 0.2})
    other = sqlite3.connect(file, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(exc.OperationalError, match="database is locked"):
            await _insert(engine, "bot")
    finally:
        other.execute("ROLLBACK")
        other.close()
    await _insert(engine, "later")  # the connection and the queue are usable again
    assert await _read(engine) == ["later"]
    await engine.dispose()


async def test_a_second_writer_inside_the_first_fails_instead_of_hanging(file: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{file}", connect_args={"timeout": 0.2})
    async with create_sessionmaker(engine)() as session, session.begin():
        await session.execute(text("INSERT INTO t (who) VALUES ('outer')"))
        with pytest.raises(exc.OperationalError, match="database is locked"):
            await _insert(engine, "inner")
    assert await _read(engine) == ["outer"]
    await engine.dispose()


async def test_wiping_after_an_erasure_runs_beside_the_bot(engine: AsyncEngine) -> None:
    await _insert(engine, "kept")
    await asyncio.gather(wipe_erased(engine), _insert(engine, "meanwhile"))
    assert await _read(engine) == ["kept", "meanwhile"]


async def test_a_statement_is_one_hand_over_to_the_thread(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """aiosqlite's own cursors take four (``cursor()``, ``execute``, ``fetchall``,
    ``close``): each a wake-up of its thread and then of the loop (issue 20)."""
    await _insert(engine, "kept")
    handed_over: list[object] = []
    original = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        handed_over.append(fn)
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))  # connects and begins
        handed_over.clear()
        rows = (await connection.execute(text("SELECT who FROM t"))).all()
        written = await connection.execute(text("UPDATE t SET who = 'changed'"))
        assert len(handed_over) == 2
    assert rows == [("kept",)]
    assert written.rowcount == 1


REPO_ROOT = Path(__file__).resolve().parents[1]

# A statement held on aiosqlite's thread by a SQL function, its caller cancelled meanwhile
# (SQLAlchemy then closes the cursor at once), then let go. Run in a child process: the
# bug this guards against is a segfault, which would take pytest down with it.
CANCELLED_MID_STATEMENT = """
import asyncio, sys, threading
from sqlalchemy import event, text
from runtime.db import create_engine

ROUNDS = 5
ROWS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) "

async def main(path):
    # No statement cache: the cursor holds the only reference to its statement (as
    # when the cache has evicted it), so a close from the wrong thread frees it.
    engine = create_engine(f"sqlite+aiosqlite:///{path}", connect_args={"cached_statements": 0})
    started, release = threading.Event(), threading.Event()

    def gate(i):
        if i == 2:  # the first row came with the execute; this one while fetching
            started.set()
            release.wait(10)
        return i

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection, _record):
        dbapi_connection.driver_connection._conn.create_function("gate", 1, gate)

    async def query():
        async with engine.connect() as connection:
            return (await connection.execute(text(ROWS + "SELECT gate(i) FROM n"))).all()

    for _ in range(ROUNDS):
        started.clear()
        release.clear()
        task = asyncio.create_task(query())
        await asyncio.to_thread(started.wait, 10)
        threading.Timer(0.1, release.set).start()
        task.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass
    async with engine.connect() as connection:
        count = (await connection.execute(text(ROWS + "SELECT count(*) FROM n"))).scalar()
    await engine.dispose()
    print("rows", count)

asyncio.run(main(sys.argv[1]))
"""


async def test_a_statement_whose_caller_is_cancelled_finishes_without_crashing(
    tmp_path: Path,
) -> None:
    """Cancelling the task that awaits a statement (a shutdown, a timeout) leaves the
    statement running on the worker thread, and SQLAlchemy closes its cursor at once:
    the close must wait for the statement instead of pulling it from under it."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        CANCELLED_MID_STATEMENT,
        str(tmp_path / "cancel.db"),
        cwd=REPO_ROOT,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    async with asyncio.timeout(60):  # a guard, not a timed assertion
        output, _ = await child.communicate()
    assert child.returncode == 0, output.decode(errors="replace")
    assert output.decode().split() == ["rows", "50000"]
