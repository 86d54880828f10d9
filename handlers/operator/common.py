"""What the operator's handlers share: the flow's states and draft, the operator check."""

from __future__ import annotations

from typing import Any

from telegram import Update

from handlers.common import reply
from runtime.context import BotContext
from ui import texts

NAME, RTS, TZ, SECRETARY, EDIT_NAME, EDIT_RTS, EDIT_TZ = range(7)
EDIT_STATES = {"name": EDIT_NAME, "rts": EDIT_RTS, "tz": EDIT_TZ}
DRAFT = "kampung_draft"


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
