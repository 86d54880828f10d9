"""The quarter nudge: admins are reminded once to plan the coming quarter's meeting."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from models.reminder import QuarterNudge
from scheduler.nudge import NUDGE_JOB_ID, check_quarter_nudge
from tests.conftest import ADMIN, ADMIN_2
from tests.reminder_support import CADRES, add_members, create_meeting, reminder_bot, setup_kampung
from ui import keyboards

SEPT_10 = datetime(2026, 9, 10, 2, 0, tzinfo=UTC)  # 09.00 WIB, 21 days before Triwulan IV
SEPT_9 = datetime(2026, 9, 9, 2, 0, tzinfo=UTC)


def nudges(bot, chat_id: int) -> list:
    return [c for c in bot.api.sent(chat_id) if "belum ada jadwal pertemuannya" in c.text]


async def nudge_rows(bot) -> list[QuarterNudge]:
    async with bot.session() as session:
        return list(await session.scalars(select(QuarterNudge)))


@pytest.fixture
async def bot(settings, clock):
    async with reminder_bot(settings, clock) as harness:
        await setup_kampung(harness)
        await create_meeting(harness)  # Triwulan III, hosted by RT 07
        harness.api.clear()
        yield harness


async def test_admins_get_one_nudge_with_the_next_host_and_a_button_to_plan(bot):
    bot.clock.set(SEPT_10)
    await check_quarter_nudge(bot.app)
    await bot.drain()

    [nudge] = nudges(bot, ADMIN.id)
    assert "<b>Triwulan IV 2026</b> dimulai Kamis, 1 Oktober 2026 (21 hari lagi)" in nudge.text
    assert "Giliran tuan rumah: <b>RT 08</b>" in nudge.text
    assert nudge.button_data == [f"{keyboards.CB_NEW_MEETING}{bot.app.bot_data.kampung_id}"]
    assert all(nudges(bot, cadre.id) == [] for cadre in CADRES)
    [row] = await nudge_rows(bot)
    assert (row.year, row.quarter) == (2026, 4)

    # Once per quarter: later checks, and the hourly job, say nothing more.
    bot.clock.set(SEPT_10.replace(day=20))
    await check_quarter_nudge(bot.app)
    await bot.drain()
    await bot.run_job(NUDGE_JOB_ID)
    assert len(nudges(bot, ADMIN.id)) == 1

    # The button starts the planning flow.
    await bot.press(
        ADMIN, f"{keyboards.CB_NEW_MEETING}{bot.app.bot_data.kampung_id}", message=nudge
    )
    assert "Tanggal berapa" in bot.last_text(ADMIN)


async def test_no_nudge_before_the_window_or_when_the_quarter_has_a_meeting(bot):
    bot.clock.set(SEPT_9)  # 22 days before
    assert await check_quarter_nudge(bot.app) is None
    await create_meeting(bot, "/jadwal baru 14-11-2026 09.00 RT08 Balai RW | Materi IV")
    bot.api.clear()
    bot.clock.set(SEPT_10)
    assert await check_quarter_nudge(bot.app) is None
    assert nudges(bot, ADMIN.id) == []
    assert await nudge_rows(bot) == []


async def test_every_active_admin_is_nudged(bot):
    await add_members(bot, [ADMIN_2], ["Ketua Pokja"], admin=True)
    bot.clock.set(SEPT_10)
    await check_quarter_nudge(bot.app)
    await bot.drain()
    assert len(nudges(bot, ADMIN.id)) == len(nudges(bot, ADMIN_2.id)) == 1


async def test_the_nudge_is_checked_at_start_up_and_remembered_across_restarts(settings, clock):
    async with reminder_bot(settings, clock) as bot:
        await setup_kampung(bot)
    clock.set(SEPT_10)
    async with reminder_bot(settings, clock) as bot:
        [nudge] = nudges(bot, ADMIN.id)
        assert "Giliran tuan rumah: <b>RT 01</b>" in nudge.text  # no meeting yet at all
    async with reminder_bot(settings, clock) as bot:
        assert nudges(bot, ADMIN.id) == []


async def test_without_an_admin_nothing_is_recorded_until_one_can_be_told(settings, clock):
    clock.set(SEPT_10)
    async with reminder_bot(settings, clock) as bot:
        assert await nudge_rows(bot) == []
        await add_members(bot, [ADMIN], ["Rina Sekretaris"], admin=True)
        assert await check_quarter_nudge(bot.app) is not None
        await bot.drain()
        assert len(nudges(bot, ADMIN.id)) == 1


@pytest.mark.parametrize(("days", "nudged"), [(0, False), (30, True)])
async def test_the_number_of_days_is_a_setting(settings, clock, days, nudged):
    clock.set(SEPT_9.replace(day=5))  # 26 days before
    async with reminder_bot(settings.model_copy(update={"QUARTER_NUDGE_DAYS": days}), clock) as bot:
        await setup_kampung(bot)
        assert (await check_quarter_nudge(bot.app) is not None) is nudged
