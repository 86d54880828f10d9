"""Operators (``OPERATOR_IDS``: PKB/PLKB, Dinas) manage the bot's kampungs.

- ``/kampung``: every kampung with its invite link and secretaries; a button
  adds a kampung (name → RT list → time zone), another opens a kampung's
  secretaries, to invite one with a one-time link (``sek_…``: whoever opens it
  becomes secretary; the operator is told), appoint one (typed Telegram id, or
  a forwarded message) or take the rights away, and to correct the kampung's
  name, RT list or time zone (not the kampung from the settings; not the zone
  while meetings are planned), or to remove one made by mistake (no member
  and no meeting yet, after a confirmation).
- ``/ringkasan``: every kampung's next meeting, last attendance and members,
  with an .xlsx.

Every handler checks ``context.is_operator`` on the server: buttons can be forged.
None of them uses ``context.kampung_id``: an operator need not be in any kampung.
"""

from __future__ import annotations

import asyncio
import logging
import re
import warnings
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from telegram import InputFile, MessageOriginHiddenUser, MessageOriginUser, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers.common import edit_markup, reply, type_text, use_buttons
from handlers.flow import Flow
from handlers.menu import publish_admin_commands
from models.broadcast import BroadcastKind, Outgoing, plan_to_chat
from models.classification.store import classification_of
from models.kampung import (
    SECRETARY_INVITE_VALID_FOR,
    NewKampungOutcome,
    appoint_admin,
    create_kampung,
    create_secretary_invite,
    dismiss_admin,
    find_kampung,
    kampung_name_taken,
)
from models.member import get_member_by_telegram_id, sync_admins
from models.overview import (
    KampungChange,
    edit_kampung,
    kampung_listing,
    kampung_summaries,
    operator_made,
    removable_kampung,
    remove_kampung,
    secretaries_of,
)
from models.poktan.area import area_month, kampung_counts
from models.poktan.months import previous_month
from models.rules.parsing import clean_kampung_name
from models.rules.rotation import RtListProblem, parse_rt_list
from runtime.context import BotContext
from ui import keyboards, texts
from ui.export import overview_xlsx
from ui.formatting import format_meeting_datetime, format_month
from ui.registers.xlsx import area_xlsx
from ui.texts import classification as classification_texts

logger = logging.getLogger(__name__)

NAME, RTS, TZ, SECRETARY, EDIT_NAME, EDIT_RTS, EDIT_TZ = range(7)
EDIT_STATES = {"name": EDIT_NAME, "rts": EDIT_RTS, "tz": EDIT_TZ}
DRAFT = "kampung_draft"
# /kampung shows this many kampungs per message (Telegram takes at most 100 buttons).
KAMPUNGS_PER_PAGE = 10
# /ringkasan writes this many kampungs in the chat; the .xlsx holds them all.
OVERVIEW_IN_CHAT = 30
_MAX_TELEGRAM_ID = 2**53  # Telegram's user ids fit in 52 bits


def _draft(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})  # type: ignore[union-attr]


def _drop_draft(context: BotContext) -> None:
    context.user_data.pop(DRAFT, None)  # type: ignore[union-attr]


async def _refused(update: Update, context: BotContext) -> bool:
    """True (and the refusal said) unless the sender is an operator."""
    if context.is_operator:
        return False
    if update.callback_query is not None:
        await update.callback_query.answer(texts.OPERATOR_ONLY, show_alert=True)
    else:
        await reply(update, texts.OPERATOR_ONLY)
    return True


def _link(context: BotContext, code: str | None) -> str:
    return texts.invite_link(context.bot.username, code)


def _label(telegram_id: int, name: str | None) -> str:
    return texts.secretary_label(telegram_id, name)


# --- the list ------------------------------------------------------------------------------


async def _list_page(context: BotContext, page: int = 0) -> tuple[str, Any]:
    async with context.reading() as session:
        everything = await kampung_listing(session)
    pages = max(1, -(-len(everything) // KAMPUNGS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * KAMPUNGS_PER_PAGE
    listing = everything[first : first + KAMPUNGS_PER_PAGE]
    entries = [
        texts.kampung_entry(
            position,
            item.kampung.name,
            item.kampung.timezone,
            item.kampung.rt_list,
            item.active_members,
            [_label(tid, name) for tid, name in item.secretaries],
            item.kampung.group_chat_id is not None,
            _link(context, item.kampung.invite_code),
        )
        for position, item in enumerate(listing, start=first + 1)
    ]
    markup = keyboards.kampung_list(
        [(item.kampung.id, item.kampung.name) for item in listing], page, pages
    )
    return texts.kampung_list(entries, len(everything), page, pages), markup


async def kampung_command(update: Update, context: BotContext) -> None:
    """``/kampung``: the kampungs, their links and secretaries."""
    if await _refused(update, context):
        return
    text, markup = await _list_page(context)
    await reply(update, text, markup)


async def list_pressed(update: Update, context: BotContext) -> None:
    if await _refused(update, context):
        return
    query = update.callback_query
    _, _, page = query.data.removeprefix(keyboards.CB_OP_LIST).partition(":")
    text, markup = await _list_page(context, int(page or 0))
    await query.answer()
    await reply(update, text, markup)


# --- secretaries -----------------------------------------------------------------------------


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


# --- a new kampung ----------------------------------------------------------------------------


async def new_pressed(update: Update, context: BotContext) -> int | None:
    if await _refused(update, context):
        return None
    await update.callback_query.answer()
    _drop_draft(context)
    await reply(update, texts.ASK_KAMPUNG_NAME)
    return NAME


async def name_given(update: Update, context: BotContext) -> int:
    name = clean_kampung_name(update.effective_message.text or "")
    if name is None:
        await reply(update, texts.KAMPUNG_NAME_INVALID)
        return NAME
    async with context.reading() as session:
        taken = await kampung_name_taken(session, name)
    if taken:
        await reply(update, texts.KAMPUNG_NAME_TAKEN)
        return NAME
    _draft(context)["name"] = name
    await reply(update, texts.ASK_KAMPUNG_RTS)
    return RTS


async def rts_given(update: Update, context: BotContext) -> int:
    try:
        rts = parse_rt_list(update.effective_message.text or "")
    except RtListProblem as problem:
        await reply(update, texts.rt_list_invalid(problem.reason, problem.rt))
        return RTS
    _draft(context)["rts"] = rts
    await reply(update, texts.ASK_KAMPUNG_TZ, keyboards.timezones())
    return TZ


def valid_zone(name: str) -> str | None:
    name = name.strip()
    if name not in available_timezones():
        return None
    ZoneInfo(name)
    return name


async def _chosen_zone(update: Update) -> str | None:
    """The zone pressed or typed; None (and the refusal said) when it is not one."""
    query = update.callback_query
    typed = query.data.removeprefix(keyboards.CB_OP_TZ) if query else update.message.text or ""
    zone = valid_zone(typed)
    if zone is None:
        if query is not None:
            await query.answer(texts.TIMEZONE_INVALID, show_alert=True)
        else:
            await reply(update, texts.TIMEZONE_INVALID, keyboards.timezones())
        return None
    if query is not None:
        await query.answer()
        await edit_markup(update)
    return zone


async def tz_given(update: Update, context: BotContext) -> int:
    zone = await _chosen_zone(update)
    if zone is None:
        return TZ
    draft = _draft(context)
    if "name" not in draft or "rts" not in draft:
        _drop_draft(context)
        await reply(update, texts.KAMPUNG_FLOW_TIMED_OUT)
        return ConversationHandler.END
    async with context.transaction() as session:
        outcome, kampung = await create_kampung(
            session, name=draft["name"], timezone=zone, rt_list=draft["rts"], now=context.now()
        )
        if kampung is not None:
            kampung_id, code, name = kampung.id, kampung.invite_code, kampung.name
    if outcome is NewKampungOutcome.NAME_TAKEN:
        await reply(update, texts.KAMPUNG_NAME_TAKEN)
        return NAME
    _drop_draft(context)
    logger.info("Kampung %r created (id %s) by an operator", name, kampung_id)
    await reply(
        update,
        texts.kampung_created(name, _link(context, code)),
        keyboards.new_kampung_next(kampung_id),
    )
    return ConversationHandler.END


# --- correcting a kampung ---------------------------------------------------------------------

CHANGE_REFUSALS = {
    KampungChange.GONE: texts.KAMPUNG_GONE,
    KampungChange.FROM_SETTINGS: texts.KAMPUNG_FROM_SETTINGS,
    KampungChange.HAS_MEETINGS: texts.KAMPUNG_TZ_HAS_MEETINGS,
    KampungChange.IN_USE: texts.KAMPUNG_IN_USE,
}


async def edit_pressed(update: Update, context: BotContext) -> int | None:
    """✏️ Nama / Daftar RT / Zona waktu: ask for the new value, showing the current one."""
    if await _refused(update, context):
        return None
    query = update.callback_query
    kampung_part, _, field = query.data.removeprefix(keyboards.CB_OP_EDIT).partition(":")
    kampung_id = int(kampung_part)
    async with context.reading() as session:
        verdict, kampung = await operator_made(session, kampung_id)
    if verdict is not KampungChange.DONE or kampung is None:
        await query.answer(CHANGE_REFUSALS[verdict], show_alert=True)
        return None
    await query.answer()
    _drop_draft(context)
    _draft(context)["edit"] = kampung_id
    current = {"name": kampung.name, "rts": ", ".join(kampung.rt_list), "tz": kampung.timezone}
    markup = keyboards.timezones() if field == "tz" else None
    await reply(update, texts.ask_kampung_edit(kampung.name, field, current[field]), markup)
    return EDIT_STATES[field]


async def _save_edit(update: Update, context: BotContext, state: int, **change: Any) -> int:
    kampung_id = _draft(context).get("edit")
    if kampung_id is None:
        await reply(update, texts.KAMPUNG_FLOW_TIMED_OUT)
        return ConversationHandler.END
    async with context.transaction() as session:
        outcome = await edit_kampung(session, kampung_id, now=context.now(), **change)
        kampung = await find_kampung(session, kampung_id)
        if kampung is not None:
            name, rts, zone = kampung.name, kampung.rt_list, kampung.timezone
    if outcome is KampungChange.NAME_TAKEN:
        await reply(update, texts.KAMPUNG_NAME_TAKEN)
        return state
    _drop_draft(context)
    if outcome is not KampungChange.DONE or kampung is None:
        await reply(update, CHANGE_REFUSALS.get(outcome, texts.KAMPUNG_GONE))
        return ConversationHandler.END
    logger.info("Kampung %s edited by an operator", kampung_id)
    await reply(update, texts.kampung_edited(name, rts, zone))
    page = await _secretaries_page(context, kampung_id)
    if page is not None:
        await reply(update, *page)
    return ConversationHandler.END


async def edit_name_given(update: Update, context: BotContext) -> int:
    name = clean_kampung_name(update.effective_message.text or "")
    if name is None:
        await reply(update, texts.KAMPUNG_NAME_INVALID)
        return EDIT_NAME
    return await _save_edit(update, context, EDIT_NAME, name=name)


async def edit_rts_given(update: Update, context: BotContext) -> int:
    try:
        rts = parse_rt_list(update.effective_message.text or "")
    except RtListProblem as problem:
        await reply(update, texts.rt_list_invalid(problem.reason, problem.rt))
        return EDIT_RTS
    return await _save_edit(update, context, EDIT_RTS, rt_list=rts)


async def edit_tz_given(update: Update, context: BotContext) -> int:
    zone = await _chosen_zone(update)
    if zone is None:
        return EDIT_TZ
    return await _save_edit(update, context, EDIT_TZ, timezone=zone)


# --- removing a kampung made by mistake ----------------------------------------------------------


async def remove_pressed(update: Update, context: BotContext) -> None:
    """🗑 Hapus kampung: only an unused one, and only after "Ya, hapus"."""
    if await _refused(update, context):
        return
    query = update.callback_query
    kampung_id = int(query.data.removeprefix(keyboards.CB_OP_REMOVE))
    async with context.reading() as session:
        verdict, kampung = await removable_kampung(session, kampung_id)
    if verdict is not KampungChange.DONE or kampung is None:
        await query.answer(CHANGE_REFUSALS[verdict], show_alert=True)
        return
    await query.answer()
    await reply(
        update,
        texts.confirm_remove_kampung(kampung.name),
        keyboards.confirm_remove_kampung(kampung_id),
    )


async def remove_confirmed(update: Update, context: BotContext) -> None:
    if await _refused(update, context):
        return
    query = update.callback_query
    kampung_id = int(query.data.removeprefix(keyboards.CB_OP_REMOVE_YES))
    async with context.transaction() as session:
        kampung = await find_kampung(session, kampung_id)
        name = kampung.name if kampung is not None else ""
        verdict = await remove_kampung(session, kampung_id)
    if verdict is not KampungChange.DONE:
        await query.answer(CHANGE_REFUSALS[verdict], show_alert=True)
        return
    logger.info("Kampung %r (id %s) removed by an operator", name, kampung_id)
    await query.answer()
    await edit_markup(update)
    await reply(update, texts.kampung_removed(name))
    await reply(update, *await _list_page(context))


async def cancel(update: Update, context: BotContext) -> int:
    _drop_draft(context)
    await reply(update, texts.KAMPUNG_FLOW_CANCELLED)
    return ConversationHandler.END


async def other_command(update: Update, context: BotContext) -> None:
    await reply(update, texts.IN_KAMPUNG_FLOW)


async def op_press(update: Update, context: BotContext) -> None:
    """Any other operator button: refused for a non-operator, stale for an operator."""
    if await _refused(update, context):
        return
    await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)


# --- the overview -----------------------------------------------------------------------------


async def overview_command(update: Update, context: BotContext) -> None:
    """``/ringkasan``: every kampung at a glance, and the same as a spreadsheet."""
    if await _refused(update, context):
        return
    now = context.now()
    async with context.reading() as session:
        summaries = await kampung_summaries(session, now)
        classes = {
            s.kampung.id: await classification_of(session, s.kampung.id, now) for s in summaries
        }
        entries = []
        for summary in summaries[:OVERVIEW_IN_CHAT]:
            tz = ZoneInfo(summary.kampung.timezone)
            upcoming = summary.next_meeting
            entries.append(
                texts.overview_entry(
                    summary.kampung.name,
                    format_meeting_datetime(upcoming.starts_at, tz) if upcoming else None,
                    summary.last_rate,
                    summary.last_present,
                    summary.last_of,
                    summary.active_members,
                    summary.pending_members,
                    summary.secretaries,
                    summary.unposted,
                )
                + "\n"
                + classification_texts.kls_overview_line(classes[summary.kampung.id])
            )
        workbook = overview_xlsx(summaries, classes)
    when = format_meeting_datetime(now, context.settings.tz)
    await reply(update, texts.overview(entries, when, max(len(summaries) - OVERVIEW_IN_CHAT, 0)))
    stamp = now.astimezone(context.settings.tz).strftime("%Y-%m-%d")
    await update.effective_message.reply_document(
        InputFile(workbook, filename=f"ringkasan-kampung-{stamp}.xlsx"),
        caption=texts.OVERVIEW_CAPTION,
    )
    await _poktan_month(update, context)


async def _poktan_month(update: Update, context: BotContext) -> None:
    """The Poktan registers of the month last due: who reported, and the PKB's workbook
    (one row per group, as typed into New SIGA). Nothing when no kampung has a group."""
    month = previous_month(context.now().astimezone(context.settings.tz).date())
    async with context.reading() as session:
        counts = await kampung_counts(session, month)
        if not counts:
            return
        entries = await area_month(session, month, erased_name=texts.REDACTION)
    await reply(
        update,
        texts.poktan_month_overview(
            month.year, month.month, [(c.kampung, c.reported, c.groups) for c in counts]
        ),
    )
    label = format_month(month.year, month.month)
    workbook = await asyncio.to_thread(area_xlsx, entries, label)
    await update.effective_message.reply_document(
        InputFile(workbook, filename=f"register-poktan-{month:%Y-%m}.xlsx"),
        caption=texts.POKTAN_MONTH_AREA_CAPTION,
    )


# --- wiring ------------------------------------------------------------------------------------


def operator_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    """The operator's commands and buttons; the resolver lets them through without a kampung."""
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND
    not_text = private & ~filters.COMMAND

    def on(callback: Any, prefix: str, rest: str = "") -> CallbackQueryHandler[Any, Any]:
        return CallbackQueryHandler(callback, pattern=rf"^{re.escape(prefix)}{rest}\Z")

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        flow = Flow(
            name="kampung",
            entry_points=[
                on(new_pressed, keyboards.CB_OP_NEW),
                on(appoint_pressed, keyboards.CB_OP_APPOINT, r"\d{1,9}"),
                on(edit_pressed, keyboards.CB_OP_EDIT, r"\d{1,9}:(name|rts|tz)"),
            ],
            states={
                NAME: [MessageHandler(typed, name_given), MessageHandler(not_text, type_text)],
                RTS: [MessageHandler(typed, rts_given), MessageHandler(not_text, type_text)],
                TZ: [
                    on(tz_given, keyboards.CB_OP_TZ, r"[A-Za-z0-9_+\-/]{1,50}"),
                    MessageHandler(typed, tz_given),
                    MessageHandler(not_text, use_buttons),
                ],
                SECRETARY: [
                    MessageHandler(private & ~filters.COMMAND, secretary_given),
                ],
                EDIT_NAME: [
                    MessageHandler(typed, edit_name_given),
                    MessageHandler(not_text, type_text),
                ],
                EDIT_RTS: [
                    MessageHandler(typed, edit_rts_given),
                    MessageHandler(not_text, type_text),
                ],
                EDIT_TZ: [
                    on(edit_tz_given, keyboards.CB_OP_TZ, r"[A-Za-z0-9_+\-/]{1,50}"),
                    MessageHandler(typed, edit_tz_given),
                    MessageHandler(not_text, use_buttons),
                ],
            },
            fallbacks=[
                CommandHandler("batal", cancel, filters=private),
                MessageHandler(private & filters.COMMAND, other_command),
            ],
            timeout_text=texts.KAMPUNG_FLOW_TIMED_OUT,
            draft_key=DRAFT,
        )
    return [
        flow,
        CommandHandler("kampung", kampung_command, filters=private),
        CommandHandler("ringkasan", overview_command, filters=private),
        on(list_pressed, keyboards.CB_OP_LIST, r"(:\d{1,4})?"),
        on(secretaries_pressed, keyboards.CB_OP_KAMPUNG, r"\d{1,9}"),
        on(dismiss_pressed, keyboards.CB_OP_DISMISS, r"\d{1,9}:\d{1,16}"),
        on(invite_pressed, keyboards.CB_OP_INVITE, r"\d{1,9}"),
        on(remove_pressed, keyboards.CB_OP_REMOVE, r"\d{1,9}"),
        on(remove_confirmed, keyboards.CB_OP_REMOVE_YES, r"\d{1,9}"),
        on(op_press, keyboards.CB_OP, ".*"),
    ]
