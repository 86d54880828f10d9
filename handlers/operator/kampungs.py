"""A new kampung (name → RT list → time zone), correcting one, removing one made by
mistake (no member and no meeting yet, after a confirmation).
"""

from __future__ import annotations

import logging
from typing import Any
from zoneinfo import ZoneInfo, available_timezones

from telegram import Update
from telegram.ext import ConversationHandler

from handlers.common import edit_markup, reply
from handlers.operator.common import (
    EDIT_NAME,
    EDIT_RTS,
    EDIT_STATES,
    EDIT_TZ,
    NAME,
    RTS,
    TZ,
    _draft,
    _drop_draft,
    _link,
    _refused,
)
from handlers.operator.listing import _list_page
from handlers.operator.secretaries import _secretaries_page
from models.kampung import NewKampungOutcome, create_kampung, find_kampung, kampung_name_taken
from models.overview import (
    KampungChange,
    edit_kampung,
    operator_made,
    removable_kampung,
    remove_kampung,
)
from models.rules.parsing import clean_kampung_name
from models.rules.rotation import RtListProblem, parse_rt_list
from runtime.context import BotContext
from ui import keyboards, texts

logger = logging.getLogger(__name__)

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
