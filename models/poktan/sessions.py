"""A Poktan group's sessions: held (recorded by the chair after it) or planned ahead.

Who came is either the roll (``PoktanPresence``: families ticked) or, when the chair only
has the paper list, a typed count (``present_count``); never both. Everything stays
editable until the month's register is sent (``months.month_is_open``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanGroup
from models.poktan.months import month_is_open, month_of
from models.rules.parsing import (
    ParseError,
    ParseErrorReason,
    parse_date,
    parse_time,
    strip_control,
)

TOPIC_MAX = 200
SPEAKERS_MAX = 500
PLACE_MAX = 200
# A session is recorded at most this long after it was held (a year's registers).
RECORD_REACH = timedelta(days=366)


# The roll is ticked a page at a time: one page per RT, or more for a large RT.
ROLL_PAGE_SIZE = 20


@dataclass(frozen=True)
class RollPage:
    rt: str
    part: int  # 1, 2, … within its RT
    parts: int  # pages of this RT
    family_ids: tuple[int, ...]


def roll_pages(families: Sequence[tuple[int, str]]) -> list[RollPage]:
    """The roll's pages from the active families as (id, RT), already in roll order."""
    by_rt: dict[str, list[int]] = {}
    for family_id, rt in families:
        by_rt.setdefault(rt, []).append(family_id)
    pages: list[RollPage] = []
    for rt, ids in by_rt.items():
        chunks = [ids[i : i + ROLL_PAGE_SIZE] for i in range(0, len(ids), ROLL_PAGE_SIZE)]
        pages += [
            RollPage(rt, number, len(chunks), tuple(chunk))
            for number, chunk in enumerate(chunks, start=1)
        ]
    return pages


class SessionStatus(enum.StrEnum):
    PLANNED = "planned"
    HELD = "held"
    CANCELLED = "cancelled"


class PoktanSession(Base):
    __tablename__ = "poktan_session"
    __table_args__ = (Index("ix_poktan_session_group_day", "group_id", "held_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("poktan_group.id", ondelete="CASCADE"))
    status: Mapped[SessionStatus] = mapped_column(enum_column(SessionStatus, 16))
    # The day in the kampung's zone (the register counts by day, not by hour).
    held_on: Mapped[date] = mapped_column(Date)
    # A planned session's start, for its reminders; None when recorded afterwards.
    starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    place: Mapped[str | None] = mapped_column(String(PLACE_MAX))
    topic: Mapped[str | None] = mapped_column(String(TOPIC_MAX))
    # Typed when the chair has only the paper list; None when the roll was ticked.
    present_count: Mapped[int | None] = mapped_column(Integer)
    speakers: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PoktanPresence(Base):
    """A family ticked present on a session's roll."""

    __tablename__ = "poktan_presence"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("poktan_session.id", ondelete="CASCADE"), primary_key=True
    )
    family_id: Mapped[int] = mapped_column(
        ForeignKey("poktan_family.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class PoktanSessionPhoto(Base):
    __tablename__ = "poktan_session_photo"
    __table_args__ = (UniqueConstraint("session_id", "file_unique_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("poktan_session.id", ondelete="CASCADE"))
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(128))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SessionProblem(enum.StrEnum):
    FUTURE_DATE = "future_date"  # a held session dated after today
    PAST_DATE = "past_date"  # a planned session dated before now
    TOO_OLD = "too_old"  # older than RECORD_REACH
    MONTH_SENT = "month_sent"  # its month's register was sent: "Perbaiki" first
    COUNT_TOO_LARGE = "count_too_large"  # more present than the group's families
    NOT_A_FAMILY = "not_a_family"  # a ticked family not (or no longer) in the group
    TOPIC_TOO_LONG = "topic_too_long"
    TEXT_TOO_LONG = "text_too_long"
    BAD_DATE = "bad_date"  # a typed day that is no date (``read_held_day``)
    NOT_PLANNED = "not_planned"  # completing a session that is no longer planned


class SessionError(ValueError):
    def __init__(self, problem: SessionProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def check_held_day(held_on: date, *, today: date) -> None:
    """A held session's day: not after today, not older than ``RECORD_REACH``."""
    if held_on > today:
        raise SessionError(SessionProblem.FUTURE_DATE)
    if held_on < today - RECORD_REACH:
        raise SessionError(SessionProblem.TOO_OLD)


_TYPED_DAY = re.compile(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})(?:\s*[/.-]\s*(\d{4}|\d{2}))?", re.ASCII)
# A day typed without its year is this year's, unless that is further ahead than this
# (then last year's: "28/12" typed on 3 January is the December just gone).
NO_YEAR_AHEAD = timedelta(days=31)


def read_held_day(text: str, *, today: date) -> date:
    """The day of a held session typed as ``dd/mm`` or ``dd/mm/yyyy`` (also ``-`` or
    ``.``, two-digit years are 20xx), or "hari ini" / "kemarin"; then checked as
    ``check_held_day`` does (a future day is refused)."""
    words = " ".join(strip_control(text).casefold().split())
    if words in ("hari ini", "hariini"):
        day = today
    elif words == "kemarin":
        day = today - timedelta(days=1)
    else:
        found = _TYPED_DAY.fullmatch(words)
        if found is None:
            raise SessionError(SessionProblem.BAD_DATE)
        day_number, month_number, year_text = found.groups()
        year = today.year
        if year_text is not None:
            year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        try:
            day = date(year, int(month_number), int(day_number))
            if year_text is None and day - today > NO_YEAR_AHEAD:
                day = date(year - 1, day.month, day.day)
        except ValueError:
            raise SessionError(SessionProblem.BAD_DATE) from None
    check_held_day(day, today=today)
    return day


_PLAN_WORDS = frozenset({"jam", "pukul", "pkl", "pkl."})


def read_plan_start(text: str, *, today: date, tz: ZoneInfo) -> datetime:
    """A planned session's start typed as a day then a time ("12/12 15.00", "12/12/2026
    pukul 09.30", "besok 16.00"), in the kampung's zone; aware. The day is read as a
    meeting's is (``parse_date``: a day without a year is the next such day)."""
    words = strip_control(text).split()
    if len(words) < 2:
        raise SessionError(SessionProblem.BAD_DATE)
    day_words = [w for w in words[:-1] if w.casefold() not in _PLAN_WORDS]
    try:
        day = parse_date(" ".join(day_words), today)
        start = parse_time(words[-1])
    except ParseError as error:
        past = error.reason is ParseErrorReason.IN_PAST
        raise SessionError(SessionProblem.PAST_DATE if past else SessionProblem.BAD_DATE) from None
    return datetime.combine(day, start, tzinfo=tz)


def clean_text(text: str | None, limit: int, problem: SessionProblem) -> str | None:
    if text is None:
        return None
    cleaned = " ".join(strip_control(text).split())
    if not cleaned:
        return None
    if len(cleaned) > limit:
        raise SessionError(problem)
    return cleaned


async def _check_month_open(session: AsyncSession, group_id: int, held_on: date) -> None:
    if not await month_is_open(session, group_id, month_of(held_on)):
        raise SessionError(SessionProblem.MONTH_SENT)


async def check_open(session: AsyncSession, group_id: int, held_on: date) -> None:
    """Refuse (``MONTH_SENT``) a change to a day whose month's register was sent."""
    await _check_month_open(session, group_id, held_on)


async def _present_ids(
    session: AsyncSession, group: PoktanGroup, family_ids: Collection[int]
) -> set[int]:
    """The ticked families, all of them active families of this group."""
    wanted = set(family_ids)
    if not wanted:
        return wanted
    found = set(
        await session.scalars(
            select(PoktanFamily.id).where(
                PoktanFamily.group_id == group.id,
                PoktanFamily.id.in_(wanted),
                PoktanFamily.status == FamilyStatus.ACTIVE,
            )
        )
    )
    if found != wanted:
        raise SessionError(SessionProblem.NOT_A_FAMILY)
    return found


async def _check_count(session: AsyncSession, group: PoktanGroup, count: int | None) -> None:
    if count is None:
        return
    families = await session.scalar(
        select(func.count(PoktanFamily.id)).where(
            PoktanFamily.group_id == group.id, PoktanFamily.status == FamilyStatus.ACTIVE
        )
    )
    if count < 0 or count > (families or 0):
        raise SessionError(SessionProblem.COUNT_TOO_LARGE)


async def record_session(
    session: AsyncSession,
    group: PoktanGroup,
    *,
    held_on: date,
    today: date,
    topic: str | None,
    family_ids: Collection[int] = (),
    present_count: int | None = None,
    speakers: str | None = None,
    by_id: int | None,
    now: datetime,
) -> PoktanSession:
    """Record a session the group held: checks first, so bad input changes nothing."""
    check_held_day(held_on, today=today)
    await _check_month_open(session, group.id, held_on)
    topic = clean_text(topic, TOPIC_MAX, SessionProblem.TOPIC_TOO_LONG)
    speakers = clean_text(speakers, SPEAKERS_MAX, SessionProblem.TEXT_TOO_LONG)
    present = await _present_ids(session, group, family_ids)
    if present:
        present_count = None
    await _check_count(session, group, present_count)
    record = PoktanSession(
        group_id=group.id,
        status=SessionStatus.HELD,
        held_on=held_on,
        topic=topic,
        present_count=present_count,
        speakers=speakers,
        created_by_id=by_id,
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    await session.flush()
    session.add_all(PoktanPresence(session_id=record.id, family_id=fid) for fid in present)
    await session.flush()
    return record


async def plan_session(
    session: AsyncSession,
    group: PoktanGroup,
    *,
    starts_at: datetime,
    held_on: date,
    place: str | None,
    topic: str | None,
    by_id: int | None,
    now: datetime,
) -> PoktanSession:
    """Plan a session ahead (``held_on`` is ``starts_at``'s day in the kampung's zone)."""
    if starts_at <= now:
        raise SessionError(SessionProblem.PAST_DATE)
    await _check_month_open(session, group.id, held_on)
    record = PoktanSession(
        group_id=group.id,
        status=SessionStatus.PLANNED,
        held_on=held_on,
        starts_at=starts_at,
        place=clean_text(place, PLACE_MAX, SessionProblem.TEXT_TOO_LONG),
        topic=clean_text(topic, TOPIC_MAX, SessionProblem.TOPIC_TOO_LONG),
        created_by_id=by_id,
        created_at=now,
        updated_at=now,
    )
    session.add(record)
    await session.flush()
    return record


async def get_session(
    session: AsyncSession, group_id: int, session_id: int
) -> PoktanSession | None:
    record = await session.get(PoktanSession, session_id)
    if record is None or record.group_id != group_id:
        return None
    return record


async def lock_session(
    session: AsyncSession, group_id: int, session_id: int
) -> PoktanSession | None:
    """The session, locked for this transaction (PostgreSQL: ``FOR UPDATE``; SQLite's
    ``BEGIN IMMEDIATE`` already serializes writers): two chairs changing it at the same
    moment change it one after the other, the second on the first one's result."""
    record = await session.scalar(
        select(PoktanSession)
        .where(PoktanSession.id == session_id, PoktanSession.group_id == group_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return record


async def complete_session(
    session: AsyncSession,
    group: PoktanGroup,
    record: PoktanSession,
    *,
    today: date,
    family_ids: Collection[int] = (),
    present_count: int | None = None,
    speakers: str | None = None,
    now: datetime,
) -> None:
    """A planned session took place: it becomes held, with who came and its speakers."""
    if record.status is not SessionStatus.PLANNED:
        raise SessionError(SessionProblem.NOT_PLANNED)
    check_held_day(record.held_on, today=today)
    await _check_month_open(session, group.id, record.held_on)
    speakers = clean_text(speakers, SPEAKERS_MAX, SessionProblem.TEXT_TOO_LONG)
    present = await _present_ids(session, group, family_ids)
    if present:
        present_count = None
    await _check_count(session, group, present_count)
    await session.execute(delete(PoktanPresence).where(PoktanPresence.session_id == record.id))
    session.add_all(PoktanPresence(session_id=record.id, family_id=fid) for fid in present)
    record.status = SessionStatus.HELD
    record.present_count = present_count
    record.speakers = speakers
    record.updated_at = now
    await session.flush()


async def group_of(session: AsyncSession, record: PoktanSession) -> PoktanGroup:
    group = await session.get(PoktanGroup, record.group_id)
    assert group is not None  # a session's group is deleted with it (ON DELETE CASCADE)
    return group


async def set_roll(
    session: AsyncSession,
    group: PoktanGroup,
    record: PoktanSession,
    family_ids: Collection[int],
    *,
    now: datetime,
) -> None:
    """Replace who came with the ticked families (the typed count is dropped)."""
    await _check_month_open(session, group.id, record.held_on)
    present = await _present_ids(session, group, family_ids)
    await session.execute(delete(PoktanPresence).where(PoktanPresence.session_id == record.id))
    session.add_all(PoktanPresence(session_id=record.id, family_id=fid) for fid in present)
    record.present_count = None
    record.updated_at = now
    await session.flush()


async def set_present_count(
    session: AsyncSession, group: PoktanGroup, record: PoktanSession, count: int, *, now: datetime
) -> None:
    """Replace who came with a typed count (the roll is dropped)."""
    await _check_month_open(session, group.id, record.held_on)
    await _check_count(session, group, count)
    await session.execute(delete(PoktanPresence).where(PoktanPresence.session_id == record.id))
    record.present_count = count
    record.updated_at = now
    await session.flush()


async def edit_session(
    session: AsyncSession,
    group: PoktanGroup,
    record: PoktanSession,
    *,
    today: date,
    now: datetime,
    held_on: date | None = None,
    topic: str | None = None,
    speakers: str | None = None,
) -> None:
    """Change a held session's day, topic or speakers while its month is open (and, for
    a new day, the new day's month too)."""
    await _check_month_open(session, group.id, record.held_on)
    if held_on is not None:
        check_held_day(held_on, today=today)
        await _check_month_open(session, group.id, held_on)
        record.held_on = held_on
    if topic is not None:
        record.topic = clean_text(topic, TOPIC_MAX, SessionProblem.TOPIC_TOO_LONG)
    if speakers is not None:
        record.speakers = clean_text(speakers, SPEAKERS_MAX, SessionProblem.TEXT_TOO_LONG)
    record.updated_at = now
    await session.flush()


async def delete_session(session: AsyncSession, group: PoktanGroup, record: PoktanSession) -> None:
    await _check_month_open(session, group.id, record.held_on)
    await session.delete(record)
    await session.flush()


async def present_of(session: AsyncSession, session_ids: Collection[int]) -> dict[int, set[int]]:
    """The ticked families of each session, in one query."""
    presence: dict[int, set[int]] = {sid: set() for sid in session_ids}
    if not session_ids:
        return presence
    rows = await session.execute(
        select(PoktanPresence.session_id, PoktanPresence.family_id).where(
            PoktanPresence.session_id.in_(list(session_ids))
        )
    )
    for session_id, family_id in rows:
        presence[session_id].add(family_id)
    return presence


async def sessions_in(
    session: AsyncSession,
    group_id: int,
    first: date,
    last: date,
    *,
    statuses: Collection[SessionStatus] = (SessionStatus.HELD,),
) -> list[PoktanSession]:
    """The group's sessions from ``first`` to ``last`` (both included), by day."""
    result = await session.scalars(
        select(PoktanSession)
        .where(
            PoktanSession.group_id == group_id,
            PoktanSession.held_on >= first,
            PoktanSession.held_on <= last,
            PoktanSession.status.in_(list(statuses)),
        )
        .order_by(PoktanSession.held_on, PoktanSession.id)
    )
    return list(result)


async def sessions_of_groups(
    session: AsyncSession, group_ids: Sequence[int], first: date, last: date
) -> dict[int, list[PoktanSession]]:
    """Each group's sessions held from ``first`` to ``last`` (both included), by day, in
    one query (group id → sessions; every group is a key)."""
    held: dict[int, list[PoktanSession]] = {group_id: [] for group_id in group_ids}
    if not group_ids:
        return held
    result = await session.scalars(
        select(PoktanSession)
        .where(
            PoktanSession.group_id.in_(list(group_ids)),
            PoktanSession.held_on >= first,
            PoktanSession.held_on <= last,
            PoktanSession.status == SessionStatus.HELD,
        )
        .order_by(PoktanSession.held_on, PoktanSession.id)
    )
    for record in result:
        held[record.group_id].append(record)
    return held


async def add_photo(
    session: AsyncSession,
    record: PoktanSession,
    *,
    file_id: str,
    file_unique_id: str,
    by_id: int | None,
    now: datetime,
) -> bool:
    """Keep a photo of the session; the same photo sent twice is kept once."""
    known = await session.scalar(
        select(PoktanSessionPhoto.id).where(
            PoktanSessionPhoto.session_id == record.id,
            PoktanSessionPhoto.file_unique_id == file_unique_id,
        )
    )
    if known is not None:
        return False
    session.add(
        PoktanSessionPhoto(
            session_id=record.id,
            file_id=file_id,
            file_unique_id=file_unique_id,
            added_by_id=by_id,
            added_at=now,
        )
    )
    await session.flush()
    return True


async def photo_counts(session: AsyncSession, session_ids: Collection[int]) -> dict[int, int]:
    """How many photos each session keeps, in one query."""
    counts: dict[int, int] = {sid: 0 for sid in session_ids}
    if not session_ids:
        return counts
    rows = await session.execute(
        select(PoktanSessionPhoto.session_id, func.count(PoktanSessionPhoto.id))
        .where(PoktanSessionPhoto.session_id.in_(list(session_ids)))
        .group_by(PoktanSessionPhoto.session_id)
    )
    for session_id, count in rows:
        counts[session_id] = int(count)
    return counts
