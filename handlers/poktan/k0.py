"""The chair's K/0 draft card (issue 18 item 6): ``pk0:…`` buttons.

- **📇 Kartu K/0** (``/kelompok``, a group's menu): the draft for the year before today's,
  any time; the same draft reaches the chair on 1 January (``scheduler/poktan_k0.py``);
- **✍️ Isi yang kurang** / **✏️ Ubah**: a short flow that asks the fields the bot cannot
  know, one by one (a number within the field's bounds; a bad answer gets its reason and
  changes nothing); once complete, the card's PDF and .xlsx;
- **📄 Lihat PDF & Excel**: the files (to the chair or the secretary; to an operator once
  the card was sent to him);
- **✅ Kirim ke PKB**: to the operators through the outbox, with the files on a button;
  again only after an answer changed (marked *Perbaikan*).

Every button names its group first (``handlers/tenancy.py`` puts the update in that
group's kampung) and the data year; each press checks again that the presser chairs that
group, and that the year is the current card's (an older message is stale).
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InputMediaDocument, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, ConversationHandler

from handlers.common import edit_text, reply, stale_press, type_text
from handlers.flow import typed_text_flow
from handlers.poktan.common import Access, group_access, ids, refuse, tell_operators
from models.broadcast import Outgoing
from models.forms import Column
from models.poktan.groups import PoktanGroup, get_group
from models.poktan.k0 import (
    CardError,
    CardProblem,
    CardState,
    bounds,
    data_year,
    ensure_card,
    existed_in,
    find_card,
    load_card_state,
    read_answer,
    save_answer,
    send_card,
)
from runtime.context import BotContext
from ui import k0_card, texts
from ui import keyboards_poktan as kb
from ui.registers import card_filename, card_files
from ui.texts import poktan_k0 as t

ANSWER = 0
DRAFT = "poktan_k0"

_SEND_PROBLEMS = {CardProblem.MISSING: t.K0_MISSING, CardProblem.UNCHANGED: t.K0_UNCHANGED}


def _today(context: BotContext) -> date:
    return context.now().astimezone(context.tz).date()


async def _state(context: BotContext, group: PoktanGroup, year: int) -> CardState:
    async with context.reading() as session:
        return await load_card_state(
            session, group, year, today=_today(context), erased_name=texts.REDACTION
        )


async def _chair_press(
    update: Update, context: BotContext, prefix: str
) -> tuple[Access, int, list[int]] | None:
    """The chair's press on her group's current card: (access, year, the rest of the
    numbers), or None once refused (not her group, another kampung's, an old card)."""
    numbers = ids(update.callback_query.data or "", prefix)
    access = await group_access(update, context, numbers[0], chair_only=True)
    if access is None:
        return None
    year = numbers[1] if len(numbers) > 1 else data_year(_today(context))
    if year != data_year(_today(context)):
        await refuse(update, t.K0_STALE)
        return None
    if not existed_in(access.group, year, context.tz):
        created = access.group.created_at.astimezone(context.tz).year
        await refuse(update, texts.plain(t.k0_too_new(access.group.name, created + 1)))
        return None
    return access, year, numbers[2:]


async def view(update: Update, context: BotContext) -> None:
    """📇 Kartu K/0: the draft as it stands, as a new message."""
    pressed = await _chair_press(update, context, kb.CB_PK0_VIEW)
    if pressed is None:
        return
    access, year, _ = pressed
    await update.callback_query.answer()
    await reply(update, *k0_card.draft(await _state(context, access.group, year)))


async def _send_files(update: Update, context: BotContext, state: CardState) -> None:
    pdf, xlsx = await asyncio.to_thread(
        card_files,
        state.year,
        answers=state.answers,
        place=state.kampung.name,
        signed_on=_today(context),
    )
    caption = t.K0_FILES_CAPTION.format(group=state.group.name, year=state.year.year)
    await context.bot.send_media_group(
        update.effective_chat.id,
        [
            InputMediaDocument(pdf, filename=card_filename(state.year, "pdf")),
            InputMediaDocument(xlsx, filename=card_filename(state.year, "xlsx"), caption=caption),
        ],
    )


async def files(update: Update, context: BotContext) -> None:
    """📄 The PDF and .xlsx: the chair or secretary any time; an operator once sent."""
    numbers = ids(update.callback_query.data or "", kb.CB_PK0_FILES)
    group_id, year = numbers[0], numbers[1]
    if context.is_operator:
        async with context.reading() as session:
            group = await get_group(session, context.kampung_id, group_id)
            card = None if group is None else await find_card(session, group_id, year)
        if group is None or card is None or not card.sent_version:
            await refuse(update, t.K0_NOT_SENT_YET)
            return
    else:
        access = await group_access(update, context, group_id, chair_only=False)
        if access is None:
            return
        group = access.group
        if year > data_year(_today(context)):
            await stale_press(update, context)
            return
    await update.callback_query.answer()
    await _send_files(update, context, await _state(context, group, year))


async def _notify_operators(
    context: BotContext,
    session: AsyncSession,
    state: CardState,
    *,
    version: int,
    sender: str | None,
) -> None:
    text = t.k0_for_pkb(
        context.kampung.name,
        state.group.name,
        state.form.code,
        state.year.year,
        version=version,
        sender=sender,
        fields=k0_card.pkb_fields(state),
    )
    markup = k0_card.download(state.group.id, state.year.year).to_dict()
    await tell_operators(session, context, state.group.kampung_id, Outgoing(text, markup=markup))


async def send(update: Update, context: BotContext) -> None:
    """✅ Kirim ke PKB: recorded and written to the outbox in one transaction."""
    pressed = await _chair_press(update, context, kb.CB_PK0_SEND)
    if pressed is None:
        return
    access, year, _ = pressed
    if not context.settings.OPERATOR_IDS:
        await refuse(update, t.K0_NO_OPERATOR)
        return
    refused: CardProblem | None = None
    try:
        async with context.transaction() as session:
            card = await ensure_card(session, access.group.id, year, now=context.now())
            state = await load_card_state(
                session, access.group, year, today=_today(context), erased_name=texts.REDACTION
            )
            version = await send_card(
                session, card, state.form, by_id=access.member.id, now=context.now()
            )
            await _notify_operators(
                context, session, state, version=version, sender=access.member.full_name
            )
    except CardError as error:
        refused = error.problem
    if refused is not None:  # answered once the transaction is over
        await refuse(update, _SEND_PROBLEMS.get(refused, t.K0_UNCHANGED))
        return
    await update.callback_query.answer(texts.plain(t.k0_sent(access.group.name, year, version)))
    await edit_text(update, *k0_card.draft(await _state(context, access.group, year)))


# --- the questions (a flow) ----------------------------------------------------------------


def _column(state: CardState, key: str) -> Column | None:
    return next((c for c in state.form.questions if c.key == key), None)


async def _ask(update: Update, state: CardState, keys: list[str]) -> None:
    column = _column(state, keys[0])
    assert column is not None
    low, high = bounds(column, state.year.year)
    await reply(update, t.k0_ask(column.label, column.type, low, high, len(keys)))


async def _start(update: Update, context: BotContext, keys: list[str], state: CardState) -> int:
    context.user_data[DRAFT] = {"group": state.group.id, "year": state.year.year, "keys": keys}
    await update.callback_query.answer()
    await _ask(update, state, keys)
    return ANSWER


async def fill(update: Update, context: BotContext) -> int:
    """✍️ Isi yang kurang: the missing fields, one by one."""
    pressed = await _chair_press(update, context, kb.CB_PK0_FILL)
    if pressed is None:
        return ConversationHandler.END
    access, year, _ = pressed
    state = await _state(context, access.group, year)
    keys = [c.key for c in state.missing]
    if not keys:
        await refuse(update, t.K0_NOTHING_MISSING)
        return ConversationHandler.END
    return await _start(update, context, keys, state)


async def change(update: Update, context: BotContext) -> int:
    """✏️ Ubah: one field again."""
    pressed = await _chair_press(update, context, kb.CB_PK0_EDIT)
    if pressed is None:
        return ConversationHandler.END
    access, year, rest = pressed
    state = await _state(context, access.group, year)
    if not rest or rest[0] >= len(state.form.questions):
        await stale_press(update, context)
        return ConversationHandler.END
    return await _start(update, context, [state.form.questions[rest[0]].key], state)


async def answered(update: Update, context: BotContext) -> int:
    """A typed answer: checked, kept with who and when, then the next question."""
    draft = context.user_data.get(DRAFT)
    if not draft:
        return ConversationHandler.END
    access = await group_access(update, context, draft["group"], chair_only=True)
    if access is None:
        context.user_data.pop(DRAFT, None)
        return ConversationHandler.END
    state = await _state(context, access.group, draft["year"])
    keys: list[str] = draft["keys"]
    column = _column(state, keys[0])
    if column is None:  # the form changed under the flow: nothing to ask any more
        context.user_data.pop(DRAFT, None)
        return ConversationHandler.END
    try:
        value = read_answer(column, update.effective_message.text or "", state.year.year)
    except CardError as bad:
        await reply(update, t.k0_problem(bad.problem.value, bad.bound))
        return ANSWER
    async with context.transaction() as session:
        card = await ensure_card(session, access.group.id, state.year.year, now=context.now())
        await save_answer(session, card, column, value, by_id=access.member.id, now=context.now())
    keys.pop(0)
    if keys:
        await reply(update, t.K0_SAVED)
        await _ask(update, state, keys)
        return ANSWER
    context.user_data.pop(DRAFT, None)
    state = await _state(context, access.group, state.year.year)
    if not state.missing:
        await reply(update, t.K0_COMPLETE)
        await _send_files(update, context, state)
    else:
        await reply(update, t.K0_SAVED)
    await reply(update, *k0_card.draft(state))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    context.user_data.pop(DRAFT, None)
    await reply(update, t.K0_CANCELLED)
    return ConversationHandler.END


def k0_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    card = r"\d{1,9}:\d{4}"
    flow = typed_text_flow(
        "poktan_k0",
        [
            CallbackQueryHandler(fill, pattern=rf"^pk0:f:{card}\Z"),
            CallbackQueryHandler(change, pattern=rf"^pk0:e:{card}:\d{{1,2}}\Z"),
        ],
        state=ANSWER,
        on_text=answered,
        on_other=type_text,
        on_cancel=cancel,
        timeout_text=t.K0_TIMED_OUT,
        draft_key=DRAFT,
    )
    return [
        flow,
        CallbackQueryHandler(view, pattern=r"^pk0:v:\d{1,9}\Z"),
        CallbackQueryHandler(files, pattern=rf"^pk0:d:{card}\Z"),
        CallbackQueryHandler(send, pattern=rf"^pk0:s:{card}\Z"),
    ]
