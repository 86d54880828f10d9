"""Attendance at a meeting: members present or absent, guests without Telegram, the recap.

The recap (the roster as it was, outcomes and counts) is in ``models/recap.py``,
re-exported here.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    Boolean,
    ForeignKey,
    String,
    UniqueConstraint,
    func,
    literal,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column, selectinload

from models.base import Base, UTCDateTime, enum_column, upsert
from models.meeting import Meeting, MeetingStatus
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.rules.lines import numbered_lines, split_fields


class MarkSource(enum.StrEnum):
    SELF = "self"  # the member checked in (/hadir or the prompt's button)
    ADMIN = "admin"  # an admin ticked them on the roll


class Attendance(Base):
    """One row per meeting and member: present or not, when, and who said so."""

    __tablename__ = "attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    present: Mapped[bool] = mapped_column(Boolean)
    source: Mapped[MarkSource] = mapped_column(enum_column(MarkSource, 16))
    marked_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    marked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Guest(Base):
    """Someone present without Telegram: village secretary, RT head, speaker, students…"""

    __tablename__ = "guest"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(150))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # Set when an admin removes the guest; kept so that "Urungkan" can bring her back.
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class RosterMember(Base):
    """Who was expected at a meeting, with RT, Poktan and role as they were then.

    Taken once for every active member when attendance first opens (or at the
    first check-in), and for a member checking in later; never rewritten, so a
    cadre who moves RT afterwards keeps her old RT in this meeting's recap.
    """

    __tablename__ = "roster_member"
    __table_args__ = (UniqueConstraint("meeting_id", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole, 16))
    rt: Mapped[str | None] = mapped_column(String(16))
    poktan: Mapped[Poktan | None] = mapped_column(enum_column(Poktan, 16))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- the attendance window ---------------------------------------------------------------


class WindowState(enum.StrEnum):
    NOT_YET = "not_yet"
    OPEN = "open"
    CLOSED = "closed"


@dataclass(frozen=True)
class Window:
    """When check-in is possible for a meeting (unless an admin closed it earlier)."""

    opens_at: datetime
    closes_at: datetime

    @classmethod
    def of(cls, meeting: Meeting, opens_before: timedelta, closes_after: timedelta) -> Window:
        return cls(meeting.starts_at - opens_before, meeting.starts_at + closes_after)

    def state(self, meeting: Meeting, now: datetime) -> WindowState:
        if meeting.attendance_closed_at is not None or now >= self.closes_at:
            return WindowState.CLOSED
        if now < self.opens_at:
            return WindowState.NOT_YET
        return WindowState.OPEN


async def attendance_meeting(
    session: AsyncSession, kampung_id: int, now: datetime, opens_before: timedelta
) -> Meeting | None:
    """The meeting attendance is about now.

    The latest scheduled meeting whose window has opened (so after a meeting,
    guests typed from the paper sheet and the recap still concern it); with
    none, the next meeting, so the caller can say when check-in opens.
    """
    scheduled = select(Meeting).where(
        Meeting.kampung_id == kampung_id, Meeting.status == MeetingStatus.SCHEDULED
    )
    opened = await session.scalar(
        scheduled.options(selectinload(Meeting.speakers))
        .where(Meeting.starts_at <= now + opens_before)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )
    if opened is not None:
        return opened
    return await session.scalar(
        scheduled.options(selectinload(Meeting.speakers))
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(1)
    )


async def open_attendance(session: AsyncSession, meeting: Meeting, *, now: datetime) -> bool:
    """Record that attendance was opened; True for the one caller that opened it."""
    return await _stamp_once(session, meeting, Meeting.attendance_opened_at, now)


async def close_attendance(session: AsyncSession, meeting: Meeting, *, now: datetime) -> bool:
    """Close attendance early; True for the one caller that closed it."""
    return await _stamp_once(session, meeting, Meeting.attendance_closed_at, now)


async def reopen_attendance(session: AsyncSession, meeting: Meeting) -> bool:
    """Undo an early close; True for the one caller that reopened it.

    The caller checks that the window has not ended by the clock.
    """
    reopened = await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, Meeting.attendance_closed_at.is_not(None))
        .values(attendance_closed_at=None)
        .returning(Meeting.id),
        execution_options={"synchronize_session": "fetch"},
    )
    return reopened.first() is not None


async def take_roster(session: AsyncSession, meeting: Meeting, *, now: datetime) -> bool:
    """Snapshot every active member (RT, Poktan, role) as expected at ``meeting``, once.

    The first caller stamps ``meeting.roster_taken_at`` (a conditional UPDATE, so
    of two at once exactly one copies) and copies the members in one
    ``INSERT … SELECT … ON CONFLICT DO NOTHING``; True for that caller.
    """
    if meeting.roster_taken_at is not None:
        return False
    if not await _stamp_once(session, meeting, Meeting.roster_taken_at, now):
        return False
    statement = upsert(session, RosterMember).from_select(
        ["meeting_id", "member_id", "role", "rt", "poktan", "taken_at"],
        select(
            literal(meeting.id),
            Member.id,
            Member.role,
            Member.rt,
            Member.poktan,
            literal(now, UTCDateTime()),
        ).where(Member.kampung_id == meeting.kampung_id, Member.status == MemberStatus.ACTIVE),
    )
    await session.execute(
        statement.on_conflict_do_nothing(
            index_elements=[RosterMember.meeting_id, RosterMember.member_id]
        )
    )
    return True


async def add_to_roster(
    session: AsyncSession, meeting: Meeting, member: Member, *, now: datetime
) -> None:
    """Put one member on the roster as she is now, unless she is on it already."""
    statement = upsert(session, RosterMember).values(
        meeting_id=meeting.id,
        member_id=member.id,
        role=member.role,
        rt=member.rt,
        poktan=member.poktan,
        taken_at=now,
    )
    await session.execute(
        statement.on_conflict_do_nothing(
            index_elements=[RosterMember.meeting_id, RosterMember.member_id]
        )
    )


async def _stamp_once(
    session: AsyncSession,
    meeting: Meeting,
    column: InstrumentedAttribute[datetime | None],
    now: datetime,
) -> bool:
    # ``UPDATE … WHERE column IS NULL``: of two admins at the same instant exactly one
    # sets it (on PostgreSQL the second waits for the first and then matches no row).
    stamped = await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id, column.is_(None))
        .values({column: now})
        .returning(Meeting.id),
        execution_options={"synchronize_session": "fetch"},
    )
    return stamped.first() is not None


# --- marking ------------------------------------------------------------------------------


class MeetingNotOn(Exception):
    """The meeting was cancelled: no attendance is taken for it."""


async def _hold_meeting_on(session: AsyncSession, meeting: Meeting) -> None:
    """Raise ``MeetingNotOn`` unless the meeting is still scheduled, and keep it so.

    The row is locked (``FOR UPDATE``; on SQLite the write transaction holds the
    database) until the caller's transaction ends, so a cancellation at the same
    moment comes either before (and the mark is refused) or after the mark.
    """
    on = await session.scalar(
        select(Meeting.id)
        .where(Meeting.id == meeting.id, Meeting.status == MeetingStatus.SCHEDULED)
        .with_for_update()
    )
    if on is None:
        raise MeetingNotOn(meeting.id)


async def mark_attendance(
    session: AsyncSession,
    meeting: Meeting,
    member: Member,
    *,
    present: bool,
    source: MarkSource,
    by: Member | None,
    now: datetime,
) -> bool:
    """Set one member's presence (one row per meeting and member); True if it changed.

    Marking the same value again changes nothing, not even the time, so a
    repeated press or a retried update is harmless. The first mark of a meeting
    takes its roster (``take_roster``); the member is put on it if missing. A
    meeting that is not on (cancelled) raises ``MeetingNotOn`` and nothing is stored.
    """
    await _hold_meeting_on(session, meeting)
    await take_roster(session, meeting, now=now)
    await add_to_roster(session, meeting, member, now=now)
    query = select(Attendance).where(
        Attendance.meeting_id == meeting.id, Attendance.member_id == member.id
    )
    row = await session.scalar(query)
    if row is None:
        try:
            # Concurrent presses for one member race on the unique key; the loser updates.
            async with session.begin_nested():
                session.add(
                    Attendance(
                        meeting_id=meeting.id,
                        member_id=member.id,
                        present=present,
                        source=source,
                        marked_by_id=by.id if by else None,
                        marked_at=now,
                    )
                )
            return True
        except IntegrityError:
            row = await session.scalar(query)
            if row is None:
                raise
    if row.present == present:
        return False
    row.present = present
    row.source = source
    row.marked_by_id = by.id if by else None
    row.marked_at = now
    await session.flush()
    return True


async def toggle_attendance(
    session: AsyncSession, meeting: Meeting, member: Member, *, by: Member, now: datetime
) -> bool:
    """An admin's tick on the roll: absent (or unmarked) becomes present and back; the new value."""
    present = not await presence_of(session, meeting.id, member.id)
    await mark_attendance(
        session, meeting, member, present=present, source=MarkSource.ADMIN, by=by, now=now
    )
    return present


async def presence_of(session: AsyncSession, meeting_id: int, member_id: int) -> bool | None:
    return await session.scalar(
        select(Attendance.present).where(
            Attendance.meeting_id == meeting_id, Attendance.member_id == member_id
        )
    )


# --- the roll (admin's live list) ------------------------------------------------------------

POKTAN_ORDER = {poktan: index for index, poktan in enumerate(Poktan)}


@dataclass(frozen=True)
class RollEntry:
    member_id: int
    name: str
    rt: str | None
    poktan: Poktan | None
    present: bool | None
    has_telegram: bool = True  # False: added by the secretary, only she can tick her


async def roll(session: AsyncSession, meeting: Meeting) -> list[RollEntry]:
    """Every active member with their presence, grouped by Poktan, by name within."""
    rows = await session.execute(
        select(
            Member.id,
            Member.full_name,
            Member.rt,
            Member.poktan,
            Attendance.present,
            Member.telegram_id.is_not(None),
        )
        .outerjoin(
            Attendance,
            (Attendance.member_id == Member.id) & (Attendance.meeting_id == meeting.id),
        )
        .where(Member.kampung_id == meeting.kampung_id, Member.status == MemberStatus.ACTIVE)
    )
    entries = [
        RollEntry(i, name or "", rt, poktan, present, bool(telegram))
        for i, name, rt, poktan, present, telegram in rows
    ]
    return sorted(
        entries,
        key=lambda e: (
            POKTAN_ORDER.get(e.poktan, len(POKTAN_ORDER)),
            e.name.casefold(),
            e.member_id,
        ),
    )


def page_of(entries: Sequence[RollEntry], page: int, size: int) -> tuple[list[RollEntry], int, int]:
    """One page of the roll, the page number actually shown, and the number of pages."""
    pages = max(1, -(-len(entries) // size))
    page = min(max(page, 0), pages - 1)
    return list(entries[page * size : (page + 1) * size]), page, pages


# --- guests ---------------------------------------------------------------------------------------

GUEST_NAME_MAX = 100
GUEST_ROLE_MAX = 150


class GuestProblem(enum.StrEnum):
    NO_SEPARATOR = "no_separator"
    NAME_LENGTH = "name_length"
    ROLE_LENGTH = "role_length"


@dataclass(frozen=True)
class GuestLine:
    name: str
    role: str


def parse_guest_lines(
    text: str,
) -> tuple[list[GuestLine], list[tuple[int, str, GuestProblem]]]:
    """Parse "Nama - Jabatan" lines; return the good ones and (line number, line, problem).

    Accepted separators: " - " (or an en/em dash), "|" or ";". Blank
    lines are skipped; numbering like "1." or "1)" at the start is ignored.
    """
    good: list[GuestLine] = []
    bad: list[tuple[int, str, GuestProblem]] = []
    for line in numbered_lines(text):
        fields = split_fields(line.text, 2)
        if fields is None:
            bad.append((line.number, line.raw, GuestProblem.NO_SEPARATOR))
            continue
        name, role = fields
        if not 2 <= len(name) <= GUEST_NAME_MAX:
            bad.append((line.number, line.raw, GuestProblem.NAME_LENGTH))
        elif not 2 <= len(role) <= GUEST_ROLE_MAX:
            bad.append((line.number, line.raw, GuestProblem.ROLE_LENGTH))
        else:
            good.append(GuestLine(name, role))
    return good, bad


async def add_guests(
    session: AsyncSession,
    meeting: Meeting,
    lines: Sequence[GuestLine],
    *,
    by: Member | None,
    now: datetime,
) -> list[Guest]:
    guests = [
        Guest(
            meeting_id=meeting.id,
            name=line.name,
            role=line.role,
            added_by_id=by.id if by else None,
            added_at=now,
        )
        for line in lines
    ]
    session.add_all(guests)
    await session.flush()
    return guests


async def list_guests(session: AsyncSession, meeting_id: int) -> list[Guest]:
    """The guests of a meeting, not counting those removed."""
    result = await session.scalars(
        select(Guest)
        .where(Guest.meeting_id == meeting_id, Guest.removed_at.is_(None))
        .order_by(Guest.id)
    )
    return list(result)


async def _set_guest_removed(
    session: AsyncSession, meeting: Meeting, guest_id: int, removed_at: datetime | None
) -> Guest | None:
    """``UPDATE guest … WHERE removed_at IS [NOT] NULL``: a second press changes nothing."""
    was_removed = (
        Guest.removed_at.is_not(None) if removed_at is None else Guest.removed_at.is_(None)
    )
    changed = await session.execute(
        update(Guest)
        .where(Guest.id == guest_id, Guest.meeting_id == meeting.id, was_removed)
        .values(removed_at=removed_at)
        .returning(Guest.id),
        execution_options={"synchronize_session": "fetch"},
    )
    if changed.first() is None:
        return None
    return await session.get(Guest, guest_id)


async def remove_guest(
    session: AsyncSession, meeting: Meeting, guest_id: int, *, now: datetime
) -> Guest | None:
    """Take a guest off the list (restorable with ``restore_guest``); None if not there."""
    return await _set_guest_removed(session, meeting, guest_id, now)


async def restore_guest(session: AsyncSession, meeting: Meeting, guest_id: int) -> Guest | None:
    """Undo ``remove_guest``; None if the guest is not a removed guest of this meeting."""
    return await _set_guest_removed(session, meeting, guest_id, None)


async def count_present(session: AsyncSession, meeting_id: int) -> int:
    return (
        await session.scalar(
            select(func.count())
            .select_from(Attendance)
            .where(Attendance.meeting_id == meeting_id, Attendance.present.is_(True))
        )
        or 0
    )


# The recap (the roster as it was, outcomes, counts) is in ``models/recap.py``, which
# imports the names above; re-exported here, once they exist, for
# ``from models.attendance import …``.
from models.recap import (  # noqa: E402, F401
    Outcome,
    Recap,
    RecapRow,
    RosterEntry,
    Standing,
    build_recap,
    meeting_roster,
    outcome,
    recap_meetings,
)
