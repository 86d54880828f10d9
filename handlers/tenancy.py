"""Which kampung each update belongs to, resolved once before any feature runs.

The resolver (``models.tenancy.resolve_kampung``) reads the database once per
update; the answer goes on the context (``context.kampung_id``, ``context.tz``),
so every feature, and every rights check made on the member of that kampung,
is scoped to it without knowing there are many kampungs.

A button acts in the kampung it was made for: its data names a meeting, member,
guest or Poktan group of that kampung, or the kampung itself (``ui/keyboards/tenancy.py``
and ``ui/keyboards_poktan.py`` list which),
and a step of a flow acts in the kampung the flow started in (``handlers/flow.py``).
``/start <code>`` while a flow is open ends that flow first, and says so.

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
from handlers.flow import FlowSwitch
from models.kampung import choose_kampung
from models.poktan.months import kampung_of_month
from models.tenancy import (
    Via,
    kampung_of_guest,
    kampung_of_meeting,
    kampung_of_member,
    kampung_of_poktan_group,
    resolve_kampung,
)
from runtime.context import BotContext
from ui import keyboards, keyboards_poktan, texts

logger = logging.getLogger(__name__)


def _id_after(prefixes: Sequence[str]) -> re.Pattern[str]:
    """Data made of one of ``prefixes``, an id, then the end or ``:`` and more."""
    longest_first = sorted(prefixes, key=len, reverse=True)
    return re.compile("^(?:" + "|".join(map(re.escape, longest_first)) + r")(\d{1,9})(?::|\Z)")


# Pressed in a private chat, these buttons belong to the kampung of the row they name
# (or to the kampung they name), whichever kampung the presser chose last.
_MEETING_BUTTON = _id_after(keyboards.MEETING_BUTTONS)
_MEMBER_BUTTON = _id_after(keyboards.MEMBER_BUTTONS)
_GUEST_BUTTON = _id_after(keyboards.GUEST_BUTTONS)
_KAMPUNG_BUTTON = _id_after(keyboards.KAMPUNG_BUTTONS + keyboards_poktan.KAMPUNG_BUTTONS)
_POKTAN_GROUP_BUTTON = _id_after(keyboards.POKTAN_GROUP_BUTTONS + keyboards_poktan.GROUP_BUTTONS)
_POKTAN_MONTH_BUTTON = _id_after(keyboards.POKTAN_MONTH_BUTTONS)

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


def button_data_of(update: Update) -> str | None:
    """The data of the pressed button; for a typed message that replies to one of the
    bot's messages with buttons (a cadre answering a card with "hadir"), the data of
    that message's first button, so the answer acts where the card came from."""
    query = update.callback_query
    if query is not None:
        return query.data or None
    message = update.message
    replied = None if message is None else message.reply_to_message
    if replied is None or replied.from_user is None or not replied.from_user.is_bot:
        return None
    markup = replied.reply_markup
    for row in markup.inline_keyboard if markup is not None else ():
        for button in row:
            if isinstance(button.callback_data, str) and button.callback_data:
                return button.callback_data
    return None


async def kampung_of_button(session: AsyncSession, update: Update) -> int | None:
    """The kampung a pressed (or replied-to) button was made for (its meeting's,
    member's, guest's, or the kampung it names), if its data says; None for a row that
    is gone."""
    data = button_data_of(update)
    if data is None:
        return None
    if (found := _MEETING_BUTTON.match(data)) is not None:
        return await kampung_of_meeting(session, int(found.group(1)))
    if (found := _MEMBER_BUTTON.match(data)) is not None:
        return await kampung_of_member(session, int(found.group(1)))
    if (found := _GUEST_BUTTON.match(data)) is not None:
        return await kampung_of_guest(session, int(found.group(1)))
    if (found := _POKTAN_GROUP_BUTTON.match(data)) is not None:
        return await kampung_of_poktan_group(session, int(found.group(1)))
    if (found := _POKTAN_MONTH_BUTTON.match(data)) is not None:
        return await kampung_of_month(session, int(found.group(1)))
    if (found := _KAMPUNG_BUTTON.match(data)) is not None:
        return int(found.group(1))
    if (found := _POKTAN_GROUP_BUTTON.match(data)) is not None:
        return await kampung_of_poktan_group(session, int(found.group(1)))
    return None


class KampungResolver:
    """The handler of the earliest group: sets the update's kampung, or stops it."""

    def __init__(
        self,
        operator_handlers: Sequence[BaseHandler[Update, BotContext, Any]],
        flows: FlowSwitch,
        kampung_free_handlers: Sequence[BaseHandler[Update, BotContext, Any]] = (),
    ) -> None:
        self.operator_handlers = list(operator_handlers)
        self.flows = flows
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
        if code is not None and self.flows.leave_open_flow(update, context) is not None:
            # The link is for a kampung (maybe another one): what was being filled in
            # there is dropped before anything of the link runs.
            await reply(update, texts.FLOW_ENDED_BY_LINK)
        async with context.reading() as session:
            button = None if group else await kampung_of_button(session, update)
            resolution = await resolve_kampung(
                session,
                telegram_id=user.id if user else None,
                chat_id=chat.id if chat else None,
                group=group,
                invite_code=code,
                button_kampung=button,
                flow_kampung=None if group else self.flows.kampung_of(update),
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
