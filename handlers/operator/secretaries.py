"""A kampung's secretaries: the list, a one-time invite link, appointing one (typed
Telegram id or a forwarded message) and taking the rights away.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import MessageOriginHiddenUser, MessageOriginUser, Update
from telegram.ext import ConversationHandler

from handlers.common import edit_markup, reply
from handlers.menu import publish_admin_commands
from handlers.operator.common import SECRETARY, _draft, _drop_draft, _label, _link, _refused
from models.broadcast import BroadcastKind, Outgoing, plan_to_chat
from models.kampung import (
    SECRETARY_INVITE_VALID_FOR,
    appoint_admin,
    create_secretary_invite,
    dismiss_admin,
    find_kampung,
)
from models.member import get_member_by_telegram_id, sync_admins
from models.overview import secretaries_of
from runtime.context import BotContext
from ui import keyboards, texts

_MAX_TELEGRAM_ID = 2**53  # Telegram's user ids fit in 52 bits


async def _secretaries_page(context: BotContext, kampung_id: int) -> tuple[str, Any] | None:
    async with context.reading() as session:
        kampung = await find_kampung(session, kampung_id)
        if kampung is None:
            return None
        people = await secretaries_of(session, kampung_id)
    labels = [(tid, _label(tid, name)) for tid, name in people]
    text = texts.secretaries_page(
        kampung.name, _link(context, kampung.invite_code), [label for _, label in labels]
    )
    return text, keyboards.secretaries(kampung_id, labels)


async def secretaries_pressed(update: Update, context: BotContext) -> None:
    """A kampung's secretaries, with a button to take each one's rights away."""
    if await _refused(update, context):
        return
    query = update.callback_query
    page = await _secretaries_page(context, int(query.data.removeprefix(keyboards.CB_OP_KAMPUNG)))
    if page is None:
        await query.answer(texts.KAMPUNG_GONE, show_alert=True)
        return
    await query.answer()
    await reply(update, *page)


async def dismiss_pressed(update: Update, context: BotContext) -> None:
    """Take one secretary's admin rights in one kampung away (she stays a member)."""
    if await _refused(update, context):
        return
    query = update.callback_query
    kampung_id, telegram_id = (
        int(part) for part in query.data.removeprefix(keyboards.CB_OP_DISMISS).split(":")
    )
    async with context.transaction() as session:
        kampung = await find_kampung(session, kampung_id)
        dismissed = kampung is not None and await dismiss_admin(session, kampung_id, telegram_id)
        if dismissed:
            await sync_admins(session, kampung_id, now=context.now())
            member = await get_member_by_telegram_id(session, kampung_id, telegram_id)
            label = _label(telegram_id, member.full_name if member else None)
            name = kampung.name
    if kampung is None:
        await query.answer(texts.KAMPUNG_GONE, show_alert=True)
        return
    if not dismissed:
        await query.answer(texts.SECRETARY_NOT_FOUND, show_alert=True)
        return
    await query.answer()
    await edit_markup(update)
    await reply(update, texts.secretary_dismissed(name, label))
    page = await _secretaries_page(context, kampung_id)
    if page is not None:
        await reply(update, *page)


async def invite_pressed(update: Update, context: BotContext) -> None:
    """A one-time link that makes whoever opens it a secretary of the kampung."""
    if await _refused(update, context):
        return
    query = update.callback_query
    kampung_id = int(query.data.removeprefix(keyboards.CB_OP_INVITE))
    async with context.transaction() as session:
        kampung = await find_kampung(session, kampung_id)
        if kampung is not None:
            code = await create_secretary_invite(
                session, kampung_id, by=update.effective_user.id, now=context.now()
            )
            name = kampung.name
    if kampung is None:
        await query.answer(texts.KAMPUNG_GONE, show_alert=True)
        return
    await query.answer()
    url = _link(context, code)
    await reply(
        update,
        texts.secretary_invite(name, url, SECRETARY_INVITE_VALID_FOR.days),
        keyboards.whatsapp_share(texts.secretary_invite_whatsapp(name, url)),
    )


async def appoint_pressed(update: Update, context: BotContext) -> int | None:
    """Entry of the appointment: ask for the future secretary's Telegram id."""
    if await _refused(update, context):
        return None
    query = update.callback_query
    kampung_id = int(query.data.removeprefix(keyboards.CB_OP_APPOINT))
    async with context.reading() as session:
        kampung = await find_kampung(session, kampung_id)
    if kampung is None:
        await query.answer(texts.KAMPUNG_GONE, show_alert=True)
        return None
    await query.answer()
    _drop_draft(context)
    _draft(context)["kampung_id"] = kampung_id
    await reply(update, texts.ask_secretary_id(kampung.name))
    return SECRETARY


def secretary_id_of(update: Update) -> int | None:
    """The id typed, or the sender of a forwarded message; None if neither."""
    message = update.effective_message
    origin = message.forward_origin
    if isinstance(origin, MessageOriginUser):
        return origin.sender_user.id
    text = (message.text or "").strip()
    if re.fullmatch(r"[0-9]{1,16}", text) and 0 < int(text) < _MAX_TELEGRAM_ID:
        return int(text)
    return None


async def secretary_given(update: Update, context: BotContext) -> int:
    """Appoint the secretary: her rights hold at once, or when she registers."""
    message = update.effective_message
    if isinstance(message.forward_origin, MessageOriginHiddenUser):
        await reply(update, texts.SECRETARY_HIDDEN)
        return SECRETARY
    telegram_id = secretary_id_of(update)
    if telegram_id is None:
        await reply(update, texts.SECRETARY_ID_INVALID)
        return SECRETARY
    kampung_id = _draft(context).get("kampung_id")
    now = context.now()
    async with context.transaction() as session:
        kampung = await find_kampung(session, kampung_id) if kampung_id else None
        if kampung is not None:
            added = await appoint_admin(session, kampung.id, telegram_id, now=now)
            await sync_admins(session, kampung.id, now=now)
            member = await get_member_by_telegram_id(session, kampung.id, telegram_id)
            registered = member is not None and member.is_admin
            label = _label(telegram_id, member.full_name if member else None)
            link = _link(context, kampung.invite_code)
            name = kampung.name
            if added:
                # Written with the appointment; fails quietly if she never opened the bot.
                await plan_to_chat(
                    session,
                    kampung.id,
                    BroadcastKind.NOTICE,
                    telegram_id,
                    Outgoing(texts.appointed_for_secretary(name, link)),
                    member_id=member.id if member else None,
                    now=now,
                )
    _drop_draft(context)
    if kampung is None:
        await reply(update, texts.KAMPUNG_GONE)
        return ConversationHandler.END
    if not added:
        await reply(update, texts.secretary_already(name, label))
        return ConversationHandler.END
    context.wake_delivery()
    await reply(update, texts.secretary_appointed(name, label, link, registered))
    await publish_admin_commands(context.bot, telegram_id)
    page = await _secretaries_page(context, kampung.id)
    if page is not None:
        await reply(update, *page)
    return ConversationHandler.END
