"""Which kampung each update belongs to, resolved once before any feature runs.

The resolver (``models.tenancy.resolve_kampung``) reads the database once per
update; the answer goes on the context (``context.kampung_id``, ``context.tz``),
so every feature, and every rights check made on the member of that kampung,
is scoped to it without knowing there are many kampungs.

An update that belongs to no kampung stops here, with a pointer: a newcomer
is asked for her kampung's invite link; an operator who is in no kampung may
still use the operator commands (and the flow they open).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update
from telegram.ext import ApplicationHandlerStop, BaseHandler, TypeHandler

from handlers.common import is_private, reply
from models.kampung import choose_kampung
from models.tenancy import Via, kampung_of_meeting, kampung_of_member, resolve_kampung
from runtime.context import BotContext
from ui import keyboards, texts

logger = logging.getLogger(__name__)

# Buttons whose data names a meeting (or a member) right after their prefix: pressed in
# a private chat, they belong to that meeting's (member's) kampung, for its members.
_MEETING_PREFIXES = (
    keyboards.CB_RSVP,
    keyboards.CB_ATT_SELF,
    keyboards.CB_ATT_TOGGLE,
    keyboards.CB_ATT_PAGE,
    keyboards.CB_ATT_CLOSE,
    keyboards.CB_ATT_RECAP,
)
_MEETING_BUTTON = re.compile(
    "^(?:" + "|".join(map(re.escape, _MEETING_PREFIXES)) + r")(\d{1,9})(?::|\Z)"
)
_MEMBER_BUTTON = re.compile(
    rf"^(?:{re.escape(keyboards.CB_APPROVE)}|{re.escape(keyboards.CB_REJECT)})(\d{{1,9}})\Z"
)

# The group's /start button opened "?start=daftar" before invite links existed.
LEGACY_START_PARAMETERS = frozenset({"daftar"})


def invite_code_of(update: Update) -> str | None:
    """The parameter of ``/start <code>`` in a private chat (a new message only)."""
    message = update.message
    if message is None or message.text is None or message.chat.type != "private":
        return None
    parts = message.text.split()
    if len(parts) != 2 or parts[0].split("@", 1)[0] != "/start":
        return None
    code = parts[1].strip()
    return None if code in LEGACY_START_PARAMETERS else code


async def kampung_of_button(session: AsyncSession, update: Update) -> int | None:
    """The kampung a pressed button's meeting or member id belongs to, if any."""
    query = update.callback_query
    if query is None or not query.data:
        return None
    meeting = _MEETING_BUTTON.match(query.data)
    if meeting is not None:
        return await kampung_of_meeting(session, int(meeting.group(1)))
    member = _MEMBER_BUTTON.match(query.data)
    if member is not None:
        return await kampung_of_member(session, int(member.group(1)))
    return None


class KampungResolver:
    """The handler of the earliest group: sets the update's kampung, or stops it."""

    def __init__(
        self,
        operator_handlers: Sequence[BaseHandler[Update, BotContext, Any]],
        kampung_free_handlers: Sequence[BaseHandler[Update, BotContext, Any]] = (),
    ) -> None:
        self.operator_handlers = list(operator_handlers)
        # Handlers for anyone that need no kampung: /hapus_data erases in every kampung,
        # so a person whose kampung cannot be told (an operator, a secretary appointed
        # before she opened any link) can still erase what the bot keeps of her.
        self.kampung_free_handlers = list(kampung_free_handlers)

    def handler(self) -> BaseHandler[Update, BotContext, Any]:
        return TypeHandler(Update, self.resolve)

    async def resolve(self, update: Update, context: BotContext) -> None:
        user, chat = update.effective_user, update.effective_chat
        group = chat is not None and chat.type != "private"
        code = invite_code_of(update)
        async with context.reading() as session:
            button = None if group else await kampung_of_button(session, update)
            resolution = await resolve_kampung(
                session,
                telegram_id=user.id if user else None,
                chat_id=chat.id if chat else None,
                group=group,
                invite_code=code,
                button_kampung=button,
            )
        if resolution.via is Via.INVITE and user is not None and resolution.kampung is not None:
            async with context.transaction() as session:
                await choose_kampung(session, user.id, resolution.kampung.id, now=context.now())
        context.use_kampung(resolution.kampung)
        if resolution.bad_invite:
            await reply(update, texts.BAD_INVITE)
        if resolution.kampung is not None:
            return
        if context.is_operator and self._matches(self.operator_handlers, update):
            return  # operator commands need no kampung
        if self._matches(self.kampung_free_handlers, update):
            return
        await self._no_kampung(update, context, group)
        raise ApplicationHandlerStop

    @staticmethod
    def _matches(handlers: Sequence[BaseHandler[Update, BotContext, Any]], update: Update) -> bool:
        return any(handler.check_update(update) for handler in handlers)

    async def _no_kampung(self, update: Update, context: BotContext, group: bool) -> None:
        if update.callback_query is not None:
            await update.callback_query.answer(texts.STALE_BUTTON, show_alert=True)
            return
        message = update.message
        if message is None:
            return  # membership changes, service messages: nothing to say
        if group:
            if message.text and message.text.startswith("/"):
                await reply(update, texts.GROUP_NOT_BOUND)
            return
        if is_private(update):
            await reply(
                update, texts.OPERATOR_NO_KAMPUNG if context.is_operator else texts.ASK_KAMPUNG_LINK
            )
