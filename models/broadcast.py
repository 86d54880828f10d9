"""The outbox: broadcasts (one message to many chats) and one delivery per recipient.

Every fan-out of the bot is a ``Broadcast`` written in the same transaction as
the change it tells of (a meeting saved, cancelled, a reminder due …), carrying
its final text and buttons, the cutoff after which it is stale, and whom its
summary goes to. The delivery worker (``delivery/``) sends the deliveries and
records each answer (its side of the outbox is ``models/outbox_sending.py``, re-exported
here); the database is the record of who was told what.

Life of a delivery::

    pending ──claim──> sending ──answer──> sent | failed | blocked
       │                  └──(process killed)──> pending again at the next start
       ├──(meeting cancelled or changed, member erased, said "tidak hadir")──> dropped
       └──(cutoff passed before it could go)──> expired
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    BindParameter,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    Select,
    String,
    Text,
    UniqueConstraint,
    bindparam,
    case,
    exists,
    func,
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
from models.member import Member, MemberRole, MemberStatus


class BroadcastKind(enum.StrEnum):
    ANNOUNCEMENT = "announcement"
    CHANGE = "change"
    CANCELLATION = "cancellation"
    REMINDER = "reminder"
    ATTENDANCE = "attendance"
    NUDGE = "nudge"  # the quarter nudge to the admins
    APPROVAL = "approval"  # a registration waiting, to the admins
    NOTICE = "notice"  # one message to one person or to the admins
    REPORT = "report"  # a broadcast's summary to whoever started it
    SHARE = "share"  # a broadcast's WhatsApp version, just before its summary
    POKTAN_MONTH = "poktan_month"  # a Poktan chair's monthly register, and its reminders
    POKTAN_REPORT = "poktan_report"  # a Poktan register for the PKB, the list still missing
    POKTAN = "poktan"  # a Poktan session's reminder (models/poktan/reminders.py)


# Sent before any bulk broadcast: a person is waiting on these.
URGENT_KINDS = frozenset(
    {
        BroadcastKind.APPROVAL,
        BroadcastKind.NOTICE,
        BroadcastKind.REPORT,
        BroadcastKind.NUDGE,
        BroadcastKind.SHARE,
    }
)


# Paperwork: sent after every message about a meeting, whenever it was written. On the
# 1st of the month thousands of registers go out; a meeting reminder falling due then
# must not wait behind them (issue 18).
PAPERWORK_KINDS = frozenset({BroadcastKind.POKTAN_MONTH, BroadcastKind.POKTAN_REPORT})
URGENT, ABOUT_MEETINGS, PAPERWORK = 0, 1, 2  # sending tiers, the first goes first


def sending_tier(kind: BroadcastKind) -> int:
    """Which goes first: read from the outbox in this order (``due_deliveries``), and
    given the rate limiter's turns in it too (``delivery/limiter.py``)."""
    if kind in URGENT_KINDS:
        return URGENT
    return PAPERWORK if kind in PAPERWORK_KINDS else ABOUT_MEETINGS


class DeliveryStatus(enum.StrEnum):
    PENDING = "pending"
    SENDING = "sending"  # claimed: a send is (or was, before a crash) in flight
    SENT = "sent"
    FAILED = "failed"
    BLOCKED = "blocked"  # the member blocked the bot; never retried
    DROPPED = "dropped"  # no longer wanted: cancelled, changed, erased, declined
    EXPIRED = "expired"  # its cutoff passed before it could go: never sent late


SETTLED = frozenset(
    {
        DeliveryStatus.SENT,
        DeliveryStatus.FAILED,
        DeliveryStatus.BLOCKED,
        DeliveryStatus.DROPPED,
        DeliveryStatus.EXPIRED,
    }
)


class Broadcast(Base):
    __tablename__ = "broadcast"

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    kind: Mapped[BroadcastKind] = mapped_column(enum_column(BroadcastKind, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The message as sent (HTML text and inline keyboard as Bot API JSON).
    text: Mapped[str | None] = mapped_column(Text)
    markup: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # Alternative texts by variant key (a recipient's RSVP answer): the card she
    # gets shows her answer instead of asking for it.
    variants: Mapped[dict[str, str] | None] = mapped_column(JSON)
    # Its WhatsApp version (plain text): sent after the summary, to the same people.
    share: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(200))
    note: Mapped[str | None] = mapped_column(Text)
    not_after: Mapped[datetime | None] = mapped_column(UTCDateTime())
    report_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    report_admins: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    resumed: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class Delivery(Base):
    __tablename__ = "delivery"
    __table_args__ = (
        UniqueConstraint("broadcast_id", "chat_id"),
        Index("ix_delivery_status_broadcast", "status", "broadcast_id"),
        # A pressed button finds the broadcast of the message it is on.
        Index("ix_delivery_chat_message", "chat_id", "message_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    broadcast_id: Mapped[int] = mapped_column(ForeignKey("broadcast.id", ondelete="CASCADE"))
    # None for the kampung's group chat.
    member_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    # None once the member erased his data.
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[DeliveryStatus] = mapped_column(enum_column(DeliveryStatus, 16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    # The key into ``Broadcast.variants`` this recipient gets (None: ``Broadcast.text``).
    variant: Mapped[str | None] = mapped_column(String(16))
    last_error: Mapped[str | None] = mapped_column(String(300))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class Outgoing:
    """What a broadcast says and how it is handled, fixed when it is written."""

    text: str
    markup: dict[str, Any] | None = None
    label: str | None = None  # the summary's name for it (default: by kind)
    note: str | None = None  # a line added to the summary
    not_after: datetime | None = None  # stale from then on: expired, never sent late
    report_chat_id: int | None = None  # the summary goes to this chat …
    report_admins: bool = False  # … or to every active admin
    # Per-answer texts of a meeting broadcast: a member who answered the meeting's
    # RSVP gets ``variants[answer]`` (when present) instead of ``text``.
    variants: dict[str, str] | None = None
    share: str | None = None  # a WhatsApp version, sent with the summary (see Broadcast.share)


def _new_broadcast(
    kampung_id: int, meeting_id: int | None, kind: BroadcastKind, message: Outgoing, now: datetime
) -> Broadcast:
    return Broadcast(
        kampung_id=kampung_id,
        meeting_id=meeting_id,
        kind=kind,
        created_at=now,
        text=message.text,
        markup=message.markup,
        variants=message.variants,
        share=message.share,
        label=message.label,
        note=message.note,
        not_after=message.not_after,
        report_chat_id=message.report_chat_id,
        report_admins=message.report_admins,
        resumed=False,
    )


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


def _status_for(member_blocked: Any) -> Any:
    # A member who blocked the bot is recorded at once, without a wasted send.
    return case(
        (member_blocked.is_(True), literal(DeliveryStatus.BLOCKED.value)),
        else_=literal(DeliveryStatus.PENDING.value),
    )


def _variant_of(broadcast: Broadcast) -> Any:
    """The variant key per member: her RSVP answer to the broadcast's meeting, if the
    broadcast has per-answer texts (a scalar subquery), else NULL."""
    if not broadcast.variants or broadcast.meeting_id is None:
        return literal(None, String(16))
    return (
        select(Rsvp.answer)
        .where(Rsvp.meeting_id == broadcast.meeting_id, Rsvp.member_id == Member.id)
        .scalar_subquery()
    )


async def _add_member_deliveries(
    session: AsyncSession, broadcast: Broadcast, audience: Any, now: datetime
) -> None:
    """One delivery per member matching ``audience`` (one INSERT … SELECT)."""
    recipients = select(
        literal(broadcast.id),
        Member.id,
        Member.telegram_id,
        _status_for(Member.blocked_bot),
        literal(0),
        literal(now, UTCDateTime()),
        _variant_of(broadcast),
    ).where(Member.kampung_id == broadcast.kampung_id, Member.telegram_id.is_not(None), audience)
    # A kampung of thousands is planned in milliseconds, without loading every
    # member or holding the write lock for long.
    await session.execute(
        insert(Delivery).from_select(
            ["broadcast_id", "member_id", "chat_id", "status", "attempts", "updated_at", "variant"],
            recipients.order_by(Member.id),
        )
    )


async def plan_broadcast(
    session: AsyncSession,
    kampung: Kampung,
    meeting: Meeting | None,
    kind: BroadcastKind,
    message: Outgoing,
    *,
    now: datetime,
    skip_answer: RsvpAnswer | None = None,
) -> Broadcast:
    """Write a broadcast about a meeting, with one pending delivery per recipient.

    Recipients: the kampung's group (if bound), every active member, and for a
    change or cancellation of a meeting everyone who was told of it before (even
    if no longer active). Members whose RSVP is ``skip_answer`` are left out.
    """
    broadcast = _new_broadcast(
        kampung.id, meeting.id if meeting is not None else None, kind, message, now
    )
    session.add(broadcast)
    await session.flush()

    if kampung.group_chat_id is not None:
        session.add(_delivery(broadcast.id, None, kampung.group_chat_id, now))
        await session.flush()  # the group's delivery goes first

    audience = Member.status == MemberStatus.ACTIVE
    if meeting is not None and kind in (BroadcastKind.CHANGE, BroadcastKind.CANCELLATION):
        audience = audience | Member.id.in_(_told_members(meeting.id))
    if meeting is not None and skip_answer is not None:
        audience = audience & ~exists().where(
            Rsvp.meeting_id == meeting.id,
            Rsvp.member_id == Member.id,
            Rsvp.answer == skip_answer,
        )
    await _add_member_deliveries(session, broadcast, audience, now)
    return broadcast


async def plan_to_admins(
    session: AsyncSession,
    kampung_id: int,
    kind: BroadcastKind,
    message: Outgoing,
    *,
    now: datetime,
) -> Broadcast:
    """Write a message to every active admin of the kampung."""
    broadcast = _new_broadcast(kampung_id, None, kind, message, now)
    session.add(broadcast)
    await session.flush()
    admins = (Member.status == MemberStatus.ACTIVE) & (Member.role == MemberRole.ADMIN)
    await _add_member_deliveries(session, broadcast, admins, now)
    return broadcast


async def plan_to_members(
    session: AsyncSession,
    kampung_id: int,
    kind: BroadcastKind,
    member_ids: Collection[int],
    message: Outgoing,
    *,
    now: datetime,
) -> Broadcast:
    """Write a message to these members of the kampung (the active ones with Telegram),
    e.g. a Poktan group's cadres."""
    broadcast = _new_broadcast(kampung_id, None, kind, message, now)
    session.add(broadcast)
    await session.flush()
    chosen = (Member.status == MemberStatus.ACTIVE) & Member.id.in_(list(member_ids))
    await _add_member_deliveries(session, broadcast, chosen, now)
    return broadcast


async def plan_to_chat(
    session: AsyncSession,
    kampung_id: int,
    kind: BroadcastKind,
    chat_id: int,
    message: Outgoing,
    *,
    member_id: int | None = None,
    now: datetime,
) -> Broadcast:
    """Write a message to one chat (a member's private chat, or an admin's)."""
    broadcast = _new_broadcast(kampung_id, None, kind, message, now)
    session.add(broadcast)
    await session.flush()
    session.add(_delivery(broadcast.id, member_id, chat_id, now))
    await session.flush()
    return broadcast


async def plan_to_chats(
    session: AsyncSession,
    kind: BroadcastKind,
    letters: Sequence[tuple[int, int, int | None, Outgoing]],
    *,
    now: datetime,
) -> list[Broadcast]:
    """Write a message of its own to each chat: ``(kampung id, chat id, member id,
    message)``, as ``plan_to_chat`` each, in two INSERTs for all on PostgreSQL (the
    registers of many kampungs on the 1st)."""
    broadcasts = [
        _new_broadcast(kampung_id, None, kind, message, now)
        for kampung_id, _, _, message in letters
    ]
    session.add_all(broadcasts)
    await session.flush()
    session.add_all(
        _delivery(broadcast.id, member_id, chat_id, now)
        for broadcast, (_, chat_id, member_id, _) in zip(broadcasts, letters, strict=True)
    )
    await session.flush()
    return broadcasts


def _delivery(broadcast_id: int, member_id: int | None, chat_id: int, now: datetime) -> Delivery:
    return Delivery(
        broadcast_id=broadcast_id,
        member_id=member_id,
        chat_id=chat_id,
        status=DeliveryStatus.PENDING,
        attempts=0,
        updated_at=now,
    )


async def recipient_count(session: AsyncSession, broadcast_id: int) -> int:
    """Members (not the group) a broadcast will try to reach."""
    found = await session.scalar(
        select(func.count(Delivery.id)).where(
            Delivery.broadcast_id == broadcast_id,
            Delivery.member_id.is_not(None),
            Delivery.status == DeliveryStatus.PENDING,
        )
    )
    return int(found or 0)


# --- stopping what is no longer wanted ---------------------------------------------


def _drop(where: Any, now: datetime | BindParameter[datetime], reason: str) -> Any:
    return (
        update(Delivery)
        .where(Delivery.status == DeliveryStatus.PENDING, where)
        .values(status=DeliveryStatus.DROPPED, updated_at=now, last_error=reason)
        .execution_options(synchronize_session=False)
    )


def _unfinished_of_meeting(
    meeting_id: int | BindParameter[int], kinds: Collection[BroadcastKind] | None
) -> Any:
    query = select(Broadcast.id).where(
        Broadcast.meeting_id == meeting_id, Broadcast.finished_at.is_(None)
    )
    if kinds is not None:
        query = query.where(Broadcast.kind.in_(list(kinds)))
    return query


async def drop_meeting_deliveries(
    session: AsyncSession, meeting_id: int, *, now: datetime, reason: str
) -> int:
    """A meeting was changed or cancelled: what was still to be sent about it is not.

    Call before planning the new notice, in the same transaction.
    """
    result = await session.execute(
        _drop(Delivery.broadcast_id.in_(_unfinished_of_meeting(meeting_id, None)), now, reason)
    )
    return result.rowcount


# Built once: every "tidak hadir" press runs it (issue 20).
_DROP_REMINDERS_FOR = _drop(
    Delivery.broadcast_id.in_(
        _unfinished_of_meeting(bindparam("of_meeting"), [BroadcastKind.REMINDER])
    )
    & (Delivery.member_id == bindparam("of_member")),
    bindparam("now"),
    "declined",
)


async def drop_reminders_for(
    session: AsyncSession, meeting_id: int, member_id: int, *, now: datetime
) -> int:
    """A member said "tidak hadir": no more reminders of that meeting, even one under way
    (the pending deliveries of its unfinished reminders, as ``_drop`` drops them)."""
    values = {"of_meeting": meeting_id, "of_member": member_id, "now": now}
    result = await session.execute(_DROP_REMINDERS_FOR, values)
    return result.rowcount


async def forget_member(session: AsyncSession, member_id: int, *, now: datetime) -> None:
    """Erasure: drop the member's pending deliveries and remove his chat id everywhere."""
    await session.execute(_drop(Delivery.member_id == member_id, now, "erased"))
    await session.execute(
        update(Delivery)
        .where(Delivery.member_id == member_id)
        .values(chat_id=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def forget_chat(session: AsyncSession, chat_id: int) -> None:
    """Remove a chat id from the summaries' addresses (erasure)."""
    await session.execute(
        update(Broadcast)
        .where(Broadcast.report_chat_id == chat_id)
        .values(report_chat_id=None)
        .execution_options(synchronize_session=False)
    )


async def move_group_deliveries(session: AsyncSession, old_chat_id: int, new_chat_id: int) -> None:
    """The group got a new id: pending and in-flight deliveries follow it."""
    await session.execute(
        update(Delivery)
        .where(
            Delivery.chat_id == old_chat_id,
            Delivery.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
        )
        .values(chat_id=new_chat_id)
        .execution_options(synchronize_session=False)
    )


# --- cards already sent ----------------------------------------------------------------

CARD_KINDS = (BroadcastKind.ANNOUNCEMENT, BroadcastKind.CHANGE, BroadcastKind.REMINDER)


@dataclass(frozen=True)
class SentCard:
    """A meeting card as it went to a chat: where it is and what it says."""

    broadcast_id: int
    chat_id: int
    message_id: int
    text: str
    markup: dict[str, Any] | None


async def group_card(session: AsyncSession, meeting_id: int) -> SentCard | None:
    """The newest card about ``meeting_id`` the group received (its tally is kept current)."""
    row = (
        await session.execute(
            select(
                Broadcast.id,
                Delivery.chat_id,
                Delivery.message_id,
                Broadcast.text,
                Broadcast.markup,
            )
            .join(Broadcast, Broadcast.id == Delivery.broadcast_id)
            .where(
                Broadcast.meeting_id == meeting_id,
                Broadcast.kind.in_(list(CARD_KINDS)),
                Delivery.member_id.is_(None),
                Delivery.status == DeliveryStatus.SENT,
                Delivery.message_id.is_not(None),
                Delivery.chat_id.is_not(None),
            )
            .order_by(Broadcast.id.desc())
            .limit(1)
        )
    ).first()
    if row is None or row.text is None:
        return None
    return SentCard(row.id, row.chat_id, row.message_id, row.text, row.markup)


# The worker's side (claiming, recording, closing, the summary) is in
# ``models/outbox_sending.py``, which imports the names above; re-exported here, once they
# exist, for ``from models.broadcast import …``.
from models.outbox_sending import (  # noqa: E402, F401
    BroadcastSummary,
    Due,
    claim_delivery,
    close_settled,
    confirm_delivery,
    due_deliveries,
    expire_broadcast,
    fail_delivery,
    get_broadcast,
    get_broadcasts,
    redirect_delivery,
    requeue_interrupted,
    summarize_broadcast,
)
