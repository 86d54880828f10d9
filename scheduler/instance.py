"""One bot per database: take the instance lock at start-up, keep it alive, give it back.

A second ``python -m bot`` on the same database stops with ``InstanceLocked``
(exit status 3) instead of doubling every reminder. The lock is a database row
(``models/instance.py``), refreshed by a heartbeat job every 30 seconds. A
holder that stopped refreshing for two minutes, or whose process is gone from
this host (killed), is replaced, so a crashed bot does not block its successor.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

# InstanceLocked, process_alive and STALE_AFTER are the lock's own (models/instance.py),
# re-exported here for the callers that know the scheduler's side of it.
from models.instance import (
    STALE_AFTER,
    Holder,
    InstanceLocked,
    acquire_lock,
    process_alive,
    refresh_lock,
    refusal,
    release_lock,
    this_process,
)
from runtime.context import BotContext
from scheduler.common import App, run_repeating

logger = logging.getLogger(__name__)

__all__ = ["STALE_AFTER", "InstanceLocked", "process_alive"]

EXIT_STATUS = 3
HEARTBEAT_JOB_ID = "instance-heartbeat"
HEARTBEAT_EVERY = timedelta(seconds=30)

# Told apart from every other process, and from a later one with the same pid.
_PROCESS_NONCE = uuid.uuid4().hex[:16]


def holder_of(app: App) -> Holder:
    """This application's identity in the lock: one per ``Application`` object."""
    return this_process(f"{_PROCESS_NONCE}-{id(app):x}")


async def acquire_instance_lock(app: App) -> None:
    """Take the lock or raise ``InstanceLocked`` with a message for the operator."""
    data = app.bot_data
    me = holder_of(app)
    for _ in range(2):  # a second round when another starter inserted the row first
        try:
            async with data.sessionmaker() as session, session.begin():
                outcome = await acquire_lock(
                    session,
                    me,
                    now=data.clock(),
                    stale_after=STALE_AFTER,
                    process_alive=process_alive,
                )
        except IntegrityError:
            continue
        if outcome.acquired:
            if outcome.other is not None:
                logger.warning(
                    "Took over the instance lock from %s (pid %s), which stopped without "
                    "releasing it",
                    outcome.other.hostname,
                    outcome.other.pid,
                )
            break
        if outcome.other is not None and outcome.other_heartbeat is not None:
            raise InstanceLocked(refusal(outcome.other, outcome.other_heartbeat, data.clock()))
    else:
        raise InstanceLocked("could not take the instance lock in the database; try again")
    run_repeating(app, heartbeat_job, HEARTBEAT_JOB_ID, HEARTBEAT_EVERY, first=HEARTBEAT_EVERY)


async def heartbeat_job(context: BotContext) -> None:
    """Keep the lock fresh; if another instance took it over, stop this one."""
    app = context.application
    data = app.bot_data
    async with data.sessionmaker() as session, session.begin():
        still_ours = await refresh_lock(session, holder_of(app), now=data.clock())
    if not still_ours:
        logger.error(
            "Another instance took over the database (this one was unresponsive for over "
            "%s); stopping so that nothing is sent twice",
            STALE_AFTER,
        )
        app.stop_running()


async def release_instance_lock(app: App) -> None:
    """Give the lock back at a clean stop (a killed process leaves it to go stale)."""
    data = app.bot_data
    try:
        async with data.sessionmaker() as session, session.begin():
            await release_lock(session, holder_of(app))
    except SQLAlchemyError:
        logger.debug("Instance lock not released (no database or table yet)", exc_info=True)
