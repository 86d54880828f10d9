"""The kampung (tenant) that owns every other row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import BigInteger, String, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime

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
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    @property
    def rt_list(self) -> list[str]:
        return [rt for rt in self.rt_order.split(",") if rt]

    def has_rt(self, rt: str) -> bool:
        return rt in self.rt_list


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
    kampung = await session.scalar(select(Kampung).where(Kampung.name == name))
    if kampung is None:
        existing = list(await session.scalars(select(Kampung).limit(2)))
        if len(existing) == 1:
            kampung = existing[0]
            kampung.name = name
    if kampung is None:
        kampung = Kampung(name=name, created_at=now)
        session.add(kampung)
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
