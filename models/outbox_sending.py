"""The sending side of the outbox: what the delivery worker (``delivery/``) does with it.

Reading the due deliveries in sending order, claiming one, recording Telegram's answer
(sent, failed, blocked), expiring what is too late, putting back what a killed process
left in flight, closing the broadcasts that are done, and a broadcast's summary. The
tables, the planning and the dropping are in ``models/broadcast.py``, which re-exports
these names.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, exists, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import (
    ABOUT_MEETINGS,
    PAPERWORK,
    PAPERWORK_KINDS,
    URGENT,
    URGENT_KINDS,
    Broadcast,
    Delivery,
    DeliveryStatus,
)
from models.member import Member, mark_blocked

# --- the worker's side: claiming and recording -------------------------------------


@dataclass(frozen=True)
class Due:
    """A delivery the worker may send."""

    delivery_id: int
    broadcast_id: int
    chat_id: int
    variant: str | None = None


async def due_deliveries(
    session: AsyncSession, *, limit: int, skip_chats: Collection[int] = ()
) -> list[Due]:
    """Pending deliveries in sending order: urgent kinds first, paperwork last, and in
    each tier the oldest broadcast first, the group before the members."""
    urgent = case(  # sending_tier, in SQL
        (Broadcast.kind.in_(list(URGENT_KINDS)), URGENT),
        (Broadcast.kind.in_(list(PAPERWORK_KINDS)), PAPERWORK),
        else_=ABOUT_MEETINGS,
    )
    query = (
        select(Delivery.id, Delivery.broadcast_id, Delivery.chat_id, Delivery.variant)
        .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
        .where(
            Delivery.status == DeliveryStatus.PENDING,
            Delivery.chat_id.is_not(None),
            Broadcast.finished_at.is_(None),
            Broadcast.text.is_not(None),
        )
        .order_by(urgent, Broadcast.id, Delivery.member_id.is_not(None), Delivery.id)
        .limit(limit)
    )
    if skip_chats:
        query = query.where(Delivery.chat_id.not_in(list(skip_chats)))
    rows = await session.execute(query)
    return [Due(*row) for row in rows]


async def claim_delivery(session: AsyncSession, delivery_id: int, *, now: datetime) -> bool:
    """Mark a pending delivery as being sent; False if it is not pending any more."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.SENDING, attempts=Delivery.attempts + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _settle(delivery_id: int, **values: Any) -> Any:
    # Only a delivery still "sending" takes its outcome: one dropped meanwhile
    # (erasure) keeps "dropped" and no chat id.
    return (
        update(Delivery)
        .where(Delivery.id == delivery_id, Delivery.status == DeliveryStatus.SENDING)
        .values(**values)
        .execution_options(synchronize_session=False)
    )


async def confirm_delivery(
    session: AsyncSession, delivery_id: int, message_id: int, *, extra_tries: int, now: datetime
) -> None:
    await session.execute(
        _settle(
            delivery_id,
            status=DeliveryStatus.SENT,
            message_id=message_id,
            sent_at=now,
            updated_at=now,
            last_error=None,
            attempts=Delivery.attempts + extra_tries,
        )
    )


async def fail_delivery(
    session: AsyncSession,
    delivery_id: int,
    error: str,
    *,
    blocked: bool,
    extra_tries: int,
    now: datetime,
) -> None:
    """Record a failed send; a block also marks the member, who is skipped from now on."""
    await session.execute(
        _settle(
            delivery_id,
            status=DeliveryStatus.BLOCKED if blocked else DeliveryStatus.FAILED,
            last_error=error[:300],
            updated_at=now,
            attempts=Delivery.attempts + extra_tries,
        )
    )
    if blocked:
        member_id = await session.scalar(
            select(Delivery.member_id).where(Delivery.id == delivery_id)
        )
        member = await session.get(Member, member_id) if member_id is not None else None
        if member is not None:
            mark_blocked(member, blocked=True, now=now)


async def redirect_delivery(session: AsyncSession, delivery_id: int, chat_id: int) -> None:
    await session.execute(
        update(Delivery)
        .where(Delivery.id == delivery_id)
        .values(chat_id=chat_id)
        .execution_options(synchronize_session=False)
    )


async def expire_broadcast(session: AsyncSession, broadcast_id: int, *, now: datetime) -> int:
    """Its cutoff passed: whatever is still pending will never go."""
    result = await session.execute(
        update(Delivery)
        .where(Delivery.broadcast_id == broadcast_id, Delivery.status == DeliveryStatus.PENDING)
        .values(status=DeliveryStatus.EXPIRED, updated_at=now, last_error="too late")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


async def requeue_interrupted(session: AsyncSession, *, now: datetime) -> int:
    """At start-up: put deliveries a killed process left "sending" back in the queue.

    Each was claimed and the process died before its answer was recorded: the
    message was in flight (or waiting for its turn) and may or may not have
    reached the chat. Sending it again is the only way not to lose it, so these,
    at most as many as were in flight, are the only ones that can arrive twice.
    """
    interrupted = select(Delivery.broadcast_id).where(Delivery.status == DeliveryStatus.SENDING)
    await session.execute(
        update(Broadcast)
        .where(Broadcast.id.in_(interrupted))
        .values(resumed=True)
        .execution_options(synchronize_session=False)
    )
    # One erased while in flight has no chat id left to send to: it is dropped, or it
    # would stay pending for ever and its broadcast never finish.
    await session.execute(
        update(Delivery)
        .where(Delivery.status == DeliveryStatus.SENDING, Delivery.chat_id.is_(None))
        .values(status=DeliveryStatus.DROPPED, updated_at=now, last_error="erased")
        .execution_options(synchronize_session=False)
    )
    result = await session.execute(
        update(Delivery)
        .where(Delivery.status == DeliveryStatus.SENDING)
        .values(status=DeliveryStatus.PENDING, updated_at=now, last_error="interrupted")
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


async def get_broadcast(session: AsyncSession, broadcast_id: int) -> Broadcast | None:
    return await session.get(Broadcast, broadcast_id)


async def get_broadcasts(session: AsyncSession, ids: Collection[int]) -> Sequence[Broadcast]:
    """These broadcasts, in one query (the worker reads a batch's texts at once)."""
    if not ids:
        return []
    result = await session.scalars(select(Broadcast).where(Broadcast.id.in_(list(ids))))
    return result.all()


async def close_settled(
    session: AsyncSession, *, now: datetime, among: Collection[int] | None = None
) -> list[Broadcast]:
    """Close every unfinished broadcast none of whose deliveries is still to send or in
    flight (of ``among`` only, if given), in one conditional UPDATE: two workers close
    each once. Returns the ones closed here, oldest first."""
    open_delivery = exists().where(
        Delivery.broadcast_id == Broadcast.id,
        Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
    )
    query = (
        update(Broadcast)
        .where(Broadcast.finished_at.is_(None), Broadcast.text.is_not(None), ~open_delivery)
        .values(finished_at=now)
        .returning(Broadcast)
    )
    if among is not None:
        if not among:
            return []
        query = query.where(Broadcast.id.in_(list(among)))
    result = await session.scalars(query, execution_options={"synchronize_session": False})
    return sorted(result.all(), key=lambda broadcast: broadcast.id)


# --- summary ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BroadcastSummary:
    sent: int
    failed: int
    blocked_names: Sequence[str]
    group_sent: bool | None  # None: no group bound
    expired: int = 0  # not sent: too late
    dropped: int = 0  # not sent: no longer wanted

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
    sent = failed = expired = dropped = 0
    blocked: list[str] = []
    group_sent: bool | None = None
    for status, member_id, name in rows:
        if member_id is None:
            if status is not DeliveryStatus.DROPPED:
                group_sent = status is DeliveryStatus.SENT
        elif status is DeliveryStatus.SENT:
            sent += 1
        elif status is DeliveryStatus.BLOCKED:
            blocked.append(name or "(tanpa nama)")
        elif status is DeliveryStatus.FAILED:
            failed += 1
        elif status is DeliveryStatus.EXPIRED:
            expired += 1
        elif status is DeliveryStatus.DROPPED:
            dropped += 1
    return BroadcastSummary(sent, failed, blocked, group_sent, expired, dropped)
