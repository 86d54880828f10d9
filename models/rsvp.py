"""RSVPs to a meeting: recording an answer, the tally, and the group card's owed edit.

The ``Rsvp`` table and ``RsvpAnswer`` stay with the meetings in ``models/meeting.py``,
which re-exports these names.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    CompoundSelect,
    Integer,
    bindparam,
    func,
    literal_column,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import UTCDateTime
from models.meeting import Meeting, Rsvp, RsvpAnswer
from models.member import Member, MemberStatus
from models.tenancy_cache import cache_of, generation_of

# --- RSVP ---------------------------------------------------------------------------


class RsvpRefusal(enum.StrEnum):
    NOT_FOUND = "not_found"
    CANCELLED = "cancelled"
    STARTED = "started"


def rsvp_refusal(meeting: Meeting | None, now: datetime) -> RsvpRefusal | None:
    """Why an answer to this meeting can no longer be given; None when it can."""
    if meeting is None:
        return RsvpRefusal.NOT_FOUND
    if meeting.is_cancelled:
        return RsvpRefusal.CANCELLED
    if now >= meeting.starts_at:
        return RsvpRefusal.STARTED
    return None


async def record_rsvp(
    session: AsyncSession, meeting: Meeting, member: Member, answer: RsvpAnswer, *, now: datetime
) -> bool:
    """Store the member's answer (one row per meeting and member); True if it changed.

    One ``INSERT … ON CONFLICT DO UPDATE … WHERE`` statement: a double-pressed first
    answer stores one row, the second press waiting for the first and changing nothing.
    The group card's edit is owed first: the meeting row before the answer rows, the
    order in which a change of date (``apply_plan``) takes them, so neither waits on
    the other in a circle.
    """
    await owe_tally(session, meeting.id, now=now)
    values = {"meeting_id": meeting.id, "member_id": member.id, "answer": answer, "at": now}
    return (await session.execute(_RSVP_UPSERT, values)).first() is not None


# Written out, not built with the dialect's ``insert().on_conflict_do_update()``: SQLAlchemy
# never caches those (``inherit_cache = False``), so every press compiled it again (issue
# 20: 2 % of the bot's busy time in the profile). A text statement is compiled once.
# SQLite and PostgreSQL speak this same ``INSERT … ON CONFLICT … RETURNING``.
_RSVP_UPSERT = (
    text(
        "INSERT INTO rsvp (meeting_id, member_id, answer, answered_at)"
        " VALUES (:meeting_id, :member_id, :answer, :at)"
        " ON CONFLICT (meeting_id, member_id) DO UPDATE"
        " SET answer = excluded.answer, answered_at = excluded.answered_at"
        " WHERE rsvp.answer != excluded.answer"
        " RETURNING id"
    )
    .bindparams(
        bindparam("meeting_id", type_=Integer()),
        bindparam("member_id", type_=Integer()),
        bindparam("answer", type_=Rsvp.__table__.c.answer.type),
        bindparam("at", type_=UTCDateTime()),
    )
    .columns(id=Integer())
)


# Built once: every press that changes an answer runs it (issue 20).
_OWE_TALLY = (
    update(Meeting.__table__)  # Core, as the tally's statement
    .where(
        Meeting.__table__.c.id == bindparam("meeting_id"),
        Meeting.__table__.c.tally_owed_at.is_(None),
    )
    .values(tally_owed_at=bindparam("now"))
)


async def owe_tally(session: AsyncSession, meeting_id: int, *, now: datetime) -> None:
    """The group's card no longer shows the tally: an edit is owed (kept if one was)."""
    await session.execute(_OWE_TALLY, {"meeting_id": meeting_id, "now": now})


async def tally_shown(session: AsyncSession, meeting_id: int, *, read_at: datetime) -> None:
    """The group's card shows the tally as read at ``read_at``: nothing is owed any more,
    unless an answer came after that read (its own edit is then still to come)."""
    newer = select(Rsvp.id).where(Rsvp.meeting_id == meeting_id, Rsvp.answered_at > read_at)
    await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting_id, Meeting.tally_owed_at.is_not(None), ~newer.exists())
        .values(tally_owed_at=None)
        .execution_options(synchronize_session=False)
    )


async def meetings_owing_tally(session: AsyncSession) -> list[int]:
    """Meetings whose group card still owes an edit, oldest debt first."""
    result = await session.scalars(
        select(Meeting.id)
        .where(Meeting.tally_owed_at.is_not(None))
        .order_by(Meeting.tally_owed_at, Meeting.id)
    )
    return list(result)


async def rsvp_of(session: AsyncSession, meeting_id: int, member_id: int) -> RsvpAnswer | None:
    return await session.scalar(
        select(Rsvp.answer).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member_id)
    )


@dataclass(frozen=True)
class RsvpTally:
    yes: int = 0
    excused: int = 0
    no: int = 0
    unanswered: int = 0

    @property
    def answered(self) -> int:
        return self.yes + self.excused + self.no


def tally_from_counts(counts: Mapping[RsvpAnswer, int], active_members: int) -> RsvpTally:
    """The tally; members who have not answered are the rest of the active ones."""
    yes = counts.get(RsvpAnswer.YES, 0)
    excused = counts.get(RsvpAnswer.EXCUSED, 0)
    no = counts.get(RsvpAnswer.NO, 0)
    return RsvpTally(yes, excused, no, max(active_members - yes - excused - no, 0))


async def rsvp_tally(session: AsyncSession, meeting: Meeting) -> RsvpTally:
    """Answers of current active members only (a member who left stops counting).

    Counted in the database: one query returning a few rows per answer, however
    many members the kampung has (this runs on every RSVP press and /jadwal). The
    number of active members (those who have not answered are the rest) comes from
    ``models/tenancy_cache.py``, which forgets it whenever a member row changes.
    """
    tally, _ = await rsvp_tally_and_answer(session, meeting, None)
    return tally


# Members whose answers no longer count (pending, rejected, left, moved away).
NOT_COUNTED = tuple(status for status in MemberStatus if status is not MemberStatus.ACTIVE)
_EVERY, _NOT_COUNTED, _MINE = 0, 1, 2  # the parts of the tally's statement


def _tally_statement(*, with_mine: bool) -> CompoundSelect:
    """The tally's statement (``rsvp_tally_and_answer``), built once for each shape, of
    the tables' own columns: a Core statement, which SQLAlchemy runs without the ORM's
    per-execution work (a third less CPU per statement, issue 20)."""
    rsvp, member = Rsvp.__table__.c, Member.__table__.c
    meeting_id = bindparam("meeting_id")
    every = (
        select(literal_column(str(_EVERY), Integer), rsvp.answer, func.count())
        .where(rsvp.meeting_id == meeting_id)
        .group_by(rsvp.answer)
    )
    not_counted = (
        select(literal_column(str(_NOT_COUNTED), Integer), rsvp.answer, func.count())
        .where(
            rsvp.meeting_id == meeting_id,
            rsvp.member_id.in_(
                select(member.id).where(
                    member.kampung_id == bindparam("kampung_id"),
                    member.status.in_(NOT_COUNTED),
                )
            ),
        )
        .group_by(rsvp.answer)
    )
    if not with_mine:
        return union_all(every, not_counted)
    mine = (
        select(literal_column(str(_MINE), Integer), rsvp.answer, literal_column("1"))
        .join_from(Rsvp.__table__, Member.__table__, member.id == rsvp.member_id)
        .where(
            rsvp.meeting_id == meeting_id,
            rsvp.member_id == bindparam("member_id"),
            member.status == MemberStatus.ACTIVE,
        )
    )
    return union_all(every, not_counted, mine)


# Built once (every /jadwal and press runs one): a statement object keeps its cache key.
_TALLY = _tally_statement(with_mine=False)
_TALLY_AND_MINE = _tally_statement(with_mine=True)


async def rsvp_tally_and_answer(
    session: AsyncSession, meeting: Meeting, member_id: int | None
) -> tuple[RsvpTally, RsvpAnswer | None]:
    """The tally, and in the same query the answer of ``member_id`` if she is an active
    member (``/jadwal``: one round trip fewer than ``rsvp_tally`` and ``rsvp_of``).

    One statement of three parts, none of which reads a member row per answer (at 2,500
    answers that join was 2.5 ms of every update, issue 20): every answer of the
    meeting counted per answer, straight from ``ix_rsvp_meeting_answer``; less the
    answers of the kampung's members who are not active (few, found through
    ``ix_member_kampung_status``); and her own answer by the unique (meeting, member)
    key. A meeting's answers all come from its kampung's members.
    """
    statement = _TALLY if member_id is None else _TALLY_AND_MINE
    values = {"meeting_id": meeting.id, "kampung_id": meeting.kampung_id, "member_id": member_id}
    counts: Counter[RsvpAnswer] = Counter()
    own: RsvpAnswer | None = None
    for part, answer, count in await session.execute(statement, values):
        if part == _MINE:
            own = answer
        else:
            counts[answer] += count if part == _EVERY else -count
    active = await active_member_count(session, meeting.kampung_id)
    return tally_from_counts(counts, active), own


async def active_member_count(session: AsyncSession, kampung_id: int) -> int:
    """How many active members the kampung has (cached; one count on a miss)."""
    cache = cache_of(session)
    known = cache.active_members.get(kampung_id)
    if known is not None:
        return known
    count = await session.scalar(
        select(func.count())
        .select_from(Member)
        .where(Member.kampung_id == kampung_id, Member.status == MemberStatus.ACTIVE)
    )
    cache.store_active_members(generation_of(session), kampung_id, int(count or 0))
    return int(count or 0)
