"""Backups of the SQLite database: consistent while the bot writes, and rotated."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from models.backup import backup_sqlite, backups_in, rotate, sqlite_path
from runtime.config import Settings
from scheduler.backup import BACKUP_JOB_ID, run_backup
from tests.flows import add_active_cadres
from tests.harness import FakeClock, running_bot

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


def _run_backup_command(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", "backup"],
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
