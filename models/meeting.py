"""Quarterly meetings, their speakers, RSVPs, and the rules of rotation and tallies.

Recording an RSVP and counting the tally is in ``models/rsvp.py``, re-exported here.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BindParameter,
    ColumnElement,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship, selectinload

from models.base import Base, UTCDateTime, enum_column
from models.kampung import Kampung
from models.member import Member
from models.rules.quarters import Quarter
from models.rules.rotation import next_host_rt

# A meeting counts as "current" until this long after its start: it is still
# the one /jadwal shows and attendance is taken for.
MEETING_LENGTH = timedelta(hours=4)
# Keeps the meeting card well under Telegram's 4096 characters.
MAX_SPEAKERS = 8


class MeetingStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CANCELLED = "cancelled"


class Sector(enum.StrEnum):
    """Where an invited speaker (narasumber) comes from."""

    GOVERNMENT = "pemerintah"
    BUMN = "BUMN"
    PRIVATE = "swasta"
    OTHER = "lainnya"


class RsvpAnswer(enum.StrEnum):
    YES = "hadir"
    EXCUSED = "izin"
    NO = "tidak"


class Meeting(Base):
    """One quarterly meeting of a kampung, hosted by one RT."""

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_kampung_starts", "kampung_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    host_rt: Mapped[str] = mapped_column(String(16))
    # The RT the rotation proposed when the meeting was made: an override
    # (host_rt != proposed_host_rt) stays visible in the history.
    proposed_host_rt: Mapped[str | None] = mapped_column(String(16))
    venue: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str] = mapped_column(String(200))
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus, 16))
    cancel_reason: Mapped[str | None] = mapped_column(String(300))
    # Attendance: opened by an admin's /hadir (or a cadre's first check-in), closed by an admin.
    attendance_opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attendance_closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # When the roster (who was expected, with RT and Poktan as they were) was taken:
    # at the first opening of attendance or check-in (models/attendance.py).
    roster_taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The secretary's minutes (notulen), sent in private chat after the meeting started.
    minutes: Mapped[str | None] = mapped_column(Text)
    minutes_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    minutes_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when an answer changed the RSVP tally and the group's card does not show it
    # yet; cleared once an edit has shown every answer (scheduler/tally.py). A restart
    # finds here the edits it still owes the group.
    tally_owed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    speakers: Mapped[list[Speaker]] = relationship(
        order_by="Speaker.position",
        cascade="all, delete-orphan",
        lazy="raise",
        passive_deletes=True,
    )

    def local_start(self, tz: ZoneInfo) -> datetime:
        return self.starts_at.astimezone(tz)

    def quarter(self, tz: ZoneInfo) -> Quarter:
        return Quarter.of(self.local_start(tz).date())

    @property
    def is_cancelled(self) -> bool:
        return self.status is MeetingStatus.CANCELLED

    @property
    def host_overridden(self) -> bool:
        return self.proposed_host_rt is not None and self.proposed_host_rt != self.host_rt


class Speaker(Base):
    """An invited speaker (narasumber) of a meeting."""

    __tablename__ = "speaker"
    # A meeting's card reads its speakers on every /jadwal.
    __table_args__ = (Index("ix_speaker_meeting_id", "meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(100))
    institution: Mapped[str] = mapped_column(String(150))
    sector: Mapped[Sector] = mapped_column(enum_column(Sector, 16))


class Rsvp(Base):
    """A member's answer to a meeting invitation; the last answer wins."""

    __tablename__ = "rsvp"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id"),
        # Covers the tally (answers of a meeting counted per answer, by member).
        Index("ix_rsvp_meeting_answer", "meeting_id", "answer", "member_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    answer: Mapped[RsvpAnswer] = mapped_column(enum_column(RsvpAnswer, 16))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- plans (what the secretary typed, before it is a meeting) -----------------


@dataclass(frozen=True)
class SpeakerPlan:
    name: str
    institution: str
    sector: Sector


@dataclass
class MeetingPlan:
    """A meeting being written: filled step by step, then saved or applied."""

    day: date | None = None
    start_time: time | None = None
    host_rt: str | None = None
    proposed_host_rt: str | None = None
    venue: str | None = None
    topic: str | None = None
    speakers: list[SpeakerPlan] = field(default_factory=list)
    # Meetings already in the plan's quarter when the secretary chose the date (a
    # second one needs their yes); saving refuses when the quarter holds more by then.
    others_in_quarter: int = 0

    def starts_at(self, tz: ZoneInfo) -> datetime:
        if self.day is None or self.start_time is None:
            raise ValueError("date and time are not set yet")
        return datetime.combine(self.day, self.start_time, tzinfo=tz)

    @property
    def complete(self) -> bool:
        return None not in (self.day, self.start_time, self.host_rt, self.venue, self.topic)

    @classmethod
    def of(cls, meeting: Meeting, tz: ZoneInfo) -> MeetingPlan:
        local = meeting.local_start(tz)
        return cls(
            day=local.date(),
            start_time=local.time().replace(tzinfo=None),
            host_rt=meeting.host_rt,
            proposed_host_rt=meeting.proposed_host_rt,
            venue=meeting.venue,
            topic=meeting.topic,
            speakers=[SpeakerPlan(s.name, s.institution, s.sector) for s in meeting.speakers],
        )


def default_venue(host_rt: str) -> str:
    return f"Rumah Data RT {host_rt}"


# --- queries -------------------------------------------------------------------


def _with_speakers(statement: Select[tuple[Meeting]]) -> Select[tuple[Meeting]]:
    return statement.options(selectinload(Meeting.speakers))


_MEETING_WITH_SPEAKERS = (
    select(Meeting)
    .where(Meeting.id == bindparam("meeting_id"), Meeting.kampung_id == bindparam("kampung_id"))
    .options(joinedload(Meeting.speakers))
)


async def get_meeting(session: AsyncSession, kampung_id: int, meeting_id: int) -> Meeting | None:
    """The meeting with its speakers (built once: every RSVP press runs it)."""
    result = await session.execute(
        _MEETING_WITH_SPEAKERS, {"meeting_id": meeting_id, "kampung_id": kampung_id}
    )
    return result.unique().scalars().first()


async def meeting_kampung_id(session: AsyncSession, meeting_id: int) -> int | None:
    """The kampung a meeting belongs to (None if there is no such meeting)."""
    return await session.scalar(select(Meeting.kampung_id).where(Meeting.id == meeting_id))


def _upcoming_conditions(
    kampung_id: int | BindParameter[int], over_after: datetime | BindParameter[datetime]
) -> tuple[ColumnElement[bool], ...]:
    """Scheduled meetings not yet over: starting after ``over_after`` (now less
    ``MEETING_LENGTH``); values, or bind parameters for a statement built once."""
    return (
        Meeting.kampung_id == kampung_id,
        Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.starts_at > over_after,
    )


def _upcoming(kampung_id: int, now: datetime) -> Select[tuple[Meeting]]:
    """Scheduled meetings not yet over, soonest first."""
    return (
        _with_speakers(select(Meeting))
        .where(*_upcoming_conditions(kampung_id, now - MEETING_LENGTH))
        .order_by(Meeting.starts_at, Meeting.id)
    )


async def upcoming_meetings(
    session: AsyncSession, kampung_id: int, now: datetime
) -> Sequence[Meeting]:
    return (await session.scalars(_upcoming(kampung_id, now))).all()


_NEXT_MEETING = (
    select(Meeting)
    .where(*_upcoming_conditions(bindparam("kampung_id"), bindparam("over_after")))
    .order_by(Meeting.starts_at, Meeting.id)
    .limit(1)
    .options(joinedload(Meeting.speakers))
)


async def next_meeting(session: AsyncSession, kampung_id: int, now: datetime) -> Meeting | None:
    """The next meeting not yet over, with its speakers; built once, as every /jadwal
    runs it."""
    result = await session.execute(
        _NEXT_MEETING, {"kampung_id": kampung_id, "over_after": now - MEETING_LENGTH}
    )
    return result.unique().scalars().first()


async def meetings_between(
    session: AsyncSession, kampung_id: int, start: datetime, end: datetime
) -> Sequence[Meeting]:
    """Scheduled meetings starting in [start, end), in order."""
    result = await session.scalars(
        _with_speakers(select(Meeting))
        .where(
            Meeting.kampung_id == kampung_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return result.all()


def quarter_bounds_utc(quarter: Quarter, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(quarter.start, time(0), tzinfo=tz)
    end = datetime.combine(quarter.next().start, time(0), tzinfo=tz)
    return start, end


async def meetings_in_quarter(
    session: AsyncSession, kampung_id: int, quarter: Quarter, tz: ZoneInfo
) -> Sequence[Meeting]:
    return await meetings_between(session, kampung_id, *quarter_bounds_utc(quarter, tz))


async def count_in_quarter(
    session: AsyncSession, kampung_id: int, quarter: Quarter, tz: ZoneInfo
) -> int:
    start, end = quarter_bounds_utc(quarter, tz)
    count = await session.scalar(
        select(func.count())
        .select_from(Meeting)
        .where(
            Meeting.kampung_id == kampung_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at >= start,
            Meeting.starts_at < end,
        )
    )
    return count or 0


async def last_host_before(
    session: AsyncSession, kampung_id: int, before: datetime | None = None
) -> str | None:
    """Host of the latest held or scheduled (not cancelled) meeting, optionally before a time."""
    statement = select(Meeting.host_rt).where(
        Meeting.kampung_id == kampung_id, Meeting.status == MeetingStatus.SCHEDULED
    )
    if before is not None:
        statement = statement.where(Meeting.starts_at < before)
    return await session.scalar(
        statement.order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(1)
    )


async def proposed_host(
    session: AsyncSession, kampung: Kampung, *, before: datetime | None = None
) -> str:
    """The next RT in the rotation after the last held or scheduled meeting's host.

    Cancelled meetings do not advance the rotation. With ``before``, only
    meetings starting earlier count (to propose hosts for later quarters).
    """
    return next_host_rt(kampung.rt_list, await last_host_before(session, kampung.id, before))


async def host_history(session: AsyncSession, kampung_id: int, limit: int = 8) -> Sequence[Meeting]:
    """Recent meetings, newest first, cancelled ones included (for the record)."""
    result = await session.scalars(
        select(Meeting)
        .where(Meeting.kampung_id == kampung_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    )
    return result.all()


# --- changes ---------------------------------------------------------------------


def _speakers_of(plan: MeetingPlan) -> list[Speaker]:
    return [
        Speaker(position=i, name=s.name, institution=s.institution, sector=s.sector)
        for i, s in enumerate(plan.speakers)
    ]


class QuarterTaken(Exception):
    """The quarter got another meeting after the secretary chose the date."""

    def __init__(self, quarter: Quarter) -> None:
        super().__init__(f"another meeting was saved in {quarter.label}")
        self.quarter = quarter


async def create_meeting(
    session: AsyncSession,
    kampung: Kampung,
    plan: MeetingPlan,
    *,
    created_by: Member | None,
    now: datetime,
) -> Meeting:
    """Store a complete plan as a scheduled meeting.

    Raises ``QuarterTaken`` when the plan's quarter holds more meetings than
    ``plan.others_in_quarter``: the check of the flow's start is made again here,
    inside the writing transaction, so two saves at once cannot both pass it.
    """
    tz = ZoneInfo(kampung.timezone)
    if not plan.complete:
        raise ValueError("the meeting plan is incomplete")
    # One saver per kampung at a time: on PostgreSQL a row lock on the kampung (NO KEY
    # UPDATE, so inserts referring to it are not held up); on SQLite the write lock
    # taken by BEGIN IMMEDIATE already serialises writers and FOR UPDATE is not rendered.
    await session.execute(
        select(Kampung.id).where(Kampung.id == kampung.id).with_for_update(key_share=True)
    )
    quarter = Quarter.of(plan.day)
    if await count_in_quarter(session, kampung.id, quarter, tz) > plan.others_in_quarter:
        raise QuarterTaken(quarter)
    meeting = Meeting(
        kampung_id=kampung.id,
        starts_at=plan.starts_at(tz),
        host_rt=plan.host_rt,
        proposed_host_rt=plan.proposed_host_rt,
        venue=plan.venue,
        topic=plan.topic,
        status=MeetingStatus.SCHEDULED,
        created_by_id=created_by.id if created_by else None,
        created_at=now,
        updated_at=now,
        speakers=_speakers_of(plan),
    )
    session.add(meeting)
    await session.flush()
    return meeting


@dataclass(frozen=True)
class MeetingChange:
    """What an update changed; a new date or time means RSVPs start over."""

    fields: frozenset[str]

    @property
    def moved(self) -> bool:
        return bool(self.fields & {"date", "time"})

    @property
    def any(self) -> bool:
        return bool(self.fields)


async def apply_plan(
    session: AsyncSession, meeting: Meeting, plan: MeetingPlan, tz: ZoneInfo, *, now: datetime
) -> MeetingChange:
    """Bring a meeting in line with an edited plan; reset RSVPs if it moved."""
    before = MeetingPlan.of(meeting, tz)
    changed: set[str] = set()
    if plan.day != before.day:
        changed.add("date")
    if plan.start_time != before.start_time:
        changed.add("time")
    for name in ("host_rt", "venue", "topic"):
        if getattr(plan, name) != getattr(before, name):
            changed.add(name)
            setattr(meeting, name, getattr(plan, name))
    if plan.speakers != before.speakers:
        changed.add("speakers")
        meeting.speakers = _speakers_of(plan)
    if changed & {"date", "time"}:
        meeting.starts_at = plan.starts_at(tz)
        await session.execute(delete(Rsvp).where(Rsvp.meeting_id == meeting.id))
    if changed:
        meeting.updated_at = now
    await session.flush()
    return MeetingChange(frozenset(changed))


async def cancel_meeting(
    session: AsyncSession, meeting: Meeting, reason: str, *, now: datetime
) -> bool:
    """Cancel a scheduled meeting that has not started; False if it no longer is one.

    One ``UPDATE … WHERE status = 'scheduled'``: of two admins cancelling at the
    same instant exactly one cancels (and announces it).
    """
    cancelled = await session.execute(
        update(Meeting)
        .where(
            Meeting.id == meeting.id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at > now,
        )
        .values(status=MeetingStatus.CANCELLED, cancel_reason=reason, updated_at=now)
        .returning(Meeting.id),
        execution_options={"synchronize_session": "fetch"},
    )
    return cancelled.first() is not None


# RSVPs and their tally are in ``models/rsvp.py``, which imports the names above;
# re-exported here, once they exist, for ``from models.meeting import …``.
from models.rsvp import (  # noqa: E402, F401
    NOT_COUNTED,
    RsvpRefusal,
    RsvpTally,
    active_member_count,
    meetings_owing_tally,
    owe_tally,
    record_rsvp,
    rsvp_of,
    rsvp_refusal,
    rsvp_tally,
    rsvp_tally_and_answer,
    tally_from_counts,
    tally_shown,
)
