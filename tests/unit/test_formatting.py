from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ui.formatting import (
    format_date,
    format_duration_id,
    format_meeting_datetime,
    format_relative_days,
    format_time,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")


def test_meeting_datetime_in_wib():
    when = datetime(2026, 8, 15, 9, 0, tzinfo=WIB)
    assert format_meeting_datetime(when, WIB) == "Sabtu, 15 Agustus 2026 pukul 09.00 WIB"


def test_meeting_datetime_converts_from_utc():
    when = datetime(2026, 8, 15, 2, 0, tzinfo=UTC)
    assert format_meeting_datetime(when, WIB) == "Sabtu, 15 Agustus 2026 pukul 09.00 WIB"


@pytest.mark.parametrize(
    ("tz", "expected"),
    [
        (WIB, "Sabtu, 15 Agustus 2026 pukul 09.00 WIB"),
        (WITA, "Sabtu, 15 Agustus 2026 pukul 10.00 WITA"),
        (WIT, "Sabtu, 15 Agustus 2026 pukul 11.00 WIT"),
        (ZoneInfo("Asia/Pontianak"), "Sabtu, 15 Agustus 2026 pukul 09.00 WIB"),
    ],
)
def test_meeting_datetime_zones(tz, expected):
    when = datetime(2026, 8, 15, 2, 0, tzinfo=UTC)
    assert format_meeting_datetime(when, tz) == expected


def test_meeting_datetime_date_changes_with_zone():
    when = datetime(2026, 8, 15, 20, 0, tzinfo=UTC)  # 03.00 next day in WIB
    assert format_meeting_datetime(when, WIB) == "Minggu, 16 Agustus 2026 pukul 03.00 WIB"


@pytest.mark.parametrize(
    "func",
    [
        lambda when: format_meeting_datetime(when, WIB),
        lambda when: format_time(when, WIB),
        lambda when: format_relative_days(when, datetime(2026, 8, 1, tzinfo=WIB), WIB),
        lambda when: format_relative_days(datetime(2026, 8, 1, tzinfo=WIB), when, WIB),
    ],
)
def test_naive_datetimes_rejected(func):
    with pytest.raises(ValueError, match="timezone-aware"):
        func(datetime(2026, 8, 15, 9, 0))  # noqa: DTZ001


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 8, 15), "Sabtu, 15 Agustus 2026"),
        (date(2026, 1, 5), "Senin, 5 Januari 2026"),
        (date(2026, 12, 31), "Kamis, 31 Desember 2026"),
        (date(2028, 2, 29), "Selasa, 29 Februari 2028"),
        (date(2026, 11, 13), "Jumat, 13 November 2026"),
    ],
)
def test_format_date(d, expected):
    assert format_date(d) == expected


def test_format_date_rejects_datetime():
    with pytest.raises(TypeError):
        format_date(datetime(2026, 8, 15, tzinfo=WIB))


@pytest.mark.parametrize(
    ("when", "tz", "expected"),
    [
        (datetime(2026, 8, 15, 9, 0, tzinfo=WIB), WIB, "09.00 WIB"),
        (datetime(2026, 8, 15, 12, 30, tzinfo=UTC), WIB, "19.30 WIB"),
        (datetime(2026, 8, 15, 9, 0, tzinfo=WIB), WITA, "10.00 WITA"),
        (datetime(2026, 8, 15, 9, 0, tzinfo=WIB), WIT, "11.00 WIT"),
    ],
)
def test_format_time(when, tz, expected):
    assert format_time(when, tz) == expected


NOW = datetime(2026, 8, 1, 10, 0, tzinfo=WIB)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "hari ini"),
        (1, "besok"),
        (2, "lusa"),
        (3, "3 hari lagi"),
        (7, "7 hari lagi"),
        (13, "13 hari lagi"),
        (14, "2 minggu lagi"),
        (20, "2 minggu lagi"),
        (21, "3 minggu lagi"),
        (91, "13 minggu lagi"),
        (-1, "kemarin"),
        (-2, "2 hari yang lalu"),
        (-13, "13 hari yang lalu"),
        (-14, "2 minggu yang lalu"),
    ],
)
def test_relative_days(days, expected):
    assert format_relative_days(NOW + timedelta(days=days), NOW, WIB) == expected


def test_relative_days_uses_calendar_days_in_zone():
    late = datetime(2026, 8, 1, 23, 30, tzinfo=WIB)
    early_next = datetime(2026, 8, 2, 0, 30, tzinfo=WIB)
    assert format_relative_days(early_next, late, WIB) == "besok"
    # The same instants given in UTC (both 1 August there): the WIB calendar decides.
    assert format_relative_days(early_next.astimezone(UTC), late.astimezone(UTC), WIB) == "besok"
    # Same instant, different zone: in UTC both fall on 1 August -> "hari ini".
    assert format_relative_days(early_next, late, ZoneInfo("UTC")) == "hari ini"


@pytest.mark.parametrize(
    ("delta", "expected"),
    [
        (timedelta(days=7), "7 hari"),
        (timedelta(days=1), "1 hari"),
        (timedelta(hours=3), "3 jam"),
        (timedelta(minutes=30), "30 menit"),
        (timedelta(days=1, hours=3), "1 hari 3 jam"),
        (timedelta(hours=1, minutes=30), "1 jam 30 menit"),
        (timedelta(days=2, minutes=5), "2 hari 5 menit"),
        (timedelta(hours=24), "1 hari"),
        (timedelta(minutes=90), "1 jam 30 menit"),
        (timedelta(minutes=1, seconds=59), "1 menit"),
        (timedelta(seconds=30), "0 menit"),
        (timedelta(0), "0 menit"),
    ],
)
def test_format_duration(delta, expected):
    assert format_duration_id(delta) == expected


def test_format_duration_negative():
    with pytest.raises(ValueError, match="negative"):
        format_duration_id(timedelta(minutes=-1))


@settings(database=None)
@given(st.integers(min_value=0, max_value=60 * 24 * 400))
def test_format_duration_round_trips(total_minutes):
    text = format_duration_id(timedelta(minutes=total_minutes))
    words = text.split()
    units = {"hari": 24 * 60, "jam": 60, "menit": 1}
    assert sum(int(n) * units[u] for n, u in zip(words[::2], words[1::2], strict=True)) == (
        total_minutes
    )


@settings(database=None)
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)))  # noqa: DTZ001
def test_meeting_datetime_matches_wall_clock(naive):
    when = naive.replace(tzinfo=WIB)
    text = format_meeting_datetime(when, WIB)
    assert text.endswith(f"pukul {when:%H.%M} WIB")
    assert text.startswith(format_date(when.date()))
