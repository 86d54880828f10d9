"""Start-up and shutdown of the scheduler, called by ``bot.app`` (post_init / post_shutdown)."""

from __future__ import annotations

from bot import texts
from bot.broadcast import resume_broadcasts
from scheduler.common import App, tell_admins
from scheduler.instance import acquire_instance_lock, release_instance_lock
from scheduler.nudge import check_quarter_nudge, schedule_nudges
from scheduler.reminders import restore_reminders

__all__ = ["acquire_instance_lock", "release_instance_lock", "start_scheduler"]


async def start_scheduler(app: App) -> None:
    """Rebuild the reminder schedule from the database and start the periodic checks.

    Runs before the first update is handled, with the instance lock held: what
    fell due while the bot was down goes out (or is reported missed) here, and
    announcements a stopped process left half sent are finished.
    """
    await restore_reminders(app)
    for resumed in await resume_broadcasts(app.bot, app.bot_data):
        await tell_admins(app, texts.summary_report(resumed.kind, resumed.summary, resumed=True))
    schedule_nudges(app)
    await check_quarter_nudge(app)
