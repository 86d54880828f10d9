"""The yearly refresh of the classification's answers (``/klasifikasi``).

An answer given a year ago (``REFRESH_AFTER``) is asked again, once: the rows say
when each answer was given and whether its reminder went out (``reminded_at``),
so the check is idempotent and a bot that was down catches up at its next run.
The reminder goes to the kampung's secretaries through the outbox, in the
transaction that marks the answers reminded. Runs at start-up and every hour.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from models.broadcast import BroadcastKind, Outgoing, plan_to_admins
from models.classification.questions import Q
from models.classification.store import claim_reminder, kampungs_to_remind
from models.kampung import get_kampung
from models.member import list_active_admins
from runtime.context import BotContext
from scheduler.common import App, run_repeating
from ui import classification_keyboards as kb
from ui.texts import classification as t

logger = logging.getLogger(__name__)

REFRESH_JOB_ID = "classification-refresh"
REFRESH_EVERY = timedelta(hours=1)


async def check_refresh(app: App) -> dict[int, list[Q]]:
    """Remind each kampung whose answers are a year old; return what was reminded."""
    data = app.bot_data
    now = data.clock()
    async with data.sessionmaker() as session:
        due = await kampungs_to_remind(session, now)
    reminded: dict[int, list[Q]] = {}
    for kampung_id in due:
        async with data.sessionmaker() as session, session.begin():
            if not await list_active_admins(session, kampung_id):
                continue  # nobody to tell yet: the next check tries again
            keys = await claim_reminder(session, kampung_id, now)
            if not keys:
                continue
            kampung = await get_kampung(session, kampung_id)
            message = Outgoing(
                t.kls_refresh_reminder(kampung.name, keys), kb.open_view(kampung_id).to_dict()
            )
            await plan_to_admins(session, kampung_id, BroadcastKind.NOTICE, message, now=now)
        reminded[kampung_id] = list(keys)
    if reminded:
        data.delivery.wake()
        logger.info("Classification refresh asked in %s kampung(s)", len(reminded))
    return reminded


async def refresh_job(context: BotContext) -> None:
    await check_refresh(context.application)


def schedule_refresh(app: App) -> None:
    run_repeating(app, refresh_job, REFRESH_JOB_ID, REFRESH_EVERY, first=REFRESH_EVERY)
