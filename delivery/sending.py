"""One message to one chat, with the retries worth making.

Telegram's limits (≈30 messages/s overall, 1/s per chat, 20/min per group) are
kept by the application's ``SendLimiter`` (``delivery/limiter.py``).

Faults, per send:

- 429 (flood control): wait ``retry_after``, then send again (the limiter does
  this; without one, this function does);
- 5xx, timeouts and other network errors: try again after 1, 2, 4 … seconds,
  at most ``RetryPolicy.attempts`` tries, then mark the delivery failed;
- Forbidden: the member blocked the bot; mark them and never retry;
- ChatMigrated: the group became a supergroup; the caller follows the new id;
- any other refusal (400 …): failed at once, retrying would not help.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import Any

from telegram import Bot, InlineKeyboardMarkup, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import ExtBot

from delivery.limiter import Pace, SendLimiter, Sleep, retry_after_seconds

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


def is_not_modified(error: BadRequest) -> bool:
    """Telegram refused an edit because the message already reads so."""
    return "message is not modified" in error.message.lower()


# Refusals of an edit whose message is out of reach: deleted, too old, not the bot's.
_EDIT_TARGET_GONE = (
    "message to edit not found",
    "message can't be edited",
    "message_id_invalid",
    "chat not found",
)


def is_edit_target_gone(error: BadRequest) -> bool:
    """The message to edit is gone or can no longer be edited: nothing more to do."""
    message = error.message.lower()
    return any(reason in message for reason in _EDIT_TARGET_GONE)


class SendFailed(Exception):
    """A send that will not succeed; ``blocked`` when the recipient blocked the bot,
    ``migrated_to`` when the group now has another id."""

    def __init__(
        self,
        error: TelegramError,
        *,
        blocked: bool,
        tries: int,
        migrated_to: int | None = None,
    ) -> None:
        super().__init__(str(error))
        self.error = error
        self.blocked = blocked
        self.tries = tries
        self.migrated_to = migrated_to


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
    pace: Pace | None = None,
    what: str = "a message",
) -> Sent:
    """Send one message, retrying what is worth retrying; raise ``SendFailed`` otherwise.

    ``pace`` goes to the rate limiter (``BULK`` for the delivery worker's sends).
    ``what`` names the message in log lines (e.g. "delivery 42"): never the chat id,
    which is a person's Telegram id.
    """
    sleep = sleep or sleep_of(bot)
    tries = failures = flood_waits = 0
    extra: dict[str, Any] = {}
    if pace is not None and isinstance(bot, ExtBot) and bot.rate_limiter is not None:
        extra["rate_limit_args"] = pace
    while True:
        tries += 1
        try:
            message = await bot.send_message(chat_id, text, reply_markup=markup, **extra)
        except ChatMigrated as error:
            raise SendFailed(
                error, blocked=False, tries=tries, migrated_to=error.new_chat_id
            ) from error
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
            logger.info("Send of %s failed (%s); trying again", what, error)
            await sleep(policy.backoff(failures))
        except TelegramError as error:
            raise SendFailed(error, blocked=False, tries=tries) from error
        else:
            return Sent(message, tries)
