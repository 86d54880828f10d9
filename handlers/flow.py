"""Multi-step flows (registration, profile, meeting planning): one open flow per user.

Each flow is a ``Flow``, a ``ConversationHandler`` that knows the others through
one ``FlowSwitch``. The switch remembers which flow is open for a user in a chat
(the conversation key python-telegram-bot itself uses), kept in step with the
conversation states, so:

- the open flow sees its user's updates first, whatever the order the flows are
  registered in: another flow's entry point waits its turn when the open flow
  takes the update (e.g. its "you are in the middle of …, /batal" answer);
- a flow that starts (an entry point the open flow did not take) ends the open
  one: its catch-all handlers no longer take that user's typed answers;
- a command the open flow does not take ends it too (``leave_on_command``), so
  ``/batal`` always reaches the flow that is really open;
- a flow left alone for ``FLOW_TIMEOUT`` ends with a short message and its draft
  in ``user_data`` cleared;
- a flow stays in the kampung it started in: the kampung of the update that opened
  it is kept with its state (``kampung_of``), and ``handlers/tenancy.py`` gives every
  later update the flow takes that kampung, whatever the user chose since.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Callable, Coroutine, Sequence
from datetime import timedelta
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from runtime.context import BotContext

logger = logging.getLogger(__name__)

FLOW_TIMEOUT = timedelta(minutes=30)

FlowKey = tuple[int, int]  # (chat id, user id), as ConversationHandler keys its states


def flow_key(update: object) -> FlowKey | None:
    """The conversation key of ``update``: its chat and user, or None without both."""
    if not isinstance(update, Update):
        return None
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None:
        return None
    return (chat.id, user.id)


class Flow(ConversationHandler[BotContext]):
    """A conversation that is one of the bot's flows: one open at a time per user and chat.

    ``draft_key`` names the flow's scratch data in ``user_data`` (dropped when the
    flow is left or times out); ``timeout_text`` is what the user reads when it
    times out.
    """

    __slots__ = ("draft_key", "kampungs", "switch", "timeout_text")

    def __init__(
        self,
        *,
        name: str,
        entry_points: list[BaseHandler[Update, BotContext, Any]],
        states: dict[object, list[BaseHandler[Update, BotContext, Any]]],
        fallbacks: list[BaseHandler[Update, BotContext, Any]],
        timeout_text: str,
        draft_key: str | None = None,
        timeout: timedelta = FLOW_TIMEOUT,
    ) -> None:
        self.draft_key = draft_key
        self.timeout_text = timeout_text
        # The kampung each open conversation started in; forgotten when it ends.
        self.kampungs: dict[FlowKey, int] = {}
        timed_out: list[BaseHandler[Update, BotContext, Any]] = [
            TypeHandler(Update, self._timed_out)
        ]
        super().__init__(
            name=name,
            entry_points=entry_points,
            states={**states, ConversationHandler.TIMEOUT: timed_out},
            fallbacks=fallbacks,
            allow_reentry=True,
            conversation_timeout=timeout,
        )
        self.switch = FlowSwitch([self])

    def is_open(self, key: FlowKey) -> bool:
        return key in self._conversations

    def check_update(self, update: object) -> Any:
        """As ConversationHandler, but never take an update the open flow of its user takes."""
        key = flow_key(update)
        owner = self.switch.open_flow(key)
        if owner is not None and owner is not self and owner.takes(update):
            return None
        return super().check_update(update)

    def takes(self, update: object) -> bool:
        """Would this flow handle ``update`` (a state, entry point or fallback of its own)?"""
        return super().check_update(update) is not None

    async def handle_update(  # type: ignore[override]
        self,
        update: Update,
        application: Any,
        check_result: Any,
        context: BotContext,
    ) -> object | None:
        """Once this flow has started while another was open, the other one is left.

        Only once it has started: a press of this flow's entry button that it refuses
        (no rights, a stale meeting) leaves the open flow as it was.
        """
        key, handler = check_result[1], check_result[2]
        previous = self.switch.open_flow(key)
        try:
            return await super().handle_update(update, application, check_result, context)
        finally:
            started = handler in self.entry_points or key not in self.kampungs
            if self.is_open(key) and started and context.has_kampung:
                self.kampungs[key] = context.kampung_id
            if previous is not None and previous is not self and self.is_open(key):
                previous.leave(key, context)

    def leave(self, key: FlowKey, context: BotContext) -> None:
        """End this flow for ``key`` at once and forget its draft (the user went elsewhere)."""
        logger.debug("Flow %s left for %s", self.name, key)
        job = self.timeout_jobs.pop(key, None)
        if job is not None:
            job.schedule_removal()
        self._update_state(self.END, key)
        self._drop_draft(context)

    def _update_state(
        self, new_state: object, key: FlowKey, handler: BaseHandler[Any, Any, Any] | None = None
    ) -> None:
        # Every state change of python-telegram-bot's goes through here: keep the switch in step.
        super()._update_state(new_state, key, handler)
        if not self.is_open(key):
            self.kampungs.pop(key, None)
        self.switch.record(key, self)

    async def _timed_out(self, update: Update, context: BotContext) -> None:
        """Nobody answered for ``FLOW_TIMEOUT``: say so and drop the draft."""
        self._drop_draft(context)
        chat = update.effective_chat
        if chat is not None:
            await context.bot.send_message(chat.id, self.timeout_text)

    def _drop_draft(self, context: BotContext) -> None:
        if self.draft_key is not None and context.user_data is not None:
            context.user_data.pop(self.draft_key, None)


class FlowSwitch:
    """Which flow is open for each user and chat; shared by all the flows of one application."""

    def __init__(self, flows: list[Flow]) -> None:
        self.flows = list(flows)
        self._open: dict[FlowKey, Flow] = {}
        for flow in self.flows:
            flow.switch = self

    def open_flow(self, key: FlowKey | None) -> Flow | None:
        return None if key is None else self._open.get(key)

    def record(self, key: FlowKey, flow: Flow) -> None:
        """``flow`` changed its state for ``key``: it is now open there, or closed."""
        if flow.is_open(key):
            self._open[key] = flow
        elif self._open.get(key) is flow:
            del self._open[key]

    def kampung_of(self, update: object) -> int | None:
        """The kampung the open flow of this update's user started in, if that flow takes it."""
        key = flow_key(update)
        owner = self.open_flow(key)
        if key is None or owner is None or not owner.takes(update):
            return None
        return owner.kampungs.get(key)

    def leave_open_flow(self, update: object, context: BotContext) -> Flow | None:
        """End the open flow of this update's user and chat, if any; return it."""
        key = flow_key(update)
        owner = self.open_flow(key)
        if key is not None and owner is not None:
            owner.leave(key, context)
        return owner

    def leave_user(self, user_id: int, context: BotContext) -> None:
        """End every open flow of this user, in every chat (her data was erased)."""
        for key, flow in list(self._open.items()):
            if key[1] == user_id:
                flow.leave(key, context)

    @property
    def open_count(self) -> int:
        return len(self._open)

    def leave_on_command(self) -> BaseHandler[Update, BotContext, Any]:
        """A guard: a new command that the user's open flow does not take ends that flow."""
        return MessageHandler(
            filters.UpdateType.MESSAGE & filters.COMMAND & _OpenFlowPassedOver(self),
            self._leave_open_flow,
        )

    async def _leave_open_flow(self, update: Update, context: BotContext) -> None:
        self.leave_open_flow(update, context)


class _OpenFlowPassedOver(filters.UpdateFilter):
    """The sender has a flow open in this chat, and that flow would not take this update."""

    __slots__ = ("switch",)

    def __init__(self, switch: FlowSwitch) -> None:
        super().__init__(name="OpenFlowPassedOver")
        self.switch = switch

    def filter(self, update: Update) -> bool:
        owner = self.switch.open_flow(flow_key(update))
        return owner is not None and not owner.takes(update)


Callback = Callable[[Update, BotContext], Coroutine[Any, Any, Any]]


def typed_text_flow(
    name: str,
    entry_points: Sequence[BaseHandler[Update, BotContext, Any]],
    *,
    state: object,
    on_text: Callback,
    on_other: Callback,
    on_cancel: Callback,
    timeout_text: str,
    draft_key: str | None = None,
) -> Flow:
    """A flow of one step that waits for a typed text in a private chat (minutes, a
    caption, a figure, a list of lines): ``on_text`` takes it, ``on_other`` answers
    anything else that is not a command, ``/batal`` calls ``on_cancel``."""
    private = filters.ChatType.PRIVATE
    with warnings.catch_warnings():
        # Callback buttons among the entry points: PTB warns about per_message=False.
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        return Flow(
            name=name,
            entry_points=list(entry_points),
            states={
                state: [
                    MessageHandler(private & filters.TEXT & ~filters.COMMAND, on_text),
                    MessageHandler(private & ~filters.COMMAND, on_other),
                ],
            },
            fallbacks=[CommandHandler("batal", on_cancel, filters=private)],
            timeout_text=timeout_text,
            draft_key=draft_key,
        )
