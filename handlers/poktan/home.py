"""``/kelompok``: the chair's groups, and each group's menu (families and sessions).

A chair sees only the groups she chairs; a chair of two picks one. The session buttons
(``pks:new|plan|list:<group id>``) are rendered here and handled by the sessions room.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.common import edit_text, is_private, reply, require_member
from handlers.poktan.common import group_access, ids
from models.poktan import families, groups
from models.poktan.groups import PoktanGroup
from runtime.context import BotContext
from ui import keyboards_poktan as kb
from ui import texts
from ui.texts import poktan as t


async def home_view(context: BotContext, group: PoktanGroup) -> tuple[str, Any]:
    async with context.reading() as session:
        count = await families.count_active_families(session, group.id)
    return t.group_home(group, count), kb.group_home(group.id)


async def kelompok(update: Update, context: BotContext) -> None:
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return
    member = await require_member(update, context)
    if member is None:
        return
    async with context.reading() as session:
        mine = await groups.groups_of_chair(session, context.kampung_id, member.id)
    if not mine:
        await reply(
            update, t.KELOMPOK_SECRETARY_HINT if member.is_admin else t.KELOMPOK_NOT_A_CHAIR
        )
        return
    if len(mine) > 1:
        await reply(update, t.PICK_GROUP, kb.pick_group(mine))
        return
    await reply(update, *await home_view(context, mine[0]))


async def open_group(update: Update, context: BotContext) -> None:
    [group_id] = ids(update.callback_query.data, kb.CB_PKC_GROUP)
    access = await group_access(update, context, group_id, chair_only=True)
    if access is None:
        return
    await update.callback_query.answer()
    await edit_text(update, *await home_view(context, access.group))


def home_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("kelompok", kelompok),
        CallbackQueryHandler(open_group, pattern=r"^pkc:g:\d{1,9}\Z"),
    ]
