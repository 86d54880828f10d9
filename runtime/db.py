"""Database engine, sessions and migrations.

Upgrading keeps every row (``upgrade_database``): all pending migrations run in
one transaction on a connection of their own, with SQLite's foreign keys off (a
table rebuild drops the old table, which with foreign keys on deletes every
child row by cascade), and before COMMIT the guard compares each table's rows
with those read before and runs ``PRAGMA foreign_key_check``; any loss rolls the
whole upgrade back. Nothing touches the schema while a live bot holds the
instance lock, and two upgraders exclude each other (SQLite: the write lock
taken at BEGIN IMMEDIATE and held to COMMIT; PostgreSQL: an advisory lock).
"""

from __future__ import annotations

import ast
import functools
import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine as sa_create_engine
from sqlalchemy import event, exc, inspect, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

from models.backup import backup_sqlite, pre_upgrade_name, sqlite_path
from models.instance import process_alive, refuse_if_held
from runtime.sqlite_driver import one_hop_creator

if TYPE_CHECKING:
    from alembic.config import Config

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
        connect_args = {"timeout": 30, **kwargs.pop("connect_args", {})}
        # One round trip to aiosqlite's thread per statement (runtime/sqlite_driver.py).
        kwargs.setdefault("async_creator", one_hop_creator(parsed, connect_args))
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


# SQLite's page cache per connection, in KiB (SQLite's default is 2,000). Every pooled
# connection fills its own, so a burst that opens the whole pool kept ~2 MB resident per
# connection for good: 22 MB of the bot's peak at 10,000 members (issue 20, memory). The
# operating system's file cache still holds the pages; a read costs a system call more.
SQLITE_CACHE_KB = 256


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
    cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KB}")
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
            await cursor.close()  # on the connection's thread, not when garbage collected
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


def create_autocommit_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """On PostgreSQL, sessions whose statements each commit on their own (no BEGIN, no
    COMMIT: one round trip per statement), for work that is one statement at a time
    (the delivery worker's claim and confirm of each message). SQLite's connections
    are in the same process (no round trip to save): its usual sessions."""
    if engine.dialect.name != "postgresql":
        return create_sessionmaker(engine)
    return async_sessionmaker(
        engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False
    )


# Alembic (with Mako and its DDL modules, ~10 MB resident) is imported only when a
# database is not at the head revision, or by the tools that need it: a bot started on
# an up-to-date schema never loads it (issue 20, memory). ``schema_head`` reads the
# head from the migration files themselves; tests/test_lazy_imports.py holds it to
# Alembic's own answer.


def schema_head() -> str:
    """The head revision of ``migrations/versions``, without importing Alembic.

    Parsed once per set of migration files (their names and modification times): each
    start of the bot asks, and parsing every file took 50-100 ms (in the test suite, where
    every test starts a bot, several minutes of CI)."""
    files = sorted(MIGRATIONS_DIR.joinpath("versions").glob("*.py"))
    return _head_of(tuple((file, file.stat().st_mtime_ns) for file in files))


@functools.cache
def _head_of(files: tuple[tuple[Path, int], ...]) -> str:
    revisions: set[str] = set()
    parents: set[str] = set()
    for file, _ in files:
        for statement in ast.parse(file.read_text(encoding="utf-8")).body:
            if isinstance(statement, ast.AnnAssign | ast.Assign):
                targets = (
                    statement.targets if isinstance(statement, ast.Assign) else [statement.target]
                )
                names = {target.id for target in targets if isinstance(target, ast.Name)}
                if not names & {"revision", "down_revision"} or statement.value is None:
                    continue
                value = ast.literal_eval(statement.value)
                if "revision" in names and isinstance(value, str):
                    revisions.add(value)
                elif "down_revision" in names and value is not None:
                    parents.update([value] if isinstance(value, str) else value)
    heads = revisions - parents
    if len(heads) != 1:
        raise RuntimeError(f"migrations/versions has {len(heads)} heads: {sorted(heads)}")
    return heads.pop()


async def _at_head(engine: AsyncEngine) -> str | None:
    """The database's revision when it is the head (one SELECT); None when it is not,
    or the database has none yet (then Alembic upgrades it, under its locks)."""
    head = schema_head()
    async with engine.connect() as connection:  # a database out of reach fails here, as before
        await connection.execution_options(**{READ_ONLY: True})
        try:
            revisions = (
                await connection.execute(text("SELECT version_num FROM alembic_version"))
            ).scalars()
        except exc.DBAPIError:  # no alembic_version table: a new database
            return None
        return head if list(revisions) == [head] else None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    """Every revision this code's migrations know (a database at one can be upgraded)."""
    from alembic.script import ScriptDirectory

    return {
        script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()
    }


# PostgreSQL advisory lock key held by an upgrade for its transaction ("KKB" + 1).
UPGRADE_LOCK_KEY = 0x4B4B4201
# Tables whose rows a migration may remove on purpose. A migration that prunes rows
# names its table here, with a comment; any other shrinking table stops the upgrade.
MAY_SHRINK: frozenset[str] = frozenset()
NOT_RECORDS = frozenset({"alembic_version"})


class UpgradeRefused(Exception):
    """The upgrade would have broken records; it was rolled back and nothing changed."""

    def __init__(self, line: str, *, from_revision: str | None, to_revision: str) -> None:
        super().__init__(line)
        self.line = line
        self.from_revision = from_revision
        self.to_revision = to_revision


@dataclass(frozen=True)
class Upgrade:
    """What ``upgrade_database`` did: the revisions, and the copy taken before."""

    from_revision: str | None
    to_revision: str
    backup: Path | None = None

    @property
    def migrated(self) -> bool:
        return self.from_revision != self.to_revision


def create_migration_engine(url: str) -> AsyncEngine:
    """An engine only for upgrading: one connection, never pooled, foreign keys off.

    ``PRAGMA foreign_keys`` is a no-op inside a transaction, so it is turned off
    when the connection opens, before the upgrade's BEGIN; the bot's own engine
    never hands out a connection with foreign keys off. Alembic's batch rebuild is
    SQLite's own recipe (create ``_alembic_tmp_x``, copy, drop ``x``, rename the
    copy to ``x``): with ``legacy_alter_table`` off (the default), SQLite ≥ 3.26
    rewrites references *to the renamed table* only, and nothing refers to
    ``_alembic_tmp_x``, so the children's foreign keys keep naming ``x``.
    """
    engine = create_engine(url, poolclass=NullPool)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_foreign_keys_off)
    return engine


def _sqlite_foreign_keys_off(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=OFF")
    cursor.close()


def _revision_of(connection: Connection) -> str | None:
    from alembic.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _row_counts(connection: Connection) -> dict[str, int]:
    names = set(inspect(connection).get_table_names()) - NOT_RECORDS
    preparer = connection.dialect.identifier_preparer
    return {
        name: connection.scalar(text(f"SELECT count(*) FROM {preparer.quote(name)}")) or 0
        for name in sorted(names)
    }


def _foreign_key_faults(connection: Connection) -> dict[str, int]:
    """SQLite: rows per table whose parent row is missing (PostgreSQL enforces them)."""
    if connection.dialect.name != "sqlite":
        return {}
    faults: dict[str, int] = {}
    for row in connection.exec_driver_sql("PRAGMA foreign_key_check"):
        faults[row[0]] = faults.get(row[0], 0) + 1
    return faults


def _run_upgrade(
    connection: Connection,
    *,
    now: datetime,
    backup_dir: Path | None,
    tz: tzinfo,
    alive: Callable[[int], bool],
) -> Upgrade:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # BEGIN IMMEDIATE (see _sqlite_begin) holds the write lock until COMMIT.
        foreign_keys = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
        assert foreign_keys == 0, "the upgrade connection must have foreign keys off"
    else:
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK_KEY})
    head = head_revision()
    start = _revision_of(connection)
    if start == head:
        return Upgrade(start, head)
    refuse_if_held(connection, now=now, process_alive=alive)
    before = _row_counts(connection)
    faults_before = _foreign_key_faults(connection)
    copy = None
    source = sqlite_path(connection.engine.url.render_as_string(hide_password=False))
    if start is not None and backup_dir is not None and source is not None:
        name = pre_upgrade_name(start, head, now.astimezone(tz))
        copy = backup_sqlite(source, backup_dir, now, name=name)
        logger.info(
            "Before upgrading the database from %s to %s, a copy was saved to %s", start, head, copy
        )
    elif start is not None and not sqlite:
        logger.info(
            "Upgrading the database from %s to %s; the bot makes no copy of a PostgreSQL"
            " database: take a pg_dump before upgrading (docs/operations.md, section 4)",
            start,
            head,
        )
    from alembic import command

    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
    after = _row_counts(connection)
    for table, count in before.items():
        if table in MAY_SHRINK or after.get(table, 0) >= count:
            continue
        raise UpgradeRefused(
            f"the upgrade from {start} to {head} would have lost"
            f" {count - after.get(table, 0)} of {count} rows of table {table}; it was rolled"
            f" back and the database is unchanged (still at {start}). Keep running the previous"
            " release and report this (README, 'Upgrading the bot').",
            from_revision=start,
            to_revision=head,
        )
    for table, count in _foreign_key_faults(connection).items():
        if count > faults_before.get(table, 0):
            raise UpgradeRefused(
                f"the upgrade from {start} to {head} would have left {count} rows of table"
                f" {table} pointing at missing rows; it was rolled back and the database is"
                f" unchanged (still at {start}). Keep running the previous release and report"
                " this (README, 'Upgrading the bot').",
                from_revision=start,
                to_revision=head,
            )
    return Upgrade(start, head, copy)


def refuse_if_running(url: str, *, now: datetime) -> None:
    """Raise ``InstanceLocked`` when a live bot holds the database at ``url`` (for restore)."""
    engine = sa_create_engine(make_url(url).set(drivername=make_url(url).get_backend_name()))
    try:
        with engine.connect() as connection:
            refuse_if_held(connection, now=now)
    finally:
        engine.dispose()


async def upgrade_database(
    engine: AsyncEngine,
    *,
    now: datetime | None = None,
    backup_dir: Path | None = None,
    tz: tzinfo = UTC,
    process_alive: Callable[[int], bool] = process_alive,
) -> Upgrade:
    """Apply every pending Alembic migration on this engine's database, keeping every row.

    Raises ``InstanceLocked`` (a live bot holds the database) or ``UpgradeRefused``
    (a table would lose rows) before anything is committed. ``backup_dir``: a
    SQLite file is copied there first, when there is something to migrate (its
    name carries the revisions and ``now`` in ``tz``; PostgreSQL gets a log line
    asking for a pg_dump instead); ``now`` also judges the lock holder's heartbeat.
    A database already at the head is told by one SELECT, without loading Alembic.
    """
    head = await _at_head(engine)
    if head is not None:
        logger.info("Database schema is up to date")
        return Upgrade(head, head)
    migrator = create_migration_engine(engine.url.render_as_string(hide_password=False))
    try:
        async with migrator.connect() as connection:
            outcome = await connection.run_sync(
                lambda sync: _run_upgrade(
                    sync,
                    now=now or datetime.now(UTC),
                    backup_dir=backup_dir,
                    tz=tz,
                    alive=process_alive,
                )
            )
            await connection.commit()
    finally:
        await migrator.dispose()
    if outcome.migrated:
        logger.info("Database upgraded from %s to %s", outcome.from_revision, outcome.to_revision)
    else:
        logger.info("Database schema is up to date")
    return outcome
