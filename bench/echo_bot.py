"""A bare python-telegram-bot echo bot: the reference the scale benchmark measures against.

It answers a text with the same text and one button, and a button press with
``answerCallbackQuery``: no database, no rate limiter. Configured like the bot
(``BOT_TOKEN``, ``TELEGRAM_API_BASE_URL``); run by ``bench/scale.py`` as
``python -m bench.echo_bot``.
"""

from __future__ import annotations

import logging
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.text is None:
        return
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Hadir", callback_data="echo:hadir")]])
    await message.reply_text(message.text, reply_markup=markup)


async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer("OK")


def main() -> None:
    logging.basicConfig(level=logging.WARNING)
    base = os.environ.get("TELEGRAM_API_BASE_URL", "").rstrip("/")
    builder = ApplicationBuilder().token(os.environ["BOT_TOKEN"]).concurrent_updates(True)
    if base:
        builder = builder.base_url(f"{base}/bot").base_file_url(f"{base}/file/bot")
    application = builder.build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.add_handler(CallbackQueryHandler(press))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
