"""The bot's standing in chats: the kampung's group (removed, muted, added back, upgraded to
a supergroup) and a person's private chat (unblocked)."""

from __future__ import annotations

import logging
from typing import Any

from telegram import ChatMember, ChatMemberRestricted, Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, ChatMemberHandler, MessageHandler, filters

from models.broadcast import BroadcastKind, Outgoing, move_group_deliveries, plan_to_admins
from models.kampung import get_kampung, move_group
from models.member import unblock_everywhere
from runtime.context import BotContext
from ui import texts

logger = logging.getLogger(__name__)

_OUT = {ChatMember.LEFT, ChatMember.BANNED}


def membership_text(old: ChatMember, new: ChatMember) -> str | None:
    """What the secretary should hear of the bot's new standing in the group (None: nothing)."""
    if new.status in _OUT:
        return texts.GROUP_BOT_REMOVED
    if isinstance(new, ChatMemberRestricted) and not new.can_send_messages:
        return texts.GROUP_BOT_MUTED
    muted_before = isinstance(old, ChatMemberRestricted) and not old.can_send_messages
    if old.status in _OUT or muted_before:
        return texts.GROUP_BOT_BACK
    return None


async def bot_membership_changed(update: Update, context: BotContext) -> None:
    """The bot was removed from, muted in or added back to the bound group: tell the admins
    (in a private chat: ``private_chat_changed``)."""
    change = update.my_chat_member
    if change is None:
        return
    if change.chat.type == ChatType.PRIVATE:
        await private_chat_changed(update, context)
        return
    text = membership_text(change.old_chat_member, change.new_chat_member)
    async with context.transaction() as session:
        kampung = await get_kampung(session, context.kampung_id)
        if text is None or kampung.group_chat_id != change.chat.id:
            return
        await plan_to_admins(
            session, kampung.id, BroadcastKind.NOTICE, Outgoing(text), now=context.now()
        )
    logger.warning("Bot membership in the group changed: %s", change.new_chat_member.status)
    context.wake_delivery()


async def private_chat_changed(update: Update, context: BotContext) -> None:
    """A person unblocked the bot (restarted it): deliver to her again in every kampung
    she belongs to, not only in the one a later ``/start`` would resolve to.

    A block needs nothing here: the next send to her is refused and recorded.
    """
    change = update.my_chat_member
    if change is None or change.new_chat_member.status != ChatMember.MEMBER:
        return
    async with context.transaction() as session:
        await unblock_everywhere(session, change.chat.id, now=context.now())


async def group_migrated(update: Update, context: BotContext) -> None:
    """The group became a supergroup: the binding follows its new id."""
    message = update.effective_message
    if message is None or message.migrate_to_chat_id is None:
        return
    old, new = message.chat.id, message.migrate_to_chat_id
    async with context.transaction() as session:
        if await move_group(session, old, new, now=context.now()):
            await move_group_deliveries(session, old, new)
            logger.warning("Group %s is now supergroup %s: binding moved", old, new)


def group_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, group_migrated),
    ]
