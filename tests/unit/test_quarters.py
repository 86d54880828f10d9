from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models.rules.quarters import Quarter, days_until_quarter_start


@pytest.mark.parametrize(
    ("number", "start", "end", "roman"),
    [
        (1, date(2026, 1, 1), date(2026, 3, 31), "I"),
        (2, date(2026, 4, 1), date(2026, 6, 30), "II"),
        (3, date(2026, 7, 1), date(2026, 9, 30), "III"),
        (4, date(2026, 10, 1), date(2026, 12, 31), "IV"),
    ],
)
def test_bounds_and_roman(number, start, end, roman):
    q = Quarter(2026, number)
    assert q.start == start
    assert q.end == end
    assert q.roman == roman


def test_label():
    assert Quarter(2026, 3).label == "Triwulan III 2026"
    assert str(Quarter(2027, 1)) == "Triwulan I 2027"


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 1, 1), Quarter(2026, 1)),
        (date(2026, 3, 31), Quarter(2026, 1)),
        (date(2026, 4, 1), Quarter(2026, 2)),
        (date(2026, 8, 15), Quarter(2026, 3)),
        (date(2026, 9, 30), Quarter(2026, 3)),
        (date(2026, 10, 1), Quarter(2026, 4)),
        (date(2026, 12, 31), Quarter(2026, 4)),
        (date(2028, 2, 29), Quarter(2028, 1)),
    ],
)
def test_of(d, expected):
    assert Quarter.of(d) == expected


def test_of_rejects_datetime():
    with pytest.raises(TypeError):
        Quarter.of(datetime(2026, 8, 15, 9, 0))  # noqa: DTZ001


def test_next_and_previous_cross_year_boundary():
    assert Quarter(2026, 4).next() == Quarter(2027, 1)
    assert Quarter(2027, 1).previous() == Quarter(2026, 4)
    assert Quarter(2026, 2).next() == Quarter(2026, 3)
    assert Quarter(2026, 3).previous() == Quarter(2026, 2)


def test_leap_year_first_quarter_end():
    assert Quarter(2028, 1).end == date(2028, 3, 31)
    assert date(2028, 2, 29) in Quarter(2028, 1)


def test_ordering_is_chronological():
    quarters = [Quarter(2027, 1), Quarter(2026, 4), Quarter(2026, 1)]
    assert sorted(quarters) == [Quarter(2026, 1), Quarter(2026, 4), Quarter(2027, 1)]
    assert Quarter(2026, 4) < Quarter(2027, 1)


def test_contains():
    q = Quarter(2026, 3)
    assert date(2026, 7, 1) in q
    assert date(2026, 10, 1) not in q
    assert "2026-07-01" not in q


@pytest.mark.parametrize("number", [0, 5, -1])
def test_invalid_number(number):
    with pytest.raises(ValueError, match="quarter number"):
        Quarter(2026, number)


def test_frozen_and_hashable():
    q = Quarter(2026, 3)
    assert {q: 1}[Quarter(2026, 3)] == 1
    with pytest.raises(AttributeError):
        q.number = 4  # type: ignore[misc]


@pytest.mark.parametrize(
    ("today", "quarter", "expected"),
    [
        (date(2026, 9, 30), Quarter(2026, 4), 1),
        (date(2026, 10, 1), Quarter(2026, 4), 0),
        (date(2026, 10, 2), Quarter(2026, 4), -1),
        (date(2026, 12, 1), Quarter(2027, 1), 31),
        (date(2026, 8, 15), Quarter(2026, 4), 47),
    ],
)
def test_days_until_quarter_start(today, quarter, expected):
    assert days_until_quarter_start(today, quarter) == expected


@settings(database=None)
@given(st.dates(min_value=date(2, 1, 1), max_value=date(9998, 12, 31)))
def test_of_contains_date(d):
    q = Quarter.of(d)
    assert q.start <= d <= q.end
    assert d in q
    assert q.next().start == q.end + timedelta(days=1)
    assert q.previous().end == q.start - timedelta(days=1)
    assert q.next().previous() == q
