"""A person who unblocks the bot is written to again in every kampung she belongs to."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import update
from telegram import Update

from models.member import Member
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.fakeapi import BOT_USER
from tests.flows import join
from tests.harness import FakeClock, Harness, Person, running_bot
from tests.test_kampungs import (
    A_LINE,
    B_LINE,
    CADRE_A,
    SEC_B,
    member_in,
    two_kampungs,
    with_operator,
)
from ui import keyboards


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operator(settings), clock) as harness:
        yield harness


def private_chat_member(bot: Harness, person: Person, old: str, new: str) -> Update:
    """Telegram's news that ``person`` changed the bot's standing in her private chat."""
    data = {
        "update_id": 876_543,
        "my_chat_member": {
            "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
            "from": person.to_dict(),
            "date": int(bot.clock().timestamp()),
            "old_chat_member": {"user": BOT_USER, "status": old, **_until(old)},
            "new_chat_member": {"user": BOT_USER, "status": new, **_until(new)},
        },
    }
    return Update.de_json(data, bot.app.bot)


def _until(status: str) -> dict[str, int]:
    return {"until_date": 0} if status == "kicked" else {}


async def test_an_unblock_clears_the_blocked_mark_in_every_kampung(bot: Harness) -> None:
    two = await two_kampungs(bot)
    await join(bot, CADRE_A, two.b.invite_code, "Siti Aminah", "02", "BKB")
    in_b = await member_in(bot, two.b.id, CADRE_A)
    assert in_b is not None
    await bot.press(SEC_B, f"{keyboards.CB_APPROVE}{in_b.id}")
    # Sends to her were refused while she had blocked the bot, in both kampungs.
    async with bot.session() as session, session.begin():
        await session.execute(
            update(Member)
            .where(Member.telegram_id == CADRE_A.id)
            .values(blocked_bot=True, blocked_at=bot.clock())
        )
    await bot.process(private_chat_member(bot, CADRE_A, "kicked", "member"))

    for kampung in (two.a, two.b):
        member = await member_in(bot, kampung.id, CADRE_A)
        assert member is not None
        assert (member.blocked_bot, member.blocked_at) == (False, None), kampung.name
    # Both kampungs' announcements reach her again.
    bot.api.clear()
    for secretary, line in ((ADMIN, A_LINE), (SEC_B, B_LINE)):
        await bot.send(secretary, line)
        await bot.press(secretary, keyboards.CB_SAVE)
    assert len(bot.api.sent(CADRE_A.id)) == 2, bot.api.texts(CADRE_A.id)


async def test_a_block_news_changes_nothing_and_says_nothing(bot: Harness) -> None:
    two = await two_kampungs(bot)
    bot.api.clear()
    await bot.process(private_chat_member(bot, CADRE_A, "member", "kicked"))
    member = await member_in(bot, two.a.id, CADRE_A)
    assert member is not None and member.blocked_bot is False  # the next send records it
    assert bot.api.sent() == []
