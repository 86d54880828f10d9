"""Files the real ``python -m bot`` writes hold personal data: its user alone reads them."""

from __future__ import annotations

import asyncio
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.fake_server import FakeTelegramServer
from tests.e2e.test_process import REPO_ROOT, TOKEN, BotProcess, _wait_polling, bot_env

pytestmark = pytest.mark.e2e


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_the_database_and_a_backup_are_readable_by_the_bot_user_only(tmp_path: Path):
    database = tmp_path / "data" / "kampungkb.db"
    database.parent.mkdir()
    backups = tmp_path / "data" / "backups"
    # Started as a shell would start it: with the usual umask, which lets everyone read.
    previous = os.umask(0o022)
    try:
        async with FakeTelegramServer(TOKEN) as server:
            env = bot_env(server, f"sqlite+aiosqlite:///{database}", BACKUP_DIR=str(backups))
            bot = BotProcess(env, REPO_ROOT, tmp_path / "bot.log")
            await bot.start()
            try:
                await _wait_polling(server, bot)
            finally:
                status = await bot.stop()
            assert status == 0, bot.log()
        backup = await asyncio.to_thread(
            subprocess.run,
            [sys.executable, "-m", "bot", "backup"],
            env=env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.umask(previous)
    assert backup.returncode == 0, backup.stderr
    copy = Path(backup.stdout.strip().splitlines()[-1])
    assert copy.parent == backups
    assert _mode(database) == 0o600, oct(_mode(database))
    assert _mode(copy) == 0o600, oct(_mode(copy))
    assert _mode(backups) == 0o700, oct(_mode(backups))
