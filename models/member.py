"""Members of a kampung: cadres and admins, their registration and consent."""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column


class Poktan(enum.StrEnum):
    """Activity group (kelompok kegiatan) a cadre belongs to."""

    BKB = "BKB"
    BKR = "BKR"
    BKL = "BKL"
    UPPKS = "UPPKS"
    PIK_R = "PIK-R"
    POKJA = "Pokja"
    OTHER = "Lainnya"


class MemberRole(enum.StrEnum):
    ADMIN = "admin"
    CADRE = "cadre"


class MemberStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    LEFT = "left"


class Member(Base):
    """A person known to the bot in one kampung.

    After ``/hapus_data`` the row stays (status ``left``) so past attendance
    tallies keep their counts, but the name and Telegram id are erased.
    """

    __tablename__ = "member"
    __table_args__ = (
        UniqueConstraint("kampung_id", "telegram_id"),
        Index("ix_member_kampung_status", "kampung_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    full_name: Mapped[str | None] = mapped_column(String(64))
    rt: Mapped[str | None] = mapped_column(String(16))
    poktan: Mapped[Poktan | None] = mapped_column(enum_column(Poktan, 16))
    role: Mapped[MemberRole] = mapped_column(enum_column(MemberRole, 16))
    status: Mapped[MemberStatus] = mapped_column(enum_column(MemberStatus, 16))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    blocked_bot: Mapped[bool] = mapped_column(Boolean, default=False)
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_admin(self) -> bool:
        return self.role is MemberRole.ADMIN and self.status is MemberStatus.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.status is MemberStatus.ACTIVE


# --- names -------------------------------------------------------------------

NAME_MIN_LENGTH = 2
NAME_MAX_LENGTH = 64
_NAME_PUNCTUATION = frozenset(" .'-")


class NameProblem(enum.StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BAD_CHARACTERS = "bad_characters"


class InvalidName(ValueError):
    def __init__(self, problem: NameProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def clean_full_name(text: str) -> str:
    """Return the normalised full name, or raise ``InvalidName`` saying why.

    Allowed: 2–64 characters of letters (any script), spaces and ``. ' -``,
    starting with a letter. Runs of spaces collapse to one; typographic
    apostrophes become ``'``.
    """
    name = unicodedata.normalize("NFC", text).replace("\u2019", "'").replace("`", "'")
    name = re.sub(r"\s+", " ", name).strip()
    if len(name) > NAME_MAX_LENGTH:
        raise InvalidName(NameProblem.TOO_LONG)
    if any(not (ch.isalpha() or ch in _NAME_PUNCTUATION) for ch in name):
        raise InvalidName(NameProblem.BAD_CHARACTERS)
    if len(name) < NAME_MIN_LENGTH or sum(ch.isalpha() for ch in name) < NAME_MIN_LENGTH:
        raise InvalidName(NameProblem.TOO_SHORT)
    if not name[0].isalpha():
        raise InvalidName(NameProblem.BAD_CHARACTERS)
    return name


# --- queries -----------------------------------------------------------------


async def get_member(session: AsyncSession, kampung_id: int, member_id: int) -> Member | None:
    member = await session.get(Member, member_id)
    if member is None or member.kampung_id != kampung_id:
        return None
    return member


async def get_member_by_telegram_id(
    session: AsyncSession, kampung_id: int, telegram_id: int
) -> Member | None:
    return await session.scalar(
        select(Member).where(Member.kampung_id == kampung_id, Member.telegram_id == telegram_id)
    )


async def list_active_admins(session: AsyncSession, kampung_id: int) -> Sequence[Member]:
    result = await session.scalars(
        select(Member)
        .where(
            Member.kampung_id == kampung_id,
            Member.role == MemberRole.ADMIN,
            Member.status == MemberStatus.ACTIVE,
            Member.telegram_id.is_not(None),
        )
        .order_by(Member.id)
    )
    return result.all()


async def list_pending(session: AsyncSession, kampung_id: int) -> Sequence[Member]:
    result = await session.scalars(
        select(Member)
        .where(Member.kampung_id == kampung_id, Member.status == MemberStatus.PENDING)
        .order_by(Member.created_at, Member.id)
    )
    return result.all()


# --- registration ------------------------------------------------------------


@dataclass(frozen=True)
class Registration:
    """What a user gave in the registration flow, already validated."""

    telegram_id: int
    full_name: str
    rt: str
    poktan: Poktan
    consent_at: datetime


async def register_member(
    session: AsyncSession,
    kampung_id: int,
    registration: Registration,
    *,
    admin_ids: Collection[int],
    now: datetime,
) -> tuple[Member, bool]:
    """Store a registration; return the member and whether it was created now.

    Users listed as admins become active admins at once; everybody else waits
    for approval. A second confirmation of the same registration (a double
    press) returns the existing row unchanged.
    """
    existing = await get_member_by_telegram_id(session, kampung_id, registration.telegram_id)
    if existing is not None:
        return existing, False
    is_admin = registration.telegram_id in admin_ids
    member = Member(
        kampung_id=kampung_id,
        telegram_id=registration.telegram_id,
        full_name=registration.full_name,
        rt=registration.rt,
        poktan=registration.poktan,
        role=MemberRole.ADMIN if is_admin else MemberRole.CADRE,
        status=MemberStatus.ACTIVE if is_admin else MemberStatus.PENDING,
        consent_at=registration.consent_at,
        blocked_bot=False,
        decided_at=now if is_admin else None,
        created_at=now,
        updated_at=now,
    )
    session.add(member)
    await session.flush()
    return member, True


class Decision(enum.StrEnum):
    APPROVED = "approved"
    REJECTED = "rejected"
    ALREADY_DECIDED = "already_decided"
    NOT_FOUND = "not_found"


async def decide_registration(
    session: AsyncSession,
    kampung_id: int,
    member_id: int,
    *,
    approve: bool,
    admin: Member,
    now: datetime,
) -> tuple[Decision, Member | None]:
    """Approve or reject a pending registration, once.

    The caller has checked that ``admin`` is an active admin of this kampung.
    A registration already decided (by this or another admin) stays as it is:
    the decision is one ``UPDATE … WHERE status = 'pending'``, so of two admins
    deciding at the same instant exactly one changes the row.
    """
    member = await get_member(session, kampung_id, member_id)
    if member is None or member.status is MemberStatus.LEFT:
        return Decision.NOT_FOUND, None
    decided = await session.execute(
        update(Member)
        .where(Member.id == member.id, Member.status == MemberStatus.PENDING)
        .values(
            status=MemberStatus.ACTIVE if approve else MemberStatus.REJECTED,
            decided_at=now,
            decided_by_id=admin.id,
            updated_at=now,
        )
        .returning(Member.id),
        execution_options={"synchronize_session": "fetch"},
    )
    if decided.first() is None:
        await session.refresh(member)  # what the other admin stored
        if member.status is MemberStatus.LEFT:
            return Decision.NOT_FOUND, None
        return Decision.ALREADY_DECIDED, member
    return (Decision.APPROVED if approve else Decision.REJECTED), member


async def sync_admins(
    session: AsyncSession, kampung_id: int, admin_ids: Collection[int], *, now: datetime
) -> None:
    """Make the registered members listed in the settings admins, and only them.

    The settings are the one place admins are named, so removing an id there
    takes the admin rights away at the next start.
    """
    result = await session.scalars(
        select(Member).where(
            Member.kampung_id == kampung_id,
            Member.telegram_id.is_not(None),
            Member.status != MemberStatus.LEFT,
        )
    )
    for member in result:
        listed = member.telegram_id in admin_ids
        if listed and not member.is_admin:
            member.role = MemberRole.ADMIN
            member.status = MemberStatus.ACTIVE
            member.decided_at = member.decided_at or now
            member.updated_at = now
        elif not listed and member.role is MemberRole.ADMIN:
            member.role = MemberRole.CADRE
            member.updated_at = now
    await session.flush()


# --- profile -----------------------------------------------------------------


def update_profile(
    member: Member,
    *,
    now: datetime,
    full_name: str | None = None,
    rt: str | None = None,
    poktan: Poktan | None = None,
) -> None:
    """Change a member's own data; values are validated by the caller's parsers."""
    if full_name is not None:
        member.full_name = full_name
    if rt is not None:
        member.rt = rt
    if poktan is not None:
        member.poktan = poktan
    member.updated_at = now


def erase_member(member: Member, *, now: datetime) -> None:
    """Erase a member's personal data (``/hapus_data``).

    The name, Telegram id and consent go; RT and Poktan stay so that past
    attendance totals by RT and Poktan still add up, without a name.
    """
    member.full_name = None
    member.telegram_id = None
    member.consent_at = None
    member.status = MemberStatus.LEFT
    member.role = MemberRole.CADRE
    member.erased_at = now
    member.updated_at = now


def mark_blocked(member: Member, *, blocked: bool, now: datetime) -> None:
    """Record that the member blocked (or unblocked) the bot."""
    if member.blocked_bot == blocked:
        return
    member.blocked_bot = blocked
    member.blocked_at = now if blocked else None
    member.updated_at = now
