"""The PKB's month (issue 18 item 5): every group of every kampung, reported or not.

``area_month`` reads one month for the whole area into the register's plain data (one
``AreaEntry`` per group: its register as sent, or None when not reported yet) for the
operator's workbook; ``kampung_counts`` says per kampung how many groups reported.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.kampung import Kampung
from models.poktan.groups import PoktanGroup
from models.poktan.months import (
    MonthState,
    PoktanMonth,
    PoktanSubmission,
    last_day,
    month_of,
)
from models.poktan.register import group_info, load_register_month
from models.register_data import AreaEntry


@dataclass(frozen=True)
class KampungMonth:
    kampung_id: int
    kampung: str
    groups: int
    reported: int

    @property
    def missing(self) -> int:
        return self.groups - self.reported


async def _area_groups(
    session: AsyncSession, month: date, kampung_ids: Sequence[int] | None
) -> list[tuple[PoktanGroup, Kampung]]:
    """Groups that existed in ``month``: active ones, and stopped ones that reported it."""
    query = select(PoktanGroup, Kampung).join(Kampung, Kampung.id == PoktanGroup.kampung_id)
    if kampung_ids is not None:
        query = query.where(PoktanGroup.kampung_id.in_(list(kampung_ids)))
    reported = await _sent_months(session, month)
    pairs = []
    for group, kampung in (await session.execute(query)).tuples():
        if group.created_at.astimezone(kampung.tz).date() > last_day(month):
            continue
        if group.active or group.id in reported:
            pairs.append((group, kampung))
    return pairs


async def _sent_months(session: AsyncSession, month: date) -> dict[int, PoktanMonth]:
    rows = await session.scalars(
        select(PoktanMonth).where(PoktanMonth.month == month, PoktanMonth.state == MonthState.SENT)
    )
    return {row.group_id: row for row in rows}


async def kampung_counts(
    session: AsyncSession, month: date, *, kampung_ids: Sequence[int] | None = None
) -> list[KampungMonth]:
    """Per kampung (with at least one group): groups, and how many sent ``month``."""
    month = month_of(month)
    sent = await _sent_months(session, month)
    counts: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for group, kampung in await _area_groups(session, month, kampung_ids):
        names[kampung.id] = kampung.name
        entry = counts.setdefault(kampung.id, [0, 0])
        entry[0] += 1
        entry[1] += group.id in sent
    return sorted(
        (KampungMonth(k, names[k], total, done) for k, (total, done) in counts.items()),
        key=lambda item: item.kampung.casefold(),
    )


async def area_month(
    session: AsyncSession,
    month: date,
    *,
    erased_name: str,
    kampung_ids: Sequence[int] | None = None,
) -> list[AreaEntry]:
    """One entry per group of the area for ``month``: its register as last sent, or None."""
    month = month_of(month)
    sent = await _sent_months(session, month)
    entries: list[AreaEntry] = []
    for group, kampung in await _area_groups(session, month, kampung_ids):
        row = sent.get(group.id)
        register = None
        sent_on = None
        if row is not None:
            last = await session.scalar(
                select(PoktanSubmission)
                .where(PoktanSubmission.month_id == row.id)
                .order_by(PoktanSubmission.version.desc())
                .limit(1)
            )
            register = await load_register_month(
                session,
                group,
                month,
                version=last.version if last else 1,
                none_held=row.none_held,
                erased_name=erased_name,
            )
            sent_on = last.sent_at.astimezone(kampung.tz).date() if last else None
        entries.append(
            AreaEntry(
                group=await group_info(session, group, kampung),
                year=month.year,
                month=month.month,
                register=register,
                sent_on=sent_on,
            )
        )
    return entries
