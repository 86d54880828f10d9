"""``/klasifikasi``: the kampung's category by the portal's formula, and its answers.

For the kampung's secretaries and the operators, in a private chat. The view shows
the category, each index with its indicators and scores ("belum diisi" where an
answer is missing) and the smallest raises; its buttons open the questions the bot
cannot answer from its own records. Every press carries the kampung id (resolved by
handlers/tenancy.py) and is checked here again: rights in that kampung, a question
and an option that exist. A typed answer (a figure, the Poktan shares) is a short
flow; a bad one gets its reason and changes nothing.
"""

from __future__ import annotations

import re
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
)

from handlers.common import edit_text, is_private, load_member, reply, stale_press, type_text
from handlers.flow import typed_text_flow
from models.classification.formula import raises
from models.classification.questions import (
    QUESTION,
    BadAnswer,
    Kind,
    Q,
    check_number,
    read_number,
    read_poktan_shares,
)
from models.classification.store import (
    KampungClassification,
    classification_of,
    save_answer,
    set_option,
)
from models.kampung import get_kampung
from models.member import Member
from runtime.context import BotContext
from ui import classification_keyboards as kb
from ui import keyboards
from ui.texts import classification as t

TYPING = 0
DRAFT = "klasifikasi"
_QUESTIONS = "|".join(re.escape(q.value) for q in Q)


class _Refused(Exception):
    pass


async def _allowed(update: Update, context: BotContext) -> Member | None:
    """The presser's member row (None for an operator without one); refused otherwise."""
    async with context.reading() as session:
        member = await load_member(session, context, update)
    if context.is_operator:
        return member
    if member is None or not member.is_admin:
        if update.callback_query is not None:
            await update.callback_query.answer(t.KLS_ONLY_SECRETARY, show_alert=True)
        else:
            await reply(update, t.KLS_ONLY_SECRETARY)
        raise _Refused
    return member


async def _load(context: BotContext) -> tuple[str, KampungClassification]:
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
        found = await classification_of(session, context.kampung_id, context.now())
    return kampung.name, found


async def _view_text(context: BotContext) -> str:
    name, found = await _load(context)
    return t.kls_view(name, found, raises(found.result), context.now(), context.tz)


async def show(update: Update, context: BotContext) -> None:
    """``/klasifikasi``."""
    if not is_private(update):
        await reply(update, t.KLS_NOT_PRIVATE)
        return
    try:
        await _allowed(update, context)
    except _Refused:
        return
    await reply(update, await _view_text(context), kb.view(context.kampung_id))


async def _pressed(update: Update, context: BotContext, prefix: str) -> list[str] | None:
    """A press checked: rights, and the kampung the data names; None once refused."""
    try:
        await _allowed(update, context)
    except _Refused:
        return None
    fields = update.callback_query.data.removeprefix(prefix).split(":")
    if not fields[0].isdigit() or int(fields[0]) != context.kampung_id:
        await stale_press(update, context)
        return None
    return fields[1:]


async def view_pressed(update: Update, context: BotContext) -> None:
    if await _pressed(update, context, keyboards.CB_KLS_VIEW) is None:
        return
    await update.callback_query.answer()
    await reply(update, await _view_text(context), kb.view(context.kampung_id))


async def menu_pressed(update: Update, context: BotContext) -> None:
    if await _pressed(update, context, keyboards.CB_KLS_MENU) is None:
        return
    await update.callback_query.answer()
    _, found = await _load(context)
    await edit_text(update, t.kls_menu(found), kb.menu(context.kampung_id, found.given))


async def _show_question(update: Update, context: BotContext, key: Q) -> None:
    _, found = await _load(context)
    given = found.given.get(key)
    await edit_text(
        update,
        t.kls_question(key, found, context.tz),
        kb.question(context.kampung_id, key, given.answer if given else None),
    )


def _question(fields: list[str], *kinds: Kind) -> Q | None:
    try:
        key = Q(fields[0])
    except (ValueError, IndexError):
        return None
    return key if QUESTION[key].kind in kinds else None


async def question_pressed(update: Update, context: BotContext) -> None:
    fields = await _pressed(update, context, keyboards.CB_KLS_QUESTION)
    if fields is None:
        return
    key = _question(fields, Kind.YESNO, Kind.MULTI)
    if key is None:
        await stale_press(update, context)
        return
    await update.callback_query.answer()
    await _show_question(update, context, key)


async def set_pressed(update: Update, context: BotContext) -> None:
    """Ya / Tidak: stored as pressed (a second press stores the same)."""
    fields = await _pressed(update, context, keyboards.CB_KLS_SET)
    if fields is None:
        return
    key = _question(fields, Kind.YESNO)
    if key is None or len(fields) != 2 or fields[1] not in ("0", "1"):
        await stale_press(update, context)
        return
    async with context.transaction() as session:
        member = await load_member(session, context, update)
        await save_answer(
            session, context.kampung_id, key, fields[1] == "1", by=member, now=context.now()
        )
    await update.callback_query.answer(t.KLS_SAVED)
    await _show_question(update, context, key)


async def tick_pressed(update: Update, context: BotContext) -> None:
    """One option of a list on or off (the data says which: a double press changes
    nothing), or "Tidak ada satu pun"."""
    fields = await _pressed(update, context, keyboards.CB_KLS_TICK)
    if fields is None:
        return
    key = _question(fields, Kind.MULTI)
    options = len(QUESTION[key].options) if key is not None else 0
    none = len(fields) == 2 and fields[1] == "none"
    valid = none or (
        len(fields) == 3
        and fields[1].isdigit()
        and int(fields[1]) < options
        and fields[2] in ("0", "1")
    )
    if key is None or not valid:
        await stale_press(update, context)
        return
    async with context.transaction() as session:
        member = await load_member(session, context, update)
        await set_option(
            session,
            context.kampung_id,
            key,
            None if none else int(fields[1]),
            not none and fields[2] == "1",
            by=member,
            now=context.now(),
        )
    await update.callback_query.answer(t.KLS_SAVED)
    await _show_question(update, context, key)


# --- typed answers (a flow) ------------------------------------------------------------


async def type_pressed(update: Update, context: BotContext) -> int:
    fields = await _pressed(update, context, keyboards.CB_KLS_TYPE)
    if fields is None:
        return ConversationHandler.END
    key = _question(fields, Kind.NUMBER, Kind.POKTAN)
    if key is None:
        await stale_press(update, context)
        return ConversationHandler.END
    await update.callback_query.answer()
    context.user_data[DRAFT] = key.value
    _, found = await _load(context)
    text = t.kls_question(key, found, context.tz) + "\n\n" + t.KLS_ASK_TYPED[key] + t.KLS_TYPE_HINT
    await reply(update, text)
    return TYPING


async def typed(update: Update, context: BotContext) -> int:
    try:
        await _allowed(update, context)
    except _Refused:
        return ConversationHandler.END
    key = Q(context.user_data.get(DRAFT, Q.PUS.value))
    text = update.effective_message.text or ""
    try:
        async with context.transaction() as session:
            found = await classification_of(session, context.kampung_id, context.now())
            if QUESTION[key].kind is Kind.POKTAN:
                answer: Any = read_poktan_shares(text)
            else:
                answer = read_number(text)
                known = {k: g.answer for k, g in found.given.items() if k is not key}
                check_number(key, answer, known)
            member = await load_member(session, context, update)
            await save_answer(
                session, context.kampung_id, key, answer, by=member, now=context.now()
            )
    except BadAnswer as bad:
        await reply(update, t.kls_problem(bad.problem, bad.detail))
        return TYPING
    context.user_data.pop(DRAFT, None)
    await reply(update, t.KLS_SAVED)
    await reply(update, await _view_text(context), kb.view(context.kampung_id))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    context.user_data.pop(DRAFT, None)
    await reply(update, t.KLS_CANCELLED)
    return ConversationHandler.END


def classification_handlers() -> list[BaseHandler[Update, BotContext, Any]]:

    def on(callback: Any, prefix: str, rest: str) -> CallbackQueryHandler[Any, Any]:
        return CallbackQueryHandler(callback, pattern=rf"^{re.escape(prefix)}\d{{1,9}}{rest}\Z")

    flow = typed_text_flow(
        "klasifikasi",
        [on(type_pressed, keyboards.CB_KLS_TYPE, rf":({_QUESTIONS})")],
        state=TYPING,
        on_text=typed,
        on_other=type_text,
        on_cancel=cancel,
        timeout_text=t.KLS_TIMED_OUT,
        draft_key=DRAFT,
    )
    return [
        flow,
        CommandHandler("klasifikasi", show),
        on(view_pressed, keyboards.CB_KLS_VIEW, ""),
        on(menu_pressed, keyboards.CB_KLS_MENU, ""),
        on(question_pressed, keyboards.CB_KLS_QUESTION, rf":({_QUESTIONS})"),
        on(set_pressed, keyboards.CB_KLS_SET, rf":({_QUESTIONS}):[01]"),
        on(tick_pressed, keyboards.CB_KLS_TICK, rf":({_QUESTIONS}):(\d{{1,2}}:[01]|none)"),
    ]
