"""Menu, help, command lists, and the answers for everything nothing else handled."""

from __future__ import annotations

import logging
from collections.abc import Collection
from typing import Any

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters

from handlers.common import (
    load_member,
    reply,
    stale_press,
)
from models.kampung import get_kampung
from models.member import Member, MemberStatus, list_pending
from models.poktan.groups import groups_of_chair
from runtime.context import BotContext
from ui import keyboards, texts
from ui.guide import cadre_guide_pdf, chair_guide_pdf

logger = logging.getLogger(__name__)


def _commands(pairs: tuple[tuple[str, str], ...]) -> list[BotCommand]:
    return [BotCommand(name, description) for name, description in pairs]


async def publish_commands(
    bot: Bot, admin_ids: Collection[int], operator_ids: Collection[int] = ()
) -> None:
    """Set the command menus: cadre commands everywhere, admin commands for admins
    (of any kampung), and the operator commands too for operators."""
    await bot.set_my_commands(
        _commands(texts.CADRE_COMMANDS), scope=BotCommandScopeAllPrivateChats()
    )
    await bot.set_my_commands(_commands(texts.GROUP_COMMANDS), scope=BotCommandScopeAllGroupChats())
    for admin_id in admin_ids:
        if admin_id not in operator_ids:
            await publish_admin_commands(bot, admin_id)
    for operator_id in operator_ids:
        await publish_admin_commands(bot, operator_id, operator=True)


async def publish_admin_commands(bot: Bot, admin_id: int | None, *, operator: bool = False) -> None:
    """Give one admin's (or operator's) private chat its menu (the chat may not exist yet)."""
    if admin_id is None:
        return
    extra = texts.OPERATOR_COMMANDS if operator else ()
    try:
        await bot.set_my_commands(
            _commands(texts.CADRE_COMMANDS + texts.ADMIN_COMMANDS + extra),
            scope=BotCommandScopeChat(admin_id),
        )
    except TelegramError as error:
        # Telegram refuses a chat scope until the admin has opened the bot once;
        # it is set again when they register.
        logger.info("An admin's menu is not set yet: %s", error)


async def show_menu(update: Update, context: BotContext, member: Member) -> None:
    """What a registered person can do now, by status and role."""
    if member.status is MemberStatus.PENDING:
        await reply(update, texts.ALREADY_PENDING)
    elif member.status is MemberStatus.REJECTED:
        await reply(update, texts.REJECTED_INFO)
    elif member.status is MemberStatus.INACTIVE:
        await reply(update, texts.DEACTIVATED_INFO)
    else:
        await reply(update, texts.welcome_back(member))
        if member.is_admin:
            async with context.reading() as session:
                pending = await list_pending(session, context.kampung_id)
            if pending:
                await reply(update, texts.pending_reminder(len(pending)))


async def help_command(update: Update, context: BotContext) -> None:
    """``/bantuan``: the commands for one's role."""
    async with context.reading() as session:
        member = await load_member(session, context, update)
    if member is None or member.status is MemberStatus.LEFT:
        await reply(update, texts.HELP_UNREGISTERED)
    elif member.status is not MemberStatus.ACTIVE:
        await show_menu(update, context, member)
    else:
        await reply(update, texts.help_text(member.role))
    if context.is_operator:
        await reply(update, texts.operator_help())


async def guide(update: Update, context: BotContext) -> None:
    """``/panduan``: the one-page printable guide for cadres, as a PDF; a Poktan chair
    gets her own one-page guide as well."""
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
        member = await load_member(session, context, update)
        chairs = member is not None and bool(
            await groups_of_chair(session, context.kampung_id, member.id)
        )
    document = cadre_guide_pdf(kampung.name)
    await update.effective_message.reply_document(
        document, filename=texts.GUIDE_FILENAME, caption=texts.GUIDE_CAPTION
    )
    if chairs:
        await update.effective_message.reply_document(
            chair_guide_pdf(kampung.name),
            filename=texts.CHAIR_GUIDE_FILENAME,
            caption=texts.CHAIR_GUIDE_CAPTION,
        )


async def start_in_group(update: Update, context: BotContext) -> None:
    """``/start`` in a group: registration happens in private, through the invite
    link of the kampung the group is bound to (of the sender's kampung if unbound)."""
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    await reply(
        update,
        texts.group_start_for(kampung.name, context.bot.username),
        keyboards.open_kampung_link(context.bot.username, kampung.invite_code),
    )


async def cancel_nothing(update: Update, context: BotContext) -> None:
    await reply(update, texts.NOTHING_TO_CANCEL)


async def unknown_private(update: Update, context: BotContext) -> None:
    """Anything unexpected in a private chat gets a pointer, never silence."""
    async with context.reading() as session:
        member = await load_member(session, context, update)
    if member is None or member.status is MemberStatus.LEFT:
        await reply(update, texts.NOT_REGISTERED)
    else:
        await reply(update, texts.UNKNOWN_TEXT_REGISTERED)


def menu_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    return [
        CommandHandler("bantuan", help_command),
        CommandHandler("help", help_command),
        CommandHandler("panduan", guide),
        CommandHandler("start", start_in_group, filters=filters.ChatType.GROUPS),
        CommandHandler("batal", cancel_nothing, filters=private),
    ]


def fallback_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CallbackQueryHandler(stale_press),
        MessageHandler(filters.ChatType.PRIVATE, unknown_private),
    ]
