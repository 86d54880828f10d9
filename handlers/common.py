"""Small helpers shared by the handlers: who is asking, may they, and answering them."""

from __future__ import annotations

import logging
from collections.abc import Awaitable

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest

from delivery.sending import is_not_modified
from models.broadcast import BroadcastKind, Outgoing, plan_to_chat
from models.member import Member, MemberStatus, get_member_by_telegram_id
from runtime.context import BotContext
from ui import texts

logger = logging.getLogger(__name__)


async def load_member(session: AsyncSession, context: BotContext, update: Update) -> Member | None:
    """The member behind this update, or None for a stranger."""
    user = update.effective_user
    if user is None:
        return None
    return await get_member_by_telegram_id(session, context.kampung_id, user.id)


def refusal_for(member: Member | None, *, admin: bool = False) -> str | None:
    """Why this person may not use a member (or admin) feature; None if they may."""
    if member is None or member.status is MemberStatus.LEFT:
        return texts.NOT_REGISTERED
    if member.status is MemberStatus.PENDING:
        return texts.ALREADY_PENDING
    if member.status is MemberStatus.REJECTED:
        return texts.REJECTED_INFO
    if member.status is MemberStatus.INACTIVE:
        return texts.DEACTIVATED_INFO
    if admin and not member.is_admin:
        return texts.ADMIN_ONLY
    return None


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from; long texts go as several messages."""
    message = update.effective_message
    if message is None:
        return
    chunks = texts.split_message(text)
    for chunk in chunks[:-1]:
        await message.reply_text(chunk)
    await message.reply_text(chunks[-1], reply_markup=markup)


async def _edited(edit: Awaitable[object]) -> None:
    """Run one edit; "message is not modified" means it is as asked already: done.

    A second press of a button (a double tap, a retried update) edits the message to
    what the first press made it; that is no error and earns no apology.
    """
    try:
        await edit
    except BadRequest as error:
        if not is_not_modified(error):
            raise


async def edit_text(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Edit the pressed message to ``text`` with ``markup`` (None: no buttons). Every
    edit of a message goes through here or ``edit_markup``."""
    await _edited(update.callback_query.edit_message_text(text, reply_markup=markup))


async def edit_markup(update: Update, markup: InlineKeyboardMarkup | None = None) -> None:
    """Change only the buttons of the pressed message (None: take them off)."""
    await _edited(update.callback_query.edit_message_reply_markup(markup))


async def send_private(
    context: BotContext,
    session: AsyncSession,
    member: Member,
    text: str,
    markup: InlineKeyboardMarkup | None = None,
) -> bool:
    """Write a message to one member's private chat to the outbox (in the caller's
    transaction); False if he has no Telegram. Wake the worker after the commit."""
    if member.telegram_id is None:
        return False
    await plan_to_chat(
        session,
        context.kampung_id,
        BroadcastKind.NOTICE,
        member.telegram_id,
        Outgoing(text, markup.to_dict() if markup is not None else None),
        member_id=member.id,
        now=context.now(),
    )
    return True


async def require_member(
    update: Update, context: BotContext, *, admin: bool = False
) -> Member | None:
    """The active member (or admin) behind this update; otherwise say why not and return None."""
    async with context.reading() as session:
        member = await load_member(session, context, update)
    refusal = refusal_for(member, admin=admin)
    if refusal is None:
        return member
    if update.callback_query is not None:
        await update.callback_query.answer(refusal, show_alert=True)
    else:
        await reply(update, refusal)
    return None


def is_private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == "private"


async def acknowledge(update: Update) -> None:
    """Answer a button press and take the buttons off its message (the step is done)."""
    await update.callback_query.answer()
    await edit_markup(update, None)


async def use_buttons(update: Update, context: BotContext) -> None:
    """Something typed where a button is expected: point at the buttons, keep the step."""
    await reply(update, texts.USE_BUTTONS)


async def type_text(update: Update, context: BotContext) -> None:
    """A sticker, photo or voice note at a step answered by typing (it has no buttons):
    ask for text, keep the step."""
    await reply(update, texts.TYPE_TEXT)


async def stale_press(update: Update, context: BotContext) -> None:
    """A button from a finished step, an old message, or with data we do not know."""
    await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)
