"""One bot per database: a second instance refuses to start (exit status 3)."""

import asyncio
import logging
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_application, prepare, shutdown
from models.instance import Holder, current_holder
from runtime.db import create_engine, create_sessionmaker
from scheduler.instance import (
    EXIT_STATUS,
    HEARTBEAT_JOB_ID,
    STALE_AFTER,
    InstanceLocked,
    holder_of,
)
from tests.fakeapi import FakeBotAPI
from tests.harness import hold_lock, snapshot
from tests.reminder_support import reminder_bot
from tests.upgrade_fills import database_at

REPO_ROOT = Path(__file__).resolve().parents[1]
HERE = socket.gethostname()


async def lock_holder(database_url: str) -> Holder | None:
    engine = create_engine(database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            row = await current_holder(session)
            return None if row is None else Holder(row.holder, row.hostname, row.pid)
    finally:
        await engine.dispose()


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


OTHER_HOST = Holder("other-host-bot", "kampung-server-2", 4242)
SAME_HOST_ALIVE = Holder("parent-bot", HERE, os.getppid())


@pytest.mark.parametrize("other", [OTHER_HOST, SAME_HOST_ALIVE], ids=["other-host", "same-host"])
async def test_a_second_instance_is_refused_while_the_first_is_alive(
    settings, clock, database_url, other
):
    await hold_lock(database_url, other, clock())
    clock.advance(STALE_AFTER - timedelta(seconds=5))
    app = build_application(settings, request=FakeBotAPI(clock), clock=clock, rate_limiter=False)
    async with app:
        with pytest.raises(InstanceLocked) as refused:
            await prepare(app)
        await shutdown(app)  # a refused start must not release the other's lock
    message = str(refused.value)
    assert "another instance of the bot is running on this database" in message
    assert f"host {other.hostname}, pid {other.pid}, last seen 115 s ago" in message
    assert await lock_holder(database_url) == other


async def test_a_lock_gone_stale_is_taken_over(settings, clock, database_url, caplog):
    await hold_lock(database_url, OTHER_HOST, clock())
    clock.advance(STALE_AFTER + timedelta(seconds=1))
    with caplog.at_level(logging.WARNING, logger="scheduler.instance"):
        async with reminder_bot(settings, clock) as bot:
            assert await lock_holder(database_url) == holder_of(bot.app)
    assert "Took over the instance lock from kampung-server-2 (pid 4242)" in caplog.text


async def test_the_lock_of_a_killed_process_on_this_host_is_taken_over_at_once(
    settings, clock, database_url
):
    await hold_lock(database_url, Holder("killed-bot", HERE, dead_pid()), clock())
    async with reminder_bot(settings, clock) as bot:
        assert await lock_holder(database_url) == holder_of(bot.app)


async def test_a_restart_after_a_kill_in_the_same_process_id_takes_over(settings, clock):
    async with reminder_bot(settings, clock) as first:  # left without releasing: a kill
        first_holder = holder_of(first.app)
    async with reminder_bot(settings, clock) as second:
        assert await lock_holder(settings.DATABASE_URL) == holder_of(second.app) != first_holder


async def test_a_clean_stop_releases_the_lock(settings, clock):
    async with reminder_bot(settings, clock, clean_stop=True) as bot:
        assert await lock_holder(settings.DATABASE_URL) == holder_of(bot.app)
    assert await lock_holder(settings.DATABASE_URL) is None


async def test_the_heartbeat_keeps_the_lock_and_stops_a_bot_that_lost_it(
    settings, clock, monkeypatch
):
    async with reminder_bot(settings, clock) as bot:
        stops = []
        monkeypatch.setattr(bot.app, "stop_running", lambda: stops.append(True))
        clock.advance(timedelta(seconds=30))
        await bot.run_job(HEARTBEAT_JOB_ID)
        async with bot.session() as session:
            assert (await current_holder(session)).heartbeat_at == clock()
        assert stops == []

        # Frozen for too long: another instance took the database over.
        async with bot.session() as session, session.begin():
            row = await current_holder(session)
            row.holder = "the-successor"
        await bot.run_job(HEARTBEAT_JOB_ID)
        assert stops == [True]


# --- the real process ----------------------------------------------------------------------


async def _second_start(database_url: str, tmp_path: Path) -> tuple[int, str, list[object]]:
    """``python -m bot`` against a fake Bot API: (exit status, stderr, what it sent)."""
    from tests.e2e.fake_server import FakeTelegramServer

    token = "123456:LOCK-token-not-real-abcdefghijklmnopqrst"
    async with FakeTelegramServer(token) as telegram:
        env = {key: os.environ[key] for key in ("PATH", "HOME", "TMPDIR") if key in os.environ}
        env.update(
            LANG="C.UTF-8",
            PYTHONPATH=str(REPO_ROOT),
            PYTHONDONTWRITEBYTECODE="1",
            BOT_TOKEN=token,
            TELEGRAM_API_BASE_URL=telegram.base_url,
            DATABASE_URL=database_url,
            KAMPUNG_NAME="Kampung KB Uji Kunci",
            BACKUP_DIR=str(tmp_path / "backups"),
        )
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            cwd=tmp_path,  # no .env here
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            async with asyncio.timeout(30):
                _, stderr_bytes = await process.communicate()
        except TimeoutError:
            process.kill()
            await process.wait()
            raise AssertionError("python -m bot did not stop beside a running instance") from None
        sent = list(telegram.of("sendMessage"))
    assert process.returncode is not None
    return process.returncode, stderr_bytes.decode(), sent


def _assert_refused(status: int, stderr: str, holder: Holder) -> None:
    assert status == EXIT_STATUS == 3, stderr
    [line] = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert line.startswith(
        f"error: another instance of the bot is running on this database (host {HERE}, "
        f"pid {holder.pid}, last seen"
    )
    assert "Traceback" not in stderr


@pytest.mark.e2e
async def test_python_m_bot_refuses_to_start_beside_a_running_instance(database_url, tmp_path):
    # This test process plays the running bot: alive, on this host, heartbeat just now.
    running = Holder("running-bot", HERE, os.getpid())
    await hold_lock(database_url, running, datetime.now(UTC))

    status, stderr, sent = await _second_start(database_url, tmp_path)

    _assert_refused(status, stderr, running)
    assert await lock_holder(database_url) == running  # untouched
    assert not sent  # and nothing was sent


@pytest.mark.e2e
@pytest.mark.empty_database  # built at revision 0009 below
async def test_a_newer_bot_beside_a_running_older_one_leaves_its_schema_alone(
    database_url, tmp_path
):
    """The running bot is at schema 0009: the newer release must not migrate under it."""
    await database_at(database_url, "0009")
    running = Holder("running-bot", HERE, os.getpid())
    await hold_lock(database_url, running, datetime.now(UTC), upgrade=False)
    before = await snapshot(database_url)

    status, stderr, sent = await _second_start(database_url, tmp_path)

    _assert_refused(status, stderr, running)
    assert await snapshot(database_url) == before  # alembic_version 0009 and every row
    assert not sent and not (tmp_path / "backups").exists()
