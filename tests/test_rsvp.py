"""RSVP presses: stored at once, last answer wins, refused when stale or forged."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from models.meeting import Rsvp, RsvpAnswer
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import GROUP_CHAT_ID, Person
from tests.test_meetings import AUG_15_0900_WIB, CADRES, create_one_line
from ui import keyboards

STRANGER = Person(9999, "Orang")


@pytest.fixture
async def meeting(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for cadre, name in zip(CADRES, ["Siti Aminah", "Budi Santoso", "Ani Lestari"], strict=True):
        await register_active(bot, ADMIN, cadre, name)
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    return await create_one_line(bot)


async def stored(bot) -> list[tuple[int, RsvpAnswer, object]]:
    async with bot.session() as session:
        rows = await session.scalars(select(Rsvp).order_by(Rsvp.id))
        return [(r.member_id, r.answer, r.answered_at) for r in rows]


async def test_press_is_stored_answered_and_the_tally_updates(bot, meeting):
    siti = await bot.member(CADRES[0].id)
    announcement = bot.api.last_sent(CADRES[0].id)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")

    assert await stored(bot) == [(siti.id, RsvpAnswer.YES, bot.clock())]
    assert "tercatat: Hadir" in bot.api.last_answer().params["text"]
    edit = bot.api.edits(CADRES[0].id)[-1]
    assert edit.params["message_id"] == announcement.result["message_id"]
    assert "Hadir 1" in edit.params["text"] and "Belum menjawab 3" in edit.params["text"]
    assert edit.buttons == announcement.buttons


async def test_last_answer_wins_with_its_time(bot, meeting):
    siti = await bot.member(CADRES[0].id)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    bot.clock.advance(timedelta(days=2))
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:izin")
    assert await stored(bot) == [(siti.id, RsvpAnswer.EXCUSED, bot.clock())]


async def test_pressing_the_same_answer_twice_changes_nothing(bot, meeting):
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:tidak")
    first = await stored(bot)
    edits = len(bot.api.edits())
    bot.clock.advance(timedelta(hours=1))
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:tidak")
    assert await stored(bot) == first
    assert len(bot.api.edits()) == edits
    assert "tetap" in bot.api.last_answer().params["text"]


async def test_press_in_the_group_counts_for_the_presser(bot, meeting):
    await bot.press(CADRES[1], f"rsvp:{meeting.id}:hadir", chat_id=GROUP_CHAT_ID)
    budi = await bot.member(CADRES[1].id)
    assert [(m, a) for m, a, _ in await stored(bot)] == [(budi.id, RsvpAnswer.YES)]
    assert "Hadir 1" in bot.api.edits(GROUP_CHAT_ID)[-1].params["text"]


async def test_press_after_the_start_is_refused(bot, meeting):
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    bot.clock.set(AUG_15_0900_WIB)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:tidak")
    assert "sudah dimulai" in bot.api.last_answer().params["text"]
    assert [a for _, a, _ in await stored(bot)] == [RsvpAnswer.YES]


@pytest.mark.parametrize(
    ("who", "data", "message"),
    [
        ("stranger", "rsvp:{id}:hadir", "Hanya kader terdaftar"),
        ("cadre", "rsvp:{other}:hadir", "tidak ditemukan"),
        ("cadre", "rsvp:{id}:mungkin", "tidak berlaku"),
        ("cadre", "rsvp:{id}:hadir:7002", "tidak berlaku"),
    ],
)
async def test_forged_presses_are_refused(bot, meeting, who, data, message):
    person = STRANGER if who == "stranger" else CADRES[0]
    await bot.press(person, data.format(id=meeting.id, other=meeting.id + 100))
    assert message in bot.api.last_answer().params["text"]
    assert await stored(bot) == []


async def test_pending_member_cannot_answer(bot, meeting):
    newcomer = Person(7010, "Baru")
    await register(bot, newcomer, "Orang Baru")
    await bot.press(newcomer, f"rsvp:{meeting.id}:hadir")
    assert "Hanya kader terdaftar" in bot.api.last_answer().params["text"]
    assert await stored(bot) == []


def test_callback_data_fits_in_64_bytes_for_any_id():
    markup = keyboards.rsvp(10**18 - 1)
    assert all(len(b.callback_data.encode()) <= 64 for row in markup.inline_keyboard for b in row)
    with pytest.raises(ValueError, match="64 bytes"):
        keyboards.button("x", "x" * 65)


async def test_the_tally_counts_only_the_answers_of_active_members(bot, meeting):
    """The tally counts a meeting's answers less those of members no longer active
    (issue 20 counts them without reading a member row per answer)."""
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    await bot.press(CADRES[1], f"rsvp:{meeting.id}:izin")
    await bot.press(CADRES[2], f"rsvp:{meeting.id}:izin")
    await bot.send(CADRES[2], "/jadwal")
    card = bot.last_text(CADRES[2])
    assert "Hadir 1" in card and "Izin 2" in card and "Belum menjawab 1" in card
    assert "Jawaban Anda: <b>Izin" in card

    await bot.send(CADRES[1], "/hapus_data")  # she leaves: her answer stops counting
    await bot.press(CADRES[1], keyboards.CB_ERASE_YES)
    await bot.send(CADRES[2], "/jadwal")
    card = bot.last_text(CADRES[2])
    assert "Hadir 1" in card and "Izin 1" in card and "Belum menjawab 1" in card
    assert "Jawaban Anda: <b>Izin" in card
    assert len(await stored(bot)) == 3  # her row stays for the history
