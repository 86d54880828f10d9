"""Admins approve or reject; rights are checked on the server for every press."""

import logging
from datetime import timedelta

import pytest
from sqlalchemy import select
from telegram.error import BadRequest

from models.member import Member, MemberStatus
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import approve, register, register_active
from tests.harness import GROUP_CHAT_ID, Person
from ui import keyboards, texts

CADRE = Person(7001, "Siti")
OTHER = Person(7002, "Budi")
STRANGER = Person(9999, "Orang")


@pytest.fixture
async def with_admin(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    return bot


async def _snapshot(bot) -> list[tuple]:
    async with bot.session() as session:
        rows = await session.scalars(select(Member).order_by(Member.id))
        return [
            (m.id, m.telegram_id, m.full_name, m.rt, m.poktan, m.role, m.status, m.decided_at)
            for m in rows
        ]


async def test_approval_activates_and_tells_the_cadre(with_admin):
    bot = with_admin
    await register(bot, CADRE)
    request = bot.api.last_sent(ADMIN.id)

    await approve(bot, ADMIN, CADRE)

    member = await bot.member(CADRE.id)
    assert member.status is MemberStatus.ACTIVE
    assert member.decided_by_id == (await bot.member(ADMIN.id)).id
    assert "disetujui" in bot.last_text(CADRE) and "/profil" in bot.last_text(CADRE)
    edit = bot.api.edits(ADMIN.id)[-1]
    assert edit.params["message_id"] == request.result["message_id"]
    assert "Disetujui oleh Rina Sekretaris" in edit.params["text"]


async def test_rejection_is_stored_and_told(with_admin):
    bot = with_admin
    await register(bot, CADRE)
    member = await bot.member(CADRE.id)
    await bot.press(ADMIN, f"{keyboards.CB_REJECT}{member.id}")
    assert (await bot.member(CADRE.id)).status is MemberStatus.REJECTED
    assert "tidak disetujui" in bot.last_text(CADRE)
    await bot.send(CADRE, "/start")
    assert "belum disetujui" in bot.last_text(CADRE)
    await bot.send(CADRE, "/profil")
    assert "belum disetujui" in bot.last_text(CADRE)


async def test_a_second_decision_changes_nothing(with_admin):
    bot = with_admin
    await register(bot, ADMIN_2, "Hendra Ketua", "02", "Pokja")
    await register(bot, CADRE)
    await approve(bot, ADMIN, CADRE)
    before = await _snapshot(bot)
    messages_to_cadre = len(bot.api.sent(CADRE.id))

    member = await bot.member(CADRE.id)
    await bot.press(ADMIN_2, f"{keyboards.CB_REJECT}{member.id}")

    assert await _snapshot(bot) == before
    assert "sudah disetujui" in bot.api.last_answer().params["text"]
    assert len(bot.api.sent(CADRE.id)) == messages_to_cadre


async def test_a_double_tap_on_setujui_is_no_error(with_admin, caplog):
    """The second tap edits the message to what the first made it; Telegram answers
    "message is not modified", which means done: no ERROR, no apology."""
    bot = with_admin
    await register(bot, CADRE)
    request = bot.api.last_sent(ADMIN.id)
    member = await bot.member(CADRE.id)
    await bot.press(ADMIN, f"{keyboards.CB_APPROVE}{member.id}", message=request)
    await bot.press(ADMIN, f"{keyboards.CB_APPROVE}{member.id}", message=request)

    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert "sudah disetujui" in bot.api.last_answer().params["text"]
    assert all(texts.ERROR_APOLOGY not in (c.params.get("text") or "") for c in bot.api.calls)
    assert (await bot.member(CADRE.id)).status is MemberStatus.ACTIVE
    assert len([t for t in bot.api.texts(CADRE.id) if "disetujui" in t]) == 1


async def test_the_fake_api_refuses_an_edit_to_what_the_message_already_is(bot):
    """As Telegram does: the tests above only mean something if it does."""
    sent = await bot.app.bot.send_message(ADMIN.id, "Halo", reply_markup=keyboards.approval(1))
    await bot.app.bot.edit_message_text("Halo", chat_id=ADMIN.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="not modified"):  # the buttons are gone already
        await bot.app.bot.edit_message_reply_markup(chat_id=ADMIN.id, message_id=sent.message_id)
    with pytest.raises(BadRequest, match="not modified"):
        await bot.app.bot.edit_message_text("Halo", chat_id=ADMIN.id, message_id=sent.message_id)
    await bot.app.bot.edit_message_text("Halo lagi", chat_id=ADMIN.id, message_id=sent.message_id)


@pytest.mark.parametrize("who", ["stranger", "pending", "active_cadre"])
@pytest.mark.parametrize("prefix", [keyboards.CB_APPROVE, keyboards.CB_REJECT])
async def test_forged_decision_from_a_non_admin_is_refused(with_admin, who, prefix):
    bot = with_admin
    await register(bot, CADRE)
    if who == "active_cadre":
        await register_active(bot, ADMIN, OTHER, "Budi Santoso")
        presser = OTHER
    elif who == "pending":
        await register(bot, OTHER, "Budi Santoso")
        presser = OTHER
    else:
        presser = STRANGER
    target = await bot.member(CADRE.id)
    before = await _snapshot(bot)
    sent_before = len(bot.api.sent())

    await bot.press(presser, f"{prefix}{target.id}")

    assert await _snapshot(bot) == before
    answer = bot.api.last_answer()
    assert answer.params["show_alert"] is True
    assert len(bot.api.sent()) == sent_before


async def test_decision_on_an_unknown_registration_is_refused(with_admin):
    bot = with_admin
    await bot.press(ADMIN, f"{keyboards.CB_APPROVE}424242")
    assert "sudah tidak ada" in bot.api.last_answer().params["text"]


async def test_pending_list_for_admins_only(with_admin):
    bot = with_admin
    await register(bot, CADRE)
    await register(bot, OTHER, "Budi Santoso", "05", "BKR")
    bot.api.clear()

    await bot.send(ADMIN, "/menunggu")
    texts = bot.api.texts(ADMIN.id)
    assert "Ada <b>2</b> pendaftaran" in texts[0]
    assert "Siti Aminah" in texts[1] and "Budi Santoso" in texts[2]
    other = await bot.member(OTHER.id)
    await bot.press(ADMIN, f"{keyboards.CB_APPROVE}{other.id}", message=bot.api.sent(ADMIN.id)[2])
    assert (await bot.member(OTHER.id)).status is MemberStatus.ACTIVE

    await bot.send(OTHER, "/menunggu")
    assert "hanya untuk admin" in bot.last_text(OTHER)
    await bot.send(STRANGER, "/menunggu")
    assert "belum terdaftar" in bot.last_text(STRANGER)


async def test_pending_list_in_a_group_points_to_the_private_chat(with_admin):
    """Names, RT and Poktan of applicants are not posted where the whole kampung reads."""
    bot = with_admin
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    await register(bot, CADRE)
    bot.api.clear()

    await bot.send(ADMIN, "/menunggu", chat_id=GROUP_CHAT_ID)
    [pointer] = bot.api.sent(GROUP_CHAT_ID)
    assert "hanya ditampilkan di chat pribadi" in pointer.text and "/menunggu" in pointer.text
    assert "Siti Aminah" not in pointer.text and pointer.button_data == []
    assert bot.api.sent(ADMIN.id) == []

    await bot.send(ADMIN, "/menunggu")  # in private it still lists them
    assert "Siti Aminah" in bot.api.texts(ADMIN.id)[1]


async def test_admin_removed_from_settings_loses_rights_at_restart(settings, clock):
    from tests.harness import running_bot

    async with running_bot(settings, clock) as bot:
        await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    demoted = settings.model_copy(update={"ADMIN_IDS": frozenset({ADMIN_2.id})})
    async with running_bot(demoted, clock) as bot:
        member = await bot.member(ADMIN.id)
        assert not member.is_admin and member.status is MemberStatus.ACTIVE
        await bot.send(ADMIN, "/menunggu")
        assert "hanya untuk admin" in bot.last_text(ADMIN)


async def test_listed_in_settings_a_waiting_cadre_is_admin_at_restart(settings, clock):
    """Her approval is dated at the restart that made her admin; a secretary approved
    earlier keeps the date she was approved."""
    from tests.harness import running_bot

    async with running_bot(settings, clock) as bot:
        await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
        await register(bot, CADRE, "Siti Aminah", "03", "BKB")
        assert (await bot.member(CADRE.id)).status is MemberStatus.PENDING
        rina_decided = (await bot.member(ADMIN.id)).decided_at
    clock.advance(timedelta(days=2))
    listed = settings.model_copy(update={"ADMIN_IDS": frozenset({ADMIN.id, CADRE.id})})
    async with running_bot(listed, clock) as bot:
        siti = await bot.member(CADRE.id)
        assert siti.is_admin and siti.decided_at == clock()
        rina = await bot.member(ADMIN.id)
        assert rina.is_admin and rina.decided_at == rina_decided != clock()
        await bot.send(CADRE, "/menunggu")
        assert "hanya untuk admin" not in bot.last_text(CADRE)


async def test_renaming_the_kampung_in_the_settings_keeps_its_members(settings, clock):
    from tests.harness import running_bot

    async with running_bot(settings, clock) as bot:
        await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    renamed = settings.model_copy(update={"KAMPUNG_NAME": "Kampung KB Penyengat Rendah Baru"})
    async with running_bot(renamed, clock) as bot:
        assert (await bot.member(ADMIN.id)).full_name == "Rina Sekretaris"
