"""Members of a kampung: cadres and admins, their registration and consent.

The secretary's work on the member list (cadres added without Telegram, moving,
deactivating, removing, approving all) is in ``models/member_admin.py``, re-exported here.
"""

from __future__ import annotations

import enum
import re
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    bindparam,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column
from models.codes import hash_code, new_code
from models.kampung import admin_ids_of
from models.rules.parsing import strip_control


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
    INACTIVE = "inactive"  # moved away: kept with her history, no longer counted or asked


class Member(Base):
    """A person known to the bot in one kampung.

    After ``/hapus_data`` the row stays (status ``left``) so past attendance
    tallies keep their counts, but the name and Telegram id are erased.
    """

    __tablename__ = "member"
    __table_args__ = (
        UniqueConstraint("kampung_id", "telegram_id"),
        Index("ix_member_kampung_status", "kampung_id", "status"),
        # The tenancy resolver's lookup of a user's memberships in every kampung.
        Index("ix_member_telegram_id", "telegram_id"),
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


# --- Poktan typed as text ---

_POKTAN_NAMES: dict[str, Poktan] = {
    "bkb": Poktan.BKB,
    "bina keluarga balita": Poktan.BKB,
    "bkr": Poktan.BKR,
    "bina keluarga remaja": Poktan.BKR,
    "bkl": Poktan.BKL,
    "bina keluarga lansia": Poktan.BKL,
    "uppks": Poktan.UPPKS,
    "uppka": Poktan.UPPKS,
    "pikr": Poktan.PIK_R,
    "pik r": Poktan.PIK_R,
    "pik": Poktan.PIK_R,
    "pokja": Poktan.POKJA,
    "pokja kampung kb": Poktan.POKJA,
    "lainnya": Poktan.OTHER,
    "lain lain": Poktan.OTHER,
    "lain": Poktan.OTHER,
}


def read_poktan(text: str) -> Poktan | None:
    """The Poktan a typed answer names ("bkb", "BKR", "Poktan PIK-R", "pik r"), or None."""
    words = re.sub(r"[^a-z0-9]+", " ", text.casefold()).split()
    if words[:1] == ["poktan"] or words[:1] == ["kader"]:
        words = words[1:]
    return _POKTAN_NAMES.get(" ".join(words))


# --- names -------------------------------------------------------------------

NAME_MIN_LENGTH = 2
NAME_MAX_LENGTH = 64
_NAME_PUNCTUATION = frozenset(" .,'-")


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

    Allowed: 2–64 characters of letters (any script), spaces and ``. , ' -``,
    starting with a letter, so titles and degrees fit ("Hj. Nurhasanah, S.Pd.",
    "Dr. H. Ahmad, M.Kes"). Runs of spaces collapse to one, a comma is followed by
    one space and never ends the name; typographic apostrophes become ``'``.
    """
    name = unicodedata.normalize("NFC", strip_control(text))
    name = name.replace("\u2019", "'").replace("`", "'")
    name = re.sub(r"\s*,[\s,]*", ", ", name)
    name = re.sub(r"\s+", " ", name).strip().rstrip(",").strip()
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


# Built once (every update runs it): a statement object keeps its cache key, so running
# it again skips building the statement and hashing it (issue 20). So are the other
# statements of /jadwal and the RSVP press, each named in capitals beside its function.
_MEMBER_BY_TELEGRAM_ID = select(Member).where(
    Member.kampung_id == bindparam("kampung_id"), Member.telegram_id == bindparam("telegram_id")
)


async def get_member_by_telegram_id(
    session: AsyncSession, kampung_id: int, telegram_id: int
) -> Member | None:
    return await session.scalar(
        _MEMBER_BY_TELEGRAM_ID, {"kampung_id": kampung_id, "telegram_id": telegram_id}
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


async def sync_admins(session: AsyncSession, kampung_id: int, *, now: datetime) -> None:
    """Make the registered members listed as the kampung's secretaries (``kampung_admin``,
    seeded from ``ADMIN_IDS`` and kept by operators) admins, and only them.

    Called after every change of that list, so an appointment or a dismissal, and an
    id removed from the settings (at the next start), takes effect on the member.
    """
    admin_ids = await admin_ids_of(session, kampung_id)
    # Two UPDATEs that touch only the members whose role changes: loading every member
    # of a kampung of 10,000 to compare took 25 MB at each start (issue 20's memory).
    present = (
        Member.kampung_id == kampung_id,
        Member.telegram_id.is_not(None),
        Member.status != MemberStatus.LEFT,
    )
    await session.execute(
        update(Member)
        .where(
            *present,
            Member.telegram_id.in_(admin_ids),
            ~((Member.role == MemberRole.ADMIN) & (Member.status == MemberStatus.ACTIVE)),
        )
        .values(
            role=MemberRole.ADMIN,
            status=MemberStatus.ACTIVE,
            decided_at=func.coalesce(Member.decided_at, now),
            updated_at=now,
        )
        .execution_options(synchronize_session="fetch")
    )
    await session.execute(
        update(Member)
        .where(*present, Member.telegram_id.not_in(admin_ids), Member.role == MemberRole.ADMIN)
        .values(role=MemberRole.CADRE, updated_at=now)
        .execution_options(synchronize_session="fetch")
    )


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


async def unblock_everywhere(session: AsyncSession, telegram_id: int, *, now: datetime) -> int:
    """The person unblocked the bot: every kampung may write to her again (how many rows).

    Telegram says so once, in her private chat, not per kampung.
    """
    result = await session.execute(
        update(Member)
        .where(Member.telegram_id == telegram_id, Member.blocked_bot.is_(True))
        .values(blocked_bot=False, blocked_at=None, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


# Still a member, with her history: what a secretary may change, or link to a Telegram.
_KEPT = (MemberStatus.ACTIVE, MemberStatus.INACTIVE)


# --- one-time links: a member added by an admin joins with her Telegram ------

LINK_PREFIX = "link_"
LINK_VALID_FOR = timedelta(days=7)


class MemberLink(Base):
    """A single-use code that binds a Telegram account to an existing member row.

    Only a hash of the code is stored: the code itself exists in the link alone.
    """

    __tablename__ = "member_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("member.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


async def create_link(session: AsyncSession, member: Member, *, by: Member, now: datetime) -> str:
    """A new unguessable code for ``member`` (the ``/start`` parameter, prefix included).

    Earlier unused codes of the same member stop working: only the latest link counts.
    """
    await session.execute(
        update(MemberLink)
        .where(MemberLink.member_id == member.id, MemberLink.used_at.is_(None))
        .values(expires_at=now)
    )
    code = new_code(LINK_PREFIX)
    session.add(
        MemberLink(
            kampung_id=member.kampung_id,
            member_id=member.id,
            code_hash=hash_code(code),
            created_by_id=by.id,
            created_at=now,
            expires_at=now + LINK_VALID_FOR,
        )
    )
    await session.flush()
    return code


async def kampung_of_link(session: AsyncSession, code: str) -> int | None:
    """The kampung a member link was made in (used or not: the code tells no more than that)."""
    return await session.scalar(
        select(MemberLink.kampung_id).where(MemberLink.code_hash == hash_code(code))
    )


class LinkResult(enum.StrEnum):
    LINKED = "linked"
    INVALID = "invalid"  # unknown, forged, or for another kampung
    EXPIRED = "expired"
    USED = "used"
    ALREADY_MEMBER = "already_member"  # this Telegram account is a member here already
    MEMBER_GONE = "member_gone"  # the member was removed or already has Telegram


async def check_link(
    session: AsyncSession, kampung_id: int, code: str, *, now: datetime
) -> tuple[LinkResult, Member | None]:
    """What ``code`` would do now, changing nothing (to show it before the consent)."""
    link = await session.scalar(
        select(MemberLink).where(
            MemberLink.code_hash == hash_code(code), MemberLink.kampung_id == kampung_id
        )
    )
    if link is None:
        return LinkResult.INVALID, None
    if link.used_at is not None:
        return LinkResult.USED, None
    if link.expires_at <= now:
        return LinkResult.EXPIRED, None
    member = await get_member(session, kampung_id, link.member_id)
    if member is None or member.telegram_id is not None or member.status not in _KEPT:
        return LinkResult.MEMBER_GONE, None
    return LinkResult.LINKED, member


async def use_link(
    session: AsyncSession,
    kampung_id: int,
    code: str,
    *,
    telegram_id: int,
    consent_at: datetime,
    now: datetime,
) -> tuple[LinkResult, Member | None]:
    """Bind ``telegram_id`` to the member of ``code``, once; her history stays hers.

    An account that is an active (or inactive) member here already is refused; a
    registration of hers that is pending or was rejected is replaced by this row.

    The code is spent by ``UPDATE … WHERE used_at IS NULL AND expires_at > now``, so of
    two uses at the same moment exactly one binds; the member row is then bound with
    ``… WHERE telegram_id IS NULL``. A refused use changes nothing.
    """
    result, member = await check_link(session, kampung_id, code, now=now)
    if result is not LinkResult.LINKED or member is None:
        return result, None
    own = await get_member_by_telegram_id(session, kampung_id, telegram_id)
    if own is not None and own.status in _KEPT:
        return LinkResult.ALREADY_MEMBER, None
    spent = await session.execute(
        update(MemberLink)
        .where(
            MemberLink.code_hash == hash_code(code),
            MemberLink.used_at.is_(None),
            MemberLink.expires_at > now,
        )
        .values(used_at=now)
        .returning(MemberLink.id)
    )
    if spent.first() is None:
        return LinkResult.USED, None
    if own is not None:
        # Her own registration, still pending or rejected, gives way to the row the
        # secretary made for her: it is erased, so one person is one member.
        erase_member(own, now=now)
        await session.flush()
    bound = await session.execute(
        update(Member)
        .where(Member.id == member.id, Member.telegram_id.is_(None))
        .values(
            telegram_id=telegram_id,
            consent_at=consent_at,
            blocked_bot=False,
            blocked_at=None,
            updated_at=now,
        )
        .returning(Member.id),
        execution_options={"synchronize_session": "fetch"},
    )
    if bound.first() is None:
        raise LinkRace
    await session.refresh(member)
    return LinkResult.LINKED, member


class LinkRace(RuntimeError):
    """The member was bound by another code at the same instant: roll the use back."""


# The secretary's work on the member list is in ``models/member_admin.py``, which imports
# the names above; re-exported here, once they exist, for ``from models.member import …``.
from models.member_admin import (  # noqa: E402, F401
    MemberChange,
    MemberLine,
    MemberLineProblem,
    add_members,
    approve_all_pending,
    list_members,
    move_member,
    parse_member_lines,
    remove_member,
    set_member_active,
)
