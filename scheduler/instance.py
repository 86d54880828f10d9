"""One bot per database: take the instance lock at start-up, keep it alive, give it back.

A second ``python -m bot`` on the same database stops with ``InstanceLocked``
(exit status 3) instead of doubling every reminder. The lock is a database row
(``models/instance.py``), refreshed by a heartbeat job every 30 seconds. A
holder that stopped refreshing for two minutes, or whose process is gone from
this host (killed), is replaced, so a crashed bot does not block its successor.
"""

from __future__ import annotations

import logging
import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from models.instance import Holder, acquire_lock, refresh_lock, release_lock
from runtime.context import BotContext
from scheduler.common import App, run_repeating

logger = logging.getLogger(__name__)

EXIT_STATUS = 3
HEARTBEAT_JOB_ID = "instance-heartbeat"
HEARTBEAT_EVERY = timedelta(seconds=30)
STALE_AFTER = timedelta(minutes=2)

# Told apart from every other process, and from a later one with the same pid.
_PROCESS_NONCE = uuid.uuid4().hex[:16]


class InstanceLocked(RuntimeError):
    """Another bot process holds the database; this one must not start."""


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just not ours
    except OSError:
        return True  # cannot tell: assume alive, the stale limit still applies
    return True


def holder_of(app: App) -> Holder:
    """This application's identity in the lock: one per ``Application`` object."""
    return Holder(
        token=f"{_PROCESS_NONCE}-{id(app):x}", hostname=socket.gethostname()[:255], pid=os.getpid()
    )


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
            age = max(int((data.clock() - outcome.other_heartbeat).total_seconds()), 0)
            raise InstanceLocked(
                "another instance of the bot is running on this database "
                f"(host {outcome.other.hostname}, pid {outcome.other.pid}, last seen {age} s "
                "ago). Stop it first: two instances would send every reminder twice. If it "
                f"crashed, start again in {int(STALE_AFTER.total_seconds())} s."
            )
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
