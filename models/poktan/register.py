"""A group's month read from the database into the register's plain data
(``models.register_data.RegisterMonth``), and the figures kept with each sending."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.kampung import Kampung
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanGroup, chairs_of
from models.poktan.months import last_day, month_of
from models.poktan.sessions import PoktanSessionPhoto, present_of, sessions_in
from models.register_data import GroupInfo, RegisterFamily, RegisterMonth, RegisterSession


async def group_info(session: AsyncSession, group: PoktanGroup, kampung: Kampung) -> GroupInfo:
    """Who and where, as every register and card prints it."""
    chairs = await chairs_of(session, group.id)
    return GroupInfo(
        kampung=kampung.name,
        kind=group.kind.value,
        name=group.name,
        rts=tuple(group.rt_list),
        chairs=tuple(c.full_name for c in chairs if c.full_name),
    )


def _local_day(moment: datetime | None, tz: ZoneInfo) -> date | None:
    return None if moment is None else moment.astimezone(tz).date()


async def load_register_month(
    session: AsyncSession,
    group: PoktanGroup,
    month: date,
    *,
    version: int = 1,
    none_held: bool = False,
    erased_name: str,
    signed_on: date | None = None,
) -> RegisterMonth:
    """Everything the month's register prints, as it stands in the database now.

    Families that were members at some time in the month: added before its end, and
    not deactivated or removed before its start. A removed family keeps its place
    under ``erased_name`` (its name is gone; its presences still count).
    """
    month = month_of(month)
    end = last_day(month)
    kampung = await session.get(Kampung, group.kampung_id)
    assert kampung is not None
    tz = kampung.tz
    rows = await session.scalars(
        select(PoktanFamily).where(
            PoktanFamily.group_id == group.id,
            or_(
                PoktanFamily.status == FamilyStatus.ACTIVE,
                PoktanFamily.inactive_since.is_not(None),
                PoktanFamily.erased_at.is_not(None),
            ),
        )
    )
    families: list[RegisterFamily] = []
    for family in rows:
        joined = _local_day(family.created_at, tz)
        left = _local_day(family.inactive_since or family.erased_at, tz)
        if joined is not None and joined > end:
            continue
        if left is not None and left < month:
            continue
        families.append(
            RegisterFamily(
                id=family.id,
                name=family.name or erased_name,
                rt=family.rt,
                fields=dict(family.details),
                joined_on=joined if joined is not None and joined > month else None,
                left_on=left,
            )
        )
    held = await sessions_in(session, group.id, month, end)
    presence = await present_of(session, [s.id for s in held])
    photos: dict[int, int] = {}
    if held:
        photo_rows = await session.scalars(
            select(PoktanSessionPhoto.session_id).where(
                PoktanSessionPhoto.session_id.in_([s.id for s in held])
            )
        )
        for session_id in photo_rows:
            photos[session_id] = photos.get(session_id, 0) + 1
    sessions = tuple(
        RegisterSession(
            held_on=record.held_on,
            topic=record.topic or "",
            present_ids=None
            if record.present_count is not None
            else frozenset(presence[record.id]),
            typed_count=record.present_count,
            speakers=(record.speakers,) if record.speakers else (),
            photos=photos.get(record.id, 0),
        )
        for record in held
    )
    return RegisterMonth(
        group=await group_info(session, group, kampung),
        year=month.year,
        month=month.month,
        families=tuple(sorted(families, key=lambda f: (f.rt, f.name.casefold(), f.id))),
        sessions=sessions,
        version=version,
        no_session_confirmed=none_held and not sessions,
        place=kampung.name,
        signed_on=signed_on,
    )


def summary_of(register: RegisterMonth) -> dict[str, Any]:
    """The figures kept with a sending (``PoktanSubmission.summary``): what the PKB's
    month and the year show, as they were sent."""
    attendance = register.attendance
    return {
        "sessions": register.sessions_held,
        "families": register.member_families,
        "present": attendance.came,
        "expected": attendance.of,
        "families_present": register.families_present_any,
        "none_held": register.no_session_confirmed,
    }
