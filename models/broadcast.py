"""Broadcasts (one announcement, change or reminder) and one delivery per recipient.

The database is the record of who was told what: a delivery is claimed before
it is sent and confirmed after, so a crash mid-broadcast leaves a precise
account of what went out, and a repeated run never sends a delivery twice.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    case,
    exists,
    insert,
    literal,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column
from models.kampung import Kampung
from models.meeting import Meeting, Rsvp, RsvpAnswer
from models.member import Member, MemberStatus, mark_blocked


class BroadcastKind(enum.StrEnum):
    ANNOUNCEMENT = "announcement"
    CHANGE = "change"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"
    ATTENDANCE = "attendance"


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed: a send is (or was, before a crash) in flight
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"  # the member blocked the bot; never retried


class Broadcast(Base):
    __tablename__ = "broadcast"

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    kind: Mapped[BroadcastKind] = mapped_column(enum_column(BroadcastKind, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The message as sent (HTML text and inline keyboard as Bot API JSON), kept so
    # that a broadcast cut off by a crash can be finished after a restart.
    text: Mapped[str | None] = mapped_column(Text)
    markup: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Delivery(Base):
    __tablename__ = "delivery"
    __table_args__ = (UniqueConstraint("broadcast_id", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcast.id", ondelete="CASCADE"))
    # None for the kampung's group chat.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus, 16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


# --- planning --------------------------------------------------------------------


def _told_members(meeting_id: int) -> Select[tuple[int | None]]:
    """Members who received anything about this meeting (a subquery)."""
    return (
        select(Delivery.member_id)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(
            Broadcast.meeting_id == meeting_id,
            Delivery.status == DeliveryStatus.SENT,
            Delivery.member_id.is_not(None),
        )
        .distinct()
    )


async def plan_broadcast(
    session: AsyncSession,
    kampung: Kampung,
    meeting: Meeting | None,
    kind: BroadcastKind,
    *,
    now: datetime,
    skip_answer: RsvpAnswer | None = None,
) -> Broadcast:
    """Create a broadcast with one pending delivery per recipient.

    Recipients: the kampung's group (if bound), every active member, and for a
    change or cancellation of a meeting everyone who was told of it before (even
    if no longer active). Members who blocked the bot get a ``blocked`` delivery at once, so
    the summary names them without a wasted send; members whose RSVP is
    ``skip_answer`` are left out.
    """
    broadcast = Broadcast(
        kampung_id=kampung.id,
        meeting_id=meeting.id if meeting is not None else None,
        kind=kind,
        created_at=now,
    )
    session.add(broadcast)
    await session.flush()

    if kampung.group_chat_id is not None:
        session.add(_delivery(broadcast, None, kampung.group_chat_id, now))
        await session.flush()  # the group's delivery goes first

    audience = Member.status == MemberStatus.ACTIVE
    if meeting is not None and kind in (BroadcastKind.CHANGE, BroadcastKind.CANCELLATION):
        audience = audience | Member.id.in_(_told_members(meeting.id))
    recipients = select(
        literal(broadcast.id),
        Member.id,
        Member.telegram_id,
        # A member who blocked the bot is recorded at once, without a wasted send.
        case(
            (Member.blocked_bot.is_(True), literal(DeliveryStatus.BLOCKED.value)),
            else_=literal(DeliveryStatus.PENDING.value),
        ),
        literal(0),
        literal(now, UTCDateTime()),
    ).where(Member.kampung_id == kampung.id, Member.telegram_id.is_not(None), audience)
    if meeting is not None and skip_answer is not None:
        recipients = recipients.where(
            ~exists().where(
                Rsvp.meeting_id == meeting.id,
                Rsvp.member_id == Member.id,
                Rsvp.answer == skip_answer,
            )
        )
    # One INSERT … SELECT: a kampung of thousands is planned in milliseconds,
    # without loading every member or holding the write lock for long.
    await session.execute(
        insert(Delivery).from_select(
            ["broadcast_id", "member_id", "chat_id", "status", "attempts", "updated_at"],
            recipients.order_by(Member.id),
        )
    )
    return broadcast


def _delivery(
    broadcast: Broadcast, member_id: int | None, chat_id: int | None, now: datetime
) -> Delivery:
    return Delivery(
        broadcast_id=broadcast.id,
        member_id=member_id,
        chat_id=chat_id,
        status=DeliveryStatus.PENDING,
        attempts=0,
        updated_at=now,
    )


# --- claiming and confirming ---------------------------------------------------------


async def pending_deliveries(session: AsyncSession, broadcast_id: int) -> list[tuple[int, int]]:
    """(delivery id, chat id) still to send, the group first."""
    rows = await session.execute(
        select(Delivery.id, Delivery.chat_id)
        .where(Delivery.broadcast_id == broadcast_id, Delivery.status == DeliveryStatus.PENDING)
        .order_by(Delivery.member_id.is_not(None), Delivery.id)
    )
    return [(delivery_id, chat_id) for delivery_id, chat_id in rows]


async def claim_delivery(session: AsyncSession, delivery_id: int, *, now: datetime) -> bool:
    """Mark a pending delivery as being sent; False if it is not pending any more."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.SENDING, attempts=Delivery.attempts + 1, updated_at=now)
    )
    return result.rowcount == 1


async def confirm_delivery(
    session: AsyncSession, delivery_id: int, message_id: int, *, now: datetime
) -> None:
    delivery = await session.get_one(Delivery, delivery_id)
    delivery.status = DeliveryStatus.SENT
    delivery.message_id = message_id
    delivery.sent_at = now
    delivery.updated_at = now
    delivery.last_error = None


async def fail_delivery(
    session: AsyncSession, delivery_id: int, error: str, *, blocked: bool, now: datetime
) -> None:
    """Record a failed send; a block also marks the member, who is skipped from now on."""
    delivery = await session.get_one(Delivery, delivery_id)
    delivery.status = DeliveryStatus.BLOCKED if blocked else DeliveryStatus.FAILED
    delivery.last_error = error[:300]
    delivery.updated_at = now
    if blocked and delivery.member_id is not None:
        member = await session.get(Member, delivery.member_id)
        if member is not None:
            mark_blocked(member, blocked=True, now=now)


async def requeue_interrupted(session: AsyncSession, broadcast_id: int, *, now: datetime) -> int:
    """Put deliveries left "sending" by a stopped process back in the queue.

    Each of them was claimed and then the process died before its outcome was
    written: the message was in flight, and may or may not have reached the
    chat. Sending it again is the only way not to lose it; at most this one
    message per broadcast can arrive twice (the README says so).
    """
    result = await session.execute(
        update(Delivery)
        .where(Delivery.broadcast_id == broadcast_id, Delivery.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.PENDING, updated_at=now, last_error="interrupted")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


async def add_attempts(session: AsyncSession, delivery_id: int, extra: int) -> None:
    """Count tries beyond the claim's (retries after 5xx, timeouts, 429) on a delivery."""
    if extra > 0:
        await session.execute(
            update(Delivery)
            .where(Delivery.id == delivery_id)
            .values(attempts=Delivery.attempts + extra)
            .execution_options(synchronize_session=False)
        )


async def remember_message(
    session: AsyncSession, broadcast_id: int, text: str, markup: dict[str, Any] | None
) -> None:
    """Keep the broadcast's message so it can be finished after a restart."""
    broadcast = await session.get_one(Broadcast, broadcast_id)
    if broadcast.text is None:
        broadcast.text = text
        broadcast.markup = markup


async def unfinished_broadcasts(session: AsyncSession, kampung_id: int) -> Sequence[Broadcast]:
    """Broadcasts a stopped process left half sent (reminders are resumed by their own rules)."""
    result = await session.scalars(
        select(Broadcast)
        .where(
            Broadcast.kampung_id == kampung_id,
            Broadcast.finished_at.is_(None),
            Broadcast.text.is_not(None),
            Broadcast.kind != BroadcastKind.REMINDER,
        )
        .order_by(Broadcast.id)
    )
    return result.all()


async def finish_broadcast(session: AsyncSession, broadcast_id: int, *, now: datetime) -> None:
    broadcast = await session.get_one(Broadcast, broadcast_id)
    broadcast.finished_at = now


# --- summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BroadcastSummary:
    sent: int
    failed: int
    blocked_names: Sequence[str]
    group_sent: bool | None  # None: no group bound

    @property
    def blocked(self) -> int:
        return len(self.blocked_names)


async def summarize_broadcast(session: AsyncSession, broadcast_id: int) -> BroadcastSummary:
    rows = await session.execute(
        select(Delivery.status, Delivery.member_id, Member.full_name)
        .outerjoin(Member, Member.id == Delivery.member_id)
        .where(Delivery.broadcast_id == broadcast_id)
        .order_by(Delivery.id)
    )
    sent = failed = 0
    blocked: list[str] = []
    group_sent: bool | None = None
    for status, member_id, name in rows:
        if member_id is None:
            group_sent = status is DeliveryStatus.SENT
        elif status is DeliveryStatus.SENT:
            sent += 1
        elif status is DeliveryStatus.BLOCKED:
            blocked.append(name or "(tanpa nama)")
        elif status is DeliveryStatus.FAILED:
            failed += 1
    return BroadcastSummary(sent, failed, blocked, group_sent)
