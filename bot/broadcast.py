"""The one broadcast function: announcements, changes and reminders all go through it.

Each recipient's delivery row is claimed before the send and confirmed after,
so the database always says who got what. Telegram's limits (≈30 messages/s
overall, 1/s per chat, 20/min per group) are kept by the application's
``SendLimiter`` (``bot/ratelimit.py``).

Faults, per delivery:

- 429 (flood control): wait ``retry_after``, then send again (the limiter does
  this; without one, this function does);
- 5xx, timeouts and other network errors: try again after 1, 2, 4 … seconds,
  at most ``RetryPolicy.attempts`` tries, then mark the delivery failed;
- Forbidden: the member blocked the bot; mark them and never retry;
- any other refusal (400 …): failed at once, retrying would not help.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.context import BotData
from bot.ratelimit import SendLimiter, Sleep, retry_after_seconds
from models.broadcast import (
    BroadcastKind,
    BroadcastSummary,
    add_attempts,
    claim_delivery,
    confirm_delivery,
    fail_delivery,
    finish_broadcast,
    pending_deliveries,
    remember_message,
    requeue_interrupted,
    summarize_broadcast,
    unfinished_broadcasts,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 4  # tries per delivery on 5xx and timeouts
    first_backoff: float = 1.0  # seconds before the second try; doubles each time
    max_backoff: float = 30.0
    flood_waits: int = 5  # 429s one delivery may wait out before it counts as failed

    def backoff(self, tries_done: int) -> float:
        return min(self.first_backoff * 2 ** (tries_done - 1), self.max_backoff)


DEFAULT_POLICY = RetryPolicy()


def sleep_of(bot: Bot) -> Sleep:
    """The bot's injected sleep (its ``SendLimiter``'s), else the real one."""
    limiter = bot.rate_limiter if isinstance(bot, ExtBot) else None
    return limiter.sleep if isinstance(limiter, SendLimiter) else asyncio.sleep


class SendFailed(Exception):
    """A send that will not succeed; ``blocked`` when the recipient blocked the bot."""

    def __init__(self, error: TelegramError, *, blocked: bool, tries: int) -> None:
        super().__init__(str(error))
        self.error = error
        self.blocked = blocked
        self.tries = tries


@dataclass(frozen=True)
class Sent:
    message: Message
    tries: int


async def send_with_retries(
    bot: Bot,
    chat_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    policy: RetryPolicy = DEFAULT_POLICY,
    sleep: Sleep | None = None,
) -> Sent:
    """Send one message, retrying what is worth retrying; raise ``SendFailed`` otherwise."""
    sleep = sleep or sleep_of(bot)
    tries = failures = flood_waits = 0
    while True:
        tries += 1
        try:
            message = await bot.send_message(chat_id, text, reply_markup=markup)
        except Forbidden as error:
            # In a group, Forbidden means the bot was removed: not a member's block.
            raise SendFailed(error, blocked=chat_id > 0, tries=tries) from error
        except RetryAfter as error:
            flood_waits += 1
            if flood_waits > policy.flood_waits:
                raise SendFailed(error, blocked=False, tries=tries) from error
            await sleep(retry_after_seconds(error))
        except BadRequest as error:
            raise SendFailed(error, blocked=False, tries=tries) from error
        except NetworkError as error:  # 5xx, timeouts, connection trouble
            failures += 1
            if failures >= policy.attempts:
                raise SendFailed(error, blocked=False, tries=tries) from error
            logger.info("Send to %s failed (%s); trying again", chat_id, error)
            await sleep(policy.backoff(failures))
        except TelegramError as error:
            raise SendFailed(error, blocked=False, tries=tries) from error
        else:
            return Sent(message, tries)


async def deliver_broadcast(
    bot: Bot,
    data: BotData,
    broadcast_id: int,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
    *,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> BroadcastSummary:
    """Send every pending delivery of a broadcast once; return the outcome."""
    async with data.sessionmaker() as session, session.begin():
        await remember_message(session, broadcast_id, text, markup.to_dict() if markup else None)
        pending = await pending_deliveries(session, broadcast_id)
    for delivery_id, chat_id in pending:
        async with data.sessionmaker() as session, session.begin():
            if not await claim_delivery(session, delivery_id, now=data.clock()):
                continue  # another run has it
        try:
            sent = await send_with_retries(bot, chat_id, text, markup, policy=policy)
        except SendFailed as failure:
            if failure.blocked:
                logger.info("Delivery %s: recipient blocked the bot", delivery_id)
            else:
                logger.warning("Delivery %s failed: %s", delivery_id, failure)
            async with data.sessionmaker() as session, session.begin():
                await add_attempts(session, delivery_id, failure.tries - 1)
                await fail_delivery(
                    session,
                    delivery_id,
                    str(failure),
                    blocked=failure.blocked,
                    now=data.clock(),
                )
        else:
            async with data.sessionmaker() as session, session.begin():
                await add_attempts(session, delivery_id, sent.tries - 1)
                await confirm_delivery(
                    session, delivery_id, sent.message.message_id, now=data.clock()
                )
    async with data.sessionmaker() as session, session.begin():
        await finish_broadcast(session, broadcast_id, now=data.clock())
        return await summarize_broadcast(session, broadcast_id)


@dataclass(frozen=True)
class Resumed:
    kind: BroadcastKind
    summary: BroadcastSummary


async def resume_broadcasts(bot: Bot, data: BotData) -> list[Resumed]:
    """Finish the announcements and notices a stopped process left half sent.

    The message kept with the broadcast goes to the recipients still pending;
    the one that was in flight at the stop is sent again (it may arrive twice,
    the only double allowed).
    """
    async with data.sessionmaker() as session, session.begin():
        unfinished = list(await unfinished_broadcasts(session, data.kampung_id))
        for broadcast in unfinished:
            await requeue_interrupted(session, broadcast.id, now=data.clock())
    resumed = []
    for broadcast in unfinished:
        markup = InlineKeyboardMarkup.de_json(broadcast.markup, bot) if broadcast.markup else None
        logger.info("Resuming broadcast %s (%s)", broadcast.id, broadcast.kind)
        summary = await deliver_broadcast(bot, data, broadcast.id, broadcast.text or "", markup)
        resumed.append(Resumed(broadcast.kind, summary))
    return resumed
