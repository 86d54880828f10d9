"""Minutes (notulen) and photos of a meeting, sent by the secretary after it started."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, selectinload

from models.base import Base, UTCDateTime, upsert
from models.meeting import Meeting, MeetingStatus
from models.member import Member
from models.rules.parsing import strip_control

MINUTES_MAX_LENGTH = 3500  # one Telegram message with room for a heading
CAPTION_MAX_LENGTH = 1024  # Telegram's own caption limit
# Photos and minutes go to a meeting that started at most this long ago.
MINUTES_REACH = timedelta(days=30)
# Photos and minutes waiting for "which meeting?" ask again when nothing more was
# added to them for this long (the first question may be far up the chat by then).
ASK_AGAIN_AFTER = timedelta(minutes=10)
_SAFE_NAME = re.compile(r"[^A-Za-z0-9_-]")


class MeetingPhoto(Base):
    """A photo of a meeting: Telegram's file id and where the bot keeps its copy."""

    __tablename__ = "meeting_photo"
    __table_args__ = (UniqueConstraint("meeting_id", "file_unique_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"))
    file_id: Mapped[str] = mapped_column(String(255))
    file_unique_id: Mapped[str] = mapped_column(String(128))
    # Relative to the photo folder (setting PHOTO_DIR); None if the download failed.
    path: Mapped[str | None] = mapped_column(String(500))
    caption: Mapped[str | None] = mapped_column(String(CAPTION_MAX_LENGTH))
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MinutesWaiting(Base):
    """A photo or minutes an admin sent while it was unclear which meeting they are for.

    Kept in the database until the admin picks the meeting, so a restart between
    the question and the answer loses nothing she sent.
    """

    __tablename__ = "minutes_waiting"

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"), index=True)
    # A photo (file id set) or the minutes' text (text set).
    file_id: Mapped[str | None] = mapped_column(String(255))
    file_unique_id: Mapped[str | None] = mapped_column(String(128))
    caption: Mapped[str | None] = mapped_column(String(CAPTION_MAX_LENGTH))
    text: Mapped[str | None] = mapped_column(Text())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class WaitingPhoto:
    file_id: str
    file_unique_id: str
    caption: str | None


@dataclass(frozen=True)
class Waiting:
    """What an admin sent that waits for her choice of meeting."""

    ids: tuple[int, ...]
    photos: tuple[WaitingPhoto, ...]
    text: str | None

    def __bool__(self) -> bool:
        return bool(self.photos) or self.text is not None


async def hold_until_chosen(
    session: AsyncSession,
    kampung_id: int,
    member: Member,
    *,
    photos: list[WaitingPhoto],
    text: str | None,
    now: datetime,
) -> bool:
    """Keep photos and minutes until the admin says which meeting they are for.

    Newer minutes replace waiting ones. True when she should be asked which meeting:
    nothing was waiting, or nothing was added for ``ASK_AGAIN_AFTER`` (an album
    arriving photo by photo is asked about once).
    """
    owner = (MinutesWaiting.kampung_id == kampung_id) & (MinutesWaiting.member_id == member.id)
    latest = await session.scalar(
        select(MinutesWaiting.received_at).where(owner).order_by(MinutesWaiting.id.desc()).limit(1)
    )
    if text is not None:
        await session.execute(delete(MinutesWaiting).where(owner, MinutesWaiting.text.is_not(None)))
    rows = [
        MinutesWaiting(
            kampung_id=kampung_id,
            member_id=member.id,
            file_id=photo.file_id,
            file_unique_id=photo.file_unique_id,
            caption=photo.caption[:CAPTION_MAX_LENGTH] if photo.caption else None,
            received_at=now,
        )
        for photo in photos
    ]
    if text is not None:
        rows.append(
            MinutesWaiting(kampung_id=kampung_id, member_id=member.id, text=text, received_at=now)
        )
    session.add_all(rows)
    await session.flush()
    return latest is None or latest <= now - ASK_AGAIN_AFTER


async def waiting_for_meeting(session: AsyncSession, kampung_id: int, member_id: int) -> Waiting:
    """What ``member_id`` sent that still waits for her choice of meeting (oldest first)."""
    rows = await session.scalars(
        select(MinutesWaiting)
        .where(MinutesWaiting.kampung_id == kampung_id, MinutesWaiting.member_id == member_id)
        .order_by(MinutesWaiting.id)
    )
    return _waiting(list(rows))


async def take_waiting(session: AsyncSession, waiting: Waiting) -> Waiting:
    """Remove ``waiting`` from the waiting list; what was still there (a second press
    of the same choice, racing this one, finds nothing left). What was never held
    (no ids: sent while only one meeting could be meant) is all there."""
    if not waiting.ids:
        return waiting
    taken = await session.scalars(
        delete(MinutesWaiting).where(MinutesWaiting.id.in_(waiting.ids)).returning(MinutesWaiting)
    )
    return _waiting(sorted(taken, key=lambda row: row.id))


def _waiting(rows: list[MinutesWaiting]) -> Waiting:
    texts = [row.text for row in rows if row.text is not None]
    return Waiting(
        ids=tuple(row.id for row in rows),
        photos=tuple(
            WaitingPhoto(row.file_id, row.file_unique_id or row.file_id, row.caption)
            for row in rows
            if row.file_id is not None
        ),
        text=texts[-1] if texts else None,
    )


async def minutes_meetings(session: AsyncSession, kampung_id: int, now: datetime) -> list[Meeting]:
    """Meetings that minutes and photos sent now may belong to: started, not cancelled,
    at most ``MINUTES_REACH`` ago; newest first."""
    result = await session.scalars(
        select(Meeting)
        .options(selectinload(Meeting.speakers))
        .where(
            Meeting.kampung_id == kampung_id,
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at <= now,
            Meeting.starts_at > now - MINUTES_REACH,
        )
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )
    return list(result)


def clean_minutes(text: str) -> str | None:
    """The minutes as stored (trimmed, without invisible characters), or None when empty
    or too long."""
    text = strip_control(text).strip()
    if not text or len(text) > MINUTES_MAX_LENGTH:
        return None
    return text


async def save_minutes(
    session: AsyncSession, meeting: Meeting, text: str, *, by: Member | None, now: datetime
) -> bool:
    """Store (or replace) the meeting's minutes; True if there were minutes before."""
    had = await session.scalar(select(Meeting.minutes).where(Meeting.id == meeting.id))
    await session.execute(
        update(Meeting)
        .where(Meeting.id == meeting.id)
        .values(minutes=text, minutes_by_id=by.id if by else None, minutes_at=now)
    )
    return had is not None


def photo_relative_path(kampung_id: int, meeting_id: int, file_unique_id: str) -> Path:
    """Where a photo's copy lives under the photo folder: ``<kampung>/<meeting>/<id>.jpg``."""
    name = _SAFE_NAME.sub("_", file_unique_id)[:100] or "photo"
    return Path(str(kampung_id)) / str(meeting_id) / f"{name}.jpg"


async def add_photo(
    session: AsyncSession,
    meeting: Meeting,
    *,
    file_id: str,
    file_unique_id: str,
    path: str | None,
    caption: str | None,
    by: Member | None,
    now: datetime,
) -> bool:
    """Store a photo with the meeting; False if this very photo is stored already."""
    statement = upsert(session, MeetingPhoto).values(
        meeting_id=meeting.id,
        file_id=file_id,
        file_unique_id=file_unique_id,
        path=path,
        caption=caption[:CAPTION_MAX_LENGTH] if caption else None,
        added_by_id=by.id if by else None,
        added_at=now,
    )
    statement = statement.on_conflict_do_nothing(
        index_elements=[MeetingPhoto.meeting_id, MeetingPhoto.file_unique_id]
    )
    return (await session.execute(statement.returning(MeetingPhoto.id))).first() is not None


async def list_photos(session: AsyncSession, meeting_id: int) -> list[MeetingPhoto]:
    result = await session.scalars(
        select(MeetingPhoto).where(MeetingPhoto.meeting_id == meeting_id).order_by(MeetingPhoto.id)
    )
    return list(result)
