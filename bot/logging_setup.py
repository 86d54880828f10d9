"""Logging set-up that never lets the bot token reach a log line."""

from __future__ import annotations

import logging


class RedactFilter(logging.Filter):
    """Replace a secret wherever it would appear in a record's final message."""

    def __init__(self, secret: str) -> None:
        super().__init__()
        self._secret = secret

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secret:
            return True
        message = record.getMessage()
        if self._secret in message:
            record.msg = message.replace(self._secret, "<BOT_TOKEN>")
            record.args = None
        if record.exc_info and not record.exc_text:
            # Tracebacks of network errors quote the request URL, token included.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and self._secret in record.exc_text:
            record.exc_text = record.exc_text.replace(self._secret, "<BOT_TOKEN>")
        return True


class NoRequestTracebacks(logging.Filter):
    """Keep the one-line message, drop the traceback, of python-telegram-bot's HTTP layer.

    It logs e.g. "Can not load invalid JSON data" with the JSON decoder's traceback
    before raising a TelegramError that the bot handles (a wrong TELEGRAM_API_BASE_URL
    at start-up is one line, not 20). With LOG_LEVEL=DEBUG this filter is not installed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("telegram.request"):
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging(level: str, token: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if level != "DEBUG":
        handler.addFilter(NoRequestTracebacks())  # before RedactFilter formats exc_info
    handler.addFilter(RedactFilter(token))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
