"""The one broadcast function: announcements, changes and reminders all go through it.

Each recipient's delivery row is claimed before the send and confirmed after,
so the database always says who got what. Telegram's limits (≈30 messages/s
overall, 20/min per group) are kept by the application's rate limiter; a
recipient who blocked the bot is marked and skipped from then on.
"""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardMarkup
from telegram.error import Forbidden, TelegramError

from bot.context import BotData
from models.broadcast import (
    BroadcastSummary,
    claim_delivery,
    confirm_delivery,
    fail_delivery,
    finish_broadcast,
    pending_deliveries,
    summarize_broadcast,
)

logger = logging.getLogger(__name__)


async def deliver_broadcast(
    bot: Bot,
    data: BotData,
    broadcast_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> BroadcastSummary:
    """Send every pending delivery of a broadcast once; return the outcome."""
    async with data.sessionmaker() as session:
        pending = await pending_deliveries(session, broadcast_id)
    for delivery_id, chat_id in pending:
        async with data.sessionmaker() as session, session.begin():
            if not await claim_delivery(session, delivery_id, now=data.clock()):
                continue  # another run has it
        try:
            message = await bot.send_message(chat_id, text, reply_markup=markup)
        except Forbidden as error:
            logger.info("Delivery %s: recipient blocked the bot or removed it", delivery_id)
            async with data.sessionmaker() as session, session.begin():
                await fail_delivery(
                    session, delivery_id, str(error), blocked=chat_id > 0, now=data.clock()
                )
        except TelegramError as error:
            logger.warning("Delivery %s failed: %s", delivery_id, error)
            async with data.sessionmaker() as session, session.begin():
                await fail_delivery(
                    session, delivery_id, str(error), blocked=False, now=data.clock()
                )
        else:
            async with data.sessionmaker() as session, session.begin():
                await confirm_delivery(session, delivery_id, message.message_id, now=data.clock())
    async with data.sessionmaker() as session, session.begin():
        await finish_broadcast(session, broadcast_id, now=data.clock())
        return await summarize_broadcast(session, broadcast_id)
