"""``/klasifikasi`` end to end, through the real Application and the fake Bot API: a
kampung rising from Dasar to Berkembang as its answers are given and its meetings
with agencies are recorded; bad typed figures; rights, isolation between kampungs
and forged buttons; the yearly refresh; the operator's overview."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from models.attendance import Guest
from models.classification.store import KampungIndicator
from models.meeting import Meeting, MeetingStatus, Sector, Speaker
from runtime.config import Settings
from scheduler.classification import check_refresh
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import appoint, create_kampung, join, register, register_active
from tests.harness import OPERATOR, FakeClock, Harness, Person, running_bot, with_operators
from ui import keyboards, texts
from ui.texts import classification as t

SITI, ANI, NUR = Person(7301, "Siti"), Person(7302, "Ani"), Person(7303, "Nur")
SEC_B = Person(6301, "SekB")
START = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def kampung_a(bot: Harness) -> int:
    """The settings' kampung: the secretary (Pokja) and cadres of BKB, BKR and BKL."""
    bot.clock.set(START)
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, SITI, "Siti Aminah", "02", "BKB")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "03", "BKR")
    await register_active(bot, ADMIN, NUR, "Nur Aini", "01", "BKL")
    return bot.app.bot_data.kampung_id


async def answers(bot: Harness, kampung_id: int) -> dict[str, str]:
    async with bot.session() as session:
        rows = await session.scalars(
            select(KampungIndicator).where(KampungIndicator.kampung_id == kampung_id)
        )
        return {row.question: row.value for row in rows}


def alerts(bot: Harness) -> list[str]:
    return [call.params.get("text", "") for call in bot.api.answers()]


async def yes_no(bot: Harness, person: Person, kampung_id: int, question: str, yes: bool) -> None:
    await bot.press(person, f"{keyboards.CB_KLS_QUESTION}{kampung_id}:{question}")
    await bot.press(person, f"{keyboards.CB_KLS_SET}{kampung_id}:{question}:{int(yes)}")


async def tick(bot: Harness, person: Person, kampung_id: int, question: str, *options: int):
    await bot.press(person, f"{keyboards.CB_KLS_QUESTION}{kampung_id}:{question}")
    for option in options:
        await bot.press(person, f"{keyboards.CB_KLS_TICK}{kampung_id}:{question}:{option}:1")


async def typed(bot: Harness, person: Person, kampung_id: int, question: str, text: str):
    await bot.press(person, f"{keyboards.CB_KLS_TYPE}{kampung_id}:{question}")
    await bot.send(person, text)


async def answer_everything(bot: Harness, kampung_id: int) -> None:
    """Input reaches 3 (4+3+3+3+2 = 15), Proses waits on agencies, Output stays low."""
    await bot.send(ADMIN, "/klasifikasi")
    await bot.press(ADMIN, f"{keyboards.CB_KLS_MENU}{kampung_id}")
    await yes_no(bot, ADMIN, kampung_id, "pokja", True)
    await yes_no(bot, ADMIN, kampung_id, "pokja_latih", True)
    await tick(bot, ADMIN, kampung_id, "dana", 1, 2)  # APBD, Dana Desa: 2 → 3
    await yes_no(bot, ADMIN, kampung_id, "sekretariat", True)
    await yes_no(bot, ADMIN, kampung_id, "rumah_data", True)
    await yes_no(bot, ADMIN, kampung_id, "plkb", True)
    await yes_no(bot, ADMIN, kampung_id, "regulasi", False)
    await tick(bot, ADMIN, kampung_id, "data", 0, 1)  # 2 → 3
    await tick(bot, ADMIN, kampung_id, "operasional", 0, 2, 3)  # 3 → 3
    await typed(bot, ADMIN, kampung_id, "poktan", "BKB 10/100\nBKR 5/80")  # 3% → 1
    await typed(bot, ADMIN, kampung_id, "pus", "200")
    await typed(bot, ADMIN, kampung_id, "kb", "70")  # 35% → 2
    await typed(bot, ADMIN, kampung_id, "mkjp", "7")  # 10% → 1
    await typed(bot, ADMIN, kampung_id, "unmet", "30")  # 15% → 1


async def held_meeting(
    bot: Harness,
    kampung_id: int,
    when: datetime,
    speakers: list[tuple[str, Sector]],
    guests: list[str],
) -> None:
    async with bot.session() as session, session.begin():
        meeting = Meeting(
            kampung_id=kampung_id,
            starts_at=when,
            host_rt="01",
            venue="Rumah Data RT 01",
            topic="Pertemuan triwulan",
            status=MeetingStatus.SCHEDULED,
            created_at=when - timedelta(days=20),
            updated_at=when - timedelta(days=20),
            speakers=[
                Speaker(position=i, name=f"Narasumber {i}", institution=inst, sector=sector)
                for i, (inst, sector) in enumerate(speakers)
            ],
        )
        session.add(meeting)
        await session.flush()
        for role in guests:
            session.add(Guest(meeting_id=meeting.id, name="Tamu", role=role, added_at=when))


async def test_a_kampung_rises_from_dasar_to_berkembang_as_its_records_grow(bot):
    kampung_id = await kampung_a(bot)
    await bot.send(ADMIN, "/klasifikasi")
    first = bot.last_text(ADMIN)
    assert "menurut rumus portal Kampung KB" in first
    assert "Input Sumber Dana: <b>belum diisi</b>" in first
    assert "Input Poktan: <b>3</b>" in first  # BKB, BKR, BKL from the cadres
    assert "Proses Lintas Sektor: <b>1</b>" in first  # no meeting yet
    assert "Kategori: <b>belum pasti</b>" in first  # unknowns are not counted as 1
    assert "Lengkapi dulu" in first

    await answer_everything(bot, kampung_id)
    stored = await answers(bot, kampung_id)
    assert stored["dana"] == "1,2" and stored["operasional"] == "0,2,3"
    assert stored["poktan"] == "BKB:10:100;BKR:5:80" and stored["unmet"] == "30"
    await bot.send(ADMIN, "/klasifikasi")
    text = bot.last_text(ADMIN)
    assert "Kategori: <b>Dasar</b>" in text
    assert "Index Input: 3,00" in text and "Index Proses: 2,33" in text
    assert "Output CPR: <b>2</b> — 35% (70 dari 200 PUS)" in text
    # The smallest raise: Proses needs 2 points; agencies are one of the ways.
    assert "→ <b>Berkembang</b>:" in text
    assert "Index Proses perlu 2 poin lagi" in text
    assert "catat 1 instansi lagi" in text

    # Meetings with agencies: Puskesmas, Dinas Kesehatan, the village, BKKBN → 4 → 3.
    await held_meeting(
        bot,
        kampung_id,
        START + timedelta(days=10),
        [("Puskesmas Talang Banjar", Sector.GOVERNMENT), ("Dinas Kesehatan", Sector.GOVERNMENT)],
        ["Sekretaris Lurah", "Warga RT 01"],
    )
    bot.clock.set(START + timedelta(days=20))
    await bot.send(ADMIN, "/klasifikasi")
    assert "Proses Lintas Sektor: <b>2</b>" in bot.last_text(ADMIN)  # 3 agencies so far
    assert "Kategori: <b>Dasar</b>" in bot.last_text(ADMIN)
    await held_meeting(
        bot,
        kampung_id,
        START + timedelta(days=40),
        [("Perwakilan BKKBN Provinsi", Sector.GOVERNMENT)],
        [],
    )
    # A meeting not yet held counts for nothing.
    await held_meeting(
        bot, kampung_id, START + timedelta(days=400), [("Dinas Sosial", Sector.GOVERNMENT)], []
    )
    bot.clock.set(START + timedelta(days=60))
    await bot.send(ADMIN, "/klasifikasi")
    text = bot.last_text(ADMIN)
    assert "Proses Lintas Sektor: <b>3</b>" in text
    assert "Index Proses: 3,00" in text
    assert "Kategori: <b>Berkembang</b>" in text
    assert "→ <b>Berkelanjutan</b>:" in text  # next: Output


async def test_bad_typed_figures_get_a_reason_and_change_nothing(bot):
    kampung_id = await kampung_a(bot)
    await bot.send(ADMIN, "/klasifikasi")
    await typed(bot, ADMIN, kampung_id, "pus", "dua ratus")
    assert t.KLS_PROBLEM[t.Problem.NOT_A_NUMBER] in bot.last_text(ADMIN)
    await bot.send(ADMIN, "0")
    assert t.KLS_PROBLEM[t.Problem.ZERO_PUS] in bot.last_text(ADMIN)
    assert await answers(bot, kampung_id) == {}
    await bot.send(ADMIN, "1.250")  # still in the step: now accepted
    assert (await answers(bot, kampung_id))["pus"] == "1250"
    await typed(bot, ADMIN, kampung_id, "kb", "1300")  # more than the PUS
    assert t.KLS_PROBLEM[t.Problem.MORE_THAN_PUS] in bot.last_text(ADMIN)
    await bot.send(ADMIN, "/batal")
    assert bot.last_text(ADMIN) == t.KLS_CANCELLED
    await typed(bot, ADMIN, kampung_id, "poktan", "Posyandu 3/4")
    assert t.KLS_PROBLEM[t.Problem.POKTAN_FORMAT] in bot.last_text(ADMIN)
    assert set(await answers(bot, kampung_id)) == {"pus"}


async def test_a_cadre_is_refused_and_forged_or_stale_buttons_change_nothing(bot):
    kampung_id = await kampung_a(bot)
    await bot.send(SITI, "/klasifikasi")
    assert bot.last_text(SITI) == t.KLS_ONLY_SECRETARY
    await bot.press(SITI, f"{keyboards.CB_KLS_SET}{kampung_id}:pokja:1")
    assert alerts(bot)[-1] == t.KLS_ONLY_SECRETARY
    forged = [
        f"{keyboards.CB_KLS_TICK}{kampung_id}:dana:9:1",  # no 10th funding source
        f"{keyboards.CB_KLS_SET}{kampung_id}:dana:1",  # not a Ya/Tidak question
        f"{keyboards.CB_KLS_TICK}{kampung_id}:pokja:0:1",  # not a list
        f"{keyboards.CB_KLS_SET}{kampung_id}:nama:1",  # no such question
        f"{keyboards.CB_KLS_SET}999999:pokja:1",  # no such kampung
    ]
    for data in forged:
        await bot.press(ADMIN, data)
        assert alerts(bot)[-1] == texts.STALE_BUTTON, data
    assert await answers(bot, kampung_id) == {}
    # A double press of a list option changes nothing more than the first.
    tick_on = f"{keyboards.CB_KLS_TICK}{kampung_id}:dana:3:1"
    await bot.press(ADMIN, tick_on)
    await bot.press(ADMIN, tick_on)
    assert (await answers(bot, kampung_id))["dana"] == "3"
    await bot.press(ADMIN, f"{keyboards.CB_KLS_TICK}{kampung_id}:dana:3:0")
    assert (await answers(bot, kampung_id))["dana"] == ""  # none: an answer too


async def test_another_kampungs_secretary_can_neither_see_nor_answer(bot):
    kampung_id = await kampung_a(bot)
    await yes_no(bot, ADMIN, kampung_id, "pokja", True)
    b = await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjar", "1, 2")
    await appoint(bot, OPERATOR, b, SEC_B)
    await join(bot, SEC_B, b.invite_code, "Dewi Sekretaris", "01", "Pokja")
    await bot.send(SEC_B, "/klasifikasi")
    own = bot.last_text(SEC_B)
    assert "Talang Banjar" in own and "Kepengurusan/Pokja: Ya" not in own
    for data in (
        f"{keyboards.CB_KLS_SET}{kampung_id}:pokja:0",
        f"{keyboards.CB_KLS_MENU}{kampung_id}",
        f"{keyboards.CB_KLS_VIEW}{kampung_id}",
        f"{keyboards.CB_KLS_TYPE}{kampung_id}:pus",
    ):
        sent = len(bot.api.of("sendMessage"))
        await bot.press(SEC_B, data)
        assert alerts(bot)[-1] == t.KLS_ONLY_SECRETARY, data
        assert len(bot.api.of("sendMessage")) == sent
    await bot.send(SEC_B, "250")  # no typing step was opened
    assert (await answers(bot, kampung_id)) == {"pokja": "1"}
    assert await answers(bot, b.id) == {}
    # The operator opens any kampung's classification from its /kampung card, and may answer.
    await bot.press(OPERATOR, f"{keyboards.CB_OP_KAMPUNG}{b.id}")
    assert (t.KLS_BTN_OPEN, f"{keyboards.CB_KLS_VIEW}{b.id}") in bot.last_buttons(OPERATOR)
    await bot.press(OPERATOR, f"{keyboards.CB_KLS_VIEW}{b.id}")
    assert "Klasifikasi Kampung KB Talang Banjar" in bot.last_text(OPERATOR)
    await bot.press(OPERATOR, f"{keyboards.CB_KLS_SET}{b.id}:pokja:0")
    await typed(bot, OPERATOR, b.id, "pus", "300")
    assert await answers(bot, b.id) == {"pokja": "0", "pus": "300"}
    assert await answers(bot, kampung_id) == {"pokja": "1"}


async def test_answers_a_year_old_are_asked_again_once(bot):
    kampung_id = await kampung_a(bot)
    await yes_no(bot, ADMIN, kampung_id, "sekretariat", True)
    bot.clock.set(START + timedelta(days=200))
    await yes_no(bot, ADMIN, kampung_id, "plkb", False)
    bot.clock.set(START + timedelta(days=364))
    assert await check_refresh(bot.app) == {}
    bot.clock.set(START + timedelta(days=366))
    reminded = await check_refresh(bot.app)
    assert [q.value for q in reminded[kampung_id]] == ["sekretariat"]
    await bot.drain()
    text = bot.last_text(ADMIN)
    assert "lebih dari setahun" in text and "Sekretariat Kampung KB" in text
    assert "PLKB" not in text
    assert await check_refresh(bot.app) == {}  # once per answer
    await bot.send(ADMIN, "/klasifikasi")
    assert "⏳ 1 jawaban sudah lebih dari setahun" in bot.last_text(ADMIN)
    # Refreshed: no reminder until it is a year old again.
    await yes_no(bot, ADMIN, kampung_id, "sekretariat", True)
    bot.clock.set(START + timedelta(days=570))
    assert [q.value for q in (await check_refresh(bot.app))[kampung_id]] == ["plkb"]


async def test_the_operator_sees_every_kampungs_category_and_indices(bot):
    kampung_id = await kampung_a(bot)
    await answer_everything(bot, kampung_id)
    await bot.send(OPERATOR, "/ringkasan")
    text = bot.api.of("sendMessage")[-1].text
    assert "Klasifikasi: Dasar (Input 3,00 · Proses 2,33 · Output 1,25)" in text
    [document] = bot.api.of("sendDocument")
    rows = list(
        load_workbook(io.BytesIO(document.files["document"][1])).active.iter_rows(values_only=True)
    )
    assert rows[0][-5:] == t.KLS_OVERVIEW_HEADER
    assert rows[1][-5:] == ("Dasar", 3.0, 2.33, 1.25, 0)


async def test_two_secretaries_ticking_at_once_both_count(bot):
    """On PostgreSQL the two presses run side by side: a read-then-write would lose one."""
    kampung_id = await kampung_a(bot)
    await register(bot, ADMIN_2, "Hendra Ketua", "02", "Pokja")
    for number in range(3):
        await asyncio.gather(
            bot.press(ADMIN, f"{keyboards.CB_KLS_TICK}{kampung_id}:dana:{number}:1"),
            bot.press(ADMIN_2, f"{keyboards.CB_KLS_TICK}{kampung_id}:dana:{5 - number}:1"),
        )
    assert (await answers(bot, kampung_id))["dana"] == "0,1,2,3,4,5"
    await asyncio.gather(
        bot.press(ADMIN, f"{keyboards.CB_KLS_TICK}{kampung_id}:dana:0:0"),
        bot.press(ADMIN_2, f"{keyboards.CB_KLS_TICK}{kampung_id}:dana:5:0"),
    )
    assert (await answers(bot, kampung_id))["dana"] == "1,2,3,4"
    assert not any("Maaf, terjadi kesalahan" in text for text in alerts(bot))
