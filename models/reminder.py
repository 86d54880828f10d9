"""Reminders before a meeting, and the secretary's quarter nudge: rows, rules and queries.

A reminder is one offset (``REMINDER_OFFSETS``) before one meeting start. Its
row is the truth about it: the scheduler only wakes the bot at ``due_at``.

Life of a reminder::

    pending ──(due, meeting ahead)──> sent (its broadcast written to the outbox)
       │  └──(due, meeting started, or a later reminder owed too)──> missed
       ├──(meeting moved or cancelled, offset dropped)──> cancelled
    skipped: the offset had already passed when the reminder was planned.

A sent reminder owns a ``Broadcast`` of kind ``reminder`` in the outbox, with one
``Delivery`` per recipient, sent by the delivery worker; if the meeting starts
before they all went out, the rest expire and the reminder counts as missed.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import ForeignKey, Index, Integer, UniqueConstraint, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column
from models.broadcast import (
    Broadcast,
    BroadcastKind,
    Outgoing,
    plan_broadcast,
)
from models.kampung import Kampung
from models.meeting import Meeting, MeetingStatus, RsvpAnswer, get_meeting
from models.rules.quarters import Quarter, days_until_quarter_start

# A job that wakes the bot this much before a reminder's due time is early
# (clock trouble): the reminder waits for its time instead of going out.
EARLY_TOLERANCE = timedelta(minutes=1)
# A reminder that goes out later than this after its due time is "late": the
# secretary is told why (the bot was not running).
LATE_AFTER = timedelta(minutes=5)


class ReminderStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # its broadcast is planned and going out (or was, at a crash)
    SENT = "sent"
    SKIPPED = "skipped"  # already past when planned: never sent late
    MISSED = "missed"  # fell due while the bot was down, and could not be sent any more
    CANCELLED = "cancelled"


class MissReason(enum.StrEnum):
    STARTED = "started"  # the meeting had begun when the bot came back
    SUPERSEDED = "superseded"  # a later reminder of the same meeting was owed too


class Reminder(Base):
    """One reminder: a meeting start minus one offset."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("meeting_id", "meeting_starts_at", "offset_seconds"),
        Index("ix_reminder_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    # The start this reminder counts back from: a moved meeting gets new rows,
    # and the old ones keep their history.
    meeting_starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    offset_seconds: Mapped[int] = mapped_column(Integer)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[ReminderStatus] = mapped_column(enum_column(ReminderStatus, 16))
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcast.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def offset(self) -> timedelta:
        return timedelta(seconds=self.offset_seconds)


class QuarterNudge(Base):
    """The admins were reminded to plan this quarter's meeting (once per quarter)."""

    __tablename__ = "quarter_nudge"
    __table_args__ = (UniqueConstraint("kampung_id", "year", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)
    quarter: Mapped[int] = mapped_column(Integer)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- rules (no database) -------------------------------------------------------------


def initial_status(due_at: datetime, now: datetime) -> ReminderStatus:
    """A reminder planned at ``now``: pending, or skipped when its time has passed."""
    return ReminderStatus.PENDING if due_at >= now else ReminderStatus.SKIPPED


class Verdict(enum.StrEnum):
    """What to do with a pending reminder when the bot wakes up for it."""

    SEND = "send"
    EARLY = "early"  # woken too soon: wait for the due time
    MISSED = "missed"  # the meeting has started: too late to remind
    CANCELLED = "cancelled"  # the meeting was cancelled or moved since


def verdict(
    *, due_at: datetime, planned_start: datetime, meeting: Meeting | None, now: datetime
) -> Verdict:
    if meeting is None or meeting.is_cancelled or meeting.starts_at != planned_start:
        return Verdict.CANCELLED
    if now < due_at - EARLY_TOLERANCE:
        return Verdict.EARLY
    if now >= meeting.starts_at:
        return Verdict.MISSED
    return Verdict.SEND


def is_late(due_at: datetime, now: datetime) -> bool:
    return now - due_at > LATE_AFTER


def pick_overdue(overdue: Iterable[Reminder]) -> tuple[list[Reminder], list[Reminder]]:
    """Split overdue reminders into (to send, superseded).

    Per meeting only the latest one is worth sending: after a long downtime,
    cadres get one reminder, not H-7 and H-1 seconds apart.
    """
    overdue = list(overdue)
    latest: dict[int, Reminder] = {}
    for reminder in overdue:
        kept = latest.get(reminder.meeting_id)
        if kept is None or (reminder.due_at, reminder.id) > (kept.due_at, kept.id):
            latest[reminder.meeting_id] = reminder
    keep = {r.id for r in latest.values()}
    chosen = sorted(latest.values(), key=lambda r: (r.due_at, r.id))
    superseded = [r for r in overdue if r.id not in keep]
    return chosen, superseded


def quarter_to_nudge(today: date, days_before: int) -> Quarter | None:
    """The coming quarter, if it starts within ``days_before`` days (0 turns nudges off)."""
    if days_before <= 0:
        return None
    coming = Quarter.of(today).next()
    left = days_until_quarter_start(today, coming)
    return coming if 0 < left <= days_before else None


# --- planning ------------------------------------------------------------------------


@dataclass
class ReminderChanges:
    """The outcome of planning: reminders to wake up for, and those no longer wanted."""

    pending: list[Reminder] = field(default_factory=list)
    cancelled: list[int] = field(default_factory=list)

    def merge(self, other: ReminderChanges) -> None:
        self.pending += other.pending
        self.cancelled += other.cancelled


async def plan_reminders(
    session: AsyncSession, meeting: Meeting, offsets: Sequence[timedelta], *, now: datetime
) -> ReminderChanges:
    """Bring a meeting's reminders in line with its start time and the offsets.

    Idempotent. Pending reminders of another start (the meeting moved), of a
    dropped offset, or of a cancelled meeting are cancelled; each wanted offset
    gets a row, pending or (already past) skipped. Reminders already sent,
    missed or skipped stay as they are.
    """
    rows = list(await session.scalars(select(Reminder).where(Reminder.meeting_id == meeting.id)))
    wanted = set() if meeting.is_cancelled else {int(o.total_seconds()) for o in offsets}
    changes = ReminderChanges()
    for row in rows:
        stale = row.meeting_starts_at != meeting.starts_at or row.offset_seconds not in wanted
        if row.status is ReminderStatus.PENDING and stale:
            # Conditional, like the claim: a wake-up that took it meanwhile keeps it.
            result = await session.execute(
                update(Reminder)
                .where(Reminder.id == row.id, Reminder.status == ReminderStatus.PENDING)
                .values(status=ReminderStatus.CANCELLED, updated_at=now, finished_at=now)
                .execution_options(synchronize_session=False)
            )
            await session.refresh(row)
            if result.rowcount == 1:
                changes.cancelled.append(row.id)
    if meeting.is_cancelled:
        await session.flush()
        return changes
    existing = {(r.meeting_starts_at, r.offset_seconds): r for r in rows}
    for seconds in sorted(wanted, reverse=True):
        due_at = meeting.starts_at - timedelta(seconds=seconds)
        row = existing.get((meeting.starts_at, seconds))
        if row is None:
            row = Reminder(
                kampung_id=meeting.kampung_id,
                meeting_id=meeting.id,
                meeting_starts_at=meeting.starts_at,
                offset_seconds=seconds,
                due_at=due_at,
                status=initial_status(due_at, now),
                created_at=now,
                updated_at=now,
            )
            session.add(row)
        elif row.status is ReminderStatus.CANCELLED:
            # Moved back to a start planned before, or an offset restored.
            _set_status(row, initial_status(due_at, now), now)
            row.finished_at = None
        if row.status is ReminderStatus.PENDING:
            changes.pending.append(row)
    await session.flush()
    return changes


def _set_status(reminder: Reminder, status: ReminderStatus, now: datetime) -> None:
    reminder.status = status
    reminder.updated_at = now
    if status not in (ReminderStatus.PENDING, ReminderStatus.SENDING):
        reminder.finished_at = now


async def meetings_to_reconcile(
    session: AsyncSession, kampung_id: int, now: datetime
) -> Sequence[Meeting]:
    """Meetings whose reminders may need planning: scheduled ahead, or with some pending."""
    with_pending = select(Reminder.meeting_id).where(
        Reminder.kampung_id == kampung_id, Reminder.status == ReminderStatus.PENDING
    )
    result = await session.scalars(
        select(Meeting)
        .where(
            Meeting.kampung_id == kampung_id,
            ((Meeting.status == MeetingStatus.SCHEDULED) & (Meeting.starts_at > now))
            | Meeting.id.in_(with_pending),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return result.all()


async def reconcile_reminders(
    session: AsyncSession, kampung: Kampung, offsets: Sequence[timedelta], *, now: datetime
) -> ReminderChanges:
    """Plan every meeting that needs it (start-up: offsets may have changed meanwhile)."""
    changes = ReminderChanges()
    for meeting in await meetings_to_reconcile(session, kampung.id, now):
        if meeting.is_cancelled or meeting.starts_at > now:
            changes.merge(await plan_reminders(session, meeting, offsets, now=now))
    return changes


# --- queries -------------------------------------------------------------------------


async def reminder_kampung_id(session: AsyncSession, reminder_id: int) -> int | None:
    return await session.scalar(select(Reminder.kampung_id).where(Reminder.id == reminder_id))


async def pending_reminders(session: AsyncSession, kampung_id: int) -> Sequence[Reminder]:
    result = await session.scalars(
        select(Reminder)
        .where(Reminder.kampung_id == kampung_id, Reminder.status == ReminderStatus.PENDING)
        .order_by(Reminder.due_at, Reminder.id)
    )
    return result.all()


async def overdue_reminders(
    session: AsyncSession, kampung_id: int, now: datetime
) -> Sequence[Reminder]:
    result = await session.scalars(
        select(Reminder)
        .where(
            Reminder.kampung_id == kampung_id,
            Reminder.status == ReminderStatus.PENDING,
            Reminder.due_at <= now,
        )
        .order_by(Reminder.due_at, Reminder.id)
    )
    return result.all()


async def interrupted_reminders(session: AsyncSession, kampung_id: int) -> Sequence[Reminder]:
    """Reminders whose broadcast was going out when the process stopped."""
    result = await session.scalars(
        select(Reminder)
        .where(Reminder.kampung_id == kampung_id, Reminder.status == ReminderStatus.SENDING)
        .order_by(Reminder.due_at, Reminder.id)
    )
    return result.all()


async def reminders_of(session: AsyncSession, meeting_id: int) -> Sequence[Reminder]:
    result = await session.scalars(
        select(Reminder)
        .where(Reminder.meeting_id == meeting_id)
        .order_by(Reminder.meeting_starts_at, Reminder.due_at, Reminder.id)
    )
    return result.all()


# --- sending ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReminderRun:
    """A reminder the bot woke up for, and what became of it."""

    reminder: Reminder
    meeting: Meeting | None
    verdict: Verdict
    broadcast_id: int | None = None


async def begin_reminder(
    session: AsyncSession, kampung: Kampung, reminder_id: int, *, now: datetime
) -> ReminderRun | None:
    """Take a pending reminder due now: say whether to send it, or close it.

    None when it is not pending any more (another run took it). The claim is
    one conditional update, so two wake-ups for one reminder cannot both send.
    With ``Verdict.SEND`` the reminder is ``sending`` until ``hand_over``, in
    the same transaction, writes its broadcast to the outbox.
    """
    reminder = await session.get(Reminder, reminder_id)
    if reminder is None or reminder.status is not ReminderStatus.PENDING:
        return None
    meeting = await get_meeting(session, kampung.id, reminder.meeting_id)
    found = verdict(
        due_at=reminder.due_at,
        planned_start=reminder.meeting_starts_at,
        meeting=meeting,
        now=now,
    )
    if found is Verdict.EARLY:
        return ReminderRun(reminder, meeting, found)
    claimed = await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == ReminderStatus.PENDING)
        .values(status=ReminderStatus.SENDING, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return None
    await session.refresh(reminder)
    if found is Verdict.MISSED:
        _set_status(reminder, ReminderStatus.MISSED, now)
        return ReminderRun(reminder, meeting, found)
    if found is Verdict.CANCELLED or meeting is None:
        _set_status(reminder, ReminderStatus.CANCELLED, now)
        return ReminderRun(reminder, meeting, Verdict.CANCELLED)
    return ReminderRun(reminder, meeting, found)


async def hand_over(
    session: AsyncSession,
    kampung: Kampung,
    run: ReminderRun,
    message: Outgoing,
    *,
    now: datetime,
) -> Broadcast:
    """Write the reminder's broadcast to the outbox; the reminder is then sent.

    Recipients: the group and every active member, except those who answered
    "tidak hadir". It is never sent after the meeting started.
    """
    assert run.meeting is not None
    assert run.verdict is Verdict.SEND
    message = replace(message, not_after=run.meeting.starts_at)
    broadcast = await plan_broadcast(
        session,
        kampung,
        run.meeting,
        BroadcastKind.REMINDER,
        message,
        now=now,
        skip_answer=RsvpAnswer.NO,
    )
    run.reminder.broadcast_id = broadcast.id
    _set_status(run.reminder, ReminderStatus.SENT, now)
    await session.flush()
    return broadcast


async def miss_reminder_of(session: AsyncSession, broadcast_id: int, *, now: datetime) -> None:
    """Its broadcast could not go before the meeting started: the reminder was missed."""
    await session.execute(
        update(Reminder)
        .where(Reminder.broadcast_id == broadcast_id)
        .values(status=ReminderStatus.MISSED, updated_at=now, finished_at=now)
        .execution_options(synchronize_session=False)
    )


async def miss_reminder(session: AsyncSession, reminder_id: int, *, now: datetime) -> bool:
    """Close a pending reminder as missed; False if it was not pending."""
    result = await session.execute(
        update(Reminder)
        .where(Reminder.id == reminder_id, Reminder.status == ReminderStatus.PENDING)
        .values(status=ReminderStatus.MISSED, updated_at=now, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def finish_reminder(
    session: AsyncSession, reminder_id: int, status: ReminderStatus, *, now: datetime
) -> None:
    reminder = await session.get_one(Reminder, reminder_id)
    _set_status(reminder, status, now)


async def reminder_broadcast(session: AsyncSession, reminder: Reminder) -> Broadcast | None:
    if reminder.broadcast_id is None:
        return None
    return await session.get(Broadcast, reminder.broadcast_id)


# --- quarter nudge ------------------------------------------------------------------------


async def nudge_sent(session: AsyncSession, kampung_id: int, quarter: Quarter) -> bool:
    found = await session.scalar(
        select(QuarterNudge.id).where(
            QuarterNudge.kampung_id == kampung_id,
            QuarterNudge.year == quarter.year,
            QuarterNudge.quarter == quarter.number,
        )
    )
    return found is not None


async def record_nudge(
    session: AsyncSession, kampung_id: int, quarter: Quarter, *, now: datetime
) -> bool:
    """Note that the nudge for ``quarter`` goes out; False if it already went.

    Recorded before the send: a crash in between loses that nudge rather than
    doubling it (the unique constraint backs this up).
    """
    if await nudge_sent(session, kampung_id, quarter):
        return False
    session.add(
        QuarterNudge(kampung_id=kampung_id, year=quarter.year, quarter=quarter.number, sent_at=now)
    )
    await session.flush()
    return True
