"""The bot's standing in chats: the kampung's group (``/ikat_grup``; the bot removed, muted
or added back; upgrades to a supergroup) and a person's private chat (unblocked).

``/ikat_grup`` binds the group to a kampung its sender is secretary of: asked with
buttons when she is secretary of several, named in the reply. A group serves one
kampung and a kampung one group: taking a group from another kampung, or a kampung
from its group, asks first (Ya/Batal), and the "Ya" holds what was bound when asked,
so a stale or forged one changes nothing. Rights are checked in every kampung
concerned, whatever kampung the group or the sender resolved to.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import ChatMember, ChatMemberRestricted, Update
from telegram.constants import ChatType
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    MessageHandler,
    filters,
)

from handlers.common import acknowledge, is_private, load_member, refusal_for, reply
from models.broadcast import BroadcastKind, Outgoing, move_group_deliveries, plan_to_admins
from models.kampung import (
    GroupBindingChanged,
    Kampung,
    bind_group_checked,
    find_kampung,
    get_kampung,
    kampung_by_group,
    move_group,
)
from models.member import get_member_by_telegram_id, unblock_everywhere
from models.tenancy import secretary_kampungs
from runtime.context import BotContext
from ui import keyboards, texts

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


# --- /ikat_grup ---------------------------------------------------------------------------


async def _refusal_in(session: AsyncSession, kampung_id: int, update: Update) -> str | None:
    """Why the sender may not bind for this kampung (None: she is its active secretary)."""
    member = await get_member_by_telegram_id(session, kampung_id, update.effective_user.id)
    return refusal_for(member, admin=True)


async def bind_group(update: Update, context: BotContext) -> None:
    """``/ikat_grup`` in the Kampung KB group (secretaries): announcements go there."""
    if is_private(update):
        await reply(update, texts.GROUP_ONLY)
        return
    async with context.reading() as session:
        bound = await kampung_by_group(session, update.effective_chat.id)
        mine = await secretary_kampungs(session, update.effective_user.id)
        refusal = None
        if bound is not None and bound.id not in {k.id for k in mine}:
            refusal = await _refusal_in(session, bound.id, update)  # the group's kampung's
        elif not mine:
            member = await load_member(session, context, update)
            refusal = refusal_for(member, admin=True)
    if refusal is not None:
        await reply(update, refusal)
    elif len(mine) > 1:
        choices = [(kampung.id, kampung.name) for kampung in mine]
        await reply(update, texts.GROUP_PICK_KAMPUNG, keyboards.group_kampung_choice(choices))
    else:
        await _bind_or_ask(update, context, mine[0], bound)


async def kampung_picked(update: Update, context: BotContext) -> None:
    """A kampung chosen under "Grup ini untuk kampung yang mana?"."""
    kampung_id = int(update.callback_query.data.removeprefix(keyboards.CB_GROUP_PICK))
    async with context.reading() as session:
        refusal = await _refusal_in(session, kampung_id, update)
        kampung = await find_kampung(session, kampung_id)
        bound = await kampung_by_group(session, update.effective_chat.id)
        if refusal is None and bound is not None and bound.id != kampung_id:
            refusal = await _refusal_in(session, bound.id, update)
    if refusal is not None or kampung is None:
        await update.callback_query.answer(refusal or texts.STALE_BUTTON, show_alert=True)
        return
    await _bind_or_ask(update, context, kampung, bound)


async def _bind_or_ask(
    update: Update, context: BotContext, kampung: Kampung, bound: Kampung | None
) -> None:
    """Bind at once when nothing moves away; otherwise ask first."""
    chat_id = update.effective_chat.id
    group_was = None if bound is None or bound.id == kampung.id else bound
    if group_was is None and kampung.group_chat_id in (None, chat_id):
        await _bind(update, context, kampung, None, kampung.group_chat_id)
        return
    question = texts.group_move_question(
        kampung.name,
        group_was.name if group_was is not None else None,
        kampung.group_chat_id not in (None, chat_id),
    )
    markup = keyboards.confirm_group_move(
        kampung.id, group_was.id if group_was else None, kampung.group_chat_id
    )
    if update.callback_query is not None:
        await acknowledge(update)
    await reply(update, question, markup)


async def move_confirmed(update: Update, context: BotContext) -> None:
    """ "Ya" under the question: bind, if the bindings are still those it asked about."""
    query = update.callback_query
    kampung_id, group_was, kampung_group_was = (
        int(part) for part in query.data.removeprefix(keyboards.CB_GROUP_MOVE).split(":")
    )
    async with context.reading() as session:
        refusal = await _refusal_in(session, kampung_id, update)
        if refusal is None and group_was:
            refusal = await _refusal_in(session, group_was, update)
        kampung = await find_kampung(session, kampung_id)
    if refusal is not None or kampung is None:
        await query.answer(refusal or texts.STALE_BUTTON, show_alert=True)
        return
    await _bind(update, context, kampung, group_was or None, kampung_group_was or None)


async def _bind(
    update: Update,
    context: BotContext,
    kampung: Kampung,
    group_was: int | None,
    kampung_group_was: int | None,
) -> None:
    try:
        async with context.transaction() as session:
            await bind_group_checked(
                session,
                kampung.id,
                update.effective_chat.id,
                group_was=group_was,
                kampung_group_was=kampung_group_was,
                now=context.now(),
            )
    except GroupBindingChanged:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.GROUP_BINDING_CHANGED, show_alert=True)
        else:
            await reply(update, texts.GROUP_BINDING_CHANGED)
        return
    if update.callback_query is not None:
        await acknowledge(update)
    await reply(update, texts.group_bound(kampung.name))


async def move_kept(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    await reply(update, texts.GROUP_MOVE_KEPT)


def group_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("ikat_grup", bind_group),
        CallbackQueryHandler(kampung_picked, pattern=r"^grp:k:\d{1,9}\Z"),
        CallbackQueryHandler(move_confirmed, pattern=r"^grp:ok:\d{1,9}:\d{1,9}:-?\d{1,16}\Z"),
        CallbackQueryHandler(move_kept, pattern=r"^grp:no\Z"),
        ChatMemberHandler(bot_membership_changed, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.MIGRATE, group_migrated),
    ]
