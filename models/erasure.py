"""Erasure: a person's name and Telegram id leave every table, in every kampung.

``/hapus_data`` erases the person (``erase_person``): each of her member rows, in
every kampung, loses name, Telegram id and consent (RT and Poktan stay, so past
tallies by RT and Poktan still add up), and so does everything else that holds them:

- the outbox: her deliveries are dropped or lose their chat id, summaries addressed
  to her lose the address, and kept texts that name her (a registration request to
  the secretaries, "… membuka tautan undangan", a summary listing who blocked the
  bot) have her name replaced; a text that carries her Telegram id is replaced whole
  (the name next to the id may be her Telegram display name, which the bot does not
  keep, so it cannot be cut out alone);
- ``kampung_choice``, ``kampung_admin`` (she is a secretary no more; an operator
  appoints her again if wanted), ``secretary_invite.used_by`` (and ``created_by``
  of an operator), the one-time links made for her rows, and the minutes or photos
  she sent that still wait for their meeting.

Kept as is: ``kampung_indicator.answered_by_id`` (who gave a classification answer), and
``poktan_card_answer.answered_by_id`` / ``poktan_card.sent_by_id`` (who answered or sent a
group's K/0 draft) point at the member row, which keeps no name or Telegram id once
erased; the answers themselves are the kampung's and the group's figures, not personal
data.

A secretary removing a cadre from ``/anggota`` erases that one member row the same
way (``remove_cadre``), in that kampung only.

Callers pass the texts that take the erased values' place (``Redaction``): models
never import the user-facing texts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any

from sqlalchemy import ColumnElement, Text, cast, delete, null, or_, select, true, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from models.broadcast import SETTLED, Broadcast, BroadcastKind, Delivery, DeliveryStatus
from models.kampung import Kampung, KampungAdmin, KampungChoice, SecretaryInvite
from models.meeting import Meeting
from models.member import (
    LinkResult,
    Member,
    MemberChange,
    MemberLink,
    erase_member,
    get_member,
    get_member_by_telegram_id,
    remove_member,
    use_link,
)
from models.minutes import MinutesWaiting
from models.poktan.groups import PoktanChair

# ``secretary_invite.created_by`` cannot be empty: an erased operator becomes this.
ERASED_TELEGRAM_ID = 0


@dataclass(frozen=True)
class Redaction:
    """What takes the place of erased values in the texts the outbox keeps."""

    name: str  # replaces her name where it appears
    message: str  # replaces a whole text that carries her Telegram id


@dataclass(frozen=True)
class PersonalData:
    """What ``/hapus_data`` would erase for one Telegram user (shown before she confirms)."""

    kampungs: Sequence[str]  # where she has a member row (any status but erased)
    secretary_of: Sequence[str]  # where she is listed as secretary

    @property
    def empty(self) -> bool:
        return not self.kampungs and not self.secretary_of


async def personal_data_of(session: AsyncSession, telegram_id: int) -> PersonalData:
    member_of = await _kampung_names(session, Member.kampung_id, Member.telegram_id, telegram_id)
    secretary_of = await _kampung_names(
        session, KampungAdmin.kampung_id, KampungAdmin.telegram_id, telegram_id
    )
    return PersonalData(member_of, secretary_of)


async def _kampung_names(
    session: AsyncSession,
    kampung: InstrumentedAttribute[Any],
    holder: InstrumentedAttribute[Any],
    telegram_id: int,
) -> list[str]:
    """The names of the kampungs with a row (``kampung``, ``holder``) holding her id."""
    names = await session.scalars(
        select(Kampung.name)
        .join(holder.class_, kampung == Kampung.id)
        .where(holder == telegram_id)
        .order_by(Kampung.name)
        .distinct()
    )
    return list(names)


async def erase_person(
    session: AsyncSession, telegram_id: int, *, redaction: Redaction, now: datetime
) -> PersonalData:
    """Erase everything the bot keeps about ``telegram_id`` (``/hapus_data``); return
    what there was. Runs in the caller's transaction: all of it or nothing."""
    found = await personal_data_of(session, telegram_id)
    members = await session.scalars(
        select(Member).where(Member.telegram_id == telegram_id).order_by(Member.id)
    )
    for member in list(members):
        await _erase_member_row(session, member, redaction=redaction, now=now)
    await session.execute(delete(KampungChoice).where(KampungChoice.telegram_id == telegram_id))
    await session.execute(delete(KampungAdmin).where(KampungAdmin.telegram_id == telegram_id))
    await session.execute(
        update(SecretaryInvite)
        .where(SecretaryInvite.used_by == telegram_id)
        .values(used_by=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(SecretaryInvite)
        .where(SecretaryInvite.created_by == telegram_id)
        .values(created_by=ERASED_TELEGRAM_ID)
        .execution_options(synchronize_session=False)
    )
    await _forget_chat(session, Delivery.chat_id == telegram_id, now=now)
    await session.execute(
        update(Broadcast)
        .where(Broadcast.report_chat_id == telegram_id)
        .values(report_chat_id=None)
        .execution_options(synchronize_session=False)
    )
    # Notices to operators name her by id, whichever kampung they were written for.
    await _redact_outbox(session, true(), None, telegram_id, redaction=redaction, now=now)
    await session.flush()
    return found


async def remove_cadre(
    session: AsyncSession, kampung_id: int, member_id: int, *, redaction: Redaction, now: datetime
) -> MemberChange:
    """A secretary removes a cadre from ``/anggota``: her row in this kampung is erased
    as with ``/hapus_data`` (only here: her rows in other kampungs are not this
    secretary's to erase). One conditional UPDATE decides, as for every change of a
    cadre; the rest follows only when it did."""
    member = await get_member(session, kampung_id, member_id)
    if member is None:
        return MemberChange.NOT_FOUND
    name, telegram_id = member.full_name, member.telegram_id
    result = await remove_member(session, kampung_id, member_id, now=now)
    if result is MemberChange.DONE:
        await _scrub_member_row(
            session, kampung_id, member_id, name, telegram_id, redaction=redaction, now=now
        )
    return result


async def forget_old_name(
    session: AsyncSession, kampung_id: int, old_name: str, *, redaction: Redaction, now: datetime
) -> None:
    """She changed her name (``/profil``): kept texts of her kampung lose the old one.

    An erasure knows only her current name; a text still naming her by an earlier one
    would survive it. Nothing queued is dropped: she is still a member."""
    await _redact_outbox(
        session,
        Broadcast.kampung_id == kampung_id,
        old_name,
        None,
        redaction=redaction,
        now=now,
        drop_approval=False,
    )


async def link_account(
    session: AsyncSession,
    kampung_id: int,
    code: str,
    *,
    telegram_id: int,
    consent_at: datetime,
    redaction: Redaction,
    now: datetime,
) -> tuple[LinkResult, Member | None]:
    """``use_link``, and her own registration that gives way to the secretary's row is
    erased completely: the request to approve it, with the name she typed, included."""
    own = await get_member_by_telegram_id(session, kampung_id, telegram_id)
    replaced = None if own is None else (own.id, own.full_name)
    result, member = await use_link(
        session, kampung_id, code, telegram_id=telegram_id, consent_at=consent_at, now=now
    )
    if result is LinkResult.LINKED and replaced is not None:
        own_id, own_name = replaced
        # Her id now belongs to the linked row: only the replaced row's traces go.
        await _scrub_member_row(
            session, kampung_id, own_id, own_name, None, redaction=redaction, now=now
        )
    return result, member


async def _erase_member_row(
    session: AsyncSession, member: Member, *, redaction: Redaction, now: datetime
) -> None:
    name, telegram_id = member.full_name, member.telegram_id
    erase_member(member, now=now)
    await session.flush()
    await _scrub_member_row(
        session, member.kampung_id, member.id, name, telegram_id, redaction=redaction, now=now
    )


async def _scrub_member_row(
    session: AsyncSession,
    kampung_id: int,
    member_id: int,
    name: str | None,
    telegram_id: int | None,
    *,
    redaction: Redaction,
    now: datetime,
) -> None:
    """Everything around an erased member row that still holds her name or id."""
    await _forget_chat(session, Delivery.member_id == member_id, now=now)
    await session.execute(delete(MemberLink).where(MemberLink.member_id == member_id))
    await session.execute(delete(MinutesWaiting).where(MinutesWaiting.member_id == member_id))
    # An erased chair chairs no more; the groups and their registers stay.
    await session.execute(delete(PoktanChair).where(PoktanChair.member_id == member_id))
    if telegram_id is not None:
        await session.execute(
            delete(KampungChoice).where(
                KampungChoice.telegram_id == telegram_id, KampungChoice.kampung_id == kampung_id
            )
        )
        await session.execute(
            delete(KampungAdmin).where(
                KampungAdmin.telegram_id == telegram_id, KampungAdmin.kampung_id == kampung_id
            )
        )
        await session.execute(
            update(SecretaryInvite)
            .where(SecretaryInvite.used_by == telegram_id, SecretaryInvite.kampung_id == kampung_id)
            .values(used_by=None)
            .execution_options(synchronize_session=False)
        )
    await _redact_outbox(
        session,
        Broadcast.kampung_id == kampung_id,
        name,
        telegram_id,
        redaction=redaction,
        now=now,
    )


async def _forget_chat(session: AsyncSession, where: ColumnElement[bool], *, now: datetime) -> None:
    """Deliveries to her: what was still to go is dropped, and none keeps her chat id."""
    await session.execute(
        update(Delivery)
        .where(Delivery.status == DeliveryStatus.PENDING, where)
        .values(status=DeliveryStatus.DROPPED, updated_at=now, last_error="erased")
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(Delivery)
        .where(where, Delivery.chat_id.is_not(None))
        .values(chat_id=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )


# --- the texts the outbox keeps -------------------------------------------------------------

_TEXT_COLUMNS = (Broadcast.text, Broadcast.share, Broadcast.label, Broadcast.note)
_JSON_COLUMNS = (Broadcast.markup, Broadcast.variants)


def _forms(value: str) -> set[str]:
    """How a value can be written in a kept text: as is, HTML-escaped, JSON-escaped."""
    return {value, escape(value, quote=False), json.dumps(value)[1:-1]}


def _pattern(values: set[str], *, digits: bool) -> re.Pattern[str]:
    # Whole words (whole numbers) only: "Ani" is not cut out of "Anita" or "Tani". A
    # longer name that has "Ani" as a word does lose it: over-redacting a kept copy of
    # someone else's text is the safer mistake.
    edge = r"\d" if digits else r"\w"
    alternatives = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
    return re.compile(rf"(?<!{edge})(?:{alternatives})(?!{edge})")


def _replace(value: Any, pattern: re.Pattern[str], by: str) -> Any:
    """``value`` (a string, or JSON made of lists and dicts) with every match replaced."""
    if isinstance(value, str):
        return pattern.sub(lambda _match: by, value)
    if isinstance(value, list):
        return [_replace(item, pattern, by) for item in value]
    if isinstance(value, dict):
        return {key: _replace(item, pattern, by) for key, item in value.items()}
    return value


def _mentions(value: Any, pattern: re.Pattern[str]) -> bool:
    if isinstance(value, str):
        return pattern.search(value) is not None
    if isinstance(value, list):
        return any(_mentions(item, pattern) for item in value)
    if isinstance(value, dict):
        return any(_mentions(item, pattern) for item in value.values())
    return False


async def _redact_outbox(
    session: AsyncSession,
    where: ColumnElement[bool],
    name: str | None,
    telegram_id: int | None,
    *,
    redaction: Redaction,
    now: datetime,
    drop_approval: bool = True,
) -> None:
    """Kept broadcast texts (matching ``where``) that name her lose her name, or whole
    when they carry her Telegram id; what is still to be sent of such a whole text, or
    of the request to approve her registration, goes no more."""
    needles: set[str] = set()
    if name:
        needles |= _forms(name)
    if telegram_id is not None:
        needles.add(str(telegram_id))
    if not needles:
        return
    # A coarse filter in SQL (LIKE ignores letter case on SQLite), the exact one below.
    candidates = [
        column.contains(needle, autoescape=True) for column in _TEXT_COLUMNS for needle in needles
    ] + [
        cast(column, Text).contains(needle, autoescape=True)
        for column in _JSON_COLUMNS
        for needle in needles
    ]
    by_name = _pattern(_forms(name), digits=False) if name else None
    by_id = _pattern({str(telegram_id)}, digits=True) if telegram_id is not None else None
    broadcasts = await session.scalars(select(Broadcast).where(where, or_(*candidates)))
    touched: list[int] = []
    for broadcast in list(broadcasts):
        fields = {column.key: getattr(broadcast, column.key) for column in _TEXT_COLUMNS}
        fields |= {column.key: getattr(broadcast, column.key) for column in _JSON_COLUMNS}
        if by_id is not None and any(_mentions(value, by_id) for value in fields.values()):
            broadcast.text = redaction.message
            broadcast.markup = None
            broadcast.variants = None
            broadcast.share = None
            broadcast.label = None
            broadcast.note = None
            touched.append(broadcast.id)  # nothing of it is worth sending any more
        elif by_name is not None and any(_mentions(value, by_name) for value in fields.values()):
            for key, value in fields.items():
                setattr(broadcast, key, _replace(value, by_name, escape(redaction.name)))
            if drop_approval and broadcast.kind is BroadcastKind.APPROVAL:
                touched.append(broadcast.id)  # her registration is gone: nothing to decide

    if touched:
        await _forget_chat(
            session,
            Delivery.broadcast_id.in_(touched) & (Delivery.status == DeliveryStatus.PENDING),
            now=now,
        )
    await session.flush()


# --- the outbox does not keep texts and chat ids for ever ------------------------------------


@dataclass(frozen=True)
class OutboxTrim:
    broadcasts: int  # broadcasts whose texts were removed
    deliveries: int  # deliveries whose chat id was removed


async def trim_outbox(session: AsyncSession, *, keep: timedelta, now: datetime) -> OutboxTrim:
    """Broadcasts finished more than ``keep`` ago lose their texts, and their deliveries
    their chat ids; the rows stay (who was told what, and when, without the words).

    A meeting's cards are kept until the meeting itself is that old: the group's card
    is edited with the RSVP tally, and an RSVP button pressed on a card finds its
    broadcast by chat and message id, until the meeting is held.
    """
    cutoff = now - keep
    old = (
        select(Broadcast.id)
        .outerjoin(Meeting, Meeting.id == Broadcast.meeting_id)
        .where(
            Broadcast.finished_at < cutoff,
            or_(Broadcast.meeting_id.is_(None), Meeting.starts_at < cutoff),
        )
    )
    texts = await session.execute(
        update(Broadcast)
        .where(
            Broadcast.id.in_(old),
            or_(Broadcast.text.is_not(None), Broadcast.report_chat_id.is_not(None)),
        )
        .values(
            text=None,
            markup=null(),
            variants=null(),
            share=None,
            label=None,
            note=None,
            report_chat_id=None,
        )
        .execution_options(synchronize_session=False)
    )
    chats = await session.execute(
        update(Delivery)
        .where(
            Delivery.broadcast_id.in_(old),
            Delivery.chat_id.is_not(None),
            Delivery.status.in_(list(SETTLED)),
        )
        .values(chat_id=None)
        .execution_options(synchronize_session=False)
    )
    return OutboxTrim(texts.rowcount, chats.rowcount)
