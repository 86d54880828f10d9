"""A group's month read from the database into the register's plain data
(``models.register_data.RegisterMonth``), and the figures kept with each sending."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.kampung import Kampung
from models.member import Member
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanChair, PoktanGroup, chairs_of
from models.poktan.months import last_day, month_of
from models.poktan.sessions import PoktanSessionPhoto, present_of, sessions_of_groups
from models.register_data import GroupInfo, RegisterFamily, RegisterMonth, RegisterSession


def _group_info(group: PoktanGroup, kampung: Kampung, chairs: Sequence[str]) -> GroupInfo:
    return GroupInfo(
        kampung=kampung.name,
        kind=group.kind.value,
        name=group.name,
        rts=tuple(group.rt_list),
        chairs=tuple(chairs),
    )


async def group_info(session: AsyncSession, group: PoktanGroup, kampung: Kampung) -> GroupInfo:
    """Who and where, as every register and card prints it."""
    chairs = await chairs_of(session, group.id)
    return _group_info(group, kampung, [c.full_name for c in chairs if c.full_name])


async def _chair_names(session: AsyncSession, group_ids: Sequence[int]) -> dict[int, list[str]]:
    rows = await session.execute(
        select(PoktanChair.group_id, Member.full_name)
        .join(Member, Member.id == PoktanChair.member_id)
        .where(PoktanChair.group_id.in_(list(group_ids)))
        .order_by(PoktanChair.created_at, Member.id)
    )
    names: dict[int, list[str]] = {}
    for group_id, name in rows:
        if name:
            names.setdefault(group_id, []).append(name)
    return names


def _local_day(moment: datetime | None, tz: ZoneInfo) -> date | None:
    return None if moment is None else moment.astimezone(tz).date()


def _register_family(
    family: PoktanFamily, month: date, end: date, tz: ZoneInfo, erased_name: str
) -> RegisterFamily | None:
    """The family as the month's register lists it; None: not a member in the month."""
    joined = _local_day(family.created_at, tz)
    left = _local_day(family.inactive_since or family.erased_at, tz)
    if joined is not None and joined > end:
        return None
    if left is not None and left < month:
        return None
    return RegisterFamily(
        id=family.id,
        name=family.name or erased_name,
        rt=family.rt,
        fields=dict(family.details),
        joined_on=joined if joined is not None and joined > month else None,
        left_on=left,
    )


async def load_register_months(
    session: AsyncSession,
    groups: Sequence[PoktanGroup],
    month: date,
    *,
    version: int = 1,
    none_held: bool = False,
    erased_name: str,
    signed_on: date | None = None,
) -> dict[int, RegisterMonth]:
    """Everything each group's register for ``month`` prints, as it stands in the
    database now (group id → register): five queries for any number of groups (the 1st
    of the month compiles thousands).

    Families that were members at some time in the month: added before its end, and
    not deactivated or removed before its start. A removed family keeps its place
    under ``erased_name`` (its name is gone; its presences still count).
    """
    if not groups:
        return {}
    month = month_of(month)
    end = last_day(month)
    group_ids = [group.id for group in groups]
    kampungs: dict[int, Kampung] = {}
    for kampung_id in sorted({group.kampung_id for group in groups}):
        kampung = await session.get(Kampung, kampung_id)
        assert kampung is not None
        kampungs[kampung_id] = kampung
    zone = {group.id: kampungs[group.kampung_id].tz for group in groups}
    families: dict[int, list[RegisterFamily]] = {group_id: [] for group_id in group_ids}
    rows = await session.scalars(
        select(PoktanFamily).where(
            PoktanFamily.group_id.in_(group_ids),
            or_(
                PoktanFamily.status == FamilyStatus.ACTIVE,
                PoktanFamily.inactive_since.is_not(None),
                PoktanFamily.erased_at.is_not(None),
            ),
        )
    )
    for family in rows:
        listed = _register_family(family, month, end, zone[family.group_id], erased_name)
        if listed is not None:
            families[family.group_id].append(listed)
    held = await sessions_of_groups(session, group_ids, month, end)
    session_ids = [record.id for records in held.values() for record in records]
    presence = await present_of(session, session_ids)
    photos: dict[int, int] = {}
    if session_ids:
        photo_rows = await session.scalars(
            select(PoktanSessionPhoto.session_id).where(
                PoktanSessionPhoto.session_id.in_(session_ids)
            )
        )
        for session_id in photo_rows:
            photos[session_id] = photos.get(session_id, 0) + 1
    chairs = await _chair_names(session, group_ids)
    registers: dict[int, RegisterMonth] = {}
    for group in groups:
        kampung = kampungs[group.kampung_id]
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
            for record in held[group.id]
        )
        registers[group.id] = RegisterMonth(
            group=_group_info(group, kampung, chairs.get(group.id, [])),
            year=month.year,
            month=month.month,
            families=tuple(
                sorted(families[group.id], key=lambda f: (f.rt, f.name.casefold(), f.id))
            ),
            sessions=sessions,
            version=version,
            no_session_confirmed=none_held and not sessions,
            place=kampung.name,
            signed_on=signed_on,
        )
    return registers


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
    """One group's register for ``month`` (``load_register_months`` of one)."""
    registers = await load_register_months(
        session,
        [group],
        month,
        version=version,
        none_held=none_held,
        erased_name=erased_name,
        signed_on=signed_on,
    )
    return registers[group.id]


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
