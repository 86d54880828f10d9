"""What a kampung's secretary reads is dated in her kampung's time zone, not the settings'."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from runtime.config import Settings
from tests.flows import appoint, create_kampung, join
from tests.harness import OPERATOR, FakeClock, Harness, Person, running_bot, with_operators
from ui import keyboards

SEC_B = Person(6001, "SekB")


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    # The settings kampung is in Asia/Jakarta.
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def test_minutes_name_the_meeting_by_the_kampungs_own_date(bot: Harness) -> None:
    papua = await create_kampung(bot, OPERATOR, "Kampung KB Entrop", "01,02", "Asia/Jayapura")
    await appoint(bot, OPERATOR, papua, SEC_B)
    await join(bot, SEC_B, papua.invite_code, "Yohana Sekretaris", "01", "Pokja")
    # 1 October, 01.00 WIT is still 30 September (and the third quarter) in Jakarta.
    await bot.send(SEC_B, "/jadwal baru 01-10-2026 01.00 RT02 Balai Kampung | Gizi Balita")
    await bot.press(SEC_B, keyboards.CB_SAVE)
    bot.clock.set(datetime(2026, 10, 1, 3, 0, tzinfo=UTC))

    await bot.send(SEC_B, "/notulen Rapat berjalan lancar")
    saved = bot.last_text(SEC_B)
    assert "Notulen disimpan" in saved
    assert "1 Oktober 2026" in saved and "Triwulan IV" in saved, saved
    assert "30 September" not in saved
