"""Upgrades keep every row: a database at every earlier revision reaches head whole.

Each database is built as an older release left it (the migrations up to that
revision, each followed by its fill from ``tests/upgrade_fills.py``), upgraded by
the bot's own ``upgrade_database``, and compared row by row, every column that
survives. The guard refuses a migration that would lose rows; a second bot beside a
running one changes nothing; a SQLite file is copied before it is migrated.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.engine import make_url

import runtime.db
from bot import preflight
from models.backup import backups_in, pre_upgrade_backups_in, rotate
from models.instance import Holder, InstanceLocked, this_process
from runtime.db import (
    create_engine,
    head_revision,
    upgrade_database,
)
from tests.harness import Person, Snapshot, hold_lock, make_settings, running_bot, snapshot
from tests.upgrade_fills import FILLS, REVISIONS, at, database_at
from ui import texts

EARLIER = REVISIONS[:-1]

pytestmark = pytest.mark.empty_database  # each test builds the old database it upgrades


def test_every_revision_has_its_fill():
    """A new migration comes with the rows it introduces (tests/upgrade_fills.py)."""
    assert list(FILLS) == REVISIONS


def assert_every_row_kept(before: Snapshot, after: Snapshot) -> None:
    for table, rows in before.items():
        assert table in after, f"table {table} is gone"
        kept = [{column: row[column] for column in rows[0]} for row in after[table]] if rows else []
        assert kept == rows, f"rows of {table} changed"


async def assert_database_whole(url: str) -> None:
    if make_url(url).get_backend_name() != "sqlite":
        return  # PostgreSQL checks every foreign key as rows are written
    connection = sqlite3.connect(make_url(url).database or "")
    try:
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    finally:
        connection.close()


# --- every earlier revision ---------------------------------------------------------------


@pytest.mark.parametrize("revision", EARLIER)
async def test_a_database_at_an_earlier_revision_keeps_every_row(database_url, revision):
    await database_at(database_url, revision)
    before = await snapshot(database_url)
    assert all(before[table] for table in before if table != "alembic_version"), "a table unfilled"

    engine = create_engine(database_url)
    try:
        outcome = await upgrade_database(engine)
    finally:
        await engine.dispose()

    assert (outcome.from_revision, outcome.to_revision) == (revision, head_revision())
    after = await snapshot(database_url)
    assert after["alembic_version"] == [{"version_num": head_revision()}]
    del before["alembic_version"]
    assert_every_row_kept(before, after)
    await assert_database_whole(database_url)


# --- the guard ---------------------------------------------------------------------------

LOSSY = '''"""A migration that loses rows (only for the guard's test)."""

from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("DELETE FROM guest WHERE removed_at IS NOT NULL")
    op.execute("UPDATE meeting SET topic = 'Kosong'")


def downgrade() -> None:
    pass
'''


@pytest.fixture
def lossy_migrations(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This code's migrations plus one more that deletes a guest."""
    folder = tmp_path / "migrations"
    shutil.copytree(runtime.db.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "versions" / "9999_lossy.py").write_text(LOSSY.format(head=REVISIONS[-1]))
    monkeypatch.setattr(runtime.db, "MIGRATIONS_DIR", folder)
    return folder


def test_the_head_is_read_again_when_a_migration_is_added(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """``schema_head`` parses the migration files once per set of files: a release that
    brings a migration (a new file in the same folder) is seen at once."""
    folder = tmp_path / "migrations"
    shutil.copytree(runtime.db.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(runtime.db, "MIGRATIONS_DIR", folder)
    assert runtime.db.schema_head() == REVISIONS[-1]
    (folder / "versions" / "9999_lossy.py").write_text(LOSSY.format(head=REVISIONS[-1]))
    assert runtime.db.schema_head() == "9999"


async def test_an_upgrade_that_would_lose_rows_is_rolled_back_with_its_exit_status(
    database_url, settings, lossy_migrations, tmp_path
):
    await database_at(database_url, REVISIONS[-1])
    before = await snapshot(database_url)
    settings = settings.model_copy(update={"BACKUP_DIR": str(tmp_path / "backups")})

    with pytest.raises(preflight.StartupFailure) as refused:
        await preflight.check_database(database_url, settings)

    assert refused.value.status == preflight.EXIT_UPGRADE_REFUSED == 11
    assert refused.value.line == (
        f"the upgrade from {REVISIONS[-1]} to 9999 would have lost 1 of 2 rows of table guest;"
        f" it was rolled back and the database is unchanged (still at {REVISIONS[-1]}). Keep"
        " running the previous release and report this (README, 'Upgrading the bot')."
    )
    assert await snapshot(database_url) == before  # alembic_version and every row


async def test_a_second_bot_beside_a_running_one_does_not_touch_the_schema(
    database_url, settings, tmp_path
):
    """An older database, a live bot on it: the newer start is refused before migrating."""
    await database_at(database_url, "0009")
    # Our parent process plays the running bot: alive, on this host.
    running = Holder("running-bot", this_process().hostname, os.getppid())
    await hold_lock(database_url, running, at("2026-09-03 00:00"), upgrade=False)
    before = await snapshot(database_url)

    engine = create_engine(database_url)
    try:
        with pytest.raises(InstanceLocked, match="another instance of the bot is running"):
            await upgrade_database(
                engine, now=at("2026-09-03 00:01"), backup_dir=tmp_path / "backups"
            )
    finally:
        await engine.dispose()

    assert await snapshot(database_url) == before
    assert not (tmp_path / "backups").exists()


# --- the copy taken before migrating -----------------------------------------------------


async def test_a_sqlite_file_is_copied_before_it_is_migrated(database_url, tmp_path, caplog):
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite files are copied; PostgreSQL is dumped with pg_dump first")
    await database_at(database_url, "0009")
    before = await snapshot(database_url)
    folder = tmp_path / "backups"
    engine = create_engine(database_url)
    try:
        caplog.set_level("INFO", logger="runtime.db")
        outcome = await upgrade_database(engine, now=at("2026-12-06 13:00"), backup_dir=folder)
        again = await upgrade_database(engine, backup_dir=folder)  # at head: no copy
    finally:
        await engine.dispose()

    name = f"kampungkb-before-0009-to-{head_revision()}-2026-12-06-130000.db"
    assert outcome.backup == folder / name and again.backup is None
    assert [p.name for p in pre_upgrade_backups_in(folder)] == [name]
    assert backups_in(folder) == []  # not one of the daily copies
    assert f"a copy was saved to {folder / name}" in caplog.text
    assert await snapshot(f"sqlite+aiosqlite:///{folder / name}") == before


async def test_postgresql_asks_for_a_pg_dump_before_it_migrates(database_url, tmp_path, caplog):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL: the bot cannot copy the database itself")
    await database_at(database_url, "0009")
    engine = create_engine(database_url)
    try:
        caplog.set_level("INFO", logger="runtime.db")
        outcome = await upgrade_database(engine, backup_dir=tmp_path / "backups")
    finally:
        await engine.dispose()
    assert outcome.backup is None and not (tmp_path / "backups").exists()
    [line] = [r.getMessage() for r in caplog.records if "pg_dump" in r.getMessage()]
    assert line.startswith(f"Upgrading the database from 0009 to {head_revision()}; the bot")
    assert "take a pg_dump before upgrading (docs/operations.md, section 4)" in line


def test_a_pre_upgrade_copy_rotates_out_once_newer_daily_copies_fill_the_keep(tmp_path):
    folder = tmp_path
    pre = folder / "kampungkb-before-0009-to-0013-2026-12-06-130000.db"
    pre.write_bytes(b"x")
    daily = [folder / f"kampungkb-2026-12-0{day}-023000.db" for day in (7, 8, 9)]
    for age, path in enumerate(reversed(daily), start=1):
        path.write_bytes(b"x")
        os.utime(path, (pre.stat().st_mtime + 100 - age, pre.stat().st_mtime + 100 - age))
    os.utime(pre, (pre.stat().st_mtime - 1000, pre.stat().st_mtime - 1000))

    assert rotate(folder, 4) == []  # fewer daily copies than kept: the pre-upgrade copy stays
    assert rotate(folder, 3) == [pre]  # three newer whole copies: it goes
    assert sorted(p.name for p in folder.iterdir()) == [p.name for p in daily]


# --- databases made by real older releases (tests/data/releases/README.md) ---------------

RELEASES = Path(__file__).resolve().parent / "data" / "releases"


def _raw_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every row of every table, as SQLite stores it (no type conversion)."""
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {
            name: [
                dict(row) for row in connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            ]
            for name in sorted(names)
        }
    finally:
        connection.close()


@pytest.mark.parametrize("release", ["schema-0005.db", "schema-0009.db"])
async def test_a_database_made_by_an_older_release_keeps_every_row(release, tmp_path, clock):
    path = tmp_path / "kampungkb.db"
    shutil.copyfile(RELEASES / release, path)
    before = _raw_rows(path)
    assert before["member"] and before["attendance"] and before["guest"] and before["rsvp"]
    revision = before.pop("alembic_version")[0]["version_num"]
    url = f"sqlite+aiosqlite:///{path}"

    engine = create_engine(url)
    try:
        outcome = await upgrade_database(engine, backup_dir=tmp_path / "backups")
    finally:
        await engine.dispose()

    assert (outcome.from_revision, outcome.to_revision) == (revision, head_revision())
    assert outcome.backup is not None and _raw_rows(outcome.backup)["member"] == before["member"]
    after = _raw_rows(path)
    for table, rows in before.items():
        kept = [{column: row[column] for column in rows[0]} for row in after[table]] if rows else []
        assert kept == rows, f"rows of {table} changed"
    await assert_database_whole(url)

    # And the bot serves them: the cadres are still registered.
    cadre = next(row for row in before["member"] if row["full_name"] == "Siti Aminah")
    async with running_bot(make_settings(url), clock) as bot:
        person = Person(cadre["telegram_id"], "Siti")
        await bot.send(person, "/jadwal")
        assert texts.NOT_REGISTERED not in bot.last_text(person)
        assert "Rumah Data RT 07" in bot.last_text(person)
