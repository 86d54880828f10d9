"""The plain rules of Poktan sessions: typed days, a planned start, the roll's pages,
and when a planned session's reminders fall due."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from models.poktan.reminders import PoktanReminderKind, due_times
from models.poktan.sessions import (
    ROLL_PAGE_SIZE,
    SessionError,
    SessionProblem,
    read_held_day,
    read_plan_start,
    roll_pages,
)

TODAY = date(2026, 7, 1)
JAKARTA = ZoneInfo("Asia/Jakarta")


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("30/06", date(2026, 6, 30)),
        ("1-7", TODAY),
        ("05.06.2026", date(2026, 6, 5)),
        ("5/6/26", date(2026, 6, 5)),
        ("kemarin", date(2026, 6, 30)),
        ("Hari ini", TODAY),
    ],
)
def test_a_held_day_is_typed_as_the_chair_writes_it(typed: str, day: date) -> None:
    assert read_held_day(typed, today=TODAY) == day


def test_a_day_without_its_year_in_january_is_the_december_just_gone() -> None:
    assert read_held_day("28/12", today=date(2027, 1, 3)) == date(2026, 12, 28)


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("15/07", SessionProblem.FUTURE_DATE),
        ("02/07/2026", SessionProblem.FUTURE_DATE),
        ("31/02", SessionProblem.BAD_DATE),
        ("tiga puluh", SessionProblem.BAD_DATE),
        ("01/06/2025", SessionProblem.TOO_OLD),
    ],
)
def test_a_bad_or_future_day_is_refused(typed: str, problem: SessionProblem) -> None:
    with pytest.raises(SessionError) as refused:
        read_held_day(typed, today=TODAY)
    assert refused.value.problem is problem


def test_a_planned_start_is_a_day_then_a_time_in_the_kampungs_zone() -> None:
    start = read_plan_start("03/07 pukul 15.00", today=TODAY, tz=JAKARTA)
    assert start == datetime(2026, 7, 3, 8, 0, tzinfo=UTC)
    with pytest.raises(SessionError) as bad:
        read_plan_start("besok", today=TODAY, tz=JAKARTA)
    assert bad.value.problem is SessionProblem.BAD_DATE
    with pytest.raises(SessionError) as past:
        read_plan_start("30/06/2026 15.00", today=TODAY, tz=JAKARTA)
    assert past.value.problem is SessionProblem.PAST_DATE


def test_the_roll_has_a_page_per_rt_and_more_for_a_large_rt() -> None:
    families = [(i, "01") for i in range(ROLL_PAGE_SIZE + 3)] + [(100, "02")]
    pages = roll_pages(families)
    assert [(p.rt, p.part, p.parts, len(p.family_ids)) for p in pages] == [
        ("01", 1, 2, ROLL_PAGE_SIZE),
        ("01", 2, 2, 3),
        ("02", 1, 1, 1),
    ]


def test_reminders_fall_due_the_day_before_at_16_local_and_2_hours_before() -> None:
    start = datetime(2026, 7, 3, 8, 0, tzinfo=UTC)  # 15.00 in Jakarta
    assert due_times(start, JAKARTA) == {
        PoktanReminderKind.DAY_BEFORE: datetime(2026, 7, 2, 9, 0, tzinfo=UTC),
        PoktanReminderKind.SOON: start - timedelta(hours=2),
        PoktanReminderKind.COMPLETE: start + timedelta(hours=3),
    }
