"""The operator's overview (``/ringkasan``): every kampung at a glance."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.attendance import build_recap
from models.kampung import (
    Kampung,
    KampungAdmin,
    admin_ids_of,
    kampung_name_taken,
    list_kampungs,
)
from models.meeting import Meeting, MeetingStatus, next_meeting
from models.member import Member, MemberStatus
from models.portal.posts import unposted_by_kampung


@dataclass(frozen=True)
class KampungSummary:
    kampung: Kampung
    active_members: int
    pending_members: int
    secretaries: int
    next_meeting: Meeting | None
    last_meeting: Meeting | None
    last_present: int  # members present at the last meeting
    last_of: int  # members counted in its recap
    unposted: int = 0  # meetings held (last 12 months) not yet marked posted on the portal

    @property
    def last_rate(self) -> float | None:
        """Share of members present at the last meeting (0..1); None without one."""
        if self.last_meeting is None or self.last_of == 0:
            return None
        return self.last_present / self.last_of


async def last_meeting(session: AsyncSession, kampung_id: int, now: datetime) -> Meeting | None:
    """The latest scheduled meeting that has started."""
    return await session.scalar(
        select(Meeting)
        .where(
            Meeting.kampung_id == kampung_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at <= now,
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(1)
    )


async def _member_counts(session: AsyncSession) -> dict[tuple[int, MemberStatus], int]:
    rows = await session.execute(
        select(Member.kampung_id, Member.status, func.count()).group_by(
            Member.kampung_id, Member.status
        )
    )
    return {(kampung_id, status): count for kampung_id, status, count in rows}


async def kampung_summaries(session: AsyncSession, now: datetime) -> Sequence[KampungSummary]:
    """One summary per kampung, in the order they were made."""
    counts = await _member_counts(session)
    unposted = await unposted_by_kampung(session, now)
    summaries = []
    for kampung in await list_kampungs(session):
        last = await last_meeting(session, kampung.id, now)
        present = of = 0
        if last is not None:
            recap = await build_recap(session, last)
            present, of = recap.members_present, len(recap.rows)
        summaries.append(
            KampungSummary(
                kampung=kampung,
                active_members=counts.get((kampung.id, MemberStatus.ACTIVE), 0),
                pending_members=counts.get((kampung.id, MemberStatus.PENDING), 0),
                secretaries=len(await admin_ids_of(session, kampung.id)),
                next_meeting=await next_meeting(session, kampung.id, now),
                last_meeting=last,
                last_present=present,
                last_of=of,
                unposted=unposted.get(kampung.id, 0),
            )
        )
    return summaries


async def secretaries_of(session: AsyncSession, kampung_id: int) -> list[tuple[int, str | None]]:
    """(Telegram id, name if she is a member of the kampung) for every secretary."""
    rows = await session.execute(
        select(KampungAdmin.telegram_id, Member.full_name)
        .outerjoin(
            Member,
            (Member.kampung_id == KampungAdmin.kampung_id)
            & (Member.telegram_id == KampungAdmin.telegram_id),
        )
        .where(KampungAdmin.kampung_id == kampung_id)
        .order_by(KampungAdmin.id)
    )
    return [(telegram_id, name) for telegram_id, name in rows]


@dataclass(frozen=True)
class KampungListing:
    kampung: Kampung
    active_members: int
    secretaries: list[tuple[int, str | None]]


async def kampung_listing(session: AsyncSession) -> list[KampungListing]:
    counts = await _member_counts(session)
    return [
        KampungListing(
            kampung,
            counts.get((kampung.id, MemberStatus.ACTIVE), 0),
            await secretaries_of(session, kampung.id),
        )
        for kampung in await list_kampungs(session)
    ]


# --- an operator corrects or removes a kampung -------------------------------------------------


class KampungChange(enum.StrEnum):
    """What became of an operator's correction or removal of a kampung."""

    DONE = "done"
    GONE = "gone"
    FROM_SETTINGS = "from_settings"  # KAMPUNG_NAME, RT_LIST, TIMEZONE in .env rule it
    NAME_TAKEN = "name_taken"
    HAS_MEETINGS = "has_meetings"  # a time zone change would move planned meetings
    IN_USE = "in_use"  # members or meetings: removing it would erase their history


async def operator_made(
    session: AsyncSession, kampung_id: int
) -> tuple[KampungChange, Kampung | None]:
    """The kampung, if an operator may correct or remove it (DONE): it exists and was
    made in Telegram, not seeded from the settings (the next start puts ``.env`` back)."""
    kampung = await session.get(Kampung, kampung_id)
    if kampung is None:
        return KampungChange.GONE, None
    if kampung.from_settings:
        return KampungChange.FROM_SETTINGS, kampung
    return KampungChange.DONE, kampung


async def edit_kampung(
    session: AsyncSession,
    kampung_id: int,
    *,
    name: str | None = None,
    rt_list: Sequence[str] | None = None,
    timezone: str | None = None,
    now: datetime,
) -> KampungChange:
    """Correct an operator-made kampung's name, RT list or time zone.

    A new name must be free. A new time zone is refused while meetings are planned:
    their hours were typed in the old zone's clock, and would move. Meetings held and
    members keep their RT even if the new list no longer has it; the rotation goes on
    from the first RT of the new list when the last host is not in it.
    """
    verdict, kampung = await operator_made(session, kampung_id)
    if kampung is None or verdict is not KampungChange.DONE:
        return verdict
    if name is not None and await kampung_name_taken(session, name, other_than=kampung_id):
        return KampungChange.NAME_TAKEN
    if timezone is not None and timezone != kampung.timezone:
        planned = await session.scalar(
            select(Meeting.id)
            .where(
                Meeting.kampung_id == kampung_id,
                Meeting.status == MeetingStatus.SCHEDULED,
                Meeting.starts_at > now,
            )
            .limit(1)
        )
        if planned is not None:
            return KampungChange.HAS_MEETINGS
    if name is not None:
        kampung.name = name
    if rt_list is not None:
        kampung.rt_order = ",".join(rt_list)
    if timezone is not None:
        kampung.timezone = timezone
    kampung.updated_at = now
    await session.flush()
    return KampungChange.DONE


async def removable_kampung(
    session: AsyncSession, kampung_id: int
) -> tuple[KampungChange, Kampung | None]:
    """The kampung, if an operator may remove it (DONE): one made by mistake, with no
    member and no meeting yet, and not the one from the settings."""
    verdict, kampung = await operator_made(session, kampung_id)
    if verdict is not KampungChange.DONE:
        return verdict, kampung
    for model in (Member, Meeting):
        used = await session.scalar(select(model.id).where(model.kampung_id == kampung_id).limit(1))
        if used is not None:
            return KampungChange.IN_USE, kampung
    return KampungChange.DONE, kampung


async def remove_kampung(session: AsyncSession, kampung_id: int) -> KampungChange:
    """Remove an unused kampung with its invite links and appointed secretaries.

    The kampung row is locked first (``FOR UPDATE``): a registration racing the removal
    either commits before it (and the kampung is kept, in use) or finds it gone.
    """
    locked = await session.scalar(
        select(Kampung.id).where(Kampung.id == kampung_id).with_for_update()
    )
    if locked is None:
        return KampungChange.GONE
    verdict, _ = await removable_kampung(session, kampung_id)
    if verdict is KampungChange.DONE:
        await session.execute(delete(Kampung).where(Kampung.id == kampung_id))
    return verdict
