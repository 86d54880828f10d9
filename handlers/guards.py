"""Guards that run before every feature (group -1): what no feature should ever see.

- An edited message is not a new message: a command or a guest list fixed by
  editing would otherwise run (or add the guests) a second time. It is not
  handled; in a private chat the user is told to send it again.
- A button press without callback data (empty or absent) is forged or broken.
  python-telegram-bot lets such a press match *any* ``CallbackQueryHandler``
  pattern, so it is refused here, like every other unknown button.
- A command that the user's open flow does not take ends that flow (see
  ``handlers.flow``).
"""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, MessageHandler, filters

from handlers.common import is_private, reply, stale_press
from handlers.flow import FlowSwitch
from runtime.context import BotContext
from ui import texts

logger = logging.getLogger(__name__)


async def edited_message(update: Update, context: BotContext) -> None:
    """An edit re-runs nothing; in private, say how to have it read."""
    if is_private(update):
        await reply(update, texts.EDITED_MESSAGE_IGNORED)
    raise ApplicationHandlerStop


async def dataless_press(update: Update, context: BotContext) -> None:
    """A press with no callback data: refused like any stale or forged button."""
    await stale_press(update, context)
    raise ApplicationHandlerStop


class DatalessPressHandler(BaseHandler[Update, BotContext, None]):
    """Matches a button press whose callback data is empty or absent."""

    __slots__ = ()

    def check_update(self, update: object) -> bool:
        return (
            isinstance(update, Update)
            and update.callback_query is not None
            and not update.callback_query.data
        )


def guard_handlers(switch: FlowSwitch) -> list[BaseHandler[Update, BotContext, Any]]:
    """The guards, in order; each update type meets at most one of them."""
    return [
        MessageHandler(filters.UpdateType.EDITED, edited_message),
        DatalessPressHandler(dataless_press),
        switch.leave_on_command(),
    ]
