"""``/jadwal tahun``: the four quarters of a year, and creating the missing meetings."""

from __future__ import annotations

import re
from datetime import date, timedelta

from telegram import InlineKeyboardMarkup, Update

from handlers.common import acknowledge, is_private, reply, require_member
from handlers.meetings.common import DEFAULT_START, load_kampung, local_today
from handlers.meetings.plan import create_and_announce, proposed_for
from models.kampung import get_kampung
from models.meeting import (
    MeetingPlan,
    QuarterTaken,
    default_venue,
    last_host_before,
    meetings_in_quarter,
    quarter_bounds_utc,
)
from models.rules.quarters import Quarter
from models.rules.rotation import next_host_rt
from runtime.context import BotContext
from ui import keyboards, texts


def default_meeting_day(quarter: Quarter, today: date) -> date | None:
    """A proposed day for a quarter: the second Saturday of its middle month.

    If that has passed, the first Saturday at least a week from today that is
    still in the quarter; None if there is none.
    """
    middle = date(quarter.year, quarter.start.month + 1, 1)
    first_saturday = middle + timedelta(days=(5 - middle.weekday()) % 7)
    day = first_saturday + timedelta(days=7)
    if day > today:
        return day
    soon = today + timedelta(days=7)
    soon += timedelta(days=(5 - soon.weekday()) % 7)
    return soon if soon <= quarter.end else None


def _year_in_range(year: int, today: date) -> bool:
    return today.year - 5 <= year <= today.year + 2


async def show_year(update: Update, context: BotContext, argument: str) -> None:
    """``/jadwal tahun [YYYY]``: the four quarters, with a way to fill the gaps."""
    member = await require_member(update, context) if is_private(update) else None
    if is_private(update) and member is None:
        return
    today = local_today(context)
    argument = argument.strip()
    year = int(argument) if re.fullmatch(r"[0-9]{4}", argument) else None
    if argument and (year is None or not _year_in_range(year, today)):
        await reply(update, texts.YEAR_OUT_OF_RANGE)
        return
    year = year or today.year
    rows, missing = await _year_rows(context, year)
    admin = member is not None and member.is_admin
    markup: InlineKeyboardMarkup | None = None
    if missing and admin:
        markup = keyboards.create_missing(context.kampung_id, year)
    await reply(update, texts.year_overview(year, rows, len(missing), admin), markup)


async def _year_rows(context: BotContext, year: int) -> tuple[list[tuple[str, str]], list[Quarter]]:
    """One row per quarter; missing quarters get the hosts the rotation would give them."""
    tz = context.tz
    today = local_today(context)
    rows: list[tuple[str, str]] = []
    missing: list[Quarter] = []
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
        year_start = quarter_bounds_utc(Quarter(year, 1), tz)[0]
        last_host = await last_host_before(session, kampung.id, year_start)
        for number in range(1, 5):
            quarter = Quarter(year, number)
            meetings = await meetings_in_quarter(session, kampung.id, quarter, tz)
            label = f"Triwulan {quarter.roman}"
            if meetings:
                rows += [(label, texts.quarter_row_meeting(m, tz)) for m in meetings]
                last_host = meetings[-1].host_rt
                continue
            day = default_meeting_day(quarter, today)
            if day is None:
                rows.append((label, texts.quarter_row_missing(None)))
                continue
            missing.append(quarter)
            last_host = next_host_rt(kampung.rt_list, last_host)
            rows.append((label, texts.quarter_row_missing(last_host)))
    return rows, missing


async def create_missing(update: Update, context: BotContext) -> None:
    """Create (and announce) a meeting for every quarter of the year still without one."""
    query = update.callback_query
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return
    year = int(query.data.rsplit(":", 1)[1])
    if not _year_in_range(year, local_today(context)):
        await query.answer(texts.plain(texts.YEAR_OUT_OF_RANGE), show_alert=True)
        return
    _, missing = await _year_rows(context, year)
    if not missing:
        await query.answer(texts.NOTHING_MISSING, show_alert=True)
        return
    await acknowledge(update)
    tz = context.tz
    created = 0
    for quarter in missing:
        day = default_meeting_day(quarter, local_today(context))
        if day is None:
            continue
        plan = MeetingPlan(day=day, start_time=DEFAULT_START, topic=texts.DEFAULT_TOPIC)
        kampung = await load_kampung(context)
        plan.proposed_host_rt = plan.host_rt = await proposed_for(context, kampung, plan)
        plan.venue = default_venue(plan.host_rt)
        if plan.starts_at(tz) <= context.now():
            continue
        try:
            await create_and_announce(update, context, plan, admin)
        except QuarterTaken:
            continue  # another admin filled this quarter a moment ago
        created += 1
    await reply(update, texts.missing_created(created))
