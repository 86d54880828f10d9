"""The buttons under a Poktan group's monthly register (issue 18, item 4).

- **📄 Lihat PDF & Excel**: the register as it stands, as one album of two documents
  (to a chair or secretary of the group; to an operator under a register sent to him);
- **✅ Kirim ke PKB**: the month is sent (one conditional UPDATE: two presses send once)
  and the operators get it through the outbox, with its files on a button;
- **✏️ Perbaiki**: before sending, where to correct; after, the month opens again and the
  next sending is marked *Perbaikan* (the history keeps every version);
- **Memang tidak ada pertemuan**: a report of zero sessions, sent at once.

The button names a group's month; ``handlers/tenancy.py`` puts the update in that
month's kampung, and every press re-checks who may act on it.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InputMediaDocument, Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.common import edit_text, load_member
from handlers.poktan.common import tell_operators
from models.broadcast import Outgoing
from models.member import Member
from models.poktan.groups import PoktanGroup, get_group, is_chair
from models.poktan.months import (
    MonthError,
    MonthProblem,
    MonthState,
    PoktanMonth,
    get_month,
    reopen_month,
    report_none_held,
    send_month,
    submissions_of,
)
from models.poktan.register import load_register_month, summary_of
from runtime.context import BotContext
from ui import keyboards, texts
from ui.formatting import format_month
from ui.registers import register_filename, register_files

_PROBLEM_TEXTS = {
    MonthProblem.ALREADY_SENT: texts.POKTAN_MONTH_ALREADY_SENT,
    MonthProblem.NOT_SENT: texts.POKTAN_MONTH_NOT_SENT,
    MonthProblem.NOTHING_TO_SEND: texts.POKTAN_MONTH_NOTHING_TO_SEND,
    MonthProblem.HAS_SESSIONS: texts.POKTAN_MONTH_HAS_SESSIONS,
}


@dataclass(frozen=True)
class Pressed:
    month: PoktanMonth
    group: PoktanGroup
    member: Member | None  # None for an operator


async def _pressed(
    session: AsyncSession, update: Update, context: BotContext, prefix: str, *, operator_ok: bool
) -> Pressed | str:
    """The month a button names and who pressed it, or the reason to refuse."""
    data = update.callback_query.data or ""
    month = await get_month(session, int(data.removeprefix(prefix)))
    group = None if month is None else await get_group(session, context.kampung_id, month.group_id)
    if month is None or group is None:
        return texts.POKTAN_MONTH_GONE
    member = await load_member(session, context, update)
    if (
        member is not None
        and member.is_active
        and (member.is_admin or await is_chair(session, group.id, member.id))
    ):
        return Pressed(month, group, member)
    if operator_ok and context.is_operator:
        return Pressed(month, group, None)
    return texts.POKTAN_MONTH_NOT_YOURS


async def _refuse(update: Update, reason: str) -> None:
    await update.callback_query.answer(reason, show_alert=True)


async def files(update: Update, context: BotContext) -> None:
    """The register's PDF and .xlsx, as they stand (or as last sent, once sent)."""
    async with context.reading() as session:
        pressed = await _pressed(session, update, context, keyboards.CB_PKM_FILES, operator_ok=True)
        if not isinstance(pressed, str):
            history = await submissions_of(session, pressed.month.id)
            sent = pressed.month.state is MonthState.SENT
            version = history[-1].version if sent and history else len(history) + 1
            register = await load_register_month(
                session,
                pressed.group,
                pressed.month.month,
                version=version,
                none_held=pressed.month.none_held,
                erased_name=texts.REDACTION,
            )
    if isinstance(pressed, str):  # answered once the session is closed
        await _refuse(update, pressed)
        return
    await update.callback_query.answer()
    # fpdf2 and openpyxl take a while: off the event loop, so other users are not held up.
    pdf, xlsx = await asyncio.to_thread(register_files, register)
    caption = texts.POKTAN_MONTH_FILES_CAPTION.format(
        group=pressed.group.name, month=format_month(register.year, register.month)
    )
    await context.bot.send_media_group(
        update.effective_chat.id,
        [
            InputMediaDocument(pdf, filename=register_filename(register, "pdf")),
            InputMediaDocument(xlsx, filename=register_filename(register, "xlsx"), caption=caption),
        ],
    )


async def _notify_operators(
    session: AsyncSession,
    context: BotContext,
    pressed: Pressed,
    *,
    version: int,
    summary: dict[str, Any],
) -> None:
    month = pressed.month.month
    text = texts.poktan_month_for_pkb(
        context.kampung.name,
        pressed.group.name,
        month.year,
        month.month,
        version=version,
        sender=pressed.member.full_name if pressed.member else None,
        sessions=summary["sessions"],
        families=summary["families"],
        rate=summary["present"] / summary["expected"] if summary["expected"] else None,
        none_held=summary["none_held"],
    )
    markup = keyboards.poktan_month_download(pressed.month.id).to_dict()
    await tell_operators(session, context, pressed.group.kampung_id, Outgoing(text, markup=markup))


async def _send(
    session: AsyncSession, context: BotContext, pressed: Pressed
) -> tuple[int, dict[str, Any]]:
    """Send the month now; the operators are told in the same transaction."""
    history = await submissions_of(session, pressed.month.id)
    register = await load_register_month(
        session,
        pressed.group,
        pressed.month.month,
        version=len(history) + 1,
        none_held=pressed.month.none_held,
        erased_name=texts.REDACTION,
    )
    summary = summary_of(register)
    submission = await send_month(
        session,
        pressed.group.id,
        pressed.month.month,
        summary=summary,
        by_id=pressed.member.id if pressed.member else None,
        now=context.now(),
    )
    await _notify_operators(session, context, pressed, version=submission.version, summary=summary)
    return submission.version, summary


async def _send_pressed(
    update: Update, context: BotContext, prefix: str, *, none_held: bool
) -> None:
    """Send the month the button names (reported as "none held" first when asked);
    the card then says it was sent, with Perbaiki."""
    try:
        async with context.transaction() as session:
            pressed = await _pressed(session, update, context, prefix, operator_ok=False)
            if not isinstance(pressed, str):
                month = pressed.month.month
                if none_held:
                    await report_none_held(session, pressed.group.id, month, now=context.now())
                    pressed.month.none_held = True
                version, _ = await _send(session, context, pressed)
    except MonthError as refused:
        await _refuse(update, _PROBLEM_TEXTS[refused.problem])
        return
    if isinstance(pressed, str):  # refused outside the transaction: no Telegram call in it
        await _refuse(update, pressed)
        return
    await update.callback_query.answer()
    await edit_text(
        update,
        texts.poktan_month_sent(pressed.group.name, month.year, month.month, version=version),
        keyboards.poktan_month_sent(pressed.month.id),
    )


async def send(update: Update, context: BotContext) -> None:
    """Kirim ke PKB."""
    await _send_pressed(update, context, keyboards.CB_PKM_SEND, none_held=False)


async def none_held(update: Update, context: BotContext) -> None:
    """ "Memang tidak ada pertemuan": a report of zero sessions, sent at once."""
    await _send_pressed(update, context, keyboards.CB_PKM_NONE, none_held=True)


async def fix(update: Update, context: BotContext) -> None:
    """Perbaiki: before sending, where to correct; after sending, open the month again."""
    reopened = False
    async with context.transaction() as session:
        pressed = await _pressed(session, update, context, keyboards.CB_PKM_FIX, operator_ok=False)
        if not isinstance(pressed, str) and pressed.month.state is MonthState.SENT:
            await reopen_month(session, pressed.group.id, pressed.month.month, now=context.now())
            reopened = True
    if isinstance(pressed, str):
        await _refuse(update, pressed)
        return
    await update.callback_query.answer()
    month = pressed.month.month
    text = (
        texts.poktan_month_reopened(pressed.group.name, month.year, month.month)
        if reopened
        else texts.poktan_month_fix_open(pressed.group.name)
    )
    await edit_text(
        update, text, keyboards.poktan_month_reopened(pressed.month.id, pressed.group.id)
    )


def month_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CallbackQueryHandler(files, pattern=rf"^{keyboards.CB_PKM_FILES}\d{{1,9}}\Z"),
        CallbackQueryHandler(send, pattern=rf"^{keyboards.CB_PKM_SEND}\d{{1,9}}\Z"),
        CallbackQueryHandler(fix, pattern=rf"^{keyboards.CB_PKM_FIX}\d{{1,9}}\Z"),
        CallbackQueryHandler(none_held, pattern=rf"^{keyboards.CB_PKM_NONE}\d{{1,9}}\Z"),
    ]
