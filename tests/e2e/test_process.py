"""The real ``python -m bot`` process, over real HTTP, against ``FakeTelegramServer``.

The bot runs exactly as an operator runs it (``python -m bot`` in the repository
root, configured by environment variables); only ``TELEGRAM_API_BASE_URL``
points it at the fake server on 127.0.0.1 instead of api.telegram.org.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any, TypeVar

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from runtime.config import Settings, normalize_database_url
from tests.e2e.fake_server import FakeTelegramServer, Request, user
from tests.harness import HUNG_TEST, reset_postgres
from ui import keyboards, texts

pytestmark = pytest.mark.e2e

REPO_ROOT = Path(__file__).resolve().parents[2]
# Shaped like a token (the bot checks), but with a 6-digit id no real bot has.
TOKEN = "123456:E2E-token-not-real-abcdefghijklmnopqrst"
ADMIN = user(5001, "Rina", "rina_sekretaris")
CADRE = user(7001, "Siti")
KAMPUNG = "Kampung KB Uji Ujung"
# The longest any single wait may take before the test calls the bot hung: never a timing.
# A start migrates a new database first; on a CI machine at load 8 (the suite's two
# workers beside other jobs) that alone outlasted 20 s. Same cap as the offline harness.
WAIT = HUNG_TEST
STOP_WAIT = 10.0  # SIGTERM to exit, before SIGKILL

T = TypeVar("T")


def _plain_env(**settings: str) -> dict[str, str]:
    """A child environment with nothing from ours but what Python needs to run."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "TMPDIR") if key in os.environ}
    env.update(
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update(settings)
    return env


async def fresh_database_url(tmp_path: Path) -> str:
    """An empty database: PostgreSQL from TEST_DATABASE_URL (reset), else a SQLite file."""
    external = normalize_database_url(os.environ.get("TEST_DATABASE_URL", "").strip())
    if external and make_url(external).get_backend_name() == "postgresql":
        await reset_postgres(external)
        return external
    return f"sqlite+aiosqlite:///{tmp_path / 'e2e.db'}"


@pytest.fixture
async def e2e_database_url(tmp_path: Path) -> str:
    return await fresh_database_url(tmp_path)


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(TOKEN) as server:
        yield server


class BotProcess:
    """``python -m bot`` as a child process; output (stdout and stderr) goes to a file."""

    def __init__(self, env: dict[str, str], cwd: Path, log_path: Path) -> None:
        self.env = env
        self.cwd = cwd
        self.log_path = log_path
        self.process: asyncio.subprocess.Process | None = None

    async def start(self) -> None:
        with self.log_path.open("wb") as log:  # the child keeps its own copy of the fd
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                cwd=self.cwd,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    async def expect(self, waiting: Coroutine[Any, Any, T]) -> T:
        """Await ``waiting``, but fail at once (with the log) if the bot exits meanwhile."""
        assert self.process is not None
        waiter = asyncio.ensure_future(waiting)
        exited = asyncio.ensure_future(self.process.wait())
        try:
            done, _ = await asyncio.wait({waiter, exited}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            exited.cancel()
        if waiter in done:
            return waiter.result()
        waiter.cancel()
        raise AssertionError(
            f"the bot exited with status {self.process.returncode}; its log:\n{self.log()}"
        )

    async def kill(self) -> int:
        """SIGKILL (a crash: nothing is cleaned up), and reap the child so its pid is gone."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.kill()
        await self.process.wait()
        assert self.process.returncode is not None
        return self.process.returncode

    async def stop(self) -> int:
        """SIGTERM, then SIGKILL if it has not exited within STOP_WAIT; the exit status."""
        assert self.process is not None
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                async with asyncio.timeout(STOP_WAIT):
                    await self.process.wait()
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        assert self.process.returncode is not None
        return self.process.returncode


def bot_env(server: FakeTelegramServer, database_url: str, **overrides: str) -> dict[str, str]:
    """The child environment of ``python -m bot`` against ``server``; skips the test
    when a ``.env`` in the repository root could add settings not given here."""
    settings = {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": database_url,
        "ADMIN_IDS": str(ADMIN["id"]),
        "KAMPUNG_NAME": KAMPUNG,
        "RT_LIST": "01,02,03,04,05",
        "TIMEZONE": "Asia/Jakarta",
        "GROUP_CHAT_ID": "",
        "REMINDER_OFFSETS": "7d,1d,3h",
        "CHECKIN_OPENS_BEFORE": "1h",
        "CHECKIN_CLOSES_AFTER": "4h",
        "QUARTER_NUDGE_DAYS": "21",
        "LOG_LEVEL": "INFO",
        "WEBHOOK_URL": "",  # long polling
        "WEBHOOK_LISTEN": "127.0.0.1",
        "WEBHOOK_PORT": "8443",
        "WEBHOOK_SECRET": "",
        "BACKUP_DIR": "data/backups",
        "BACKUP_KEEP": "0",  # no daily copy into the repository's data/ from a test
        "BACKUP_TIME": "02:30",
        **overrides,
    }
    # The bot runs in the repository root, where pydantic-settings also reads a
    # .env (git-ignored, normally absent); every setting given here wins over it.
    unset = sorted(set(Settings.model_fields) - set(settings))
    if unset and (REPO_ROOT / ".env").exists():
        pytest.skip(f"{REPO_ROOT / '.env'} exists and could set {', '.join(unset)}")
    return _plain_env(**settings)


@pytest.fixture
async def bot_process(
    telegram: FakeTelegramServer, e2e_database_url: str, tmp_path: Path
) -> AsyncIterator[BotProcess]:
    bot = BotProcess(bot_env(telegram, e2e_database_url), REPO_ROOT, tmp_path / "bot.log")
    await bot.start()
    try:
        yield bot
    finally:
        status = await bot.stop()
        print(f"--- bot log (exit status {status}) ---\n{bot.log()}")


class Driver:
    """People using Telegram: each action queues an update and waits for the bot's answer."""

    def __init__(self, server: FakeTelegramServer, bot: BotProcess) -> None:
        self.server = server
        self.bot = bot

    async def say(
        self,
        person: dict[str, Any],
        words: str,
        *,
        reply: str | None = None,
        button: str | None = None,
        timeout: float = WAIT,  # noqa: ASYNC109
    ) -> Request:
        """``person`` types ``words``; the bot's reply contains ``reply`` / has ``button``."""
        since = self.server.mark()
        await self.server.push_message(person, words)
        return await self.bot.expect(
            self.server.wait_for_message(
                person["id"], since=since, containing=reply, button=button, timeout=timeout
            )
        )

    async def press(
        self,
        person: dict[str, Any],
        data: str,
        *,
        reply: str | None = None,
        button: str | None = None,
        timeout: float = WAIT,  # noqa: ASYNC109
    ) -> Request | None:
        """``person`` presses the button ``data`` on the latest message still showing it.

        Waits until the bot answered the callback query; with ``reply`` or
        ``button``, also for the message that follows.
        """
        message = self.server.message_with_button(person["id"], data)
        assert message is not None, f"no message to {person['id']} shows a button {data!r}"
        since = self.server.mark()
        update = await self.server.push_press(person, data, message)
        query_id = update["callback_query"]["id"]
        answer = await self.bot.expect(
            self.server.wait_for(
                lambda r: (
                    r.method == "answerCallbackQuery"
                    and r.params.get("callback_query_id") == query_id
                ),
                since=since,
                timeout=timeout,
                what=f"answering callback query {query_id}",
            )
        )
        assert answer.ok, answer.summary()
        if reply is None and button is None:
            return None
        return await self.bot.expect(
            self.server.wait_for_message(
                person["id"], since=since, containing=reply, button=button, timeout=timeout
            )
        )

    async def register(
        self,
        person: dict[str, Any],
        name: str,
        rt: str,
        poktan: str,
        *,
        done: str,
        done_timeout: float = WAIT,
    ) -> Request:
        """The whole registration flow; ``done``: text of the bot's closing message
        (``done_timeout``: how long it may take, e.g. behind many others)."""
        await self.say(person, "/start", button=keyboards.CB_CONSENT_YES)
        await self.press(person, keyboards.CB_CONSENT_YES, reply=texts.ASK_NAME)
        await self.say(person, name, reply=texts.ASK_RT, button=keyboards.CB_REG_RT + rt)
        await self.press(
            person,
            keyboards.CB_REG_RT + rt,
            reply=texts.ASK_POKTAN,
            button=keyboards.CB_REG_POKTAN + poktan,
        )
        await self.press(
            person, keyboards.CB_REG_POKTAN + poktan, reply=name, button=keyboards.CB_REG_CONFIRM
        )
        return await self.press(person, keyboards.CB_REG_CONFIRM, reply=done, timeout=done_timeout)


MEMBER_COLUMNS = (
    "id, kampung_id, telegram_id, full_name, rt, poktan, role, status, decided_by_id,"
    " consent_at, blocked_bot"
)


async def _read_rows(url: str) -> tuple[list[Any], list[Any]]:
    """The kampung and member rows, read straight from the bot's database."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            kampung = (await connection.execute(text("SELECT id, name FROM kampung"))).all()
            members = (
                await connection.execute(text(f"SELECT {MEMBER_COLUMNS} FROM member ORDER BY id"))
            ).all()
    finally:
        await engine.dispose()
    return list(kampung), list(members)


async def _wait_polling(server: FakeTelegramServer, bot: BotProcess) -> None:
    await bot.expect(
        server.wait_for(
            lambda r: r.method == "getUpdates" and int(r.params.get("timeout", 0)) > 0,
            answered=False,
            timeout=WAIT,
            what="long-polling getUpdates",
        )
    )


async def _approval_request(server: FakeTelegramServer, bot: BotProcess, since: int) -> Request:
    return await bot.expect(
        server.wait_for(
            lambda r: (
                r.method == "sendMessage"
                and r.ok
                and r.chat_id == ADMIN["id"]
                and any(d.startswith(keyboards.CB_APPROVE) for d in r.button_data)
            ),
            since=since,
            timeout=WAIT,
            what="asking the admin to approve",
        )
    )


def _approve_data(request: Request) -> str:
    return next(d for d in request.button_data if d.startswith(keyboards.CB_APPROVE))


async def _register_admin(server: FakeTelegramServer, bot: BotProcess, people: Driver) -> None:
    """The admin named in ADMIN_IDS registers, is an admin at once, and sees the menu."""
    since = server.mark()
    done = await people.register(
        ADMIN, "Rina Sekretaris", "01", "Pokja", done=texts.REGISTERED_ADMIN
    )
    await bot.expect(
        server.wait_for(
            lambda r: (
                r.method == "setMyCommands"
                and r.ok
                and r.params.get("scope") == {"type": "chat", "chat_id": ADMIN["id"]}
            ),
            since=since,
            timeout=WAIT,
            what="giving the admin the admin command menu",
        )
    )
    # The welcome menu is the last message of the confirmation (nobody is waiting yet).
    await bot.expect(
        server.wait_for_message(
            ADMIN["id"], since=done.index + 1, containing="Rina Sekretaris", timeout=WAIT
        )
    )


async def test_registration_and_approval_through_the_real_process(
    telegram: FakeTelegramServer, bot_process: BotProcess, e2e_database_url: str
):
    server = telegram
    people = Driver(server, bot_process)

    # Started: it asks who it is, removes any webhook, then long-polls.
    await _wait_polling(server, bot_process)
    startup = [r.method for r in server.requests]
    assert startup.index("getMe") < startup.index("deleteWebhook") < startup.index("getUpdates")
    assert server.commands({"type": "all_private_chats"}), "cadre commands were not published"

    # The admin named in ADMIN_IDS registers and is an admin at once.
    await _register_admin(server, bot_process, people)
    assert server.commands({"type": "chat", "chat_id": ADMIN["id"]})

    # A cadre registers; the admin is asked to decide.
    since = server.mark()
    await people.register(CADRE, "Siti Aminah", "03", "BKB", done=texts.REGISTERED_PENDING)
    request = await _approval_request(server, bot_process, since)
    assert "Siti Aminah" in request.text
    approve = _approve_data(request)

    # The admin presses Setujui: the request is marked decided, the cadre is told.
    since = server.mark()
    await people.press(ADMIN, approve)
    welcome = await bot_process.expect(
        server.wait_for_message(CADRE["id"], since=since, containing="disetujui", timeout=WAIT)
    )
    assert "/profil" in welcome.text
    decided = server.message(ADMIN["id"], request.result["message_id"])
    assert decided is not None
    assert "Disetujui oleh Rina Sekretaris" in decided["text"]
    assert "reply_markup" not in decided, "the approval buttons are still shown"

    # Every request the bot made was answered without error, except the admin's
    # command menu at start-up (Telegram refuses a chat scope before the first /start).
    failures = [r for r in server.requests if r.answered and not r.ok]
    assert [(r.method, r.params.get("scope")) for r in failures] == [
        ("setMyCommands", {"type": "chat", "chat_id": ADMIN["id"]})
    ], server.describe(last=60)

    # A graceful stop confirms every update it took, so none is handled twice.
    assert await bot_process.stop() == 0
    assert server.pending_updates == []

    log = bot_process.log()
    assert f"Starting the bot for {KAMPUNG}" in log
    assert TOKEN not in log and TOKEN.split(":", 1)[1] not in log
    assert "Traceback" not in log and " ERROR " not in log, log

    kampung, members = await _read_rows(e2e_database_url)
    assert [name for _, name in kampung] == [KAMPUNG]
    kampung_id = kampung[0][0]
    admin_row, cadre_row = members
    assert not admin_row.blocked_bot and not cadre_row.blocked_bot
    assert admin_row[1:8] == (
        kampung_id,
        ADMIN["id"],
        "Rina Sekretaris",
        "01",
        "Pokja",
        "admin",
        "active",
    )
    assert cadre_row[1:9] == (
        kampung_id,
        CADRE["id"],
        "Siti Aminah",
        "03",
        "BKB",
        "cadre",
        "active",
        admin_row[0],
    )
    assert admin_row[9] is not None and cadre_row[9] is not None, "consent time not stored"


# PTB itself warns, building RetryAfter, that retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_flood_control_and_a_blocked_cadre_through_the_real_process(
    telegram: FakeTelegramServer, bot_process: BotProcess, e2e_database_url: str
):
    server = telegram
    people = Driver(server, bot_process)
    await _wait_polling(server, bot_process)
    await _register_admin(server, bot_process, people)

    # Flood control on the admin's chat: the bot waits retry_after and sends again.
    flood = server.rate_limit(1, method="sendMessage", chat_id=ADMIN["id"], times=1)
    since = server.mark()
    await people.register(CADRE, "Siti Aminah", "03", "BKB", done=texts.REGISTERED_PENDING)
    request = await _approval_request(server, bot_process, since)
    assert flood.hits == 1
    refused = [r for r in server.of("sendMessage", since=since) if r.status == 429]
    assert len(refused) == 1 and refused[0].text == request.text
    assert request.at - refused[0].at >= 1.0, "sent again before retry_after"

    # The cadre blocks the bot before the decision: the approval still goes through.
    blocked = server.block(CADRE["id"])
    since = server.mark()
    await people.press(ADMIN, _approve_data(request))
    await bot_process.expect(
        server.wait_for(
            lambda r: r.method == "sendMessage" and r.chat_id == CADRE["id"],
            since=since,
            timeout=WAIT,
            what="trying to tell the cadre",
        )
    )
    assert blocked.hits == 1
    decided = server.message(ADMIN["id"], request.result["message_id"])
    assert decided is not None and "Disetujui" in decided["text"]

    assert await bot_process.stop() == 0
    log = bot_process.log()
    assert "Traceback" not in log and " ERROR " not in log, log
    _, members = await _read_rows(e2e_database_url)
    cadre_row = next(row for row in members if row.telegram_id == CADRE["id"])
    assert (cadre_row.status, bool(cadre_row.blocked_bot)) == ("active", True)


async def _run_bot_expecting_failure(env: dict[str, str], cwd: Path) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        cwd=cwd,
        env=env,
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        async with asyncio.timeout(WAIT):
            stdout, stderr = await process.communicate()
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"python -m bot did not exit within {WAIT:g}s") from None
    assert process.returncode is not None
    return process.returncode, stdout.decode(), stderr.decode()


MALFORMED_TOKEN = "12345-looks-SECRET-but-has-no-colon-abcdefghijklmnopq"


@pytest.mark.parametrize(
    ("settings", "setting", "hint", "secret"),
    [
        pytest.param({}, "BOT_TOKEN", "@BotFather", None, id="missing-token"),
        pytest.param(
            {"BOT_TOKEN": TOKEN, "TIMEZONE": "Mars/Olympus_Mons"},
            "TIMEZONE",
            "Asia/Jakarta",
            TOKEN,
            id="unknown-timezone",
        ),
        pytest.param(
            {"BOT_TOKEN": MALFORMED_TOKEN},
            "BOT_TOKEN",
            "@BotFather",
            MALFORMED_TOKEN,
            id="malformed-token",
        ),
        pytest.param(
            {"BOT_TOKEN": TOKEN, "RT_LIST": "01,1,02"},
            "RT_LIST",
            "'01' and '1' are the same RT",
            TOKEN,
            id="same-rt-twice",
        ),
        pytest.param(
            {"BOT_TOKEN": TOKEN, "GROUP_CHAT_ID": "1234567"},
            "GROUP_CHAT_ID",
            "group ids are negative",
            TOKEN,
            id="positive-group-id",
        ),
        pytest.param(
            {"BOT_TOKEN": TOKEN, "ADMIN_IDS": "0,-5"},
            "ADMIN_IDS",
            "user ids are positive",
            TOKEN,
            id="non-positive-admin-id",
        ),
    ],
)
async def test_bad_settings_stop_the_process_with_one_line(
    tmp_path: Path, settings: dict[str, str], setting: str, hint: str, secret: str | None
):
    # An empty working directory: no .env can be read; the code comes via PYTHONPATH.
    env = _plain_env(
        PYTHONPATH=str(REPO_ROOT),
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'never.db'}",
        **settings,
    )
    status, stdout, stderr = await _run_bot_expecting_failure(env, tmp_path)

    assert status == 2, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"error: {setting} "), stderr
    assert hint in lines[0]
    assert "Traceback" not in stderr
    assert stdout == ""
    if secret is not None:
        assert secret not in stderr
        assert secret.split(":", 1)[-1] not in stderr
    assert not (tmp_path / "never.db").exists()
