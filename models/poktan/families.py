"""The member families of a Poktan group, kept by its chair.

They have no Telegram and are never messaged. A line is "Nama - RT" and, for BKB, BKR
and BKL, the family's number of balita / remaja / lansia ("Ibu Sari - 02 - 2"), in the
same list format as ``/anggota_tambah`` (models/rules/lines.py). A family that moved
away is deactivated and kept with its history; a removed family keeps its row (past
sessions still count it) with the name erased.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column
from models.member import InvalidName, clean_full_name
from models.poktan.groups import PoktanGroup
from models.poktan.kinds import FAMILY_COUNT
from models.rules.lines import numbered_lines, split_fields
from models.rules.rotation import normalize_rt

# One chair's list in one message: Telegram's 4096 characters hold about this many lines.
MAX_LINES = 150


class FamilyStatus(enum.StrEnum):
    ACTIVE = "active"
    INACTIVE = "inactive"  # moved away: kept with its history, not counted any more
    REMOVED = "removed"  # removed by the chair or erased by the secretary: no name


class PoktanFamily(Base):
    __tablename__ = "poktan_family"
    __table_args__ = (Index("ix_poktan_family_group_status", "group_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("poktan_group.id", ondelete="CASCADE"))
    name: Mapped[str | None] = mapped_column(String(64))
    rt: Mapped[str] = mapped_column(String(16))
    # What the register needs for the group's kind, e.g. {"balita": 2} (kinds.FAMILY_COUNT).
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[FamilyStatus] = mapped_column(enum_column(FamilyStatus, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    inactive_since: Mapped[datetime | None] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class FamilyLineProblem(enum.StrEnum):
    FIELDS = "fields"  # not "Nama - RT" (or "Nama - RT - jumlah")
    NAME = "name"
    RT = "rt"  # no such RT in the kampung
    RT_OUTSIDE = "rt_outside"  # an RT of the kampung the group does not cover
    COUNT = "count"  # not a whole number in range
    DUPLICATE = "duplicate"  # the same name and RT twice in the list
    TOO_MANY = "too_many"  # past MAX_LINES


@dataclass(frozen=True)
class FamilyLine:
    name: str
    rt: str
    details: dict[str, int]


@dataclass(frozen=True)
class BadFamilyLine:
    number: int
    raw: str
    problem: FamilyLineProblem


def parse_family_lines(
    text: str, group: PoktanGroup, kampung_rts: Sequence[str]
) -> tuple[list[FamilyLine], list[BadFamilyLine]]:
    """Read the chair's list; good lines and (number, line, problem) for the others."""
    count = FAMILY_COUNT[group.kind]
    fields_wanted = 3 if count else 2
    good: list[FamilyLine] = []
    bad: list[BadFamilyLine] = []
    seen: set[tuple[str, str]] = set()
    for index, line in enumerate(numbered_lines(text)):
        if index >= MAX_LINES:
            bad.append(BadFamilyLine(line.number, line.raw, FamilyLineProblem.TOO_MANY))
            continue
        fields = split_fields(line.text, fields_wanted)
        if fields is None or split_fields(line.text, fields_wanted + 1) is not None:
            bad.append(BadFamilyLine(line.number, line.raw, FamilyLineProblem.FIELDS))
            continue
        try:
            name = clean_full_name(fields[0])
        except InvalidName:
            bad.append(BadFamilyLine(line.number, line.raw, FamilyLineProblem.NAME))
            continue
        rt = normalize_rt(fields[1], kampung_rts)
        if rt is None:
            bad.append(BadFamilyLine(line.number, line.raw, FamilyLineProblem.RT))
            continue
        if not group.covers(rt):
            bad.append(BadFamilyLine(line.number, line.raw, FamilyLineProblem.RT_OUTSIDE))
            continue
        details: dict[str, int] = {}
        if count is not None:
            number = read_count(fields[2], count.minimum, count.maximum)
            if number is None:
                bad.append(BadFamilyLine(line.number, line.raw, FamilyLineProblem.COUNT))
                continue
            details[count.key] = number
        key = (name.casefold(), rt)
        if key in seen:
            bad.append(BadFamilyLine(line.number, line.raw, FamilyLineProblem.DUPLICATE))
            continue
        seen.add(key)
        good.append(FamilyLine(name, rt, details))
    return good, bad


def read_count(text: str, minimum: int, maximum: int) -> int | None:
    word = text.strip().split()[0] if text.strip() else ""
    if not word.isdigit():
        return None
    number = int(word)
    return number if minimum <= number <= maximum else None


async def list_families(
    session: AsyncSession, group_id: int, *, include_inactive: bool = True
) -> list[PoktanFamily]:
    """The group's families by RT then name (active first); removed ones never."""
    statuses = [FamilyStatus.ACTIVE]
    if include_inactive:
        statuses.append(FamilyStatus.INACTIVE)
    result = await session.scalars(
        select(PoktanFamily).where(
            PoktanFamily.group_id == group_id, PoktanFamily.status.in_(statuses)
        )
    )
    return sorted(
        result,
        key=lambda f: (
            f.status is not FamilyStatus.ACTIVE,
            f.rt,
            (f.name or "").casefold(),
            f.id,
        ),
    )


async def count_active_families(session: AsyncSession, group_id: int) -> int:
    return (
        await session.scalar(
            select(func.count(PoktanFamily.id)).where(
                PoktanFamily.group_id == group_id, PoktanFamily.status == FamilyStatus.ACTIVE
            )
        )
        or 0
    )


async def active_counts(session: AsyncSession, group_ids: Sequence[int]) -> dict[int, int]:
    """The number of active families of each group, in one query (0 for none)."""
    counts = dict.fromkeys(group_ids, 0)
    if not group_ids:
        return counts
    rows = await session.execute(
        select(PoktanFamily.group_id, func.count(PoktanFamily.id))
        .where(
            PoktanFamily.group_id.in_(list(group_ids)),
            PoktanFamily.status == FamilyStatus.ACTIVE,
        )
        .group_by(PoktanFamily.group_id)
    )
    for group_id, count in rows:
        counts[group_id] = count
    return counts


async def get_family(
    session: AsyncSession, group_id: int, family_id: int, *, for_update: bool = False
) -> PoktanFamily | None:
    """The group's family (not removed). ``for_update``: locked to the end of the
    transaction (PostgreSQL), so a change waits for one made at the same moment and
    reads what it left (a family removed meanwhile is not brought back)."""
    family = await session.get(PoktanFamily, family_id, with_for_update=for_update)
    if family is None or family.group_id != group_id or family.status is FamilyStatus.REMOVED:
        return None
    return family


async def add_families(
    session: AsyncSession, group: PoktanGroup, lines: Sequence[FamilyLine], *, now: datetime
) -> tuple[list[PoktanFamily], list[FamilyLine]]:
    """Add the families; a name already in the group in the same RT is skipped, so
    sending the same list twice changes nothing. Returns (added, skipped).

    The group row is locked first (PostgreSQL; SQLite serialises writers anyway), so two
    chairs sending the same list at the same moment add each family once."""
    await session.execute(
        select(PoktanGroup.id).where(PoktanGroup.id == group.id).with_for_update()
    )
    existing = await session.execute(
        select(PoktanFamily.name, PoktanFamily.rt).where(
            PoktanFamily.group_id == group.id,
            PoktanFamily.status.in_((FamilyStatus.ACTIVE, FamilyStatus.INACTIVE)),
        )
    )
    known = {((name or "").casefold(), rt) for name, rt in existing}
    added: list[PoktanFamily] = []
    skipped: list[FamilyLine] = []
    for line in lines:
        if (line.name.casefold(), line.rt) in known:
            skipped.append(line)
            continue
        family = PoktanFamily(
            group_id=group.id,
            name=line.name,
            rt=line.rt,
            details=dict(line.details),
            status=FamilyStatus.ACTIVE,
            created_at=now,
            updated_at=now,
        )
        session.add(family)
        added.append(family)
        known.add((line.name.casefold(), line.rt))
    await session.flush()
    return added, skipped


def move_family(family: PoktanFamily, rt: str, *, now: datetime) -> bool:
    if family.rt == rt:
        return False
    family.rt = rt
    family.updated_at = now
    return True


def set_family_count(family: PoktanFamily, key: str, value: int, *, now: datetime) -> bool:
    if family.details.get(key) == value:
        return False
    family.details = {**family.details, key: value}
    family.updated_at = now
    return True


def set_family_active(family: PoktanFamily, *, active: bool, now: datetime) -> bool:
    """Deactivate a family that moved away (kept with its history) or take it back."""
    wanted = FamilyStatus.ACTIVE if active else FamilyStatus.INACTIVE
    if family.status is wanted or family.status is FamilyStatus.REMOVED:
        return False
    family.status = wanted
    family.inactive_since = None if active else now
    family.updated_at = now
    return True


def remove_family(family: PoktanFamily, *, now: datetime) -> bool:
    """Remove a family (the chair, after a confirmation) or erase it (the secretary):
    the name and details go; the row stays so past sessions keep their counts."""
    if family.status is FamilyStatus.REMOVED:
        return False
    family.status = FamilyStatus.REMOVED
    family.name = None
    family.details = {}
    family.erased_at = now
    family.updated_at = now
    return True
