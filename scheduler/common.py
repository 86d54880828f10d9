"""What the scheduler's jobs share: the application type, job settings, the sweep."""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, time, timedelta
from typing import Any

from telegram.ext import Application

from runtime.context import BotContext, BotData

logger = logging.getLogger(__name__)

App = Application[Any, BotContext, Any, Any, BotData, Any]
JobCallback = Callable[[BotContext], Coroutine[Any, Any, None]]

# APScheduler drops a job that runs more than one second late by default; the
# database is the truth here, so a late wake-up must still run, once.
JOB_KWARGS: dict[str, Any] = {"misfire_grace_time": None, "coalesce": True, "max_instances": 1}


def _fresh_queue(app: App, job_id: str) -> Any:
    """The job queue with no job ``job_id`` left in it, or None (and a warning) if absent."""
    queue = app.job_queue
    if queue is None:
        logger.warning("No job queue: %s is not scheduled", job_id)
        return None
    unschedule(app, job_id)
    return queue


def _job_kwargs(job_id: str, max_instances: int = 1) -> dict[str, Any]:
    return {"id": job_id, "replace_existing": True, **JOB_KWARGS, "max_instances": max_instances}


def run_once(
    app: App,
    callback: JobCallback,
    job_id: str,
    when: datetime,
    data: object,
    *,
    max_instances: int = 1,
) -> None:
    """Schedule a one-off job under a fixed id; an earlier one with that id is replaced.

    APScheduler drops (with a warning) a run that falls due while ``max_instances`` runs
    of the same id are still going: a job whose runs must all happen takes more and
    orders them itself.
    """
    queue = _fresh_queue(app, job_id)
    if queue is not None:
        kwargs = _job_kwargs(job_id, max_instances)
        queue.run_once(callback, when=when, data=data, name=job_id, job_kwargs=kwargs)


def run_repeating(
    app: App,
    callback: JobCallback,
    job_id: str,
    every: timedelta,
    first: timedelta,
    *,
    at_once: bool = False,
) -> None:
    """Schedule a job every ``every``, the first time after ``first``; ``at_once``: the
    first time as soon as the job queue runs instead (a start-up pass that must not hold
    up polling), then every ``every`` from that run. One job id, so never two runs at once.
    """
    queue = _fresh_queue(app, job_id)
    if queue is not None:
        kwargs = _job_kwargs(job_id)
        if at_once:
            # APScheduler's ``next_run_time``: the first run, whatever the trigger says (an
            # interval trigger started in the past would wait for its next whole interval).
            # The scheduler's own clock is the wall clock.
            kwargs["next_run_time"] = datetime.now(UTC)
        queue.run_repeating(callback, interval=every, first=first, name=job_id, job_kwargs=kwargs)


def run_daily(app: App, callback: JobCallback, job_id: str, at: time) -> bool:
    """Schedule a daily job under a fixed id at ``at`` (aware); False without a job queue."""
    queue = _fresh_queue(app, job_id)
    if queue is None:
        return False
    queue.run_daily(callback, time=at, name=job_id, job_kwargs=_job_kwargs(job_id))
    return True


def unschedule(app: App, job_id: str) -> None:
    """Forget a job if it is there (also before the job queue has started)."""
    queue = app.job_queue
    if queue is not None and queue.scheduler.get_job(job_id) is not None:
        queue.scheduler.remove_job(job_id)


async def sweep_job(context: BotContext) -> None:
    """Every minute: the delivery worker looks at the outbox again (cutoffs, retries)."""
    context.application.bot_data.delivery.wake()
