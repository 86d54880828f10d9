"""Backups of the SQLite database: consistent while the bot writes, and rotated."""

from __future__ import annotations

import asyncio
import os
import socket
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from models.backup import backup_sqlite, backups_in, rotate, sqlite_path
from models.instance import Holder
from runtime.config import Settings
from runtime.db import head_revision
from scheduler.backup import BACKUP_JOB_ID, run_backup
from tests.conftest import ADMIN
from tests.flows import add_active_cadres, register_active
from tests.harness import FakeClock, Person, hold_lock, running_bot, snapshot
from ui import texts

REPO_ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def sqlite_settings(settings: Settings, tmp_path: Path) -> Settings:
    if make_url(settings.DATABASE_URL).get_backend_name() != "sqlite":
        pytest.skip("SQLite backups; PostgreSQL is backed up with pg_dump")
    return settings.model_copy(update={"BACKUP_DIR": str(tmp_path / "backups"), "BACKUP_KEEP": 3})


def _check_copy(path: Path) -> tuple[int, int]:
    """(kampungs, members) in a copy whose integrity check passes."""
    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        kampungs = connection.execute("SELECT count(*) FROM kampung").fetchone()[0]
        members = connection.execute("SELECT count(*) FROM member").fetchone()[0]
    finally:
        connection.close()
    return kampungs, members


async def test_a_backup_taken_while_the_bot_writes_is_whole(
    sqlite_settings: Settings, clock: FakeClock, tmp_path: Path
):
    async with running_bot(sqlite_settings, clock) as bot:
        await add_active_cadres(bot, 50, first_id=100_000)
        source = sqlite_path(sqlite_settings.DATABASE_URL)
        assert source is not None
        writing = asyncio.Event()
        stop = asyncio.Event()

        async def writer() -> int:
            batches = 0
            while not stop.is_set():
                await add_active_cadres(bot, 20, first_id=200_000 + batches * 20)
                batches += 1
                writing.set()
            return batches

        task = asyncio.create_task(writer())
        await writing.wait()
        copies = []
        for n in range(3):  # several copies, each while batches commit
            at = clock().astimezone(sqlite_settings.tz) + timedelta(minutes=n)
            copies.append(
                await asyncio.to_thread(backup_sqlite, source, Path(sqlite_settings.BACKUP_DIR), at)
            )
        stop.set()
        batches = await task
        assert batches >= 1
        total = len(await bot.members())

    seen = []
    for copy in copies:
        kampungs, members = _check_copy(copy)
        assert kampungs == 1
        # Everything committed before the copy began, and whole batches only: a copy is
        # the database as it was at one commit.
        assert members >= 50 + 20, members
        assert (members - 50) % 20 == 0, members
        seen.append(members)
    assert seen == sorted(seen) and seen[-1] <= total
    leftovers = [p for p in copies[0].parent.iterdir() if p.suffix == ".part"]
    assert not leftovers, "a partial copy was left"


async def test_the_daily_backup_keeps_the_newest_copies(sqlite_settings: Settings, clock):
    async with running_bot(sqlite_settings, clock) as bot:
        job = bot.app.job_queue.scheduler.get_job(BACKUP_JOB_ID)
        assert job is not None, "the daily backup is not scheduled"
        await add_active_cadres(bot, 5)
        made = []
        for _ in range(5):
            made.append(await run_backup(bot.app))
            clock.advance(timedelta(days=1))
    folder = Path(sqlite_settings.BACKUP_DIR)
    kept = backups_in(folder)
    assert kept == made[-3:], "not the newest BACKUP_KEEP=3 copies"
    assert all(_check_copy(path)[0] == 1 for path in kept)
    assert [p.name for p in kept] == [  # named with the kampung's local date and time
        "kampungkb-2026-07-03-090000.db",
        "kampungkb-2026-07-04-090000.db",
        "kampungkb-2026-07-05-090000.db",
    ]


def test_rotation_keeps_n_and_ignores_other_files(tmp_path: Path):
    for day in range(1, 8):
        (tmp_path / f"kampungkb-2026-07-{day:02d}-023000.db").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("keep me")
    (tmp_path / "kampungkb-2026-07-08-023000.db.part").write_bytes(b"x")
    removed = rotate(tmp_path, 2)
    assert len(removed) == 5
    assert [p.name for p in backups_in(tmp_path)] == [
        "kampungkb-2026-07-06-023000.db",
        "kampungkb-2026-07-07-023000.db",
    ]
    assert (tmp_path / "notes.txt").exists()


async def test_no_daily_backup_when_keep_is_zero(sqlite_settings: Settings, clock):
    settings = sqlite_settings.model_copy(update={"BACKUP_KEEP": 0})
    async with running_bot(settings, clock) as bot:
        assert bot.app.job_queue.scheduler.get_job(BACKUP_JOB_ID) is None


def _run_backup_command(
    env: dict[str, str], cwd: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """``python -m bot backup`` (or ``python -m bot <args>``) as its own process."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *(args or ("backup",))],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO_ROOT), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_python_m_bot_backup_writes_a_dated_copy(
    sqlite_settings: Settings, clock: FakeClock, tmp_path: Path
):
    async with running_bot(sqlite_settings, clock) as bot:
        await add_active_cadres(bot, 7)
        # The bot is still running (its engine open, WAL in use) while the copy is made.
        result = _run_backup_command(
            {
                "BOT_TOKEN": sqlite_settings.BOT_TOKEN.get_secret_value(),
                "DATABASE_URL": sqlite_settings.DATABASE_URL,
                "BACKUP_DIR": str(tmp_path / "manual"),
            },
            tmp_path,
        )
    assert result.returncode == 0, result.stderr
    copy = Path(result.stdout.strip().splitlines()[-1])
    assert copy.parent == tmp_path / "manual" and copy.name.startswith("kampungkb-20")
    assert _check_copy(copy) == (1, 7)


def test_backup_of_postgresql_points_to_pg_dump(tmp_path: Path):
    result = _run_backup_command(
        {
            "BOT_TOKEN": "123456:abcdefghijklmnopqrstuvwxyz0123456789",
            "DATABASE_URL": "postgresql://kb@127.0.0.1/kampungkb",
        },
        tmp_path,
    )
    assert result.returncode == 10
    assert result.stderr.strip().splitlines() == [
        "error: DATABASE_URL is PostgreSQL: back it up with pg_dump (see README, 'Backups')."
    ]


# --- python -m bot restore FILE ------------------------------------------------------------


def _restore(settings: Settings, file: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        "BOT_TOKEN": settings.BOT_TOKEN.get_secret_value(),
        "DATABASE_URL": settings.DATABASE_URL,
    }
    return _run_backup_command(env, cwd, "restore", str(file))


async def test_a_restored_backup_is_exactly_what_the_bot_serves(
    sqlite_settings: Settings, clock: FakeClock, tmp_path: Path
):
    early, late = Person(7001, "Siti"), Person(7002, "Budi")
    async with running_bot(sqlite_settings, clock) as bot:
        await register_active(bot, ADMIN, early, "Siti Aminah")
        copy = await run_backup(bot.app)
        assert copy is not None
        await register_active(bot, ADMIN, late, "Budi Santoso")  # after the backup
        clock.advance(timedelta(minutes=5))
    saved = await snapshot(f"sqlite+aiosqlite:///{copy}")
    live = sqlite_path(sqlite_settings.DATABASE_URL)
    assert live is not None
    replaced = await snapshot(sqlite_settings.DATABASE_URL)

    result = _restore(sqlite_settings, copy, tmp_path)

    assert result.returncode == 0, result.stderr
    [line] = result.stdout.strip().splitlines()
    kept = Path(line.rsplit(" kept as ", 1)[1])
    assert line.startswith(f"restored {copy} into {live} (schema {head_revision()};")
    assert kept.parent == live.parent and kept.name.startswith(f"{live.stem}-replaced-20")
    assert await snapshot(sqlite_settings.DATABASE_URL) == saved
    assert await snapshot(f"sqlite+aiosqlite:///{kept}") == replaced  # nothing lost either
    async with running_bot(sqlite_settings, clock) as bot:
        assert [m.full_name for m in await bot.members() if m.telegram_id in (7001, 7002)] == [
            "Siti Aminah"
        ]
        await bot.send(late, "/jadwal")
        assert bot.last_text(late) == texts.NOT_REGISTERED
        await bot.send(early, "/jadwal")
        assert bot.last_text(early) != texts.NOT_REGISTERED


async def test_restore_is_refused_while_a_bot_runs_on_the_database(
    sqlite_settings: Settings, clock: FakeClock, tmp_path: Path
):
    async with running_bot(sqlite_settings, clock) as bot:
        copy = await run_backup(bot.app)
        assert copy is not None
        # The running bot: our parent process, on this host, its heartbeat just now.
        running = Holder("running-bot", socket.gethostname(), os.getppid())
        await hold_lock(sqlite_settings.DATABASE_URL, running, datetime.now(UTC), upgrade=False)
        live = sqlite_path(sqlite_settings.DATABASE_URL)
        assert live is not None
        before = await snapshot(sqlite_settings.DATABASE_URL)

        result = _restore(sqlite_settings, copy, tmp_path)

        assert result.returncode == 3, result.stderr
        [line] = result.stderr.strip().splitlines()
        assert line.startswith("error: another instance of the bot is running on this database")
        assert line.endswith("Nothing was changed.")
        assert await snapshot(sqlite_settings.DATABASE_URL) == before
        assert sorted(p.name for p in live.parent.iterdir() if "replaced" in p.name) == []


def _not_a_database(folder: Path) -> Path:
    path = folder / "photo.db"
    path.write_bytes(b"JFIF not a database " * 300)
    return path


def _not_ours(folder: Path) -> Path:
    path = folder / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (x TEXT)")
    connection.commit()
    connection.close()
    return path


def _newer(folder: Path) -> Path:
    path = folder / "newer.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32) PRIMARY KEY)")
    connection.execute("INSERT INTO alembic_version VALUES ('9999')")
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize(
    ("make_file", "says"),
    [
        (lambda folder: folder / "missing.db", "does not exist"),
        (_not_a_database, "is not a database of this bot"),
        (_not_ours, "is not a database of this bot"),
        (_newer, "is at schema revision 9999, which this release does not know"),
    ],
    ids=["missing", "not-a-database", "not-ours", "newer"],
)
async def test_restore_refuses_a_file_it_cannot_use(
    sqlite_settings: Settings, clock: FakeClock, tmp_path: Path, make_file, says
):
    async with running_bot(sqlite_settings, clock) as bot:
        await register_active(bot, ADMIN, Person(7001, "Siti"), "Siti Aminah")
    before = await snapshot(sqlite_settings.DATABASE_URL)
    files = tmp_path / "files"
    files.mkdir()

    result = _restore(sqlite_settings, make_file(files), tmp_path)

    assert result.returncode == 12, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert says in line and line.endswith("Nothing was changed.")
    assert await snapshot(sqlite_settings.DATABASE_URL) == before


def test_restore_on_postgresql_points_to_pg_restore(tmp_path: Path):
    result = _run_backup_command(
        {
            "BOT_TOKEN": "123456:abcdefghijklmnopqrstuvwxyz0123456789",
            "DATABASE_URL": "postgresql://kb@127.0.0.1/kampungkb",
        },
        tmp_path,
        "restore",
        "dump.sql",
    )
    assert result.returncode == 12
    assert result.stderr.strip().splitlines() == [
        "error: DATABASE_URL is PostgreSQL: restore a pg_dump with pg_restore"
        " (docs/operations.md, section 6). Nothing was changed."
    ]
