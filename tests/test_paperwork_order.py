"""Paperwork waits for meetings: a Poktan register written first still goes out after a
meeting reminder written later (issue 18: the 1st of the month must not delay one)."""

from __future__ import annotations

from models.broadcast import (
    BroadcastKind,
    Outgoing,
    due_deliveries,
    plan_to_chat,
)
from tests.conftest import ADMIN
from tests.flows import register
from tests.harness import Harness

CHAIRS = [8_100_000 + n for n in range(40)]
CADRE_CHAT = 8_200_000


async def _write(bot: Harness) -> None:
    kampung_id = bot.app.bot_data.kampung_id
    now = bot.clock()
    async with bot.session() as session, session.begin():
        for chat_id in CHAIRS:
            await plan_to_chat(
                session,
                kampung_id,
                BroadcastKind.POKTAN_MONTH,
                chat_id,
                Outgoing(f"Register bulan ini {chat_id}"),
                now=now,
            )
        await plan_to_chat(
            session,
            kampung_id,
            BroadcastKind.REMINDER,
            CADRE_CHAT,
            Outgoing("Pengingat pertemuan besok"),
            now=now,
        )
        await plan_to_chat(
            session,
            kampung_id,
            BroadcastKind.NOTICE,
            ADMIN.id,
            Outgoing("Pendaftaran baru"),
            now=now,
        )


async def test_the_outbox_puts_paperwork_after_meetings_and_urgent_first(bot: Harness) -> None:
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    bot.deliveries_paused = True
    await _write(bot)
    async with bot.session() as session:
        due = await due_deliveries(session, limit=3)
    assert [d.chat_id for d in due] == [ADMIN.id, CADRE_CHAT, CHAIRS[0]]


async def test_the_worker_sends_the_reminder_before_the_registers_written_first(
    bot: Harness,
) -> None:
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    bot.api.clear()
    bot.deliveries_paused = True
    await _write(bot)
    bot.deliveries_paused = False
    # One send at a time, so the order Telegram sees is the order the worker chose
    # (side by side, sends finish in any order).
    bot.app.bot_data.delivery.max_in_flight = 1
    await bot.drain()
    order = [call.chat_id for call in bot.api.of("sendMessage")]
    assert order[:2] == [ADMIN.id, CADRE_CHAT]  # not behind the forty registers
    assert sorted(chat for chat in order if chat in CHAIRS) == CHAIRS  # every chair once
