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

from handlers.common import (
    acknowledge,
    edit_markup,
    edit_text,
    load_member,
    reply,
    stale_press,
    use_buttons,
)
from handlers.flow import Flow
from handlers.menu import publish_admin_commands, show_menu
from models.broadcast import BroadcastKind, Outgoing, plan_to_admins, plan_to_chat
from models.erasure import ERASED_TELEGRAM_ID, link_account
from models.kampung import (
    SECRETARY_INVITE_PREFIX,
    InviteResult,
    admin_ids_of,
    get_kampung,
    hold_kampung,
    use_secretary_invite,
)
from models.member import (
    LINK_PREFIX,
    InvalidName,
    LinkRace,
    LinkResult,
    MemberStatus,
    Poktan,
    Registration,
    check_link,
    clean_full_name,
    list_active_admins,
    mark_blocked,
    read_poktan,
    register_member,
    sync_admins,
)
from models.rules.answers import Greeting, read_greeting, read_yes_no
from models.rules.rotation import normalize_rt
from runtime.context import BotContext
from ui import keyboards, texts

logger = logging.getLogger(__name__)

CONSENT, NAME, RT, POKTAN, CONFIRM = range(5)
DRAFT = "registration"
LINK_CODE = "link_code"

SECRETARY_INVITE_REFUSALS = {
    InviteResult.INVALID: texts.SECRETARY_INVITE_INVALID,
    InviteResult.EXPIRED: texts.SECRETARY_INVITE_EXPIRED,
    InviteResult.USED: texts.SECRETARY_INVITE_USED,
}

LINK_REFUSALS = {
    LinkResult.INVALID: texts.LINK_INVALID,
    LinkResult.EXPIRED: texts.LINK_EXPIRED,
    LinkResult.USED: texts.LINK_USED,
    LinkResult.ALREADY_MEMBER: texts.LINK_ALREADY_MEMBER,
    LinkResult.MEMBER_GONE: texts.LINK_MEMBER_GONE,
}


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
    invite = next(
        (arg for arg in context.args or () if arg.startswith(SECRETARY_INVITE_PREFIX)), None
    )
    if invite is not None:
        return await _start_secretary(update, context, invite)
    code = next((arg for arg in context.args or () if arg.startswith(LINK_PREFIX)), None)
    if code is not None:
        member_here = member is not None and member.status in (
            MemberStatus.ACTIVE,
            MemberStatus.INACTIVE,
        )
        return await _start_link(update, context, code, registered=member_here)
    if member is not None and member.status is not MemberStatus.LEFT:
        await show_menu(update, context, member)
        return ConversationHandler.END
    _drop_draft(context)
    await reply(update, texts.consent(kampung.name), keyboards.consent())
    return CONSENT


async def _start_secretary(update: Update, context: BotContext, code: str) -> int:
    """``/start sek_…``: an operator's one-time invitation makes her the kampung's secretary.

    A registered member is an admin at once; a newcomer registers first (consent, name,
    RT, Poktan) and is an admin, without approval, as soon as she has. The operator who
    made the link is told. A forged, used or expired code is refused and changes nothing.
    """
    user = update.effective_user
    now = context.now()
    async with context.transaction() as session:
        result, invite = await use_secretary_invite(
            session, context.kampung_id, code, telegram_id=user.id, now=now
        )
        if result is InviteResult.APPOINTED:
            await sync_admins(session, context.kampung_id, now=now)
        member = await load_member(session, context, update)
        kampung = await get_kampung(session, context.kampung_id)
        if (
            result is InviteResult.APPOINTED
            and invite is not None
            and invite.created_by != ERASED_TELEGRAM_ID  # the operator erased her data since
        ):
            label = texts.secretary_label(user.id, member.full_name if member else user.full_name)
            await plan_to_chat(
                session,
                kampung.id,
                BroadcastKind.NOTICE,
                invite.created_by,
                Outgoing(texts.secretary_invite_used(kampung.name, label)),
                now=now,
            )
    if result not in (InviteResult.APPOINTED, InviteResult.ALREADY):
        await reply(update, SECRETARY_INVITE_REFUSALS[result])
        return ConversationHandler.END
    if result is InviteResult.APPOINTED:
        context.wake_delivery()
    _drop_draft(context)
    if member is not None and member.status is not MemberStatus.LEFT:
        await publish_admin_commands(context.bot, user.id)
        await reply(update, texts.secretary_invite_welcome(kampung.name))
        return ConversationHandler.END
    await reply(update, texts.secretary_invite_register(kampung.name))
    await reply(update, texts.consent(kampung.name), keyboards.consent())
    return CONSENT


async def _start_link(update: Update, context: BotContext, code: str, *, registered: bool) -> int:
    """``/start link_…``: a member the secretary added joins with this account, after consent.

    Nothing is stored until she agrees; a forged, used or expired code is refused here.
    """
    async with context.reading() as session:
        result, member = await check_link(session, context.kampung_id, code, now=context.now())
        kampung = await get_kampung(session, context.kampung_id)
    if registered and result is LinkResult.LINKED:
        result = LinkResult.ALREADY_MEMBER
    if result is not LinkResult.LINKED or member is None:
        await reply(update, LINK_REFUSALS[result])
        return ConversationHandler.END
    _drop_draft(context)
    _draft(context)[LINK_CODE] = code
    await reply(update, texts.link_consent(member.full_name, kampung.name), keyboards.consent())
    return CONSENT


async def _link(update: Update, context: BotContext, code: str) -> int:
    """Spend the code and bind this Telegram account to the member row (once)."""
    _drop_draft(context)
    try:
        async with context.transaction() as session:
            result, member = await link_account(
                session,
                context.kampung_id,
                code,
                telegram_id=update.effective_user.id,
                consent_at=context.now(),
                redaction=texts.REDACTION,
                now=context.now(),
            )
    except LinkRace:
        result, member = LinkResult.USED, None
    if result is not LinkResult.LINKED or member is None:
        await reply(update, LINK_REFUSALS[result])
    else:
        await reply(update, texts.link_done(member))
    return ConversationHandler.END


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
    """Remember the consent time and ask for the full name, offering Telegram's (or bind
    a linked member)."""
    query = update.callback_query
    if query is not None:
        await acknowledge(update)
    code = _draft(context).get(LINK_CODE)
    if code is not None:
        return await _link(update, context, code)
    _draft(context).update(consent_at=context.now(), kampung_id=context.kampung_id)
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


async def consent_text(update: Update, context: BotContext) -> int:
    """Typed at the consent step: "ya" / "setuju" / "tidak" answer it; a name agrees and
    goes on (the consent text says so). A linked member's consent takes no name."""
    text = update.effective_message.text or ""
    typed = read_yes_no(text)
    greeting = read_greeting(text) if typed is None else None
    if greeting is not None:
        # "Assalamualaikum" / "Halo bu" is no name: greet back and ask again.
        async with context.reading() as session:
            kampung = await get_kampung(session, context.kampung_id)
        salam = greeting is Greeting.SALAM
        await reply(
            update,
            f"{texts.greeting_reply(salam)}\n\n{texts.consent(kampung.name)}",
            keyboards.consent(),
        )
        return CONSENT
    if typed is not None or LINK_CODE in _draft(context):
        return await consent_typed(update, context)
    return await name_at_consent(update, context)


async def name_at_consent(update: Update, context: BotContext) -> int:
    """A name typed at the consent step: the text asks for exactly that to agree and go on."""
    try:
        name = clean_full_name(update.effective_message.text or "")
    except InvalidName:
        await reply(update, texts.CONSENT_OR_NAME)
        return CONSENT
    draft = _draft(context)
    draft.update(consent_at=context.now(), kampung_id=context.kampung_id)
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
    await edit_markup(update)
    _draft(context)["full_name"] = name
    await _ask_rt(update, context)
    return RT


async def consent_declined(update: Update, context: BotContext) -> int:
    """End the flow without storing anything."""
    query = update.callback_query
    _drop_draft(context)
    if query is not None:
        await query.answer()
        await edit_text(update, texts.CONSENT_DECLINED)
    else:
        await reply(update, texts.CONSENT_DECLINED)
    return ConversationHandler.END


async def consent_typed(update: Update, context: BotContext) -> int:
    """ "ya" / "setuju" agrees, "tidak" declines; anything else: a hint and the buttons."""
    answer = read_yes_no(update.effective_message.text or "")
    if answer is True:
        return await consent_given(update, context)
    if answer is False:
        return await consent_declined(update, context)
    await reply(update, texts.TYPED_HINT_YES_NO, keyboards.consent())
    return CONSENT


async def name_given(update: Update, context: BotContext) -> int:
    """Validate the name; ask again with the reason, or go on to the RT."""
    greeting = read_greeting(update.effective_message.text or "")
    if greeting is not None:
        salam = greeting is Greeting.SALAM
        await reply(update, f"{texts.greeting_reply(salam)}\n{texts.ASK_NAME_AGAIN}")
        return NAME
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
    await edit_text(update, f"{texts.ASK_RT} <b>{texts.rt_label(rt)}</b>")
    return await _rt_accepted(update, context, rt)


async def rt_typed(update: Update, context: BotContext) -> int:
    """ "RT 4", "4", "04": an RT of the list is taken as if its button was pressed."""
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    rt = normalize_rt(update.effective_message.text or "", kampung.rt_list)
    if rt is None:
        await reply(
            update, texts.TYPED_HINT_RT, keyboards.rt_choice(kampung.rt_list, keyboards.CB_REG_RT)
        )
        return RT
    return await _rt_accepted(update, context, rt)


async def _rt_accepted(update: Update, context: BotContext, rt: str) -> int:
    _draft(context)["rt"] = rt
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
    await edit_text(update, f"{texts.ASK_POKTAN} <b>{texts.poktan_label(poktan)}</b>")
    return await _poktan_accepted(update, context, poktan)


async def poktan_typed(update: Update, context: BotContext) -> int:
    """ "bkr", "BKR", "pik r": a Poktan typed is taken as if its button was pressed."""
    poktan = read_poktan(update.effective_message.text or "")
    if poktan is None:
        await reply(
            update, texts.TYPED_HINT_POKTAN, keyboards.poktan_choice(keyboards.CB_REG_POKTAN)
        )
        return POKTAN
    return await _poktan_accepted(update, context, poktan)


async def _poktan_accepted(update: Update, context: BotContext, poktan: Poktan) -> int:
    draft = _draft(context)
    if "full_name" not in draft or "rt" not in draft:
        await reply(update, texts.STALE_BUTTON)
        return ConversationHandler.END
    draft["poktan"] = poktan
    await reply(
        update,
        texts.registration_summary(draft["full_name"], draft["rt"], poktan),
        keyboards.confirm_registration(),
    )
    return CONFIRM


async def confirmed(update: Update, context: BotContext) -> int:
    """Store the registration and tell the admins (or welcome a configured admin)."""
    query = update.callback_query
    if query is not None:
        await query.answer()
    draft = _draft(context)
    if not {"consent_at", "full_name", "rt", "poktan"} <= draft.keys():
        # The flow state outlived its draft (e.g. a restart): start over cleanly.
        if query is not None:
            await edit_text(update, texts.STALE_BUTTON)
        else:
            await reply(update, texts.STALE_BUTTON)
        return ConversationHandler.END
    registration = Registration(
        telegram_id=update.effective_user.id,
        full_name=draft["full_name"],
        rt=draft["rt"],
        poktan=draft["poktan"],
        consent_at=draft["consent_at"],
    )
    async with context.transaction() as session:
        member, admins = None, []
        # The kampung whose link she opened, unless an operator removed it meanwhile.
        same = draft.get("kampung_id", context.kampung_id) == context.kampung_id
        if same and await hold_kampung(session, context.kampung_id):
            member, _created = await register_member(
                session,
                context.kampung_id,
                registration,
                admin_ids=await admin_ids_of(session, context.kampung_id),
                now=context.now(),
            )
            admins = (
                [] if member.is_admin else await list_active_admins(session, context.kampung_id)
            )
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
    if query is not None:
        await edit_markup(update)
    if member is None:
        await reply(update, texts.KAMPUNG_REMOVED_WHILE_REGISTERING)
        return ConversationHandler.END
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
    if update.callback_query is not None:
        await acknowledge(update)
    await _ask_name(update)
    return NAME


async def confirm_typed(update: Update, context: BotContext) -> int:
    """ "ya", "benar", "ya sudah benar" confirm; "tidak", "ulangi" start again."""
    answer = read_yes_no(update.effective_message.text or "")
    if answer is True:
        return await confirmed(update, context)
    if answer is False:
        return await redo(update, context)
    await reply(update, texts.TYPED_HINT_YES_NO, keyboards.confirm_registration())
    return CONFIRM


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
                    MessageHandler(private & text, consent_text),
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
                    MessageHandler(private & text, rt_typed),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
                POKTAN: [
                    CallbackQueryHandler(poktan_chosen, pattern=rf"^{keyboards.CB_REG_POKTAN}.+\Z"),
                    MessageHandler(private & text, poktan_typed),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
                CONFIRM: [
                    CallbackQueryHandler(confirmed, pattern=rf"^{keyboards.CB_REG_CONFIRM}\Z"),
                    CallbackQueryHandler(redo, pattern=rf"^{keyboards.CB_REG_REDO}\Z"),
                    MessageHandler(private & text, confirm_typed),
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
