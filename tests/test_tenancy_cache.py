"""The tenancy cache (``models/tenancy_cache.py``) never answers with a stale entry.

Each test first lets the resolver remember something (an update from the person or
group), then changes it through the handlers, then checks that the next update sees
the change. Without the invalidation each covers, the next update would be resolved
from what was remembered and the assertion fails.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select, update

from models.member import Member, MemberStatus
from models.tenancy import user_tenancy
from models.tenancy_cache import cache_of
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.flows import approve, create_kampung, join
from tests.harness import FakeClock, Harness, Person, running_bot
from tests.test_kampungs import (
    A_LINE,
    B_LINE,
    CADRE_A,
    CADRE_B,
    OPERATOR,
    SEC_B,
    kampung_named,
    member_in,
    two_kampungs,
    with_operator,
)
from ui import keyboards, texts

UNBOUND_GROUP = -1003333333333
A_TOPIC = "Pembinaan Poktan"
B_TOPIC = "Gizi Balita"


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operator(settings), clock) as harness:
        yield harness


async def plan_both(bot: Harness) -> None:
    await bot.send(ADMIN, A_LINE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    await bot.send(SEC_B, B_LINE)
    await bot.press(SEC_B, keyboards.CB_SAVE)


async def test_a_member_who_joins_another_kampung_follows_it_at_once(bot):
    await two_kampungs(bot)
    await plan_both(bot)
    await bot.send(CADRE_A, "/jadwal")  # remembered: a member of A, no choice
    assert A_TOPIC in bot.last_text(CADRE_A)

    b = await kampung_named(bot, "Kampung KB Talang Banjar")
    await join(bot, CADRE_A, b.invite_code, "Siti Aminah", "02", "BKR")
    in_b = await member_in(bot, b.id, CADRE_A)
    assert in_b is not None
    await bot.press(SEC_B, f"{keyboards.CB_APPROVE}{in_b.id}")
    await bot.send(CADRE_A, "/jadwal")
    assert B_TOPIC in bot.last_text(CADRE_A)
    assert A_TOPIC not in bot.last_text(CADRE_A)


async def test_a_cadre_approved_counts_on_the_next_jadwal(bot):
    two = await two_kampungs(bot)
    await plan_both(bot)
    await bot.send(CADRE_A, "/jadwal")  # remembered: A has 2 active members
    assert "Belum menjawab 2" in bot.last_text(CADRE_A)

    newcomer = Person(7301, "Baru")
    await join(bot, newcomer, two.a.invite_code, "Rahmawati", "02", "BKR")
    await bot.send(CADRE_A, "/jadwal")
    assert "Belum menjawab 2" in bot.last_text(CADRE_A)  # pending: not counted yet
    await approve(bot, ADMIN, newcomer)
    await bot.send(CADRE_A, "/jadwal")
    assert "Belum menjawab 3" in bot.last_text(CADRE_A)


async def test_an_erased_member_is_no_longer_taken_for_one(bot):
    await two_kampungs(bot)
    await plan_both(bot)
    await bot.send(CADRE_A, "/jadwal")  # remembered: a member of A
    assert A_TOPIC in bot.last_text(CADRE_A)

    await bot.send(CADRE_A, "/hapus_data")
    await bot.press(CADRE_A, keyboards.CB_ERASE_YES)
    # No membership, no choice, two kampungs: she is asked for her kampung's link
    # (a stale entry would still take her for a member of A: "not registered").
    await bot.send(CADRE_A, "/jadwal")
    assert bot.last_text(CADRE_A) == texts.ASK_KAMPUNG_LINK


async def test_a_kampungs_corrected_time_zone_is_used_at_once(bot):
    two = await two_kampungs(bot)
    await bot.send(SEC_B, "/jadwal")  # remembered: B in Asia/Makassar (WITA)
    await bot.press(OPERATOR, f"{keyboards.CB_OP_EDIT}{two.b.id}:tz", message=None)
    await bot.press(OPERATOR, keyboards.CB_OP_TZ + "Asia/Jayapura")

    await bot.send(SEC_B, B_LINE)
    await bot.press(SEC_B, keyboards.CB_SAVE)
    await bot.send(CADRE_B, "/jadwal")
    card = bot.last_text(CADRE_B)
    assert "10.00 WIT" in card, card
    assert "WITA" not in card


async def test_a_group_bound_after_it_was_seen_unbound_belongs_to_its_kampung(bot):
    await two_kampungs(bot)
    await plan_both(bot)
    # Unbound, the group follows whoever writes there: A's cadre sees A's meeting.
    await bot.send(CADRE_A, "/jadwal", chat_id=UNBOUND_GROUP)
    assert A_TOPIC in bot.last_text(UNBOUND_GROUP)

    await bot.send(SEC_B, "/ikat_grup", chat_id=UNBOUND_GROUP)
    # B is bound to its own group: moving it here is asked first, then confirmed.
    question = bot.api.last_sent(UNBOUND_GROUP)
    await bot.press(SEC_B, question.button_data[0], message=question, chat_id=UNBOUND_GROUP)
    await bot.send(CADRE_A, "/jadwal", chat_id=UNBOUND_GROUP)
    assert B_TOPIC in bot.last_text(UNBOUND_GROUP)


async def test_a_removed_kampung_is_forgotten_with_the_choice_of_it(bot):
    await bot.send(ADMIN, "/start")  # the settings kampung exists with its secretary
    typo = await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjr")
    newcomer = Person(7399, "Baru")
    await bot.send(newcomer, f"/start {typo.invite_code}")  # remembered: she chose typo
    await bot.send(newcomer, "/jadwal")
    await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE}{typo.id}", message=None)
    await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE_YES}{typo.id}")

    # One kampung left: she registers there (a stale entry would keep her in typo).
    await join(bot, newcomer, None, "Siti Rahma", "03", "BKB")
    member = await bot.member(newcomer.id)
    assert member is not None
    assert member.kampung_id == bot.app.bot_data.kampung_id


async def test_a_value_read_before_a_commit_is_not_remembered_after_it(bot):
    """The race the generation counter closes: a reader whose transaction began before
    a commit (its snapshot may predate it) must not store what it read afterwards."""
    await bot.send(ADMIN, "/start")
    await join(bot, CADRE_A, None, "Siti Aminah")
    await approve(bot, ADMIN, CADRE_A)
    data = bot.app.bot_data
    async with data.reading_sessionmaker() as reader:
        await reader.scalar(select(Member.id).limit(1))  # its transaction has begun
        async with data.sessionmaker() as writer, writer.begin():
            await writer.execute(  # erased meanwhile, as /hapus_data would
                update(Member)
                .where(Member.telegram_id == CADRE_A.id)
                .values(status=MemberStatus.LEFT, telegram_id=None)
            )
        await user_tenancy(reader, CADRE_A.id)
        assert CADRE_A.id not in cache_of(reader).users
    async with data.reading_sessionmaker() as later:
        assert (await user_tenancy(later, CADRE_A.id)).memberships == ()
        assert CADRE_A.id in cache_of(later).users
