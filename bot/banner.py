"""The lines a successful start prints: who the bot is, what it serves, what is missing."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.kampung import Kampung
from models.member import Member, MemberRole, MemberStatus
from runtime.config import Settings

logger = logging.getLogger("bot")


@dataclass(frozen=True)
class KampungState:
    name: str
    admins: int  # registered, active admins
    has_group: bool


async def kampung_states(session: AsyncSession) -> list[KampungState]:
    admins = (
        select(Member.kampung_id, func.count().label("admins"))
        .where(Member.role == MemberRole.ADMIN, Member.status == MemberStatus.ACTIVE)
        .group_by(Member.kampung_id)
        .subquery()
    )
    rows = await session.execute(
        select(Kampung.name, func.coalesce(admins.c.admins, 0), Kampung.group_chat_id)
        .outerjoin(admins, admins.c.kampung_id == Kampung.id)
        .order_by(Kampung.name)
    )
    return [KampungState(name, int(count), group is not None) for name, count, group in rows]


def banner_lines(
    username: str, settings: Settings, kampungs: list[KampungState], mode: str
) -> tuple[list[str], list[str]]:
    """(information lines, warning lines) for the start banner."""
    info = [
        f"Bot @{username} is running ({mode}): https://t.me/{username}",
        f"Serving {len(kampungs)} kampung(s): " + ", ".join(k.name for k in kampungs),
    ]
    warnings: list[str] = []
    if not settings.ADMIN_IDS:
        warnings.append(
            "ADMIN_IDS is empty: nobody can approve cadres or plan meetings; put your"
            " Telegram user id in ADMIN_IDS and restart"
        )
    for kampung in kampungs:
        if settings.ADMIN_IDS and kampung.admins == 0:
            warnings.append(
                f"{kampung.name}: no admin has registered yet; the admins in ADMIN_IDS"
                f" should send /start to @{username}"
            )
        if not kampung.has_group:
            warnings.append(
                f"{kampung.name}: no group is set; add @{username} to the kampung's group"
                " and send /ikat_grup there"
            )
    return info, warnings


def log_banner(username: str, settings: Settings, kampungs: list[KampungState], mode: str) -> None:
    info, warnings = banner_lines(username, settings, kampungs, mode)
    for line in info:
        logger.info("%s", line)
    for line in warnings:
        logger.warning("%s", line)
