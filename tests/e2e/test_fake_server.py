"""The fake Bot API server itself, driven by python-telegram-bot's real ``Bot`` over HTTP.

These run in the normal suite (no process is started, so no ``e2e`` marker):
they keep the server honest for the end-to-end tests that rely on it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter

from tests.e2e.fake_server import BOT_ID, FakeTelegramServer, private_chat, user

TOKEN = "123456:fake-server-selftest-abcdefghijklmnopqrstu"
ALICE = user(4242, "Alice")
KEYBOARD = InlineKeyboardMarkup([[InlineKeyboardButton("Ya", callback_data="yes")]])


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(TOKEN) as fake:
        fake.add_chat(private_chat(ALICE))
        yield fake


@pytest.fixture
async def bot(server: FakeTelegramServer) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, base_url=f"{server.base_url}/bot") as client:
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
