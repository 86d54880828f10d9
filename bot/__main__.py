"""``python -m bot``: check the settings, the database and Telegram, then run the bot.

``python -m bot`` runs the bot (long polling, or a webhook server when
``WEBHOOK_URL`` is set); ``python -m bot backup`` copies the SQLite database
into ``BACKUP_DIR`` and exits; ``python -m bot restore FILE`` puts a backup back
in place of the SQLite database (the bot stopped), keeping the replaced file.
Every start-up failure is one line on stderr and an exit status listed in
README.md ("Exit statuses"); the traceback is logged only with ``LOG_LEVEL=DEBUG``.
"""

from __future__ import annotations

import asyncio
import errno
import gc
import logging
import os
import secrets
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy.exc import SQLAlchemyError
from telegram import Update

from bot.app import build_application
from bot.logging_setup import configure_logging
from bot.preflight import (
    EXIT_BACKUP_FAILED,
    EXIT_INSTANCE_LOCKED,
    EXIT_RESTORE_REFUSED,
    EXIT_SETTINGS,
    EXIT_UNEXPECTED,
    EXIT_WEBHOOK_PORT,
    StartupFailure,
    check_database,
    classify_database_error,
    wait_for_telegram,
)
from models.backup import (
    BackupError,
    backup_revision,
    backup_sqlite,
    restore_sqlite,
    rotate,
    sqlite_path,
)
from runtime.config import Settings, SettingsError, load_settings
from runtime.db import known_revisions, refuse_if_running
from scheduler.instance import InstanceLocked

logger = logging.getLogger("bot")

USAGE = "usage: python -m bot [backup | restore FILE]"


def fail(line: str, status: int, settings: Settings | None = None) -> int:
    """Say what is wrong in one line; the traceback only when LOG_LEVEL=DEBUG."""
    if settings is not None and settings.LOG_LEVEL == "DEBUG" and sys.exc_info()[0] is not None:
        logger.debug("Details of the failure below", exc_info=True)
    print(f"error: {line}", file=sys.stderr, flush=True)
    return status


def backup(settings: Settings) -> int:
    """``python -m bot backup``: one consistent copy now, then keep the newest BACKUP_KEEP."""
    source = sqlite_path(settings.DATABASE_URL)
    if source is None:
        return fail(
            "DATABASE_URL is PostgreSQL: back it up with pg_dump (see README, 'Backups').",
            EXIT_BACKUP_FAILED,
        )
    folder = Path(settings.BACKUP_DIR)
    try:
        copy = backup_sqlite(source, folder, datetime.now(settings.tz))
    except BackupError as exc:
        return fail(f"backup failed: {exc}.", EXIT_BACKUP_FAILED, settings)
    if settings.BACKUP_KEEP:
        rotate(folder, settings.BACKUP_KEEP)
    print(copy)
    return 0


def restore(settings: Settings, file: str) -> int:
    """``python -m bot restore FILE``: check the backup, then put it in place of the database."""
    live = sqlite_path(settings.DATABASE_URL)
    if live is None:
        return fail(
            "DATABASE_URL is PostgreSQL: restore a pg_dump with pg_restore"
            " (docs/operations.md, section 6). Nothing was changed.",
            EXIT_RESTORE_REFUSED,
        )
    backup = Path(file)
    try:
        revision = backup_revision(backup)
    except BackupError as exc:
        return fail(f"{exc}. Nothing was changed.", EXIT_RESTORE_REFUSED, settings)
    if revision not in known_revisions():
        return fail(
            f"{backup} is at schema revision {revision}, which this release does not know (a"
            " newer release made it): restore it with that release. Nothing was changed.",
            EXIT_RESTORE_REFUSED,
        )
    if backup.resolve() == live.resolve():
        return fail(f"{backup} is the database itself. Nothing was changed.", EXIT_RESTORE_REFUSED)
    now = datetime.now(settings.tz)
    if live.is_file():
        try:
            refuse_if_running(settings.DATABASE_URL, now=now)
        except InstanceLocked as exc:
            return fail(f"{exc} Nothing was changed.", EXIT_INSTANCE_LOCKED)
        except SQLAlchemyError as exc:
            failure = classify_database_error(exc, settings.DATABASE_URL)
            return fail(f"{failure.line} Nothing was changed.", EXIT_RESTORE_REFUSED, settings)
    try:
        kept = restore_sqlite(backup, live, now)
    except BackupError as exc:
        return fail(
            f"restoring failed: {exc}. Nothing was changed.", EXIT_RESTORE_REFUSED, settings
        )
    replaced = f"; the database it replaced is kept as {kept}" if kept else ""
    print(
        f"restored {backup} into {live} (schema {revision}; the bot upgrades it at its next"
        f" start){replaced}",
        flush=True,
    )
    return 0


def _webhook_path(settings: Settings) -> str:
    return urlsplit(settings.WEBHOOK_URL or "").path.strip("/")


def webhook_secret(settings: Settings) -> str | None:
    """The secret Telegram sends back with every webhook request (None: long polling);
    WEBHOOK_SECRET, or a new random one for this run."""
    if not settings.WEBHOOK_URL:
        return None
    secret = settings.WEBHOOK_SECRET
    return secret.get_secret_value() if secret else secrets.token_urlsafe(32)


def _finish_tasks(loop: asyncio.AbstractEventLoop) -> None:
    """Cancel what the interrupted start-up left running, let it clean up (sessions,
    connections), and close the loop."""
    tasks = asyncio.all_tasks(loop)
    for task in tasks:
        task.cancel()
    try:
        loop.run_until_complete(asyncio.gather(*tasks, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
    finally:
        loop.close()


def run(settings: Settings, secret_token: str | None = None) -> int:
    # One event loop for the checks and the bot (PTB's run_* use the current loop).
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(check_database(settings.DATABASE_URL, settings))
        me = loop.run_until_complete(wait_for_telegram(settings))
    except StartupFailure as exc:
        loop.close()
        return fail(exc.line, exc.status, settings)
    except KeyboardInterrupt:
        # Ctrl-C while the database is checked or Telegram waited for (before
        # python-telegram-bot takes the signals over): a normal stop, not a traceback.
        _finish_tasks(loop)
        print("stopped (Ctrl-C) before the bot started", file=sys.stderr, flush=True)
        return 0
    logger.info("Telegram answers: this is @%s", me.username)

    application = build_application(settings)
    # The libraries and the application live as long as the process: keep them out
    # of the garbage collector's full passes, which otherwise pause updates (p99).
    gc.collect()
    gc.freeze()
    logger.info("Starting the bot for %s", settings.KAMPUNG_NAME)
    try:
        if settings.WEBHOOK_URL:
            application.run_webhook(
                listen=settings.WEBHOOK_LISTEN,
                port=settings.WEBHOOK_PORT,
                url_path=_webhook_path(settings),
                webhook_url=settings.WEBHOOK_URL,
                # Telegram sends it back on every request; PTB refuses (403) any without it.
                secret_token=secret_token or secrets.token_urlsafe(32),
                allowed_updates=Update.ALL_TYPES,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InstanceLocked as exc:
        return fail(str(exc), EXIT_INSTANCE_LOCKED)
    except StartupFailure as exc:
        return fail(exc.line, exc.status, settings)
    except SQLAlchemyError as exc:
        failure = classify_database_error(exc, settings.DATABASE_URL)
        return fail(failure.line, failure.status, settings)
    except OSError as exc:
        if settings.WEBHOOK_URL and exc.errno in (
            errno.EADDRINUSE,
            errno.EACCES,
            errno.EADDRNOTAVAIL,
        ):
            return fail(
                f"the webhook server cannot listen on {settings.WEBHOOK_LISTEN}:"
                f"{settings.WEBHOOK_PORT} ({exc.strerror}): choose another WEBHOOK_PORT or stop"
                " what uses it.",
                EXIT_WEBHOOK_PORT,
                settings,
            )
        return fail(
            f"{type(exc).__name__}: {exc}; run with LOG_LEVEL=DEBUG for details.",
            EXIT_UNEXPECTED,
            settings,
        )
    except Exception as exc:
        return fail(
            f"unexpected {type(exc).__name__}: {str(exc)[:200]}; run with LOG_LEVEL=DEBUG for"
            " the traceback.",
            EXIT_UNEXPECTED,
            settings,
        )
    return 0


# Files the bot writes (database, backups, photos) hold personal data: its user only.
PRIVATE_UMASK = 0o077


def main(argv: list[str] | None = None) -> int:
    os.umask(PRIVATE_UMASK)
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["backup"]) and not (len(args) == 2 and args[0] == "restore"):
        print(USAGE, file=sys.stderr)
        return EXIT_SETTINGS
    try:
        settings = load_settings()
    except SettingsError as exc:
        for line in str(exc).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return EXIT_SETTINGS
    secret_token = webhook_secret(settings)
    configure_logging(settings.LOG_LEVEL, settings.BOT_TOKEN.get_secret_value(), secret_token)
    if args == ["backup"]:
        return backup(settings)
    if args and args[0] == "restore":
        return restore(settings, args[1])
    return run(settings, secret_token)


if __name__ == "__main__":
    sys.exit(main())
