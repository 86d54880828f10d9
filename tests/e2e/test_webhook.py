"""Webhook mode through the real ``python -m bot`` process.

With ``WEBHOOK_URL`` set the bot registers the webhook (URL and a secret token)
instead of long polling, serves PTB's webhook server on ``WEBHOOK_LISTEN:WEBHOOK_PORT``,
answers updates POSTed with the secret, and refuses (403) any without it.
"""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from tests.e2e.fake_server import FakeTelegramServer, user
from tests.e2e.test_process import (
    REPO_ROOT,
    TOKEN,
    WAIT,
    BotProcess,
    bot_env,
    fresh_database_url,
)
from ui import keyboards

pytestmark = pytest.mark.e2e

WEBHOOK_URL = "https://bot.example.org/kampungkb/hook"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
CADRE = user(7101, "Dewi")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def _post(port: int, update: dict[str, Any], secret: str | None) -> int:
    headers = {SECRET_HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as http,
        http.post(
            f"http://127.0.0.1:{port}/kampungkb/hook", json=update, headers=headers
        ) as response,
    ):
        return response.status


async def _listening(port: int) -> None:
    """Until the webhook server accepts connections (it starts after setWebhook)."""
    async with asyncio.timeout(WAIT):
        while True:
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", port)
            except OSError:
                await asyncio.sleep(0.05)
                continue
            writer.close()
            await writer.wait_closed()
            return


@pytest.mark.parametrize(
    ("configured_secret", "log_level"),
    [("", "INFO"), ("my-own_Secret-123", "INFO"), ("", "DEBUG"), ("my-own_Secret-123", "DEBUG")],
    ids=["generated", "set", "generated-debug", "set-debug"],
)
async def test_webhook_mode_registers_the_secret_and_refuses_requests_without_it(
    tmp_path: Path, configured_secret: str, log_level: str
):
    port = _free_port()
    async with FakeTelegramServer(TOKEN) as server:
        env = bot_env(
            server,
            await fresh_database_url(tmp_path),
            WEBHOOK_URL=WEBHOOK_URL,
            WEBHOOK_LISTEN="127.0.0.1",
            WEBHOOK_PORT=str(port),
            WEBHOOK_SECRET=configured_secret,
            LOG_LEVEL=log_level,
        )
        bot = BotProcess(env, REPO_ROOT, tmp_path / "bot.log")
        await bot.start()
        try:
            registered = await bot.expect(
                server.wait_for(lambda r: r.method == "setWebhook", timeout=WAIT, what="setWebhook")
            )
            assert registered.params["url"] == WEBHOOK_URL
            secret = registered.params["secret_token"]
            if configured_secret:
                assert secret == configured_secret
            else:
                assert len(secret) >= 32, "a generated secret must not be guessable"
            await bot.expect(_listening(port))

            # Without the secret, or with a wrong one: refused, and nothing is answered.
            wrong = await server.push_message(CADRE, "/start")
            assert await bot.expect(_post(port, wrong, "guessed-secret")) == 403
            missing = await server.push_message(CADRE, "/start")
            assert await bot.expect(_post(port, missing, None)) == 403

            # With the secret: the bot answers the cadre (registration starts).
            since = server.mark()
            good = await server.push_message(CADRE, "/start")
            assert await bot.expect(_post(port, good, secret)) == 200
            reply = await bot.expect(
                server.wait_for_message(
                    CADRE["id"], since=since, button=keyboards.CB_CONSENT_YES, timeout=WAIT
                )
            )
            assert reply.ok
        finally:
            status = await bot.stop()
        # Only the accepted update was answered; the refused ones never reached a handler.
        assert len(server.sent(CADRE["id"])) == 1, server.describe(last=30)
        assert server.of("getUpdates") == [], "polled although in webhook mode"
    log = bot.log()
    assert status == 0, log
    assert "is running (webhook)" in log
    if log_level == "INFO":  # at DEBUG the library logs the refused requests' tracebacks
        assert "Traceback" not in log, log
    # DEBUG logs every Bot API call with its parameters, setWebhook's secret among them.
    assert secret not in log
    if log_level == "DEBUG":
        assert "<WEBHOOK_SECRET>" in log


async def test_a_webhook_port_in_use_stops_with_one_line(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        async with FakeTelegramServer(TOKEN) as server:
            env = bot_env(
                server,
                await fresh_database_url(tmp_path),
                WEBHOOK_URL=WEBHOOK_URL,
                WEBHOOK_LISTEN="127.0.0.1",
                WEBHOOK_PORT=str(port),
            )
            bot = BotProcess(env, REPO_ROOT, tmp_path / "bot.log")
            await bot.start()
            assert bot.process is not None
            async with asyncio.timeout(WAIT):
                status = await bot.process.wait()
    log = bot.log()
    assert status == 9, log
    errors = [line for line in log.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "WEBHOOK_PORT" in errors[0], log
    assert "Traceback" not in log, log
