"""The quarter nudge: remind the admins to plan the coming quarter's meeting, once.

``QUARTER_NUDGE_DAYS`` days before a quarter starts (default 21), if it has no
scheduled meeting, every active admin gets the quarter, the RT whose turn it is
to host, and a button that opens the meeting planning flow (``/jadwal baru``).
That it went out is stored, so each quarter is nudged at most once. The check
runs at start-up and every hour.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from models.broadcast import BroadcastKind, Outgoing, plan_to_admins
from models.kampung import get_kampung, list_kampungs
from models.meeting import meetings_in_quarter, proposed_host, quarter_bounds_utc
from models.member import list_active_admins
from models.reminder import quarter_to_nudge, record_nudge
from models.rules.quarters import Quarter, days_until_quarter_start
from runtime.context import BotContext
from scheduler.common import App, run_repeating
from ui import keyboards, texts

logger = logging.getLogger(__name__)

NUDGE_JOB_ID = "quarter-nudge"
NUDGE_EVERY = timedelta(hours=1)


async def check_quarter_nudge(app: App) -> Quarter | None:
    """Nudge each kampung's admins if its coming quarter needs it; return a quarter nudged."""
    data = app.bot_data
    async with data.sessionmaker() as session:
        kampung_ids = [kampung.id for kampung in await list_kampungs(session)]
    nudged = None
    for kampung_id in kampung_ids:
        nudged = await nudge_kampung(app, kampung_id) or nudged
    return nudged


async def nudge_kampung(app: App, kampung_id: int) -> Quarter | None:
    """Nudge one kampung's admins if its coming quarter needs it (in its own time zone)."""
    data = app.bot_data
    settings = data.settings
    now = data.clock()
    async with data.sessionmaker() as session, session.begin():
        kampung = await get_kampung(session, kampung_id)
        tz = kampung.tz
        today = now.astimezone(tz).date()
        quarter = quarter_to_nudge(today, settings.QUARTER_NUDGE_DAYS)
        if quarter is None:
            return None
        if await meetings_in_quarter(session, kampung.id, quarter, tz):
            return None
        if not await list_active_admins(session, kampung.id):
            return None  # nobody to tell yet: try again at the next check
        starts, _ = quarter_bounds_utc(quarter, tz)
        host = await proposed_host(session, kampung, before=starts)
        if not await record_nudge(session, kampung.id, quarter, now=now):
            return None
        text = texts.quarter_nudge(
            quarter.label, starts.astimezone(tz), days_until_quarter_start(today, quarter), host
        )
        # Queued in the transaction that records it: a crash loses both or neither.
        message = Outgoing(text, keyboards.create_meeting(kampung.id).to_dict(), not_after=starts)
        await plan_to_admins(session, kampung.id, BroadcastKind.NUDGE, message, now=now)
    data.delivery.wake()
    logger.info(
        "Quarter nudge for %s (kampung %s) handed to the delivery worker", quarter.label, kampung_id
    )
    return quarter


async def nudge_job(context: BotContext) -> None:
    await check_quarter_nudge(context.application)


def schedule_nudges(app: App) -> None:
    run_repeating(app, nudge_job, NUDGE_JOB_ID, NUDGE_EVERY, first=NUDGE_EVERY)
