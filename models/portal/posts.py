"""The portal post of an activity: the secretary's answers, its photos, "Sudah diposting".

One ``PortalPost`` per activity (today a quarterly meeting; ``poktan_session_id`` is
there for a Poktan session). What the bot prefills (title, date, place, description,
agencies) is not stored: it is read again from the meeting each time, so a late guest
or minutes show up. What is stored is what only the secretary can say: Seksi
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
    """A photo of the post, in the album's order, with its portal type and caption."""

    __tablename__ = "portal_post_photo"
    __table_args__ = (UniqueConstraint("post_id", "meeting_photo_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("portal_post.id", ondelete="CASCADE"))
    meeting_photo_id: Mapped[int | None] = mapped_column(
        ForeignKey("meeting_photo.id", ondelete="CASCADE")
    )
    kind: Mapped[str] = mapped_column(String(16))  # Kegiatan, Sebelum, Sesudah
    position: Mapped[int] = mapped_column(Integer)
    caption: Mapped[str | None] = mapped_column(String(CAPTION_MAX))


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
    available: tuple[MeetingPhoto, ...]  # the activity's photos, oldest first

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


async def find_post(session: AsyncSession, kampung_id: int, meeting_id: int) -> PortalPost | None:
    """The meeting's post, if it exists in ``kampung_id`` (another kampung's: None)."""
    return await session.scalar(
        select(PortalPost).where(
            PortalPost.meeting_id == meeting_id, PortalPost.kampung_id == kampung_id
        )
    )


async def view_of(session: AsyncSession, post: PortalPost) -> PostView:
    photos = list(
        await session.scalars(
            select(MeetingPhoto)
            .where(MeetingPhoto.meeting_id == post.meeting_id)
            .order_by(MeetingPhoto.id)
        )
    )
    by_id = {photo.id: photo for photo in photos}
    rows = await session.scalars(
        select(PortalPostPhoto)
        .where(PortalPostPhoto.post_id == post.id)
        .order_by(PortalPostPhoto.position, PortalPostPhoto.id)
    )
    chosen = tuple(
        PostPhoto(row.meeting_photo_id, by_id[row.meeting_photo_id].file_id, row.kind, row.caption)
        for row in rows
        if row.meeting_photo_id in by_id
    )
    return PostView(post, chosen, tuple(photos))


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
            PortalPostPhoto(
                post_id=post.id,
                meeting_photo_id=photo.id,
                kind=GAMBAR_KEGIATAN,
                position=position,
                caption=clean_caption(photo.caption),
            )
            for position, photo in enumerate(view.available[:KEGIATAN_PHOTOS_MAX])
        )
    await _set(session, post, now, jenis_post_id=jenis_id)
    return None


async def _photo_of(session: AsyncSession, post: PortalPost, photo_id: int) -> MeetingPhoto | None:
    return await session.scalar(
        select(MeetingPhoto).where(
            MeetingPhoto.id == photo_id, MeetingPhoto.meeting_id == post.meeting_id
        )
    )


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
    if any(row.meeting_photo_id == photo_id and row.kind != kind for row in rows):
        return False
    await session.execute(
        delete(PortalPostPhoto).where(
            PortalPostPhoto.post_id == post.id, PortalPostPhoto.kind == kind
        )
    )
    position = 0 if kind == GAMBAR_SEBELUM else 1
    session.add(
        PortalPostPhoto(
            post_id=post.id, meeting_photo_id=photo_id, kind=kind, position=position, caption=None
        )
    )
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
    mine = next((row for row in rows if row.meeting_photo_id == photo_id), None)
    if mine is not None:
        await session.delete(mine)
        await _set(session, post, now)
        return PickResult.REMOVED
    if len(rows) >= KEGIATAN_PHOTOS_MAX:
        return PickResult.FULL
    session.add(
        PortalPostPhoto(
            post_id=post.id,
            meeting_photo_id=photo_id,
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
            PortalPostPhoto.meeting_photo_id == photo_id,
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
    """Per kampung: quarterly meetings held (begun, not cancelled, within
    ``UNPOSTED_REACH``) whose portal post is not marked posted."""
    posted = select(PortalPost.meeting_id).where(
        PortalPost.meeting_id.is_not(None), PortalPost.posted_at.is_not(None)
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
    return {kampung_id: count for kampung_id, count in rows.all()}
