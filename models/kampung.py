"""The kampung (tenant) that owns every other row."""

from __future__ import annotations

import enum
import secrets
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import (
    BigInteger,
    Boolean,
    ForeignKey,
    String,
    UniqueConstraint,
    delete,
    func,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, enum_column, upsert
from models.codes import hash_code, new_code

GROUP_FROM_SETTINGS = "settings"
GROUP_FROM_TELEGRAM = "telegram"


class Kampung(Base):
    """One Kampung KB. Every member, meeting and reminder belongs to exactly one."""

    __tablename__ = "kampung"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    timezone: Mapped[str] = mapped_column(String(64))
    # Host-rotation order, comma separated ("01,02,03"). Kept as text so the
    # column is the same on every backend; read it through ``rt_list``.
    rt_order: Mapped[str] = mapped_column(String(1000))
    group_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    # Where the binding came from: "settings" (GROUP_CHAT_ID) or "telegram"
    # (/ikat_grup, or the group's own upgrade to a supergroup). See ensure_kampung.
    group_source: Mapped[str | None] = mapped_column(String(16))
    # The ``start`` parameter of the kampung's invite link (t.me/<bot>?start=<code>):
    # random, so nobody can guess another kampung's link.
    invite_code: Mapped[str | None] = mapped_column(String(32), unique=True)
    # The kampung described by the settings (KAMPUNG_NAME, RT_LIST, ADMIN_IDS, …);
    # exactly one, the first. The others are made by an operator with /kampung.
    from_settings: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def rt_list(self) -> list[str]:
        return [rt for rt in self.rt_order.split(",") if rt]

    def has_rt(self, rt: str) -> bool:
        return rt in self.rt_list

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


async def ensure_kampung(
    session: AsyncSession,
    *,
    name: str,
    timezone: str,
    rt_list: Sequence[str],
    group_chat_id: int | None,
    now: datetime,
) -> Kampung:
    """Create the kampung named in the settings, or bring it up to date with them.

    When the name changed and the database holds exactly one kampung, that one
    is renamed: correcting a typo in the settings must not start an empty kampung.
    Group precedence: a binding made in Telegram (``/ikat_grup``, or the group's
    upgrade to a supergroup) is never overwritten by ``GROUP_CHAT_ID``; the
    setting binds the group only while no binding was made in Telegram.
    """
    seeded = await session.scalar(select(Kampung).where(Kampung.from_settings.is_(True)))
    if seeded is None:
        existing = list(await session.scalars(select(Kampung).limit(2)))
        seeded = existing[0] if len(existing) == 1 else None
    kampung = await session.scalar(select(Kampung).where(Kampung.name == name))
    if kampung is None and seeded is not None:
        kampung = seeded
        kampung.name = name
    if kampung is None:
        kampung = Kampung(name=name, created_at=now)
        session.add(kampung)
    if seeded is not None and seeded is not kampung:
        seeded.from_settings = False  # KAMPUNG_NAME now names another, existing kampung
    kampung.from_settings = True
    kampung.invite_code = kampung.invite_code or new_invite_code()
    kampung.timezone = timezone
    kampung.rt_order = ",".join(rt_list)
    if group_chat_id is not None and kampung.group_source != GROUP_FROM_TELEGRAM:
        kampung.group_chat_id = group_chat_id
        kampung.group_source = GROUP_FROM_SETTINGS
    kampung.updated_at = now
    await session.flush()
    return kampung


def bind_group(kampung: Kampung, chat_id: int, *, now: datetime) -> None:
    """Bind the kampung's group from Telegram; it outranks ``GROUP_CHAT_ID`` from now on."""
    kampung.group_chat_id = chat_id
    kampung.group_source = GROUP_FROM_TELEGRAM
    kampung.updated_at = now


class GroupBindingChanged(Exception):
    """The group or the kampung was bound elsewhere since the secretary was asked."""


async def bind_group_checked(
    session: AsyncSession,
    kampung_id: int,
    chat_id: int,
    *,
    group_was: int | None,
    kampung_group_was: int | None,
    now: datetime,
) -> None:
    """Bind ``chat_id`` to the kampung, as the secretary saw it when asked.

    She saw the group bound to kampung ``group_was`` (None: to none) and the kampung
    bound to group ``kampung_group_was`` (None: none). A group serves one kampung: the
    kampung it was bound to loses it (and ``GROUP_CHAT_ID`` no longer puts it back).
    Two conditional UPDATEs: if either finds the bindings changed meanwhile (another
    secretary, a stale or forged confirmation), ``GroupBindingChanged`` is raised and
    the caller's transaction rolls both back.

    Two secretaries binding two kampungs to one group at once share no row, so the
    bindings take turns on every kampung row first (``FOR NO KEY UPDATE``, in id order;
    registrations' ``FOR KEY SHARE`` is not held up). On PostgreSQL the UPDATEs then see
    the other's committed binding; SQLite's write lock already makes writers take turns.
    """
    await session.execute(select(Kampung.id).order_by(Kampung.id).with_for_update(key_share=True))
    was = (
        Kampung.group_chat_id.is_(None)
        if kampung_group_was is None
        else Kampung.group_chat_id == kampung_group_was
    )
    bound = await session.execute(
        update(Kampung)
        .where(Kampung.id == kampung_id, was)
        .values(group_chat_id=chat_id, group_source=GROUP_FROM_TELEGRAM, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    left = await session.execute(
        update(Kampung)
        .where(Kampung.group_chat_id == chat_id, Kampung.id != kampung_id)
        .values(group_chat_id=None, group_source=GROUP_FROM_TELEGRAM, updated_at=now)
        .returning(Kampung.id)
        .execution_options(synchronize_session=False)
    )
    others = [row[0] for row in left]
    expected = [] if group_was is None or group_was == kampung_id else [group_was]
    if bound.rowcount != 1 or others != expected:
        raise GroupBindingChanged


async def move_group(
    session: AsyncSession, old_chat_id: int, new_chat_id: int, *, now: datetime
) -> bool:
    """The group became a supergroup with a new id: follow it; False if not ours."""
    result = await session.execute(
        update(Kampung)
        .where(Kampung.group_chat_id == old_chat_id)
        .values(group_chat_id=new_chat_id, group_source=GROUP_FROM_TELEGRAM, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount > 0


async def get_kampung(session: AsyncSession, kampung_id: int) -> Kampung:
    """Load the kampung by id; it exists for the whole life of the process."""
    return await session.get_one(Kampung, kampung_id)


# --- many kampungs ----------------------------------------------------------------------


def new_invite_code() -> str:
    """A code for an invite link: 16 URL-safe random characters (96 bits)."""
    return secrets.token_urlsafe(12)


class NewKampungOutcome(enum.StrEnum):
    CREATED = "created"
    NAME_TAKEN = "name_taken"


async def create_kampung(
    session: AsyncSession, *, name: str, timezone: str, rt_list: Sequence[str], now: datetime
) -> tuple[NewKampungOutcome, Kampung | None]:
    """Make a kampung (an operator's ``/kampung``); the name is unique.

    One ``INSERT … ON CONFLICT DO NOTHING``: of two operators creating the same
    name at once, one gets ``NAME_TAKEN``.
    """
    inserted = await session.execute(
        upsert(session, Kampung)
        .values(
            name=name,
            timezone=timezone,
            rt_order=",".join(rt_list),
            invite_code=new_invite_code(),
            from_settings=False,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing()
        .returning(Kampung.id)
    )
    kampung_id = inserted.scalar()
    if kampung_id is None:
        return NewKampungOutcome.NAME_TAKEN, None
    return NewKampungOutcome.CREATED, await session.get_one(Kampung, kampung_id)


async def list_kampungs(session: AsyncSession) -> Sequence[Kampung]:
    return (await session.scalars(select(Kampung).order_by(Kampung.id))).all()


async def count_kampungs(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Kampung)) or 0)


async def kampung_by_invite(session: AsyncSession, code: str) -> Kampung | None:
    if not code:
        return None
    return await session.scalar(select(Kampung).where(Kampung.invite_code == code))


async def kampung_by_group(session: AsyncSession, chat_id: int) -> Kampung | None:
    return await session.scalar(select(Kampung).where(Kampung.group_chat_id == chat_id))


async def hold_kampung(session: AsyncSession, kampung_id: int) -> bool:
    """Whether the kampung still exists, kept so until the transaction ends (``FOR KEY
    SHARE`` on PostgreSQL): an operator removing it meanwhile waits, then finds it in use."""
    held = await session.scalar(
        select(Kampung.id)
        .where(Kampung.id == kampung_id)
        .with_for_update(read=True, key_share=True)
    )
    return held is not None


async def find_kampung(session: AsyncSession, kampung_id: int) -> Kampung | None:
    """The kampung with this id, or None (ids in operators' buttons can be forged)."""
    return await session.get(Kampung, kampung_id)


# --- secretaries (admins) per kampung ----------------------------------------------------


class AdminSource(enum.StrEnum):
    SETTINGS = "settings"  # ADMIN_IDS, for the kampung seeded from the settings
    OPERATOR = "operator"  # appointed by an operator with /kampung


class KampungAdmin(Base):
    """A Telegram user who is a secretary (admin) of one kampung.

    The list of record: a member of the kampung with this Telegram id is an
    admin (``sync_admins``); someone appointed before registering becomes an
    admin when she registers through the kampung's link.
    """

    __tablename__ = "kampung_admin"
    __table_args__ = (UniqueConstraint("kampung_id", "telegram_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    telegram_id: Mapped[int] = mapped_column(BigInteger)
    source: Mapped[AdminSource] = mapped_column(enum_column(AdminSource, 16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def admin_ids_of(session: AsyncSession, kampung_id: int) -> set[int]:
    """The Telegram ids that are secretaries of this kampung."""
    rows = await session.scalars(
        select(KampungAdmin.telegram_id).where(KampungAdmin.kampung_id == kampung_id)
    )
    return set(rows)


async def all_admin_ids(session: AsyncSession) -> set[int]:
    """Every secretary of every kampung (for the admin command menus)."""
    return set(await session.scalars(select(KampungAdmin.telegram_id).distinct()))


async def seed_settings_admins(
    session: AsyncSession, kampung_id: int, admin_ids: Collection[int], *, now: datetime
) -> None:
    """``ADMIN_IDS`` names the settings kampung's secretaries: make the list say so.

    Ids that an operator appointed stay; ids no longer in ``ADMIN_IDS`` go. An id that
    ``/hapus_data`` removed comes back while it is listed: ``ADMIN_IDS`` is the
    operator's standing appointment, in a file the bot does not edit (README *Privacy*;
    the erasure's confirmation tells her so).
    """
    await session.execute(
        delete(KampungAdmin).where(
            KampungAdmin.kampung_id == kampung_id,
            KampungAdmin.source == AdminSource.SETTINGS,
            KampungAdmin.telegram_id.not_in(list(admin_ids) or [0]),
        )
    )
    for telegram_id in admin_ids:
        await appoint_admin(session, kampung_id, telegram_id, AdminSource.SETTINGS, now=now)


async def appoint_admin(
    session: AsyncSession,
    kampung_id: int,
    telegram_id: int,
    source: AdminSource = AdminSource.OPERATOR,
    *,
    now: datetime,
) -> bool:
    """Add a secretary; False if she already was one (ON CONFLICT DO NOTHING)."""
    inserted = await session.execute(
        upsert(session, KampungAdmin)
        .values(kampung_id=kampung_id, telegram_id=telegram_id, source=source, created_at=now)
        .on_conflict_do_nothing()
        .returning(KampungAdmin.id)
    )
    return inserted.scalar() is not None


# --- one-time secretary invitations ----------------------------------------------------------

SECRETARY_INVITE_PREFIX = "sek_"
SECRETARY_INVITE_VALID_FOR = timedelta(days=7)


class SecretaryInvite(Base):
    """A single-use link that makes whoever opens it a secretary of one kampung.

    An operator rarely knows a future secretary's Telegram id, and a forwarded
    message hides it when she set her privacy so; a link sent by WhatsApp does
    not need either. Only a hash of the code is stored.
    """

    __tablename__ = "secretary_invite"

    id: Mapped[int] = mapped_column(primary_key=True)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[int] = mapped_column(BigInteger)  # the operator's Telegram id
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by: Mapped[int | None] = mapped_column(BigInteger)  # who became secretary with it


async def create_secretary_invite(
    session: AsyncSession, kampung_id: int, *, by: int, now: datetime
) -> str:
    """A new code (the ``/start`` parameter, prefix included) valid for 7 days, once."""
    code = new_code(SECRETARY_INVITE_PREFIX)
    session.add(
        SecretaryInvite(
            kampung_id=kampung_id,
            code_hash=hash_code(code),
            created_by=by,
            created_at=now,
            expires_at=now + SECRETARY_INVITE_VALID_FOR,
        )
    )
    await session.flush()
    return code


async def kampung_of_secretary_invite(session: AsyncSession, code: str) -> int | None:
    """The kampung a secretary invitation was made for (used or not)."""
    return await session.scalar(
        select(SecretaryInvite.kampung_id).where(SecretaryInvite.code_hash == hash_code(code))
    )


class InviteResult(enum.StrEnum):
    APPOINTED = "appointed"
    ALREADY = "already"  # she is a secretary here already: the code stays unused
    INVALID = "invalid"  # unknown, forged, or for another kampung
    EXPIRED = "expired"
    USED = "used"


async def use_secretary_invite(
    session: AsyncSession, kampung_id: int, code: str, *, telegram_id: int, now: datetime
) -> tuple[InviteResult, SecretaryInvite | None]:
    """Make ``telegram_id`` a secretary of ``kampung_id`` with ``code``, once.

    The code is spent by ``UPDATE … WHERE used_at IS NULL AND expires_at > now``, so
    of two people opening it at the same moment exactly one becomes secretary. A
    refused use changes nothing.
    """
    invite = await session.scalar(
        select(SecretaryInvite).where(
            SecretaryInvite.code_hash == hash_code(code), SecretaryInvite.kampung_id == kampung_id
        )
    )
    if invite is None:
        return InviteResult.INVALID, None
    if invite.used_at is not None:
        return InviteResult.USED, invite
    if invite.expires_at <= now:
        return InviteResult.EXPIRED, invite
    if telegram_id in await admin_ids_of(session, kampung_id):
        return InviteResult.ALREADY, invite
    spent = await session.execute(
        update(SecretaryInvite)
        .where(
            SecretaryInvite.id == invite.id,
            SecretaryInvite.used_at.is_(None),
            SecretaryInvite.expires_at > now,
        )
        .values(used_at=now, used_by=telegram_id)
        .returning(SecretaryInvite.id),
        execution_options={"synchronize_session": False},
    )
    if spent.first() is None:
        return InviteResult.USED, invite
    await appoint_admin(session, kampung_id, telegram_id, now=now)
    return InviteResult.APPOINTED, invite


async def dismiss_admin(session: AsyncSession, kampung_id: int, telegram_id: int) -> bool:
    """Take a secretary's rights away; False if she was not one (any more)."""
    deleted = await session.execute(
        delete(KampungAdmin)
        .where(KampungAdmin.kampung_id == kampung_id, KampungAdmin.telegram_id == telegram_id)
        .returning(KampungAdmin.id)
    )
    return deleted.first() is not None


# --- which kampung a user is in -------------------------------------------------------------


class KampungChoice(Base):
    """The kampung whose invite link a user opened last: her kampung in private chats."""

    __tablename__ = "kampung_choice"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    kampung_id: Mapped[int] = mapped_column(ForeignKey("kampung.id", ondelete="CASCADE"))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


async def choose_kampung(
    session: AsyncSession, telegram_id: int, kampung_id: int, *, now: datetime
) -> None:
    statement = upsert(session, KampungChoice).values(
        telegram_id=telegram_id, kampung_id=kampung_id, updated_at=now
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[KampungChoice.telegram_id],
            set_={"kampung_id": kampung_id, "updated_at": now},
        )
    )


async def kampung_name_taken(
    session: AsyncSession, name: str, *, other_than: int | None = None
) -> bool:
    """Whether a kampung (other than ``other_than``) has this name already (letter case
    aside)."""
    query = select(Kampung.id).where(func.lower(Kampung.name) == name.lower())
    if other_than is not None:
        query = query.where(Kampung.id != other_than)
    return await session.scalar(query.limit(1)) is not None
