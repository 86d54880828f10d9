"""Start-up and shutdown of the scheduler, called by ``bot.app`` (post_init / post_shutdown)."""

from __future__ import annotations

from datetime import timedelta

from scheduler.backup import schedule_backups
from scheduler.classification import check_refresh, schedule_refresh
from scheduler.common import App, run_repeating, sweep_job
from scheduler.instance import acquire_instance_lock, release_instance_lock
from scheduler.nudge import check_quarter_nudge, schedule_nudges
from scheduler.outbox import run_outbox_trim, schedule_outbox_trim
from scheduler.poktan_month import schedule_poktan_month
from scheduler.poktan_reminders import restore as restore_poktan_reminders
from scheduler.reminders import restore_reminders
from scheduler.tally import resume_owed_tallies

__all__ = ["acquire_instance_lock", "release_instance_lock", "start_scheduler"]

DELIVERY_SWEEP_JOB_ID = "delivery-sweep"
DELIVERY_SWEEP_EVERY = timedelta(minutes=1)


async def start_scheduler(app: App) -> None:
    """Rebuild the reminder schedule from the database and start the periodic checks.

    Runs before the first update is handled, with the instance lock held: what
    fell due while the bot was down goes out (or is reported missed) here, and
    the delivery worker (started before) finishes what a stopped process left half sent,
    and the group cards' tallies it had not yet edited are edited. The Poktan month's
    catch-up (thousands of registers on the 1st) is the first run of its job instead, as
    soon as the bot polls.
    """
    await restore_reminders(app)
    await restore_poktan_reminders(app)  # after the meetings': theirs go first
    await resume_owed_tallies(app)  # group card edits a stopped process still owed
    run_repeating(app, sweep_job, DELIVERY_SWEEP_JOB_ID, DELIVERY_SWEEP_EVERY, DELIVERY_SWEEP_EVERY)
    schedule_nudges(app)
    schedule_backups(app)
    schedule_outbox_trim(app)
    # Its first run (a bot down on the 1st sends the registers) comes as soon as the job
    # queue runs, not here: thousands of registers would keep the bot from polling.
    schedule_poktan_month(app)
    schedule_refresh(app)
    await check_quarter_nudge(app)
    await check_refresh(app)  # answers that came of age while the bot was down
    await run_outbox_trim(app)  # a bot stopped at the trim's hour still trims
