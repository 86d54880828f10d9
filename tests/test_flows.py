"""Flows left open: they never take another flow's answers, and they time out politely."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from telegram.ext import ConversationHandler

from models.meeting import Meeting
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import Person
from ui import keyboards, texts

CADRE = Person(7001, "Siti")


@pytest.fixture
async def admin(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    bot.api.clear()
    return bot


async def meeting_count(bot) -> int:
    async with bot.session() as session:
        return await session.scalar(select(func.count()).select_from(Meeting))


def user_data(bot, person: Person) -> dict:
    return bot.app.user_data.get(person.id, {})


# --- one open flow ---------------------------------------------------------------------------


async def test_an_open_profile_does_not_swallow_a_new_meetings_answers(admin):
    bot = admin
    await bot.send(ADMIN, "/profil")
    await bot.send(ADMIN, "/jadwal baru")
    assert bot.last_text(ADMIN) == texts.ask_date()
    await bot.send(ADMIN, "15-08-2026")
    assert bot.last_text(ADMIN) == texts.ask_time()
    await bot.send(ADMIN, "09.00")
    assert "RT" in bot.last_text(ADMIN) and texts.USE_BUTTONS not in bot.api.texts(ADMIN.id)


async def test_an_open_profile_name_step_does_not_take_the_meetings_date(admin):
    bot = admin
    await bot.send(ADMIN, "/profil")
    await bot.press(ADMIN, keyboards.CB_PROFILE_NAME)
    assert bot.last_text(ADMIN) == texts.ASK_NEW_NAME
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "15-08-2026")
    assert bot.last_text(ADMIN) == texts.ask_time()
    assert (await bot.member(ADMIN.id)).full_name == "Rina Sekretaris"


async def test_batal_cancels_the_flow_that_is_really_open(admin):
    bot = admin
    await bot.send(ADMIN, "/profil")
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "/batal")
    assert bot.last_text(ADMIN) == texts.FLOW_CANCELLED
    # Nothing is open any more: not the meeting flow, not the profile left behind.
    await bot.send(ADMIN, "15-08-2026")
    assert bot.last_text(ADMIN) == texts.UNKNOWN_TEXT_REGISTERED
    await bot.send(ADMIN, "/batal")
    assert bot.last_text(ADMIN) == texts.NOTHING_TO_CANCEL


async def test_any_command_the_open_flow_does_not_take_closes_it(admin):
    bot = admin
    await bot.send(ADMIN, "/profil")
    await bot.send(ADMIN, "/bantuan")
    await bot.send(ADMIN, "halo")
    assert bot.last_text(ADMIN) == texts.UNKNOWN_TEXT_REGISTERED
    assert bot.conversation("profile").timeout_jobs == {}


async def test_the_open_flow_answers_first_whatever_the_registration_order(admin):
    """The meeting flow is registered after the profile, yet ``/profil`` in the middle of
    it gets the meeting flow's own answer and the step is kept."""
    bot = admin
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "/profil")
    assert bot.last_text(ADMIN) == texts.IN_MEETING_FLOW
    await bot.send(ADMIN, "15-08-2026")
    assert bot.last_text(ADMIN) == texts.ask_time()


async def test_a_new_flow_from_a_button_ends_the_open_one(admin):
    bot = admin
    await bot.send(ADMIN, "/jadwal")  # no meeting yet: the answer has a "Buat jadwal" button
    await bot.send(ADMIN, "/profil")
    await bot.press(ADMIN, keyboards.CB_PROFILE_NAME)
    await bot.press(
        ADMIN, f"{keyboards.CB_NEW_MEETING}{bot.app.bot_data.kampung_id}"
    )  # on the earlier answer
    assert bot.last_text(ADMIN) == texts.ask_date()
    assert bot.conversation("profile").timeout_jobs == {}
    await bot.send(ADMIN, "15-08-2026")
    assert bot.last_text(ADMIN) == texts.ask_time()
    assert (await bot.member(ADMIN.id)).full_name == "Rina Sekretaris"


async def test_a_refused_button_of_another_flow_leaves_the_open_flow_as_it_was(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.press(
        CADRE, f"{keyboards.CB_NEW_MEETING}{bot.app.bot_data.kampung_id}"
    )  # forged: not an admin
    assert bot.api.last_answer().params["show_alert"] is True
    assert "registration" in user_data(bot, CADRE)
    await bot.send(CADRE, "Siti Aminah")
    assert bot.last_text(CADRE) == texts.ASK_RT


# --- timeouts --------------------------------------------------------------------------------


def test_every_flow_has_a_timeout_with_a_handler(bot):
    conversations = [
        handler
        for handlers in bot.app.handlers.values()
        for handler in handlers
        if isinstance(handler, ConversationHandler)
    ]
    assert {c.name for c in conversations} == {
        "registration",
        "profile",
        "meeting",
        "kampung",
        "minutes",
        "klasifikasi",
        "portal_caption",
        "poktan_session",
        "poktan_setup",
        "poktan_families",
        "poktan_k0",
    }
    for conversation in conversations:
        assert conversation.conversation_timeout == timedelta(minutes=30)
        assert conversation.states[ConversationHandler.TIMEOUT]
        assert conversation.allow_reentry


async def test_registration_times_out_with_a_message_and_nothing_saved(bot):
    await bot.send(CADRE, "/start")
    await bot.press(CADRE, keyboards.CB_CONSENT_YES)
    await bot.send(CADRE, "Siti Aminah")
    assert "registration" in user_data(bot, CADRE)

    assert await bot.time_out_flows(CADRE) == 1

    assert bot.last_text(CADRE) == texts.REGISTRATION_TIMED_OUT
    assert "registration" not in user_data(bot, CADRE)
    assert await bot.members() == []
    await bot.press(CADRE, keyboards.CB_REG_RT + "03")  # the old RT button
    assert bot.api.last_answer().params["text"] == texts.STALE_BUTTON
    await bot.send(CADRE, "Siti Aminah")
    assert bot.last_text(CADRE) == texts.NOT_REGISTERED
    assert await bot.time_out_flows(CADRE) == 0


async def test_meeting_flow_times_out_with_a_message_and_nothing_saved(admin):
    bot = admin
    await bot.send(ADMIN, "/jadwal baru")
    await bot.send(ADMIN, "15-08-2026")
    assert await bot.time_out_flows(ADMIN) == 1
    assert bot.last_text(ADMIN) == texts.MEETING_FLOW_TIMED_OUT
    assert "meeting_flow" not in user_data(bot, ADMIN)
    await bot.send(ADMIN, "09.00")
    assert bot.last_text(ADMIN) == texts.UNKNOWN_TEXT_REGISTERED
    assert await meeting_count(bot) == 0


async def test_profile_times_out_and_keeps_what_was_saved(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRE, "Siti Aminah")
    await bot.send(CADRE, "/profil")
    await bot.press(CADRE, keyboards.CB_PROFILE_NAME)
    await bot.send(CADRE, "Siti Aminah Lubis")
    assert await bot.time_out_flows(CADRE) == 1
    assert bot.last_text(CADRE) == texts.PROFILE_TIMED_OUT
    assert (await bot.member(CADRE.id)).full_name == "Siti Aminah Lubis"
    await bot.send(CADRE, "halo")
    assert bot.last_text(CADRE) == texts.UNKNOWN_TEXT_REGISTERED


async def test_a_flow_that_ended_or_was_left_never_times_out(admin):
    bot = admin
    await bot.send(ADMIN, "/profil")
    await bot.send(ADMIN, "/jadwal baru")  # leaves the profile
    assert bot.conversation("profile").timeout_jobs == {}
    await bot.send(ADMIN, "/batal")
    assert bot.conversation("meeting").timeout_jobs == {}
    sent = len(bot.api.sent(ADMIN.id))
    assert await bot.time_out_flows(ADMIN) == 0
    assert len(bot.api.sent(ADMIN.id)) == sent


async def test_each_answer_restarts_the_timeout(admin):
    bot = admin
    await bot.send(ADMIN, "/jadwal baru")
    first = bot.conversation("meeting").timeout_jobs[(ADMIN.id, ADMIN.id)]
    await bot.send(ADMIN, "15-08-2026")
    second = bot.conversation("meeting").timeout_jobs[(ADMIN.id, ADMIN.id)]
    assert second is not first
    await first.run(bot.app)  # an old timeout that fires late changes nothing
    assert bot.last_text(ADMIN) == texts.ask_time()
    await bot.send(ADMIN, "09.00")
    assert "RT" in bot.last_text(ADMIN)
