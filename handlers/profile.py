"""``/profil`` (see and change one's own data) and ``/hapus_data`` (erase it)."""

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
    refusal_for,
    reply,
    use_buttons,
)
from handlers.flow import Flow
from models.erasure import erase_person, forget_old_name, personal_data_of
from models.kampung import get_kampung
from models.member import (
    InvalidName,
    Poktan,
    clean_full_name,
    read_poktan,
    update_profile,
)
from models.rules.rotation import normalize_rt
from runtime.context import BotContext
from runtime.db import wipe_erased
from ui import keyboards, texts

logger = logging.getLogger(__name__)

MENU, NEW_NAME, NEW_RT, NEW_POKTAN = range(4)


async def show_profile(update: Update, context: BotContext) -> int:
    """``/profil``: the member's data with buttons to change it."""
    async with context.reading() as session:
        member = await load_member(session, context, update)
    refusal = refusal_for(member)
    if refusal is not None:
        await reply(update, refusal)
        return ConversationHandler.END
    await reply(update, texts.profile(member), keyboards.profile_menu())
    return MENU


async def _refused(update: Update, context: BotContext) -> bool:
    """True (and the user told) when the presser is no longer an active member."""
    async with context.reading() as session:
        refusal = refusal_for(await load_member(session, context, update))
    if refusal is not None:
        await update.callback_query.answer(refusal, show_alert=True)
        return True
    return False


async def ask_name(update: Update, context: BotContext) -> int:
    if await _refused(update, context):
        return ConversationHandler.END
    await acknowledge(update)
    await reply(update, texts.ASK_NEW_NAME)
    return NEW_NAME


async def ask_rt(update: Update, context: BotContext) -> int:
    if await _refused(update, context):
        return ConversationHandler.END
    await update.callback_query.answer()
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    await edit_markup(update, keyboards.rt_choice(kampung.rt_list, keyboards.CB_PROFILE_SET_RT))
    return NEW_RT


async def ask_poktan(update: Update, context: BotContext) -> int:
    if await _refused(update, context):
        return ConversationHandler.END
    await update.callback_query.answer()
    await edit_markup(update, keyboards.poktan_choice(keyboards.CB_PROFILE_SET_POKTAN))
    return NEW_POKTAN


async def _save(update: Update, context: BotContext, **changes: Any) -> int:
    """Apply one change to the member's own row, then show the profile again."""
    async with context.transaction() as session:
        member = await load_member(session, context, update)
        refusal = refusal_for(member)
        if refusal is None:
            old_name = member.full_name
            update_profile(member, now=context.now(), **changes)
            if old_name and member.full_name != old_name:
                await forget_old_name(
                    session,
                    member.kampung_id,
                    old_name,
                    redaction=texts.REDACTION,
                    now=context.now(),
                )
    if refusal is not None:
        await reply(update, refusal)
        return ConversationHandler.END
    await reply(update, texts.PROFILE_SAVED)
    await reply(update, texts.profile(member), keyboards.profile_menu())
    return MENU


async def name_given(update: Update, context: BotContext) -> int:
    try:
        name = clean_full_name(update.effective_message.text or "")
    except InvalidName as problem:
        await reply(update, texts.name_invalid(problem.problem))
        return NEW_NAME
    return await _save(update, context, full_name=name)


async def name_not_text(update: Update, context: BotContext) -> int:
    await reply(update, texts.ASK_NAME_TEXT_ONLY)
    return NEW_NAME


async def rt_chosen(update: Update, context: BotContext) -> int:
    query = update.callback_query
    rt = query.data.removeprefix(keyboards.CB_PROFILE_SET_RT)
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    if not kampung.has_rt(rt):
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return NEW_RT
    await acknowledge(update)
    return await _save(update, context, rt=rt)


async def poktan_chosen(update: Update, context: BotContext) -> int:
    query = update.callback_query
    try:
        poktan = Poktan(query.data.removeprefix(keyboards.CB_PROFILE_SET_POKTAN))
    except ValueError:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return NEW_POKTAN
    await acknowledge(update)
    return await _save(update, context, poktan=poktan)


async def menu_typed(update: Update, context: BotContext) -> int:
    """ "nama", "rt", "poktan" or "selesai" typed instead of pressing the button."""
    word = (update.effective_message.text or "").strip().casefold().split()
    choice = word[0].strip(".!") if word else ""
    if choice == "nama":
        await reply(update, texts.ASK_NEW_NAME)
        return NEW_NAME
    if choice == "rt":
        async with context.reading() as session:
            kampung = await get_kampung(session, context.kampung_id)
        await reply(
            update, texts.ASK_RT, keyboards.rt_choice(kampung.rt_list, keyboards.CB_PROFILE_SET_RT)
        )
        return NEW_RT
    if choice == "poktan":
        await reply(
            update, texts.ASK_POKTAN, keyboards.poktan_choice(keyboards.CB_PROFILE_SET_POKTAN)
        )
        return NEW_POKTAN
    if choice in ("selesai", "sudah", "tidak", "cukup"):
        await reply(update, texts.PROFILE_CLOSED)
        return ConversationHandler.END
    await reply(update, texts.TYPED_HINT_PROFILE, keyboards.profile_menu())
    return MENU


async def rt_typed(update: Update, context: BotContext) -> int:
    """ "RT 4", "4" or "04" typed at the RT step."""
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
    rt = normalize_rt(update.effective_message.text or "", kampung.rt_list)
    if rt is None:
        await reply(
            update,
            texts.TYPED_HINT_RT,
            keyboards.rt_choice(kampung.rt_list, keyboards.CB_PROFILE_SET_RT),
        )
        return NEW_RT
    return await _save(update, context, rt=rt)


async def poktan_typed(update: Update, context: BotContext) -> int:
    """ "bkr", "BKR" or "PIK-R" typed at the Poktan step."""
    poktan = read_poktan(update.effective_message.text or "")
    if poktan is None:
        await reply(
            update,
            texts.TYPED_HINT_POKTAN,
            keyboards.poktan_choice(keyboards.CB_PROFILE_SET_POKTAN),
        )
        return NEW_POKTAN
    return await _save(update, context, poktan=poktan)


async def done(update: Update, context: BotContext) -> int:
    await acknowledge(update)
    await reply(update, texts.PROFILE_CLOSED)
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    await reply(update, texts.PROFILE_CLOSED)
    return ConversationHandler.END


async def ask_erase(update: Update, context: BotContext) -> None:
    """``/hapus_data``: name every kampung it would touch and ask for a confirmation."""
    user_id = update.effective_user.id
    async with context.reading() as session:
        data = await personal_data_of(session, user_id)
    if data.empty:
        # Nothing to show, but a kampung she opened the link of keeps her id: gone too.
        async with context.transaction() as session:
            await erase_person(session, user_id, redaction=texts.REDACTION, now=context.now())
        await reply(update, texts.NOTHING_TO_ERASE)
        return
    in_settings = user_id in context.settings.ADMIN_IDS
    await reply(
        update, texts.erase_confirm(data, in_settings=in_settings), keyboards.erase_confirm()
    )


async def erase(update: Update, context: BotContext) -> None:
    """Erase the presser's personal data in every kampung; the button names nobody, so it
    cannot be aimed at anyone else."""
    query = update.callback_query
    async with context.transaction() as session:
        data = await erase_person(
            session, update.effective_user.id, redaction=texts.REDACTION, now=context.now()
        )
    # What she was still typing (a flow's draft) is hers too: the flows end, the drafts go.
    context.bot_data.leave_flows(update.effective_user.id, context)
    if context.user_data is not None:
        context.user_data.clear()
    await query.answer()
    await edit_text(update, texts.NOTHING_TO_ERASE if data.empty else texts.erased(data))
    if not data.empty:
        logger.info("Personal data erased in %d kampung(s)", len(data.kampungs))
    # Outside the transaction: the erased values leave the SQLite file's free pages and WAL.
    await wipe_erased(context.bot_data.engine)


async def keep(update: Update, context: BotContext) -> None:
    await update.callback_query.answer()
    await edit_text(update, texts.ERASE_KEPT)


def profile_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        conversation = Flow(
            name="profile",
            entry_points=[CommandHandler("profil", show_profile, filters=private)],
            states={
                MENU: [
                    CallbackQueryHandler(ask_name, pattern=rf"^{keyboards.CB_PROFILE_NAME}\Z"),
                    CallbackQueryHandler(ask_rt, pattern=rf"^{keyboards.CB_PROFILE_RT}\Z"),
                    CallbackQueryHandler(ask_poktan, pattern=rf"^{keyboards.CB_PROFILE_POKTAN}\Z"),
                    CallbackQueryHandler(done, pattern=rf"^{keyboards.CB_PROFILE_DONE}\Z"),
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, menu_typed),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
                NEW_NAME: [
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, name_given),
                    MessageHandler(private & ~filters.COMMAND, name_not_text),
                ],
                NEW_RT: [
                    CallbackQueryHandler(rt_chosen, pattern=rf"^{keyboards.CB_PROFILE_SET_RT}.+\Z"),
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, rt_typed),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
                NEW_POKTAN: [
                    CallbackQueryHandler(
                        poktan_chosen, pattern=rf"^{keyboards.CB_PROFILE_SET_POKTAN}.+\Z"
                    ),
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, poktan_typed),
                    MessageHandler(private & ~filters.COMMAND, use_buttons),
                ],
            },
            fallbacks=[CommandHandler("batal", cancel, filters=private)],
            timeout_text=texts.PROFILE_TIMED_OUT,
        )
    return [conversation]


def erase_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """``/hapus_data`` and its buttons: they need no kampung (it erases in every one)."""
    return [
        CommandHandler("hapus_data", ask_erase, filters=filters.ChatType.PRIVATE),
        CallbackQueryHandler(erase, pattern=rf"^{keyboards.CB_ERASE_YES}\Z"),
        CallbackQueryHandler(keep, pattern=rf"^{keyboards.CB_ERASE_NO}\Z"),
    ]
