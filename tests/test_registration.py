"""Registration through the real application: consent, name, RT, Poktan, confirm."""

import pytest

from models.kampung import list_kampungs
from models.member import MemberRole, MemberStatus, Poktan
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import register
from tests.harness import Person
from ui import keyboards

CADRE = Person(7001, "Siti")


async def test_whole_path_stores_a_pending_cadre_and_tells_the_admins(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    bot.api.clear()

    await bot.send(CADRE, "/start")
    consent = bot.api.last_sent(CADRE.id)
    assert "nama, RT, Poktan" in consent.text and "/hapus_data" in consent.text
    assert consent.button_data == [
        keyboards.CB_CONSENT_YES,
        keyboards.CB_CONSENT_NO,
        keyboards.CB_CONSENT_FULL,
    ]

    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    assert "nama lengkap" in bot.last_text(CADRE)

    await bot.send(CADRE, "  Siti   Aminah ")
    rt_question = bot.api.last_sent(CADRE.id)
    assert "RT berapa" in rt_question.text
    assert rt_question.button_data == [f"reg:rt:{n:02d}" for n in range(1, 13)]

    await bot.press(CADRE, "reg:rt:07")
    poktan_question = bot.api.last_sent(CADRE.id)
    assert "Poktan" in poktan_question.text
    assert poktan_question.button_data == [f"reg:poktan:{p.value}" for p in Poktan]

    await bot.press(CADRE, "reg:poktan:PIK-R")
    summary = bot.last_text(CADRE)
    assert "Siti Aminah" in summary and "RT 07" in summary and "PIK-R" in summary
    assert await bot.member(CADRE.id) is None  # nothing stored before confirmation

    await bot.press(CADRE, keyboards.CB_REG_CONFIRM)
    member = await bot.member(CADRE.id)
    assert member is not None
    assert (member.full_name, member.rt, member.poktan) == ("Siti Aminah", "07", Poktan.PIK_R)
    assert (member.role, member.status) == (MemberRole.CADRE, MemberStatus.PENDING)
    assert member.consent_at == bot.clock()
    assert "sudah kami terima" in bot.last_text(CADRE)

    to_admin = bot.api.last_sent(ADMIN.id)
    assert "Pendaftaran kader baru" in to_admin.text and "Siti Aminah" in to_admin.text
    assert to_admin.button_data == [f"adm:reg:ok:{member.id}", f"adm:reg:no:{member.id}"]


async def test_configured_admin_becomes_active_admin_with_admin_menu(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")

    member = await bot.member(ADMIN.id)
    assert (member.role, member.status) == (MemberRole.ADMIN, MemberStatus.ACTIVE)
    assert any("admin" in text for text in bot.api.texts(ADMIN.id))
    scoped = [
        call
        for call in bot.api.of("setMyCommands")
        if call.params.get("scope", {}).get("chat_id") == ADMIN.id
    ]
    assert scoped and "menunggu" in [c["command"] for c in scoped[-1].params["commands"]]


async def test_first_cadre_before_any_admin_is_told_the_registration_waits(bot):
    await register(bot, CADRE)
    assert "belum ada admin" in bot.last_text(CADRE)
    assert (await bot.member(CADRE.id)).status is MemberStatus.PENDING


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("A", "terlalu pendek"),
        ("x" * 65, "terlalu panjang"),
        ("Budi 123", "hanya boleh berisi huruf"),
        ("Budi 😀", "hanya boleh berisi huruf"),
        ("-- ..", "terlalu pendek"),
        ("<b>Budi</b>", "hanya boleh berisi huruf"),
    ],
)
async def test_invalid_name_is_asked_again_with_the_reason(bot, typed, reason):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)

    await bot.send(CADRE, typed)
    assert reason in bot.last_text(CADRE)
    assert "ketik nama lengkap" in bot.last_text(CADRE)

    await bot.send(CADRE, "Nur'aini Al-Hadi")  # still at the name step
    assert "RT berapa" in bot.last_text(CADRE)


async def test_invisible_characters_in_a_typed_name_are_dropped(bot):
    """A bidi override or zero-width space (pasted from another app) would make the
    stored name read differently in every list; it is dropped, the name kept."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register(bot, CADRE, "\u202eSiti\u200b Aminah\u2066\ufeff")
    member = await bot.member(CADRE.id)
    assert member is not None and member.full_name == "Siti Aminah"
    to_admin = bot.api.last_sent(ADMIN.id).text
    assert "Siti Aminah" in to_admin and "\u202e" not in to_admin


@pytest.mark.parametrize(
    ("greeting", "answer"),
    [
        ("Assalamualaikum", "Wa'alaikumsalam"),
        ("Assalamu'alaikum wr wb bu", "Wa'alaikumsalam"),
        ("Halo", "Halo juga"),
        ("Selamat pagi", "Halo juga"),
        ("Permisi bu", "Halo juga"),
    ],
)
async def test_a_greeting_is_answered_not_taken_as_the_name(bot, greeting, answer):
    """At the consent step (where a typed name agrees) and at the name step."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(CADRE, "/start")
    await bot.send(CADRE, greeting)
    again = bot.api.last_sent(CADRE.id)
    assert answer in again.text and "nama lengkap" in again.text
    assert again.button_data[0] == keyboards.CB_CONSENT_YES

    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, greeting)
    assert answer in bot.last_text(CADRE) and "nama lengkap" in bot.last_text(CADRE)
    await bot.send(CADRE, "Siti Aminah")  # still at the name step
    await bot.press(CADRE, "reg:rt:03")
    await bot.press(CADRE, "reg:poktan:BKB")
    await bot.press(CADRE, keyboards.CB_REG_CONFIRM)
    member = await bot.member(CADRE.id)
    assert member is not None and member.full_name == "Siti Aminah"


async def test_sticker_at_name_step_asks_for_text(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send_sticker(CADRE)
    assert "sebagai teks" in bot.last_text(CADRE)


async def test_typed_answers_are_taken_at_every_button_step(bot):
    """ "setuju", "RT 4", "bkr" and "ya sudah benar" work like the buttons they stand for."""
    await bot.send(CADRE, "/start")
    await bot.send(CADRE, "Setuju")
    assert "nama lengkap" in bot.last_text(CADRE)
    await bot.send(CADRE, "Hj. Nurhasanah, S.Pd.")
    await bot.send(CADRE, "RT 4")
    assert "Poktan" in bot.last_text(CADRE)
    await bot.send(CADRE, "bkr")
    summary = bot.last_text(CADRE)
    assert "Hj. Nurhasanah, S.Pd." in summary and "RT 04" in summary and "BKR" in summary
    await bot.send(CADRE, "ya sudah benar")
    member = await bot.member(CADRE.id)
    assert (member.full_name, member.rt, member.poktan.value) == (
        "Hj. Nurhasanah, S.Pd.",
        "04",
        "BKR",
    )


@pytest.mark.parametrize("typed", ["4", "04", "rt.04"])
async def test_an_rt_typed_as_a_number_is_taken(bot, typed):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "Siti Aminah")
    await bot.send(CADRE, typed)
    assert "Poktan" in bot.last_text(CADRE)
    await bot.send(CADRE, "BKB")
    assert "RT 04" in bot.last_text(CADRE)


async def test_an_unclear_typed_answer_gets_a_hint_and_the_buttons_again(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "Siti Aminah")
    await bot.send(CADRE, "RT 99")
    assert "tidak ada di daftar" in bot.last_text(CADRE)
    assert ("RT 07", "reg:rt:07") in bot.last_buttons(CADRE)
    await bot.press(CADRE, "reg:rt:07")
    await bot.send(CADRE, "posyandu")
    assert "belum saya kenali" in bot.last_text(CADRE)
    assert ("BKB", "reg:poktan:BKB") in [
        (label[:3], data) for label, data in bot.last_buttons(CADRE)
    ]
    await bot.press(CADRE, "reg:poktan:BKB")
    await bot.send(CADRE, "hmm")
    assert "ya" in bot.last_text(CADRE) and len(bot.last_buttons(CADRE)) == 2
    assert await bot.member(CADRE.id) is None


@pytest.mark.parametrize("forged", ["reg:rt:99", "reg:rt:", "reg:rt:07;DROP"])
async def test_forged_rt_is_refused_and_the_step_stays(bot, forged):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "Siti Aminah")
    await bot.press(CADRE, forged)
    assert bot.api.last_answer().params.get("show_alert") is True
    await bot.press(CADRE, "reg:rt:02")
    assert "Poktan" in bot.last_text(CADRE)


async def test_forged_poktan_is_refused(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "Siti Aminah")
    await bot.press(CADRE, "reg:rt:02")
    await bot.press(CADRE, "reg:poktan:KARANG-TARUNA")
    assert "tidak berlaku" in bot.api.last_answer().params["text"]
    assert "Poktan" in bot.last_text(CADRE)


async def test_declining_consent_stores_nothing(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_NO)
    assert "tidak ada data yang disimpan" in bot.api.edits(CADRE.id)[-1].params["text"]
    await bot.send(CADRE, "Siti Aminah")
    assert "belum terdaftar" in bot.last_text(CADRE)
    assert await bot.members() == []


@pytest.mark.parametrize("steps_done", [1, 2, 3, 4, 5])
async def test_batal_at_any_step_saves_nothing(bot, steps_done):
    steps = [
        ("send", "/start"),
        ("press", keyboards.CB_CONSENT_YES),
        ("send", "Siti Aminah"),
        ("press", "reg:rt:03"),
        ("press", "reg:poktan:BKB"),
    ]
    for kind, value in steps[:steps_done]:
        await (bot.send if kind == "send" else bot.press)(CADRE, value)

    await bot.send(CADRE, "/batal")
    assert "dibatalkan" in bot.last_text(CADRE)
    assert await bot.members() == []

    # The old confirmation button no longer registers anyone.
    await bot.press(CADRE, keyboards.CB_REG_CONFIRM)
    assert await bot.members() == []


async def test_other_command_mid_flow_keeps_the_step(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "/profil")
    assert "sedang mendaftar" in bot.last_text(CADRE)
    await bot.send(CADRE, "Siti Aminah")
    assert "RT berapa" in bot.last_text(CADRE)


async def test_start_again_mid_flow_restarts_from_consent(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "Siti Aminah")
    await bot.send(CADRE, "/start")
    assert "Setuju?" in bot.last_text(CADRE)
    await bot.send(CADRE, "🙂")
    assert "ketik nama lengkap" in bot.last_text(CADRE)  # neither consent nor a name
    await bot.send(CADRE, "Budi")  # a name at the consent step agrees and goes on
    assert "RT berapa" in bot.last_text(CADRE)


async def test_start_twice_after_registering_shows_status_not_a_second_row(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register(bot, CADRE)
    await bot.send(CADRE, "/start")
    assert "menunggu persetujuan" in bot.last_text(CADRE)
    bot.api.clear()
    await bot.send(ADMIN, "/start")
    welcome, pending = bot.api.texts(ADMIN.id)
    assert "Halo, <b>Rina Sekretaris</b>" in welcome and "/bantuan" in welcome
    assert "Ada 1 pendaftaran" in pending
    assert len(await bot.members()) == 2


async def test_redo_goes_back_to_the_name(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "Siti Aminh")
    await bot.press(CADRE, "reg:rt:03")
    await bot.press(CADRE, "reg:poktan:BKB")
    await bot.press(CADRE, keyboards.CB_REG_REDO)
    assert "nama lengkap" in bot.last_text(CADRE)
    await bot.send(CADRE, "Siti Aminah")
    await bot.press(CADRE, "reg:rt:04")
    await bot.press(CADRE, "reg:poktan:BKL")
    await bot.press(CADRE, keyboards.CB_REG_CONFIRM)
    member = await bot.member(CADRE.id)
    assert (member.full_name, member.rt, member.poktan) == ("Siti Aminah", "04", Poktan.BKL)


async def test_confirm_pressed_twice_stores_one_row(bot):
    await register(bot, CADRE)
    await bot.press(CADRE, keyboards.CB_REG_CONFIRM)
    assert len(await bot.members()) == 1
    assert "tidak berlaku" in bot.api.last_answer().params["text"]


async def test_stale_consent_button_after_moving_on_is_refused(bot):
    await bot.send(CADRE, "/start")
    consent = bot.api.last_sent(CADRE.id)
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.press(CADRE, keyboards.CB_CONSENT_NO, message=consent)
    assert "tidak berlaku" in bot.api.last_answer().params["text"]
    await bot.send(CADRE, "Siti Aminah")
    assert "RT berapa" in bot.last_text(CADRE)


async def test_start_in_group_links_to_the_private_chat(bot):
    await bot.send(CADRE, "/start", chat_id=-100555)
    reply = bot.api.last_sent(-100555)
    assert "chat pribadi" in reply.text
    async with bot.session() as session:
        [kampung] = await list_kampungs(session)
    assert reply.buttons[0][1] == f"https://t.me/kampungkb_test_bot?start={kampung.invite_code}"
    assert await bot.members() == []


async def test_second_admin_also_gets_the_registration(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register(bot, ADMIN_2, "Hendra Ketua", "02", "Pokja")
    await register(bot, CADRE)
    assert "Siti Aminah" in bot.last_text(ADMIN)
    assert "Siti Aminah" in bot.last_text(ADMIN_2)
