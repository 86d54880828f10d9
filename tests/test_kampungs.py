"""Many kampungs in one bot: operators, invite links, secretaries, per-kampung everything."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from telegram import MessageOriginUser, User

from models.kampung import Kampung, KampungAdmin, KampungChoice, SecretaryInvite
from models.kampung import create_kampung as models_create_kampung
from models.meeting import Meeting, Rsvp
from models.member import Member, MemberRole, MemberStatus
from runtime.config import Settings
from scheduler.reminders import catch_up
from tests.conftest import ADMIN
from tests.flows import appoint, approve, create_kampung, join, register, register_active
from tests.harness import GROUP_CHAT_ID, FakeClock, Harness, Person, running_bot
from ui import keyboards, texts

OPERATOR = Person(4001, "Operator")
OPERATOR_2 = Person(4002, "Operator Dua")
SEC_B = Person(6001, "SekB")
CADRE_A = Person(7201, "KaderA")
CADRE_B = Person(7202, "KaderB")
NEWCOMER = Person(7299, "Baru")
GROUP_B = -1002222222222
B_NAME = "Kampung KB Talang Banjar"
A_LINE = "/jadwal baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan"
B_LINE = "/jadwal baru 10-08-2026 10.00 RT02 Balai RW 02 | Gizi Balita"


def with_operator(settings: Settings) -> Settings:
    return settings.model_copy(update={"OPERATOR_IDS": frozenset({OPERATOR.id, OPERATOR_2.id})})


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operator(settings), clock) as harness:
        yield harness


async def kampung_named(bot: Harness, name: str) -> Kampung:
    async with bot.session() as session:
        kampung = await session.scalar(select(Kampung).where(Kampung.name == name))
    assert kampung is not None
    return kampung


@dataclass
class Two:
    a: Kampung
    b: Kampung


async def two_kampungs(bot: Harness) -> Two:
    """A (from the settings: ADMIN, CADRE_A, the group) and B (made by the operator:
    SEC_B appointed before registering, CADRE_B, GROUP_B)."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRE_A, "Siti Aminah", "03", "BKB")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    await appoint(bot, OPERATOR, b, SEC_B)
    await join(bot, SEC_B, b.invite_code, "Dewi Sekretaris", "01", "Pokja")
    await join(bot, CADRE_B, b.invite_code, "Ani Lestari", "02", "BKR")
    await approve(bot, SEC_B, CADRE_B)
    await bot.send(SEC_B, "/ikat_grup", chat_id=GROUP_B)
    a = (await bot.members())[0].kampung_id
    async with bot.session() as session:
        return Two(await session.get_one(Kampung, a), await session.get_one(Kampung, b.id))


async def member_in(bot: Harness, kampung_id: int, person: Person):
    for member in await bot.members():
        if member.telegram_id == person.id and member.kampung_id == kampung_id:
            return member
    return None


# --- the operator's /kampung ----------------------------------------------------------------


async def test_operator_creates_a_kampung_with_checked_answers(bot):
    await bot.send(OPERATOR, "/kampung")
    assert "Kampung KB Penyengat Rendah" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, keyboards.CB_OP_NEW)
    await bot.send(OPERATOR, "x")
    assert bot.last_text(OPERATOR) == texts.KAMPUNG_NAME_INVALID
    await bot.send(OPERATOR, "kampung kb penyengat rendah")  # the settings kampung, other case
    assert bot.last_text(OPERATOR) == texts.KAMPUNG_NAME_TAKEN
    await bot.send(OPERATOR, B_NAME)
    await bot.send(OPERATOR, "1, 02, 01")
    assert "dua kali" in bot.last_text(OPERATOR)
    await bot.send(OPERATOR, "1, 2, RT3, 4A")
    await bot.send(OPERATOR, "Mars/Olympus")
    assert bot.last_text(OPERATOR).startswith(texts.TIMEZONE_INVALID)
    await bot.press(OPERATOR, keyboards.CB_OP_TZ + "Mars/Olympus")  # forged zone
    assert bot.api.last_answer().params["text"] == texts.TIMEZONE_INVALID
    assert len(await _kampungs(bot)) == 1
    await bot.send(OPERATOR, "Asia/Pontianak")

    b = await kampung_named(bot, B_NAME)
    assert (b.rt_list, b.timezone, b.from_settings) == (
        ["01", "02", "03", "04A"],
        "Asia/Pontianak",
        False,
    )
    assert b.invite_code and len(b.invite_code) >= 16
    assert f"https://t.me/kampungkb_test_bot?start={b.invite_code}" in bot.last_text(OPERATOR)
    await bot.send(OPERATOR, "/kampung")
    listing = bot.last_text(OPERATOR)
    assert B_NAME in listing and b.invite_code in listing
    codes = {k.invite_code for k in await _kampungs(bot)}
    assert len(codes) == 2 and None not in codes


async def test_two_operators_creating_one_name_at_once_make_one_kampung(bot):
    for operator in (OPERATOR, OPERATOR_2):
        await bot.send(operator, "/kampung")
        await bot.press(operator, keyboards.CB_OP_NEW)
        await bot.send(operator, B_NAME)
        await bot.send(operator, "1,2,3")
    zone = keyboards.CB_OP_TZ + "Asia/Jakarta"
    presses = [
        bot.press_update(op, zone, bot.api.sent(op.id)[-1].result) for op in (OPERATOR, OPERATOR_2)
    ]
    async with bot.started():
        await bot.feed(*presses)
    assert [k.name for k in await _kampungs(bot)].count(B_NAME) == 1
    last = [bot.last_text(op) for op in (OPERATOR, OPERATOR_2)]
    assert last.count(texts.KAMPUNG_NAME_TAKEN) == 1
    assert sum(text.startswith("Kampung <b>") for text in last) == 1


async def _kampungs(bot: Harness) -> list[Kampung]:
    async with bot.session() as session:
        return list(await session.scalars(select(Kampung).order_by(Kampung.id)))


@pytest.mark.parametrize("text", ["/kampung", "/ringkasan"], ids=["kampung", "ringkasan"])
async def test_operator_commands_refused_to_everybody_else(bot, text):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for person in (ADMIN, NEWCOMER):
        await bot.send(person, text)
        assert bot.last_text(person) == texts.OPERATOR_ONLY
    before = await _kampungs(bot)
    await bot.press(ADMIN, keyboards.CB_OP_NEW)
    await bot.press(ADMIN, f"{keyboards.CB_OP_APPOINT}{before[0].id}")
    await bot.press(ADMIN, f"{keyboards.CB_OP_DISMISS}{before[0].id}:{ADMIN.id}")
    assert [a.params["text"] for a in bot.api.answers()[-3:]] == [texts.OPERATOR_ONLY] * 3
    assert (await bot.member(ADMIN.id)).is_admin
    assert len(await _kampungs(bot)) == 1


async def test_operator_without_kampung_is_pointed_at_his_commands(bot):
    await create_kampung(bot, OPERATOR, B_NAME)
    await bot.send(OPERATOR, "/jadwal")
    assert bot.last_text(OPERATOR) == texts.OPERATOR_NO_KAMPUNG


# --- invite links, newcomers, groups ----------------------------------------------------------


async def test_a_cadre_registering_through_b_link_lands_in_b(bot):
    two = await two_kampungs(bot)
    sec_b = await member_in(bot, two.b.id, SEC_B)
    cadre_b = await member_in(bot, two.b.id, CADRE_B)
    assert sec_b.is_admin, "appointed before she registered: admin at once"
    assert cadre_b.status is MemberStatus.ACTIVE and cadre_b.role is MemberRole.CADRE
    assert await member_in(bot, two.a.id, CADRE_B) is None
    assert await member_in(bot, two.a.id, SEC_B) is None
    # The approval request went to B's secretary only.
    approvals = [
        c.chat_id for c in bot.api.sent() if "adm:reg:ok:" + str(cadre_b.id) in c.button_data
    ]
    assert approvals == [SEC_B.id]
    # The RT buttons were B's RTs.
    rts = [d for c in bot.api.sent(CADRE_B.id) for d in c.button_data if d.startswith("reg:rt:")]
    assert set(rts) == {"reg:rt:01", "reg:rt:02", "reg:rt:03"}


async def test_a_member_link_made_in_b_binds_her_in_b(bot):
    """A secretary's one-time link for a cadre without Telegram names its kampung."""
    two = await two_kampungs(bot)
    await bot.send(SEC_B, "/anggota_tambah Bu Wati - 2 - BKL")
    wati = next(m for m in await bot.members() if m.full_name == "Bu Wati")
    assert wati.kampung_id == two.b.id
    await bot.press(SEC_B, f"mbr:lnk:{wati.id}")
    code = re.search(r"start=(link_[\w-]+)", bot.last_text(SEC_B)).group(1)
    await bot.send(NEWCOMER, f"/start {code}")
    assert "Bu Wati" in bot.last_text(NEWCOMER)
    assert texts.ASK_KAMPUNG_LINK not in bot.api.texts(NEWCOMER.id)
    await bot.press(NEWCOMER, keyboards.CB_CONSENT_YES)
    linked = await member_in(bot, two.b.id, NEWCOMER)
    assert linked is not None and linked.id == wati.id
    assert await member_in(bot, two.a.id, NEWCOMER) is None


async def test_newcomer_without_link_is_asked_for_it_once_there_are_two(bot):
    await create_kampung(bot, OPERATOR, B_NAME)
    await bot.send(NEWCOMER, "/start")
    assert bot.last_text(NEWCOMER) == texts.ASK_KAMPUNG_LINK
    await bot.send(NEWCOMER, "/start not-a-real-code")
    assert texts.BAD_INVITE in bot.api.texts(NEWCOMER.id)
    assert await bot.members() == []


async def test_single_kampung_needs_no_link(bot):
    await bot.send(NEWCOMER, "/start")
    assert "Kampung KB Penyengat Rendah" in bot.last_text(NEWCOMER)


async def test_group_start_sends_to_the_bound_kampungs_link(bot):
    two = await two_kampungs(bot)
    await bot.send(NEWCOMER, "/start", chat_id=GROUP_B)
    reply = bot.api.last_sent(GROUP_B)
    assert B_NAME in reply.text
    assert reply.buttons[0][1] == f"https://t.me/kampungkb_test_bot?start={two.b.invite_code}"
    await bot.send(NEWCOMER, "/start", chat_id=GROUP_CHAT_ID)
    assert bot.api.last_sent(GROUP_CHAT_ID).buttons[0][1].endswith(two.a.invite_code)


async def test_a_user_in_two_kampungs_follows_the_link_opened_last(bot):
    two = await two_kampungs(bot)
    await bot.send(ADMIN, A_LINE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    async with bot.session() as session:
        meeting = await session.scalar(select(Meeting))
    await join(bot, CADRE_A, two.b.invite_code, "Siti Aminah", "03", "BKB")
    # A's invitation still works while she is in B: the button names A's meeting.
    await bot.press(CADRE_A, f"{keyboards.CB_RSVP}{meeting.id}:hadir")
    async with bot.session() as session:
        [rsvp] = list(await session.scalars(select(Rsvp)))
    assert rsvp.member_id == (await member_in(bot, two.a.id, CADRE_A)).id
    assert (await member_in(bot, two.b.id, CADRE_A)).status is MemberStatus.PENDING
    await bot.send(CADRE_A, "/profil")
    assert texts.ALREADY_PENDING in bot.api.texts(CADRE_A.id)[-1]
    await bot.send(CADRE_A, f"/start {two.a.invite_code}")
    assert "Siti Aminah" in bot.last_text(CADRE_A)  # her menu in A again
    async with bot.session() as session:
        choice = await session.get(KampungChoice, CADRE_A.id)
    assert choice.kampung_id == two.a.id


# --- secretaries ----------------------------------------------------------------------------


async def test_operator_replaces_a_secretary(bot):
    two = await two_kampungs(bot)
    replacement = Person(6002, "SekB2")
    await join(bot, replacement, two.b.invite_code, "Maya Pengganti", "03", "Pokja")
    assert not (await member_in(bot, two.b.id, replacement)).is_admin
    # Appointed by a forwarded message from her.
    await bot.press(OPERATOR, f"{keyboards.CB_OP_APPOINT}{two.b.id}")
    update = bot.message_update(OPERATOR, "halo")
    update.message._unfreeze()
    update.message.forward_origin = MessageOriginUser(
        datetime(2026, 7, 1, tzinfo=UTC), User(replacement.id, "SekB2", False)
    )
    await bot.process(update)
    assert (await member_in(bot, two.b.id, replacement)).is_admin
    await bot.press(OPERATOR, f"{keyboards.CB_OP_DISMISS}{two.b.id}:{SEC_B.id}")
    assert texts.secretary_dismissed(B_NAME, "Dewi Sekretaris (6001)") in bot.api.texts(OPERATOR.id)
    assert not (await member_in(bot, two.b.id, SEC_B)).is_admin
    await bot.send(SEC_B, "/menunggu")
    assert bot.last_text(SEC_B) == texts.ADMIN_ONLY
    async with bot.session() as session:
        admins = set(
            await session.scalars(
                select(KampungAdmin.telegram_id).where(KampungAdmin.kampung_id == two.b.id)
            )
        )
    assert admins == {replacement.id}
    # A forged dismissal of A's secretary from B's page id changes nothing in A.
    await bot.press(OPERATOR, f"{keyboards.CB_OP_DISMISS}{two.b.id}:{ADMIN.id}")
    assert bot.api.last_answer().params["text"] == texts.SECRETARY_NOT_FOUND
    assert (await member_in(bot, two.a.id, ADMIN)).is_admin


async def _secretary_invite(bot: Harness, kampung: Kampung) -> str:
    """The operator asks for a one-time secretary link; its code, as sent to him."""
    await bot.press(OPERATOR, f"{keyboards.CB_OP_INVITE}{kampung.id}", message=None)
    sent = bot.api.sent(OPERATOR.id)[-1]
    match = re.search(r"\?start=(sek_[A-Za-z0-9_-]+)", sent.text)
    assert match is not None, sent.text
    [(label, url)] = sent.buttons  # shared by WhatsApp, where she can be reached
    assert "WhatsApp" in label and url.startswith("https://wa.me/?text=")
    assert match.group(1) in url
    return match.group(1)


async def test_a_secretary_invited_by_link_registers_and_is_admin_without_approval(bot):
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    assert texts.BTN_SECRETARY_INVITE in [label for label, _ in bot.last_buttons(OPERATOR)]
    code = await _secretary_invite(bot, b)
    async with bot.session() as session:
        [invite] = list(await session.scalars(select(SecretaryInvite)))
    assert invite.code_hash != code and code not in invite.code_hash  # only a hash is kept

    await join(bot, NEWCOMER, code, "Dewi Sekretaris", "01", "Pokja")
    dewi = await member_in(bot, b.id, NEWCOMER)
    assert dewi.is_admin and dewi.status is MemberStatus.ACTIVE
    assert any("diangkat menjadi sekretaris" in t for t in bot.api.texts(NEWCOMER.id))
    # The operator is told, with her Telegram name (she had not registered yet).
    assert texts.secretary_invite_used(B_NAME, f"Baru ({NEWCOMER.id})") in bot.api.texts(
        OPERATOR.id
    )
    await bot.send(NEWCOMER, "/menunggu")
    assert bot.last_text(NEWCOMER) != texts.ADMIN_ONLY

    # The link is spent: the next person who opens it becomes nothing.
    await bot.send(SEC_B, f"/start {code}")
    assert texts.SECRETARY_INVITE_USED in bot.api.texts(SEC_B.id)
    assert await member_in(bot, b.id, SEC_B) is None
    async with bot.session() as session:
        admins = set(
            await session.scalars(
                select(KampungAdmin.telegram_id).where(KampungAdmin.kampung_id == b.id)
            )
        )
        [invite] = list(await session.scalars(select(SecretaryInvite)))
    assert admins == {NEWCOMER.id}
    assert invite.used_by == NEWCOMER.id


async def test_a_registered_cadre_opening_a_secretary_link_is_admin_at_once(bot):
    two = await two_kampungs(bot)
    code = await _secretary_invite(bot, two.b)
    await bot.send(CADRE_B, f"/start {code}")
    assert bot.last_text(CADRE_B) == texts.secretary_invite_welcome(B_NAME)
    assert (await member_in(bot, two.b.id, CADRE_B)).is_admin
    assert not (await member_in(bot, two.a.id, CADRE_A)).is_admin
    assert texts.secretary_invite_used(B_NAME, "Ani Lestari (7202)") in bot.api.texts(OPERATOR.id)
    # Her own kampung only: A's secretary link does not make her anything in A.
    await bot.send(CADRE_B, "/menunggu")
    assert bot.last_text(CADRE_B) != texts.ADMIN_ONLY


async def test_forged_and_expired_secretary_links_change_nothing(bot):
    two = await two_kampungs(bot)
    code = await _secretary_invite(bot, two.b)
    async with bot.session() as session:
        admins_before = set(await session.scalars(select(KampungAdmin.telegram_id)))
    await bot.send(NEWCOMER, f"/start {code[:-2]}xx")  # forged
    assert texts.BAD_INVITE in bot.api.texts(NEWCOMER.id)
    bot.clock.advance(timedelta(days=7, minutes=1))
    await bot.send(CADRE_B, f"/start {code}")
    assert bot.last_text(CADRE_B) == texts.SECRETARY_INVITE_EXPIRED
    async with bot.session() as session:
        admins_after = set(await session.scalars(select(KampungAdmin.telegram_id)))
        [invite] = list(await session.scalars(select(SecretaryInvite)))
    assert admins_after == admins_before
    assert invite.used_at is None
    assert not (await member_in(bot, two.b.id, CADRE_B)).is_admin
    assert await member_in(bot, two.b.id, NEWCOMER) is None
    # Only operators make such links: a secretary's forged press is refused.
    await bot.press(SEC_B, f"{keyboards.CB_OP_INVITE}{two.b.id}")
    assert bot.api.last_answer().params["text"] == texts.OPERATOR_ONLY
    async with bot.session() as session:
        assert len(list(await session.scalars(select(SecretaryInvite)))) == 1


async def test_two_people_opening_one_secretary_link_at_once_make_one_secretary(bot):
    two = await two_kampungs(bot)
    code = await _secretary_invite(bot, two.b)
    rivals = [Person(7300 + n, f"Calon{n}") for n in range(4)]
    async with bot.started():
        await bot.feed(*(bot.message_update(p, f"/start {code}") for p in rivals))
        await bot.drain()  # the operator's notice goes through the outbox
    async with bot.session() as session:
        appointed = set(
            await session.scalars(
                select(KampungAdmin.telegram_id).where(KampungAdmin.kampung_id == two.b.id)
            )
        )
    assert len(appointed & {p.id for p in rivals}) == 1
    refused = [p for p in rivals if texts.SECRETARY_INVITE_USED in bot.api.texts(p.id)]
    assert len(refused) == 3
    notices = [t for t in bot.api.texts(OPERATOR.id) if "membuka tautan undangan" in t]
    assert len(notices) == 1


# --- correcting a kampung ----------------------------------------------------------------------


async def test_operator_corrects_a_kampungs_name_and_rt_list(bot):
    two = await two_kampungs(bot)
    edit = f"{keyboards.CB_OP_EDIT}{two.b.id}"
    await bot.press(OPERATOR, f"{edit}:name", message=None)
    assert "Sekarang: Kampung KB Talang Banjar" in bot.last_text(OPERATOR)
    await bot.send(OPERATOR, "Kampung KB Penyengat Rendah")  # A's name: refused, asked again
    assert bot.last_text(OPERATOR) == texts.KAMPUNG_NAME_TAKEN
    await bot.send(OPERATOR, "x")
    assert bot.last_text(OPERATOR) == texts.KAMPUNG_NAME_INVALID
    await bot.send(OPERATOR, "Kampung KB Talang Banjar Baru")
    assert any("✅ Tersimpan" in t for t in bot.api.texts(OPERATOR.id))

    await bot.press(OPERATOR, f"{edit}:rts", message=None)
    assert "Sekarang: 01, 02, 03" in bot.last_text(OPERATOR)
    await bot.send(OPERATOR, "1, 01, 2")
    assert "Silakan ketik lagi" in bot.last_text(OPERATOR)
    await bot.send(OPERATOR, "1, 2, 3, 4a")
    async with bot.session() as session:
        b = await session.get_one(Kampung, two.b.id)
        a = await session.get_one(Kampung, two.a.id)
    assert (b.name, b.rt_list) == ("Kampung KB Talang Banjar Baru", ["01", "02", "03", "04A"])
    assert (a.name, a.rt_list) == (two.a.name, two.a.rt_list)  # A untouched
    # B's secretary plans with the new list: the hosts offered are B's new RTs.
    await bot.send(SEC_B, "/jadwal baru")
    await bot.send(SEC_B, "10-08-2026")
    await bot.send(SEC_B, "10.00")
    hosts = [data for _, data in bot.last_buttons(SEC_B) if data.startswith(keyboards.CB_HOST)]
    assert sorted(h.removeprefix(keyboards.CB_HOST) for h in hosts) == ["01", "02", "03", "04A"]


async def test_a_time_zone_is_corrected_only_while_nothing_is_planned(bot):
    two = await two_kampungs(bot)
    edit = f"{keyboards.CB_OP_EDIT}{two.b.id}:tz"
    await bot.press(OPERATOR, edit, message=None)
    await bot.press(OPERATOR, keyboards.CB_OP_TZ + "Asia/Jayapura")
    async with bot.session() as session:
        assert (await session.get_one(Kampung, two.b.id)).timezone == "Asia/Jayapura"

    await bot.send(SEC_B, B_LINE)
    await bot.press(SEC_B, keyboards.CB_SAVE)
    await bot.press(OPERATOR, edit, message=None)
    await bot.send(OPERATOR, "Asia/Makassar")
    assert bot.last_text(OPERATOR) == texts.KAMPUNG_TZ_HAS_MEETINGS
    async with bot.session() as session:
        assert (await session.get_one(Kampung, two.b.id)).timezone == "Asia/Jayapura"


async def test_the_kampung_from_the_settings_and_forged_presses_are_not_edited(bot):
    two = await two_kampungs(bot)
    await bot.press(OPERATOR, f"{keyboards.CB_OP_EDIT}{two.a.id}:name", message=None)
    assert bot.api.last_answer().params["text"] == texts.KAMPUNG_FROM_SETTINGS
    await bot.press(SEC_B, f"{keyboards.CB_OP_EDIT}{two.b.id}:name")  # not an operator
    assert bot.api.last_answer().params["text"] == texts.OPERATOR_ONLY
    await bot.send(SEC_B, "Nama Palsu")
    async with bot.session() as session:
        names = set(await session.scalars(select(Kampung.name)))
    assert names == {two.a.name, B_NAME}


async def test_a_kampung_made_by_mistake_is_removed_after_a_confirmation(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    typo = await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjr")
    code = await _secretary_invite(bot, typo)
    await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE}{typo.id}", message=None)
    assert bot.last_text(OPERATOR) == texts.confirm_remove_kampung("Kampung KB Talang Banjr")
    await bot.press(ADMIN, f"{keyboards.CB_OP_REMOVE_YES}{typo.id}")  # forged: a secretary
    assert bot.api.last_answer().params["text"] == texts.OPERATOR_ONLY
    assert len(await _kampungs(bot)) == 2

    await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE_YES}{typo.id}")
    assert texts.kampung_removed("Kampung KB Talang Banjr") in bot.api.texts(OPERATOR.id)
    assert [k.name for k in await _kampungs(bot)] == ["Kampung KB Penyengat Rendah"]
    async with bot.session() as session:
        assert list(await session.scalars(select(SecretaryInvite))) == []
    # Its links are dead: opening one changes nothing.
    await bot.send(NEWCOMER, f"/start {code}")
    assert texts.BAD_INVITE in bot.api.texts(NEWCOMER.id)
    assert await bot.member(NEWCOMER.id) is None
    await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE_YES}{typo.id}")  # pressed again
    assert bot.api.last_answer().params["text"] == texts.KAMPUNG_GONE


async def test_removing_a_kampung_as_its_first_cadre_registers_never_orphans_her(bot):
    """The removal and the first registration at the same moment: either she is a member
    and the kampung stays (the operator is told it is in use), or it is gone and she is
    told so (no error). Never a member of a removed kampung. The registration holds the
    kampung row (``hold_kampung``) so, on PostgreSQL, the two cannot interleave; which
    one comes first depends on timing."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for round_ in range(4):
        kampung = await create_kampung(bot, OPERATOR, f"Kampung KB Uji {round_}")
        person = Person(7400 + round_, f"Calon{round_}")
        await join(bot, person, kampung.invite_code, "Siti Rahma", confirm=False)
        await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE}{kampung.id}", message=None)
        await asyncio.gather(
            bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE_YES}{kampung.id}", message=None),
            bot.press(person, keyboards.CB_REG_CONFIRM),
        )
        kept = kampung.id in {k.id for k in await _kampungs(bot)}
        member = await member_in(bot, kampung.id, person)
        async with bot.session() as session:
            orphans = await session.scalar(
                select(func.count())
                .select_from(Member)
                .where(Member.kampung_id.not_in(select(Kampung.id)))
            )
        assert orphans == 0
        assert kept == (member is not None), (kept, member)
        last_answers = [a.params.get("text") for a in bot.api.answers()[-2:]]
        if kept:
            assert texts.KAMPUNG_IN_USE in last_answers
        else:  # she is told, not met with an error
            assert bot.last_text(person) == texts.KAMPUNG_REMOVED_WHILE_REGISTERING
    everything = [str(call.params.get("text")) for call in bot.api.calls]
    assert not any("terjadi kesalahan" in t for t in everything)


async def test_a_kampung_removed_while_a_cadre_registers_does_not_take_her_elsewhere(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    typo = await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjr")
    await join(bot, NEWCOMER, typo.invite_code, "Siti Rahma", confirm=False)
    await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE_YES}{typo.id}", message=None)
    # Only the settings kampung is left, which a newcomer would land in: not her.
    await bot.press(NEWCOMER, keyboards.CB_REG_CONFIRM)
    assert bot.last_text(NEWCOMER) == texts.KAMPUNG_REMOVED_WHILE_REGISTERING
    assert await bot.member(NEWCOMER.id) is None


async def test_a_kampung_with_members_or_from_the_settings_is_not_removed(bot):
    two = await two_kampungs(bot)
    for kampung, refusal in ((two.b, texts.KAMPUNG_IN_USE), (two.a, texts.KAMPUNG_FROM_SETTINGS)):
        await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE}{kampung.id}", message=None)
        assert bot.api.last_answer().params["text"] == refusal
        await bot.press(OPERATOR, f"{keyboards.CB_OP_REMOVE_YES}{kampung.id}", message=None)
        assert bot.api.last_answer().params["text"] == refusal
    assert len(await _kampungs(bot)) == 2
    assert (await member_in(bot, two.b.id, CADRE_B)) is not None


async def test_admin_ids_seed_only_the_first_kampung(bot):
    two = await two_kampungs(bot)
    async with bot.session() as session:
        rows = list(await session.scalars(select(KampungAdmin).order_by(KampungAdmin.id)))
    by_kampung = {(row.kampung_id, row.telegram_id, row.source.value) for row in rows}
    assert (two.a.id, ADMIN.id, "settings") in by_kampung
    assert (two.b.id, SEC_B.id, "operator") in by_kampung
    assert not any(k == two.b.id and s == "settings" for k, _, s in by_kampung)


# --- everything per kampung ---------------------------------------------------------------------


async def test_reminders_go_to_each_kampungs_own_cadres_and_group(bot):
    await two_kampungs(bot)
    for secretary, line in ((ADMIN, A_LINE), (SEC_B, B_LINE)):
        await bot.send(secretary, line)
        await bot.press(secretary, keyboards.CB_SAVE)
    async with bot.session() as session:
        meetings = {m.topic: m for m in await session.scalars(select(Meeting))}
    a_meeting, b_meeting = meetings["Pembinaan Poktan"], meetings["Gizi Balita"]
    assert a_meeting.kampung_id != b_meeting.kampung_id
    # B is in WITA: 10.00 WITA is 02.00 UTC.
    assert b_meeting.starts_at == datetime(2026, 8, 10, 2, 0, tzinfo=UTC)
    start = len(bot.api.calls)
    bot.clock.set(datetime(2026, 8, 8, 3, 0, tzinfo=UTC))  # A's H-7 and B's H-7 are due
    await catch_up(bot.app, at_startup=False)
    await bot.drain()
    reminders = [c for c in bot.api.calls[start:] if c.method == "sendMessage"]
    to_a = {c.chat_id for c in reminders if "Pembinaan Poktan" in c.text}
    to_b = {c.chat_id for c in reminders if "Gizi Balita" in c.text}
    assert to_a == {ADMIN.id, CADRE_A.id, GROUP_CHAT_ID}
    assert to_b == {SEC_B.id, CADRE_B.id, GROUP_B}
    assert all("10.00 WITA" in c.text for c in reminders if "Gizi Balita" in c.text)
    # Each delivery summary goes to that kampung's secretaries only.
    reports = [c for c in reminders if "terkirim ke" in c.text]
    assert {c.chat_id for c in reports if "RT 07" in c.text} == {ADMIN.id}
    assert {c.chat_id for c in reports if "RT 02" in c.text} == {SEC_B.id}


async def test_jadwal_shows_only_ones_own_kampung(bot):
    await two_kampungs(bot)
    await bot.send(ADMIN, A_LINE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    for person in (SEC_B, CADRE_B):
        await bot.send(person, "/jadwal")
        assert "Pembinaan Poktan" not in bot.last_text(person)
    await bot.send(NEWCOMER, "/jadwal", chat_id=GROUP_B)
    assert "Pembinaan Poktan" not in bot.last_text(GROUP_B)
    await bot.send(CADRE_A, "/jadwal")
    assert "Pembinaan Poktan" in bot.last_text(CADRE_A)


async def test_ringkasan_lists_every_kampung_with_a_spreadsheet(bot):
    two = await two_kampungs(bot)
    await bot.send(ADMIN, A_LINE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    bot.clock.set(datetime(2026, 8, 15, 1, 30, tzinfo=UTC))  # check-in open in A
    await bot.send(CADRE_A, "/hadir")
    bot.clock.set(datetime(2026, 9, 1, 2, 0, tzinfo=UTC))
    await bot.send(OPERATOR, "/ringkasan")
    text = bot.api.of("sendMessage")[-1].text
    assert two.a.name in text and B_NAME in text
    assert "50% (1 dari 2 kader)" in text  # A: Siti came, Rina did not
    [document] = bot.api.of("sendDocument")
    sheet = load_workbook(io.BytesIO(document.files["document"][1])).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][: len(texts.OVERVIEW_HEADER)] == texts.OVERVIEW_HEADER
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {two.a.name, B_NAME}
    assert by_name[two.a.name][5:8] == (1, 2, 50)
    assert by_name[B_NAME][8] == 2 and by_name[B_NAME][10] == 1
    # A's meeting was held and its portal post is not marked posted; B held none.
    assert (by_name[two.a.name][11], by_name[B_NAME][11]) == (1, 0)
    assert "Belum diposting di portal: 1 kegiatan" in text


def _menu(bot: Harness, user_id: int) -> list[str]:
    scoped = [
        call
        for call in bot.api.of("setMyCommands")
        if call.params.get("scope", {}).get("chat_id") == user_id
    ]
    return [command["command"] for command in scoped[-1].params["commands"]] if scoped else []


async def test_operators_and_appointed_secretaries_get_their_menus(bot):
    assert {"kampung", "ringkasan", "jadwal"} <= set(_menu(bot, OPERATOR.id))
    await two_kampungs(bot)
    assert "menunggu" in _menu(bot, SEC_B.id) and "kampung" not in _menu(bot, SEC_B.id)
    await bot.send(SEC_B, "/bantuan")
    assert "/kampung" not in bot.last_text(SEC_B)


async def test_many_kampungs_are_paged_and_summed_up_in_the_spreadsheet(bot):
    async with bot.session() as session, session.begin():
        for n in range(1, 35):
            await models_create_kampung(
                session,
                name=f"Kampung KB Nomor {n:02d}",
                timezone="Asia/Jakarta",
                rt_list=["01", "02"],
                now=bot.clock(),
            )
    await bot.send(OPERATOR, "/kampung")
    first = bot.api.last_sent(OPERATOR.id)
    assert "(35, halaman 1 dari 4)" in first.text
    assert len([d for d in first.button_data if d.startswith(keyboards.CB_OP_KAMPUNG)]) == 10
    await bot.press(OPERATOR, f"{keyboards.CB_OP_LIST}:3")
    last = bot.api.last_sent(OPERATOR.id)
    assert "halaman 4 dari 4" in last.text and "Kampung KB Nomor 34" in last.text
    assert f"{keyboards.CB_OP_LIST}:2" in last.button_data
    await bot.send(OPERATOR, "/ringkasan")
    assert "dan 5 kampung lain" in bot.api.of("sendMessage")[-1].text
    [document] = bot.api.of("sendDocument")
    sheet = load_workbook(io.BytesIO(document.files["document"][1])).active
    assert sheet.max_row == 36
