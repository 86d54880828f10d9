"""The outbox does not keep what it sent for ever: a daily trim.

Once a day (at ``BACKUP_TIME``, local time, just after the daily copy is due) the
broadcasts finished more than ``OUTBOX_RETENTION_DAYS`` ago lose their texts and
their deliveries their chat ids (``models/erasure.py`` ``trim_outbox``); the rows
stay, so the history of who was told what and when keeps counting. The database
says what is old enough; the job only asks. One session per run.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from models.erasure import OutboxTrim, trim_outbox
from runtime.context import BotContext
from scheduler.common import App, run_daily

logger = logging.getLogger(__name__)

OUTBOX_TRIM_JOB_ID = "outbox-trim"


def schedule_outbox_trim(app: App) -> bool:
    """Plan the daily trim; False without a job queue."""
    settings = app.bot_data.settings
    at = settings.BACKUP_TIME.replace(tzinfo=settings.tz)
    return run_daily(app, outbox_trim_job, OUTBOX_TRIM_JOB_ID, at)


async def run_outbox_trim(app: App) -> OutboxTrim:
    """Trim the outbox now (the job, and the start-up catching up on a day missed)."""
    data = app.bot_data
    keep = timedelta(days=data.settings.OUTBOX_RETENTION_DAYS)
    async with data.sessionmaker() as session, session.begin():
        trimmed = await trim_outbox(session, keep=keep, now=data.clock())
    if trimmed.broadcasts or trimmed.deliveries:
        logger.info(
            "Outbox trimmed: %d old messages lost their text, %d deliveries their chat id",
            trimmed.broadcasts,
            trimmed.deliveries,
        )
    return trimmed


async def outbox_trim_job(context: BotContext) -> None:
    await run_outbox_trim(context.application)
