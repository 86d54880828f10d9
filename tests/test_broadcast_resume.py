"""An announcement cut off by a crash is finished after the restart, once per recipient."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from handlers import keyboards
from models.broadcast import Broadcast, BroadcastKind, Delivery, DeliveryStatus
from tests.conftest import ADMIN
from tests.harness import GROUP_CHAT_ID, Person
from tests.reminder_support import (
    ONE_LINE,
    count_by_chat,
    reminder_bot,
    setup_kampung,
    with_group,
)
from tests.test_reminders import DyingAPI

CADRES = [Person(7001 + i, f"Kader{i}") for i in range(8)]


@pytest.mark.parametrize("delivered", [False, True], ids=["lost-in-flight", "reached-telegram"])
async def test_announcement_killed_midway_is_finished_at_restart(settings, clock, delivered):
    settings = with_group(settings)
    everyone = [GROUP_CHAT_ID, ADMIN.id, *(c.id for c in CADRES)]
    api = DyingAPI(clock, delivered=delivered)
    async with reminder_bot(settings, clock, api) as bot:
        await setup_kampung(bot, CADRES)
        await bot.send(ADMIN, ONE_LINE)
        api.clear()
        # Sends: the "Jadwal tersimpan" reply, then the group, the admin, cadres…
        api.die_at = 5
        with pytest.raises(asyncio.CancelledError):
            await bot.press(ADMIN, keyboards.CB_SAVE)
        in_flight = api.calls[-1].chat_id if delivered else None

    clock.advance(timedelta(minutes=2))
    async with reminder_bot(settings, clock, api) as bot:
        announcements = [c for c in api.sent() if "Pertemuan Rutin" in c.text and c.buttons]
        per_chat = count_by_chat(announcements)
        for chat in everyone:
            assert per_chat[chat] == (2 if chat == in_flight else 1), chat
        async with bot.session() as session:
            broadcast = await session.scalar(
                select(Broadcast).where(Broadcast.kind == BroadcastKind.ANNOUNCEMENT)
            )
            deliveries = list(await session.scalars(select(Delivery)))
        assert broadcast.finished_at is not None
        assert {d.status for d in deliveries if d.broadcast_id == broadcast.id} == {
            DeliveryStatus.SENT
        }
        report = bot.last_text(ADMIN)
        assert "Pengumuman terkirim" in report
        assert "dilanjutkan" in report


async def test_a_finished_broadcast_is_not_sent_again_at_restart(settings, clock):
    settings = with_group(settings)
    async with reminder_bot(settings, clock) as bot:
        await setup_kampung(bot, CADRES)
        await bot.send(ADMIN, ONE_LINE)
        await bot.press(ADMIN, keyboards.CB_SAVE)
        api = bot.api
    sent = len(api.sent())
    async with reminder_bot(settings, clock, api):
        assert [c for c in api.sent()[sent:] if "Pertemuan Rutin" in c.text] == []
