"""``python -m bot``: check the settings, apply migrations, run the bot (long polling)."""

from __future__ import annotations

import gc
import logging
import sys

from telegram import Update

from bot.app import build_application
from bot.config import SettingsError, load_settings
from bot.logging_setup import configure_logging
from scheduler.instance import EXIT_STATUS as INSTANCE_LOCKED_EXIT
from scheduler.instance import InstanceLocked

logger = logging.getLogger("bot")


def main() -> int:
    try:
        settings = load_settings()
    except SettingsError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 2
    configure_logging(settings.LOG_LEVEL, settings.BOT_TOKEN.get_secret_value())
    application = build_application(settings)
    # The libraries and the application live as long as the process: keep them out
    # of the garbage collector's full passes, which otherwise pause updates (p99).
    gc.collect()
    gc.freeze()
    logger.info("Starting the bot for %s", settings.KAMPUNG_NAME)
    try:
        application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InstanceLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return INSTANCE_LOCKED_EXIT
    return 0


if __name__ == "__main__":
    sys.exit(main())
