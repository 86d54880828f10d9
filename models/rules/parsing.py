"""Parsing what Indonesian Pokja secretaries type: dates, times and the one-line meeting form.

Every failure raises :class:`ParseError` carrying a :class:`ParseErrorReason` code; the
Indonesian wording of each reason lives in the bot's texts, not here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum, auto

from models.rules.rotation import normalize_rt

MAX_YEARS_AHEAD = 2
"""A date later than today plus this many years is rejected as TOO_FAR (likely a typo)."""

MAX_FIELD_LENGTH = 200
"""Maximum length of the venue and the topic in the one-line form."""

ONE_LINE_GRAMMAR = (
    "<date> <time> RT<number> <venue> | <topic> - e.g. "
    "`15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan`. "
    "Date: dd-mm-yyyy, dd/mm/yyyy, dd.mm.yyyy, yyyy-mm-dd or `15 Agustus [2026]` "
    "(an optional leading day name is ignored; without a year, the next such date). "
    "Time: 09.00, 9:30, 9, `jam 9`, `9 pagi`, `2 siang`, with optional WIB/WITA/WIT. "
    f"RT: RT07, `RT 07` or RT.7. Venue and topic: required, at most {MAX_FIELD_LENGTH} "
    "characters each."
)


class ParseErrorReason(StrEnum):
    EMPTY = auto()
    """Nothing was typed."""
    BAD_DATE_FORMAT = auto()
    """Not recognisable as a date (includes unknown month names)."""
    NO_SUCH_DAY = auto()
    """Recognised as a date but the day does not exist (31-02, 29-02-2027, month 13)."""
    IN_PAST = auto()
    """The date is before today."""
    TOO_FAR = auto()
    """The date is more than MAX_YEARS_AHEAD years after today."""
    BAD_TIME_FORMAT = auto()
    """Not recognisable as a time of day."""
    TIME_OUT_OF_RANGE = auto()
    """Hour above 23 or minute above 59."""
    TIME_PERIOD_MISMATCH = auto()
    """The hour does not fit the part of the day given, e.g. "9 malam" or "13 pagi"."""
    BAD_RT = auto()
    """An RT was given but it is malformed or not in the kampung's RT list."""
    MISSING_PARTS = auto()
    """A required part of the one-line form is missing (see ParseError.part)."""
    TOO_LONG = auto()
    """Venue or topic longer than MAX_FIELD_LENGTH (see ParseError.part)."""


class MeetingPart(StrEnum):
    """Which part of the one-line form an error is about."""

    DATE = auto()
    TIME = auto()
    RT = auto()
    VENUE = auto()
    TOPIC = auto()


class ParseError(ValueError):
    """A user input could not be parsed; ``reason`` says why.

    ``part`` is set by :func:`parse_one_line` (which field failed); ``fragment`` is the
    offending piece of input when there is one, for echoing back to the user.
    """

    def __init__(
        self,
        reason: ParseErrorReason,
        part: MeetingPart | None = None,
        fragment: str | None = None,
    ) -> None:
        super().__init__(reason, part, fragment)
        self.reason = reason
        self.part = part
        self.fragment = fragment

    def __str__(self) -> str:
        text = self.reason.value
        if self.part is not None:
            text += f" ({self.part.value})"
        if self.fragment is not None:
            text += f": {self.fragment!r}"
        return text


# --------------------------------------------------------------------------- dates

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    1: ("januari", "january"),
    2: ("februari", "pebruari", "february"),
    3: ("maret", "march"),
    4: ("april",),
    5: ("mei", "may"),
    6: ("juni", "june"),
    7: ("juli", "july"),
    8: ("agustus", "august"),
    9: ("september",),
    10: ("oktober", "october"),
    11: ("november", "nopember"),
    12: ("desember", "december"),
}
# Common abbreviations that are not prefixes of a full name.
_MONTH_EXTRA: dict[str, int] = {"mrt": 3, "agt": 8, "ags": 8, "agst": 8}
_MIN_MONTH_PREFIX = 3

_DAY_NAMES: frozenset[str] = frozenset(
    {
        "senin", "selasa", "rabu", "kamis", "jumat", "jum'at", "jum’at", "sabtu", "minggu",
        "ahad", "sen", "sel", "rab", "kam", "jum", "sab", "min",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "mon", "tue", "wed", "thu", "fri", "sat", "sun",
    }
)  # fmt: skip
_DATE_WORDS: frozenset[str] = frozenset({"tgl", "tgl.", "tanggal"})
_RELATIVE_DAYS: dict[str, int] = {"hari ini": 0, "besok": 1, "lusa": 2}

_D = "[0-9]"
_ISO = re.compile(rf"({_D}{{4}})([-/])({_D}{{1,2}})\2({_D}{{1,2}})", re.ASCII)
_DMY = re.compile(rf"({_D}{{1,2}})([-/.])({_D}{{1,2}})\2({_D}{{4}}|{_D}{{2}})", re.ASCII)
_DM = re.compile(rf"({_D}{{1,2}})[-/]({_D}{{1,2}})", re.ASCII)
_TEXT_MONTH = re.compile(
    rf"({_D}{{1,2}})\s*[-/.]?\s*([a-z]+)\.?(?:\s*[-/.]?\s*({_D}{{4}}|{_D}{{2}}))?", re.ASCII
)
_LEADING_WORD = re.compile(r"([a-z'’.]+)\s*(.*)", re.DOTALL)


def month_number(word: str) -> int | None:
    """Month number of an Indonesian or English month name or abbreviation, else None.

    Accepts full names, explicit abbreviations (Agt, Ags, Agst, Mrt) and any prefix of at
    least three letters of a full name, case-insensitively, with an optional trailing dot.
    """
    word = word.strip().lower().removesuffix(".")
    if word in _MONTH_EXTRA:
        return _MONTH_EXTRA[word]
    if len(word) < _MIN_MONTH_PREFIX:
        return None
    found = {
        number
        for number, names in _MONTH_NAMES.items()
        if any(name.startswith(word) for name in names)
    }
    return found.pop() if len(found) == 1 else None


def _normalize(text: str) -> str:
    return " ".join(text.replace(",", " ").lower().split())


def _strip_leading_words(text: str) -> str:
    """Drop a leading day name ("Sabtu, ...") and "tgl"/"tanggal", which carry no date."""
    for words in (_DAY_NAMES, _DATE_WORDS):
        match = _LEADING_WORD.fullmatch(text)
        if match and match.group(1) in words:
            text = match.group(2)
    return text


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February -> 28 February
        return d.replace(year=d.year + years, day=28)


def _full_year(digits: str) -> int:
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _make_date(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise ParseError(ParseErrorReason.NO_SUCH_DAY, fragment=text) from None


def _next_occurrence(month: int, day: int, today: date, text: str) -> date:
    """The first date with this day and month on or after today."""
    _make_date(2000, month, day, text)  # leap year: rejects only truly impossible days
    year = today.year
    while True:  # terminates: 29-02 recurs within 8 years
        try:
            candidate = date(year, month, day)
        except ValueError:
            year += 1
            continue
        if candidate >= today:
            return candidate
        year += 1


def _match_date(text: str, today: date) -> date:
    if text in _RELATIVE_DAYS:
        return today + timedelta(days=_RELATIVE_DAYS[text])
    if m := _ISO.fullmatch(text):
        return _make_date(int(m.group(1)), int(m.group(3)), int(m.group(4)), text)
    if m := _DMY.fullmatch(text):
        return _make_date(_full_year(m.group(4)), int(m.group(3)), int(m.group(1)), text)
    if m := _DM.fullmatch(text):
        return _next_occurrence(int(m.group(2)), int(m.group(1)), today, text)
    if m := _TEXT_MONTH.fullmatch(text):
        month = month_number(m.group(2))
        if month is None:
            raise ParseError(ParseErrorReason.BAD_DATE_FORMAT, fragment=text)
        day = int(m.group(1))
        if m.group(3) is None:
            return _next_occurrence(month, day, today, text)
        return _make_date(_full_year(m.group(3)), month, day, text)
    raise ParseError(ParseErrorReason.BAD_DATE_FORMAT, fragment=text)


def parse_date(text: str, today: date) -> date:
    """Parse a meeting date typed by a secretary; ``today`` is the kampung's local date.

    Accepted: ``15-08-2026``, ``15/8/2026``, ``15.08.2026``, ``15-8-26`` (two-digit year
    means 20xx), ``2026-08-15``, ``15-08``/``15/8`` (no year), ``15 Agustus 2026``,
    ``15 agu``, ``15-Agu-2026``, Indonesian and English month names and abbreviations,
    an optional leading day name (``Sabtu, ...``, not checked against the date) and
    ``tgl``/``tanggal``, and the words ``hari ini``, ``besok``, ``lusa``. A date without
    a year is the next such date on or after today. ``15.08`` without a year is rejected
    because it reads as a time.

    Raises ParseError: EMPTY, BAD_DATE_FORMAT, NO_SUCH_DAY, IN_PAST or TOO_FAR.
    """
    if isinstance(today, datetime):
        raise TypeError("today must be a date, not a datetime")
    normalized = _normalize(text)
    if not normalized:
        raise ParseError(ParseErrorReason.EMPTY)
    try:
        result = _match_date(_strip_leading_words(normalized), today)
    except ParseError as error:  # report what the user typed, not the normalized text
        raise ParseError(error.reason, fragment=text.strip()) from None
    if result < today:
        raise ParseError(ParseErrorReason.IN_PAST, fragment=text.strip())
    if result > _add_years(today, MAX_YEARS_AHEAD):
        raise ParseError(ParseErrorReason.TOO_FAR, fragment=text.strip())
    return result


# --------------------------------------------------------------------------- times

_TIME_PREFIX = re.compile(r"(?:jam|pukul|pkl\.?|pk\.?)\s*(.*)", re.DOTALL)
_ZONE_SUFFIX = re.compile(r"(.*?)\s*(?:wib|wita|wit)", re.DOTALL)
_PERIOD_SUFFIX = re.compile(r"(.*?)\s*(pagi|siang|sore|malam)", re.DOTALL)
_CLOCK = re.compile(r"([0-9]{1,2})(?:[.:]([0-9]{2}))?", re.ASCII)

# Hours (24-hour clock) that each part of the day may mean.
_PERIOD_HOURS: dict[str, frozenset[int]] = {
    "pagi": frozenset(range(0, 12)),
    "siang": frozenset(range(10, 17)),
    "sore": frozenset(range(14, 20)),
    "malam": frozenset({*range(18, 24), 0}),
}


def _apply_period(hour: int, period: str, text: str) -> int:
    candidates = [hour]
    if 1 <= hour <= 11:
        candidates.append(hour + 12)
    if hour == 12 and period == "malam":
        candidates.append(0)  # "jam 12 malam" is midnight
    for candidate in candidates:
        if candidate in _PERIOD_HOURS[period]:
            return candidate
    raise ParseError(ParseErrorReason.TIME_PERIOD_MISMATCH, fragment=text)


def parse_time(text: str) -> time:
    """Parse a time of day typed by a secretary.

    Accepted: ``09.00``, ``9:00``, ``9.30``, ``9`` (09:00), with an optional ``jam``/
    ``pukul``/``pkl`` prefix, an optional part of the day (``9 pagi``, ``2 siang`` = 14:00,
    ``3 sore`` = 15:00, ``7 malam`` = 19:00, ``12 malam`` = 00:00) and an optional zone
    (WIB/WITA/WIT, ignored: the kampung's zone applies). Four digits without a separator
    (``0930``) are rejected: in the one-line form they would be read as a year.

    Raises ParseError: EMPTY, BAD_TIME_FORMAT, TIME_OUT_OF_RANGE or TIME_PERIOD_MISMATCH.
    """
    normalized = _normalize(text)
    if not normalized:
        raise ParseError(ParseErrorReason.EMPTY)
    rest = normalized
    if m := _TIME_PREFIX.fullmatch(rest):
        rest = m.group(1)
    period: str | None = None
    for _ in range(2):  # zone and part of the day, in either order
        if m := _ZONE_SUFFIX.fullmatch(rest):
            rest = m.group(1)
        elif period is None and (m := _PERIOD_SUFFIX.fullmatch(rest)):
            rest, period = m.group(1), m.group(2)
    clock = _CLOCK.fullmatch(rest)
    if clock is None:
        raise ParseError(ParseErrorReason.BAD_TIME_FORMAT, fragment=text.strip())
    hour = int(clock.group(1))
    minute = int(clock.group(2) or 0)
    if hour > 23 or minute > 59:
        raise ParseError(ParseErrorReason.TIME_OUT_OF_RANGE, fragment=text.strip())
    if period is not None:
        hour = _apply_period(hour, period, text.strip())
    return time(hour, minute)


# --------------------------------------------------------------------------- one line


@dataclass(frozen=True)
class OneLineMeeting:
    date: date
    time: time
    host_rt: str
    venue: str
    topic: str


_RT_TOKEN = re.compile(r"rt[.\-:]?([0-9a-z]*)", re.IGNORECASE | re.ASCII)
_YEAR4 = re.compile(r"[0-9]{4}", re.ASCII)
_YEAR2 = re.compile(r"[0-9]{2}", re.ASCII)
_DAY = re.compile(r"[0-9]{1,2}", re.ASCII)
_MONTH_WORD = re.compile(r"[a-z]+\.?", re.ASCII)
_TIME_START = re.compile(
    r"(?:jam|pukul|pkl\.?|pk\.?|[0-9]{1,2}(?:[.:][0-9]{2})?(?:wib|wita|wit)?)", re.ASCII
)
_TIME_PREFIX_WORDS: frozenset[str] = frozenset({"jam", "pukul", "pkl", "pkl.", "pk", "pk."})
_PERIOD_WORDS: frozenset[str] = frozenset(_PERIOD_HOURS)
_ZONE_WORDS: frozenset[str] = frozenset({"wib", "wita", "wit"})


def _word(tokens: Sequence[str], i: int) -> str:
    """Token i lower-cased without trailing commas, or "" past the end."""
    return tokens[i].lower().rstrip(",") if i < len(tokens) else ""


def _date_end(tokens: Sequence[str]) -> int:
    """Index just after the tokens that make up the date."""
    i = 0
    if _word(tokens, i) in _DAY_NAMES:
        i += 1
    if _word(tokens, i) == "":  # a lone comma after the day name
        i += 1 if i < len(tokens) else 0
    if _word(tokens, i) in _DATE_WORDS:
        i += 1
    first, second = _word(tokens, i), _word(tokens, i + 1)
    if first == "hari" and second == "ini":
        return i + 2
    if _DAY.fullmatch(first) and _MONTH_WORD.fullmatch(second) and not _RT_TOKEN.fullmatch(second):
        j = i + 2
        third = _word(tokens, j)
        # A 4-digit token is always a year (times need a separator). A 2-digit one is a
        # year only when a time follows it: "15 Agu 26 09.00" vs "15 Agu 10 RT07".
        if _YEAR4.fullmatch(third) or (
            _YEAR2.fullmatch(third) and _TIME_START.fullmatch(_word(tokens, j + 1))
        ):
            j += 1
        return j
    return i + 1


def _time_end(tokens: Sequence[str], start: int) -> int:
    i = start
    if _word(tokens, i) in _TIME_PREFIX_WORDS:
        i += 1
    i += 1  # the clock itself
    if _word(tokens, i) in _PERIOD_WORDS:
        i += 1
    if _word(tokens, i) in _ZONE_WORDS:
        i += 1
    return min(i, len(tokens))


def _tagged(part: MeetingPart, error: ParseError) -> ParseError:
    return ParseError(error.reason, part, error.fragment)


def _field(value: str, part: MeetingPart) -> str:
    value = " ".join(value.split())
    if not value:
        raise ParseError(ParseErrorReason.MISSING_PARTS, part)
    if len(value) > MAX_FIELD_LENGTH:
        raise ParseError(ParseErrorReason.TOO_LONG, part)
    return value


def parse_one_line(text: str, rt_list: Sequence[str], today: date) -> OneLineMeeting:
    """Parse the secretary's quick form (what follows ``/jadwal baru``); see ONE_LINE_GRAMMAR.

    Parts are checked left to right and the first failure is raised, with ``part`` set:
    EMPTY (nothing typed), MISSING_PARTS (a part is absent), the date and time reasons of
    :func:`parse_date` / :func:`parse_time`, BAD_RT (RT malformed or not in ``rt_list``)
    and TOO_LONG (venue or topic over MAX_FIELD_LENGTH characters). The RT must carry its
    "RT" prefix here, so that a bare number is never mistaken for it.
    """
    if not text.strip():
        raise ParseError(ParseErrorReason.EMPTY)
    head, bar, tail = text.partition("|")
    tokens = head.split()
    if not tokens:
        raise ParseError(ParseErrorReason.MISSING_PARTS, MeetingPart.DATE)

    end = _date_end(tokens)
    try:
        meeting_date = parse_date(" ".join(tokens[:end]), today)
    except ParseError as error:
        raise _tagged(MeetingPart.DATE, error) from None

    if end >= len(tokens) or _RT_TOKEN.fullmatch(_word(tokens, end)):
        raise ParseError(ParseErrorReason.MISSING_PARTS, MeetingPart.TIME)
    start, end = end, _time_end(tokens, end)
    try:
        meeting_time = parse_time(" ".join(tokens[start:end]))
    except ParseError as error:
        raise _tagged(MeetingPart.TIME, error) from None

    rt_word = _word(tokens, end)
    rt_match = _RT_TOKEN.fullmatch(rt_word)
    if rt_match is None:
        found = tokens[end] if rt_word else None
        raise ParseError(ParseErrorReason.MISSING_PARTS, MeetingPart.RT, found)
    width = 1 if rt_match.group(1) else 2  # "RT 07": the number is the next token
    rt_text = " ".join(token.rstrip(",") for token in tokens[end : end + width])
    end += width
    host_rt = normalize_rt(rt_text, rt_list)
    if host_rt is None:
        raise ParseError(ParseErrorReason.BAD_RT, MeetingPart.RT, rt_text)

    venue = _field(" ".join(tokens[end:]), MeetingPart.VENUE)
    if not bar:
        raise ParseError(ParseErrorReason.MISSING_PARTS, MeetingPart.TOPIC)
    topic = _field(tail, MeetingPart.TOPIC)
    return OneLineMeeting(meeting_date, meeting_time, host_rt, venue, topic)


# C0 and C1 controls but line breaks and tabs; and the invisible characters that change
# how text around them is shown: zero-width space, joiners and direction marks
# (U+200B-U+200F), bidi embeddings and overrides (U+202A-U+202E), word joiner and
# invisible operators (U+2060-U+2064), bidi isolates (U+2066-U+2069), the Arabic letter
# mark (U+061C), the Mongolian vowel separator (U+180E), the byte order mark / zero-width
# no-break space (U+FEFF) and the interlinear annotation marks (U+FFF9-U+FFFB).
_INVISIBLE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)


def strip_control(text: str) -> str:
    """Drop control and invisible formatting characters from typed text, keeping line
    breaks and tabs.

    They carry no meaning in a name, a venue, a topic or a guest's name. A bidi
    override makes a stored name read differently from what it is ("RLO" turns
    "Siti" around in every list it appears in), a zero-width character makes two
    equal names differ, and PostgreSQL refuses U+0000 in text where SQLite would
    store it.
    """
    return _INVISIBLE_CHARACTERS.sub("", text)


KAMPUNG_NAME_MIN, KAMPUNG_NAME_MAX = 3, 120


def clean_kampung_name(text: str) -> str | None:
    """A kampung's name as typed by an operator, tidied; ``None`` when it cannot be one.

    Invisible characters go, runs of spaces and line breaks become one space; the name
    must have a letter, 3–120 characters, and nothing unprintable.
    """
    name = re.sub(r"\s+", " ", strip_control(text)).strip()
    if not KAMPUNG_NAME_MIN <= len(name) <= KAMPUNG_NAME_MAX:
        return None
    if not any(ch.isalpha() for ch in name) or not name.isprintable():
        return None
    return name
