"""The secretary's work on the member list (``/anggota``).

Cadres without Telegram added from typed "Nama - RT - Poktan" lines, the list itself,
moving a cadre to another RT or Poktan, deactivating, taking back and removing her,
and approving every pending registration at once. The ``Member`` table and the
registration of one person are in ``models/member.py``, which re-exports these names.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.member import (
    _KEPT,
    InvalidName,
    Member,
    MemberRole,
    MemberStatus,
    Poktan,
    clean_full_name,
    get_member,
    read_poktan,
)
from models.rules.lines import numbered_lines, split_fields
from models.rules.rotation import normalize_rt

# --- members without Telegram (added by an admin) ----------------------------


class MemberLineProblem(enum.StrEnum):
    NO_SEPARATOR = "no_separator"
    NAME = "name"
    RT = "rt"
    POKTAN = "poktan"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class MemberLine:
    full_name: str
    rt: str
    poktan: Poktan


def parse_member_lines(
    text: str, rt_list: Sequence[str]
) -> tuple[list[MemberLine], list[tuple[int, str, MemberLineProblem]]]:
    """Parse "Nama - RT - Poktan" lines (the guests' format, one more field).

    Name, RT and Poktan are read as in registration: ``clean_full_name``, an RT of
    the kampung's list ("4", "04", "RT 4"), a Poktan as typed ("bkb", "PIK-R").
    Returns the good lines and (line number, line, problem) for the others; a name
    given twice in the same RT is reported once as a duplicate.
    """
    good: list[MemberLine] = []
    bad: list[tuple[int, str, MemberLineProblem]] = []
    seen: set[tuple[str, str]] = set()
    for line in numbered_lines(text):
        fields = split_fields(line.text, 3)
        if fields is None:
            bad.append((line.number, line.raw, MemberLineProblem.NO_SEPARATOR))
            continue
        name_text, rt_text, poktan_text = fields
        try:
            name = clean_full_name(name_text)
        except InvalidName:
            bad.append((line.number, line.raw, MemberLineProblem.NAME))
            continue
        rt = normalize_rt(rt_text, rt_list)
        if rt is None:
            bad.append((line.number, line.raw, MemberLineProblem.RT))
            continue
        poktan = read_poktan(poktan_text)
        if poktan is None:
            bad.append((line.number, line.raw, MemberLineProblem.POKTAN))
            continue
        key = (name.casefold(), rt)
        if key in seen:
            bad.append((line.number, line.raw, MemberLineProblem.DUPLICATE))
            continue
        seen.add(key)
        good.append(MemberLine(name, rt, poktan))
    return good, bad


async def add_members(
    session: AsyncSession,
    kampung_id: int,
    lines: Sequence[MemberLine],
    *,
    by: Member,
    now: datetime,
) -> tuple[list[Member], list[MemberLine]]:
    """Add active cadres without Telegram; return those added and those already there.

    A line naming an active (or inactive) member of the same RT with the same name
    is not added twice: sending the same list again changes nothing.
    """
    existing = await session.execute(
        select(Member.full_name, Member.rt).where(
            Member.kampung_id == kampung_id,
            Member.status.in_((MemberStatus.ACTIVE, MemberStatus.INACTIVE, MemberStatus.PENDING)),
        )
    )
    known = {((name or "").casefold(), rt) for name, rt in existing}
    added: list[Member] = []
    skipped: list[MemberLine] = []
    for line in lines:
        if (line.full_name.casefold(), line.rt) in known:
            skipped.append(line)
            continue
        member = Member(
            kampung_id=kampung_id,
            telegram_id=None,
            full_name=line.full_name,
            rt=line.rt,
            poktan=line.poktan,
            role=MemberRole.CADRE,
            status=MemberStatus.ACTIVE,
            blocked_bot=False,
            decided_at=now,
            decided_by_id=by.id,
            created_at=now,
            updated_at=now,
        )
        session.add(member)
        added.append(member)
    await session.flush()
    return added, skipped


async def list_members(session: AsyncSession, kampung_id: int) -> list[Member]:
    """Active and inactive members (what ``/anggota`` shows), by Poktan then name."""
    result = await session.scalars(
        select(Member).where(
            Member.kampung_id == kampung_id,
            Member.status.in_((MemberStatus.ACTIVE, MemberStatus.INACTIVE)),
        )
    )
    order = {poktan: index for index, poktan in enumerate(Poktan)}
    return sorted(
        result,
        key=lambda m: (
            m.status is not MemberStatus.ACTIVE,
            order.get(m.poktan, len(order)) if m.poktan else len(order),
            (m.full_name or "").casefold(),
            m.id,
        ),
    )


class MemberChange(enum.StrEnum):
    DONE = "done"
    UNCHANGED = "unchanged"  # already so (a second press, or another admin was quicker)
    NOT_FOUND = "not_found"  # no such member here, removed, or an admin (settings decide)


async def _change_member(
    session: AsyncSession,
    kampung_id: int,
    member_id: int,
    values: dict[str, object],
    *,
    from_statuses: Collection[MemberStatus],
    now: datetime,
) -> MemberChange:
    """One conditional UPDATE of a cadre's row: of two admins, only the first changes it."""
    member = await get_member(session, kampung_id, member_id)
    if member is None or member.role is MemberRole.ADMIN or member.status is MemberStatus.LEFT:
        return MemberChange.NOT_FOUND
    if member.status not in from_statuses:
        return MemberChange.NOT_FOUND
    # IS DISTINCT FROM: a NULL column (e.g. an erased name) still counts as different.
    conditions = [getattr(Member, key).is_distinct_from(value) for key, value in values.items()]
    changed = await session.execute(
        update(Member)
        .where(
            Member.id == member_id,
            Member.role == MemberRole.CADRE,
            Member.status.in_(tuple(from_statuses)),
            or_(*conditions),
        )
        .values({**values, "updated_at": now})
        .returning(Member.id),
        execution_options={"synchronize_session": "fetch"},
    )
    return MemberChange.DONE if changed.first() is not None else MemberChange.UNCHANGED


async def move_member(
    session: AsyncSession,
    kampung_id: int,
    member_id: int,
    *,
    rt: str | None = None,
    poktan: Poktan | None = None,
    now: datetime,
) -> MemberChange:
    """Move a cadre to another RT or Poktan (validated by the caller)."""
    values: dict[str, object] = {}
    if rt is not None:
        values["rt"] = rt
    if poktan is not None:
        values["poktan"] = poktan
    return await _change_member(
        session, kampung_id, member_id, values, from_statuses=_KEPT, now=now
    )


async def set_member_active(
    session: AsyncSession, kampung_id: int, member_id: int, *, active: bool, now: datetime
) -> MemberChange:
    """Deactivate a cadre who moved away (kept with her history) or take her back."""
    status = MemberStatus.ACTIVE if active else MemberStatus.INACTIVE
    return await _change_member(
        session, kampung_id, member_id, {"status": status}, from_statuses=_KEPT, now=now
    )


async def remove_member(
    session: AsyncSession, kampung_id: int, member_id: int, *, now: datetime
) -> MemberChange:
    """Remove a cadre: her name and Telegram id are erased as with ``/hapus_data``;
    past attendance keeps counting by RT and Poktan, without a name."""
    erased = {
        "status": MemberStatus.LEFT,
        "full_name": None,
        "telegram_id": None,
        "consent_at": None,
        "erased_at": now,
    }
    return await _change_member(
        session, kampung_id, member_id, erased, from_statuses=_KEPT, now=now
    )


async def approve_all_pending(
    session: AsyncSession, kampung_id: int, *, up_to_id: int, admin: Member, now: datetime
) -> list[Member]:
    """Approve every registration still pending that the admin was shown (id ≤ ``up_to_id``).

    Exactly those listed, less those decided since: a row becomes pending only when it
    is inserted (``register_member``; a rejected or erased person registers as a new
    row), so every pending row of this kampung up to the highest id listed was listed.

    One ``UPDATE … WHERE status = 'pending' RETURNING``: a registration decided at the
    same moment by a single button is left to that decision, so each applicant is
    approved (and told) exactly once.
    """
    approved = await session.execute(
        update(Member)
        .where(
            Member.kampung_id == kampung_id,
            Member.status == MemberStatus.PENDING,
            Member.id <= up_to_id,
        )
        .values(status=MemberStatus.ACTIVE, decided_at=now, decided_by_id=admin.id, updated_at=now)
        .returning(Member.id),
        execution_options={"synchronize_session": "fetch"},
    )
    ids = [row[0] for row in approved]
    if not ids:
        return []
    result = await session.scalars(select(Member).where(Member.id.in_(ids)).order_by(Member.id))
    return list(result)
