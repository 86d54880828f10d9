"""Whether a pressed meeting card is out of date, in one statement (issue 20).

An RSVP press names its meeting; the message it came on is either a card the outbox
sent (an announcement, change or reminder: a ``Broadcast``) or a card shown by
``/jadwal``. Either is out of date once a change of the meeting was announced after it:
a broadcast older than the newest change, or a message dated before it. Before this
module the press asked with two statements (the message's broadcast, then the changes
after it); here the message's broadcast and the newest change come back in one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import Broadcast, BroadcastKind, Delivery

# Telegram dates are whole seconds: a message dated in the change's second may be older.
DATE_PRECISION = timedelta(seconds=1)


@dataclass(frozen=True)
class PressedCard:
    """What the press needs to know of the card it was made on."""

    broadcast_id: int | None  # the outbox's broadcast of this meeting it came from
    superseded: bool  # a change of the meeting was announced after it
    # That broadcast's card in each answer's version (to redraw hers without a read).
    variants: dict[str, str] | None = None


def _pressed_card_statement() -> Select[tuple[Any, ...]]:
    """Of the tables' own columns: a Core statement (see ``models/rsvp.py``)."""
    broadcast, delivery = Broadcast.__table__.c, Delivery.__table__.c
    newest_of_message = (
        select(broadcast.id, broadcast.meeting_id, broadcast.variants)
        .join_from(Broadcast.__table__, Delivery.__table__, delivery.broadcast_id == broadcast.id)
        .where(
            delivery.chat_id == bindparam("chat_id"),
            delivery.message_id == bindparam("message_id"),
        )
        .order_by(broadcast.id.desc())
        .limit(1)
        .subquery()
    )
    changes = select(func.max(broadcast.id), func.max(broadcast.created_at)).where(
        broadcast.meeting_id == bindparam("meeting_id"), broadcast.kind == BroadcastKind.CHANGE
    )
    return select(
        select(newest_of_message.c.id).scalar_subquery(),
        select(newest_of_message.c.meeting_id).scalar_subquery(),
        select(newest_of_message.c.variants).scalar_subquery(),
        changes.with_only_columns(func.max(broadcast.id)).scalar_subquery(),
        changes.with_only_columns(func.max(broadcast.created_at)).scalar_subquery(),
    )


# Built once: every RSVP press runs it (issue 20).
_PRESSED_CARD = _pressed_card_statement()


async def pressed_card(
    session: AsyncSession,
    meeting_id: int,
    chat_id: int,
    message_id: int,
    message_date: datetime,
) -> PressedCard:
    """The broadcast (if any) the pressed message came from, and whether it is stale."""
    values = {"meeting_id": meeting_id, "chat_id": chat_id, "message_id": message_id}
    row = (await session.execute(_PRESSED_CARD, values)).one()
    broadcast_id, broadcast_meeting, variants, last_change_id, last_change_at = row
    state = card_state(
        meeting_id, broadcast_id, broadcast_meeting, last_change_id, last_change_at, message_date
    )
    if state.broadcast_id is None:
        return state
    return PressedCard(state.broadcast_id, state.superseded, variants)


def card_state(
    meeting_id: int,
    broadcast_id: int | None,
    broadcast_meeting: int | None,
    last_change_id: int | None,
    last_change_at: datetime | None,
    message_date: datetime,
) -> PressedCard:
    """The rule, without the database: a broadcast of this meeting is stale when a change
    came after it; any other message when it is dated before the newest change."""
    if broadcast_id is not None and broadcast_meeting == meeting_id:
        return PressedCard(
            broadcast_id, last_change_id is not None and last_change_id > broadcast_id
        )
    stale = last_change_at is not None and message_date + DATE_PRECISION <= last_change_at
    return PressedCard(None, stale)
