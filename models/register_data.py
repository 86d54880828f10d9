"""One Poktan group's month (and year), as plain data, and its tallies.

What the monthly register (``ui/registers``) is compiled from: the group, its member
families and the sessions held in the month. No database here: the Poktan models read
their rows into these dataclasses; the tallies are pure functions tested on their own
(tests/unit/test_register_data.py).

Counting rules (ours; docs/registers.md "How the bot writes the registers"):

- A family is *expected* at a session if it was a member on that day: joined on or
  before it (``joined_on``), and not yet gone (``left_on`` after it, or never). A
  family ticked present counts as a member that day whatever its dates say (a session
  recorded after the family was added, dated before).
- A session records who came either as a ticked roll (``present_ids``) or, when the
  chair only had the paper list, as a typed count (``typed_count``). A typed count
  says how many, not who: such sessions count in the session and month totals but not
  in any family's own attendance.
- The month's attendance rate is all presences over all expectations, over the
  sessions held. "Families present" is a lower bound when counts were typed: the
  distinct ticked families, or the largest typed count if that is more.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Ratio:
    """``came`` of ``of``; ``value`` is None when there is nothing to count."""

    came: int
    of: int

    @property
    def value(self) -> float | None:
        return self.came / self.of if self.of else None


@dataclass(frozen=True)
class RegisterFamily:
    """A member family (or youth, for PIK-R) of the group, as the chair keeps it."""

    id: int
    name: str
    rt: str
    fields: Mapping[str, int | str | None] = field(default_factory=dict)  # e.g. {"balita": 2}
    joined_on: date | None = None  # None: a member since before the month
    left_on: date | None = None  # None: still a member (deactivated: moved away, …)

    def member_on(self, day: date) -> bool:
        joined = self.joined_on is None or self.joined_on <= day
        return joined and (self.left_on is None or self.left_on > day)


@dataclass(frozen=True)
class RegisterSession:
    """A session held in the month: when, what, who came, who spoke, photos."""

    held_on: date
    topic: str
    present_ids: frozenset[int] | None = None  # the ticked roll, or None
    typed_count: int | None = None  # the count typed from a paper list, or None
    speakers: tuple[str, ...] = ()  # "name (agency)" as the chair gave them
    photos: int = 0

    def __post_init__(self) -> None:
        if (self.present_ids is None) == (self.typed_count is None):
            raise ValueError("a session has either a ticked roll or a typed count")
        if self.typed_count is not None and self.typed_count < 0:
            raise ValueError("a typed count is not negative")

    @property
    def ticked(self) -> bool:
        return self.present_ids is not None

    @property
    def present(self) -> int:
        return len(self.present_ids) if self.present_ids is not None else self.typed_count or 0


@dataclass(frozen=True)
class GroupInfo:
    """Who and where: printed in every register's and card's head."""

    kampung: str
    kind: str  # one of models.forms.KINDS
    name: str  # e.g. "BKB Melati"
    rts: tuple[str, ...] = ()
    chairs: tuple[str, ...] = ()
    desa: str | None = None


@dataclass(frozen=True)
class RegisterMonth:
    """Everything one group's register for one month is compiled from.

    ``families``: those that were members at some time in the month (not those that
    left before it). ``version``: 1 for the first sending, 2… for corrections.
    ``no_session_confirmed``: the chair answered "Memang tidak ada pertemuan".
    ``place``/``signed_on``: the "place, date" above the chair's signature.
    """

    group: GroupInfo
    year: int
    month: int
    families: tuple[RegisterFamily, ...] = ()
    sessions: tuple[RegisterSession, ...] = ()
    version: int = 1
    no_session_confirmed: bool = False
    place: str = ""
    signed_on: date | None = None

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError("month must be 1..12")
        if self.version < 1:
            raise ValueError("version starts at 1")
        first, last = self.first_day, self.last_day
        if any(not first <= s.held_on <= last for s in self.sessions):
            raise ValueError("every session is held within the month")
        object.__setattr__(self, "sessions", tuple(sorted(self.sessions, key=_session_key)))

    @property
    def correction(self) -> bool:
        """A correction after sending (version 2 on): marked "PERBAIKAN"."""
        return self.version > 1

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    # --- tallies ---------------------------------------------------------------------------

    def expected_at(self, family: RegisterFamily, session: RegisterSession) -> bool:
        """A member on the session's day, or ticked present at it."""
        if session.present_ids is not None and family.id in session.present_ids:
            return True
        return family.member_on(session.held_on)

    def expected_ids(self, session: RegisterSession) -> frozenset[int]:
        """The families expected at a session (see ``expected_at``)."""
        return frozenset(f.id for f in self.families if self.expected_at(f, session))

    def session_rate(self, session: RegisterSession) -> Ratio:
        return Ratio(session.present, len(self.expected_ids(session)))

    def family_rate(self, family: RegisterFamily) -> Ratio:
        """Ticked sessions the family came to, of the ticked sessions it was a member at."""
        came = of = 0
        for session in self.sessions:
            if session.present_ids is None or not self.expected_at(family, session):
                continue
            of += 1
            came += family.id in session.present_ids
        return Ratio(came, of)

    def family_mark(self, family: RegisterFamily, session: RegisterSession) -> str | None:
        """ "present", "absent", "unknown" (typed count) or None (not a member that day)."""
        if not self.expected_at(family, session):
            return None
        if session.present_ids is None:
            return "unknown"
        return "present" if family.id in session.present_ids else "absent"

    def family_status(self, family: RegisterFamily) -> tuple[str, date | None]:
        """("left" | "joined" | "member", the day): how the family stands this month."""
        if family.left_on is not None and family.left_on <= self.last_day:
            return "left", family.left_on
        if family.joined_on is not None and family.joined_on >= self.first_day:
            return "joined", family.joined_on
        return "member", None

    @property
    def sessions_held(self) -> int:
        return len(self.sessions)

    @property
    def member_families(self) -> int:
        """Members at the end of the month."""
        return sum(1 for f in self.families if f.member_on(self.last_day))

    @property
    def joined_families(self) -> int:
        return sum(1 for f in self.families if self.family_status(f)[0] == "joined")

    @property
    def left_families(self) -> int:
        return sum(1 for f in self.families if self.family_status(f)[0] == "left")

    @property
    def families_present_any(self) -> int:
        """Distinct families present at least once (a lower bound with typed counts)."""
        ticked: set[int] = set()
        typed = 0
        for session in self.sessions:
            if session.present_ids is not None:
                ticked |= session.present_ids
            else:
                typed = max(typed, session.present)
        return max(len(ticked), typed)

    @property
    def typed_sessions(self) -> int:
        return sum(1 for s in self.sessions if not s.ticked)

    @property
    def present_sum(self) -> int:
        return sum(s.present for s in self.sessions)

    @property
    def present_average(self) -> float | None:
        return self.present_sum / len(self.sessions) if self.sessions else None

    @property
    def attendance(self) -> Ratio:
        """The month: every presence over every expectation, over the sessions held."""
        return Ratio(self.present_sum, sum(len(self.expected_ids(s)) for s in self.sessions))

    def field_sum(self, key: str) -> int:
        """The sum of a numeric family field (e.g. balita) over members at month's end."""
        return sum(
            value
            for f in self.families
            if f.member_on(self.last_day) and isinstance(value := f.fields.get(key), int)
        )


def _session_key(session: RegisterSession) -> tuple[date, str]:
    return session.held_on, session.topic


@dataclass(frozen=True)
class RegisterYear:
    """A group's year, for the K/0 draft card made in January of ``year + 1``."""

    group: GroupInfo
    year: int
    months: tuple[RegisterMonth, ...]  # the months the bot has (any order, any subset)
    families: tuple[RegisterFamily, ...] = ()  # members at the end of the year

    @property
    def sessions_held(self) -> int:
        return sum(m.sessions_held for m in self.months)

    @property
    def months_with_session(self) -> int:
        return sum(1 for m in self.months if m.sessions_held)

    @property
    def attendance(self) -> Ratio:
        rates = [m.attendance for m in self.months]
        return Ratio(sum(r.came for r in rates), sum(r.of for r in rates))

    @property
    def member_families(self) -> int:
        end = date(self.year, 12, 31)
        return sum(1 for f in self.families if f.member_on(end))

    def field_sum(self, key: str) -> int:
        end = date(self.year, 12, 31)
        return sum(
            value
            for f in self.families
            if f.member_on(end) and isinstance(value := f.fields.get(key), int)
        )


@dataclass(frozen=True)
class AreaEntry:
    """One line of the PKB's area workbook: a group's month, reported or not."""

    group: GroupInfo
    year: int
    month: int
    register: RegisterMonth | None  # None: not reported (yet)
    sent_on: date | None = None


def area_entries_sorted(entries: Sequence[AreaEntry], kinds: Sequence[str]) -> list[AreaEntry]:
    """By kampung, kind (in ``kinds``' order), group name, then month."""
    order = {kind: index for index, kind in enumerate(kinds)}

    def key(entry: AreaEntry) -> tuple[str, int, str, int, int]:
        group = entry.group
        return (
            group.kampung.casefold(),
            order.get(group.kind, len(order)),
            group.name.casefold(),
            entry.year,
            entry.month,
        )

    return sorted(entries, key=key)
