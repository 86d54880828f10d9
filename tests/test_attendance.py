"""/hadir and /tamu: the window, the prompt, the admin's roll, guests, recap and files."""

import asyncio
import csv
import io
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from models.attendance import Attendance, Guest
from models.meeting import Meeting
from tests.conftest import ADMIN
from tests.flows import add_active_cadres, register, register_active
from tests.harness import GROUP_CHAT_ID, Person
from tests.test_meetings import AUG_15_0900_WIB, CADRES, create_one_line
from ui import keyboards, texts

STRANGER = Person(9999, "Orang")
NAMES = ["Siti Aminah", "Budi Santoso", "Ani Lestari"]


@pytest.fixture
async def meeting(bot):
    """Admin + three cadres (BKB RT 03, BKR RT 05, BKL RT 07), the group, a meeting on 15 Aug."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for cadre, name, rt, poktan in zip(
        CADRES, NAMES, ["03", "05", "07"], ["BKB", "BKR", "BKL"], strict=True
    ):
        await register_active(bot, ADMIN, cadre, name, rt, poktan)
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    created = await create_one_line(bot)
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    bot.api.clear()
    return created


async def presence(bot) -> dict[int, bool]:
    async with bot.session() as session:
        rows = await session.scalars(select(Attendance))
        return {row.member_id: row.present for row in rows}


async def member_id(bot, person) -> int:
    return (await bot.member(person.id)).id


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(hours=-1, seconds=-1), "belum dibuka"),
        (timedelta(hours=-1), "tercatat pukul 08.00 WIB"),
        (timedelta(hours=4, seconds=-1), "tercatat pukul 12.59 WIB"),
        (timedelta(hours=4), "sudah ditutup"),
    ],
)
async def test_cadre_check_in_window_edges(bot, meeting, offset, expected):
    bot.clock.set(AUG_15_0900_WIB + offset)
    await bot.send(CADRES[0], "/hadir")
    assert expected in bot.last_text(CADRES[0])
    stored = await presence(bot)
    assert stored == ({await member_id(bot, CADRES[0]): True} if "tercatat" in expected else {})


async def test_not_yet_says_when_it_opens(bot, meeting):
    bot.clock.set(AUG_15_0900_WIB - timedelta(days=1))
    await bot.send(CADRES[0], "/hadir")
    assert "Sabtu, 15 Agustus 2026 pukul 08.00 WIB" in bot.last_text(CADRES[0])


async def test_admin_opens_attendance_prompts_everyone_once_and_gets_the_roll(bot, meeting):
    await bot.send(ADMIN, "/hadir")
    for chat in [GROUP_CHAT_ID, *(c.id for c in CADRES)]:
        prompt = bot.api.last_sent(chat)
        assert "Apakah Anda hadir di pertemuan ini?" in prompt.text
        assert prompt.button_data == [f"att:me:{meeting.id}:y", f"att:me:{meeting.id}:n"]
    [roll] = [c for c in bot.api.sent(ADMIN.id) if "Hadir: <b>" in c.text]
    assert "Hadir: <b>0</b> dari 4 kader" in roll.text
    labels = [label for label, _ in roll.buttons]
    assert labels[:2] == ["— BKB (0/1) —", "⬜ Siti Aminah (RT 03)"]
    assert "— Pokja (0/1) —" in labels
    assert roll.buttons[-1] == ("🔒 Tutup absensi", f"att:close:{meeting.id}")

    prompts = len(bot.api.sent(CADRES[0].id))
    await bot.send(ADMIN, "/hadir")
    assert len(bot.api.sent(CADRES[0].id)) == prompts  # no second round of prompts


async def test_prompt_answers_mark_only_the_presser_and_repeat_is_harmless(bot, meeting):
    await bot.send(ADMIN, "/hadir")
    await bot.press(CADRES[0], f"att:me:{meeting.id}:y")
    await bot.press(CADRES[1], f"att:me:{meeting.id}:n")
    first = await presence(bot)
    assert first == {await member_id(bot, CADRES[0]): True, await member_id(bot, CADRES[1]): False}
    async with bot.session() as session:
        marked_at = await session.scalar(select(Attendance.marked_at).limit(1))
    bot.clock.advance(timedelta(minutes=5))
    await bot.press(CADRES[0], f"att:me:{meeting.id}:y")
    assert await presence(bot) == first
    async with bot.session() as session:
        assert await session.scalar(select(Attendance.marked_at).limit(1)) == marked_at
    await bot.press(CADRES[2], f"att:me:{meeting.id}:y", chat_id=GROUP_CHAT_ID)
    assert (await presence(bot))[await member_id(bot, CADRES[2])] is True


async def test_admin_toggles_on_the_roll_and_counts_update(bot, meeting):
    await bot.send(ADMIN, "/hadir")
    roll = bot.api.last_sent(ADMIN.id)
    siti = await member_id(bot, CADRES[0])
    toggle = f"att:tg:{meeting.id}:{siti}:0"
    await bot.press(ADMIN, toggle, message=roll)
    assert await presence(bot) == {siti: True}
    edit = bot.api.edits(ADMIN.id)[-1]
    assert "Hadir: <b>1</b> dari 4 kader" in edit.params["text"]
    assert ("✅ Siti Aminah (RT 03)", toggle) in edit.buttons
    await bot.press(ADMIN, toggle, message=roll)
    assert await presence(bot) == {siti: False}


async def test_a_cadre_cannot_mark_another(bot, meeting):
    await bot.send(ADMIN, "/hadir")
    budi = await member_id(bot, CADRES[1])
    await bot.press(CADRES[0], f"att:tg:{meeting.id}:{budi}:0")
    assert "Hanya admin" in bot.api.last_answer().params["text"]
    await bot.press(STRANGER, f"att:me:{meeting.id}:y")
    assert await presence(bot) == {}


async def test_the_roll_is_paged(bot, meeting):
    await add_active_cadres(bot, 45)
    await bot.send(ADMIN, "/hadir")
    [first] = [c for c in bot.api.sent(ADMIN.id) if "Halaman" in c.text]
    assert "Halaman 1/3" in first.text
    members = [d for d in first.button_data if d.startswith("att:tg:")]
    assert len(members) == 20
    navigation = [d for d in first.button_data if d.startswith("att:pg:")]
    assert navigation == [f"att:pg:{meeting.id}:0", f"att:pg:{meeting.id}:1"]  # refresh, next
    await bot.press(ADMIN, f"att:pg:{meeting.id}:1", message=first)
    second = bot.api.edits(ADMIN.id)[-1]
    assert "Halaman 2/3" in second.params["text"]
    assert not set(second.button_data) & set(members)
    await bot.press(ADMIN, f"att:pg:{meeting.id}:99", message=first)
    assert "Halaman 3/3" in bot.api.edits(ADMIN.id)[-1].params["text"]


async def test_closing_refuses_later_presses_and_offers_the_recap(bot, meeting):
    await bot.send(ADMIN, "/hadir")
    roll = bot.api.last_sent(ADMIN.id)
    await bot.press(CADRES[0], f"att:me:{meeting.id}:y")
    await bot.press(ADMIN, f"att:close:{meeting.id}", message=roll)
    assert "Tutup absensi sekarang?" in bot.last_text(ADMIN)
    await bot.press(ADMIN, f"att:closeok:{meeting.id}")
    assert "Absensi ditutup. Hadir 1 kader dan 0 tamu" in bot.last_text(ADMIN)
    assert bot.last_buttons(ADMIN) == [
        ("↩️ Buka lagi", f"att:reopen:{meeting.id}"),
        ("📊 Lihat rekap", f"att:rekap:{meeting.id}"),
    ]
    before = await presence(bot)
    await bot.press(CADRES[1], f"att:me:{meeting.id}:y")
    assert "sudah ditutup" in bot.api.last_answer().params["text"]
    siti = await member_id(bot, CADRES[0])
    await bot.press(ADMIN, f"att:tg:{meeting.id}:{siti}:0", message=roll)
    assert "sudah ditutup" in bot.api.last_answer().params["text"]
    await bot.send(CADRES[2], "/hadir")
    assert "sudah ditutup" in bot.last_text(CADRES[2])
    assert await presence(bot) == before
    await bot.press(CADRES[0], f"att:close:{meeting.id}")  # forged close by a cadre
    assert bot.api.last_answer().params["show_alert"] is True
    await bot.press(CADRES[0], f"att:reopen:{meeting.id}")  # forged reopen by a cadre
    assert bot.api.last_answer().params["show_alert"] is True
    async with bot.session() as session:
        stored = await session.get(Meeting, meeting.id)
        assert stored.attendance_closed_at is not None


async def test_guests_single_bulk_bad_lines_and_removal(bot, meeting):
    await bot.send(ADMIN, "/tamu Drs. Hasan - Sekretaris Lurah")
    assert "1 tamu ditambahkan" in bot.last_text(ADMIN)
    await bot.send(
        ADMIN,
        "/tamu\nPak Rahmat - Ketua RT 07\nUstaz Fauzi\n\nIbu Wati – PLKB\n"
        "1. Rudi | Mahasiswa KKN\nX - Tokoh Agama",
    )
    report = bot.last_text(ADMIN)
    assert "3 tamu ditambahkan. Jumlah tamu sekarang: 4" in report
    assert "Baris 2: <code>Ustaz Fauzi</code>" in report
    assert "Baris 6:" in report and "nama 2–100 karakter" in report
    async with bot.session() as session:
        guests = list(await session.scalars(select(Guest).order_by(Guest.id)))
    assert [(g.name, g.role) for g in guests] == [
        ("Drs. Hasan", "Sekretaris Lurah"),
        ("Pak Rahmat", "Ketua RT 07"),
        ("Ibu Wati", "PLKB"),
        ("Rudi", "Mahasiswa KKN"),
    ]
    await bot.send(ADMIN, "/tamu")
    listing = bot.api.last_sent(ADMIN.id)
    assert len(listing.buttons) == 4
    await bot.press(ADMIN, f"att:gdel:{guests[0].id}", message=listing)
    assert "Drs. Hasan dihapus" in bot.api.last_answer().params["text"]
    await bot.press(ADMIN, f"att:gdel:{guests[0].id}", message=listing)
    assert "sudah dihapus" in bot.api.last_answer().params["text"]
    await bot.press(CADRES[0], f"att:gdel:{guests[1].id}")
    await bot.send(CADRES[0], "/tamu Penyusup - Iseng")
    async with bot.session() as session:
        listed = select(func.count()).select_from(Guest).where(Guest.removed_at.is_(None))
        assert await session.scalar(listed) == 3


async def _known_meeting(bot, meeting):
    """RSVPs and attendance with known answers, as a secretary would see them."""
    bot.clock.set(AUG_15_0900_WIB - timedelta(days=2))
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")  # comes as promised
    await bot.press(CADRES[1], f"rsvp:{meeting.id}:hadir")  # promised, absent
    await bot.press(CADRES[2], f"rsvp:{meeting.id}:izin")  # excused
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=10))
    await bot.send(ADMIN, "/hadir")
    await bot.press(CADRES[0], f"att:me:{meeting.id}:y")
    await bot.send(ADMIN, "/hadir")  # the admin came without answering
    roll = bot.api.last_sent(ADMIN.id)
    await bot.press(ADMIN, f"att:tg:{meeting.id}:{await member_id(bot, ADMIN)}:0", message=roll)
    await bot.send(ADMIN, "/tamu Drs. Hasan - Sekretaris Lurah\nPak Rahmat - Ketua RT 07")
    await bot.send(ADMIN, "/tamu Ibu Wati - Ketua RT 07")


async def test_recap_numbers_paragraph_and_files(bot, meeting):
    await _known_meeting(bot, meeting)
    bot.api.clear()
    await bot.send(ADMIN, "/hadir rekap")  # one meeting held: its recap at once
    recap, paragraph = bot.api.texts(ADMIN.id)[:2]
    assert "Hadir: <b>5</b> orang (2 kader, 3 tamu) dari 4 kader terdaftar" in recap
    assert "• BKB: 1/1" in recap and "• BKR: 0/1" in recap and "• Pokja: 1/1" in recap
    assert "• RT 03: 1/1" in recap and "• RT 05: 0/1" in recap
    assert "• Ketua RT 07: 2" in recap and "• Sekretaris Lurah: 1" in recap
    assert "Hadir sesuai konfirmasi: 1" in recap
    assert "Hadir tanpa konfirmasi hadir: 1" in recap
    assert "Konfirmasi hadir tetapi tidak datang: 1 — Budi Santoso" in recap
    assert "Izin: 1 — Ani Lestari" in recap
    assert (
        "Pertemuan rutin triwulan III Kampung KB Penyengat Rendah dilaksanakan pada Sabtu, "
        "15 Agustus 2026 pukul 09.00 WIB di Rumah Data RT 07 (tuan rumah RT 07) dengan materi "
        "Pembinaan Poktan. Kegiatan ini dihadiri 5 orang: 2 kader (BKB 1, Pokja 1) dan 3 tamu "
        "(Ketua RT 07, Sekretaris Lurah)." in paragraph
    )

    xlsx, csv_doc, pdf = bot.api.documents()[-3:]
    assert xlsx.album is not None and xlsx.album is pdf.album  # one album of documents
    assert xlsx.name == "rekap-kehadiran-2026-08-15-RT07.xlsx"
    assert pdf.name == "daftar-hadir-2026-08-15-RT07.pdf"
    workbook = load_workbook(io.BytesIO(xlsx.content))
    sheet = workbook["Kehadiran"]
    rows = list(sheet.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if row[0] == "No")
    assert rows[top] == (
        "No", "Nama", "Peran", "Poktan", "RT", "Konfirmasi", "Hadir", "Waktu hadir", "Tanda tangan"
    )  # fmt: skip
    by_name = {row[1]: row for row in rows[top + 1 :]}
    assert by_name["Siti Aminah"][3:7] == ("BKB", "03", "Hadir", "Ya")
    assert by_name["Siti Aminah"][7] == "2026-08-15 08.50 WIB"
    assert by_name["Budi Santoso"][5:7] == ("Hadir", "Tidak")
    assert by_name["Rina Sekretaris"][5:7] == ("Belum menjawab", "Ya")
    assert by_name["Drs. Hasan"][2:4] == ("Sekretaris Lurah", "Tamu")
    assert [row[0] for row in rows[top + 1 :]] == list(range(1, 8))
    totals = {(r[0], r[1]): r[2:] for r in workbook["Rekap"].iter_rows(values_only=True)}
    assert totals[("Jumlah", "Hadir (kader + tamu)")][0] == 5
    assert totals[("Poktan", "BKB")] == (1, 1, 1.0)
    assert totals[("Tamu", "Ketua RT 07")][0] == 2
    parsed = list(csv.reader(io.StringIO(csv_doc.content.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0][:2] == ["No", "Nama"] and len(parsed) == 1 + 4 + 3


async def test_recap_is_for_admins(bot, meeting):
    await bot.send(CADRES[0], "/hadir rekap")
    assert "hanya untuk admin" in bot.last_text(CADRES[0])
    await bot.press(CADRES[0], f"att:rekap:{meeting.id}")
    assert bot.api.documents() == []


async def test_two_hundred_concurrent_presses_land_exactly_once(bot, meeting):
    cadres = await add_active_cadres(bot, 200)
    await bot.send(ADMIN, "/hadir")
    prompt = {c.id: bot.api.last_sent(c.id) for c in cadres[:1]}[cadres[0].id]
    data = f"att:me:{meeting.id}:y"
    # Every cadre presses twice, all at once: 400 updates in flight together.
    updates = [bot.press_update(c, data, prompt.result) for c in cadres for _ in range(2)]
    await asyncio.gather(*(bot.app.process_update(u) for u in updates))
    async with bot.session() as session:
        rows = (
            await session.execute(
                select(Attendance.member_id, func.count())
                .where(Attendance.meeting_id == meeting.id)
                .group_by(Attendance.member_id)
            )
        ).all()
    assert len(rows) == 200
    assert {count for _, count in rows} == {1}
    assert len(bot.api.answers()) == 400


async def test_presses_through_the_update_queue_with_concurrent_updates(bot, meeting):
    """The same burst as the running bot sees it: via the update queue, handled side by side."""
    assert bot.app.concurrent_updates > 1
    cadres = await add_active_cadres(bot, 60)
    await bot.send(ADMIN, "/hadir")
    prompt = bot.api.last_sent(cadres[0].id)
    await bot.app.start()
    try:
        for cadre in cadres:
            await bot.app.update_queue.put(
                bot.press_update(cadre, f"att:me:{meeting.id}:y", prompt.result)
            )
        await asyncio.wait_for(bot.app.update_queue.join(), timeout=60)
    finally:
        await bot.app.stop()  # waits for the updates still being handled
    assert len(await presence(bot)) == 60
    assert len(bot.api.answers()) == 60


async def test_closing_asks_first_and_can_be_undone_while_the_window_lasts(bot, meeting):
    await bot.send(ADMIN, "/hadir")
    await bot.press(ADMIN, f"att:close:{meeting.id}")
    assert "Tutup absensi sekarang?" in bot.last_text(ADMIN)
    await bot.press(ADMIN, "att:closeno")
    assert "tetap dibuka" in bot.api.edits(ADMIN.id)[-1].params["text"]
    await bot.send(CADRES[0], "/hadir")
    assert "tercatat" in bot.last_text(CADRES[0])

    await bot.press(ADMIN, f"att:close:{meeting.id}")
    await bot.press(ADMIN, f"att:closeok:{meeting.id}")
    assert "Absensi ditutup" in bot.last_text(ADMIN)
    await bot.press(ADMIN, f"att:closeok:{meeting.id}")  # a second press: already closed
    assert "sudah ditutup sebelumnya" in bot.api.last_answer().params["text"]
    await bot.send(CADRES[1], "/hadir")
    assert "sudah ditutup" in bot.last_text(CADRES[1])

    await bot.press(ADMIN, f"att:reopen:{meeting.id}")
    assert "dibuka lagi" in bot.api.edits(ADMIN.id)[-1].params["text"]
    await bot.send(CADRES[1], "/hadir")
    assert "tercatat" in bot.last_text(CADRES[1])
    await bot.press(ADMIN, f"att:reopen:{meeting.id}")  # stale: it is open
    assert bot.api.last_answer().params["show_alert"] is True

    # Once the window has passed by the clock, a close is final.
    await bot.press(ADMIN, f"att:close:{meeting.id}")
    await bot.press(ADMIN, f"att:closeok:{meeting.id}")
    bot.clock.set(AUG_15_0900_WIB + timedelta(hours=4))
    await bot.press(ADMIN, f"att:reopen:{meeting.id}")
    assert "tidak bisa dibuka lagi" in bot.api.last_answer().params["text"]
    async with bot.session() as session:
        assert (await session.get(Meeting, meeting.id)).attendance_closed_at is not None


async def test_unticking_a_cadre_can_be_undone(bot, meeting):
    await bot.send(CADRES[0], "/hadir")
    await bot.send(ADMIN, "/hadir")
    siti = await member_id(bot, CADRES[0])
    await bot.press(ADMIN, f"att:tg:{meeting.id}:{siti}:0")
    assert (await presence(bot))[siti] is False
    assert "Siti Aminah ditandai <b>tidak hadir</b>" in bot.last_text(ADMIN)
    [(label, data)] = bot.last_buttons(ADMIN)
    assert (label, data) == ("↩️ Urungkan", f"att:undo:{meeting.id}:{siti}")
    await bot.press(CADRES[1], data)  # not an admin
    assert (await presence(bot))[siti] is False
    await bot.press(ADMIN, data)
    assert (await presence(bot))[siti] is True
    await bot.press(ADMIN, data)  # a second press changes nothing
    assert "Tidak ada yang perlu diurungkan" in bot.api.last_answer().params["text"]


async def test_removing_a_guest_can_be_undone(bot, meeting):
    await bot.send(ADMIN, "/tamu Drs. Hasan - Sekretaris Lurah\nPak Rahmat - Ketua RT 07")
    await bot.send(ADMIN, "/tamu")
    async with bot.session() as session:
        hasan = await session.scalar(select(Guest).where(Guest.name == "Drs. Hasan"))
    await bot.press(ADMIN, f"att:gdel:{hasan.id}")
    assert "Tamu <b>Drs. Hasan</b> dihapus" in bot.last_text(ADMIN)
    [(label, data)] = bot.last_buttons(ADMIN)
    assert (label, data) == ("↩️ Urungkan", f"att:grest:{hasan.id}")
    await bot.press(CADRES[0], data)  # forged by a cadre
    await bot.send(ADMIN, "/hadir rekap")
    assert "1 tamu" in next(t for t in bot.api.texts(ADMIN.id) if "Rekap kehadiran" in t)
    await bot.press(ADMIN, data)
    assert "kembali di daftar hadir" in bot.api.edits(ADMIN.id)[-1].params["text"]
    await bot.press(ADMIN, data)
    assert "Tidak ada yang perlu diurungkan" in bot.api.last_answer().params["text"]
    await bot.send(ADMIN, "/tamu")
    assert "Tamu yang hadir (2)" in bot.last_text(ADMIN)


async def test_popups_are_plain_text_not_html(bot, meeting):
    """A popup shows its text as is: "PKK & Karang Taruna", never "PKK &amp; Karang
    Taruna"; the message below it (HTML) escapes the name as it must."""
    await bot.send(ADMIN, "/tamu PKK & Karang Taruna - Mitra <RW 07>")
    await bot.send(ADMIN, "/tamu")
    async with bot.session() as session:
        guest = await session.scalar(select(Guest).where(Guest.name == "PKK & Karang Taruna"))
    assert guest is not None
    await bot.press(ADMIN, f"att:gdel:{guest.id}")
    assert (
        bot.api.last_answer().params["text"]
        == "Tamu PKK & Karang Taruna dihapus dari daftar hadir."
    )
    assert "PKK &amp; Karang Taruna" in bot.last_text(ADMIN)


async def test_attendance_for_a_meeting_cancelled_while_its_window_was_open_is_refused(
    bot, meeting
):
    """Check-in had opened (prompts and the roll out) when the meeting was cancelled: a
    cadre's press on the prompt and the admin's tick on the roll are refused with a
    popup, and nothing is stored."""
    await bot.send(ADMIN, "/hadir")
    siti = await member_id(bot, CADRES[0])
    [roll] = [c for c in bot.api.sent(ADMIN.id) if "Hadir: <b>" in c.text]
    await bot.send(ADMIN, "/jadwal batal")
    await bot.send(ADMIN, "Bentrok dengan acara kelurahan")
    await bot.press(ADMIN, f"{keyboards.CB_CANCEL_YES}{meeting.id}")
    async with bot.session() as session:
        assert (await session.get_one(Meeting, meeting.id)).is_cancelled

    await bot.press(CADRES[0], f"{keyboards.CB_ATT_SELF}{meeting.id}:y")
    assert bot.api.last_answer().params["text"] == texts.ATTENDANCE_MEETING_OFF
    assert bot.api.last_answer().params["show_alert"] is True
    await bot.press(ADMIN, f"{keyboards.CB_ATT_TOGGLE}{meeting.id}:{siti}:0", message=roll)
    assert bot.api.last_answer().params["text"] == texts.ATTENDANCE_MEETING_OFF
    assert await presence(bot) == {}


async def test_a_mark_read_before_a_cancellation_is_refused_by_the_database(bot, meeting):
    """The handler read the meeting as scheduled; the cancellation commits before the
    mark's transaction: the mark is refused there, not by the stale object."""
    from models.attendance import MarkSource, MeetingNotOn, mark_attendance
    from models.meeting import cancel_meeting

    async with bot.session() as session:
        stale = await session.get_one(Meeting, meeting.id)
    siti = await bot.member(CADRES[0].id)
    async with bot.session() as session, session.begin():
        fresh = await session.get_one(Meeting, meeting.id)
        assert await cancel_meeting(session, fresh, "Banjir", now=bot.clock())
    assert not stale.is_cancelled
    with pytest.raises(MeetingNotOn):
        async with bot.session() as session, session.begin():
            await mark_attendance(
                session,
                stale,
                siti,
                present=True,
                source=MarkSource.SELF,
                by=siti,
                now=bot.clock(),
            )
    assert await presence(bot) == {}
