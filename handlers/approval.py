"""Admins approve or reject registrations (buttons) and list those waiting."""

from __future__ import annotations

import logging
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.common import (
    edit_markup,
    edit_text,
    is_private,
    load_member,
    refusal_for,
    reply,
    send_private,
)
from models.member import (
    Decision,
    Member,
    approve_all_pending,
    decide_registration,
    list_pending,
)
from runtime.context import BotContext
from ui import keyboards, texts

logger = logging.getLogger(__name__)

PENDING_SHOWN_AT_ONCE = 20


async def decide(update: Update, context: BotContext) -> None:
    """Approve or reject one registration; only an active admin, and only once."""
    query = update.callback_query
    approve = query.data.startswith(keyboards.CB_APPROVE)
    member_id = int(query.data.rsplit(":", 1)[1])
    decision = Decision.NOT_FOUND
    member: Member | None = None
    async with context.transaction() as session:
        admin = await load_member(session, context, update)
        refusal = refusal_for(admin, admin=True)
        if refusal is None:
            decision, member = await decide_registration(
                session,
                context.kampung_id,
                member_id,
                approve=approve,
                admin=admin,
                now=context.now(),
            )
        decided = decision in (Decision.APPROVED, Decision.REJECTED)
        if decided:
            # Written with the decision: a failed answer below cannot lose the news.
            approved = decision is Decision.APPROVED
            await send_private(
                context,
                session,
                member,
                texts.approved_for_member() if approved else texts.REJECTED_FOR_MEMBER,
            )
            admin_name = admin.full_name
    if refusal is not None:
        await query.answer(refusal, show_alert=True)
        return
    if decided:
        context.wake_delivery()
    if decision is Decision.NOT_FOUND:
        await query.answer(texts.REGISTRATION_GONE, show_alert=True)
        await edit_text(update, texts.REGISTRATION_GONE)
        return
    if decision is Decision.ALREADY_DECIDED:
        await query.answer(texts.already_decided(member), show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_text(update, texts.decided_for_admin(member, approved, admin_name))


async def pending(update: Update, context: BotContext) -> None:
    """``/menunggu``: every registration waiting, each with its buttons; in a private
    chat only, since it shows applicants' names, RT and Poktan."""
    if not is_private(update):
        await reply(update, texts.pending_in_private(context.bot.username))
        return
    async with context.reading() as session:
        admin = await load_member(session, context, update)
        refusal = refusal_for(admin, admin=True)
        waiting = [] if refusal else await list_pending(session, context.kampung_id)
    if refusal is not None:
        await reply(update, refusal)
        return
    markup = (
        keyboards.approve_all(context.kampung_id, len(waiting), max(m.id for m in waiting))
        if len(waiting) > 1
        else None
    )
    await reply(update, texts.pending_list(waiting), markup)
    for member in waiting[:PENDING_SHOWN_AT_ONCE]:
        await reply(update, texts.new_registration_for_admin(member), keyboards.approval(member.id))
    if len(waiting) > PENDING_SHOWN_AT_ONCE:
        await reply(update, texts.pending_more(len(waiting) - PENDING_SHOWN_AT_ONCE))


async def approve_all(update: Update, context: BotContext) -> None:
    """ "Setujui semua": every registration the admin was shown that is still pending.

    The button names its kampung (the update is resolved to it, and her rights are
    checked there) and the highest id listed: it approves the registrations listed on
    the message it was pressed on, not those of a kampung she switched to since.

    Each applicant is told in the same transaction; one decided at the same moment by
    a single button is left out by the conditional UPDATE, so nobody hears twice.
    """
    query = update.callback_query
    up_to_id = int(query.data.rsplit(":", 1)[1])
    approved: list[Member] = []
    async with context.transaction() as session:
        admin = await load_member(session, context, update)
        refusal = refusal_for(admin, admin=True)
        if refusal is None:
            approved = await approve_all_pending(
                session, context.kampung_id, up_to_id=up_to_id, admin=admin, now=context.now()
            )
            for member in approved:
                await send_private(context, session, member, texts.approved_for_member())
    if refusal is not None:
        await query.answer(refusal, show_alert=True)
        return
    if approved:
        context.wake_delivery()
    await query.answer()
    await edit_text(update, texts.approved_all(len(approved)))


def approval_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CallbackQueryHandler(decide, pattern=r"^adm:reg:(ok|no):\d{1,9}\Z"),
        CallbackQueryHandler(approve_all, pattern=r"^adm:reg:all:\d{1,9}:\d{1,9}\Z"),
        CommandHandler("menunggu", pending),
    ]
