"""Recaps of any meeting, from a seeded year of four meetings: the roster as it was, the
secretary present, absentees named to admins only, the PDF sheet, the .xlsx and .csv,
minutes and photos."""

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from models.attendance import RosterMember, Standing, meeting_roster
from models.meeting import Meeting, Sector, Speaker
from models.minutes import MeetingPhoto, MinutesWaiting
from tests.conftest import ADMIN
from tests.fakeapi import FakeBotAPI
from tests.flows import add_active_cadres, register, register_active
from tests.harness import GROUP_CHAT_ID, Person, running_bot
from tests.test_meetings import CADRES, meetings
from ui import keyboards

NAMES = ["Siti Aminah", "Budi Santoso", "Ani Lestari"]
# The four meetings of 2026, 09.00 WIB, hosted by RT 01, 02, 03, 04 in turn.
DAYS = ["14-02-2026", "16-05-2026", "15-08-2026", "14-11-2026"]
STARTS = [
    datetime(2026, 2, 14, 2, tzinfo=UTC),
    datetime(2026, 5, 16, 2, tzinfo=UTC),
    datetime(2026, 8, 15, 2, tzinfo=UTC),
    datetime(2026, 11, 14, 2, tzinfo=UTC),
]
FORMULA_GUEST = '=HYPERLINK("http://contoh.test","klik")'
PHOTO_BYTES = b"\xff\xd8\xff\xe0fake-jpeg-bytes"


async def _hold(bot, index: int, present: list[Person], rsvp: dict[Person, str], guests: str):
    """Meeting ``index``: RSVPs two days before, then attendance 10 minutes before it starts."""
    meeting = (await meetings(bot))[index]
    bot.clock.set(STARTS[index] - timedelta(days=2))
    for person, answer in rsvp.items():
        await bot.press(person, f"rsvp:{meeting.id}:{answer}")
    bot.clock.set(STARTS[index] - timedelta(minutes=10))
    await bot.send(ADMIN, "/hadir")
    for person in present:
        await bot.press(person, f"att:me:{meeting.id}:y")
    if guests:
        await bot.send(ADMIN, "/tamu " + guests)
    return meeting


@pytest.fixture
async def year(bot):
    return await seed_year(bot)


async def seed_year(bot):
    """2026: an admin and three cadres; four meetings; Siti moves from RT 03 to RT 04 in June.

    Presence (admin always ticks herself through the question /hadir asks her):
    Q1 Siti, Budi (Ani silent) · Q2 Siti (Budi izin, Ani silent) · Q3 Siti, Ani (Budi
    silent; a guest typed as a formula) · Q4 not held yet.
    """
    bot.clock.set(datetime(2026, 1, 5, 2, tzinfo=UTC))
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for cadre, name, rt, poktan in zip(
        CADRES, NAMES, ["03", "05", "07"], ["BKB", "BKR", "BKL"], strict=True
    ):
        await register_active(bot, ADMIN, cadre, name, rt, poktan)
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    for index, day in enumerate(DAYS):
        bot.clock.set(STARTS[index] - timedelta(days=30))
        rt = f"{index + 1:02d}"
        await bot.send(ADMIN, f"/jadwal baru {day} 09.00 RT{rt} Balai RT {rt} | Materi {index + 1}")
        await bot.press(ADMIN, keyboards.CB_SAVE)
        if index == 0:
            await _hold(bot, 0, [ADMIN, CADRES[0], CADRES[1]], {}, "Drs. Hasan - Sekretaris Lurah")
        elif index == 1:
            await _hold(bot, 1, [ADMIN, CADRES[0]], {CADRES[1]: "izin"}, "")
            bot.clock.set(datetime(2026, 6, 10, 2, tzinfo=UTC))
            await bot.send(CADRES[0], "/profil")
            await bot.press(CADRES[0], keyboards.CB_PROFILE_RT)
            await bot.press(CADRES[0], keyboards.CB_PROFILE_SET_RT + "04")
            await bot.press(CADRES[0], keyboards.CB_PROFILE_DONE)
        elif index == 2:
            async with bot.session() as session, session.begin():
                session.add(
                    Speaker(
                        meeting_id=(await meetings(bot))[2].id,
                        position=0,
                        name="dr. Maya Putri",
                        institution="Puskesmas Penyengat",
                        sector=Sector.GOVERNMENT,
                    )
                )
            await _hold(
                bot,
                2,
                [ADMIN, CADRES[0], CADRES[2]],
                {CADRES[0]: "hadir", CADRES[1]: "hadir"},
                f"Pak Rahmat - Ketua RT 03\n{FORMULA_GUEST} - Tamu Iseng",
            )
    assert (await bot.member(CADRES[0].id)).rt == "04"
    assert len(await meetings(bot)) == 4
    bot.clock.set(datetime(2026, 9, 1, 2, tzinfo=UTC))
    bot.api.clear()
    return await meetings(bot)


def _pdf_text(data: bytes) -> tuple[int, str, list[str]]:
    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() for page in reader.pages]
    return len(reader.pages), "\n".join(pages), pages


async def _recap_of(bot, meeting: Meeting) -> list:
    """Ask /rekap, press the meeting's button; the calls the admin got."""
    await bot.send(ADMIN, "/rekap")
    choice = bot.api.last_sent(ADMIN.id)
    bot.api.clear()
    await bot.press(ADMIN, f"{keyboards.CB_RECAP_PICK}{meeting.id}", message=choice)
    return bot.api.sent(ADMIN.id)


async def test_rekap_offers_held_meetings_and_gives_the_picked_one(bot, year):
    await bot.send(ADMIN, "/rekap")
    offer = bot.api.last_sent(ADMIN.id)
    assert "Pilih pertemuan" in offer.text
    held = [f"{keyboards.CB_RECAP_PICK}{m.id}" for m in reversed(year[:3])]
    assert offer.button_data == held  # newest first; the November meeting is still to come
    assert "Triwulan I 2026" in offer.buttons[-1][0]

    bot.api.clear()
    await bot.press(ADMIN, held[-1], message=offer)
    recap = bot.api.texts(ADMIN.id)[0]
    assert "Triwulan I 2026" in recap and "14 Februari 2026" in recap
    assert "Hadir: <b>4</b> orang (3 kader, 1 tamu) dari 4 kader terdaftar" in recap
    # The three files come as one album of documents (after recap, portal post, WhatsApp).
    [album] = bot.api.of("sendMediaGroup")
    assert [item["type"] for item in album.media] == ["document"] * 3
    assert len(bot.api.sent(ADMIN.id)) == 4
    names = [document.name for document in bot.api.documents()]
    assert names == [
        "rekap-kehadiran-2026-02-14-RT01.xlsx",
        "rekap-kehadiran-2026-02-14-RT01.csv",
        "daftar-hadir-2026-02-14-RT01.pdf",
    ]
    await bot.send(ADMIN, "/hadir rekap")
    assert bot.api.last_sent(ADMIN.id).button_data == held


async def test_a_cadre_who_moved_rt_keeps_her_old_rt_in_old_recaps(bot, year):
    first = (await _recap_of(bot, year[0]))[0].text
    assert "• RT 03: 1/1" in first and "RT 04" not in first
    assert "1. Siti Aminah — BKB, RT 03" in first
    third = (await _recap_of(bot, year[2]))[0].text
    assert "• RT 04: 1/1" in third and "RT 03: 1/1" not in third
    async with bot.session() as session:
        old = {e.name: e for e in await meeting_roster(session, year[0].id)}
        new = {e.name: e for e in await meeting_roster(session, year[2].id)}
    assert (old["Siti Aminah"].rt, new["Siti Aminah"].rt) == ("03", "04")
    assert old["Ani Lestari"].standing is Standing.NO_NOTICE
    assert old["Budi Santoso"].standing is Standing.PRESENT
    # The year report reads the same rosters: her first two meetings count in RT 03.
    await bot.send(ADMIN, "/laporan 2026")
    report = next(t for t in bot.api.texts(ADMIN.id) if "Laporan kehadiran 2026" in t)
    by_rt = dict(
        line[2:].split(": ", 1) for line in report.splitlines() if line.startswith("• RT ")
    )
    assert by_rt["RT 03"].endswith("(2/2)") and by_rt["RT 04"].endswith("(1/1)"), by_rt


async def test_the_secretary_is_asked_and_can_be_present(bot, year):
    async with bot.session() as session:
        roster = {e.name: e for e in await meeting_roster(session, year[0].id)}
    assert roster["Rina Sekretaris"].present is True
    recap = (await _recap_of(bot, year[0]))[0].text
    assert "• Pokja: 1/1" in recap

    # Q4: opening attendance asks every member, the secretary too; while she has not
    # answered, every later /hadir asks her again, before the roll.
    bot.clock.set(STARTS[3] - timedelta(minutes=5))
    bot.api.clear()
    await bot.send(ADMIN, "/hadir")
    prompt = f"att:me:{year[3].id}:y"
    assert [c for c in bot.api.sent(ADMIN.id) if prompt in c.button_data]
    bot.api.clear()
    await bot.send(ADMIN, "/hadir")
    texts = bot.api.texts(ADMIN.id)
    ask = next(i for i, t in enumerate(texts) if "Anda sendiri hadir" in t)
    roll = next(i for i, t in enumerate(texts) if "Hadir: <b>" in t)
    assert ask < roll
    assert prompt in bot.api.sent(ADMIN.id)[ask].button_data
    await bot.press(ADMIN, prompt)
    bot.api.clear()
    await bot.send(ADMIN, "/hadir")
    assert not any("Anda sendiri hadir" in t for t in bot.api.texts(ADMIN.id))
    assert "Hadir: <b>1</b> dari 4 kader" in bot.last_text(ADMIN)


async def test_absentees_without_notice_are_named_to_admins_only(bot, year):
    recap = (await _recap_of(bot, year[1]))[0].text
    assert "Tidak hadir tanpa kabar: 1 — Ani Lestari" in recap
    assert "Izin: 1 — Budi Santoso" in recap
    await bot.send(CADRES[0], "/rekap")
    assert "hanya untuk admin" in bot.last_text(CADRES[0])
    await bot.press(CADRES[0], f"{keyboards.CB_RECAP_PICK}{year[1].id}")
    await bot.send(ADMIN, "/rekap", chat_id=GROUP_CHAT_ID)
    assert "chat pribadi" in bot.last_text(GROUP_CHAT_ID)
    for chat in (GROUP_CHAT_ID, *(c.id for c in CADRES)):
        for text in bot.api.texts(chat):
            assert "tanpa kabar" not in text and "Ani Lestari" not in text
    assert not [d for d in bot.api.documents() if d.chat_id != ADMIN.id]


async def test_filled_attendance_sheet_pdf(bot, year):
    await _recap_of(bot, year[2])
    pdf = bot.api.documents()[-1]
    pages, text, _ = _pdf_text(pdf.content)
    assert pages == 1  # no notulen yet
    for field in (
        "DAFTAR HADIR",
        "Kampung KB Penyengat Rendah",
        "Sabtu, 15 Agustus 2026",
        "09.00 WIB",
        "Balai RT 03",
        "RT 03",
        "Materi 3",
        "dr. Maya Putri (Puskesmas Penyengat)",
        "Tanda tangan",
        "Poktan/Jabatan",
        "Rina Sekretaris",  # in the table and under the signature
        "Penyengat Rendah, 15 Agustus 2026",
    ):
        assert field in text, field
    for name in ("Siti Aminah", "Ani Lestari", "Pak Rahmat", "=HYPERLINK"):
        assert name in text, name
    assert "Hadir 08.50 WIB" in text
    # Cadres first (4), then guests (2), then ten numbered blank rows for walk-ins.
    assert text.index("Siti Aminah") < text.index("Pak Rahmat") < text.index("Peserta lain")
    tail = text[text.index("Peserta lain") :]
    assert all(f"\n{n}" in tail or f"{n}\n" in tail for n in range(7, 17))


async def test_blank_sheet_before_the_meeting(bot, year):
    await bot.send(ADMIN, "/daftar_hadir")
    sheet = bot.api.of("sendDocument")[-1]
    assert sheet.files["document"][0] == "daftar-hadir-2026-11-14-RT04.pdf"
    assert "kosong" in sheet.text
    _, text, _ = _pdf_text(sheet.files["document"][1])
    assert "Sabtu, 14 November 2026" in text and "Materi 4" in text
    assert all(name in text for name in [*NAMES, "Rina Sekretaris"])
    assert "Hadir 0" not in text and "Tanda tangan" in text
    assert "Siti Aminah" in text and "RT 04" in text  # today's RT: the meeting is to come
    await bot.send(CADRES[0], "/daftar_hadir")
    assert "hanya untuk admin" in bot.last_text(CADRES[0])


async def test_xlsx_has_header_numbers_percentages_and_print_layout(bot, year):
    await _recap_of(bot, year[2])
    xlsx = bot.api.documents()[0]
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook["Kehadiran"]
    rows = list(sheet.iter_rows(values_only=True))
    header = {row[0]: row[1] for row in rows[1:8]}
    assert header["Materi"] == "Materi 3"
    assert header["Pukul"] == "09.00 WIB"
    assert header["Narasumber"] == "dr. Maya Putri (Puskesmas Penyengat)"
    top = next(i for i, row in enumerate(rows) if row[0] == "No")
    assert rows[top][-1] == "Tanda tangan"
    body = rows[top + 1 :]
    # 4 cadres, the speaker (a present guest without being typed in) and 2 typed guests.
    assert [row[0] for row in body] == list(range(1, 8))
    speaker = next(row for row in body if row[1] == "dr. Maya Putri")
    assert speaker[2] == "Narasumber (Puskesmas Penyengat)" and speaker[6] == "Ya"
    siti = next(row for row in body if row[1] == "Siti Aminah")
    assert siti[7] == "2026-08-15 08.50 WIB"
    formula = next(row for row in body if row[2] == "Tamu Iseng")
    cell = sheet.cell(row=top + 1 + body.index(formula) + 1, column=2)
    assert cell.value == FORMULA_GUEST and cell.data_type == "s"  # text, not a formula
    assert sheet.page_setup.paperSize == 9  # A4
    assert sheet.print_title_rows == f"${top + 1}:${top + 1}"  # repeated on every page

    totals = workbook["Rekap"]
    cells = {(r[0].value, r[1].value): r for r in totals.iter_rows() if r[1].value}
    assert cells[("Jumlah", "Kader hadir")][4].value == pytest.approx(3 / 4)
    assert "%" in cells[("Jumlah", "Kader hadir")][4].number_format
    assert cells[("Poktan", "BKR")][4].value == 0


async def test_csv_is_semicolon_separated_with_bom_and_formula_cells_neutralised(bot, year):
    await _recap_of(bot, year[2])
    data = bot.api.documents()[1].content
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == "No;Nama;Peran;Poktan;RT;Konfirmasi;Hadir;Waktu hadir"
    rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=";"))
    assert all(len(row) == 8 for row in rows)
    assert ["'" + FORMULA_GUEST, "Tamu Iseng"] == next(r for r in rows if "Iseng" in r[2])[1:3]
    for row in rows:
        assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)


async def test_photos_and_minutes_are_stored_and_come_back_with_the_recap(bot, year, settings):
    meeting = year[3]
    bot.clock.set(STARTS[3] - timedelta(days=1))
    await bot.send(ADMIN, "/notulen Rapat terlalu awal")
    assert "Belum ada pertemuan yang sudah dimulai" in bot.last_text(ADMIN)

    bot.clock.set(STARTS[3] + timedelta(hours=2))
    await bot.send(ADMIN, "/notulen")
    assert "Ketik notulen" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "Disepakati posyandu remaja dibuka tiap bulan")
    assert "Notulen disimpan" in bot.last_text(ADMIN)
    await bot.send_photo(ADMIN, "ph-1", content=PHOTO_BYTES, media_group_id="a1")
    await bot.send_photo(ADMIN, "ph-2", content=PHOTO_BYTES + b"2", caption="Penyuluhan")
    assert "jumlah 2 foto" in bot.last_text(ADMIN)
    await bot.send_photo(ADMIN, "ph-2", content=PHOTO_BYTES + b"2")  # the same photo again
    await bot.send_photo(CADRES[0], "ph-c")  # a cadre's photo is not filed
    assert "hanya disimpan bila dikirim oleh admin" in bot.last_text(CADRES[0])

    async with bot.session() as session:
        photos = list(await session.scalars(select(MeetingPhoto).order_by(MeetingPhoto.id)))
        stored = await session.get(Meeting, meeting.id)
    assert [(p.meeting_id, p.file_id, p.caption) for p in photos] == [
        (meeting.id, "ph-1", None),
        (meeting.id, "ph-2", "Penyuluhan"),
    ]
    assert stored.minutes == "Disepakati posyandu remaja dibuka tiap bulan"
    folder = Path(settings.photo_dir)
    if settings.DATABASE_URL.startswith("sqlite"):  # next to the database file by default
        assert folder == Path(settings.DATABASE_URL.split("///", 1)[1]).parent / "photos"
    assert (folder / photos[0].path).read_bytes() == PHOTO_BYTES
    assert (folder / photos[1].path).read_bytes() == PHOTO_BYTES + b"2"

    sent = await _recap_of(bot, meeting)
    recap, paragraph = sent[0], sent[1].text
    assert "2 foto, notulen ada" in recap.text
    assert recap.button_data == [f"{keyboards.CB_RECAP_PHOTOS}{meeting.id}"]
    assert "Hasil pertemuan: Disepakati posyandu remaja dibuka tiap bulan." in paragraph
    assert "Dokumentasi kegiatan terlampir (2 foto)." in paragraph
    pages, _, page_texts = _pdf_text(bot.api.documents()[-1].content)
    assert pages == 2 and "NOTULEN" in page_texts[1] and "posyandu remaja" in page_texts[1]

    await bot.press(ADMIN, f"{keyboards.CB_RECAP_PHOTOS}{meeting.id}", message=recap)
    [album] = _photo_albums(bot)
    assert album.chat_id == ADMIN.id
    media = album.params["media"]
    assert [item["media"] for item in media] == ["ph-1", "ph-2"]
    assert "Dokumentasi pertemuan Triwulan IV 2026" in media[0]["caption"]
    await bot.press(CADRES[0], f"{keyboards.CB_RECAP_PHOTOS}{meeting.id}")  # forged
    assert len(_photo_albums(bot)) == 1


def _photo_albums(bot) -> list:
    return [c for c in bot.api.of("sendMediaGroup") if c.media[0]["type"] == "photo"]


async def test_photos_ask_which_meeting_when_two_have_started(bot, year):
    extra = await _two_meetings_started(bot)
    bot.api.clear()
    await bot.send_photo(ADMIN, "ph-a", media_group_id="g")
    await bot.send_photo(ADMIN, "ph-b", media_group_id="g")
    await bot.send(ADMIN, "/notulen Ringkas")
    asks = [c for c in bot.api.sent(ADMIN.id) if "pertemuan yang mana" in c.text]
    assert len(asks) == 1  # one question for the album and the minutes
    assert asks[0].button_data == [
        f"{keyboards.CB_MINUTES_PICK}{extra.id}",
        f"{keyboards.CB_MINUTES_PICK}{year[2].id}",
    ]
    await bot.press(ADMIN, f"{keyboards.CB_MINUTES_PICK}{year[0].id}", message=asks[0])
    assert bot.api.last_answer().params["show_alert"] is True  # not a meeting of this month
    await bot.press(ADMIN, f"{keyboards.CB_MINUTES_PICK}{year[2].id}", message=asks[0])
    async with bot.session() as session:
        photos = list(await session.scalars(select(MeetingPhoto)))
        third = await session.get(Meeting, year[2].id)
    assert {(p.meeting_id, p.file_id) for p in photos} == {
        (year[2].id, "ph-a"),
        (year[2].id, "ph-b"),
    }
    assert third.minutes == "Ringkas"
    await bot.press(ADMIN, f"{keyboards.CB_MINUTES_PICK}{year[2].id}", message=asks[0])
    assert "menunggu" in bot.api.last_answer().params["text"]


async def _two_meetings_started(bot) -> Meeting:
    """A second meeting in August besides the quarter's: which one is meant is unclear."""
    bot.clock.set(datetime(2026, 8, 20, 2, tzinfo=UTC))
    await bot.send(ADMIN, "/jadwal baru 29-08-2026 10.00 RT05 Balai RT 05 | Tambahan")
    await bot.press(ADMIN, keyboards.CB_SECOND_YES)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    [extra] = [m for m in await meetings(bot) if m.topic == "Tambahan"]
    bot.clock.set(datetime(2026, 8, 29, 6, tzinfo=UTC))
    return extra


async def test_photos_waiting_for_the_choice_of_meeting_survive_a_restart(settings, clock):
    telegram = FakeBotAPI(clock)  # Telegram keeps the photos' files across the restart
    async with running_bot(settings, clock, telegram) as bot:
        year = await seed_year(bot)
        await _two_meetings_started(bot)
        await bot.send_photo(ADMIN, "ph-a", caption="Pembukaan", media_group_id="g")
        await bot.send_photo(ADMIN, "ph-b", media_group_id="g")
        await bot.send(ADMIN, "/notulen Draf pertama")
        await bot.send(ADMIN, "/notulen Disepakati arisan KB")  # newer minutes replace it
        [ask] = [c for c in bot.api.sent(ADMIN.id) if "pertemuan yang mana" in c.text]
        async with bot.session() as session:
            assert len(list(await session.scalars(select(MinutesWaiting)))) == 3
    async with running_bot(settings, clock, telegram) as bot:  # the bot restarted
        await bot.press(ADMIN, f"{keyboards.CB_MINUTES_PICK}{year[2].id}", message=ask)
        async with bot.session() as session:
            photos = list(await session.scalars(select(MeetingPhoto).order_by(MeetingPhoto.id)))
            third = await session.get(Meeting, year[2].id)
            left = list(await session.scalars(select(MinutesWaiting)))
    assert [(p.meeting_id, p.file_id, p.caption) for p in photos] == [
        (year[2].id, "ph-a", "Pembukaan"),
        (year[2].id, "ph-b", None),
    ]
    assert third.minutes == "Disepakati arisan KB"
    assert left == []
    assert "jumlah 2 foto" in bot.last_text(ADMIN)


async def test_waiting_photos_are_asked_about_again_after_a_while(bot, year):
    await _two_meetings_started(bot)
    bot.api.clear()
    await bot.send_photo(ADMIN, "ph-a")
    bot.clock.advance(timedelta(minutes=5))
    await bot.send_photo(ADMIN, "ph-b")  # part of the same batch: not asked again
    bot.clock.advance(timedelta(minutes=11))
    await bot.send_photo(ADMIN, "ph-c")  # the question is far up the chat: asked again
    asks = [c for c in bot.api.sent(ADMIN.id) if "pertemuan yang mana" in c.text]
    assert len(asks) == 2
    await bot.press(ADMIN, f"{keyboards.CB_MINUTES_PICK}{year[2].id}", message=asks[0])
    async with bot.session() as session:
        filed = set(await session.scalars(select(MeetingPhoto.file_id)))
    assert filed == {"ph-a", "ph-b", "ph-c"}  # either question files everything waiting


async def test_two_presses_of_the_choice_at_once_file_the_photos_once(bot, year):
    await _two_meetings_started(bot)
    await bot.send_photo(ADMIN, "ph-a")
    await bot.send(ADMIN, "/notulen Ringkas")
    [ask] = [c for c in bot.api.sent(ADMIN.id) if "pertemuan yang mana" in c.text]
    payload = dict(ask.result)
    bot.api.clear()
    data = f"{keyboards.CB_MINUTES_PICK}{year[2].id}"
    async with bot.started():
        await bot.feed(*(bot.press_update(ADMIN, data, payload) for _ in range(2)))
    async with bot.session() as session:
        photos = list(await session.scalars(select(MeetingPhoto)))
    assert [p.file_id for p in photos] == ["ph-a"]
    saved = [c.text for c in bot.api.sent(ADMIN.id) if "foto" in c.text]
    assert len(saved) == 1
    assert len([c for c in bot.api.sent(ADMIN.id) if "Notulen disimpan" in c.text]) == 1


async def test_concurrent_first_check_ins_take_the_roster_once(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    cadres = await add_active_cadres(bot, 30)
    bot.clock.set(datetime(2026, 7, 2, 2, tzinfo=UTC))
    await bot.send(ADMIN, "/jadwal baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    [meeting] = await meetings(bot)
    bot.clock.set(STARTS[2] - timedelta(minutes=30))
    data = f"att:me:{meeting.id}:y"
    payload = {"message_id": 1, "date": 0, "chat": {"id": 1, "type": "private"}, "text": "…"}
    async with bot.started():
        await bot.feed(*(bot.press_update(c, data, payload) for c in cadres))
    async with bot.session() as session:
        rows = (
            await session.execute(
                select(RosterMember.member_id, func.count())
                .where(RosterMember.meeting_id == meeting.id)
                .group_by(RosterMember.member_id)
            )
        ).all()
    assert len(rows) == 31 and {count for _, count in rows} == {1}  # 30 cadres + the admin
