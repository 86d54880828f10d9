"""/profil, /hapus_data, /bantuan and the answers to unexpected input."""

import pytest

from models.member import MemberStatus, Poktan
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import Person
from ui import keyboards

CADRE = Person(7001, "Siti")
STRANGER = Person(9999, "Orang")


@pytest.fixture
async def active(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRE, "Siti Aminah", "03", "BKB")
    return bot


async def test_profile_shows_data_and_changes_name_rt_poktan(active):
    bot = active
    await bot.send(CADRE, "/profil")
    card = bot.api.last_sent(CADRE.id)
    assert "Siti Aminah" in card.text and "RT 03" in card.text and "BKB" in card.text
    assert keyboards.CB_PROFILE_NAME in card.button_data

    await bot.press(CADRE, keyboards.CB_PROFILE_NAME)
    await bot.send(CADRE, "X1")
    assert "hanya boleh berisi huruf" in bot.last_text(CADRE)
    assert (await bot.member(CADRE.id)).full_name == "Siti Aminah"
    await bot.send(CADRE, "Siti Aminah Lubis")
    assert (await bot.member(CADRE.id)).full_name == "Siti Aminah Lubis"

    await bot.press(CADRE, keyboards.CB_PROFILE_RT)
    await bot.press(CADRE, keyboards.CB_PROFILE_SET_RT + "13")  # forged: not in the rotation
    assert bot.api.last_answer().params["show_alert"] is True
    assert (await bot.member(CADRE.id)).rt == "03"
    await bot.press(CADRE, keyboards.CB_PROFILE_SET_RT + "12")
    assert (await bot.member(CADRE.id)).rt == "12"

    await bot.press(CADRE, keyboards.CB_PROFILE_POKTAN)
    await bot.press(CADRE, keyboards.CB_PROFILE_SET_POKTAN + "UPPKS")
    member = await bot.member(CADRE.id)
    assert member.poktan is Poktan.UPPKS
    assert member.status is MemberStatus.ACTIVE

    await bot.press(CADRE, keyboards.CB_PROFILE_DONE)
    assert "kapan saja" in bot.last_text(CADRE)


async def test_profile_is_for_active_members(bot):
    await bot.send(STRANGER, "/profil")
    assert "belum terdaftar" in bot.last_text(STRANGER)
    await register(bot, CADRE)
    await bot.send(CADRE, "/profil")
    assert "menunggu persetujuan" in bot.last_text(CADRE)


async def test_profile_buttons_pressed_by_someone_else_change_nothing(active):
    bot = active
    await bot.send(CADRE, "/profil")
    await bot.press(STRANGER, keyboards.CB_PROFILE_SET_RT + "05", chat_id=CADRE.id)
    assert (await bot.member(CADRE.id)).rt == "03"


async def test_erase_after_confirmation_removes_personal_data(active):
    bot = active
    member_id = (await bot.member(CADRE.id)).id
    await bot.send(CADRE, "/hapus_data")
    assert "Hapus data pribadi?" in bot.last_text(CADRE)
    await bot.press(CADRE, keyboards.CB_ERASE_YES)

    assert await bot.member(CADRE.id) is None
    erased = next(m for m in await bot.members() if m.id == member_id)
    assert erased.full_name is None and erased.telegram_id is None
    assert erased.consent_at is None and erased.status is MemberStatus.LEFT
    assert erased.erased_at == bot.clock()
    assert (erased.rt, erased.poktan) == ("03", Poktan.BKB)  # anonymous tallies keep adding up
    assert "sudah dihapus" in bot.api.edits(CADRE.id)[-1].params["text"]

    await bot.send(CADRE, "/profil")
    assert "belum terdaftar" in bot.last_text(CADRE)
    await bot.send(CADRE, "/start")
    assert "Setuju?" in bot.last_text(CADRE)  # may register again


async def test_erase_cancelled_keeps_everything(active):
    bot = active
    await bot.send(CADRE, "/hapus_data")
    await bot.press(CADRE, keyboards.CB_ERASE_NO)
    assert (await bot.member(CADRE.id)).full_name == "Siti Aminah"
    assert "tetap tersimpan" in bot.api.edits(CADRE.id)[-1].params["text"]


async def test_erase_from_a_stranger_or_a_forged_press_changes_nothing(active):
    bot = active
    await bot.send(STRANGER, "/hapus_data")
    assert "Tidak ada data pribadi" in bot.last_text(STRANGER)
    before = [(m.id, m.full_name, m.status) for m in await bot.members()]
    await bot.press(STRANGER, keyboards.CB_ERASE_YES)
    assert [(m.id, m.full_name, m.status) for m in await bot.members()] == before


async def test_pending_user_can_erase_their_registration(bot):
    await register(bot, CADRE)
    await bot.send(CADRE, "/hapus_data")
    await bot.press(CADRE, keyboards.CB_ERASE_YES)
    assert await bot.member(CADRE.id) is None


async def test_help_depends_on_role(active):
    bot = active
    await bot.send(STRANGER, "/bantuan")
    assert "/start untuk mendaftar" in bot.last_text(STRANGER)
    await bot.send(CADRE, "/bantuan")
    assert "/profil" in bot.last_text(CADRE) and "/menunggu" not in bot.last_text(CADRE)
    await bot.send(ADMIN, "/bantuan")
    assert "/menunggu" in bot.last_text(ADMIN)


async def test_unexpected_text_and_commands_get_a_pointer(active):
    bot = active
    await bot.send(STRANGER, "halo")
    assert "/start" in bot.last_text(STRANGER)
    await bot.send(CADRE, "halo")
    assert "/bantuan" in bot.last_text(CADRE)
    await bot.send(CADRE, "/perintah_aneh")
    assert "/bantuan" in bot.last_text(CADRE)
    await bot.send(CADRE, "/batal")
    assert "Tidak ada proses" in bot.last_text(CADRE)


async def test_unknown_button_is_answered_not_ignored(active):
    bot = active
    await bot.press(CADRE, "zz:unknown:1")
    assert "tidak berlaku" in bot.api.last_answer().params["text"]


async def test_an_error_is_logged_apologised_for_and_the_bot_keeps_going(active, caplog):
    bot = active
    # Telegram refuses the /bantuan reply once: the handler raises mid-update.
    bot.api.fail(method="sendMessage", chat_id=CADRE.id, status=400, times=1)
    await bot.send(CADRE, "/bantuan")
    assert "Maaf, terjadi kesalahan" in bot.last_text(CADRE)
    assert any(r.exc_info and "Unhandled error" in r.message for r in caplog.records)

    await bot.send(CADRE, "/bantuan")
    assert "/profil" in bot.last_text(CADRE)


async def test_an_error_on_a_button_press_answers_the_press(active):
    bot = active
    await bot.send(CADRE, "/hapus_data")
    bot.api.fail(method="editMessageText", chat_id=CADRE.id, status=400, times=1)
    await bot.press(CADRE, keyboards.CB_ERASE_NO)
    assert "Maaf, terjadi kesalahan" in bot.api.last_answer().params["text"]
