"""The speaker registry: every narasumber who was invited to a meeting, remembered.

The registry is read from the speakers of the kampung's meetings (no second copy to
keep in step): one entry per person and institution (compared without case or extra
spaces), described by their latest invitation. Planning a meeting offers the
latest entries as buttons; ``/narasumber`` lists them all.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.meeting import Meeting, MeetingStatus, Sector, Speaker, SpeakerPlan

# Buttons offered while planning: the most recent entries not yet in the plan.
OFFERED_PAST_SPEAKERS = 6


def speaker_key(name: str, institution: str) -> tuple[str, str]:
    """Who a speaker is, for telling two invitations of one person apart from two people."""
    return (" ".join(name.split()).casefold(), " ".join(institution.split()).casefold())


@dataclass(frozen=True)
class RegistryEntry:
    """One remembered speaker, as last invited."""

    speaker_id: int  # the latest invitation's row: what a button refers to
    name: str
    institution: str
    sector: Sector
    times: int  # meetings held (not cancelled, begun) they spoke at
    last_at: datetime | None  # the latest such meeting's start

    @property
    def key(self) -> tuple[str, str]:
        return speaker_key(self.name, self.institution)

    def plan(self) -> SpeakerPlan:
        return SpeakerPlan(self.name, self.institution, self.sector)


def registry_of(
    rows: Sequence[tuple[int, str, str, Sector, datetime, MeetingStatus]], now: datetime
) -> list[RegistryEntry]:
    """Entries from invitation rows (id, name, institution, sector, start, status), newest first.

    An entry is described by its latest invitation (cancelled meetings included:
    the person was still asked); only held meetings count as times they came.
    """
    latest: dict[tuple[str, str], tuple[int, str, str, Sector, datetime]] = {}
    times: dict[tuple[str, str], int] = {}
    last_at: dict[tuple[str, str], datetime] = {}
    for speaker_id, name, institution, sector, starts_at, status in rows:
        key = speaker_key(name, institution)
        newest = latest.get(key)
        if newest is None or (starts_at, speaker_id) > (newest[4], newest[0]):
            latest[key] = (speaker_id, name, institution, sector, starts_at)
        times.setdefault(key, 0)
        if status is MeetingStatus.SCHEDULED and starts_at <= now:
            times[key] += 1
            if key not in last_at or starts_at > last_at[key]:
                last_at[key] = starts_at
    entries = [
        RegistryEntry(speaker_id, name, institution, sector, times[key], last_at.get(key))
        for key, (speaker_id, name, institution, sector, _) in latest.items()
    ]
    entries.sort(key=lambda e: (-latest[e.key][4].timestamp(), -e.speaker_id))
    return entries


async def speaker_registry(
    session: AsyncSession, kampung_id: int, now: datetime
) -> list[RegistryEntry]:
    """Every speaker the kampung ever invited, most recently invited first."""
    rows = await session.execute(
        select(
            Speaker.id,
            Speaker.name,
            Speaker.institution,
            Speaker.sector,
            Meeting.starts_at,
            Meeting.status,
        )
        .join(Meeting, Meeting.id == Speaker.meeting_id)
        .where(Meeting.kampung_id == kampung_id)
    )
    return registry_of([tuple(row) for row in rows], now)  # type: ignore[misc]


def offered(
    entries: Sequence[RegistryEntry],
    planned: Collection[SpeakerPlan],
    limit: int = OFFERED_PAST_SPEAKERS,
) -> list[RegistryEntry]:
    """The entries to offer as buttons: the latest ones not already in the plan."""
    taken = {speaker_key(s.name, s.institution) for s in planned}
    return [e for e in entries if e.key not in taken][:limit]


async def past_speaker(
    session: AsyncSession, kampung_id: int, speaker_id: int
) -> SpeakerPlan | None:
    """The speaker of one past invitation of this kampung (a button's target), or None."""
    row = await session.execute(
        select(Speaker.name, Speaker.institution, Speaker.sector)
        .join(Meeting, Meeting.id == Speaker.meeting_id)
        .where(Speaker.id == speaker_id, Meeting.kampung_id == kampung_id)
    )
    found = row.first()
    return SpeakerPlan(*found) if found is not None else None


def already_planned(plan: Sequence[SpeakerPlan], speaker: SpeakerPlan) -> bool:
    key = speaker_key(speaker.name, speaker.institution)
    return any(speaker_key(s.name, s.institution) == key for s in plan)
