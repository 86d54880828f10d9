"""The portal post of an activity: the secretary's answers, its photos, "Sudah diposting".

One ``PortalPost`` per activity: a quarterly meeting (``meeting_id``) or a Poktan
session held (``poktan_session_id``); the same functions serve both. What the bot
prefills (title, date, place, description, agencies) is not stored: it is read again
from the activity each time, so a late guest, minutes or a corrected roll show up.
What is stored is what only the secretary (or a session's chair) can say: Seksi
Kegiatan, Kategori Kegiatan, Peserta Kegiatan (when unclear), Jenis Post, which
photos in which order with which captions, and who marked it posted, when.

Personal data: only member ids (``posted_by_id``, SET NULL on delete; an erased
member's row stays without a name) and the captions the secretary typed about her
photos; nothing for ``models/erasure.py`` to redact beyond what the member row does.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert
from models.meeting import Meeting, MeetingStatus
from models.minutes import MeetingPhoto
from models.poktan.groups import PoktanGroup
from models.poktan.sessions import PoktanSession, PoktanSessionPhoto, SessionStatus
from models.portal.lists import (
    CAPTION_MAX,
    GAMBAR_KEGIATAN,
    GAMBAR_SEBELUM,
    GAMBAR_SESUDAH,
    JENIS_KEGIATAN,
    JENIS_POST,
    JENIS_SEBELUM_SESUDAH,
    KATEGORI,
    KATEGORI_LAINNYA,
    KEGIATAN_PHOTOS_MAX,
    PESERTA,
    PESERTA_LAINNYA,
    SEKSI,
)
from models.portal.prefill import PesertaGuess, clean_caption

# The operator's overview counts activities held within this long that are not posted.
UNPOSTED_REACH = timedelta(days=366)


class PortalPost(Base):
    __tablename__ = "portal_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(
        ForeignKey("kampung.id", ondelete="CASCADE"), index=True
    )
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting.id", ondelete="CASCADE"), unique=True
    )
    poktan_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("poktan_session.id", ondelete="CASCADE"), unique=True
    )
    seksi_id: Mapped[int | None] = mapped_column(Integer)
    kategori_id: Mapped[int | None] = mapped_column(Integer)  # 0: "* Lainnya"
    peserta: Mapped[str] = mapped_column(String(64))  # list ids, "6,7"
    peserta_confirmed: Mapped[bool] = mapped_column(Boolean)
    jenis_post_id: Mapped[int | None] = mapped_column(Integer)
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    posted_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def peserta_ids(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.peserta.split(",") if part)


class PortalPostPhoto(Base):
    """A photo of the post, in the album's order, with its portal type and caption.

    It names a meeting's photo (a meeting's post) or a Poktan session's photo (a
    session's post): exactly one of the two columns is set."""

    __tablename__ = "portal_post_photo"
    __table_args__ = (
        UniqueConstraint("post_id", "meeting_photo_id"),
        UniqueConstraint("post_id", "session_photo_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("portal_post.id", ondelete="CASCADE"))
    meeting_photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_photo.id", ondelete="CASCADE")
    )
    session_photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("poktan_session_photo.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))  # Kegiatan, Sebelum, Sesudah
    position: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str | None] = mapped_column(String(CAPTION_MAX))

    @property
    def photo_id(self) -> int | None:
        """The activity photo this row names (a meeting's or a session's)."""
        return self.meeting_photo_id if self.meeting_photo_id is not None else self.session_photo_id


class Step(enum.StrEnum):
    """What the secretary is asked next, in the portal's order."""

    SEKSI = "seksi"
    KATEGORI = "kategori"
    PESERTA = "peserta"
    JENIS = "jenis"
    SEBELUM = "sebelum"
    SESUDAH = "sesudah"
    PICK = "pick"  # Kegiatan: more than 5 photos, choose (optional; "Lanjut")
    CAPTION = "caption"
    DONE = "done"


@dataclass(frozen=True)
class SourcePhoto:
    """A photo the activity keeps (a meeting's or a Poktan session's), oldest first."""

    id: int
    file_id: str
    caption: str | None  # sent with the photo (a meeting's); a session's has none


@dataclass(frozen=True)
class PostPhoto:
    """A photo of the post as the album shows it."""

    photo_id: int
    file_id: str
    kind: str
    caption: str | None


@dataclass(frozen=True)
class PostView:
    """A post with its photos and the activity's photos: everything a step needs."""

    post: PortalPost
    chosen: tuple[PostPhoto, ...]  # in the album's order
    available: tuple[SourcePhoto, ...]  # the activity's photos, oldest first

    @property
    def uncaptioned(self) -> PostPhoto | None:
        if self.post.jenis_post_id != JENIS_KEGIATAN:
            return None
        return next((p for p in self.chosen if not p.caption), None)

    def kind_photo(self, kind: str) -> PostPhoto | None:
        return next((p for p in self.chosen if p.kind == kind), None)

    @property
    def step(self) -> Step:
        return next_step(self)


def next_step(view: PostView) -> Step:
    """The first thing still missing, in the portal's order of fields."""
    post = view.post
    if post.seksi_id is None:
        return Step.SEKSI
    if post.kategori_id is None:
        return Step.KATEGORI
    if not post.peserta_confirmed:
        return Step.PESERTA
    if post.jenis_post_id is None:
        return Step.JENIS
    if post.jenis_post_id == JENIS_SEBELUM_SESUDAH:
        if view.kind_photo(GAMBAR_SEBELUM) is None:
            return Step.SEBELUM
        if view.kind_photo(GAMBAR_SESUDAH) is None:
            return Step.SESUDAH
        return Step.DONE
    if view.uncaptioned is not None:
        return Step.CAPTION
    return Step.DONE


async def post_for_meeting(
    session: AsyncSession, meeting: Meeting, guess: PesertaGuess, now: datetime
) -> PortalPost:
    """The meeting's post, made on first use with the target groups the Poktan name
    (confirmed already when they are clear). Two recaps at once make one post."""
    statement = upsert(session, PortalPost).values(
        kampung_id=meeting.kampung_id,
        meeting_id=meeting.id,
        peserta=",".join(map(str, guess.ids)),
        peserta_confirmed=not guess.unclear,
        created_at=now,
        updated_at=now,
    )
    await session.execute(statement.on_conflict_do_nothing(index_elements=[PortalPost.meeting_id]))
    post = await session.scalar(select(PortalPost).where(PortalPost.meeting_id == meeting.id))
    assert post is not None
    return post


async def post_for_session(
    session: AsyncSession,
    kampung_id: int,
    record: PoktanSession,
    guess: PesertaGuess,
    now: datetime,
) -> PortalPost:
    """A Poktan session's post, made on first use (as ``post_for_meeting``)."""
    statement = upsert(session, PortalPost).values(
        kampung_id=kampung_id,
        poktan_session_id=record.id,
        peserta=",".join(map(str, guess.ids)),
        peserta_confirmed=not guess.unclear,
        created_at=now,
        updated_at=now,
    )
    await session.execute(
        statement.on_conflict_do_nothing(index_elements=[PortalPost.poktan_session_id])
    )
    post = await session.scalar(select(PortalPost).where(PortalPost.poktan_session_id == record.id))
    assert post is not None
    return post


async def find_post(session: AsyncSession, kampung_id: int, meeting_id: int) -> PortalPost | None:
    """The meeting's post, if it exists in ``kampung_id`` (another kampung's: None)."""
    return await session.scalar(
        select(PortalPost).where(
            PortalPost.meeting_id == meeting_id, PortalPost.kampung_id == kampung_id
        )
    )


async def find_session_post(
    session: AsyncSession, kampung_id: int, session_id: int
) -> PortalPost | None:
    """A Poktan session's post, if it exists in ``kampung_id`` (another kampung's: None)."""
    return await session.scalar(
        select(PortalPost).where(
            PortalPost.poktan_session_id == session_id, PortalPost.kampung_id == kampung_id
        )
    )


async def _source_photos(session: AsyncSession, post: PortalPost) -> tuple[SourcePhoto, ...]:
    """The activity's photos, oldest first: the meeting's or the session's."""
    if post.poktan_session_id is not None:
        rows = await session.scalars(
            select(PoktanSessionPhoto)
            .where(PoktanSessionPhoto.session_id == post.poktan_session_id)
            .order_by(PoktanSessionPhoto.id)
        )
        return tuple(SourcePhoto(row.id, row.file_id, None) for row in rows)
    photos = await session.scalars(
        select(MeetingPhoto)
        .where(MeetingPhoto.meeting_id == post.meeting_id)
        .order_by(MeetingPhoto.id)
    )
    return tuple(SourcePhoto(p.id, p.file_id, p.caption) for p in photos)


def _photo_column(post: PortalPost) -> Any:
    """The column of ``portal_post_photo`` that names this post's photos."""
    if post.poktan_session_id is not None:
        return PortalPostPhoto.session_photo_id
    return PortalPostPhoto.meeting_photo_id


def _photo_row(post: PortalPost, photo_id: int, **values: Any) -> PortalPostPhoto:
    if post.poktan_session_id is not None:
        return PortalPostPhoto(post_id=post.id, session_photo_id=photo_id, **values)
    return PortalPostPhoto(post_id=post.id, meeting_photo_id=photo_id, **values)


async def view_of(session: AsyncSession, post: PortalPost) -> PostView:
    photos = await _source_photos(session, post)
    by_id = {photo.id: photo for photo in photos}
    rows = await session.scalars(
        select(PortalPostPhoto)
        .where(PortalPostPhoto.post_id == post.id)
        .order_by(PortalPostPhoto.position, PortalPostPhoto.id)
    )
    chosen = tuple(
        PostPhoto(row.photo_id, by_id[row.photo_id].file_id, row.kind, row.caption)
        for row in rows
        if row.photo_id in by_id and row.photo_id is not None
    )
    return PostView(post, chosen, photos)


def _known(entries: Sequence[tuple[int, str]], key: int) -> bool:
    return any(entry == key for entry, _ in entries)


async def _set(session: AsyncSession, post: PortalPost, now: datetime, **values: object) -> None:
    await session.execute(
        update(PortalPost).where(PortalPost.id == post.id).values(updated_at=now, **values)
    )
    await session.refresh(post)


async def set_seksi(session: AsyncSession, post: PortalPost, seksi_id: int, now: datetime) -> bool:
    if not _known(SEKSI, seksi_id):
        return False
    await _set(session, post, now, seksi_id=seksi_id)
    return True


async def set_kategori(
    session: AsyncSession, post: PortalPost, kategori_id: int, now: datetime
) -> bool:
    if kategori_id != KATEGORI_LAINNYA and not _known(KATEGORI, kategori_id):
        return False
    await _set(session, post, now, kategori_id=kategori_id)
    return True


async def toggle_peserta(
    session: AsyncSession, post: PortalPost, peserta_id: int, now: datetime
) -> bool:
    """Tick or untick a target group (typed "Lainnya" groups are entered in the portal)."""
    if peserta_id == PESERTA_LAINNYA or not _known(PESERTA, peserta_id):
        return False
    ticked = set(post.peserta_ids) ^ {peserta_id}
    await _set(session, post, now, peserta=",".join(map(str, sorted(ticked))))
    return True


async def confirm_peserta(session: AsyncSession, post: PortalPost, now: datetime) -> bool:
    """The target groups as ticked are right; False when none is ticked (the portal
    wants at least one: "Sasaran kegiatan minimal satu")."""
    if not post.peserta_ids:
        return False
    await _set(session, post, now, peserta_confirmed=True)
    return True


class JenisRefusal(enum.StrEnum):
    UNKNOWN = "unknown"
    TOO_FEW_PHOTOS = "too_few_photos"  # Sebelum - Sesudah needs two photos


async def set_jenis(
    session: AsyncSession, post: PortalPost, jenis_id: int, now: datetime
) -> JenisRefusal | None:
    """Choose the post type. Kegiatan takes the first five photos with their own
    captions (cut to 255); Sebelum - Sesudah waits for the two photos to be picked."""
    if not _known(JENIS_POST, jenis_id):
        return JenisRefusal.UNKNOWN
    view = await view_of(session, post)
    if jenis_id == JENIS_SEBELUM_SESUDAH and len(view.available) < 2:
        return JenisRefusal.TOO_FEW_PHOTOS
    await session.execute(delete(PortalPostPhoto).where(PortalPostPhoto.post_id == post.id))
    if jenis_id == JENIS_KEGIATAN:
        session.add_all(
            _photo_row(
                post,
                photo.id,
                kind=GAMBAR_KEGIATAN,
                position=position,
                caption=clean_caption(photo.caption),
            )
            for position, photo in enumerate(view.available[:KEGIATAN_PHOTOS_MAX])
        )
    await _set(session, post, now, jenis_post_id=jenis_id)
    return None


async def _photo_of(session: AsyncSession, post: PortalPost, photo_id: int) -> SourcePhoto | None:
    """One of the activity's own photos (a photo of another activity: None)."""
    photos = await _source_photos(session, post)
    return next((photo for photo in photos if photo.id == photo_id), None)


async def pick_before_after(
    session: AsyncSession, post: PortalPost, kind: str, photo_id: int, now: datetime
) -> bool:
    """Sebelum - Sesudah: ``photo_id`` is the Sebelum (or Sesudah) photo. False for a
    photo of another activity, the same photo twice, or another post type."""
    if post.jenis_post_id != JENIS_SEBELUM_SESUDAH or kind not in (GAMBAR_SEBELUM, GAMBAR_SESUDAH):
        return False
    if await _photo_of(session, post, photo_id) is None:
        return False
    rows = list(
        await session.scalars(select(PortalPostPhoto).where(PortalPostPhoto.post_id == post.id))
    )
    if any(row.photo_id == photo_id and row.kind != kind for row in rows):
        return False
    await session.execute(
        delete(PortalPostPhoto).where(
            PortalPostPhoto.post_id == post.id, PortalPostPhoto.kind == kind
        )
    )
    position = 0 if kind == GAMBAR_SEBELUM else 1
    session.add(_photo_row(post, photo_id, kind=kind, position=position, caption=None))
    await _set(session, post, now)
    return True


class PickResult(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    FULL = "full"  # five chosen already
    REFUSED = "refused"


async def toggle_kegiatan_photo(
    session: AsyncSession, post: PortalPost, photo_id: int, now: datetime
) -> PickResult:
    """Kegiatan: put a photo in the album (at the end) or take it out; at most five."""
    if post.jenis_post_id != JENIS_KEGIATAN:
        return PickResult.REFUSED
    photo = await _photo_of(session, post, photo_id)
    if photo is None:
        return PickResult.REFUSED
    rows = list(
        await session.scalars(select(PortalPostPhoto).where(PortalPostPhoto.post_id == post.id))
    )
    mine = next((row for row in rows if row.photo_id == photo_id), None)
    if mine is not None:
        await session.delete(mine)
        await _set(session, post, now)
        return PickResult.REMOVED
    if len(rows) >= KEGIATAN_PHOTOS_MAX:
        return PickResult.FULL
    session.add(
        _photo_row(
            post,
            photo_id,
            kind=GAMBAR_KEGIATAN,
            position=max((row.position for row in rows), default=-1) + 1,
            caption=clean_caption(photo.caption),
        )
    )
    await _set(session, post, now)
    return PickResult.ADDED


async def set_caption(
    session: AsyncSession, post: PortalPost, photo_id: int, caption: str, now: datetime
) -> bool:
    """The caption of a chosen Kegiatan photo (already cleaned by ``clean_caption``)."""
    changed = await session.execute(
        update(PortalPostPhoto)
        .where(
            PortalPostPhoto.post_id == post.id,
            _photo_column(post) == photo_id,
            PortalPostPhoto.kind == GAMBAR_KEGIATAN,
        )
        .values(caption=caption)
    )
    if not changed.rowcount:
        return False
    await _set(session, post, now)
    return True


async def reset_answers(session: AsyncSession, post: PortalPost, now: datetime) -> None:
    """Ask everything again (the prefilled target groups are kept, to be confirmed)."""
    await session.execute(delete(PortalPostPhoto).where(PortalPostPhoto.post_id == post.id))
    await _set(
        session,
        post,
        now,
        seksi_id=None,
        kategori_id=None,
        peserta_confirmed=False,
        jenis_post_id=None,
        posted_at=None,
        posted_by_id=None,
    )


async def mark_posted(
    session: AsyncSession, post: PortalPost, member_id: int, now: datetime
) -> bool:
    """ "✅ Sudah diposting": True the first time; a second press (or a race) changes nothing."""
    changed = await session.execute(
        update(PortalPost)
        .where(PortalPost.id == post.id, PortalPost.posted_at.is_(None))
        .values(posted_at=now, posted_by_id=member_id, updated_at=now)
    )
    await session.refresh(post)
    return bool(changed.rowcount)


async def unposted_by_kampung(session: AsyncSession, now: datetime) -> dict[int, int]:
    """Per kampung: activities held within ``UNPOSTED_REACH`` whose portal post is not
    marked posted — quarterly meetings (begun, not cancelled) and Poktan sessions held
    (a planned one counts once it is recorded as held)."""
    posted = select(PortalPost.meeting_id).where(
        PortalPost.meeting_id.is_not(None), PortalPost.posted_at.is_not(None)
    )
    posted_sessions = select(PortalPost.poktan_session_id).where(
        PortalPost.poktan_session_id.is_not(None), PortalPost.posted_at.is_not(None)
    )
    rows = await session.execute(
        select(Meeting.kampung_id, func.count(Meeting.id))
        .where(
            Meeting.status == MeetingStatus.SCHEDULED,
            Meeting.starts_at <= now,
            Meeting.starts_at > now - UNPOSTED_REACH,
            Meeting.id.not_in(posted),
        )
        .group_by(Meeting.kampung_id)
    )
    counts = {kampung_id: count for kampung_id, count in rows.all()}
    # A session's day is a date in the kampung's zone; a day's slack either side of the
    # reach changes nothing that matters for a count of a year's posts.
    sessions = await session.execute(
        select(PoktanGroup.kampung_id, func.count(PoktanSession.id))
        .join(PoktanGroup, PoktanGroup.id == PoktanSession.group_id)
        .where(
            PoktanSession.status == SessionStatus.HELD,
            PoktanSession.held_on > (now - UNPOSTED_REACH).date(),
            PoktanSession.id.not_in(posted_sessions),
        )
        .group_by(PoktanGroup.kampung_id)
    )
    for kampung_id, count in sessions.all():
        counts[kampung_id] = counts.get(kampung_id, 0) + count
    return counts
