"""A kampung's Poktan groups and their chairs.

A group has a kind, a name unique in its kampung ("BKB Melati"; a kampung may have two
BKB groups), the RTs it covers (none listed: the whole kampung) and one or two chairs,
who are active members of the bot in the same kampung. A chair sees only her groups.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column
from models.member import Member, MemberStatus
from models.poktan.kinds import KIND_OF_MEMBER_POKTAN, PoktanKind
from models.rules.parsing import strip_control
from models.rules.rotation import normalize_rt

MAX_CHAIRS = 2
GROUP_NAME_MAX = 64


class PoktanGroup(Base):
    __tablename__ = "poktan_group"
    __table_args__ = (UniqueConstraint("kampung_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    kind: Mapped[PoktanKind] = mapped_column(enum_column(PoktanKind, 16))
    name: Mapped[str] = mapped_column(String(GROUP_NAME_MAX))
    # The RTs the group covers, comma separated as kampung.rt_order; empty: all of them.
    rt_order: Mapped[str] = mapped_column(String(1000), default="")
    # A group that stopped is kept with its history; it gets no more prompts.
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The chair's confirmation that she keeps the families' names for the register.
    families_consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    families_consent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("member.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def rt_list(self) -> list[str]:
        return [rt for rt in self.rt_order.split(",") if rt]

    def covers(self, rt: str) -> bool:
        return not self.rt_order or rt in self.rt_list


class PoktanChair(Base):
    __tablename__ = "poktan_chair"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("poktan_group.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("member.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class GroupProblem(enum.StrEnum):
    NAME_EMPTY = "name_empty"
    NAME_TOO_LONG = "name_too_long"
    NAME_TAKEN = "name_taken"
    RT_UNKNOWN = "rt_unknown"
    TOO_MANY_CHAIRS = "too_many_chairs"
    NOT_A_MEMBER = "not_a_member"
    NOT_FOUND = "not_found"


class GroupError(ValueError):
    def __init__(self, problem: GroupProblem, detail: str = "") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.detail = detail


def clean_group_name(text: str) -> str:
    name = " ".join(strip_control(text).split())
    if not name:
        raise GroupError(GroupProblem.NAME_EMPTY)
    if len(name) > GROUP_NAME_MAX:
        raise GroupError(GroupProblem.NAME_TOO_LONG)
    return name


def read_rts(text: str, kampung_rts: Sequence[str]) -> list[str]:
    """RTs typed as "01, 02 03" (or "semua"/empty: none listed = the whole kampung)."""
    # "RT 01, RT 02": a bare "RT" word only introduces the number after it.
    words = [
        word
        for word in strip_control(text).replace(",", " ").split()
        if word.casefold().rstrip(".") != "rt"
    ]
    if not words or [word.casefold() for word in words] == ["semua"]:
        return []
    rts: list[str] = []
    for word in words:
        rt = normalize_rt(word, kampung_rts)
        if rt is None:
            raise GroupError(GroupProblem.RT_UNKNOWN, word)
        if rt not in rts:
            rts.append(rt)
    order = {rt: index for index, rt in enumerate(kampung_rts)}
    return sorted(rts, key=lambda rt: order[rt])


def _in_kind_order(groups: Iterable[PoktanGroup]) -> list[PoktanGroup]:
    """BKB, BKR, BKL, UPPKA, PIK-R; by name within a kind."""
    order = {kind: index for index, kind in enumerate(PoktanKind)}
    return sorted(groups, key=lambda g: (order[g.kind], g.name.casefold(), g.id))


def suggested_name(kind: PoktanKind, taken: Sequence[str]) -> str:
    """ "BKB" for the first group of its kind, then "BKB 2", "BKB 3", …"""
    folded = {name.casefold() for name in taken}
    if kind.value.casefold() not in folded:
        return kind.value
    number = 2
    while f"{kind.value} {number}".casefold() in folded:
        number += 1
    return f"{kind.value} {number}"


async def list_groups(
    session: AsyncSession, kampung_id: int, *, active_only: bool = False
) -> list[PoktanGroup]:
    query = select(PoktanGroup).where(PoktanGroup.kampung_id == kampung_id)
    if active_only:
        query = query.where(PoktanGroup.active.is_(True))
    return _in_kind_order(await session.scalars(query))


async def get_group(session: AsyncSession, kampung_id: int, group_id: int) -> PoktanGroup | None:
    group = await session.get(PoktanGroup, group_id)
    if group is None or group.kampung_id != kampung_id:
        return None
    return group


async def create_group(
    session: AsyncSession,
    kampung_id: int,
    *,
    kind: PoktanKind,
    name: str,
    rts: Sequence[str],
    now: datetime,
) -> PoktanGroup:
    name = clean_group_name(name)
    taken = await session.scalar(
        select(PoktanGroup.id).where(
            PoktanGroup.kampung_id == kampung_id,
            func.lower(PoktanGroup.name) == name.lower(),
        )
    )
    if taken is not None:
        raise GroupError(GroupProblem.NAME_TAKEN, name)
    group = PoktanGroup(
        kampung_id=kampung_id,
        kind=kind,
        name=name,
        rt_order=",".join(rts),
        active=True,
        created_at=now,
        updated_at=now,
    )
    session.add(group)
    await session.flush()
    return group


async def rename_group(
    session: AsyncSession, group: PoktanGroup, name: str, *, now: datetime
) -> PoktanGroup:
    name = clean_group_name(name)
    taken = await session.scalar(
        select(PoktanGroup.id).where(
            PoktanGroup.kampung_id == group.kampung_id,
            PoktanGroup.id != group.id,
            func.lower(PoktanGroup.name) == name.lower(),
        )
    )
    if taken is not None:
        raise GroupError(GroupProblem.NAME_TAKEN, name)
    group.name = name
    group.updated_at = now
    await session.flush()
    return group


def set_group_rts(group: PoktanGroup, rts: Sequence[str], *, now: datetime) -> None:
    group.rt_order = ",".join(rts)
    group.updated_at = now


def set_group_active(group: PoktanGroup, *, active: bool, now: datetime) -> None:
    group.active = active
    group.updated_at = now


async def chairs_of(session: AsyncSession, group_id: int) -> list[Member]:
    result = await session.scalars(
        select(Member)
        .join(PoktanChair, PoktanChair.member_id == Member.id)
        .where(PoktanChair.group_id == group_id)
        .order_by(PoktanChair.created_at, Member.id)
    )
    return list(result)


async def chairs_by_group(session: AsyncSession, kampung_id: int) -> dict[int, list[Member]]:
    """Every group's chairs in one query (for lists of many groups)."""
    rows = await session.execute(
        select(PoktanChair.group_id, Member)
        .join(Member, Member.id == PoktanChair.member_id)
        .join(PoktanGroup, PoktanGroup.id == PoktanChair.group_id)
        .where(PoktanGroup.kampung_id == kampung_id)
        .order_by(PoktanChair.created_at, Member.id)
    )
    chairs: dict[int, list[Member]] = {}
    for group_id, member in rows:
        chairs.setdefault(group_id, []).append(member)
    return chairs


async def add_chair(
    session: AsyncSession, group: PoktanGroup, member_id: int, *, now: datetime
) -> bool:
    """Make an active member of the group's kampung a chair; False if she already is.

    At most ``MAX_CHAIRS``: a third is refused (remove one first).
    """
    member = await session.get(Member, member_id)
    if (
        member is None
        or member.kampung_id != group.kampung_id
        or member.status is not MemberStatus.ACTIVE
        or member.telegram_id is None
    ):
        raise GroupError(GroupProblem.NOT_A_MEMBER)
    # One appointer per group at a time, so two secretaries adding a chair each to a
    # group with one cannot both see room for theirs: on PostgreSQL a row lock on the
    # group; on SQLite BEGIN IMMEDIATE already serialises writers (FOR UPDATE not rendered).
    await session.execute(
        select(PoktanGroup.id).where(PoktanGroup.id == group.id).with_for_update()
    )
    current = await session.scalars(
        select(PoktanChair.member_id).where(PoktanChair.group_id == group.id)
    )
    ids = set(current)
    if member_id in ids:
        return False
    if len(ids) >= MAX_CHAIRS:
        raise GroupError(GroupProblem.TOO_MANY_CHAIRS)
    session.add(PoktanChair(group_id=group.id, member_id=member_id, created_at=now))
    await session.flush()
    return True


async def remove_chair(session: AsyncSession, group: PoktanGroup, member_id: int) -> bool:
    result = await session.execute(
        delete(PoktanChair)
        .where(PoktanChair.group_id == group.id, PoktanChair.member_id == member_id)
        .returning(PoktanChair.member_id)
    )
    return result.first() is not None


async def chair_candidates(
    session: AsyncSession, kampung_id: int, kind: PoktanKind
) -> list[Member]:
    """Who may be made a chair: active members with Telegram, those whose Poktan field
    names this kind first (the field only suggests; it is never changed), then by name."""
    result = await session.scalars(
        select(Member).where(
            Member.kampung_id == kampung_id,
            Member.status == MemberStatus.ACTIVE,
            Member.telegram_id.is_not(None),
        )
    )
    return sorted(
        result,
        key=lambda m: (
            KIND_OF_MEMBER_POKTAN.get(m.poktan) is not kind if m.poktan else True,
            (m.full_name or "").casefold(),
            m.id,
        ),
    )


async def groups_of_chair(
    session: AsyncSession, kampung_id: int, member_id: int, *, active_only: bool = True
) -> list[PoktanGroup]:
    """The groups this member chairs in this kampung: all a chair ever sees."""
    query = (
        select(PoktanGroup)
        .join(PoktanChair, PoktanChair.group_id == PoktanGroup.id)
        .where(PoktanGroup.kampung_id == kampung_id, PoktanChair.member_id == member_id)
    )
    if active_only:
        query = query.where(PoktanGroup.active.is_(True))
    return _in_kind_order(await session.scalars(query))


async def is_chair(session: AsyncSession, group_id: int, member_id: int) -> bool:
    found = await session.scalar(
        select(PoktanChair.member_id).where(
            PoktanChair.group_id == group_id, PoktanChair.member_id == member_id
        )
    )
    return found is not None


def confirm_families_kept(group: PoktanGroup, chair: Member, *, now: datetime) -> None:
    """The chair confirms she keeps the families' names for the Poktan's register."""
    group.families_consent_at = now
    group.families_consent_by_id = chair.id
    group.updated_at = now
