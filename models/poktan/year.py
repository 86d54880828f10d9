"""A Poktan group's year (issue 18 item 6): its months read into the register's plain data
(``models.register_data.RegisterYear``), for ``/laporan`` and the January K/0 draft."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.kampung import Kampung
from models.poktan.groups import PoktanGroup
from models.poktan.months import MonthState, PoktanMonth
from models.poktan.register import group_info, load_register_month
from models.register_data import RegisterYear


async def load_register_year(
    session: AsyncSession, group: PoktanGroup, year: int, *, today: date, erased_name: str
) -> RegisterYear:
    """Every month of ``year`` the group existed in, up to ``today``'s month."""
    kampung = await session.get(Kampung, group.kampung_id)
    assert kampung is not None
    created = group.created_at.astimezone(kampung.tz).date()
    none_held = set(
        await session.scalars(
            select(PoktanMonth.month).where(
                PoktanMonth.group_id == group.id,
                PoktanMonth.none_held.is_(True),
                PoktanMonth.state == MonthState.SENT,
            )
        )
    )
    months = []
    for number in range(1, 13):
        first = date(year, number, 1)
        if first > today or (created.year, created.month) > (year, number):
            continue
        months.append(
            await load_register_month(
                session, group, first, none_held=first in none_held, erased_name=erased_name
            )
        )
    return RegisterYear(
        group=await group_info(session, group, kampung),
        year=year,
        months=tuple(months),
        families=months[-1].families if months else (),
    )


async def kampung_poktan_year(
    session: AsyncSession, kampung_id: int, year: int, *, today: date, erased_name: str
) -> list[RegisterYear]:
    """The year of every group of the kampung that existed in it (stopped ones too)."""
    groups = await session.scalars(
        select(PoktanGroup)
        .where(PoktanGroup.kampung_id == kampung_id)
        .order_by(PoktanGroup.kind, PoktanGroup.name)
    )
    years = []
    for group in groups:
        loaded = await load_register_year(
            session, group, year, today=today, erased_name=erased_name
        )
        if loaded.months:
            years.append(loaded)
    return years
