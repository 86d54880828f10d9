"""The Poktan month's days (issue 18 item 4): the register on the 1st at 07.00 with its
files, Kirim ke PKB, Perbaiki and the corrected version, "Memang tidak ada pertemuan",
the reminders, the secretary's and the operators' lists; each once, in the kampung's zone.

Kampung A (WIB, from the settings): BKB Melati (chair Ani, 3 families, one session on
12 June with two of them) and BKR Mawar (chair Budi, nothing recorded).
"""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from models.broadcast import Broadcast, BroadcastKind
from models.poktan import families, groups, sessions
from models.poktan.kinds import PoktanKind
from models.poktan.months import MonthState, PoktanMonth, PoktanSubmission
from runtime.config import Settings
from scheduler.poktan_month import run_poktan_month
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import OPERATOR, FakeClock, Harness, Person, running_bot, with_operators
from ui import keyboards, texts

ANI, BUDI, CITRA = Person(7301, "Ani"), Person(7302, "Budi"), Person(7303, "Citra")
JUNE = date(2026, 6, 1)


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of July 2026 given in the kampung's zone (WIB)."""
    return datetime(2026, 7, day, hour, minute, tzinfo=ZoneInfo("Asia/Jakarta"))


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    clock.set(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def setup_june(bot: Harness) -> dict[str, int]:
    """Two groups made on 1 June; Melati held a session on 12 June."""
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "01", "BKB")
    await register_active(bot, ADMIN, BUDI, "Budi Santoso", "02", "BKR")
    await register_active(bot, ADMIN, CITRA, "Citra Dewi", "02", "BKB")
    kampung_id = bot.app.bot_data.kampung_id
    ani, budi = await bot.member(ANI.id), await bot.member(BUDI.id)
    now = bot.clock()
    async with bot.session() as session, session.begin():
        melati = await groups.create_group(
            session, kampung_id, kind=PoktanKind.BKB, name="BKB Melati", rts=[], now=now
        )
        mawar = await groups.create_group(
            session, kampung_id, kind=PoktanKind.BKR, name="BKR Mawar", rts=[], now=now
        )
        await groups.add_chair(session, melati, ani.id, now=now)
        await groups.add_chair(session, mawar, budi.id, now=now)
        lines, _ = families.parse_family_lines(
            "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1\nIbu Wati - 03 - 1",
            melati,
            [f"{n:02d}" for n in range(1, 13)],
        )
        added, _ = await families.add_families(session, melati, lines, now=now)
        await sessions.record_session(
            session,
            melati,
            held_on=date(2026, 6, 12),
            today=date(2026, 6, 12),
            topic="Kelompok umur 1–2 tahun",
            family_ids=[added[0].id, added[1].id],
            by_id=ani.id,
            now=now,
        )
        return {"melati": melati.id, "mawar": mawar.id}


async def run_at(bot: Harness, when: datetime) -> int:
    bot.clock.set(when)
    written = await run_poktan_month(bot.app)
    await bot.drain()
    return written


async def month_row(bot: Harness, group_id: int) -> PoktanMonth:
    async with bot.session() as session:
        row = await session.scalar(
            select(PoktanMonth).where(PoktanMonth.group_id == group_id, PoktanMonth.month == JUNE)
        )
    assert row is not None
    return row


def sent_to(bot: Harness, person: Person) -> list[str]:
    return bot.api.texts(person.id)


async def test_the_register_reaches_the_chair_on_the_1st_at_07_once(bot: Harness) -> None:
    ids = await setup_june(bot)
    bot.api.clear()
    assert await run_at(bot, wib(1, 6, 55)) == 0  # 06.55 WIB: not yet
    assert await run_at(bot, wib(1, 7, 0)) == 2  # Ani and Budi; no list yet
    [register] = sent_to(bot, ANI)
    assert "Register BKB Melati — Juni 2026" in register
    assert "Pertemuan: <b>1</b>" in register and "Keluarga anggota: <b>3</b>" in register
    assert "Kehadiran: <b>66,7%</b>" in register and "3 Juli 2026" in register
    card = bot.api.last_sent(ANI.id)
    month = await month_row(bot, ids["melati"])
    assert card.button_data == [
        f"{keyboards.CB_PKM_FILES}{month.id}",
        f"{keyboards.CB_PKM_SEND}{month.id}",
        f"{keyboards.CB_PKM_FIX}{month.id}",
    ]
    [question] = sent_to(bot, BUDI)
    assert "Belum ada pertemuan yang tercatat" in question
    assert await run_at(bot, wib(1, 9, 0)) == 0  # checked again: nothing twice
    assert len(sent_to(bot, ANI)) == 1


async def test_files_kirim_perbaiki_and_the_corrected_version(bot: Harness) -> None:
    ids = await setup_june(bot)
    await run_at(bot, wib(1, 7, 0))
    month = await month_row(bot, ids["melati"])
    card = bot.api.last_sent(ANI.id)

    await bot.press(ANI, f"{keyboards.CB_PKM_FILES}{month.id}", message=card)
    [album] = bot.api.of("sendMediaGroup")
    documents = {str(name): data for name, data, *_ in album.files.values()}
    assert len(documents) == 2  # one album: the PDF and the .xlsx
    pdf = next(data for name, data in documents.items() if name.endswith(".pdf"))
    xlsx = next(data for name, data in documents.items() if name.endswith(".xlsx"))
    assert "BKB Melati" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert load_workbook(io.BytesIO(xlsx)).sheetnames

    await bot.press(ANI, f"{keyboards.CB_PKM_SEND}{month.id}", message=card)
    assert "sudah dikirim ke PKB" in bot.api.edits(ANI.id)[-1].params["text"]
    [notice] = sent_to(bot, OPERATOR)
    assert notice.startswith("📥 Register <b>BKB Melati</b>") and "dari Ani Lestari" in notice
    assert (await month_row(bot, ids["melati"])).state is MonthState.SENT

    # A second press (or the old card) sends nothing more.
    await bot.press(ANI, f"{keyboards.CB_PKM_SEND}{month.id}", message=card)
    assert bot.api.last_answer().params["text"] == texts.POKTAN_MONTH_ALREADY_SENT
    assert len(sent_to(bot, OPERATOR)) == 1

    # The operator downloads the files from his notice.
    download = bot.api.last_sent(OPERATOR.id)
    await bot.press(OPERATOR, download.button_data[0], message=download)
    assert len(bot.api.of("sendMediaGroup")) == 2

    # Perbaiki opens the month; a change; Kirim again goes as a correction.
    await bot.press(ANI, f"{keyboards.CB_PKM_FIX}{month.id}", message=card)
    assert (await month_row(bot, ids["melati"])).state is MonthState.OPEN
    async with bot.session() as session, session.begin():
        group = await groups.get_group(session, bot.app.bot_data.kampung_id, ids["melati"])
        [held] = await sessions.sessions_in(session, ids["melati"], JUNE, date(2026, 6, 30))
        await sessions.set_present_count(session, group, held, 3, now=bot.clock())
    await bot.press(ANI, f"{keyboards.CB_PKM_SEND}{month.id}", message=card)
    correction = sent_to(bot, OPERATOR)[-1]
    assert correction.startswith("🔁 <b>Perbaikan</b> register") and "100%" in correction
    async with bot.session() as session:
        versions = list(
            await session.scalars(
                select(PoktanSubmission.version).where(PoktanSubmission.month_id == month.id)
            )
        )
    assert versions == [1, 2]


async def test_none_held_reminders_and_the_lists_of_who_is_missing(bot: Harness) -> None:
    ids = await setup_june(bot)
    await run_at(bot, wib(1, 7, 0))
    mawar = await month_row(bot, ids["mawar"])
    assert await run_at(bot, wib(2, 7, 0)) == 2  # both chairs reminded on the 2nd
    assert "belum dikirim" in sent_to(bot, BUDI)[-1] and "3 Juli 2026" in sent_to(bot, BUDI)[-1]

    question = bot.api.last_sent(BUDI.id)
    await bot.press(BUDI, f"{keyboards.CB_PKM_NONE}{mawar.id}", message=question)
    assert (await month_row(bot, ids["mawar"])).none_held
    assert "Tidak ada pertemuan bulan ini" in sent_to(bot, OPERATOR)[-1]

    # The 3rd: only Ani is reminded (Budi reported), and the secretary hears who is missing.
    assert await run_at(bot, wib(3, 7, 0)) == 2
    assert "hari ini" in sent_to(bot, ANI)[-1]
    secretary = sent_to(bot, ADMIN)[-1]
    assert "belum dikirim" in secretary and "BKB Melati" in secretary
    assert "BKR Mawar" not in secretary
    # The 4th: one list for the operators, once.
    assert await run_at(bot, wib(4, 7, 0)) == 1
    listing = sent_to(bot, OPERATOR)[-1]
    assert "1 kelompok" in listing and "BKB Melati" in listing
    assert await run_at(bot, wib(4, 10, 0)) == 0


async def test_a_bot_down_on_the_1st_sends_the_register_late_without_a_burst(
    bot: Harness,
) -> None:
    await setup_june(bot)
    bot.api.clear()
    await run_at(bot, wib(3, 9, 0))  # back on the 3rd: the register, no extra reminder
    assert len(sent_to(bot, ANI)) == 1 and "Register BKB Melati" in sent_to(bot, ANI)[0]
    assert await run_at(bot, wib(3, 9, 5)) == 0


async def test_presses_of_someone_not_chairing_or_of_another_kampung_are_refused(
    bot: Harness,
) -> None:
    ids = await setup_june(bot)
    await run_at(bot, wib(1, 7, 0))
    month = await month_row(bot, ids["melati"])
    card = bot.api.last_sent(ANI.id)
    # Citra is a cadre of the kampung, not the chair.
    await bot.press(CITRA, f"{keyboards.CB_PKM_SEND}{month.id}", message=card)
    assert bot.api.last_answer().params["text"] == texts.POKTAN_MONTH_NOT_YOURS
    # Budi chairs another group of the kampung.
    await bot.press(BUDI, f"{keyboards.CB_PKM_FIX}{month.id}", message=card)
    assert bot.api.last_answer().params["text"] == texts.POKTAN_MONTH_NOT_YOURS
    # A month that does not exist.
    await bot.press(ANI, f"{keyboards.CB_PKM_SEND}999999", message=card)
    assert (await month_row(bot, ids["melati"])).state is MonthState.OPEN
    async with bot.session() as session:
        reports = await session.scalar(
            select(func.count())
            .select_from(Broadcast)
            .where(Broadcast.kind == BroadcastKind.POKTAN_REPORT)
        )
    assert reports == 0


async def test_the_pkb_sees_the_month_in_ringkasan_with_the_area_workbook(bot: Harness) -> None:
    ids = await setup_june(bot)
    await run_at(bot, wib(2, 9, 0))
    month = await month_row(bot, ids["melati"])
    await bot.press(ANI, f"{keyboards.CB_PKM_SEND}{month.id}", message=bot.api.last_sent(ANI.id))
    await bot.send(OPERATOR, "/ringkasan")
    summary = [t for t in sent_to(bot, OPERATOR) if "kelompok sudah mengirim" in t][-1]
    assert "Register Poktan Juni 2026</b>: 1 dari 2 kelompok sudah mengirim" in summary
    [workbook] = [
        call
        for call in bot.api.of("sendDocument")
        if call.chat_id == OPERATOR.id and "register-poktan" in str(call.files)
    ]
    [(name, data, *_)] = workbook.files.values()
    assert name == "register-poktan-2026-06.xlsx"
    rows = [
        [cell for cell in row if cell is not None]
        for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
    ]
    melati = next(row for row in rows if "BKB Melati" in row)
    mawar = next(row for row in rows if "BKR Mawar" in row)
    assert "Sudah" in melati and 1 in melati  # reported, one session
    assert "Belum" in mawar


async def test_a_chair_gets_her_own_one_page_guide_with_panduan(bot: Harness) -> None:
    await setup_june(bot)
    bot.api.clear()
    await bot.send(ANI, "/panduan")
    names = [name for call in bot.api.of("sendDocument") for name, *_ in call.files.values()]
    assert names == [texts.GUIDE_FILENAME, texts.CHAIR_GUIDE_FILENAME]
    [_, chair_guide] = bot.api.of("sendDocument")
    [(_, content, *_)] = chair_guide.files.values()
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0].extract_text()
    assert texts.CHAIR_GUIDE_TITLE in page
    for heading, _ in texts.CHAIR_GUIDE:
        assert heading in page
    # A cadre who chairs no group gets the cadres' guide only.
    await bot.send(CITRA, "/panduan")
    assert bot.api.of("sendDocument")[-1].chat_id == CITRA.id
    assert len([c for c in bot.api.of("sendDocument") if c.chat_id == CITRA.id]) == 1


async def test_laporan_gains_the_poktan_groups_year(bot: Harness) -> None:
    await setup_june(bot)
    bot.clock.set(wib(10, 9, 0))
    await bot.send(ADMIN, "/laporan 2026")
    [poktan] = [t for t in sent_to(bot, ADMIN) if t.startswith("👪 <b>Poktan 2026")]
    assert "BKB Melati: 1 pertemuan dalam 1 bulan, kehadiran 66,7%" in poktan
    assert "BKR Mawar: 0 pertemuan dalam 0 bulan, kehadiran -" in poktan


def test_the_poktan_sheet_counts_sessions_per_month() -> None:
    from models.register_data import (
        GroupInfo,
        RegisterFamily,
        RegisterMonth,
        RegisterSession,
        RegisterYear,
    )
    from ui.year_report import poktan_sheet

    info = GroupInfo(kampung="K", kind="BKB", name="BKB Melati")
    family = RegisterFamily(id=1, name="Ibu Sari", rt="01")
    months = tuple(
        RegisterMonth(
            group=info,
            year=2026,
            month=month,
            families=(family,),
            sessions=tuple(
                RegisterSession(
                    held_on=date(2026, month, day), topic="x", present_ids=frozenset({1})
                )
                for day in range(1, count + 1)
            ),
        )
        for month, count in ((3, 2), (4, 0), (5, 1))
    )
    title, header, [row] = poktan_sheet([RegisterYear(group=info, year=2026, months=months)])
    assert title == "Poktan bulanan"
    by_column = dict(zip(header, row, strict=True))
    assert (by_column["Mar"], by_column["Apr"], by_column["Mei"], by_column["Jun"]) == (2, 0, 1, "")
    assert (by_column["Pertemuan"], by_column["Keluarga"], by_column["Persentase"]) == (3, 1, 1.0)
