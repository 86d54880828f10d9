"""A person in two kampungs acts in the kampung she sees (issue 17, section 4).

Rina (``ADMIN``) is secretary of kampung A (from the settings) and of kampung B
(made by the operator, who appoints her; she registers through B's link). Every
button acts in the kampung it was made for, whichever kampung she opened last; a
flow stays in the kampung it started in, and opening a link ends it; ``/ikat_grup``
asks which kampung, names it, and asks before it moves a group or a kampung.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models.attendance import Guest
from models.kampung import Kampung
from models.meeting import Meeting
from models.member import Member, MemberStatus
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.flows import appoint, create_kampung, join, register, register_active
from tests.harness import (
    GROUP_CHAT_ID,
    OPERATOR,
    FakeClock,
    Harness,
    Person,
    running_bot,
    with_operators,
)
from ui import keyboards, texts

CADRE_A = Person(7201, "KaderA")
CADRE_B = Person(7202, "KaderB")
GROUP_B = -1002222222222
NEW_GROUP = -1003333333333
B_NAME = "Kampung KB Talang Banjar"
A_LINE = "/jadwal baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan"


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


@dataclass
class Two:
    a: Kampung
    b: Kampung


async def secretary_of_two(bot: Harness, *, secretary_in_b: bool = True) -> Two:
    """A (ADMIN, CADRE_A, bound to GROUP_CHAT_ID) and B (SEC: ADMIN; CADRE_B). ADMIN
    opened B's link last, unless she is only B's cadre (``secretary_in_b=False``)."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRE_A, "Siti Aminah", "03", "BKB")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    if secretary_in_b:
        await appoint(bot, OPERATOR, b, ADMIN)
        await join(bot, ADMIN, b.invite_code, "Rina Sekretaris", "01", "Pokja")
        await join(bot, CADRE_B, b.invite_code, "Ani Lestari", "02", "BKR")
        await bot.press(ADMIN, f"{keyboards.CB_APPROVE}{(await member_in(bot, b.id, CADRE_B)).id}")
    else:
        await join(bot, CADRE_B, b.invite_code, "Ani Lestari", "02", "BKR")
        await join(bot, ADMIN, b.invite_code, "Rina Sekretaris", "01", "Pokja")
    async with bot.session() as session:
        a_id = (await bot.member(CADRE_A.id)).kampung_id
        return Two(await session.get_one(Kampung, a_id), await session.get_one(Kampung, b.id))


async def member_in(bot: Harness, kampung_id: int, person: Person) -> Member:
    async with bot.session() as session:
        member = await session.scalar(
            select(Member).where(Member.kampung_id == kampung_id, Member.telegram_id == person.id)
        )
    assert member is not None
    return member


async def meetings_of(bot: Harness, kampung_id: int) -> list[Meeting]:
    async with bot.session() as session:
        return list(await session.scalars(select(Meeting).where(Meeting.kampung_id == kampung_id)))


async def group_of(bot: Harness, kampung_id: int) -> int | None:
    async with bot.session() as session:
        kampung = await session.get_one(Kampung, kampung_id)
        return kampung.group_chat_id


# --- flows ----------------------------------------------------------------------------------


async def test_opening_b_link_while_planning_a_ends_the_plan_and_simpan_saves_nothing(bot):
    """Regression: on main the meeting was created in B and announced to B's cadres."""
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, f"/start {two.a.invite_code}")
    await bot.send(ADMIN, A_LINE)
    review = bot.api.last_sent(ADMIN.id)
    assert keyboards.CB_SAVE in review.button_data

    bot.api.clear()
    await bot.send(ADMIN, f"/start {two.b.invite_code}")
    said = bot.api.texts(ADMIN.id)
    await bot.press(ADMIN, keyboards.CB_SAVE, message=review)

    assert await meetings_of(bot, two.a.id) == [] and await meetings_of(bot, two.b.id) == []
    assert bot.api.sent(CADRE_B.id) == [] and bot.api.sent(GROUP_B) == []
    answer = bot.api.last_answer().params
    assert answer["text"] == texts.STALE_BUTTON and answer["show_alert"] is True
    assert said[0] == texts.FLOW_ENDED_BY_LINK and "Rina Sekretaris" in said[-1]  # menu in B


async def test_a_link_opened_in_the_middle_of_registration_ends_it_first(bot):
    two = await secretary_of_two(bot)
    newcomer = Person(7300, "Baru")
    await join(bot, newcomer, two.a.invite_code, "Bu Wati", "03", confirm=False)
    await bot.send(newcomer, f"/start {two.b.invite_code}")
    assert texts.FLOW_ENDED_BY_LINK in bot.api.texts(newcomer.id)
    assert texts.consent(B_NAME) in bot.api.texts(newcomer.id)
    await bot.press(newcomer, keyboards.CB_REG_CONFIRM)  # the old "Benar" of A's answers
    assert await bot.member(newcomer.id) is None


async def test_a_flow_started_from_a_button_stays_in_that_kampung(bot):
    """She chose B last; "Buat jadwal" on A's message plans A's meeting, step by step."""
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, f"/start {two.a.invite_code}")
    await bot.send(ADMIN, "/jadwal")
    made_in_a = bot.api.last_sent(ADMIN.id)
    assert made_in_a.button_data == [f"{keyboards.CB_NEW_MEETING}{two.a.id}"]
    await bot.send(ADMIN, f"/start {two.b.invite_code}")

    await bot.press(ADMIN, f"{keyboards.CB_NEW_MEETING}{two.a.id}", message=made_in_a)
    await bot.send(ADMIN, "15-08-2026")
    await bot.send(ADMIN, "09.00")
    await bot.press(ADMIN, f"{keyboards.CB_HOST}07")  # RT 07: A has it, B has 1-3 only
    await bot.press(ADMIN, keyboards.CB_VENUE_DEFAULT)
    await bot.send(ADMIN, "Pembinaan Poktan")
    await bot.press(ADMIN, keyboards.CB_NO_SPEAKERS)
    await bot.press(ADMIN, keyboards.CB_SAVE)

    [meeting] = await meetings_of(bot, two.a.id)
    assert meeting.host_rt == "07" and await meetings_of(bot, two.b.id) == []
    await bot.drain()
    assert any("Pembinaan Poktan" in text for text in bot.api.texts(CADRE_A.id))
    assert not any("Pembinaan Poktan" in text for text in bot.api.texts(CADRE_B.id))


async def test_changing_a_meeting_of_a_from_its_card_after_choosing_b(bot):
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, f"/start {two.a.invite_code}")
    await bot.send(ADMIN, A_LINE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    [meeting] = await meetings_of(bot, two.a.id)
    await bot.send(ADMIN, "/jadwal")
    card = bot.api.last_sent(ADMIN.id)
    await bot.send(ADMIN, f"/start {two.b.invite_code}")

    await bot.press(ADMIN, f"{keyboards.CB_ADMIN_CHANGE}{meeting.id}", message=card)
    await bot.press(ADMIN, f"{keyboards.CB_FIELD}topic")
    await bot.send(ADMIN, "Gizi Remaja")
    await bot.press(ADMIN, keyboards.CB_SAVE)

    [changed] = await meetings_of(bot, two.a.id)
    assert changed.topic == "Gizi Remaja"
    assert texts.MEETING_GONE not in bot.api.texts(ADMIN.id)


# --- buttons ----------------------------------------------------------------------------------


async def test_approve_all_on_a_list_approves_a_list_after_she_switched_to_b(bot):
    """Regression: on main "Setujui semua" approved B's registrant, whom she never saw."""
    two = await secretary_of_two(bot)
    in_b = Person(7310, "DiB")
    await join(bot, in_b, two.b.invite_code, "Bu Bunga", "01")  # a lower id than A's below
    first, second, later = Person(7311, "A1"), Person(7312, "A2"), Person(7313, "A3")
    await join(bot, first, two.a.invite_code, "Bu Ani", "02")
    await join(bot, second, two.a.invite_code, "Bu Ina", "04")
    await bot.send(ADMIN, f"/start {two.a.invite_code}")
    await bot.send(ADMIN, "/menunggu")
    [listed] = [c for c in bot.api.sent(ADMIN.id) if "Setujui semua (2)" in str(c.buttons)]
    await join(bot, later, two.a.invite_code, "Bu Ema", "05")  # after the list: not on it
    await bot.send(ADMIN, f"/start {two.b.invite_code}")

    [data] = listed.button_data
    await bot.press(ADMIN, data, message=listed)

    assert (await bot.member(first.id)).status is MemberStatus.ACTIVE
    assert (await bot.member(second.id)).status is MemberStatus.ACTIVE
    assert (await bot.member(later.id)).status is MemberStatus.PENDING
    assert (await bot.member(in_b.id)).status is MemberStatus.PENDING
    assert texts.approved_all(2) in [c.text for c in bot.api.edits(ADMIN.id)]


async def test_a_guest_button_of_a_removes_a_guest_after_she_chose_b(bot, clock):
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, f"/start {two.a.invite_code}")
    await bot.send(ADMIN, A_LINE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    clock.set(datetime(2026, 8, 15, 1, 30, tzinfo=UTC))  # 08.30 WIB on the day
    await bot.send(ADMIN, "/hadir")
    await bot.send(ADMIN, "/tamu Drs. Hasan - Sekretaris Lurah")
    async with bot.session() as session:
        guest = await session.scalar(select(Guest))
    await bot.send(ADMIN, "/tamu")
    await bot.send(ADMIN, f"/start {two.b.invite_code}")

    await bot.press(ADMIN, f"{keyboards.CB_GUEST_REMOVE}{guest.id}")

    async with bot.session() as session:
        assert (await session.get_one(Guest, guest.id)).removed_at is not None
    assert bot.api.last_answer().params["text"] == texts.guest_removed("Drs. Hasan")


async def test_rights_are_checked_in_the_kampung_of_the_row_a_button_names(bot):
    """Secretary in A, cadre in B: a forged B member action is refused as in B."""
    two = await secretary_of_two(bot, secretary_in_b=False)
    await bot.send(ADMIN, f"/start {two.a.invite_code}")  # where she is secretary
    cadre_b = await member_in(bot, two.b.id, CADRE_B)
    for data in (
        f"{keyboards.CB_MEMBER_DO}off:{cadre_b.id}",
        f"{keyboards.CB_APPROVE_ALL}{two.b.id}:{cadre_b.id}",
        f"{keyboards.CB_NEW_MEETING}{two.b.id}",
    ):
        await bot.press(ADMIN, data)
        assert bot.api.last_answer().params["text"] == texts.ALREADY_PENDING, data
    assert (await member_in(bot, two.b.id, CADRE_B)).status is MemberStatus.PENDING


async def test_a_member_list_page_of_a_turns_in_a_after_she_chose_b(bot):
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, f"/start {two.a.invite_code}")
    await bot.send(ADMIN, "/anggota")
    names = bot.api.last_sent(ADMIN.id).buttons
    assert any("Siti Aminah" in label for label, _ in names)
    await bot.send(ADMIN, f"/start {two.b.invite_code}")
    cadre_a = await member_in(bot, two.a.id, CADRE_A)

    await bot.press(ADMIN, f"{keyboards.CB_MEMBER_VIEW}{cadre_a.id}")

    assert "Siti Aminah" in bot.last_text(ADMIN)


# --- /ikat_grup --------------------------------------------------------------------------------


async def test_ikat_grup_in_a_new_group_asks_which_kampung_and_names_it(bot):
    """Regression: on main it bound her last chosen kampung, moving it from its group."""
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_B)
    assert await group_of(bot, two.b.id) is None  # nothing bound before she says which
    assert bot.last_text(GROUP_B) == texts.GROUP_PICK_KAMPUNG
    assert sorted(bot.last_buttons(GROUP_B)) == sorted(
        [
            (two.a.name, f"{keyboards.CB_GROUP_PICK}{two.a.id}"),
            (B_NAME, f"{keyboards.CB_GROUP_PICK}{two.b.id}"),
        ]
    )
    await bot.press(ADMIN, f"{keyboards.CB_GROUP_PICK}{two.b.id}", chat_id=GROUP_B)
    assert bot.last_text(GROUP_B) == texts.group_bound(B_NAME)
    assert await group_of(bot, two.b.id) == GROUP_B
    assert await group_of(bot, two.a.id) == GROUP_CHAT_ID

    # A new group: B is bound elsewhere, so moving it asks first; Batal keeps all.
    await bot.send(ADMIN, "/ikat_grup", chat_id=NEW_GROUP)
    await bot.press(ADMIN, f"{keyboards.CB_GROUP_PICK}{two.b.id}", chat_id=NEW_GROUP)
    assert await group_of(bot, two.b.id) == GROUP_B
    question = bot.api.last_sent(NEW_GROUP)
    assert question.text == texts.group_move_question(B_NAME, None, True)
    yes = f"{keyboards.CB_GROUP_MOVE}{two.b.id}:0:{GROUP_B}"
    assert question.button_data == [yes, keyboards.CB_GROUP_KEEP]
    await bot.press(ADMIN, keyboards.CB_GROUP_KEEP, chat_id=NEW_GROUP)
    assert bot.last_text(NEW_GROUP) == texts.GROUP_MOVE_KEPT
    assert await group_of(bot, two.b.id) == GROUP_B

    # Ya moves B to the new group, and says which kampung.
    await bot.press(ADMIN, yes, message=question, chat_id=NEW_GROUP)
    assert bot.last_text(NEW_GROUP) == texts.group_bound(B_NAME)
    assert await group_of(bot, two.b.id) == NEW_GROUP
    assert await group_of(bot, two.a.id) == GROUP_CHAT_ID

    # The same "Ya" again is stale: B is no longer bound to GROUP_B.
    await bot.press(ADMIN, yes, message=question, chat_id=NEW_GROUP)
    assert bot.api.last_answer().params["text"] == texts.GROUP_BINDING_CHANGED
    assert await group_of(bot, two.b.id) == NEW_GROUP


async def test_ikat_grup_in_a_group_of_another_kampung_asks_before_taking_it(bot):
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)  # A's group
    await bot.press(ADMIN, f"{keyboards.CB_GROUP_PICK}{two.b.id}", chat_id=GROUP_CHAT_ID)
    question = bot.api.last_sent(GROUP_CHAT_ID)
    assert question.text == texts.group_move_question(B_NAME, two.a.name, False)
    assert await group_of(bot, two.a.id) == GROUP_CHAT_ID

    await bot.press(ADMIN, question.button_data[0], message=question, chat_id=GROUP_CHAT_ID)

    assert bot.last_text(GROUP_CHAT_ID) == texts.group_bound(B_NAME)
    assert await group_of(bot, two.b.id) == GROUP_CHAT_ID
    assert await group_of(bot, two.a.id) is None  # one group, one kampung


async def test_forged_and_foreign_group_binding_presses_change_nothing(bot):
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, "/ikat_grup", chat_id=NEW_GROUP)
    for person, data in (
        (CADRE_A, f"{keyboards.CB_GROUP_PICK}{two.a.id}"),
        (CADRE_B, f"{keyboards.CB_GROUP_MOVE}{two.b.id}:0:0"),
        (CADRE_A, f"{keyboards.CB_GROUP_MOVE}{two.a.id}:0:{GROUP_CHAT_ID}"),
    ):
        await bot.press(person, data, chat_id=NEW_GROUP)
        answer = bot.api.last_answer().params
        assert answer["show_alert"] is True and answer["text"] == texts.ADMIN_ONLY, data
    # Her own press, forged to claim the group was bound to A: stale, nothing moves.
    await bot.press(ADMIN, f"{keyboards.CB_GROUP_MOVE}{two.b.id}:{two.a.id}:0", chat_id=NEW_GROUP)
    assert bot.api.last_answer().params["text"] == texts.GROUP_BINDING_CHANGED
    assert await group_of(bot, two.a.id) == GROUP_CHAT_ID
    assert await group_of(bot, two.b.id) is None


async def test_a_secretary_of_one_kampung_binds_at_once_and_hears_its_name(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    assert bot.last_text(GROUP_CHAT_ID) == texts.group_bound("Kampung KB Penyengat Rendah")
    assert bot.last_buttons(GROUP_CHAT_ID) == []


async def test_two_secretaries_binding_one_group_at_once_bind_one_kampung(bot):
    """On PostgreSQL the two bindings run side by side: one group, one kampung."""
    sec_b = Person(6001, "SekB")
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    await appoint(bot, OPERATOR, b, sec_b)
    await join(bot, sec_b, b.invite_code, "Dewi Sekretaris", "01", "Pokja")
    a_id = (await bot.member(ADMIN.id)).kampung_id
    for round_ in range(8):
        group = NEW_GROUP - round_
        async with bot.session() as session, session.begin():
            for kampung in await session.scalars(select(Kampung)):
                kampung.group_chat_id = None

        await asyncio.gather(
            bot.send(ADMIN, "/ikat_grup", chat_id=group),
            bot.send(sec_b, "/ikat_grup", chat_id=group),
        )

        bound = [k for k in (a_id, b.id) if await group_of(bot, k) == group]
        assert len(bound) == 1, round_
        names = {a_id: "Kampung KB Penyengat Rendah", b.id: B_NAME}
        told = bot.api.texts(group)[-2:]
        assert texts.group_bound(names[bound[0]]) in told, (round_, told)
        # The other one is told: the binding changed under her, or (when the group was
        # already bound as her update came in) that she is not its kampung's secretary.
        [other] = [text for text in told if text != texts.group_bound(names[bound[0]])]
        assert other in (texts.GROUP_BINDING_CHANGED, texts.NOT_REGISTERED), (round_, told)


async def test_hadir_typed_in_reply_to_a_card_of_a_answers_in_a_after_she_chose_b(bot):
    """A typed answer follows the card it replies to, not the kampung chosen last."""
    two = await secretary_of_two(bot)
    await bot.send(ADMIN, f"/start {two.a.invite_code}")
    await bot.send(ADMIN, A_LINE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    [meeting] = await meetings_of(bot, two.a.id)
    [card] = [c for c in bot.api.sent(ADMIN.id) if f"rsvp:{meeting.id}:hadir" in c.button_data]
    await bot.send(ADMIN, f"/start {two.b.invite_code}")  # B has no meeting

    answer = bot.message_update(ADMIN, "insya allah hadir", reply_to_message=card.result)
    await bot.process(answer)
    assert ("✅ Benar", f"rsvp:{meeting.id}:hadir") in bot.last_buttons(ADMIN)

    # Typed without replying, it is read in B, the kampung she chose last.
    await bot.send(ADMIN, "insya allah hadir")
    assert not [data for _, data in bot.last_buttons(ADMIN) if data.startswith("rsvp:")]
