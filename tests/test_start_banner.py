"""The start banner: who the bot is, the kampungs it serves, and what is still missing."""

from __future__ import annotations

import logging

from bot.banner import KampungState, banner_lines
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.fakeapi import BOT_USERNAME
from tests.flows import register
from tests.harness import GROUP_CHAT_ID, FakeClock, running_bot


def _banner(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "bot"]


async def test_the_banner_names_the_bot_and_warns_about_what_is_missing(
    settings: Settings, clock: FakeClock, caplog
):
    caplog.set_level(logging.INFO, logger="bot")
    async with running_bot(settings, clock) as bot:
        lines = _banner(caplog)
        assert (
            f"Bot @{BOT_USERNAME} is running (long polling): https://t.me/{BOT_USERNAME}" in lines
        )
        assert f"Serving 1 kampung(s): {settings.KAMPUNG_NAME}" in lines
        assert any("no admin has registered yet" in line for line in lines)
        assert any("no group is set" in line and "/ikat_grup" in line for line in lines)
        # The admin registers and the group is bound: the next start warns about nothing.
        await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
        assert await bot.member(ADMIN.id) is not None
        await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    caplog.clear()
    async with running_bot(settings, clock):
        lines = _banner(caplog)
    warnings = [r for r in caplog.records if r.name == "bot" and r.levelno >= logging.WARNING]
    assert warnings == [], [r.getMessage() for r in warnings]
    assert f"Serving 1 kampung(s): {settings.KAMPUNG_NAME}" in lines


def test_no_admin_configured_is_the_first_warning(settings: Settings):
    bare = settings.model_copy(update={"ADMIN_IDS": frozenset()})
    info, warnings = banner_lines(
        "kb_bot", bare, [KampungState("A", 0, True), KampungState("B", 0, False)], "webhook"
    )
    assert info == [
        "Bot @kb_bot is running (webhook): https://t.me/kb_bot",
        "Serving 2 kampung(s): A, B",
    ]
    assert warnings[0].startswith("ADMIN_IDS is empty: nobody can approve cadres")
    assert warnings[1:] == [
        "B: no group is set; add @kb_bot to the kampung's group and send /ikat_grup there"
    ]
