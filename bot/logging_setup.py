"""Logging set-up that never lets the bot token or the webhook secret reach a log line."""

from __future__ import annotations

import logging


class RedactFilter(logging.Filter):
    """Replace secrets wherever they would appear in a record's final message.

    ``secret`` is the bot token (shown as ``<BOT_TOKEN>``); ``others`` maps further
    secrets to their placeholder, e.g. the webhook secret, which python-telegram-bot
    logs with the ``setWebhook`` parameters at DEBUG.
    """

    def __init__(self, secret: str, others: dict[str, str] | None = None) -> None:
        super().__init__()
        pairs = {secret: "<BOT_TOKEN>", **(others or {})}
        self._secrets = {value: label for value, label in pairs.items() if value}

    def _redact(self, text: str) -> str:
        for value, label in self._secrets.items():
            text = text.replace(value, label)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = self._redact(message)
        if redacted != message:
            record.msg = redacted
            record.args = None
        if record.exc_info and not record.exc_text:
            # Tracebacks of network errors quote the request URL, token included.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
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


def configure_logging(level: str, token: str, webhook_secret: str | None = None) -> None:
    """Log to stderr at ``level``; the token and the webhook secret never appear.

    With ``DEBUG`` the libraries also log message texts and names (personal data):
    README, "Privacy".
    """
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    if level != "DEBUG":
        handler.addFilter(NoRequestTracebacks())  # before RedactFilter formats exc_info
    others = {webhook_secret: "<WEBHOOK_SECRET>"} if webhook_secret else None
    handler.addFilter(RedactFilter(token, others))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    # Alembic is imported only when the schema needs upgrading, after this: its import
    # logs a line per plugin it sets up (its "Running upgrade" lines stay).
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
