"""/jadwal: planning, rotation, announcements, changes, cancellation, year view."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from models.broadcast import Delivery, DeliveryStatus
from models.meeting import Meeting, MeetingStatus, Rsvp, RsvpAnswer, Sector, Speaker
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import GROUP_CHAT_ID, Person
from ui import keyboards, texts

CADRES = [Person(7001, "Siti"), Person(7002, "Budi"), Person(7003, "Ani")]
ONE_LINE = "/jadwal baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan"
AUG_15_0900_WIB = datetime(2026, 8, 15, 2, 0, tzinfo=UTC)


@pytest.fixture
async def kampung(bot):
    """An admin, three active cadres and the group bound; the clock at 1 July 2026, 09.00 WIB."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for cadre, name in zip(CADRES, ["Siti Aminah", "Budi Santoso", "Ani Lestari"], strict=True):
        await register_active(bot, ADMIN, cadre, name, "03", "BKB")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    assert "Grup ini sekarang menerima" in bot.last_text(GROUP_CHAT_ID)
    bot.api.clear()
    return bot


async def meetings(bot) -> list[Meeting]:
    async with bot.session() as session:
        return list(await session.scalars(select(Meeting).order_by(Meeting.starts_at)))


async def rsvps(bot) -> dict[int, RsvpAnswer]:
    async with bot.session() as session:
        return {r.member_id: r.answer for r in await session.scalars(select(Rsvp))}


async def create_one_line(bot, text: str = ONE_LINE) -> Meeting:
    await bot.send(ADMIN, text)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    return (await meetings(bot))[-1]


async def test_no_meeting_yet(kampung):
    bot = kampung
    await bot.send(CADRES[0], "/jadwal")
    assert "Belum ada jadwal" in bot.last_text(CADRES[0])
    assert bot.last_buttons(CADRES[0]) == []
    await bot.send(ADMIN, "/jadwal")
    assert bot.api.last_sent(ADMIN.id).button_data == [
        f"{keyboards.CB_NEW_MEETING}{bot.app.bot_data.kampung_id}"
    ]


async def test_guided_flow_creates_announces_and_reports(kampung):
    bot = kampung
    await bot.send(ADMIN, "/jadwal")
    await bot.press(ADMIN, f"{keyboards.CB_NEW_MEETING}{bot.app.bot_data.kampung_id}")
    assert "Tanggal berapa" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "15-08-2026")
    assert "Jam berapa" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "09.00")
    host_question = bot.api.last_sent(ADMIN.id)
    assert "Menurut giliran: <b>RT 01</b>" in host_question.text
    assert host_question.buttons[0] == ("⭐ RT 01", "mtg:host:01")
    assert len(host_question.buttons) == 12
    await bot.press(ADMIN, "mtg:host:07")  # the secretary overrides the rotation
    assert bot.api.last_sent(ADMIN.id).buttons == [("Rumah Data RT 07", keyboards.CB_VENUE_DEFAULT)]
    await bot.press(ADMIN, keyboards.CB_VENUE_DEFAULT)
    await bot.send(ADMIN, "Pembinaan Poktan")
    assert bot.api.last_sent(ADMIN.id).button_data == [keyboards.CB_NO_SPEAKERS]
    await bot.send(ADMIN, "Ramadani J")
    await bot.send(ADMIN, "Perwakilan BKKBN Provinsi Jambi")
    await bot.press(ADMIN, keyboards.CB_SECTOR + "pemerintah")
    assert "Ramadani J — Perwakilan BKKBN Provinsi Jambi (Pemerintah)" in bot.last_text(ADMIN)
    await bot.press(ADMIN, keyboards.CB_SPEAKERS_DONE)
    review = bot.api.last_sent(ADMIN.id)
    assert "Sabtu, 15 Agustus 2026 pukul 09.00 WIB" in review.text
    assert "RT 07 (menggantikan giliran RT 01)" in review.text
    assert await meetings(bot) == []  # nothing stored before Simpan

    await bot.press(ADMIN, keyboards.CB_SAVE)

    [meeting] = await meetings(bot)
    assert meeting.starts_at == AUG_15_0900_WIB
    assert (meeting.host_rt, meeting.proposed_host_rt) == ("07", "01")
    assert (meeting.venue, meeting.topic) == ("Rumah Data RT 07", "Pembinaan Poktan")
    async with bot.session() as session:
        speakers = list(await session.scalars(select(Speaker)))
    assert [(s.name, s.institution, s.sector) for s in speakers] == [
        ("Ramadani J", "Perwakilan BKKBN Provinsi Jambi", Sector.GOVERNMENT)
    ]
    for chat in [GROUP_CHAT_ID, *(c.id for c in CADRES)]:
        announcement = bot.api.last_sent(chat)
        assert "Pertemuan Rutin Triwulan III 2026" in announcement.text
        assert "Sabtu, 15 Agustus 2026 pukul 09.00 WIB (6 minggu lagi)" in announcement.text
        assert "Tuan rumah: <b>RT 07</b>" in announcement.text
        assert announcement.button_data == [
            f"rsvp:{meeting.id}:hadir",
            f"rsvp:{meeting.id}:izin",
            f"rsvp:{meeting.id}:tidak",
        ]
    report = bot.last_text(ADMIN)
    assert "terkirim ke <b>4</b> kader" in report  # three cadres and the admin
    assert "Grup: terkirim" in report


@pytest.mark.parametrize(
    ("typed_date", "typed_time", "expected_local"),
    [
        ("15-08-2026", "09.00", (2026, 8, 15, 9, 0)),
        ("15/8/2026", "9:00", (2026, 8, 15, 9, 0)),
        ("15 Agustus 2026", "09.30 WIB", (2026, 8, 15, 9, 30)),
        ("15 agu", "14.00", (2026, 8, 15, 14, 0)),
        ("Sabtu, 5 September 2026", "jam 8 pagi", (2026, 9, 5, 8, 0)),
    ],
)
async def test_accepted_date_and_time_forms(kampung, typed_date, typed_time, expected_local):
    bot = kampung
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, typed_date)
    await bot.send(ADMIN, typed_time)
    await bot.press(ADMIN, "mtg:host:01")
    await bot.send(ADMIN, "Balai RW 03")
    await bot.send(ADMIN, "Kesehatan reproduksi remaja")
    await bot.press(ADMIN, keyboards.CB_NO_SPEAKERS)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    [meeting] = await meetings(bot)
    local = meeting.local_start(bot.app.bot_data.settings.tz)
    assert (local.year, local.month, local.day, local.hour, local.minute) == expected_local
    assert meeting.venue == "Balai RW 03"


@pytest.mark.parametrize(
    ("step_inputs", "bad", "message"),
    [
        ([], "01-01-2026", "sudah lewat"),
        ([], "31-02-2027", "tidak ada di kalender"),
        ([], "kapan-kapan", "Tanggal tidak dikenali"),
        (["15-08-2026"], "25.00", "00.00–23.59"),
        (["15-08-2026"], "pagi sekali", "Jam tidak dikenali"),
        (["hari ini"], "08.00", "sudah lewat"),  # 1 July 08.00 WIB is an hour ago
        (["15-08-2026", "09.00"], "RT 99", "tidak ada dalam daftar giliran"),
    ],
)
async def test_invalid_input_is_explained_and_asked_again(kampung, step_inputs, bad, message):
    bot = kampung
    await bot.send(ADMIN, "/jadwal baru")
    for text in step_inputs:
        await bot.send(ADMIN, text)
    before = bot.last_text(ADMIN)
    await bot.send(ADMIN, bad)
    assert message in bot.last_text(ADMIN)
    assert bot.last_text(ADMIN) != before
    assert await meetings(bot) == []


async def test_venue_and_topic_too_long_are_refused(kampung):
    bot = kampung
    await bot.send(ADMIN, "/jadwal baru")
    for text in ["15-08-2026", "09.00", "RT 3"]:
        await bot.send(ADMIN, text)
    await bot.send(ADMIN, "x" * 201)
    assert "Terlalu panjang" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "Posyandu Melati")
    await bot.send(ADMIN, "y" * 201)
    assert "Terlalu panjang" in bot.last_text(ADMIN)


async def test_one_line_form_goes_to_review_then_saves(kampung):
    bot = kampung
    await bot.send(ADMIN, ONE_LINE)
    review = bot.api.last_sent(ADMIN.id)
    assert "Periksa jadwal" in review.text
    assert review.button_data == [keyboards.CB_SAVE, keyboards.CB_EDIT, keyboards.CB_ABORT]
    await bot.press(ADMIN, keyboards.CB_SAVE)
    [meeting] = await meetings(bot)
    assert meeting.starts_at == AUG_15_0900_WIB
    assert (meeting.host_rt, meeting.venue, meeting.topic) == (
        "07",
        "Rumah Data RT 07",
        "Pembinaan Poktan",
    )


async def test_a_sticker_at_a_typed_step_is_asked_for_text_not_for_buttons(kampung):
    """The date, time and topic steps have no buttons: pointing at "the buttons above"
    would be wrong there. The step stays and takes the typed answer."""
    bot = kampung
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send_sticker(ADMIN)
    assert bot.last_text(ADMIN) == texts.TYPE_TEXT
    await bot.send(ADMIN, "15-08-2026")
    await bot.send_sticker(ADMIN)
    assert bot.last_text(ADMIN) == texts.TYPE_TEXT
    await bot.send(ADMIN, "09.00")
    await bot.send_sticker(ADMIN)  # the host step has buttons: those are meant
    assert bot.last_text(ADMIN) == texts.USE_BUTTONS
    await bot.press(ADMIN, "mtg:host:07")
    await bot.send(ADMIN, "Rumah Data RT 07")
    await bot.send_sticker(ADMIN)
    assert bot.last_text(ADMIN) == texts.TYPE_TEXT
    await bot.send(ADMIN, "Pembinaan Poktan")
    await bot.press(ADMIN, keyboards.CB_NO_SPEAKERS)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    [meeting] = await meetings(bot)
    assert (meeting.starts_at, meeting.topic) == (AUG_15_0900_WIB, "Pembinaan Poktan")


async def test_invisible_characters_in_venue_and_topic_are_dropped(kampung):
    bot = kampung
    line = (
        "/jadwal baru 15-08-2026 09.00 RT07 \u202eRumah\u200b Data RT 07 | Gizi\u2067 Balita\u2069"
    )
    meeting = await create_one_line(bot, line)
    assert (meeting.venue, meeting.topic) == ("Rumah Data RT 07", "Gizi Balita")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("/jadwal baru 15-08-2026 09.00 RT99 Balai | Materi", "RT itu tidak ada"),
        ("/jadwal baru 15-08-2025 09.00 RT07 Balai | Materi", "sudah lewat"),
        ("/jadwal baru 15-08-2026 09.00 RT07 Balai", "kurang"),
        ("/jadwal baru 15-08-2026 jam RT07 Balai | Materi", "Jam tidak dikenali"),
    ],
)
async def test_bad_one_line_form_stores_nothing(kampung, line, message):
    bot = kampung
    await bot.send(ADMIN, line)
    assert message in bot.last_text(ADMIN)
    assert "Format satu baris" in bot.last_text(ADMIN)
    assert await meetings(bot) == []


async def test_cadres_cannot_plan_and_flows_stay_private(kampung):
    bot = kampung
    await bot.send(CADRES[0], ONE_LINE)
    assert "hanya untuk admin" in bot.last_text(CADRES[0])
    await bot.press(CADRES[0], f"{keyboards.CB_NEW_MEETING}{bot.app.bot_data.kampung_id}")
    assert bot.api.last_answer().params["show_alert"] is True
    await bot.send(ADMIN, "/jadwal baru", chat_id=GROUP_CHAT_ID)
    assert "chat pribadi" in bot.last_text(GROUP_CHAT_ID)
    await bot.press(CADRES[0], keyboards.CB_SAVE)  # forged: no flow of theirs
    assert await meetings(bot) == []


async def test_rotation_wraps_skips_cancelled_and_remembers_overrides(kampung):
    bot = kampung
    await create_one_line(bot, "/jadwal baru 15-08-2026 09.00 RT12 Balai | Materi")
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "14-11-2026")
    await bot.send(ADMIN, "09.00")
    assert "Menurut giliran: <b>RT 01</b>" in bot.last_text(ADMIN)  # 12 wraps to 01
    await bot.press(ADMIN, "mtg:host:05")
    await bot.press(ADMIN, keyboards.CB_VENUE_DEFAULT)
    await bot.send(ADMIN, "Materi IV")
    await bot.press(ADMIN, keyboards.CB_NO_SPEAKERS)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    november = (await meetings(bot))[-1]
    assert (november.host_rt, november.proposed_host_rt) == ("05", "01")

    # Cancel November: the next proposal goes back to following August's RT 12.
    await bot.send(ADMIN, "/jadwal batal Bentrok dengan acara kelurahan")
    await bot.press(ADMIN, keyboards.CB_PICK + f"batal:{november.id}")
    await bot.press(ADMIN, f"{keyboards.CB_CANCEL_YES}{november.id}")
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "21-11-2026")
    await bot.send(ADMIN, "09.00")
    assert "Menurut giliran: <b>RT 01</b>" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "/batal")
    await bot.send(ADMIN, "/jadwal tahun 2027")
    overview = bot.last_text(ADMIN)
    assert "Triwulan I</b>: belum dijadwalkan (giliran RT 01)" in overview
    assert "Triwulan II</b>: belum dijadwalkan (giliran RT 02)" in overview
    assert "Triwulan IV</b>: belum dijadwalkan (giliran RT 04)" in overview


async def test_second_meeting_in_a_quarter_needs_confirmation(kampung):
    bot = kampung
    await create_one_line(bot)
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "29-08-2026")
    assert "sudah ada pertemuan" in bot.last_text(ADMIN)
    await bot.press(ADMIN, keyboards.CB_SECOND_NO)
    assert "Tanggal berapa" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "29-08-2026")
    await bot.press(ADMIN, keyboards.CB_SECOND_YES)
    assert "Jam berapa" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "10.00")
    await bot.press(ADMIN, "mtg:host:08")
    await bot.press(ADMIN, keyboards.CB_VENUE_DEFAULT)
    await bot.send(ADMIN, "Tambahan")
    await bot.press(ADMIN, keyboards.CB_NO_SPEAKERS)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    assert len(await meetings(bot)) == 2


async def test_year_overview_and_creating_the_missing_quarters(kampung):
    bot = kampung
    await create_one_line(bot)  # Q3, RT 07
    await bot.send(ADMIN, "/jadwal tahun")
    overview = bot.api.last_sent(ADMIN.id)
    assert "Jadwal pertemuan 2026" in overview.text
    assert "Triwulan I</b>: tidak ada pertemuan" in overview.text
    assert "Triwulan III</b>: Sabtu, 15 Agustus 2026" in overview.text
    assert "Triwulan IV</b>: belum dijadwalkan (giliran RT 08)" in overview.text
    assert overview.button_data == [
        f"{keyboards.CB_CREATE_MISSING}{bot.app.bot_data.kampung_id}:2026"
    ]

    await bot.send(CADRES[0], "/jadwal tahun 2026")
    assert bot.last_buttons(CADRES[0]) == []
    await bot.press(
        CADRES[0], f"{keyboards.CB_CREATE_MISSING}{bot.app.bot_data.kampung_id}:2026"
    )  # forged
    assert len(await meetings(bot)) == 1

    await bot.press(
        ADMIN, f"{keyboards.CB_CREATE_MISSING}{bot.app.bot_data.kampung_id}:2026", message=overview
    )
    q4 = (await meetings(bot))[-1]
    assert q4.host_rt == "08"
    assert q4.local_start(bot.app.bot_data.settings.tz).date().isoformat() == "2026-11-14"
    assert any("1 jadwal dibuat" in text for text in bot.api.texts(ADMIN.id))
    await bot.press(
        ADMIN, f"{keyboards.CB_CREATE_MISSING}{bot.app.bot_data.kampung_id}:2026", message=overview
    )
    assert len(await meetings(bot)) == 2


async def test_reschedule_resets_rsvps_and_tells_everyone(kampung):
    bot = kampung
    meeting = await create_one_line(bot)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    await bot.press(CADRES[1], f"rsvp:{meeting.id}:izin")
    assert len(await rsvps(bot)) == 2

    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "date")
    await bot.send(ADMIN, "22-08-2026")
    assert "Jadwal setelah diubah" in bot.last_text(ADMIN)
    await bot.press(ADMIN, keyboards.CB_SAVE)

    [moved] = await meetings(bot)
    assert moved.starts_at == AUG_15_0900_WIB + timedelta(days=7)
    assert await rsvps(bot) == {}
    for chat in [GROUP_CHAT_ID, *(c.id for c in CADRES)]:
        notice = bot.api.last_sent(chat)
        assert "Perubahan jadwal pertemuan</b>" in notice.text
        assert "Sab, 15 Agu 09.00 → <b>Sab, 22 Agu 09.00</b>" in notice.text  # old → new
        assert "mohon jawab lagi" in notice.text
        assert notice.button_data[0] == f"rsvp:{meeting.id}:hadir"


async def test_other_changes_keep_rsvps(kampung):
    bot = kampung
    meeting = await create_one_line(bot)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "venue")
    await bot.send(ADMIN, "Aula Kantor Lurah")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    assert (await meetings(bot))[0].venue == "Aula Kantor Lurah"
    assert list((await rsvps(bot)).values()) == [RsvpAnswer.YES]
    notice = bot.last_text(CADRES[1])
    assert "📍 Rumah Data RT 07 → <b>Aula Kantor Lurah</b>" in notice  # old → new
    assert "mohon jawab lagi" not in notice
    # Siti answered before the change: her notice shows her answer instead of asking.
    siti_notice = bot.last_text(CADRES[0])
    assert "Jawaban Anda: <b>Hadir ✅</b>" in siti_notice
    assert texts.ASK_RSVP not in siti_notice and texts.ASK_RSVP in notice


async def test_change_that_changes_nothing_sends_nothing(kampung):
    bot = kampung
    await create_one_line(bot)
    sent_before = len(bot.api.sent())
    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "topic")
    await bot.send(ADMIN, "Pembinaan Poktan")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    assert "Tidak ada yang berubah" in bot.last_text(ADMIN)
    assert all(c.chat_id == ADMIN.id for c in bot.api.sent()[sent_before:])


async def test_cancel_with_reason_tells_everyone_and_closes_rsvp(kampung):
    bot = kampung
    meeting = await create_one_line(bot)
    announcement = bot.api.last_sent(CADRES[2].id)
    await bot.send(ADMIN, "/jadwal batal")
    assert "alasan" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "Bertepatan dengan acara kelurahan")
    await bot.press(ADMIN, f"{keyboards.CB_CANCEL_YES}{meeting.id}")

    [cancelled] = await meetings(bot)
    assert cancelled.status is MeetingStatus.CANCELLED
    assert cancelled.cancel_reason == "Bertepatan dengan acara kelurahan"
    for chat in [GROUP_CHAT_ID, *(c.id for c in CADRES)]:
        assert "DIBATALKAN" in bot.last_text(chat)
    await bot.press(CADRES[2], f"rsvp:{meeting.id}:hadir", message=announcement)
    assert "sudah dibatalkan" in bot.api.last_answer().params["text"]
    assert await rsvps(bot) == {}
    await bot.send(CADRES[2], "/jadwal")
    assert "Belum ada jadwal" in bot.last_text(CADRES[2])


async def test_cancel_can_be_kept(kampung):
    bot = kampung
    meeting = await create_one_line(bot)
    await bot.send(ADMIN, "/jadwal batal Hujan deras")
    await bot.press(ADMIN, keyboards.CB_CANCEL_NO)
    assert (await meetings(bot))[0].status is MeetingStatus.SCHEDULED
    await bot.press(ADMIN, f"{keyboards.CB_CANCEL_YES}{meeting.id}")  # stale now
    assert (await meetings(bot))[0].status is MeetingStatus.SCHEDULED


async def test_cadre_cannot_cancel_even_with_a_forged_button(kampung):
    bot = kampung
    meeting = await create_one_line(bot)
    await bot.send(CADRES[0], "/jadwal batal iseng")
    assert "hanya untuk admin" in bot.last_text(CADRES[0])
    await bot.press(CADRES[0], f"{keyboards.CB_CANCEL_YES}{meeting.id}")
    assert (await meetings(bot))[0].status is MeetingStatus.SCHEDULED


async def test_jadwal_card_for_everyone_with_tally(kampung):
    bot = kampung
    meeting = await create_one_line(bot)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    await bot.send(CADRES[1], "/jadwal")
    card = bot.api.last_sent(CADRES[1].id)
    assert "Hadir 1" in card.text and "Belum menjawab 3" in card.text
    assert card.button_data[0] == f"rsvp:{meeting.id}:hadir"
    await bot.send(Person(9999), "/jadwal", chat_id=GROUP_CHAT_ID)
    assert "Pertemuan Rutin" in bot.last_text(GROUP_CHAT_ID)
    await bot.send(Person(9999), "/jadwal")
    assert "belum terdaftar" in bot.last_text(9999)


async def test_announcement_marks_blocked_cadres_and_names_them(kampung):
    bot = kampung
    bot.api.block(CADRES[1].id)
    await create_one_line(bot)
    report = bot.last_text(ADMIN)
    assert "terkirim ke <b>3</b> kader" in report
    assert "Memblokir bot (1), mohon hubungi langsung:\n• Budi Santoso" in report
    assert (await bot.member(CADRES[1].id)).blocked_bot is True
    async with bot.session() as session:
        statuses = {d.chat_id: d.status for d in await session.scalars(select(Delivery))}
    assert statuses[CADRES[1].id] is DeliveryStatus.BLOCKED
    assert statuses[CADRES[0].id] is DeliveryStatus.SENT

    # A later broadcast skips them without trying again.
    attempts = len([c for c in bot.api.calls if c.chat_id == CADRES[1].id])
    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "topic")
    await bot.send(ADMIN, "Materi baru")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    assert len([c for c in bot.api.calls if c.chat_id == CADRES[1].id]) == attempts
    assert "Budi Santoso" in bot.last_text(ADMIN)


async def test_abort_leaves_nothing(kampung):
    bot = kampung
    await bot.send(ADMIN, ONE_LINE)
    await bot.press(ADMIN, keyboards.CB_ABORT)
    assert "dibatalkan" in bot.last_text(ADMIN).lower()
    await bot.press(ADMIN, keyboards.CB_SAVE)
    assert await meetings(bot) == []
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "/batal")
    assert await meetings(bot) == []


async def test_a_blocked_cadre_who_starts_the_bot_again_is_reached_again(kampung):
    bot = kampung
    bot.api.block(CADRES[1].id)
    await create_one_line(bot)
    assert (await bot.member(CADRES[1].id)).blocked_bot is True
    bot.api.faults.clear()
    await bot.send(CADRES[1], "/start")
    assert (await bot.member(CADRES[1].id)).blocked_bot is False
    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "topic")
    await bot.send(ADMIN, "Materi baru")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    assert "Perubahan jadwal" in bot.last_text(CADRES[1])
