"""The daily backup: a consistent copy of the SQLite database, the newest N kept.

At ``BACKUP_TIME`` (the kampung's local time) the job copies the live database
into ``BACKUP_DIR`` with SQLite's online backup API (``models/backup.py``) in a
worker thread, so updates keep flowing, and deletes all but the newest
``BACKUP_KEEP`` copies. ``BACKUP_KEEP=0`` or a PostgreSQL database: no job
(PostgreSQL is backed up with pg_dump, see README).
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from models.backup import BackupError, backup_sqlite, rotate, sqlite_path
from runtime.context import BotContext
from scheduler.common import App, run_daily, unschedule

logger = logging.getLogger(__name__)

BACKUP_JOB_ID = "daily-backup"


def schedule_backups(app: App) -> bool:
    """Plan the daily backup; False when there is nothing to plan."""
    settings = app.bot_data.settings
    unschedule(app, BACKUP_JOB_ID)
    if settings.BACKUP_KEEP == 0 or sqlite_path(settings.DATABASE_URL) is None:
        return False
    return run_daily(
        app, backup_job, BACKUP_JOB_ID, settings.BACKUP_TIME.replace(tzinfo=settings.tz)
    )


async def run_backup(app: App) -> Path | None:
    """Make today's copy and rotate; the copy's path, or None when it failed (logged)."""
    data = app.bot_data
    settings = data.settings
    source = sqlite_path(settings.DATABASE_URL)
    if source is None:
        return None
    folder = Path(settings.BACKUP_DIR)
    at = data.clock().astimezone(settings.tz)
    try:
        copy = await asyncio.to_thread(backup_sqlite, source, folder, at)
    except BackupError as exc:
        logger.error("Daily backup failed: %s", exc)
        return None
    removed = await asyncio.to_thread(rotate, folder, settings.BACKUP_KEEP)
    logger.info(
        "Daily backup written to %s (%d older copies removed, %d kept)",
        copy,
        len(removed),
        settings.BACKUP_KEEP,
    )
    return copy


async def backup_job(context: BotContext) -> None:
    await run_backup(context.application)
