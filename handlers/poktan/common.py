"""What every Poktan handler checks on each press: who is asking, and the group.

A button can be forged or stale: the group it names is looked up in the update's
kampung (a group of another kampung is not found), and the presser's rights are read
again from the database (a secretary of the kampung; a chair of *that* group).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from handlers.common import load_member, refusal_for, reply
from models.broadcast import BroadcastKind, Outgoing, plan_to_chat
from models.member import Member
from models.poktan import groups
from models.poktan.groups import PoktanGroup
from runtime.context import BotContext
from ui import texts
from ui.texts import poktan as t


async def tell_operators(
    session: AsyncSession, context: BotContext, kampung_id: int, message: Outgoing
) -> None:
    """Write ``message`` to each operator (the PKB) through the outbox, in the caller's
    transaction: a register or a K/0 card sent to the PKB."""
    for operator_id in sorted(context.settings.OPERATOR_IDS):
        await plan_to_chat(
            session,
            kampung_id,
            BroadcastKind.POKTAN_REPORT,
            operator_id,
            message,
            now=context.now(),
        )


async def refuse(update: Update, text: str) -> None:
    """Say no: a popup on a press, a message otherwise."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.plain(text), show_alert=True)
    else:
        await reply(update, text)


def ids(data: str, prefix: str) -> list[int]:
    """The numbers after ``prefix`` in callback data (``pkf:v:12:34`` → [12, 34])."""
    return [int(part) for part in data.removeprefix(prefix).split(":") if part.isdigit()]


@dataclass(frozen=True)
class Access:
    member: Member
    group: PoktanGroup
    chair: bool  # she chairs this group

    @property
    def secretary(self) -> bool:
        return self.member.is_admin


async def secretary_of(update: Update, context: BotContext) -> Member | None:
    """The active secretary (admin) of the update's kampung; otherwise refused."""
    async with context.reading() as session:
        member = await load_member(session, context, update)
    refusal = refusal_for(member, admin=True)
    if refusal is not None:
        await refuse(update, refusal)
        return None
    return member


async def group_for_secretary(
    update: Update, context: BotContext, group_id: int
) -> tuple[Member, PoktanGroup] | None:
    member = await secretary_of(update, context)
    if member is None:
        return None
    async with context.reading() as session:
        group = await groups.get_group(session, context.kampung_id, group_id)
    if group is None:
        await refuse(update, t.GROUP_GONE)
        return None
    return member, group


async def group_access(
    update: Update,
    context: BotContext,
    group_id: int,
    *,
    chair_only: bool,
) -> Access | None:
    """The presser may act on this group's families: its chair (the group active), or,
    unless ``chair_only``, the kampung's secretary (she may see and erase families)."""
    async with context.reading() as session:
        member = await load_member(session, context, update)
        refusal = refusal_for(member)
        group = None
        chair = False
        if refusal is None:
            group = await groups.get_group(session, context.kampung_id, group_id)
            if group is not None:
                chair = await groups.is_chair(session, group.id, member.id)
    if refusal is not None:
        await refuse(update, refusal)
        return None
    if group is None:
        await refuse(update, t.GROUP_GONE)
        return None
    if not chair and (chair_only or not member.is_admin):
        await refuse(update, t.NOT_YOUR_GROUP)
        return None
    if chair and not member.is_admin and not group.active:
        await refuse(update, t.GROUP_INACTIVE)
        return None
    if chair_only and not group.active:
        await refuse(update, t.GROUP_INACTIVE)
        return None
    return Access(member, group, chair)
