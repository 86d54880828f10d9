"""The /jadwal conversation: every state's handlers, wired in one place."""

from __future__ import annotations

import re
import warnings
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, MessageHandler, filters
from telegram.warnings import PTBUserWarning

from handlers.common import reply, stale_press, type_text, use_buttons
from handlers.flow import Flow
from handlers.meetings.cancel import (
    cancel_confirmed,
    cancel_kept,
    cancel_reason_given,
    cancel_typed,
    meeting_picked,
)
from handlers.meetings.common import (
    CANCEL_CONFIRM,
    CANCEL_REASON,
    DATE,
    EDIT_MENU,
    FLOW,
    HOST,
    PICK,
    REVIEW,
    SECOND,
    SPEAKER_INSTITUTION,
    SPEAKER_NAME,
    SPEAKER_SECTOR,
    TIME,
    TOPIC,
    VENUE,
)
from handlers.meetings.plan import (
    abort,
    begin_create,
    date_given,
    edit_menu,
    field_chosen,
    host_chosen,
    past_speaker_chosen,
    review_typed,
    save,
    second_answered,
    second_typed,
    sector_typed,
    speaker_institution_given,
    speaker_name_given,
    speaker_sector_chosen,
    speakers_done,
    time_given,
    topic_given,
    venue_given,
)
from handlers.meetings.show import (
    card_action,
    jadwal,
    jadwal_baru,
    jadwal_batal,
    jadwal_tahun,
    jadwal_ubah,
)
from handlers.meetings.year import create_missing
from runtime.context import BotContext
from ui import keyboards, texts


async def other_command(update: Update, context: BotContext) -> None:
    await reply(update, texts.IN_MEETING_FLOW)


def meeting_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND
    not_text = private & ~filters.COMMAND

    def on(
        callback: Any, prefix: str, exact: bool = False, rest: str = ""
    ) -> CallbackQueryHandler[Any, Any]:
        """Match ``prefix`` exactly, ``prefix`` and the regex ``rest``, or ``prefix`` and more.

        Always anchored at both ends: no pattern matches an empty or cut-short data.
        """
        tail = "" if exact else rest or ".+"
        return CallbackQueryHandler(callback, pattern=rf"^{re.escape(prefix)}{tail}\Z")

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        conversation = Flow(
            name="meeting",
            entry_points=[
                CommandHandler("jadwal", jadwal),
                CommandHandler("jadwal_baru", jadwal_baru),
                CommandHandler("jadwal_ubah", jadwal_ubah),
                CommandHandler("jadwal_batal", jadwal_batal),
                CommandHandler("jadwal_tahun", jadwal_tahun),
                on(begin_create, keyboards.CB_NEW_MEETING, rest=r"\d{1,9}"),
                on(card_action, "mtg:act:", rest=r"(ubah|batal):\d{1,9}"),
            ],
            states={
                DATE: [MessageHandler(typed, date_given), MessageHandler(not_text, type_text)],
                TIME: [MessageHandler(typed, time_given), MessageHandler(not_text, type_text)],
                SECOND: [
                    on(second_answered, keyboards.CB_SECOND_YES, exact=True),
                    on(second_answered, keyboards.CB_SECOND_NO, exact=True),
                    MessageHandler(typed, second_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                HOST: [
                    on(host_chosen, keyboards.CB_HOST),
                    MessageHandler(typed, host_chosen),
                    MessageHandler(not_text, use_buttons),
                ],
                VENUE: [
                    on(venue_given, keyboards.CB_VENUE_DEFAULT, exact=True),
                    MessageHandler(typed, venue_given),
                    MessageHandler(not_text, use_buttons),
                ],
                TOPIC: [MessageHandler(typed, topic_given), MessageHandler(not_text, type_text)],
                SPEAKER_NAME: [
                    on(speakers_done, keyboards.CB_NO_SPEAKERS, exact=True),
                    on(speakers_done, keyboards.CB_SPEAKERS_DONE, exact=True),
                    on(speakers_done, keyboards.CB_CLEAR_SPEAKERS, exact=True),
                    on(past_speaker_chosen, keyboards.CB_PAST_SPEAKER, rest=r"\d{1,9}"),
                    MessageHandler(typed, speaker_name_given),
                    MessageHandler(not_text, use_buttons),
                ],
                SPEAKER_INSTITUTION: [
                    MessageHandler(typed, speaker_institution_given),
                    MessageHandler(not_text, type_text),
                ],
                SPEAKER_SECTOR: [
                    on(speaker_sector_chosen, keyboards.CB_SECTOR),
                    MessageHandler(typed, sector_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                REVIEW: [
                    on(save, keyboards.CB_SAVE, exact=True),
                    on(edit_menu, keyboards.CB_EDIT, exact=True),
                    MessageHandler(typed, review_typed),
                    MessageHandler(not_text, use_buttons),
                ],
                EDIT_MENU: [
                    on(field_chosen, keyboards.CB_FIELD),
                    MessageHandler(not_text, use_buttons),
                ],
                PICK: [
                    on(meeting_picked, keyboards.CB_PICK, rest=r"(ubah|batal):\d{1,9}"),
                    MessageHandler(not_text, use_buttons),
                ],
                CANCEL_REASON: [
                    MessageHandler(typed, cancel_reason_given),
                    MessageHandler(not_text, type_text),
                ],
                CANCEL_CONFIRM: [
                    on(cancel_confirmed, keyboards.CB_CANCEL_YES, rest=r"\d{1,9}"),
                    on(cancel_kept, keyboards.CB_CANCEL_NO, exact=True),
                    MessageHandler(typed, cancel_typed),
                    MessageHandler(not_text, use_buttons),
                ],
            },
            fallbacks=[
                CommandHandler("batal", abort, filters=private),
                on(abort, keyboards.CB_ABORT, exact=True),
                on(stale_press, "mtg:"),
                MessageHandler(private & filters.COMMAND, other_command),
            ],
            timeout_text=texts.MEETING_FLOW_TIMED_OUT,
            draft_key=FLOW,
        )
    return [
        conversation,
        on(create_missing, keyboards.CB_CREATE_MISSING, rest=r"\d{1,9}:\d{4}"),
    ]
