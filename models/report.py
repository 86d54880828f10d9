"""The year report (``/laporan``): attendance across a year's meetings.

Two layers:

- ``load_year`` reads the year's held meetings from the database and, per meeting,
  the members expected there with their outcome (``_expected_members``, read from
  the meeting's roster as it was at that meeting);
- ``year_report`` and the functions it calls are pure: plain rows in, numbers out,
  unit-tested with a hand-computed fixture (``tests/unit/test_report.py``).

Rates are kept as whole counts (``Rate(came, of)``), so they are exact; percentages
are made only when shown.
"""

from __future__ import annotations

import enum
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from fractions import Fraction
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models.attendance import meeting_roster
from models.meeting import (
    Meeting,
    RsvpAnswer,
    Sector,
    meetings_between,
    quarter_bounds_utc,
)
from models.member import Poktan
from models.rules.quarters import Quarter

# How far back a report may be asked for; later than this year has no attendance yet.
OLDEST_YEARS_BACK = 10
FOLLOW_UP_RUN = 2  # missed this many expected meetings in a row: a personal follow-up


class Presence(enum.StrEnum):
    """A member's outcome at one meeting."""

    PRESENT = "hadir"
    EXCUSED = "izin"  # said Izin and did not come
    ABSENT = "tidak hadir"  # said Tidak hadir (or Hadir) and did not come
    SILENT = "tanpa kabar"  # no answer and did not come


@dataclass(frozen=True)
class Expected:
    """One member expected at one meeting, as they were for that meeting."""

    member_id: int
    name: str
    rt: str | None
    poktan: Poktan | None
    rsvp: RsvpAnswer | None
    present: bool

    @property
    def presence(self) -> Presence:
        if self.present:
            return Presence.PRESENT
        if self.rsvp is RsvpAnswer.EXCUSED:
            return Presence.EXCUSED
        if self.rsvp is None:
            return Presence.SILENT
        return Presence.ABSENT


@dataclass(frozen=True)
class SpeakerEntry:
    name: str
    institution: str
    sector: Sector


@dataclass(frozen=True)
class HeldMeeting:
    """A meeting of the year that has taken place, with its expected members."""

    meeting_id: int
    starts_at: datetime  # aware
    quarter: int  # 1..4, in the kampung's zone
    host_rt: str
    topic: str
    speakers: tuple[SpeakerEntry, ...]
    roster: tuple[Expected, ...]


@dataclass(frozen=True)
class Rate:
    """``came`` of ``of``; exact."""

    came: int = 0
    of: int = 0

    @property
    def fraction(self) -> Fraction | None:
        return Fraction(self.came, self.of) if self.of else None

    @property
    def ratio(self) -> float | None:
        """For spreadsheets and charts (0.75 for 3 of 4); None when nothing to count."""
        return self.came / self.of if self.of else None

    def __add__(self, other: Rate) -> Rate:
        return Rate(self.came + other.came, self.of + other.of)


@dataclass(frozen=True)
class CadreYear:
    """One member over the year: meetings expected at, and what happened at each."""

    member_id: int
    name: str
    rt: str | None
    poktan: Poktan | None
    rate: Rate
    presences: tuple[Presence, ...]  # in meeting order, expected meetings only
    longest_missed_run: int

    @property
    def needs_follow_up(self) -> bool:
        return self.longest_missed_run >= FOLLOW_UP_RUN


@dataclass(frozen=True)
class YearReport:
    year: int
    meetings: list[HeldMeeting]
    overall: Rate
    by_quarter: list[tuple[int, Rate]]  # always quarters 1..4
    present_by_quarter_poktan: dict[int, dict[str, int]]  # quarter → Poktan → present
    by_poktan: list[tuple[str, Rate]]
    by_rt: list[tuple[str, Rate]]
    cadres: list[CadreYear]
    rsvp_by_meeting: list[tuple[HeldMeeting, Rate]]  # said Hadir → came
    rsvp: Rate
    speakers_by_sector: list[tuple[Sector, int]]
    speakers: list[tuple[HeldMeeting, SpeakerEntry]] = field(default_factory=list)

    @property
    def follow_up(self) -> list[CadreYear]:
        return [cadre for cadre in self.cadres if cadre.needs_follow_up]


# --- pure rules --------------------------------------------------------------------------


POKTAN_ORDER = [p.value for p in Poktan] + ["-"]


def poktan_key(poktan: Poktan | None) -> str:
    return poktan.value if poktan else "-"


def rate_of(rows: Iterable[Expected]) -> Rate:
    rows = list(rows)
    return Rate(sum(1 for row in rows if row.present), len(rows))


def rates_by(
    meetings: Sequence[HeldMeeting], key: str, order: Sequence[str] | None = None
) -> list[tuple[str, Rate]]:
    """Rates grouped by ``"poktan"`` or ``"rt"`` as each member was at each meeting."""
    came: Counter[str] = Counter()
    of: Counter[str] = Counter()
    for meeting in meetings:
        for row in meeting.roster:
            group = poktan_key(row.poktan) if key == "poktan" else (row.rt or "-")
            of[group] += 1
            came[group] += row.present
    keys = [k for k in order if of[k]] if order is not None else sorted(of)
    return [(k, Rate(came[k], of[k])) for k in keys]


def longest_missed_run(presences: Sequence[Presence]) -> int:
    """The longest run of consecutive expected meetings not attended (izin included)."""
    longest = current = 0
    for presence in presences:
        current = 0 if presence is Presence.PRESENT else current + 1
        longest = max(longest, current)
    return longest


def cadre_years(meetings: Sequence[HeldMeeting]) -> list[CadreYear]:
    """Each member's year, from the meetings in order; name, RT and Poktan from the latest."""
    seen: dict[int, list[Expected]] = defaultdict(list)
    for meeting in sorted(meetings, key=lambda m: (m.starts_at, m.meeting_id)):
        for row in meeting.roster:
            seen[row.member_id].append(row)
    years = []
    for member_id, rows in seen.items():
        latest = rows[-1]
        presences = tuple(row.presence for row in rows)
        years.append(
            CadreYear(
                member_id=member_id,
                name=latest.name,
                rt=latest.rt,
                poktan=latest.poktan,
                rate=rate_of(rows),
                presences=presences,
                longest_missed_run=longest_missed_run(presences),
            )
        )
    index = {key: i for i, key in enumerate(POKTAN_ORDER)}
    years.sort(key=lambda c: (index[poktan_key(c.poktan)], c.name.casefold(), c.member_id))
    return years


def rsvp_reliability(meeting: HeldMeeting) -> Rate:
    """Of those who said Hadir, how many came."""
    promised = [row for row in meeting.roster if row.rsvp is RsvpAnswer.YES]
    return rate_of(promised)


class HasSector(Protocol):
    @property
    def sector(self) -> Sector: ...


def speakers_by_sector(speakers: Iterable[HasSector]) -> list[tuple[Sector, int]]:
    """How often each sector came, every sector listed (zero included), in the usual order."""
    counts = Counter(speaker.sector for speaker in speakers)
    return [(sector, counts[sector]) for sector in Sector]


def year_report(year: int, meetings: Sequence[HeldMeeting]) -> YearReport:
    """Every number of the year report, from the year's held meetings."""
    ordered = sorted(meetings, key=lambda m: (m.starts_at, m.meeting_id))
    by_quarter = []
    present_by_quarter_poktan: dict[int, dict[str, int]] = {}
    for quarter in range(1, 5):
        rows = [row for m in ordered if m.quarter == quarter for row in m.roster]
        by_quarter.append((quarter, rate_of(rows)))
        counts = Counter(poktan_key(row.poktan) for row in rows if row.present)
        present_by_quarter_poktan[quarter] = {k: counts[k] for k in POKTAN_ORDER if counts[k]}
    rsvp_by_meeting = [(m, rsvp_reliability(m)) for m in ordered]
    speakers = [(m, s) for m in ordered for s in m.speakers]
    return YearReport(
        year=year,
        meetings=ordered,
        overall=rate_of(row for m in ordered for row in m.roster),
        by_quarter=by_quarter,
        present_by_quarter_poktan=present_by_quarter_poktan,
        by_poktan=rates_by(ordered, "poktan", POKTAN_ORDER),
        by_rt=rates_by(ordered, "rt"),
        cadres=cadre_years(ordered),
        rsvp_by_meeting=rsvp_by_meeting,
        rsvp=sum((rate for _, rate in rsvp_by_meeting), Rate()),
        speakers_by_sector=speakers_by_sector(s for _, s in speakers),
        speakers=speakers,
    )


class BadYear(ValueError):
    """The year asked for is not a year a report can be made for."""


def report_year(argument: str, today: date) -> int:
    """The year of ``/laporan [tahun]``: this year by default; raises ``BadYear``."""
    argument = argument.strip()
    if not argument:
        return today.year
    if not re.fullmatch(r"[0-9]{4}", argument):
        raise BadYear(argument)
    year = int(argument)
    if not today.year - OLDEST_YEARS_BACK <= year <= today.year:
        raise BadYear(argument)
    return year


# --- loading ---------------------------------------------------------------------------------


async def _expected_members(session: AsyncSession, meeting: Meeting) -> list[Expected]:
    """The members expected at ``meeting``, with their outcome, as they were then.

    The meeting's roster (``models.attendance.meeting_roster``) decides who was
    expected and with which RT and Poktan, so a cadre who moved RT later still
    counts in her old RT for this meeting; everything else in the report only
    reads what this returns.
    """
    return [
        Expected(
            member_id=entry.member_id,
            name=entry.name,
            rt=entry.rt,
            poktan=entry.poktan,
            rsvp=entry.rsvp,
            present=entry.present,
        )
        for entry in sorted(await meeting_roster(session, meeting.id), key=lambda e: e.member_id)
    ]


def year_bounds_utc(year: int, tz: ZoneInfo) -> tuple[datetime, datetime]:
    return quarter_bounds_utc(Quarter(year, 1), tz)[0], quarter_bounds_utc(Quarter(year, 4), tz)[1]


async def held_meetings(
    session: AsyncSession, kampung_id: int, year: int, tz: ZoneInfo, now: datetime
) -> list[Meeting]:
    """The year's meetings (in the kampung's zone) that were not cancelled and have begun."""
    start, end = year_bounds_utc(year, tz)
    meetings = await meetings_between(session, kampung_id, start, end)
    return [m for m in meetings if m.starts_at <= now]


async def load_year(
    session: AsyncSession, kampung_id: int, year: int, tz: ZoneInfo, now: datetime
) -> list[HeldMeeting]:
    held = []
    for meeting in await held_meetings(session, kampung_id, year, tz, now):
        held.append(
            HeldMeeting(
                meeting_id=meeting.id,
                starts_at=meeting.starts_at,
                quarter=meeting.quarter(tz).number,
                host_rt=meeting.host_rt,
                topic=meeting.topic,
                speakers=tuple(
                    SpeakerEntry(s.name, s.institution, s.sector) for s in meeting.speakers
                ),
                roster=tuple(await _expected_members(session, meeting)),
            )
        )
    return held


async def build_year_report(
    session: AsyncSession, kampung_id: int, year: int, tz: ZoneInfo, now: datetime
) -> YearReport:
    return year_report(year, await load_year(session, kampung_id, year, tz, now))
