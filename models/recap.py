"""A meeting's recap: who was expected (the roster as it was), who came, and the guests.

``meeting_roster`` reads the members expected at a meeting with their RSVP and presence;
``Recap`` adds the guests, the speakers and the photos and counts them by Poktan, RT and
outcome. The attendance tables and the marking are in ``models/attendance.py``, which
re-exports these names.
"""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from models.attendance import POKTAN_ORDER, Attendance, Guest, RosterMember, list_guests
from models.meeting import Meeting, MeetingStatus, Rsvp, RsvpAnswer, Speaker
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.minutes import MeetingPhoto, list_photos

# --- the recap ------------------------------------------------------------------------------------


class Outcome(enum.StrEnum):
    """RSVP against presence, for the recap."""

    CAME_AS_PROMISED = "came_as_promised"  # said Hadir, came
    CAME_UNANNOUNCED = "came_unannounced"  # did not answer (or said no), came
    PROMISED_ABSENT = "promised_absent"  # said Hadir, did not come
    EXCUSED = "excused"  # said Izin, did not come
    DECLINED = "declined"  # said Tidak hadir, did not come
    SILENT_ABSENT = "silent_absent"  # no answer, did not come


def outcome(rsvp: RsvpAnswer | None, present: bool) -> Outcome:
    if present:
        return Outcome.CAME_AS_PROMISED if rsvp is RsvpAnswer.YES else Outcome.CAME_UNANNOUNCED
    if rsvp is RsvpAnswer.YES:
        return Outcome.PROMISED_ABSENT
    if rsvp is RsvpAnswer.EXCUSED:
        return Outcome.EXCUSED
    if rsvp is RsvpAnswer.NO:
        return Outcome.DECLINED
    return Outcome.SILENT_ABSENT


class Standing(enum.StrEnum):
    """A member's attendance at one meeting, in four words (for rates and registers)."""

    PRESENT = "present"  # hadir
    EXCUSED = "excused"  # izin (answered Izin, did not come)
    DECLINED = "declined"  # tidak hadir (answered Tidak hadir, did not come)
    NO_NOTICE = "no_notice"  # tanpa kabar (no answer, or said Hadir and did not come)


@dataclass(frozen=True)
class RosterEntry:
    """One member expected at a meeting (see ``meeting_roster``)."""

    member_id: int
    name: str
    role: MemberRole
    poktan: Poktan | None
    rt: str | None
    rsvp: RsvpAnswer | None
    present: bool
    marked_at: datetime | None

    @property
    def outcome(self) -> Outcome:
        return outcome(self.rsvp, self.present)

    @property
    def standing(self) -> Standing:
        if self.present:
            return Standing.PRESENT
        if self.rsvp is RsvpAnswer.EXCUSED:
            return Standing.EXCUSED
        if self.rsvp is RsvpAnswer.NO:
            return Standing.DECLINED
        return Standing.NO_NOTICE


RecapRow = RosterEntry  # the recap's rows are the meeting's roster


async def meeting_roster(session: AsyncSession, meeting_id: int) -> list[RosterEntry]:
    """Every member expected at a meeting, as they were then, with their outcome.

    Once attendance has opened (``Meeting.roster_taken_at``), the expected members
    are the roster taken then (plus anyone who checked in later), each with the
    RT, Poktan and role she had at that moment: later ``/profil`` changes do not
    rewrite past meetings. Before that (a meeting still to come, or one whose
    attendance was never opened) they are the kampung's active members as they
    are now who had joined by its start, plus anyone marked present. The name is
    always today's name: a member who erased her data stays counted as
    "(data dihapus)".

    Each entry carries the RSVP answer, presence and check-in time; ``standing``
    reduces them to present / izin / tidak hadir / tanpa kabar. Sorted by
    Poktan (the usual order), then name. One query of plain columns.
    """
    meeting = await session.get(Meeting, meeting_id)
    if meeting is None:
        return []
    present_here = (Attendance.member_id == Member.id) & (Attendance.meeting_id == meeting.id)
    rsvp_here = (Rsvp.member_id == Member.id) & (Rsvp.meeting_id == meeting.id)
    if meeting.roster_taken_at is not None:
        statement = (
            select(
                Member.id,
                Member.full_name,
                RosterMember.role,
                RosterMember.poktan,
                RosterMember.rt,
                Rsvp.answer,
                Attendance.present,
                Attendance.marked_at,
            )
            .select_from(RosterMember)
            .join(Member, Member.id == RosterMember.member_id)
            .where(RosterMember.meeting_id == meeting.id)
        )
    else:
        statement = select(
            Member.id,
            Member.full_name,
            Member.role,
            Member.poktan,
            Member.rt,
            Rsvp.answer,
            Attendance.present,
            Attendance.marked_at,
        ).where(
            Member.kampung_id == meeting.kampung_id,
            # Someone who joined after a past meeting was not expected there.
            ((Member.status == MemberStatus.ACTIVE) & (Member.created_at <= meeting.starts_at))
            | Attendance.present.is_(True),
        )
    rows = await session.execute(
        statement.outerjoin(Attendance, present_here).outerjoin(Rsvp, rsvp_here).order_by(Member.id)
    )
    entries = [
        RosterEntry(
            member_id=member_id,
            name=name or "(data dihapus)",
            role=role,
            poktan=poktan,
            rt=rt,
            rsvp=answer,
            present=bool(present),
            marked_at=marked_at if present else None,
        )
        for member_id, name, role, poktan, rt, answer, present, marked_at in rows
    ]
    entries.sort(key=lambda r: (POKTAN_ORDER.get(r.poktan, len(POKTAN_ORDER)), r.name.casefold()))
    return entries


@dataclass(frozen=True)
class Recap:
    meeting: Meeting
    rows: list[RecapRow]
    guests: list[Guest]
    photos: list[MeetingPhoto] = field(default_factory=list)

    @property
    def present_rows(self) -> list[RecapRow]:
        return [row for row in self.rows if row.present]

    @property
    def members_present(self) -> int:
        return len(self.present_rows)

    @property
    def speaker_guests(self) -> list[Speaker]:
        """The meeting's speakers, present guests without being typed in as guests.

        A speaker the secretary also typed in as a guest (same name) counts once, as that guest.
        """
        typed = {_person_key(guest.name) for guest in self.guests}
        return [s for s in self.meeting.speakers if _person_key(s.name) not in typed]

    @property
    def guest_count(self) -> int:
        """Guests present: those typed in with /tamu and the meeting's speakers."""
        return len(self.guests) + len(self.speaker_guests)

    @property
    def total_present(self) -> int:
        return self.members_present + self.guest_count

    def by_poktan(self) -> list[tuple[str, int, int]]:
        """(Poktan, present, of) for every Poktan with members, in the usual order."""
        present = Counter(_poktan_key(r.poktan) for r in self.present_rows)
        total = Counter(_poktan_key(r.poktan) for r in self.rows)
        order = [p.value for p in Poktan] + ["-"]
        return [(key, present[key], total[key]) for key in order if total[key]]

    def by_rt(self) -> list[tuple[str, int, int]]:
        present = Counter(r.rt or "-" for r in self.present_rows)
        total = Counter(r.rt or "-" for r in self.rows)
        return [(rt, present[rt], total[rt]) for rt in sorted(total)]

    def guests_by_role(self) -> list[tuple[str, int]]:
        counts = Counter(g.role for g in self.guests)
        return sorted(counts.items(), key=lambda item: (-item[1], item[0].casefold()))

    def outcomes(self) -> dict[Outcome, list[RecapRow]]:
        grouped: dict[Outcome, list[RecapRow]] = {o: [] for o in Outcome}
        for row in self.rows:
            grouped[row.outcome].append(row)
        return grouped


def _poktan_key(poktan: Poktan | None) -> str:
    return poktan.value if poktan else "-"


def _person_key(name: str) -> str:
    return " ".join(name.split()).casefold()


async def build_recap(session: AsyncSession, meeting: Meeting) -> Recap:
    """The meeting's roster (see ``meeting_roster``), its guests and its photos."""
    return Recap(
        meeting,
        await meeting_roster(session, meeting.id),
        await list_guests(session, meeting.id),
        await list_photos(session, meeting.id),
    )


async def recap_meetings(
    session: AsyncSession, kampung_id: int, now: datetime, opens_before: timedelta, limit: int = 6
) -> list[Meeting]:
    """The latest meetings held or in progress (attendance window opened), newest first."""
    result = await session.scalars(
        select(Meeting)
        .options(selectinload(Meeting.speakers))
        .where(
            Meeting.kampung_id == kampung_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at <= now + opens_before,
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(limit)
    )
    return list(result)
