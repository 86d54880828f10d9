"""Indonesian presentation of dates, times and durations (Babel, locale "id").

Pure functions. Instants must be timezone-aware; they are shown in the kampung's zone,
e.g. "Sabtu, 15 Agustus 2026 pukul 09.00 WIB".
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date
from babel.dates import format_datetime as babel_format_datetime
from babel.dates import get_month_names
from babel.numbers import format_percent

LOCALE = "id"
DATE_PATTERN = "EEEE, d MMMM y"
TIME_PATTERN = "HH.mm z"
DATETIME_PATTERN = f"{DATE_PATTERN} 'pukul' {TIME_PATTERN}"

_WEEK_THRESHOLD_DAYS = 14
"""From this many days on, relative dates are counted in whole weeks."""


def _require_aware(when: datetime, name: str = "when") -> None:
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def format_meeting_datetime(when: datetime, tz: ZoneInfo) -> str:
    """E.g. "Sabtu, 15 Agustus 2026 pukul 09.00 WIB" (WITA / WIT in those zones)."""
    _require_aware(when)
    return babel_format_datetime(when, DATETIME_PATTERN, tzinfo=tz, locale=LOCALE)


def format_date(d: date) -> str:
    """E.g. "Sabtu, 15 Agustus 2026". Takes a calendar date; convert instants first."""
    if isinstance(d, datetime):
        raise TypeError("format_date() takes a date; use format_meeting_datetime for instants")
    return babel_format_date(d, DATE_PATTERN, locale=LOCALE)


WEEKDAY_DATE_PATTERN = "EEE, d MMM"


def format_weekday_date(d: date) -> str:
    """E.g. "Sab, 15 Agu": a calendar date on a button or a list line."""
    return babel_format_date(d, WEEKDAY_DATE_PATTERN, locale=LOCALE)


SHORT_DATETIME_PATTERN = "EEE, d MMM HH.mm"


def format_short_datetime(when: datetime, tz: ZoneInfo) -> str:
    """E.g. "Sab, 15 Agu 09.00": for "old → new" lines that must fit one phone line."""
    _require_aware(when)
    return babel_format_datetime(when, SHORT_DATETIME_PATTERN, tzinfo=tz, locale=LOCALE)


def format_time(when: datetime, tz: ZoneInfo) -> str:
    """E.g. "09.00 WIB"."""
    _require_aware(when)
    return babel_format_datetime(when, TIME_PATTERN, tzinfo=tz, locale=LOCALE)


def format_relative_days(when: datetime, now: datetime, tz: ZoneInfo) -> str:
    """How far ``when`` is from ``now`` in calendar days of ``tz``.

    "hari ini", "besok", "lusa", "3 hari lagi", "2 minggu lagi" (from 14 days on, whole
    weeks), and for the past "kemarin", "3 hari yang lalu", "2 minggu yang lalu".
    """
    _require_aware(when)
    _require_aware(now, "now")
    days = (when.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days == 0:
        return "hari ini"
    if days == 1:
        return "besok"
    if days == 2:
        return "lusa"
    if days == -1:
        return "kemarin"
    distance = abs(days)
    amount = f"{distance // 7} minggu" if distance >= _WEEK_THRESHOLD_DAYS else f"{distance} hari"
    return f"{amount} lagi" if days > 0 else f"{amount} yang lalu"


def format_duration_id(delta: timedelta) -> str:
    """E.g. "7 hari", "1 hari 3 jam", "3 jam", "30 menit", "1 jam 30 menit".

    Seconds are dropped; anything under a minute is "0 menit". Negative durations raise
    ValueError.
    """
    if delta < timedelta(0):
        raise ValueError("duration must not be negative")
    total_minutes = delta // timedelta(minutes=1)
    days, rest = divmod(total_minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = [
        f"{value} {unit}"
        for value, unit in ((days, "hari"), (hours, "jam"), (minutes, "menit"))
        if value
    ]
    return " ".join(parts) if parts else "0 menit"


PERCENT_PATTERN = "#,##0.#%"


def format_ratio(ratio: float | None) -> str:
    """A share as an Indonesian percentage: "75%", "66,7%"; "-" when there is nothing to count."""
    if ratio is None:
        return "-"
    return format_percent(ratio, PERCENT_PATTERN, locale=LOCALE)


MONTH_PATTERN = "MMMM y"
SHORT_DATE_PATTERN = "d MMM y"
LONG_DATE_PATTERN = "d MMMM y"


def format_month(year: int, month: int) -> str:
    """E.g. "November 2026" (Babel's Indonesian month names)."""
    return babel_format_date(date(year, month, 1), MONTH_PATTERN, locale=LOCALE)


def month_abbreviations() -> list[str]:
    """ "Jan", "Feb", … "Des": Babel's Indonesian abbreviated month names, January first."""
    names = get_month_names("abbreviated", locale=LOCALE)
    return [str(names[number]) for number in range(1, 13)]


def format_short_date(d: date) -> str:
    """E.g. "14 Nov 2026"."""
    return babel_format_date(d, SHORT_DATE_PATTERN, locale=LOCALE)


def format_long_date(d: date) -> str:
    """E.g. "1 Desember 2026" (the date under a signature)."""
    return babel_format_date(d, LONG_DATE_PATTERN, locale=LOCALE)
