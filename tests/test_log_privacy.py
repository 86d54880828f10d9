"""Log lines at INFO and above name no Telegram id, chat id or person: only row ids."""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select

from models.broadcast import Delivery
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.flows import approve, create_kampung, register
from tests.harness import OPERATOR, FakeClock, Harness, Person, running_bot, with_operators

CADRE = Person(7712345678, "Siti")
CADRE_NAME = "Siti Aminah"
ADMIN_NAME = "Rina Sekretaris"


def names_id(line: str, telegram_id: int) -> bool:
    """The id stands on its own in the line ("chat 5001", "id=5001"), not inside a longer
    token such as APScheduler's random job id ("Removed job …683c5001c")."""
    return re.search(rf"(?<![0-9A-Za-z]){telegram_id}(?![0-9A-Za-z])", line) is not None


def test_an_id_inside_a_job_id_is_not_a_person() -> None:
    assert names_id("Chat 5001 blocked the bot", 5001)
    assert names_id("sendMessage to chat_id=5001 failed", 5001)
    assert not names_id("Removed job ab7b61cb3af94195b43314a683c5001c", 5001)
    assert not names_id("Delivery 150012 sent", 5001)


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def test_info_lines_name_deliveries_not_people(
    bot: Harness, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    # Telegram refuses the admin's menu until she has opened the bot (logged), and has a
    # bad moment when the cadre's approval goes out (logged, retried).
    bot.api.fail(method="setMyCommands", description="Bad Request: chat not found")
    await register(bot, ADMIN, ADMIN_NAME, "01", "Pokja")
    await register(bot, CADRE, CADRE_NAME)
    bot.api.fail(chat_id=CADRE.id, status=502, description="Bad Gateway", times=1)
    await approve(bot, ADMIN, CADRE)
    await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjar")

    assert "disetujui" in bot.last_text(CADRE)
    async with bot.session() as session:
        approval = await session.scalar(
            select(Delivery).where(Delivery.chat_id == CADRE.id).order_by(Delivery.id.desc())
        )
    assert approval is not None
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert f"Send of delivery {approval.id} failed (Bad Gateway); trying again" in lines
    for line in lines:
        for person in (CADRE, ADMIN, OPERATOR):
            assert not names_id(line, person.id), line
        for name in (CADRE_NAME, ADMIN_NAME):
            assert name not in line, line
