"""The fake Bot API server itself, driven by python-telegram-bot's real ``Bot`` over HTTP.

These run in the normal suite (no process is started, so no ``e2e`` marker):
they keep the server honest for the end-to-end tests that rely on it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter
from telegram.request import HTTPXRequest

from runtime.telegram_http import AiohttpRequest
from tests.e2e.fake_server import BOT_ID, FakeTelegramServer, Limits, private_chat, user

TOKEN = "123456:fake-server-selftest-abcdefghijklmnopqrstu"
ALICE = user(4242, "Alice")
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="yes")]])


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(TOKEN) as fake:
        fake.add_chat(private_chat(ALICE))
        yield fake


@pytest.fixture(params=["httpx", "aiohttp"])
async def bot(server: FakeTelegramServer, request: pytest.FixtureRequest) -> AsyncIterator[Bot]:
    """python-telegram-bot's own client, and the bot's (runtime/telegram_http.py): the
    server must answer both alike, and the bot's client must behave as PTB's."""
    clients = {}
    if request.param == "aiohttp":
        clients = {"request": AiohttpRequest(), "get_updates_request": AiohttpRequest(1)}
    async with Bot(TOKEN, base_url=f"{server.base_url}/bot", **clients) as client:
        yield client


async def test_get_me_and_form_parameters(server: FakeTelegramServer, bot: Bot):
    assert bot.id == BOT_ID
    message = await bot.send_message(
        ALICE["id"], "<b>Halo</b> &amp; 123", parse_mode=ParseMode.HTML, reply_markup=KEYBOARD
    )
    assert message.text == "Halo & 123"
    assert message.reply_markup == KEYBOARD
    request = server.sent(ALICE["id"])[-1]
    assert request.params["chat_id"] == ALICE["id"]
    assert request.params["text"] == "<b>Halo</b> &amp; 123"
    assert request.button_data == ["yes"]
    assert server.message_with_button(ALICE["id"], "yes")["message_id"] == message.message_id


async def test_telegram_refusals_are_reproduced(server: FakeTelegramServer, bot: Bot):
    with pytest.raises(BadRequest, match="Chat not found"):
        await bot.send_message(99, "hi")
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(ALICE["id"], "<b>open", parse_mode=ParseMode.HTML)
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(ALICE["id"], "x" * 4097)
    message = await bot.send_message(ALICE["id"], "Pilih", reply_markup=KEYBOARD)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_reply_markup(ALICE["id"], message.message_id, reply_markup=KEYBOARD)
    await bot.edit_message_text("Dipilih", ALICE["id"], message.message_id)
    assert "reply_markup" not in server.message(ALICE["id"], message.message_id)
    assert server.message_with_button(ALICE["id"], "yes") is None

    update = await server.push_press(ALICE, "yes", message.to_dict())
    query_id = update["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id)
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query(query_id)


async def test_long_polling_waits_for_an_update_and_honours_offset(
    server: FakeTelegramServer, bot: Bot
):
    started = time.monotonic()
    polling = asyncio.create_task(bot.get_updates(timeout=10))
    await server.wait_for(lambda r: r.method == "getUpdates", answered=False, timeout=5)
    await server.push_message(ALICE, "/start")
    updates = await polling
    assert time.monotonic() - started < 5
    assert [u.message.text for u in updates] == ["/start"]
    assert updates[0].message.entities[0].type == "bot_command"

    # Not confirmed yet: delivered again; confirmed by the next offset: gone.
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in again] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1, timeout=0) == ()
    assert server.pending_updates == []


async def test_long_polling_times_out_empty(bot: Bot):
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == ()
    assert 0.9 <= time.monotonic() - started < 5


async def test_a_newer_get_updates_ends_the_waiting_one(server: FakeTelegramServer, bot: Bot):
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await server.wait_for(lambda r: r.method == "getUpdates", answered=False, timeout=5)
    # A second bot instance (the first one's polling connection is busy).
    async with Bot(TOKEN, base_url=f"{server.base_url}/bot") as other:
        assert await other.get_updates(timeout=0) == ()
    with pytest.raises(Conflict, match="terminated by other getUpdates"):
        await first


# PTB itself warns, building RetryAfter, that retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_faults(server: FakeTelegramServer, bot: Bot):
    limit = server.rate_limit(3)
    with pytest.raises(RetryAfter, match="Retry in 3 seconds"):
        await bot.send_message(ALICE["id"], "a")
    assert limit.hits == 1
    await bot.send_message(ALICE["id"], "b")  # only once

    server.server_error()
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(ALICE["id"], "c")

    server.block(ALICE["id"])
    with pytest.raises(Forbidden, match="blocked by the user"):
        await bot.send_message(ALICE["id"], "d")
    server.clear_faults()

    server.slow(0.3, times=1)
    started = time.monotonic()
    await bot.send_message(ALICE["id"], "e")
    assert time.monotonic() - started >= 0.3


async def test_wrong_token_json_body_and_documents(server: FakeTelegramServer, bot: Bot):
    with pytest.raises(InvalidToken):
        async with Bot(
            "123456:some-other-token-abcdefghijklmnopqrstu", base_url=f"{server.base_url}/bot"
        ):
            pass

    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{server.base_url}/bot{TOKEN}/sendMessage",
            json={"chat_id": ALICE["id"], "text": "123", "reply_markup": '{"inline_keyboard": []}'},
        )
    assert response.json()["result"]["text"] == "123"
    assert server.requests[-1].params["reply_markup"] == {"inline_keyboard": []}

    message = await bot.send_document(ALICE["id"], b"PK\x03\x04data", filename="rekap.xlsx")
    assert message.document.file_name == "rekap.xlsx"
    assert server.requests[-1].files["document"].content == b"PK\x03\x04data"


async def test_wait_for_times_out_with_the_latest_requests(server: FakeTelegramServer, bot: Bot):
    await bot.send_message(ALICE["id"], "sudah")
    with pytest.raises(AssertionError, match=r"(?s)never sent.*sendMessage 200 chat=4242"):
        await server.wait_for(lambda r: False, timeout=0.2, what="never sent")


# --- opt-in: Telegram's limits and a network round trip --------------------------------------


GROUP = {"id": -1001234567890, "type": "supergroup", "title": "Grup Kampung KB"}


class FrozenClock:
    """The server's clock, moved by hand: arrivals are judged deterministically."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def people(count: int, first: int = 9000) -> list[dict]:
    return [user(first + i, f"Kader {i}") for i in range(count)]


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock()


@pytest.fixture
async def limited(clock: FrozenClock) -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(TOKEN, limits=Limits(), clock=clock) as fake:
        fake.add_chat(private_chat(ALICE))
        fake.add_chat(GROUP)
        for person in people(40):
            fake.add_chat(private_chat(person))
        yield fake


@pytest.fixture
async def limited_bot(limited: FakeTelegramServer) -> AsyncIterator[Bot]:
    # Many sends in flight need more than Bot's default single connection.
    request = HTTPXRequest(connection_pool_size=64, pool_timeout=10.0)
    async with Bot(TOKEN, base_url=f"{limited.base_url}/bot", request=request) as client:
        yield client


def seconds(error: RetryAfter) -> float:
    """``retry_after`` in seconds (PTB gives an int now, a timedelta in the future)."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def retry_afters(outcomes: list[object]) -> list[float]:
    assert all(isinstance(o, (Message, RetryAfter)) for o in outcomes), outcomes
    return [seconds(o) for o in outcomes if isinstance(o, RetryAfter)]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_limits_off_by_default(server: FakeTelegramServer, bot: Bot):
    for n in range(35):
        await bot.send_message(ALICE["id"], f"pesan {n}")
    assert server.too_many == 0
    assert server.delivered == {ALICE["id"]: 35}


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_thirty_messages_a_second_overall(
    limited: FakeTelegramServer, limited_bot: Bot, clock: FrozenClock
):
    everyone = people(31)
    outcomes = await asyncio.gather(
        *(limited_bot.send_message(p["id"], "Pengumuman") for p in everyone),
        return_exceptions=True,
    )
    assert retry_afters(outcomes) == [1]
    assert limited.too_many == 1
    assert sum(limited.delivered.values()) == 30, "a 429 is not a delivered message"
    refused = next(r for r in limited.requests if r.status == 429)
    assert refused.description == "Too Many Requests: retry after 1"

    # Still within the second: refused; a whole second after the first 30: let in.
    clock.now += 0.5
    with pytest.raises(RetryAfter):
        await limited_bot.send_message(refused.chat_id, "lagi")
    clock.now += 0.5
    await limited_bot.send_message(refused.chat_id, "lagi")
    assert limited.too_many == 2
    assert limited.delivered[refused.chat_id] == 1
    assert sum(limited.delivered.values()) == 31
    # Each refusal is logged with the limit it exceeded and by how much.
    assert [(f.limit, f.chat_id, f.method) for f in limited.floods] == [
        ("overall", refused.chat_id, "sendMessage")
    ] * 2
    assert [round(f.wait, 3) for f in limited.floods] == [1.0, 0.5]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_one_message_a_second_to_one_private_chat(
    limited: FakeTelegramServer, limited_bot: Bot, clock: FrozenClock
):
    await limited_bot.send_message(ALICE["id"], "satu")
    clock.now += 0.3
    with pytest.raises(RetryAfter) as refused:
        await limited_bot.send_message(ALICE["id"], "dua")
    assert seconds(refused.value) == 1  # 0.7 s, rounded up
    # Other chats and other methods are not held back by it.
    await limited_bot.send_message(people(1)[0]["id"], "kader")
    await limited_bot.send_chat_action(ALICE["id"], "typing")
    clock.now += 0.7
    await limited_bot.send_message(ALICE["id"], "dua")
    assert limited.too_many == 1
    assert limited.delivered == {ALICE["id"]: 2, people(1)[0]["id"]: 1}
    assert [(f.limit, f.chat_id, round(f.wait, 3)) for f in limited.floods] == [
        ("chat", ALICE["id"], 0.7)
    ]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_twenty_messages_a_minute_to_one_group(
    limited: FakeTelegramServer, limited_bot: Bot, clock: FrozenClock
):
    for n in range(20):
        await limited_bot.send_message(GROUP["id"], f"pengingat {n}")
        clock.now += 1.0
    # The first of the 20 arrived 20 s ago: the 21st may come 40 s from now.
    with pytest.raises(RetryAfter) as refused:
        await limited_bot.send_message(GROUP["id"], "ke-21")
    assert seconds(refused.value) == 40
    clock.now += 39.5
    with pytest.raises(RetryAfter) as refused:
        await limited_bot.send_message(GROUP["id"], "ke-21")
    assert seconds(refused.value) == 1
    clock.now += 0.5
    await limited_bot.send_message(GROUP["id"], "ke-21")
    assert limited.too_many == 2
    assert limited.delivered == {GROUP["id"]: 21}
    assert [(f.limit, round(f.wait, 3)) for f in limited.floods] == [
        ("group", 40.0),
        ("group", 0.5),
    ]
    body = limited.requests[-2]
    assert (body.status, body.description) == (429, "Too Many Requests: retry after 1")


async def test_latency_half_before_arrival_half_before_the_answer():
    async with FakeTelegramServer(TOKEN, latency=0.4) as fake:
        fake.add_chat(private_chat(ALICE))
        async with Bot(TOKEN, base_url=f"{fake.base_url}/bot") as client:
            started = time.monotonic()
            await client.send_message(ALICE["id"], "halo")
            answered = time.monotonic()
    request = fake.sent(ALICE["id"])[-1]
    assert request.at - started >= 0.2, "arrived before half the round trip"
    assert answered - request.at >= 0.2, "answered before half the round trip"
    assert answered - started >= 0.4
