"""Typed answers in a private chat: RSVPs, check-ins and thanks, understood and confirmed."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models.attendance import Attendance
from models.meeting import Meeting, MeetingStatus, Rsvp, RsvpAnswer
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import Person
from tests.test_meetings import AUG_15_0900_WIB, create_one_line

SITI = Person(7001, "Siti")
STRANGER = Person(9999, "Orang")


@pytest.fixture
async def meeting(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, SITI, "Siti Aminah", "03", "BKB")
    created = await create_one_line(bot)
    bot.api.clear()
    return created


async def rsvps(bot) -> list[RsvpAnswer]:
    async with bot.session() as session:
        return list(await session.scalars(select(Rsvp.answer)))


async def presence(bot) -> list[bool]:
    async with bot.session() as session:
        return list(await session.scalars(select(Attendance.present)))


async def test_insya_allah_hadir_is_recorded_after_one_confirming_tap(bot, meeting):
    await bot.send(SITI, "Insya Allah hadir bu 🙏")
    text = bot.last_text(SITI)
    assert "Saya catat: <b>Hadir ✅</b>" in text and "15 Agustus 2026" in text
    buttons = bot.last_buttons(SITI)
    assert buttons[0] == ("✅ Benar", f"rsvp:{meeting.id}:hadir")
    assert await rsvps(bot) == []  # nothing stored before the tap
    await bot.press(SITI, buttons[0][1])
    assert await rsvps(bot) == [RsvpAnswer.YES]
    assert "tercatat: Hadir" in bot.api.last_answer().params["text"]


@pytest.mark.parametrize(
    ("typed", "answer", "label"),
    [
        ("izin bu, anak sakit", "izin", "Izin"),
        ("berhalangan", "izin", "Izin"),
        ("tidak bisa", "tidak", "Tidak hadir"),
        ("mohon maaf tidak hadir", "tidak", "Tidak hadir"),
    ],
)
async def test_other_answers_are_understood_and_can_be_corrected(
    bot, meeting, typed, answer, label
):
    await bot.send(SITI, typed)
    assert f"Saya catat: <b>{label}" in bot.last_text(SITI)
    buttons = dict((data, text) for text, data in bot.last_buttons(SITI))
    assert buttons[f"rsvp:{meeting.id}:{answer}"] == "✅ Benar"
    # Correcting is one tap too: "Hadir" is among the buttons.
    await bot.press(SITI, f"rsvp:{meeting.id}:hadir")
    assert await rsvps(bot) == [RsvpAnswer.YES]


async def test_thanks_and_unsure_get_a_friendly_reply_not_a_refusal(bot, meeting):
    await bot.send(SITI, "Terima kasih bu 🙏")
    assert "Sama-sama" in bot.last_text(SITI)
    await bot.send(SITI, "belum tahu bu")
    assert "tidak apa-apa" in bot.last_text(SITI)
    assert [data for _, data in bot.last_buttons(SITI)] == [
        f"rsvp:{meeting.id}:hadir",
        f"rsvp:{meeting.id}:izin",
        f"rsvp:{meeting.id}:tidak",
    ]
    assert not any("tidak mengerti" in t for t in bot.api.texts(SITI.id))
    assert await rsvps(bot) == []


async def test_hadir_in_the_window_is_a_check_in_with_an_undo(bot, meeting):
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=20))
    await bot.send(SITI, "hadir")
    assert "Kehadiran Anda tercatat pukul 08.40 WIB" in bot.last_text(SITI)
    assert await presence(bot) == [True]
    [(label, data)] = bot.last_buttons(SITI)
    assert (label, data) == ("↩️ Batalkan", f"att:me:{meeting.id}:n")
    await bot.press(SITI, data)
    assert await presence(bot) == [False]


async def test_a_hedged_check_in_asks_first(bot, meeting):
    bot.clock.set(AUG_15_0900_WIB + timedelta(minutes=10))
    await bot.send(SITI, "insya allah hadir, masih di jalan")
    assert "Saya catat: <b>Hadir</b>" in bot.last_text(SITI)
    assert await presence(bot) == []
    await bot.press(SITI, f"att:me:{meeting.id}:y")
    assert await presence(bot) == [True]


async def test_no_meeting_and_strangers(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(ADMIN, "hadir")
    assert "belum ada pertemuan" in bot.last_text(ADMIN)
    await bot.send(STRANGER, "hadir")
    assert "belum terdaftar" in bot.last_text(STRANGER)
    await bot.send(ADMIN, "apa kabar")
    assert "/bantuan" in bot.last_text(ADMIN)


async def test_profile_steps_take_typed_answers(bot, meeting):
    await bot.send(SITI, "/profil")
    await bot.send(SITI, "rt")
    await bot.send(SITI, "RT 4")
    assert "sudah diperbarui" in " ".join(bot.api.texts(SITI.id))
    await bot.send(SITI, "poktan")
    await bot.send(SITI, "bkr")
    await bot.send(SITI, "entahlah")
    assert "Ketik <b>nama</b>" in bot.last_text(SITI) and len(bot.last_buttons(SITI)) == 4
    await bot.send(SITI, "selesai")
    member = await bot.member(SITI.id)
    assert (member.rt, member.poktan.value) == ("04", "BKR")


async def test_schedule_steps_take_typed_answers(bot, meeting):
    await bot.send(ADMIN, "/jadwal baru 19-09-2026 09.00 RT02 Balai RT 02 | Posyandu remaja")
    assert "Tetap buat pertemuan kedua" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "ya")
    assert "Periksa jadwal" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "hmm")
    assert "Ketik <b>simpan</b>" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "simpan")
    async with bot.session() as session:
        stored = list(await session.scalars(select(Meeting).order_by(Meeting.starts_at)))
    assert len(stored) == 2 and stored[1].host_rt == "02"

    await bot.send(ADMIN, "/jadwal batal Hujan deras")
    await bot.press(ADMIN, f"mtg:pick:batal:{stored[1].id}")
    assert "Ya, batalkan" in str(bot.last_buttons(ADMIN))
    await bot.send(ADMIN, "ya")
    async with bot.session() as session:
        cancelled = await session.get(Meeting, stored[1].id)
        assert cancelled.status is MeetingStatus.CANCELLED
