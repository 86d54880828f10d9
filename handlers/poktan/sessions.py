"""A Poktan group's sessions (issue 18 item 3): the chair records one in a minute.

Wires the flow of ``session_record`` (``/catat`` and the chair's menu buttons
``pks:new:<group>``, a planned session's ``pks:done:…``, a field's ``pks:ed:…``) and
the Riwayat's buttons of ``session_history`` (``pks:list:<group>``, ``pks:view:…``,
deleting). Every press carrying a group id is checked: the presser chairs that group
(or is its kampung's secretary), the session belongs to it, its month is open.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from handlers.common import reply, stale_press, type_text, use_buttons
from handlers.flow import Flow
from handlers.poktan import session_history as history
from handlers.poktan import session_plan as plan
from handlers.poktan import session_record as record
from handlers.poktan import session_save as saving
from handlers.poktan.session_common import (
    COUNT,
    DAY,
    DRAFT,
    PHOTOS,
    PLAN_PLACE,
    PLAN_REVIEW,
    PLAN_TOPIC,
    PLAN_WHEN,
    REVIEW,
    ROLL,
    SPEAKERS,
    TOPIC,
)
from runtime.context import BotContext
from ui import keyboards as k
from ui.texts import poktan_sessions as t

ID = r"\d{1,9}"
STEP_PREFIXES = (
    k.CB_PKS_DAY,
    k.CB_PKS_TOPIC,
    k.CB_PKS_TOGGLE,
    k.CB_PKS_PAGE,
    k.CB_PKS_ALL,
    k.CB_PKS_COUNT,
    k.CB_PKS_ROLL_DONE,
    k.CB_PKS_SKIP,
    k.CB_PKS_PHOTOS_DONE,
    k.CB_PKS_SAVE,
    k.CB_PKS_ABORT,
)


def on(callback: Any, prefix: str, rest: str = "") -> CallbackQueryHandler[Any, Any]:
    """``prefix`` then the regex ``rest``, anchored at both ends."""
    return CallbackQueryHandler(callback, pattern=rf"^{re.escape(prefix)}{rest}\Z")


async def in_flow(update: Update, context: BotContext) -> None:
    await reply(update, t.PKS_IN_FLOW)


def session_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND
    not_text = private & ~filters.COMMAND
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        flow = Flow(
            name="poktan_session",
            entry_points=[
                CommandHandler("catat", record.catat, filters=private),
                on(record.start_new, k.CB_PKS_NEW, ID),
                on(record.start_complete, k.CB_PKS_COMPLETE, f"{ID}:{ID}"),
                on(record.start_edit, k.CB_PKS_EDIT, f"{ID}:{ID}:(day|topic|roll|spk|photo)"),
                *_plan_entry_points(),
            ],
            states={
                DAY: [
                    on(record.day_pressed, k.CB_PKS_DAY, "[01]"),
                    MessageHandler(typed, record.day_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                TOPIC: [
                    on(record.topic_pressed, k.CB_PKS_TOPIC, r"\d{1,2}"),
                    MessageHandler(typed, record.topic_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                ROLL: [
                    on(record.toggle_pressed, k.CB_PKS_TOGGLE, ID),
                    on(record.page_pressed, k.CB_PKS_PAGE, r"\d{1,4}"),
                    on(record.all_pressed, k.CB_PKS_ALL, r"\d{1,4}"),
                    on(record.count_pressed, k.CB_PKS_COUNT),
                    on(record.roll_done, k.CB_PKS_ROLL_DONE),
                    MessageHandler(not_text, use_buttons),
                ],
                COUNT: [
                    MessageHandler(typed, record.count_typed),
                    MessageHandler(not_text, type_text),
                ],
                SPEAKERS: [
                    on(record.speakers_skipped, k.CB_PKS_SKIP),
                    MessageHandler(typed, record.speakers_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                PHOTOS: [
                    on(record.photos_done, k.CB_PKS_PHOTOS_DONE),
                    MessageHandler(private & filters.PHOTO, record.photo_given),
                    MessageHandler(not_text, record.not_a_photo),
                ],
                REVIEW: [
                    on(saving.save, k.CB_PKS_SAVE),
                    MessageHandler(not_text, record.review_typed),
                ],
                **_plan_states(typed, not_text),
            },
            fallbacks=[
                CommandHandler("batal", record.abort, filters=private),
                on(record.abort, k.CB_PKS_ABORT),
                *(on(stale_press, prefix, ".*") for prefix in STEP_PREFIXES),
                MessageHandler(private & filters.COMMAND, in_flow),
            ],
            timeout_text=t.PKS_FLOW_TIMED_OUT,
            draft_key=DRAFT,
        )
    return [
        flow,
        on(history.history, k.CB_PKS_LIST, ID),
        on(history.view, k.CB_PKS_VIEW, f"{ID}:{ID}"),
        on(history.ask_delete, k.CB_PKS_DELETE, f"{ID}:{ID}"),
        on(history.delete_confirmed, k.CB_PKS_DELETE_YES, f"{ID}:{ID}"),
        on(history.delete_kept, k.CB_PKS_KEEP, ID),
        # A step's button outside its flow (an old message): a short reason.
        *(on(stale_press, prefix, ".*") for prefix in STEP_PREFIXES),
    ]


def _plan_entry_points() -> list[BaseHandler[Update, BotContext, Any]]:
    return [on(plan.start_plan, k.CB_PKS_PLAN, ID)]


def _plan_states(
    typed: Any, not_text: Any
) -> dict[object, list[BaseHandler[Update, BotContext, Any]]]:
    return {
        PLAN_WHEN: [MessageHandler(typed, plan.when_typed), MessageHandler(not_text, type_text)],
        PLAN_PLACE: [MessageHandler(typed, plan.place_typed), MessageHandler(not_text, type_text)],
        PLAN_TOPIC: [
            on(plan.topic_pressed, k.CB_PKS_TOPIC, r"\d{1,2}"),
            MessageHandler(typed, plan.topic_typed),
            MessageHandler(not_text, use_buttons),
        ],
        PLAN_REVIEW: [
            on(plan.save_plan, k.CB_PKS_SAVE),
            MessageHandler(not_text, plan.review_typed),
        ],
    }
