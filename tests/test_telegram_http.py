"""The bot's HTTP client (``runtime/telegram_http.py``) keeps python-telegram-bot's contract.

What the fake server's own tests do not show (``tests/e2e/test_fake_server.py`` runs
every one of them on this client too: parameters, refusals, files, long polling, 409,
429, 5xx): timeouts become ``TimedOut``, an unreachable server ``NetworkError``, the
long poll's wait is added to the read timeout, a proxy from the environment is used,
and the setting picks the client.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web
from telegram import Bot
from telegram.error import NetworkError, TimedOut
from telegram.request import HTTPXRequest

from runtime.telegram_http import AiohttpRequest, network_error, telegram_requests
from tests.e2e.fake_server import FakeTelegramServer, private_chat, user

TOKEN = "123456:telegram-http-selftest-abcdefghijklmnopq"
ALICE = user(4343, "Alice")


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(TOKEN) as fake:
        fake.add_chat(private_chat(ALICE))
        yield fake


def client(server: FakeTelegramServer, request: AiohttpRequest | None = None) -> Bot:
    sending = request or AiohttpRequest()
    return Bot(
        TOKEN,
        base_url=f"{server.base_url}/bot",
        request=sending,
        get_updates_request=sending,
    )


async def test_a_slow_answer_is_a_timeout_and_the_next_request_goes_through(
    server: FakeTelegramServer,
):
    async with client(server) as bot:
        server.slow(30, times=1)
        with pytest.raises(TimedOut):
            await bot.send_message(ALICE["id"], "lambat", read_timeout=0.2)
        sent = await bot.send_message(ALICE["id"], "lagi")
    assert sent.text == "lagi"
    assert [r.text for r in server.sent(ALICE["id"]) if r.answered] == ["lagi"]


async def test_the_default_read_timeout_is_the_clients(server: FakeTelegramServer):
    async with client(server, AiohttpRequest(read_timeout=0.2)) as bot:
        server.slow(30, times=1)
        with pytest.raises(TimedOut):
            await bot.send_message(ALICE["id"], "lambat")


async def test_the_long_poll_waits_beyond_the_read_timeout(server: FakeTelegramServer):
    """``Bot.get_updates`` adds its ``timeout`` to the client's ``read_timeout``: a poll
    of 1 s on a client whose reads time out after 0.3 s waits and returns."""
    async with client(server, AiohttpRequest(read_timeout=0.3)) as bot:
        polling = asyncio.create_task(bot.get_updates(timeout=1))
        await server.wait_for(lambda r: r.method == "getUpdates", answered=False, timeout=5)
        assert await polling == ()
    [poll] = server.of("getUpdates")
    assert poll.status == 200


async def test_an_unreachable_server_is_a_network_error():
    free = await asyncio.start_server(lambda *_: None, "127.0.0.1", 0)
    port = free.sockets[0].getsockname()[1]
    free.close()
    await free.wait_closed()
    request = AiohttpRequest()
    await request.initialize()
    try:
        bot = Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", request=request)
        with pytest.raises(NetworkError, match=r"aiohttp\.Client"):
            await bot.send_message(ALICE["id"], "halo")
    finally:
        await request.shutdown()


async def test_a_request_after_shutdown_is_refused(server: FakeTelegramServer):
    request = AiohttpRequest()
    async with client(server, request) as bot:
        await bot.send_message(ALICE["id"], "satu")
    with pytest.raises(NetworkError, match="not initialized"):
        await request.post(f"{server.base_url}/bot{TOKEN}/getMe")
    await request.initialize()  # python-telegram-bot may initialise a request again
    assert (await request.post(f"{server.base_url}/bot{TOKEN}/getMe"))["id"] > 0
    await request.shutdown()


async def test_a_proxy_from_the_environment_is_used(monkeypatch: pytest.MonkeyPatch):
    """An operator behind an office proxy sets HTTP(S)_PROXY, as httpx honours it."""
    seen: list[str] = []

    async def proxy(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        seen.append(head.split(b"\r\n", 1)[0].decode())
        length = next(
            int(line.split(b":", 1)[1])
            for line in head.split(b"\r\n")
            if line.lower().startswith(b"content-length:")
        )
        await reader.readexactly(length)
        body = json.dumps({"ok": True, "result": True}).encode()
        writer.write(
            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode()
            + body
        )
        await writer.drain()
        writer.close()

    listening = await asyncio.start_server(proxy, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{port}")
    request = AiohttpRequest()
    await request.initialize()
    try:
        answer = await request.post(
            f"http://api.telegram.invalid/bot{TOKEN}/deleteWebhook",
        )
    finally:
        await request.shutdown()
        listening.close()
        await listening.wait_closed()
    assert answer is True
    assert seen == [f"POST http://api.telegram.invalid/bot{TOKEN}/deleteWebhook HTTP/1.1"]


async def test_no_proxy_names_the_hosts_reached_directly(
    server: FakeTelegramServer, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    async with client(server) as bot:
        sent = await bot.send_message(ALICE["id"], "langsung")
    assert sent.text == "langsung"


def test_the_setting_picks_the_client(settings):
    sending, polling = telegram_requests(settings)
    assert isinstance(sending, AiohttpRequest) and isinstance(polling, AiohttpRequest)
    stock = telegram_requests(settings.model_copy(update={"TELEGRAM_HTTP_CLIENT": "httpx"}))
    assert all(isinstance(request, HTTPXRequest) for request in stock)


def test_a_network_error_never_shows_the_token():
    url = f"http://api.telegram.invalid/bot{TOKEN}/sendMessage"
    error = network_error(aiohttp.InvalidURL(url), url)
    assert TOKEN not in str(error) and "InvalidURL" in str(error)
    base = url.rsplit("/", 1)[0]
    assert TOKEN not in str(network_error(aiohttp.InvalidURL(base), url))


async def test_a_redirect_is_returned_not_followed():
    """As httpx: a 3xx reaches python-telegram-bot, which refuses it (no request is
    sent on to wherever it points)."""
    hits: list[str] = []

    async def redirect(request: web.Request) -> web.Response:
        hits.append(request.path)
        raise web.HTTPFound("/elsewhere")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", redirect)
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    port = runner.addresses[0][1]
    request = AiohttpRequest()
    await request.initialize()
    try:
        with pytest.raises(NetworkError, match="302"):
            await request.post(f"http://127.0.0.1:{port}/bot{TOKEN}/getMe")
    finally:
        await request.shutdown()
        await runner.cleanup()
    assert hits == [f"/bot{TOKEN}/getMe"]
