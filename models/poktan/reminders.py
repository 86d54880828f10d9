"""Reminders of a planned Poktan session, and the chair's prompt to complete it.

When a chair plans a session ahead, three rows are written with it (those whose time
has not passed yet):

- ``day_before``: the day before at ``DAY_BEFORE_AT`` (16.00) in the kampung's zone,
- ``soon``: ``SOON_BEFORE`` (2 hours) before it starts,

both to the group's cadres (``cadre_ids``); and

- ``complete``: ``COMPLETE_AFTER`` (3 hours) after its start, to its chairs: "it took
  place? record who came" (with the button that completes it into a held session).

The rows are the truth, as ``models/reminder.py``'s are for meetings: the scheduler
only wakes the bot at ``due_at`` (scheduler/poktan_reminders.py), and each row is taken
once (``take``: one conditional UPDATE pending → sent). Its message goes through the
outbox (``plan_to_members``), never sent inside the transaction. A reminder taken after
its session started is missed instead (never sent late); a deleted session takes its
rows with it, and the deliveries still pending of its reminders are dropped.

Life of a row::

    pending ──(due, session still planned and ahead)──> sent (its broadcast written)
       └──(due too late, or the session was held or cancelled meanwhile)──> missed
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ForeignKey, Index, UniqueConstraint, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column
from models.broadcast import Broadcast, Delivery, DeliveryStatus
from models.member import Member, MemberStatus
from models.poktan.groups import PoktanChair, PoktanGroup
from models.poktan.kinds import KIND_OF_MEMBER_POKTAN
from models.poktan.sessions import PoktanSession, SessionStatus

DAY_BEFORE_AT = time(16, 0)  # local time, the day before the session
SOON_BEFORE = timedelta(hours=2)
COMPLETE_AFTER = timedelta(hours=3)


class PoktanReminderKind(enum.StrEnum):
    DAY_BEFORE = "day_before"
    SOON = "soon"
    COMPLETE = "complete"  # to the chairs: record who came


class PoktanReminderStatus(enum.StrEnum):
    PENDING = "pending"
    SENT = "sent"
    MISSED = "missed"


class PoktanReminder(Base):
    __tablename__ = "poktan_reminder"
    __table_args__ = (
        UniqueConstraint("session_id", "kind"),
        Index("ix_poktan_reminder_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("poktan_session.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[PoktanReminderKind] = mapped_column(enum_column(PoktanReminderKind, 16))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[PoktanReminderStatus] = mapped_column(enum_column(PoktanReminderStatus, 16))
    broadcast_id: Mapped[int | None] = mapped_column(
        ForeignKey("broadcast.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def due_times(starts_at: datetime, tz: ZoneInfo) -> dict[PoktanReminderKind, datetime]:
    """When each reminder of a session starting at ``starts_at`` falls due (aware, UTC)."""
    local_day = starts_at.astimezone(tz).date() - timedelta(days=1)
    day_before = datetime.combine(local_day, DAY_BEFORE_AT, tzinfo=tz)
    return {
        PoktanReminderKind.DAY_BEFORE: day_before.astimezone(starts_at.tzinfo),
        PoktanReminderKind.SOON: starts_at - SOON_BEFORE,
        PoktanReminderKind.COMPLETE: starts_at + COMPLETE_AFTER,
    }


async def plan_reminders(
    session: AsyncSession, record: PoktanSession, tz: ZoneInfo, *, now: datetime
) -> list[PoktanReminder]:
    """The reminder rows of a session just planned (those still ahead)."""
    assert record.starts_at is not None
    rows = [
        PoktanReminder(
            session_id=record.id,
            kind=kind,
            due_at=due_at,
            status=PoktanReminderStatus.PENDING,
            created_at=now,
        )
        for kind, due_at in due_times(record.starts_at, tz).items()
        if due_at > now
    ]
    session.add_all(rows)
    await session.flush()
    return rows


async def cadre_ids(session: AsyncSession, group: PoktanGroup) -> list[int]:
    """Whom a group's session reminders go to: the kampung's active members whose Poktan
    field names the group's kind (in its RTs, if it lists any), and its chairs."""
    poktans = [p for p, kind in KIND_OF_MEMBER_POKTAN.items() if kind is group.kind]
    cadres = (Member.poktan.in_(poktans)) & (
        Member.rt.in_(group.rt_list) if group.rt_list else Member.id.is_not(None)
    )
    chairs = select(PoktanChair.member_id).where(PoktanChair.group_id == group.id)
    rows = await session.scalars(
        select(Member.id)
        .where(
            Member.kampung_id == group.kampung_id,
            Member.status == MemberStatus.ACTIVE,
            Member.telegram_id.is_not(None),
            or_(cadres, Member.id.in_(chairs)),
        )
        .order_by(Member.id)
    )
    return list(rows)


async def chair_ids(session: AsyncSession, group_id: int) -> list[int]:
    rows = await session.scalars(
        select(PoktanChair.member_id).where(PoktanChair.group_id == group_id)
    )
    return list(rows)


async def due_reminders(session: AsyncSession, now: datetime) -> list[PoktanReminder]:
    """Pending rows whose time has come (every kampung), oldest first."""
    rows = await session.scalars(
        select(PoktanReminder)
        .where(
            PoktanReminder.status == PoktanReminderStatus.PENDING,
            PoktanReminder.due_at <= now,
        )
        .order_by(PoktanReminder.due_at, PoktanReminder.id)
    )
    return list(rows)


async def pending_reminders(session: AsyncSession) -> list[PoktanReminder]:
    rows = await session.scalars(
        select(PoktanReminder)
        .where(PoktanReminder.status == PoktanReminderStatus.PENDING)
        .order_by(PoktanReminder.due_at, PoktanReminder.id)
    )
    return list(rows)


async def take(
    session: AsyncSession, reminder_id: int, *, now: datetime
) -> tuple[PoktanReminder, PoktanSession, bool] | None:
    """Take one due pending row: (row, its session, send?) — ``send`` False marks it
    missed (the session started, was held or cancelled). None: not pending or not due,
    or taken by another run already (one conditional UPDATE: taken once)."""
    row = await session.get(PoktanReminder, reminder_id, populate_existing=True)
    if row is None or row.status is not PoktanReminderStatus.PENDING or row.due_at > now:
        return None
    record = await session.get(PoktanSession, row.session_id)
    if record is None:
        return None
    send = record.status is SessionStatus.PLANNED and (
        row.kind is PoktanReminderKind.COMPLETE
        or (record.starts_at is not None and now < record.starts_at)
    )
    status = PoktanReminderStatus.SENT if send else PoktanReminderStatus.MISSED
    changed = await session.execute(
        update(PoktanReminder)
        .where(
            PoktanReminder.id == reminder_id,
            PoktanReminder.status == PoktanReminderStatus.PENDING,
        )
        .values(status=status, finished_at=now)
        .returning(PoktanReminder.id),
        execution_options={"synchronize_session": "fetch"},
    )
    if changed.first() is None:
        return None
    return row, record, send


def attach_broadcast(row: PoktanReminder, broadcast: Broadcast) -> None:
    row.broadcast_id = broadcast.id


async def drop_session_deliveries(session: AsyncSession, session_id: int, *, now: datetime) -> int:
    """A planned session is deleted: what its reminders still had to send is not sent."""
    broadcasts = select(PoktanReminder.broadcast_id).where(
        PoktanReminder.session_id == session_id, PoktanReminder.broadcast_id.is_not(None)
    )
    result = await session.execute(
        update(Delivery)
        .where(
            Delivery.status == DeliveryStatus.PENDING,
            Delivery.broadcast_id.in_(broadcasts),
        )
        .values(status=DeliveryStatus.DROPPED, updated_at=now, last_error="session deleted")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def reminder_ids(rows: Sequence[PoktanReminder]) -> list[tuple[int, datetime]]:
    return [(row.id, row.due_at) for row in rows]
