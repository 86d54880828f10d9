"""Database engine, sessions and migrations."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
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
    else:
        kwargs.setdefault("pool_pre_ping", True)
    engine = create_async_engine(url, **kwargs)
    if is_sqlite:
        event.listen(engine.sync_engine, "connect", _sqlite_on_connect)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


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
    # Deleted and overwritten content is overwritten with zeros, not left in free
    # space: an erased name must not stay readable in the file (README *Privacy*).
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


async def wipe_erased(engine: AsyncEngine) -> None:
    """After an erasure, on SQLite: leave no trace of the erased values in the files.

    ``secure_delete`` zeroes what is deleted from now on; ``VACUUM`` rewrites the
    file, so free space left by a database made before it holds nothing either, and
    a ``TRUNCATE`` checkpoint moves the WAL into the file and empties it (old page
    images in the WAL still held the values). Runs outside any transaction; a
    failure (a long reader, say) is logged, and the next erasure tries again.
    """
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        raw = await connection.get_raw_connection()
        driver = raw.driver_connection
        if driver is None:
            return
        try:
            await driver.execute("VACUUM")
            cursor = await driver.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _frames, _moved = await cursor.fetchone() or (0, 0, 0)
        except sqlite3.Error as exc:  # the erasure itself is committed
            logger.warning("Wiping the erased data from the SQLite file failed: %s", exc)
            return
    if busy:
        logger.warning("The WAL could not be emptied after an erasure: a reader held it")


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
