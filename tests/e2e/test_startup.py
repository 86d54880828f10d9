"""Start-up in a bad world, through the real ``python -m bot`` process.

Each failure class ends in one ``error:`` line naming the fix and its documented exit
status (README, "Exit statuses"), never a traceback; a Bot API that is down or
answers 502 is retried with backoff until it answers; a successful start says who
the bot is and what is missing.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot import preflight
from runtime.config import normalize_database_url
from tests.e2e.fake_server import BOT_USERNAME, FakeTelegramServer
from tests.e2e.test_process import (
    KAMPUNG,
    REPO_ROOT,
    TOKEN,
    WAIT,
    BotProcess,
    _plain_env,
    _run_bot_expecting_failure,
    _wait_polling,
    bot_env,
    fresh_database_url,
)

pytestmark = pytest.mark.e2e

RETRY_LINE = "trying again in"


@pytest.fixture
async def e2e_database_url(tmp_path: Path) -> str:
    return await fresh_database_url(tmp_path)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _env(tmp_path: Path, database_url: str, **settings: str) -> dict[str, str]:
    """Settings for a start that must fail before it reaches Telegram (nothing listens)."""
    return _plain_env(
        PYTHONPATH=str(REPO_ROOT),
        BOT_TOKEN=TOKEN,
        DATABASE_URL=database_url,
        TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{_free_port()}",
        ADMIN_IDS="5001",
        **settings,
    )


def _assert_one_error_line(stderr: str, *hints: str) -> str:
    errors = [line for line in stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, stderr
    assert stderr.rstrip().splitlines()[-1] == errors[0], "the error is not the last line"
    assert "Traceback" not in stderr, stderr
    for hint in hints:
        assert hint in errors[0], errors[0]
    return errors[0]


def _corrupt(tmp_path: Path) -> str:
    path = tmp_path / "corrupt.db"
    path.write_bytes(b"this is not a database, just some bytes " * 200)
    return f"sqlite+aiosqlite:///{path}"


def _damaged(tmp_path: Path) -> str:
    """A real SQLite database whose pages were overwritten in the middle."""
    path = tmp_path / "damaged.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE t (x TEXT)")
    connection.executemany("INSERT INTO t VALUES (?)", [("row" * 100,)] * 500)
    connection.commit()
    connection.close()
    data = bytearray(path.read_bytes())
    data[4096 * 2 : 4096 * 6] = b"\xff" * (4096 * 4)
    path.write_bytes(bytes(data))
    return f"sqlite+aiosqlite:///{path}"


def _read_only_uri(tmp_path: Path) -> str:
    path = tmp_path / "readonly.db"
    sqlite3.connect(path).close()  # an empty file SQLite may open, read-only
    return f"sqlite+aiosqlite:///file:{path}?mode=ro&uri=true"


def _folder(tmp_path: Path) -> str:
    (tmp_path / "adir").mkdir()
    return f"sqlite+aiosqlite:///{tmp_path / 'adir'}"


def _postgres_down(tmp_path: Path) -> str:
    return f"postgresql+asyncpg://kb:secret@127.0.0.1:{_free_port()}/kampungkb"


@pytest.mark.parametrize(
    ("make_url", "status", "hints"),
    [
        pytest.param(_corrupt, preflight.EXIT_DATABASE_CORRUPT, ["BACKUP_DIR"], id="not-sqlite"),
        pytest.param(_damaged, preflight.EXIT_DATABASE_CORRUPT, ["damaged"], id="damaged"),
        pytest.param(
            _read_only_uri, preflight.EXIT_DATABASE_READ_ONLY, ["cannot be written"], id="read-only"
        ),
        pytest.param(_folder, preflight.EXIT_DATABASE_REFUSED, ["is a folder"], id="folder"),
        pytest.param(
            _postgres_down,
            preflight.EXIT_DATABASE_UNREACHABLE,
            ["does not answer", "DATABASE_URL"],
            id="postgres-down",
        ),
    ],
)
async def test_a_bad_database_stops_with_one_line_and_its_status(
    tmp_path: Path, make_url, status: int, hints: list[str]
):
    status_seen, _, stderr = await _run_bot_expecting_failure(
        _env(tmp_path, make_url(tmp_path)), tmp_path
    )
    assert status_seen == status, stderr
    _assert_one_error_line(stderr, *hints)
    assert "secret" not in stderr  # the password in the URL is never echoed


async def test_a_postgresql_database_that_does_not_exist_stops_with_one_line(tmp_path: Path):
    external = normalize_database_url(os.environ.get("TEST_DATABASE_URL", "").strip())
    if not external or make_url(external).get_backend_name() != "postgresql":
        pytest.skip("needs a PostgreSQL server (TEST_DATABASE_URL)")
    missing = make_url(external).set(database="kampungkb_no_such_database")
    status, _, stderr = await _run_bot_expecting_failure(
        _env(tmp_path, missing.render_as_string(hide_password=False)), tmp_path
    )
    assert status == preflight.EXIT_DATABASE_REFUSED, stderr
    _assert_one_error_line(stderr, "'kampungkb_no_such_database'", "does not exist", "createdb")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
async def test_a_read_only_folder_stops_with_one_line(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        status, _, stderr = await _run_bot_expecting_failure(
            _env(tmp_path, f"sqlite+aiosqlite:///{folder / 'kampungkb.db'}"), tmp_path
        )
    finally:
        folder.chmod(0o755)
    assert status == preflight.EXIT_DATABASE_READ_ONLY, stderr
    _assert_one_error_line(stderr, str(folder), "chown")


async def test_debug_log_level_shows_the_traceback(tmp_path: Path):
    status, _, stderr = await _run_bot_expecting_failure(
        _env(tmp_path, _corrupt(tmp_path), LOG_LEVEL="DEBUG"), tmp_path
    )
    assert status == preflight.EXIT_DATABASE_CORRUPT
    assert "Traceback" in stderr
    assert stderr.rstrip().splitlines()[-1].startswith("error: ")


async def test_an_invalid_token_stops_with_one_line(tmp_path: Path, e2e_database_url: str):
    other = "654321:another-bot-token-not-this-one-abcdefghij"
    async with FakeTelegramServer(other) as server:  # answers 401 to TOKEN
        env = bot_env(server, e2e_database_url)
        status, _, stderr = await _run_bot_expecting_failure(env, REPO_ROOT)
        assert [r.method for r in server.requests] == ["getMe"], "retried a refused token"
    assert status == preflight.EXIT_INVALID_TOKEN, stderr
    _assert_one_error_line(stderr, "BOT_TOKEN", "@BotFather")
    assert RETRY_LINE not in stderr
    assert TOKEN not in stderr and TOKEN.split(":", 1)[1] not in stderr


async def _wait_for_log(bot: BotProcess, needle: str, count: int = 1) -> None:
    async def seen() -> None:
        while bot.log().count(needle) < count:  # noqa: ASYNC110  (a file, no event to wait on)
            await asyncio.sleep(0.05)

    async with asyncio.timeout(WAIT):
        await bot.expect(seen())


async def test_a_bot_api_down_at_start_is_retried_until_it_answers(
    tmp_path: Path, e2e_database_url: str
):
    port = _free_port()
    late = FakeTelegramServer(TOKEN, port=port)
    bot = BotProcess(bot_env(late, e2e_database_url), REPO_ROOT, tmp_path / "bot.log")
    await bot.start()
    try:
        # Nothing listens yet: the bot says so, once per try, and waits longer each time.
        await _wait_for_log(bot, RETRY_LINE, count=2)
        retries = [line for line in bot.log().splitlines() if RETRY_LINE in line]
        assert "in 1 s" in retries[0] and "in 2 s" in retries[1], retries
        assert all("not reachable" in line for line in retries)
        # Asked with the bot's own client (TELEGRAM_HTTP_CLIENT, aiohttp by default).
        assert all("(aiohttp." in line for line in retries), retries
        # The API comes up (the modem after the PC): the bot starts and polls.
        async with late as server:
            await _wait_polling(server, bot)
            assert await bot.stop() == 0
    finally:
        await bot.stop()
    log = bot.log()
    assert "Traceback" not in log, log
    assert f"@{BOT_USERNAME}" in log


async def test_ctrl_c_while_waiting_for_telegram_stops_with_one_line(
    tmp_path: Path, e2e_database_url: str
):
    """The operator gives up waiting for the network (Ctrl-C): one calm line and status
    0, as for a Ctrl-C once the bot runs; no traceback, nothing left half closed."""
    nobody = FakeTelegramServer(TOKEN, port=_free_port())  # never started: nothing listens
    bot = BotProcess(bot_env(nobody, e2e_database_url), REPO_ROOT, tmp_path / "bot.log")
    await bot.start()
    try:
        await _wait_for_log(bot, RETRY_LINE)
        assert bot.process is not None
        bot.process.send_signal(signal.SIGINT)
        async with asyncio.timeout(WAIT):
            status = await bot.process.wait()
    finally:
        await bot.stop()
    log = bot.log()
    assert status == 0, log
    assert "stopped (Ctrl-C) before the bot started" in log.splitlines()[-1], log
    assert "Traceback" not in log and "KeyboardInterrupt" not in log, log
    assert "was destroyed" not in log and "Unclosed" not in log, log


async def test_502_at_start_is_retried_and_the_banner_says_what_is_missing(
    tmp_path: Path, e2e_database_url: str
):
    async with FakeTelegramServer(TOKEN) as server:
        server.server_error(method="getMe", status=502, times=2)
        bot = BotProcess(bot_env(server, e2e_database_url), REPO_ROOT, tmp_path / "bot.log")
        await bot.start()
        try:
            await _wait_polling(server, bot)
            await _wait_for_log(bot, "no group is set")
        finally:
            status = await bot.stop()
        statuses = [r.status for r in server.of("getMe")]
        assert statuses[:3] == [502, 502, 200], statuses
    assert status == 0
    log = bot.log()
    retries = [line for line in log.splitlines() if RETRY_LINE in line]
    assert len(retries) == 2, log
    assert "not reachable (Internal Server Error)" in retries[0]
    # The banner: who the bot is, its link, what it serves, what is missing.
    assert f"Bot @{BOT_USERNAME} is running (long polling): https://t.me/{BOT_USERNAME}" in log
    assert f"Serving 1 kampung(s): {KAMPUNG}" in log
    assert f"{KAMPUNG}: no admin has registered yet" in log
    assert f"{KAMPUNG}: no group is set" in log and "/ikat_grup" in log
    assert "ADMIN_IDS is empty" not in log
    assert "Traceback" not in log, log


async def test_the_banner_warns_when_nobody_can_approve(tmp_path: Path, e2e_database_url: str):
    async with FakeTelegramServer(TOKEN) as server:
        env = bot_env(server, e2e_database_url, ADMIN_IDS="", GROUP_CHAT_ID="-1001234567890")
        bot = BotProcess(env, REPO_ROOT, tmp_path / "bot.log")
        await bot.start()
        try:
            await _wait_polling(server, bot)
            await _wait_for_log(bot, "is running")
        finally:
            assert await bot.stop() == 0
    log = bot.log()
    assert "ADMIN_IDS is empty: nobody can approve cadres" in log
    assert "no group is set" not in log


async def test_a_wrong_api_url_that_answers_404_stops_with_one_line(
    tmp_path: Path, e2e_database_url: str
):
    async with FakeTelegramServer(TOKEN) as server:
        env = bot_env(server, e2e_database_url)
        env["TELEGRAM_API_BASE_URL"] = f"{server.base_url}/not-the-api"
        status, _, stderr = await _run_bot_expecting_failure(env, REPO_ROOT)
    assert status == preflight.EXIT_INVALID_TOKEN, stderr
    _assert_one_error_line(stderr, "404", "TELEGRAM_API_BASE_URL")
