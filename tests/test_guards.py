"""What no feature may see: edited messages, button presses without callback data."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from models.attendance import Guest
from models.member import MemberStatus
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.fuzzing import changes, snapshot
from tests.harness import GROUP_CHAT_ID, Person
from tests.test_meetings import AUG_15_0900_WIB, CADRES, create_one_line
from ui import keyboards, texts

CADRE = CADRES[0]
STRANGER = Person(9999, "Orang")


@pytest.fixture
async def kampung(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRE, "Siti Aminah")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    bot.api.clear()
    return bot


async def guests(bot) -> list[tuple[str, str]]:
    async with bot.session() as session:
        return [(g.name, g.role) for g in await session.scalars(select(Guest).order_by(Guest.id))]


# --- edited messages ---------------------------------------------------------------------------


async def test_an_edited_tamu_message_adds_nobody(kampung):
    bot = kampung
    await create_one_line(bot)
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    original = bot.message_update(ADMIN, "/tamu Drs. Hasan - Sekretaris Lurh")
    await bot.app.process_update(original)
    assert "1 tamu ditambahkan" in bot.last_text(ADMIN)

    await bot.app.process_update(bot.edited_update(original, "/tamu Drs. Hasan - Sekretaris Lurah"))

    assert await guests(bot) == [("Drs. Hasan", "Sekretaris Lurh")]
    assert bot.last_text(ADMIN) == texts.EDITED_MESSAGE_IGNORED


async def test_an_edited_answer_in_a_flow_is_not_taken(kampung):
    bot = kampung
    await bot.send(ADMIN, "/jadwal baru")
    original = bot.message_update(ADMIN, "15-08-2026")
    await bot.app.process_update(original)
    assert bot.last_text(ADMIN) == texts.ask_time()
    await bot.app.process_update(bot.edited_update(original, "16-08-2026"))
    assert bot.last_text(ADMIN) == texts.EDITED_MESSAGE_IGNORED
    await bot.send(ADMIN, "09.00")  # still the time step
    assert "RT" in bot.last_text(ADMIN)
    assert bot.app.user_data[ADMIN.id]["meeting_flow"]["plan"].day.day == 15


async def test_an_edited_command_in_the_group_is_ignored_silently(kampung):
    bot = kampung
    original = bot.message_update(CADRE, "/jadwal", chat_id=GROUP_CHAT_ID)
    await bot.app.process_update(original)
    sent = len(bot.api.sent(GROUP_CHAT_ID))
    await bot.app.process_update(bot.edited_update(original, "/jadwal tahun"))
    assert len(bot.api.sent(GROUP_CHAT_ID)) == sent


# --- presses without callback data --------------------------------------------------------------


@pytest.mark.parametrize("data", ["", None], ids=["empty", "absent"])
async def test_a_press_without_data_is_refused_and_changes_nothing(kampung, data):
    """It used to match the first pattern in order: the /hapus_data confirmation."""
    bot = kampung
    await bot.send(CADRE, "/hapus_data")
    confirmation = bot.api.last_sent(CADRE.id)
    before = await snapshot(bot.app.bot_data.engine)

    await bot.press(CADRE, data, message=confirmation)

    answer = bot.api.last_answer().params
    assert answer["text"] == texts.STALE_BUTTON and answer["show_alert"] is True
    assert changes(before, await snapshot(bot.app.bot_data.engine)) == {}
    assert (await bot.member(CADRE.id)).status is MemberStatus.ACTIVE
    assert bot.api.edits(CADRE.id) == []


@pytest.mark.parametrize("data", ["", None], ids=["empty", "absent"])
async def test_a_press_without_data_does_not_confirm_a_registration(bot, data):
    await bot.send(STRANGER, "/start")
    await bot.press(STRANGER, keyboards.CB_CONSENT_YES)
    await bot.send(STRANGER, "Orang Baru")
    await bot.press(STRANGER, keyboards.CB_REG_RT + "03")
    await bot.press(STRANGER, keyboards.CB_REG_POKTAN + "BKB")
    summary = bot.api.last_sent(STRANGER.id)

    await bot.press(STRANGER, data, message=summary)

    assert bot.api.last_answer().params["text"] == texts.STALE_BUTTON
    assert await bot.members() == []
    await bot.press(STRANGER, keyboards.CB_REG_CONFIRM, message=summary)  # the flow goes on
    assert (await bot.member(STRANGER.id)).status is MemberStatus.PENDING


def _callback_handlers(handlers: list[BaseHandler]) -> list[CallbackQueryHandler]:
    found = []
    for handler in handlers:
        if isinstance(handler, ConversationHandler):
            inner = [*handler.entry_points, *handler.fallbacks]
            inner += [h for state in handler.states.values() for h in state]
            found += _callback_handlers(inner)
        elif isinstance(handler, CallbackQueryHandler):
            found.append(handler)
    return found


def test_every_button_pattern_is_anchored_and_refuses_empty_data(bot):
    handlers = _callback_handlers([h for group in bot.app.handlers.values() for h in group])
    patterns = [h.pattern for h in handlers if h.pattern is not None]
    assert len(patterns) > 30
    for pattern in patterns:
        assert isinstance(pattern, re.Pattern)
        assert pattern.pattern.startswith("^") and pattern.pattern.endswith(r"\Z"), pattern
        assert pattern.match("") is None, pattern
        assert pattern.match(":") is None, pattern
