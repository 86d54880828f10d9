"""Cadre registration in a private chat: consent → name → RT → Poktan → confirm."""

from __future__ import annotations

import logging
import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from bot import keyboards, texts
from bot.context import BotContext
from handlers.common import (
    acknowledge,
    load_member,
    reply,
    stale_press,
    use_buttons,
)
from handlers.flow import Flow
from handlers.menu import publish_admin_commands, show_menu
from models.broadcast import BroadcastKind, Outgoing, plan_to_admins
from models.kampung import get_kampung
from models.member import (
    InvalidName,
    MemberStatus,
    Poktan,
    Registration,
    clean_full_name,
    list_active_admins,
    mark_blocked,
    register_member,
)

logger = logging.getLogger(__name__)

CONSENT, NAME, RT, POKTAN, CONFIRM = range(5)
DRAFT = "registration"


def _draft(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]


def _drop_draft(context: BotContext) -> None:
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]


async def start(update: Update, context: BotContext) -> int:
    """Show a registered user their menu, or begin registration with consent."""
    async with context.transaction() as session:
        member = await load_member(session, context, update)
        kampung = await get_kampung(session, context.kampung_id)
        if member is not None and member.blocked_bot:
            # Writing to the bot again means they unblocked it: deliver to them again.
            mark_blocked(member, blocked=False, now=context.now())
    if member is not None and member.status is not MemberStatus.LEFT:
        await show_menu(update, context, member)
        return ConversationHandler.END
    _drop_draft(context)
    await reply(update, texts.consent(kampung.name), keyboards.consent())
    return CONSENT


def _telegram_name(update: Update) -> str | None:
    """The user's name as Telegram has it, if it would pass as a full name."""
    user = update.effective_user
    if user is None:
        return None
    try:
        return clean_full_name(user.full_name)
    except InvalidName:
        return None


async def consent_given(update: Update, context: BotContext) -> int:
    """Remember the consent time and ask for the full name (or offer Telegram's)."""
    query = update.callback_query
    await query.answer()
    _draft(context)["consent_at"] = context.now()
    await query.edit_message_reply_markup(None)
    await _ask_name(update)
    return NAME


async def _ask_name(update: Update) -> None:
    name = _telegram_name(update)
    if name is None:
        await reply(update, texts.ASK_NAME)
    else:
        await reply(update, texts.ASK_NAME_OR_TELEGRAM, keyboards.telegram_name(name))


async def consent_full_text(update: Update, context: BotContext) -> int:
    """The whole consent text, for who wants to read it before agreeing."""
    await update.callback_query.answer()
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    await reply(update, texts.consent_full(kampung.name), keyboards.consent(full_text_button=False))
    return CONSENT


async def name_at_consent(update: Update, context: BotContext) -> int:
    """A name typed at the consent step: the text asks for exactly that to agree and go on."""
    try:
        name = clean_full_name(update.effective_message.text or "")
    except InvalidName:
        await reply(update, texts.CONSENT_OR_NAME)
        return CONSENT
    draft = _draft(context)
    draft["consent_at"] = context.now()
    draft["full_name"] = name
    await _ask_rt(update, context)
    return RT


async def telegram_name_chosen(update: Update, context: BotContext) -> int:
    """ "Pakai nama Telegram saya": the name is taken from the presser, never from the data."""
    query = update.callback_query
    name = _telegram_name(update)
    if name is None:
        await query.answer(texts.ASK_NAME_TEXT_ONLY, show_alert=True)
        return NAME
    await query.answer()
    await query.edit_message_reply_markup(None)
    _draft(context)["full_name"] = name
    await _ask_rt(update, context)
    return RT


async def consent_declined(update: Update, context: BotContext) -> int:
    """End the flow without storing anything."""
    query = update.callback_query
    await query.answer()
    _drop_draft(context)
    await query.edit_message_text(texts.CONSENT_DECLINED)
    return ConversationHandler.END


async def name_given(update: Update, context: BotContext) -> int:
    """Validate the name; ask again with the reason, or go on to the RT."""
    try:
        name = clean_full_name(update.effective_message.text or "")
    except InvalidName as problem:
        await reply(update, texts.name_invalid(problem.problem))
        return NAME
    _draft(context)["full_name"] = name
    await _ask_rt(update, context)
    return RT


async def name_not_text(update: Update, context: BotContext) -> int:
    await reply(update, texts.ASK_NAME_TEXT_ONLY)
    return NAME


async def _ask_rt(update: Update, context: BotContext) -> None:
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    await reply(update, texts.ASK_RT, keyboards.rt_choice(kampung.rt_list, keyboards.CB_REG_RT))


async def rt_chosen(update: Update, context: BotContext) -> int:
    """Accept an RT from the kampung's list only (callback data can be forged)."""
    query = update.callback_query
    rt = query.data.removeprefix(keyboards.CB_REG_RT)
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    if not kampung.has_rt(rt):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return RT
    await query.answer()
    _draft(context)["rt"] = rt
    await query.edit_message_text(f"{texts.ASK_RT} <b>{texts.rt_label(rt)}</b>")
    await reply(update, texts.ASK_POKTAN, keyboards.poktan_choice(keyboards.CB_REG_POKTAN))
    return POKTAN


async def poktan_chosen(update: Update, context: BotContext) -> int:
    """Accept a known Poktan, then show the summary."""
    query = update.callback_query
    try:
        poktan = Poktan(query.data.removeprefix(keyboards.CB_REG_POKTAN))
    except ValueError:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return POKTAN
    await query.answer()
    draft = _draft(context)
    draft["poktan"] = poktan
    await query.edit_message_text(f"{texts.ASK_POKTAN} <b>{texts.poktan_label(poktan)}</b>")
    await reply(
        update,
        texts.registration_summary(draft["full_name"], draft["rt"], poktan),
        keyboards.confirm_registration(),
    )
    return CONFIRM


async def confirmed(update: Update, context: BotContext) -> int:
    """Store the registration and tell the admins (or welcome a configured admin)."""
    query = update.callback_query
    await query.answer()
    draft = _draft(context)
    if not {"consent_at", "full_name", "rt", "poktan"} <= draft.keys():
        # The flow state outlived its draft (e.g. a restart): start over cleanly.
        await query.edit_message_text(texts.STALE_BUTTON)
        return ConversationHandler.END
    registration = Registration(
        telegram_id=update.effective_user.id,
        full_name=draft["full_name"],
        rt=draft["rt"],
        poktan=draft["poktan"],
        consent_at=draft["consent_at"],
    )
    async with context.transaction() as session:
        member, _created = await register_member(
            session,
            context.kampung_id,
            registration,
            admin_ids=context.settings.ADMIN_IDS,
            now=context.now(),
        )
        admins = [] if member.is_admin else await list_active_admins(session, context.kampung_id)
        if admins:
            # Written with the registration: the admins hear of it even if a reply fails.
            await plan_to_admins(
                session,
                context.kampung_id,
                BroadcastKind.APPROVAL,
                Outgoing(
                    texts.new_registration_for_admin(member),
                    keyboards.approval(member.id).to_dict(),
                ),
                now=context.now(),
            )
    if admins:
        context.wake_delivery()
    _drop_draft(context)
    await query.edit_message_reply_markup(None)
    if member.is_admin:
        await reply(update, texts.REGISTERED_ADMIN)
        await publish_admin_commands(context.bot, member.telegram_id)
        await show_menu(update, context, member)
    else:
        await reply(
            update, texts.REGISTERED_PENDING if admins else texts.REGISTERED_PENDING_NO_ADMIN
        )
    return ConversationHandler.END


async def redo(update: Update, context: BotContext) -> int:
    """Start the answers again from the name; consent stays given."""
    await acknowledge(update)
    await _ask_name(update)
    return NAME


async def cancel(update: Update, context: BotContext) -> int:
    """``/batal``: leave the flow, saving nothing."""
    _drop_draft(context)
    await reply(update, texts.REGISTRATION_CANCELLED)
    return ConversationHandler.END


async def other_command(update: Update, context: BotContext) -> None:
    await reply(update, texts.IN_REGISTRATION)


def registration_handler() -> BaseHandler[Update, BotContext, Any]:
    private = filters.ChatType.PRIVATE
    text = filters.TEXT & ~filters.COMMAND
    with warnings.catch_warnings():
        # Buttons are tracked per user and chat, which is what we want here.
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        return Flow(
            name="registration",
            entry_points=[CommandHandler("start", start, filters=private)],
            states={
                CONSENT: [
                    CallbackQueryHandler(consent_given, pattern=rf"^{keyboards.CB_CONSENT_YES}\Z"),
                    CallbackQueryHandler(
                        consent_declined, pattern=rf"^{keyboards.CB_CONSENT_NO}\Z"
                    ),
                    CallbackQueryHandler(
                        consent_full_text, pattern=rf"^{keyboards.CB_CONSENT_FULL}\Z"
                    ),
                    MessageHandler(private & text, name_at_consent),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
                NAME: [
                    CallbackQueryHandler(
                        telegram_name_chosen, pattern=rf"^{keyboards.CB_REG_TELEGRAM_NAME}\Z"
                    ),
                    MessageHandler(private & text, name_given),
                    MessageHandler(private & ~filters.COMMAND, name_not_text),
                ],
                RT: [
                    CallbackQueryHandler(rt_chosen, pattern=rf"^{keyboards.CB_REG_RT}.+\Z"),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
                POKTAN: [
                    CallbackQueryHandler(poktan_chosen, pattern=rf"^{keyboards.CB_REG_POKTAN}.+\Z"),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
                CONFIRM: [
                    CallbackQueryHandler(confirmed, pattern=rf"^{keyboards.CB_REG_CONFIRM}\Z"),
                    CallbackQueryHandler(redo, pattern=rf"^{keyboards.CB_REG_REDO}\Z"),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
            },
            fallbacks=[
                CommandHandler("batal", cancel, filters=private),
                CallbackQueryHandler(stale_press, pattern=r"^reg:.+\Z"),
                MessageHandler(private & filters.COMMAND, other_command),
            ],
            timeout_text=texts.REGISTRATION_TIMED_OUT,
            draft_key=DRAFT,
        )
