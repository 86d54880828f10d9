"""The kampung flow (new kampung, appointment, corrections) and every operator handler,
wired; the flow's fallbacks and the catch-all for other operator buttons.
"""

from __future__ import annotations

import re
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

from handlers.common import reply, type_text, use_buttons
from handlers.flow import Flow
from handlers.operator.common import (
    DRAFT,
    EDIT_NAME,
    EDIT_RTS,
    EDIT_TZ,
    NAME,
    RTS,
    SECRETARY,
    TZ,
    _drop_draft,
    _refused,
)
from handlers.operator.kampungs import (
    edit_name_given,
    edit_pressed,
    edit_rts_given,
    edit_tz_given,
    name_given,
    new_pressed,
    remove_confirmed,
    remove_pressed,
    rts_given,
    tz_given,
)
from handlers.operator.listing import kampung_command, list_pressed
from handlers.operator.overview import overview_command
from handlers.operator.secretaries import (
    appoint_pressed,
    dismiss_pressed,
    invite_pressed,
    secretaries_pressed,
    secretary_given,
)
from runtime.context import BotContext
from ui import keyboards, texts


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
