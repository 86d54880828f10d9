"""A Poktan group's month: its register compiled, the chair asked and reminded, sent.

Life of a month (one row per group and month, made when first needed)::

    open ──(Kirim ke PKB)──> sent ──(Perbaiki)──> open ──(Kirim ke PKB)──> sent …

Every send is kept as a ``PoktanSubmission`` with its version: version 1 is the report,
later ones are corrections (*Perbaikan*); the history keeps them all. Sessions of a sent
month cannot change until the chair presses *Perbaiki*. A month with no session is
reported by "Memang tidak ada pertemuan" (``none_held``): a report of zero sessions.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    UniqueConstraint,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column, upsert
from models.poktan.groups import PoktanGroup


class MonthState(enum.StrEnum):
    OPEN = "open"
    SENT = "sent"


class PoktanMonth(Base):
    __tablename__ = "poktan_month"
    __table_args__ = (UniqueConstraint("group_id", "month"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("poktan_group.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)  # its first day
    state: Mapped[MonthState] = mapped_column(enum_column(MonthState, 16))
    none_held: Mapped[bool] = mapped_column(Boolean, default=False)
    # When the register went to the chair (the 1st), and the prompts about it: how many
    # (the 1st, the 2nd, the morning of the 3rd) and the last one's time.
    compiled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    prompts_sent: Mapped[int] = mapped_column(Integer, default=0)
    last_prompt_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PoktanSubmission(Base):
    """One sending of a month's register to the PKB (version 2+ are corrections)."""

    __tablename__ = "poktan_submission"
    __table_args__ = (UniqueConstraint("month_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month_id: Mapped[int] = mapped_column(ForeignKey("poktan_month.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    none_held: Mapped[bool] = mapped_column(Boolean, default=False)
    # The figures as sent (sessions, families, present, rate…), for the PKB's month
    # and the year: what was reported stays what it was, whatever changes later.
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def is_correction(self) -> bool:
        return self.version > 1


class MonthProblem(enum.StrEnum):
    ALREADY_SENT = "already_sent"
    NOT_SENT = "not_sent"  # Perbaiki on a month that is open
    NOTHING_TO_SEND = "nothing_to_send"  # no session and not reported as none held
    HAS_SESSIONS = "has_sessions"  # "none held" while sessions are recorded


class MonthError(ValueError):
    def __init__(self, problem: MonthProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def month_of(day: date) -> date:
    return day.replace(day=1)


def previous_month(day: date) -> date:
    first = month_of(day)
    return date(first.year - 1, 12, 1) if first.month == 1 else date(first.year, first.month - 1, 1)


def next_month(day: date) -> date:
    first = month_of(day)
    return date(first.year + 1, 1, 1) if first.month == 12 else date(first.year, first.month + 1, 1)


def last_day(month: date) -> date:
    return date.fromordinal(next_month(month).toordinal() - 1)


async def find_month(session: AsyncSession, group_id: int, month: date) -> PoktanMonth | None:
    return await session.scalar(
        select(PoktanMonth).where(PoktanMonth.group_id == group_id, PoktanMonth.month == month)
    )


async def month_is_open(session: AsyncSession, group_id: int, month: date) -> bool:
    state = await session.scalar(
        select(PoktanMonth.state).where(
            PoktanMonth.group_id == group_id, PoktanMonth.month == month_of(month)
        )
    )
    return state is not MonthState.SENT


async def ensure_month(
    session: AsyncSession, group_id: int, month: date, *, now: datetime
) -> PoktanMonth:
    """The group's row for ``month``; two callers at once make one row."""
    month = month_of(month)
    statement = upsert(session, PoktanMonth).values(
        group_id=group_id,
        month=month,
        state=MonthState.OPEN,
        none_held=False,
        prompts_sent=0,
        created_at=now,
        updated_at=now,
    )
    await session.execute(statement.on_conflict_do_nothing(index_elements=["group_id", "month"]))
    found = await find_month(session, group_id, month)
    assert found is not None
    return found


async def ensure_months(
    session: AsyncSession, months: Mapping[int, date], *, now: datetime
) -> dict[int, PoktanMonth]:
    """Each group's row for its month (``months``: group id → a day of the month; returns
    group id → row), made in one INSERT where missing; two callers at once make one row."""
    if not months:
        return {}
    wanted = {group_id: month_of(day) for group_id, day in months.items()}
    statement = upsert(session, PoktanMonth).values(
        [
            {
                "group_id": group_id,
                "month": wanted[group_id],
                "state": MonthState.OPEN,
                "none_held": False,
                "prompts_sent": 0,
                "created_at": now,
                "updated_at": now,
            }
            for group_id in sorted(wanted)
        ]
    )
    await session.execute(statement.on_conflict_do_nothing(index_elements=["group_id", "month"]))
    rows = await session.scalars(
        select(PoktanMonth).where(
            PoktanMonth.group_id.in_(list(wanted)),
            PoktanMonth.month.in_(sorted(set(wanted.values()))),
        )
    )
    return {row.group_id: row for row in rows if row.month == wanted[row.group_id]}


async def _held_count(session: AsyncSession, group_id: int, month: date) -> int:
    from models.poktan.sessions import PoktanSession, SessionStatus

    return (
        await session.scalar(
            select(func.count(PoktanSession.id)).where(
                PoktanSession.group_id == group_id,
                PoktanSession.status == SessionStatus.HELD,
                PoktanSession.held_on >= month,
                PoktanSession.held_on <= last_day(month),
            )
        )
        or 0
    )


async def report_none_held(
    session: AsyncSession, group_id: int, month: date, *, now: datetime
) -> PoktanMonth:
    """ "Memang tidak ada pertemuan": the month is a report of zero sessions."""
    row = await ensure_month(session, group_id, month, now=now)
    if row.state is MonthState.SENT:
        raise MonthError(MonthProblem.ALREADY_SENT)
    if await _held_count(session, group_id, row.month):
        raise MonthError(MonthProblem.HAS_SESSIONS)
    row.none_held = True
    row.updated_at = now
    await session.flush()
    return row


async def send_month(
    session: AsyncSession,
    group_id: int,
    month: date,
    *,
    summary: dict[str, Any],
    by_id: int | None,
    now: datetime,
) -> PoktanSubmission:
    """Kirim ke PKB: one conditional UPDATE, so two presses (or two chairs) send once."""
    row = await ensure_month(session, group_id, month, now=now)
    if row.state is MonthState.SENT:
        raise MonthError(MonthProblem.ALREADY_SENT)
    held = await _held_count(session, group_id, row.month)
    if not held and not row.none_held:
        raise MonthError(MonthProblem.NOTHING_TO_SEND)
    changed = await session.execute(
        update(PoktanMonth)
        .where(PoktanMonth.id == row.id, PoktanMonth.state == MonthState.OPEN)
        .values(state=MonthState.SENT, none_held=row.none_held and not held, updated_at=now)
        .returning(PoktanMonth.id),
        execution_options={"synchronize_session": "fetch"},
    )
    if changed.first() is None:
        raise MonthError(MonthProblem.ALREADY_SENT)
    version = (
        await session.scalar(
            select(func.max(PoktanSubmission.version)).where(PoktanSubmission.month_id == row.id)
        )
        or 0
    ) + 1
    submission = PoktanSubmission(
        month_id=row.id,
        version=version,
        none_held=not held,
        summary=summary,
        sent_by_id=by_id,
        sent_at=now,
    )
    session.add(submission)
    await session.flush()
    return submission


async def reopen_month(
    session: AsyncSession, group_id: int, month: date, *, now: datetime
) -> PoktanMonth:
    """Perbaiki after sending: the month's sessions can change again until it is resent."""
    row = await find_month(session, group_id, month_of(month))
    if row is None:
        raise MonthError(MonthProblem.NOT_SENT)
    changed = await session.execute(
        update(PoktanMonth)
        .where(PoktanMonth.id == row.id, PoktanMonth.state == MonthState.SENT)
        .values(state=MonthState.OPEN, updated_at=now)
        .returning(PoktanMonth.id),
        execution_options={"synchronize_session": "fetch"},
    )
    if changed.first() is None:
        raise MonthError(MonthProblem.NOT_SENT)
    return row


async def submissions_of(session: AsyncSession, month_id: int) -> list[PoktanSubmission]:
    result = await session.scalars(
        select(PoktanSubmission)
        .where(PoktanSubmission.month_id == month_id)
        .order_by(PoktanSubmission.version)
    )
    return list(result)


async def kampung_of_month(session: AsyncSession, month_id: int) -> int | None:
    """The kampung a group's month belongs to (None: no such month)."""
    return await session.scalar(
        select(PoktanGroup.kampung_id)
        .join(PoktanMonth, PoktanMonth.group_id == PoktanGroup.id)
        .where(PoktanMonth.id == month_id)
    )


async def get_month(session: AsyncSession, month_id: int) -> PoktanMonth | None:
    return await session.get(PoktanMonth, month_id)
