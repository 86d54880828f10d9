"""The Poktan month's calendar: what is due on the 1st, 2nd, 3rd and 4th, and who is late.

Every day counts in the kampung's own zone, from ``PROMPT_HOUR`` (07.00):

- the 1st: each chair gets her group's register for the past month, ready to send
  (or, with no session recorded, the question whether there really was none);
- the 2nd and the morning of the 3rd: the chairs whose month is not sent yet are
  reminded (the deadline is the 3rd: docs/registers.md §2.3);
- the 3rd: the secretary hears which of her groups are still missing;
- the 4th: the operators (the PKB) get one message listing every group still missing.

The database says what was done: ``PoktanMonth.prompts_sent`` per group, a
``PoktanNotice`` per list. A bot that was down catches up with the latest step only:
the register always goes (late), a reminder only on its own day.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import Date, ForeignKey, String, UniqueConstraint, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column, upsert
from models.kampung import Kampung
from models.member import Member, MemberStatus
from models.poktan.groups import PoktanChair, PoktanGroup
from models.poktan.months import (
    MonthState,
    PoktanMonth,
    ensure_months,
    last_day,
    previous_month,
)

PROMPT_HOUR = time(7, 0)
DEADLINE_DAY = 3  # registers reach the PKB by the 3rd of the next month
LAST_REMINDER_DAY = 3
SECRETARY_DAY = 3
OPERATOR_DAY = 4


class NoticeKind(enum.StrEnum):
    SECRETARY = "secretary"  # a kampung's missing groups, to its secretaries (the 3rd)
    OPERATORS = "operators"  # every missing group, to the operators (the 4th)


class PoktanNotice(Base):
    """A list of missing registers sent for a month (once per scope and kind)."""

    __tablename__ = "poktan_notice"
    __table_args__ = (UniqueConstraint("scope", "month", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # "kampung:<id>" for a kampung's secretaries, "area" for the operators.
    scope: Mapped[str] = mapped_column(String(32))
    kampung_id: Mapped[int | None] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    month: Mapped[date] = mapped_column(Date)
    kind: Mapped[NoticeKind] = mapped_column(enum_column(NoticeKind, 16))
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime())


def step_of(local_now: datetime) -> int:
    """How far into the reporting days ``local_now`` is: 0 before the 1st at 07.00, then
    the day of the month (it counts from 07.00 on each day)."""
    day = local_now.day
    return day if local_now.time() >= PROMPT_HOUR else day - 1


def chair_prompt(step: int, prompts_sent: int) -> int | None:
    """Which prompt a chair is owed now: 1 is the register, 2 and 3 the reminders, or
    None. The register always goes once, however late; a reminder only on its day."""
    if step < 1:
        return None
    if prompts_sent == 0:
        return 1
    if prompts_sent < step <= LAST_REMINDER_DAY:
        return step
    return None


def prompts_after(prompt: int, step: int) -> int:
    """``prompts_sent`` once ``prompt`` went at ``step``: a late register also stands for
    the reminders whose days have passed."""
    return max(prompt, min(step, LAST_REMINDER_DAY))


@dataclass(frozen=True)
class ChairPrompt:
    group: PoktanGroup
    month: PoktanMonth
    prompt: int  # 1: the register; 2, 3: reminders
    chair_chats: tuple[tuple[int, int], ...]  # (member id, telegram id) of each chair


def _group_existed(group: PoktanGroup, month: date, kampung: Kampung) -> bool:
    return group.created_at.astimezone(kampung.tz).date() <= last_day(month)


async def _chairs(
    session: AsyncSession, group_ids: Sequence[int]
) -> dict[int, list[tuple[int, int]]]:
    rows = await session.execute(
        select(PoktanChair.group_id, Member.id, Member.telegram_id)
        .join(Member, Member.id == PoktanChair.member_id)
        .where(
            PoktanChair.group_id.in_(list(group_ids)),
            Member.status == MemberStatus.ACTIVE,
            Member.telegram_id.is_not(None),
        )
        .order_by(PoktanChair.created_at, Member.id)
    )
    chairs: dict[int, list[tuple[int, int]]] = {}
    for group_id, member_id, telegram_id in rows:
        chairs.setdefault(group_id, []).append((member_id, telegram_id))
    return chairs


async def chair_chats(
    session: AsyncSession, group_ids: Sequence[int]
) -> dict[int, list[tuple[int, int]]]:
    """(member id, telegram id) of each active chair on Telegram, per group id."""
    return await _chairs(session, group_ids)


async def claim_chair_prompts(
    session: AsyncSession, kampung_ids: Sequence[int], *, now: datetime
) -> list[ChairPrompt]:
    """The chair prompts owed now in these kampungs (each in its own zone), each claimed
    (a conditional UPDATE of ``prompts_sent`` from the value it was read with): two jobs
    at once claim each prompt once. The caller writes the messages in the same
    transaction. The kampungs stay in the session (``session.get`` finds them).

    A handful of statements for all of them, however many groups they have (on the 1st
    thousands of groups are owed their register at once): the missing month rows in one
    INSERT, the claims in one UPDATE per (prompts sent, prompt owed, day), usually one."""
    kampungs = {
        kampung.id: kampung
        for kampung in await session.scalars(
            select(Kampung).where(Kampung.id.in_(list(kampung_ids)))
        )
    }
    due: dict[int, tuple[int, date]] = {}  # kampung id → (step, month reported)
    for kampung in kampungs.values():
        local_now = now.astimezone(kampung.tz)
        step = step_of(local_now)
        if step >= 1:
            due[kampung.id] = (step, previous_month(local_now.date()))
    if not due:
        return []
    groups = [
        g
        for g in await session.scalars(
            select(PoktanGroup)
            .where(PoktanGroup.kampung_id.in_(list(due)), PoktanGroup.active.is_(True))
            .order_by(PoktanGroup.kampung_id, PoktanGroup.id)
        )
        if _group_existed(g, due[g.kampung_id][1], kampungs[g.kampung_id])
    ]
    wanted = {g.id: due[g.kampung_id][1] for g in groups}  # group id → month reported
    chairs = await _chairs(session, list(wanted))
    rows = {
        row.group_id: row
        for row in await session.scalars(
            select(PoktanMonth).where(
                PoktanMonth.group_id.in_(list(wanted)),
                PoktanMonth.month.in_(sorted(set(wanted.values()))),
            )
        )
        if row.month == wanted[row.group_id]
    }
    # group id → (prompts sent as read, prompt owed, step of its kampung)
    owed: dict[int, tuple[int, int, int]] = {}
    for group in groups:
        known = rows.get(group.id)
        if not chairs.get(group.id) or (known is not None and known.state is MonthState.SENT):
            continue
        before = known.prompts_sent if known is not None else 0
        step = due[group.kampung_id][0]
        prompt = chair_prompt(step, before)
        if prompt is None:
            continue  # checked every few minutes: nothing is written unless a prompt is owed
        owed[group.id] = (before, prompt, step)
    if not owed:
        return []
    missing = {group_id: wanted[group_id] for group_id in owed if group_id not in rows}
    if missing:
        rows.update(await ensure_months(session, missing, now=now))
    claims: dict[tuple[int, int, int], list[int]] = {}
    for group_id, key in owed.items():
        claims.setdefault(key, []).append(rows[group_id].id)
    claimed: set[int] = set()
    for (before, prompt, step), month_ids in claims.items():
        result = await session.execute(
            update(PoktanMonth)
            .where(PoktanMonth.id.in_(month_ids), PoktanMonth.prompts_sent == before)
            .values(
                prompts_sent=prompts_after(prompt, step),
                last_prompt_at=now,
                compiled_at=now if prompt == 1 else PoktanMonth.compiled_at,
                updated_at=now,
            )
            .returning(PoktanMonth.id),
            execution_options={"synchronize_session": "fetch"},
        )
        claimed.update(result.scalars())
    return [
        ChairPrompt(group, rows[group.id], owed[group.id][1], tuple(chairs[group.id]))
        for group in groups
        if group.id in owed and rows[group.id].id in claimed
    ]


@dataclass(frozen=True)
class Missing:
    """A group whose month is not sent: why it may be so."""

    kampung_id: int
    kampung: str
    group_id: int
    group: str
    has_chair: bool


async def missing_groups(
    session: AsyncSession, month: date, *, kampung_ids: Sequence[int] | None = None
) -> list[Missing]:
    """Active groups (that existed in ``month``) whose register for it is not sent."""
    query = (
        select(PoktanGroup, Kampung)
        .join(Kampung, Kampung.id == PoktanGroup.kampung_id)
        .where(PoktanGroup.active.is_(True))
        .order_by(Kampung.name, PoktanGroup.kind, PoktanGroup.name)
    )
    if kampung_ids is not None:
        query = query.where(PoktanGroup.kampung_id.in_(list(kampung_ids)))
    pairs = [
        (g, k) for g, k in (await session.execute(query)).tuples() if _group_existed(g, month, k)
    ]
    sent = set(
        await session.scalars(
            select(PoktanMonth.group_id).where(
                PoktanMonth.month == month, PoktanMonth.state == MonthState.SENT
            )
        )
    )
    chairs = await _chairs(session, [g.id for g, _ in pairs])
    return [
        Missing(k.id, k.name, g.id, g.name, bool(chairs.get(g.id)))
        for g, k in pairs
        if g.id not in sent
    ]


async def claim_notice(
    session: AsyncSession,
    kind: NoticeKind,
    month: date,
    *,
    kampung_id: int | None,
    now: datetime,
) -> bool:
    """Record that a list for ``month`` goes out now; False if it went already."""
    scope = "area" if kampung_id is None else f"kampung:{kampung_id}"
    inserted = await session.execute(
        upsert(session, PoktanNotice)
        .values(scope=scope, kampung_id=kampung_id, month=month, kind=kind, sent_at=now)
        .on_conflict_do_nothing(index_elements=["scope", "month", "kind"])
        .returning(PoktanNotice.id)
    )
    return inserted.first() is not None


def secretary_list_due(step: int) -> bool:
    return step == SECRETARY_DAY


def operator_list_due(step: int) -> bool:
    return step >= OPERATOR_DAY
