"""/laporan (the year report and its files), /narasumber, past speakers while planning,
and speakers counted as present guests in a meeting's recap.

The year is the hand-computed one of tests/unit/test_report.py, seeded through the
models, plus the secretary (Pokja, RT 03), who came to every meeting:

                 Q1 (14 Feb)  Q2 (14 May)  Q3 (14 Aug)   Q4 (14 Nov)
Rina (admin)     came         came         came          came           4/4
Ani   RT01 BKB   Hadir✓       Hadir✓       Hadir✓        izin           3/4 = 75%
Budi  RT01 BKR   Hadir✓       (silent)     said Tidak    Hadir✓         2/4, two in a row
Citra RT02 BKB   came         came         came          came           4/4, no Telegram
Dewi  RT02 BKL   -            -            said Hadir ✗  Hadir✓         1/2 (joined in June)
speakers         dr. Rahmat   Ibu Sari,    Pak Joko      -
                 (pemerintah) dr. Rahmat   (swasta)
"""

import io
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import load_workbook
from PIL import Image, ImageStat
from sqlalchemy import select

from models.attendance import Attendance, Guest, MarkSource
from models.meeting import Meeting, MeetingStatus, Rsvp, RsvpAnswer, Sector, Speaker
from models.member import Member, MemberRole, MemberStatus, Poktan
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import register, register_active
from tests.harness import GROUP_CHAT_ID, Person
from ui import keyboards, texts

ANI, BUDI, DEWI = Person(7101, "Ani"), Person(7102, "Budi"), Person(7104, "Dewi")
MEETING_DAYS = [datetime(2026, month, 14, 2, 0, tzinfo=UTC) for month in (2, 5, 8, 11)]
SPEAKERS = [
    [("dr. Rahmat", "Puskesmas Penyengat", Sector.GOVERNMENT)],
    [
        ("Ibu Sari", "Bank BRI", Sector.BUMN),
        ("dr. Rahmat", "Puskesmas Penyengat", Sector.GOVERNMENT),
    ],
    [("Pak Joko", "Apotek Sehat", Sector.PRIVATE)],
    [],
]
YES, EXCUSED, NO = RsvpAnswer.YES, RsvpAnswer.EXCUSED, RsvpAnswer.NO
# (name, rsvp, present) per meeting; None: not expected (not yet a member).
OUTCOMES = {
    "Rina Sekretaris": [(None, True)] * 4,
    "Ani Lestari": [(YES, True), (YES, True), (YES, True), (EXCUSED, False)],
    "Budi Santoso": [(YES, True), (None, False), (NO, False), (YES, True)],
    "Citra Dewi": [(None, True)] * 4,
    "Dewi Sartika": [None, None, (YES, False), (YES, True)],
}


async def seed_year(bot) -> list[Meeting]:
    """Members (Citra without Telegram, Dewi from June) and the four held meetings."""
    bot.clock.set(datetime(2026, 1, 5, 2, 0, tzinfo=UTC))
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "01", "BKB")
    await register_active(bot, ADMIN, BUDI, "Budi Santoso", "01", "BKR")
    kampung_id = bot.app.bot_data.kampung_id
    async with bot.session() as session, session.begin():
        session.add(
            Member(
                kampung_id=kampung_id,
                telegram_id=None,
                full_name="Citra Dewi",
                rt="02",
                poktan=Poktan.BKB,
                role=MemberRole.CADRE,
                status=MemberStatus.ACTIVE,
                created_at=bot.clock(),
                updated_at=bot.clock(),
            )
        )
    bot.clock.set(datetime(2026, 6, 1, 2, 0, tzinfo=UTC))
    await register_active(bot, ADMIN, DEWI, "Dewi Sartika", "02", "BKL")
    async with bot.session() as session, session.begin():
        members = {m.full_name: m for m in await session.scalars(select(Member))}
        meetings = []
        for number, (starts_at, speakers) in enumerate(
            zip(MEETING_DAYS, SPEAKERS, strict=True), start=1
        ):
            meeting = Meeting(
                kampung_id=kampung_id,
                starts_at=starts_at,
                host_rt=f"0{number}",
                proposed_host_rt=f"0{number}",
                venue=f"Rumah Data RT 0{number}",
                topic=f"Pertemuan triwulan {number}",
                status=MeetingStatus.SCHEDULED,
                created_at=starts_at - timedelta(days=30),
                updated_at=starts_at - timedelta(days=30),
                speakers=[
                    Speaker(position=i, name=name, institution=institution, sector=sector)
                    for i, (name, institution, sector) in enumerate(speakers)
                ],
            )
            session.add(meeting)
            await session.flush()
            meetings.append(meeting)
            for name, outcomes in OUTCOMES.items():
                if outcomes[number - 1] is None:
                    continue
                answer, present = outcomes[number - 1]
                member_id = members[name].id
                if answer is not None:
                    session.add(
                        Rsvp(
                            meeting_id=meeting.id,
                            member_id=member_id,
                            answer=answer,
                            answered_at=starts_at - timedelta(days=2),
                        )
                    )
                session.add(
                    Attendance(
                        meeting_id=meeting.id,
                        member_id=member_id,
                        present=present,
                        source=MarkSource.ADMIN,
                        marked_by_id=members["Rina Sekretaris"].id,
                        marked_at=starts_at,
                    )
                )
        # A cancelled meeting counts for nothing.
        session.add(
            Meeting(
                kampung_id=kampung_id,
                starts_at=datetime(2026, 9, 20, 2, 0, tzinfo=UTC),
                host_rt="05",
                venue="Balai RW",
                topic="Dibatalkan",
                status=MeetingStatus.CANCELLED,
                created_at=bot.clock(),
                updated_at=bot.clock(),
            )
        )
    bot.clock.set(datetime(2026, 12, 20, 2, 0, tzinfo=UTC))
    bot.api.clear()
    return meetings


@pytest.fixture
async def year(bot):
    return await seed_year(bot)


def documents(bot) -> dict[str, bytes]:
    return {document.name: document.content for document in bot.api.documents()}


async def test_year_report_text_chart_and_workbook(bot, year):
    await bot.send(ADMIN, "/laporan")
    [text] = [c.text for c in bot.api.sent(ADMIN.id) if "Laporan kehadiran 2026" in c.text]
    assert "4 pertemuan terlaksana. Kehadiran kader: <b>77,8% (14/18)</b>" in text
    assert "• Triwulan I: 100% (4/4)" in text
    assert "• Triwulan II: 75% (3/4)" in text
    assert "• Triwulan III: 60% (3/5)" in text
    assert "• Triwulan IV: 80% (4/5)" in text
    assert "• BKB: 87,5% (7/8)" in text
    assert "• BKR: 50% (2/4)" in text
    assert "• RT 01: 62,5% (5/8)" in text
    assert "• RT 03: 100% (4/4)" in text
    # Budi missed Q2 and Q3: named for a personal visit; Ani and Dewi missed one each.
    assert "Perlu disapa</b> (tidak hadir 2 pertemuan berturut-turut): 1" in text
    assert "• Budi Santoso — BKR, RT 01 (hadir 2 dari 4)" in text
    assert "Ani Lestari" not in text
    assert "Konfirmasi Hadir yang benar datang</b>: 85,7% (6/7)" in text
    assert "Narasumber per sektor</b>: Pemerintah 2 · BUMN 1 · Swasta 1 · Lainnya 0" in text

    files = documents(bot)
    assert set(files) == {"laporan-kehadiran-2026.png", "laporan-kehadiran-2026.xlsx"}
    chart = Image.open(io.BytesIO(files["laporan-kehadiran-2026.png"]))
    assert chart.format == "PNG"
    assert chart.size == (1200, 700)
    # Not blank: the bars and labels make the pixels vary.
    assert max(ImageStat.Stat(chart.convert("L")).stddev) > 10

    workbook = load_workbook(io.BytesIO(files["laporan-kehadiran-2026.xlsx"]))
    assert workbook.sheetnames == [
        "Triwulan",
        "Poktan",
        "RT",
        "Kader",
        "Perlu disapa",
        "Konfirmasi",
        "Narasumber",
        "Sektor",
    ]
    cadres = {row[1]: row for row in workbook["Kader"].iter_rows(min_row=2, values_only=True)}
    assert cadres["Ani Lestari"][4:7] == (3, 4, 0.75)
    assert cadres["Citra Dewi"][4:7] == (4, 4, 1)  # no Telegram: counted like everyone
    assert cadres["Dewi Sartika"][4:7] == (1, 2, 0.5)
    assert cadres["Budi Santoso"][7:9] == (2, "Ya")
    ani_row = next(
        row for row in workbook["Kader"].iter_rows(min_row=2) if row[1].value == "Ani Lestari"
    )
    assert ani_row[6].number_format == "0.0%"
    quarters = list(workbook["Triwulan"].iter_rows(min_row=2, values_only=True))
    assert quarters[2] == ("Triwulan III", 3, 5, 0.6)
    assert quarters[-1] == ("Setahun", 14, 18, pytest.approx(14 / 18))
    [follow_up] = list(workbook["Perlu disapa"].iter_rows(min_row=2, values_only=True))
    assert follow_up[1] == "Budi Santoso"
    assert follow_up[6] == "Hadir, Tanpa kabar, Tidak hadir, Hadir"
    sectors = dict(workbook["Sektor"].iter_rows(min_row=2, values_only=True))
    assert sectors == {"Pemerintah": 2, "BUMN": 1, "Swasta": 1, "Lainnya": 0}


async def test_report_for_a_year_asked_by_number(bot, year):
    await bot.send(ADMIN, "/laporan 2025")
    assert bot.last_text(ADMIN) == texts.no_meetings_in_year(2025)
    assert documents(bot) == {}


async def test_default_year_is_the_kampungs(bot, year):
    # 31 Dec 2026 18.00 UTC is already 1 Jan 2027 in WIB: the report is of 2027.
    bot.clock.set(datetime(2026, 12, 31, 18, 0, tzinfo=UTC))
    await bot.send(ADMIN, "/laporan")
    assert bot.last_text(ADMIN) == texts.no_meetings_in_year(2027)


@pytest.mark.parametrize("argument", ["2027x", "tahun lalu", "1999", "2030"])
async def test_bad_year_gets_a_short_message(bot, year, argument):
    await bot.send(ADMIN, f"/laporan {argument}")
    assert bot.last_text(ADMIN) == texts.REPORT_BAD_YEAR
    assert documents(bot) == {}


async def test_report_is_for_admins_in_private(bot, year):
    await bot.send(ANI, "/laporan")
    assert bot.last_text(ANI) == texts.ADMIN_ONLY
    stranger = Person(9999, "Orang")
    await bot.send(stranger, "/laporan")
    assert bot.last_text(stranger) == texts.NOT_REGISTERED
    await bot.send(ADMIN, "/laporan", chat_id=GROUP_CHAT_ID)
    assert bot.last_text(GROUP_CHAT_ID) == texts.PRIVATE_ONLY
    assert documents(bot) == {}
    assert not any("Laporan kehadiran" in c.text for c in bot.api.sent())


async def test_narasumber_lists_speakers_and_sectors_of_the_year(bot, year):
    await bot.send(ANI, "/narasumber")
    text = bot.last_text(ANI)
    assert "Narasumber yang pernah diundang (3)" in text
    lines = text.splitlines()
    assert (
        "1. Pak Joko — Apotek Sehat (Swasta) · hadir 1×, terakhir Jumat, 14 Agustus 2026" in lines
    )
    assert (
        "2. dr. Rahmat — Puskesmas Penyengat (Pemerintah) · hadir 2×, "
        "terakhir Kamis, 14 Mei 2026" in lines
    )
    assert (
        "Kehadiran narasumber per sektor, 2026</b>: Pemerintah 2 · BUMN 1 · Swasta 1 · Lainnya 0"
        in text
    )
    await bot.send(ANI, "/narasumber 2025")
    assert "per sektor, 2025</b>: Pemerintah 0 · BUMN 0 · Swasta 0 · Lainnya 0" in bot.last_text(
        ANI
    )
    await bot.send(ANI, "/narasumber kemarin")
    assert bot.last_text(ANI) == texts.SPEAKERS_BAD_YEAR


async def test_narasumber_without_any_speaker(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await bot.send(ADMIN, "/narasumber")
    assert "Belum ada narasumber yang tercatat" in bot.last_text(ADMIN)


async def test_a_past_speaker_is_offered_while_planning_and_one_tap_adds_them(bot, year):
    async with bot.session() as session:
        speaker_ids = {
            s.name: s.id for s in await session.scalars(select(Speaker).order_by(Speaker.id))
        }
    await bot.send(ADMIN, "/jadwal baru 13-02-2027 09.00 RT01 Rumah Data RT 01 | Gizi balita")
    await bot.press(ADMIN, keyboards.CB_EDIT)
    await bot.press(ADMIN, keyboards.CB_FIELD + "speakers")
    offered = bot.last_buttons(ADMIN)
    # The latest invitation of each person, newest first; then "no speakers".
    assert offered == [
        ("➕ Pak Joko — Apotek Sehat", f"mtg:spk:past:{speaker_ids['Pak Joko']}"),
        # dr. Rahmat spoke twice: the button refers to his later invitation (Q2).
        ("➕ dr. Rahmat — Puskesmas Penyengat", f"mtg:spk:past:{speaker_ids['dr. Rahmat']}"),
        ("➕ Ibu Sari — Bank BRI", f"mtg:spk:past:{speaker_ids['Ibu Sari']}"),
        (texts.BTN_NO_SPEAKERS, keyboards.CB_NO_SPEAKERS),
    ]
    await bot.press(ADMIN, offered[1][1])
    assert bot.api.last_answer().params.get("text") == "Ditambahkan: dr. Rahmat"
    text = bot.last_text(ADMIN)
    assert "dr. Rahmat — Puskesmas Penyengat (Pemerintah)" in text
    # Offered no more once in the plan; the others still are, and "done" now.
    assert [data for _, data in bot.last_buttons(ADMIN)] == [
        f"mtg:spk:past:{speaker_ids['Pak Joko']}",
        f"mtg:spk:past:{speaker_ids['Ibu Sari']}",
        keyboards.CB_SPEAKERS_DONE,
        keyboards.CB_CLEAR_SPEAKERS,
    ]
    # A forged press for a speaker who does not exist changes nothing.
    await bot.press(ADMIN, "mtg:spk:past:999999")
    assert bot.api.last_answer().params.get("text") == texts.STALE_BUTTON
    await bot.press(ADMIN, keyboards.CB_SPEAKERS_DONE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    async with bot.session() as session:
        meeting = await session.scalar(select(Meeting).order_by(Meeting.starts_at.desc()).limit(1))
        stored = list(
            await session.scalars(select(Speaker).where(Speaker.meeting_id == meeting.id))
        )
    assert [(s.name, s.institution, s.sector) for s in stored] == [
        ("dr. Rahmat", "Puskesmas Penyengat", Sector.GOVERNMENT)
    ]


async def test_speakers_count_as_present_guests_in_the_recap(bot, year):
    second, third = year[1], year[2]
    async with bot.session() as session, session.begin():
        # dr. Rahmat was also typed in as a guest at Q2: he counts once.
        session.add(
            Guest(
                meeting_id=second.id,
                name="DR. Rahmat",
                role="Kepala Puskesmas",
                added_at=second.starts_at,
            )
        )
    await bot.press(ADMIN, f"{keyboards.CB_ATT_RECAP}{third.id}")
    recap = next(c.text for c in bot.api.sent(ADMIN.id) if "Rekap kehadiran" in c.text)
    assert "Hadir: <b>4</b> orang (3 kader, 1 tamu)" in recap
    assert "• Narasumber: 1" in recap
    assert "1. Pak Joko — Narasumber (Apotek Sehat)" in recap
    paragraph = next(c.text for c in bot.api.sent(ADMIN.id) if "Posting portal" in c.text)
    assert "dihadiri 4 orang: 3 kader (BKB 2, Pokja 1) dan 1 tamu (narasumber)" in paragraph
    bot.api.clear()
    await bot.press(ADMIN, f"{keyboards.CB_ATT_RECAP}{second.id}")
    recap = next(c.text for c in bot.api.sent(ADMIN.id) if "Rekap kehadiran" in c.text)
    assert "Hadir: <b>5</b> orang (3 kader, 2 tamu)" in recap
    assert "1. Ibu Sari — Narasumber (Bank BRI)" in recap
    assert "2. DR. Rahmat — Kepala Puskesmas" in recap
    xlsx = next(data for name, data in documents(bot).items() if name.endswith(".xlsx"))
    names = [row[1] for row in load_workbook(io.BytesIO(xlsx))["Kehadiran"].values]
    assert names.count("Ibu Sari") == 1
    assert "dr. Rahmat" not in names


async def test_two_admins_ask_for_the_report_at_once_while_a_cadre_checks_the_schedule(bot, year):
    await register(bot, ADMIN_2, "Ketua Pokja", "04", "Pokja")
    bot.api.clear()
    async with bot.started():
        await bot.feed(
            bot.message_update(ADMIN, "/laporan"),
            bot.message_update(ADMIN_2, "/laporan 2026"),
            bot.message_update(ANI, "/narasumber"),
        )
        await bot.drain()
    for admin in (ADMIN, ADMIN_2):
        sent = [c.files["document"][0] for c in bot.api.sent(admin.id) if c.files]
        assert sent == ["laporan-kehadiran-2026.png", "laporan-kehadiran-2026.xlsx"]
        assert any("Perlu disapa" in c.text for c in bot.api.sent(admin.id))
    assert "Narasumber yang pernah diundang (3)" in bot.last_text(ANI)


async def test_past_speakers_in_the_guided_flow_and_the_help(bot, year):
    await bot.send(ADMIN, "/bantuan")
    assert "/laporan — " in bot.last_text(ADMIN) and "/laporan 2025" in bot.last_text(ADMIN)
    await bot.send(ANI, "/bantuan")
    assert "/laporan" not in bot.last_text(ANI) and "/narasumber" in bot.last_text(ANI)
    await bot.send(ANI, "/narasumber", chat_id=GROUP_CHAT_ID)
    assert bot.last_text(GROUP_CHAT_ID) == texts.PRIVATE_ONLY

    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "13-02-2027")
    await bot.send(ADMIN, "09.00")
    await bot.press(ADMIN, keyboards.CB_HOST + "01")
    await bot.press(ADMIN, keyboards.CB_VENUE_DEFAULT)
    await bot.send(ADMIN, "Gizi balita")
    assert texts.PAST_SPEAKERS_HINT in bot.last_text(ADMIN)
    joko = next(data for label, data in bot.last_buttons(ADMIN) if "Pak Joko" in label)
    await bot.press(ADMIN, joko)
    # The same button pressed again (an old message): added once only.
    await bot.press(ADMIN, joko)
    assert bot.api.last_answer().params.get("text") == texts.SPEAKER_ALREADY_ADDED
    # A new speaker is still typed as before, after the one tap.
    await bot.send(ADMIN, "Bu Rina Wati")
    await bot.send(ADMIN, "PT Pegadaian")
    await bot.press(ADMIN, keyboards.CB_SECTOR + "BUMN")
    await bot.press(ADMIN, keyboards.CB_SPEAKERS_DONE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    async with bot.session() as session:
        meeting = await session.scalar(select(Meeting).order_by(Meeting.starts_at.desc()).limit(1))
        stored = list(
            await session.scalars(
                select(Speaker).where(Speaker.meeting_id == meeting.id).order_by(Speaker.position)
            )
        )
    assert [(s.name, s.institution, s.sector) for s in stored] == [
        ("Pak Joko", "Apotek Sehat", Sector.PRIVATE),
        ("Bu Rina Wati", "PT Pegadaian", Sector.BUMN),
    ]
