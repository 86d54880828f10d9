"""The answers kept per kampung (``kampung_indicator``), the bot's own records the
formula reads, and the yearly refresh that the database says is due.

One row per kampung and question: the answer as text, when it was given and by whom
(``answered_by_id``, a member row; erasure leaves that row without a name, so this
table holds nothing personal of its own). A refresh overwrites the row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.attendance import Guest
from models.base import Base, UTCDateTime, upsert
from models.classification.agencies import Agencies, agencies_of
from models.classification.formula import Classification, Ind, Value, classify, score
from models.classification.participation import group_participants
from models.classification.questions import (
    QUESTION,
    Answer,
    Q,
    Records,
    decode,
    encode,
    values,
)
from models.kampung import Kampung
from models.meeting import Meeting, MeetingStatus, Speaker
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.poktan.groups import PoktanGroup
from models.poktan.kinds import PoktanKind
from models.poktan.months import last_day, month_of, previous_month
from models.poktan.sessions import PoktanPresence, PoktanSession, SessionStatus

# An answer older than this is asked again (once per answer).
REFRESH_AFTER = timedelta(days=365)

# The Poktan kinds of the portal's Input Poktan, as the bot names them.
PORTAL_POKTAN = {
    Poktan.BKB: "BKB",
    Poktan.BKR: "BKR",
    Poktan.BKL: "BKL",
    Poktan.UPPKS: "UPPKA",
    Poktan.PIK_R: "PIK R",
}
PORTAL_KIND = {
    PoktanKind.BKB: "BKB",
    PoktanKind.BKR: "BKR",
    PoktanKind.BKL: "BKL",
    PoktanKind.UPPKA: "UPPKA",
    PoktanKind.PIK_R: "PIK R",
}


class KampungIndicator(Base):
    """One answer of a kampung to one classification question."""

    __tablename__ = "kampung_indicator"
    __table_args__ = (UniqueConstraint("kampung_id", "question"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    question: Mapped[str] = mapped_column(String(32))
    value: Mapped[str] = mapped_column(String(500))
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When the yearly "please check this again" went out for this answer.
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class Given:
    answer: Answer
    answered_at: datetime
    answered_by: str | None  # the member's name, if still known


async def answers_of(session: AsyncSession, kampung_id: int) -> dict[Q, Given]:
    rows = await session.execute(
        select(KampungIndicator, Member.full_name)
        .outerjoin(Member, Member.id == KampungIndicator.answered_by_id)
        .where(KampungIndicator.kampung_id == kampung_id)
    )
    found: dict[Q, Given] = {}
    for row, name in rows:
        try:
            key = Q(row.question)
        except ValueError:
            continue  # a question of a later version: not ours to read
        found[key] = Given(decode(QUESTION[key], row.value), row.answered_at, name)
    return found


async def save_answer(
    session: AsyncSession,
    kampung_id: int,
    key: Q,
    answer: Answer,
    *,
    by: Member | None,
    now: datetime,
) -> None:
    """Store (or replace) one answer; the yearly reminder starts counting again."""
    text = encode(QUESTION[key], answer)
    statement = upsert(session, KampungIndicator).values(
        kampung_id=kampung_id,
        question=key.value,
        value=text,
        answered_by_id=by.id if by else None,
        answered_at=now,
        reminded_at=None,
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=["kampung_id", "question"],
            set_={
                "value": text,
                "answered_by_id": by.id if by else None,
                "answered_at": now,
                "reminded_at": None,
            },
        )
    )


async def set_option(
    session: AsyncSession,
    kampung_id: int,
    key: Q,
    option: int | None,
    on: bool,
    *,
    by: Member | None,
    now: datetime,
) -> frozenset[int]:
    """Tick (``on``) or untick one option of a list question; ``option`` None: "none of
    them". Two secretaries ticking at once both count: the row is created if missing,
    then locked (``FOR UPDATE`` on PostgreSQL; SQLite's writers are serialised by BEGIN
    IMMEDIATE) before it is read and rewritten."""
    question = QUESTION[key]
    await session.execute(
        upsert(session, KampungIndicator)
        .values(
            kampung_id=kampung_id,
            question=key.value,
            value="",
            answered_by_id=by.id if by else None,
            answered_at=now,
        )
        .on_conflict_do_nothing(index_elements=["kampung_id", "question"])
    )
    row = await session.scalar(
        select(KampungIndicator)
        .where(KampungIndicator.kampung_id == kampung_id, KampungIndicator.question == key.value)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert row is not None
    chosen = decode(question, row.value)
    assert isinstance(chosen, frozenset)
    if option is None:
        chosen = frozenset()
    elif on:
        chosen = chosen | {option}
    else:
        chosen = chosen - {option}
    row.value = encode(question, chosen)
    row.answered_by_id = by.id if by else None
    row.answered_at = now
    row.reminded_at = None
    return chosen


# --- what the bot knows by itself ---------------------------------------------------------


async def pokja_members(session: AsyncSession, kampung_id: int) -> int:
    """Active members of the Pokja: cadres registered under Pokja, and the secretaries."""
    count = await session.scalar(
        select(func.count()).where(
            Member.kampung_id == kampung_id,
            Member.status == MemberStatus.ACTIVE,
            or_(Member.poktan == Poktan.POKJA, Member.role == MemberRole.ADMIN),
        )
    )
    return int(count or 0)


async def poktan_kinds(session: AsyncSession, kampung_id: int) -> frozenset[str]:
    """The Poktan kinds the kampung has: those of its active Poktan groups (issue 18) and
    those its active cadres belong to (a kampung may not have recorded its groups yet)."""
    rows = await session.scalars(
        select(Member.poktan)
        .where(
            Member.kampung_id == kampung_id,
            Member.status == MemberStatus.ACTIVE,
            Member.poktan.in_(list(PORTAL_POKTAN)),
        )
        .distinct()
    )
    kinds = {PORTAL_POKTAN[p] for p in rows if p is not None}
    groups = await session.scalars(
        select(PoktanGroup.kind)
        .where(PoktanGroup.kampung_id == kampung_id, PoktanGroup.active.is_(True))
        .distinct()
    )
    kinds |= {PORTAL_KIND[k] for k in groups}
    return frozenset(kinds)


def poktan_month_for(now: datetime, kampung: Kampung) -> date:
    """The Poktan month whose sessions feed Output Poktan: the last whole month in the
    kampung's zone (the one whose register went to the PKB on the 1st–3rd); the month
    under way is not counted while it is incomplete."""
    return previous_month(month_of(now.astimezone(kampung.tz).date()))


async def recorded_participation(
    session: AsyncSession, kampung_id: int, month: date
) -> dict[str, int]:
    """Per Poktan kind (the portal's names), the member families present at the
    kampung's sessions held in ``month`` (``participation.group_participants`` per
    group, summed over the kind's groups: a family belongs to one group). Kinds with no
    session held that month are absent."""
    held = list(
        await session.execute(
            select(
                PoktanSession.id,
                PoktanSession.group_id,
                PoktanSession.present_count,
                PoktanGroup.kind,
            )
            .join(PoktanGroup, PoktanGroup.id == PoktanSession.group_id)
            .where(
                PoktanGroup.kampung_id == kampung_id,
                PoktanSession.status == SessionStatus.HELD,
                PoktanSession.held_on >= month,
                PoktanSession.held_on <= last_day(month),
            )
        )
    )
    present: dict[int, set[int]] = {row.id: set() for row in held}
    if present:
        rows = await session.execute(
            select(PoktanPresence.session_id, PoktanPresence.family_id).where(
                PoktanPresence.session_id.in_(list(present))
            )
        )
        for session_id, family_id in rows:
            present[session_id].add(family_id)
    by_group: dict[int, list[tuple[int, int | None]]] = {}
    kinds: dict[int, PoktanKind] = {}
    for row in held:
        by_group.setdefault(row.group_id, []).append((row.id, row.present_count))
        kinds[row.group_id] = row.kind
    recorded: dict[str, int] = {}
    for group_id, rows_of_group in by_group.items():
        came = group_participants(
            (present[sid] for sid, typed in rows_of_group if typed is None),
            (typed for _, typed in rows_of_group if typed is not None),
        )
        kind = PORTAL_KIND[kinds[group_id]]
        recorded[kind] = recorded.get(kind, 0) + came
    return recorded


async def agencies(session: AsyncSession, kampung_id: int, now: datetime) -> Agencies:
    """Agencies over every held meeting (not cancelled, begun), ever, as the portal counts
    over every post: speakers' institutions and guests' roles."""
    held = (
        Meeting.kampung_id == kampung_id,
        Meeting.status == MeetingStatus.SCHEDULED,
        Meeting.starts_at <= now,
    )
    speakers = await session.execute(
        select(Speaker.institution, Speaker.sector)
        .join(Meeting, Meeting.id == Speaker.meeting_id)
        .where(*held)
    )
    roles = await session.scalars(
        select(Guest.role)
        .join(Meeting, Meeting.id == Guest.meeting_id)
        .where(*held, Guest.removed_at.is_(None))
    )
    return agencies_of([(i, s) for i, s in speakers], list(roles))


@dataclass(frozen=True)
class KampungClassification:
    """Everything ``/klasifikasi`` shows for one kampung."""

    given: Mapping[Q, Given]
    records: Records
    agencies: Agencies
    values: Mapping[Ind, Value | None]
    result: Classification

    @property
    def scores(self) -> dict[Ind, int | None]:
        return {key: score(key, value) for key, value in self.values.items()}

    def stale(self, now: datetime) -> list[Q]:
        return [k for k, g in self.given.items() if g.answered_at <= now - REFRESH_AFTER]


async def classification_of(
    session: AsyncSession, kampung_id: int, now: datetime
) -> KampungClassification:
    given = await answers_of(session, kampung_id)
    found = await agencies(session, kampung_id, now)
    kampung = await session.get(Kampung, kampung_id)
    assert kampung is not None
    month = poktan_month_for(now, kampung)
    records = Records(
        pokja_members=await pokja_members(session, kampung_id),
        poktan_kinds=await poktan_kinds(session, kampung_id),
        agencies=found.count,
        poktan_month=month,
        poktan_recorded=await recorded_participation(session, kampung_id, month),
    )
    computed = values({k: g.answer for k, g in given.items()}, records)
    result = classify({key: score(key, value) for key, value in computed.items()})
    return KampungClassification(given, records, found, computed, result)


# --- the yearly refresh ----------------------------------------------------------------


async def kampungs_to_remind(session: AsyncSession, now: datetime) -> list[int]:
    """Kampungs with an answer a year old that was not yet reminded of."""
    rows = await session.scalars(
        select(KampungIndicator.kampung_id)
        .where(
            KampungIndicator.answered_at <= now - REFRESH_AFTER,
            KampungIndicator.reminded_at.is_(None),
        )
        .distinct()
        .order_by(KampungIndicator.kampung_id)
    )
    return list(rows)


async def claim_reminder(session: AsyncSession, kampung_id: int, now: datetime) -> Sequence[Q]:
    """Mark the kampung's year-old answers reminded; return those this call marked.

    A conditional update: of two runs at once, one gets the questions, the other none.
    """
    claimed = await session.scalars(
        update(KampungIndicator)
        .where(
            KampungIndicator.kampung_id == kampung_id,
            KampungIndicator.answered_at <= now - REFRESH_AFTER,
            KampungIndicator.reminded_at.is_(None),
        )
        .values(reminded_at=now)
        .returning(KampungIndicator.question)
        .execution_options(synchronize_session=False)
    )
    known = {q.value: q for q in Q}
    return sorted((known[k] for k in claimed if k in known), key=list(Q).index)
