"""The group's meeting card keeps its RSVP tally current, within the group's limits.

After an answer changes, the newest card about the meeting in the group (announcement,
change or reminder; the outbox recorded its message id) is edited with the new tally:
at once if the last edit was at least ``GROUP_CARD_EDIT_SECONDS`` ago, otherwise by one
job at the end of that interval, which takes every answer given meanwhile. So a burst
of answers costs the group at most one edit per interval. The edits of one card run one
at a time (``BotData.group_card_turns``): an edit due while Telegram is still taking the
previous one waits for it, and a person's own update never waits for another's edit.

The database says which edits are owed (``meeting.tally_owed_at``, set with each
changed answer, cleared once an edit showed them): a restart while an edit waited
makes it at start-up (``resume_owed_tallies``) instead of leaving the card behind.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from telegram import InlineKeyboardMarkup
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from delivery.sending import is_edit_target_gone, is_not_modified
from models.broadcast import group_card
from models.meeting import (
    get_meeting,
    meetings_owing_tally,
    rsvp_tally,
    tally_shown,
)
from models.tenancy import kampung_of_meeting
from runtime.context import BotContext
from scheduler.common import App, run_once
from ui import texts

logger = logging.getLogger(__name__)

JOB_PREFIX = "group-card:"
# Runs of one meeting's edit job that may be under way at once. A run waits for the one
# before (``BotData.group_card_turns``), so a run that falls due while Telegram is slow to
# take the previous edit still happens, after it, instead of being dropped by APScheduler
# (an answer given meanwhile would stay off the card until the next one).
GROUP_CARD_RUNS = 16


def group_card_job_id(meeting_id: int) -> str:
    return f"{JOB_PREFIX}{meeting_id}"


async def refresh_group_card(app: App, meeting_id: int) -> None:
    """An answer changed: edit the group's card now, or once the interval has passed.

    Now means in this update, unless an edit of the card is still under way (Telegram
    slow to take it): then a job waits for it, not the person who answered (her next
    update would wait behind this one)."""
    data = app.bot_data
    now = data.clock()
    interval = timedelta(seconds=data.settings.GROUP_CARD_EDIT_SECONDS)
    last = data.group_card_edits.get(meeting_id)
    due = now if last is None else max(now, last + interval)
    if due == now and not data.group_card_turns.busy(meeting_id):
        await edit_group_card(app, meeting_id)
        return
    job_id = group_card_job_id(meeting_id)
    queue = app.job_queue
    if queue is not None and queue.scheduler.get_job(job_id) is not None:
        return  # an edit is already due: it will show this answer too
    _schedule_edit(app, meeting_id, due)


def _schedule_edit(app: App, meeting_id: int, when: datetime) -> None:
    job_id = group_card_job_id(meeting_id)
    run_once(app, group_card_job, job_id, when, meeting_id, max_instances=GROUP_CARD_RUNS)


async def group_card_job(context: BotContext) -> None:
    meeting_id = context.job.data if context.job else None
    if isinstance(meeting_id, int):
        await edit_group_card(context.application, meeting_id)


async def edit_group_card(app: App, meeting_id: int) -> None:
    """Put the current tally on the group's newest card of the meeting (read, then edit),
    after any edit of that card still under way."""
    await app.bot_data.group_card_turns.run(meeting_id, lambda: _edit_group_card(app, meeting_id))


async def _edit_group_card(app: App, meeting_id: int) -> None:
    data = app.bot_data
    # Taken before any wait: answers handled meanwhile see the edit under way.
    read_at = data.group_card_edits[meeting_id] = data.clock()
    async with data.reading_sessionmaker() as session:
        card = await group_card(session, meeting_id)
        # The meeting's kampung from the tenancy cache (the press resolved it already).
        kampung_id = None if card is None else await kampung_of_meeting(session, meeting_id)
        meeting = None if kampung_id is None else await get_meeting(session, kampung_id, meeting_id)
        tally = None
        if card is not None and meeting is not None and not meeting.is_cancelled:
            tally = await rsvp_tally(session, meeting)
    if card is not None and tally is not None:
        text = texts.with_tally(card.text, tally)
        markup = InlineKeyboardMarkup.de_json(card.markup, app.bot) if card.markup else None
        try:
            await app.bot.edit_message_text(
                text, chat_id=card.chat_id, message_id=card.message_id, reply_markup=markup
            )
        except BadRequest as error:
            if is_not_modified(error) or is_edit_target_gone(error):
                # The same tally already, or a card deleted or too old: nothing owed.
                logger.debug("Group card of meeting %s not edited: %s", meeting_id, error)
            else:
                # Any other refusal is the bot's own fault (a text Telegram cannot
                # parse, say): the card stays behind, and that must be seen.
                logger.warning("Group card of meeting %s refused: %s", meeting_id, error)
        except (NetworkError, RetryAfter) as error:
            # Telegram was not reached (or not now): the edit stays owed.
            logger.info("Group card of meeting %s not edited yet: %s", meeting_id, error)
            return
        except TelegramError as error:
            # The bot was removed from the group, the group is gone …
            logger.debug("Group card of meeting %s not edited: %s", meeting_id, error)
    async with data.sessionmaker() as session, session.begin():
        await tally_shown(session, meeting_id, read_at=read_at)


async def resume_owed_tallies(app: App) -> None:
    """At start-up: the group card edits a stopped process still owed, made one by one
    by the scheduler (as the throttled edit would have been), not before the first update."""
    data = app.bot_data
    async with data.reading_sessionmaker() as session:
        owed = await meetings_owing_tally(session)
    for meeting_id in owed:
        _schedule_edit(app, meeting_id, data.clock())
