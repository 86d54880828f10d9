"""The one error handler: log with the traceback, apologise briefly, keep running."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from runtime.context import BotContext
from ui import texts

logger = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure; tell the user in their chat (a popup for a button press)."""
    logger.error("Unhandled error while handling an update", exc_info=context.error)
    if not isinstance(update, Update):
        return
    if update.callback_query is not None:
        try:
            await update.callback_query.answer(texts.ERROR_APOLOGY, show_alert=True)
            return
        except TelegramError:
            pass  # already answered before the failure: say it in the chat instead
    if update.effective_chat is None:
        return
    try:
        await context.bot.send_message(update.effective_chat.id, texts.ERROR_APOLOGY)
    except TelegramError:
        # The apology itself failed (network down, bot blocked): logging is all we can do.
        logger.warning("Could not send the apology", exc_info=True)
