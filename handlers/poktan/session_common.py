"""What the session handlers share: the flow's states and draft, rights, the roll's pages.

The draft of a session being recorded (or the one field being changed) lives in
``user_data`` under ``DRAFT``, as every flow of the house keeps its draft
(handlers/flow.py): nothing is stored until Simpan; a flow left alone for
``FLOW_TIMEOUT`` ends and its draft is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ConversationHandler

from handlers.common import is_private, reply, require_member
from models.member import Member
from models.poktan import families, groups
from models.poktan.groups import PoktanGroup
from models.poktan.months import month_of
from models.poktan.sessions import RollPage, SessionProblem, roll_pages
from models.rules.parsing import strip_control
from runtime.context import BotContext
from ui.texts import poktan_sessions as t
from ui.texts.common import plain

(
    DAY,
    TOPIC,
    ROLL,
    COUNT,
    SPEAKERS,
    PHOTOS,
    REVIEW,
    PLAN_WHEN,
    PLAN_PLACE,
    PLAN_TOPIC,
    PLAN_REVIEW,
) = range(11)
END = ConversationHandler.END
DRAFT = "poktan_session_draft"


def draft(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]


def new_draft(context: BotContext, **values: Any) -> dict[str, Any]:
    context.user_data[DRAFT] = dict(values)  # type: ignore[index]
    return context.user_data[DRAFT]  # type: ignore[index]


def local_today(context: BotContext) -> date:
    return context.now().astimezone(context.tz).date()


def typed(update: Update) -> str:
    message = update.effective_message
    return strip_control(message.text or "").strip() if message else ""


async def refuse(update: Update, text: str) -> None:
    """A short reason: a popup for a press, a message for typed text."""
    if update.callback_query is not None:
        await update.callback_query.answer(plain(text), show_alert=True)
    else:
        await reply(update, text)


async def may_manage(
    session: AsyncSession, context: BotContext, member: Member, group_id: int
) -> PoktanGroup | None:
    """The group, if ``member`` may record and change its sessions: one of its chairs,
    or the kampung's secretary; an inactive group or one of another kampung: None."""
    group = await groups.get_group(session, context.kampung_id, group_id)
    if group is None or not group.active:
        return None
    if member.is_admin or await groups.is_chair(session, group.id, member.id):
        return group
    return None


async def manager_of(
    update: Update, context: BotContext, group_id: int
) -> tuple[Member, PoktanGroup] | None:
    """The presser and the group she may manage; otherwise say why not and None."""
    if not is_private(update):
        await refuse(update, t.PKS_IN_PRIVATE)
        return None
    member = await require_member(update, context)
    if member is None:
        return None
    async with context.reading() as session:
        group = await may_manage(session, context, member, group_id)
        found = await groups.get_group(session, context.kampung_id, group_id)
    if group is None:
        await refuse(update, t.PKS_NOT_CHAIR if found is not None else t.PKS_GROUP_GONE)
        return None
    return member, group


def ids_in(data: str, prefix: str) -> list[str]:
    return data.removeprefix(prefix).split(":")


@dataclass(frozen=True)
class Roll:
    """The group's active families as the roll shows them."""

    names: dict[int, str | None]
    pages: list[RollPage]

    @property
    def total(self) -> int:
        return len(self.names)

    def page_keys(self) -> list[tuple[str, int, int]]:
        return [(p.rt, p.part, p.parts) for p in self.pages]


async def load_roll(session: AsyncSession, group_id: int) -> Roll:
    active = await families.list_families(session, group_id, include_inactive=False)
    return Roll(
        {f.id: f.name for f in active},
        roll_pages([(f.id, f.rt) for f in active]),
    )


def problem_text(problem: SessionProblem, day: date | None = None, total: int = 0) -> str:
    """The short reason for a refused session change."""
    if problem is SessionProblem.FUTURE_DATE:
        return t.PKS_DAY_FUTURE
    if problem is SessionProblem.TOO_OLD:
        return t.PKS_DAY_TOO_OLD
    if problem is SessionProblem.BAD_DATE:
        return t.PKS_DAY_BAD
    if problem is SessionProblem.MONTH_SENT:
        return t.pks_month_sent(month_of(day or date.min))
    if problem is SessionProblem.COUNT_TOO_LARGE:
        return t.pks_count_too_large(total)
    if problem is SessionProblem.NOT_A_FAMILY:
        return t.PKS_REFUSED_NOT_A_FAMILY
    if problem is SessionProblem.TOPIC_TOO_LONG:
        return t.PKS_TOPIC_TOO_LONG
    if problem is SessionProblem.PAST_DATE:
        return t.PKS_PLAN_WHEN_PAST
    if problem is SessionProblem.NOT_PLANNED:
        return t.PKS_NOT_PLANNED
    return t.PKS_TEXT_TOO_LONG
