"""Database engine, sessions and migrations."""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event, exc
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

logger = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Execution option marking the connections of read-only sessions (see
# ``create_reading_sessionmaker``): on SQLite they begin without the write lock.
READ_ONLY = "kampungkb_read_only"


def create_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine; for SQLite, make the file's folder and tune it for a bot."""
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite:
        # Many cadres press at once: wait for the write lock instead of failing.
        kwargs.setdefault("connect_args", {"timeout": 30})
    engine = create_async_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    elif not kwargs.get("pool_pre_ping"):
        event.listen(engine.sync_engine, "checkin", _note_idle)
        event.listen(engine.sync_engine, "checkout", _ping_if_idle)
    return engine


# A pooled PostgreSQL connection idle this long is checked before it is handed out.
PING_AFTER_IDLE_SECONDS = 10.0
_IDLE_SINCE = "kampungkb_idle_since"


def _note_idle(_dbapi_connection: Any, record: Any) -> None:
    record.info[_IDLE_SINCE] = time.monotonic()


def _ping_if_idle(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
    """``pool_pre_ping``, but only for a connection that sat idle (issue 20).

    SQLAlchemy's pre-ping costs asyncpg three round trips (BEGIN, ``;``, ROLLBACK) on
    every checkout, two or three times per update: the largest single cost of an
    update on PostgreSQL. A connection in steady use was just seen working; one idle
    for a while (a restarted server, a dropped link) is pinged, and a dead one is
    replaced (``DisconnectionError`` makes the pool connect afresh).
    """
    idle_since = record.info.get(_IDLE_SINCE)
    if idle_since is None or time.monotonic() - idle_since < PING_AFTER_IDLE_SECONDS:
        return
    try:
        dbapi_connection.ping()
    except Exception as error:  # any failure: the connection is not usable
        raise exc.DisconnectionError(f"pooled connection failed its ping: {error}") from error


def _sqlite_begin(connection: Connection) -> None:
    if connection.get_execution_options().get(READ_ONLY):
        # Only reads: a deferred BEGIN takes no write lock, and in WAL mode a reader
        # neither waits for the writer nor holds it up.
        connection.exec_driver_sql("BEGIN")
        return
    # Take the write lock at BEGIN: a deferred transaction that reads and then
    # writes can fail at once with "database is locked" when another writer
    # got in between, without waiting for the busy timeout.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event issue BEGIN itself (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def create_reading_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for work that only reads, on the same engine and pool.

    On SQLite their transactions begin deferred, so a /jadwal card or a roll
    never waits for (or holds up) a writer; on PostgreSQL they are READ ONLY,
    so a write slipped into one fails loudly. They never flush on their own.
    """
    options: dict[str, Any] = {READ_ONLY: True}
    if engine.dialect.name == "postgresql":
        options["postgresql_readonly"] = True
    return async_sessionmaker(
        engine.execution_options(**options), expire_on_commit=False, autoflush=False
    )


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


async def upgrade_database(engine: AsyncEngine) -> None:
    """Apply every pending Alembic migration on this engine's database."""
    async with engine.begin() as connection:
        await connection.run_sync(_upgrade)
    logger.info("Database schema is up to date")
