"""``/hadir`` (check-in, the admin's live roll, the recap) and ``/tamu`` (guests).

One module per part: ``checkin.py`` (``/hadir``, the prompt to every member and the
member's own answer), ``roll.py`` (the admin's roll: ticking, pages, closing, reopening),
``guests.py`` (``/tamu``), ``recap.py`` (the recap, the photos again and the printable
sheet) and ``common.py`` (the check-in window and the rights checks they share).
``attendance_handlers`` wires them, in the order they have always been registered.
The package re-exports the public names the single module had, for existing callers.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.attendance.checkin import hadir, mark_self, roll_button, self_mark
from handlers.attendance.guests import MAX_GUEST_BUTTONS, guest_remove, guest_restore, tamu
from handlers.attendance.recap import (
    MEDIA_GROUP_MAX,
    blank_sheet,
    recap_button,
    recap_command,
    resend_photos,
)
from handlers.attendance.roll import (
    ROLL_PAGE_SIZE,
    ask_close,
    close,
    close_kept,
    noop,
    reopen,
    toggle,
    turn_page,
    undo_untick,
)
from runtime.context import BotContext

__all__ = [
    "MAX_GUEST_BUTTONS",
    "MEDIA_GROUP_MAX",
    "ROLL_PAGE_SIZE",
    "ask_close",
    "attendance_handlers",
    "blank_sheet",
    "close",
    "close_kept",
    "guest_remove",
    "guest_restore",
    "hadir",
    "mark_self",
    "noop",
    "recap_button",
    "recap_command",
    "reopen",
    "resend_photos",
    "roll_button",
    "self_mark",
    "tamu",
    "toggle",
    "turn_page",
    "undo_untick",
]


def attendance_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("hadir", hadir),
        CommandHandler("hadir_rekap", recap_command),
        CommandHandler("rekap", recap_command),
        CallbackQueryHandler(roll_button, pattern=r"^att:open:\d{1,9}\Z"),
        CommandHandler("tamu", tamu),
        CommandHandler("daftar_hadir", blank_sheet),
        CallbackQueryHandler(self_mark, pattern=r"^att:me:\d{1,9}:[yn]\Z"),
        CallbackQueryHandler(toggle, pattern=r"^att:tg:\d{1,9}:\d{1,9}:\d{1,4}\Z"),
        CallbackQueryHandler(turn_page, pattern=r"^att:pg:\d{1,9}:\d{1,4}\Z"),
        CallbackQueryHandler(ask_close, pattern=r"^att:close:\d{1,9}\Z"),
        CallbackQueryHandler(close, pattern=r"^att:closeok:\d{1,9}\Z"),
        CallbackQueryHandler(close_kept, pattern=r"^att:closeno\Z"),
        CallbackQueryHandler(reopen, pattern=r"^att:reopen:\d{1,9}\Z"),
        CallbackQueryHandler(undo_untick, pattern=r"^att:undo:\d{1,9}:\d{1,9}\Z"),
        CallbackQueryHandler(guest_restore, pattern=r"^att:grest:\d{1,9}\Z"),
        CallbackQueryHandler(recap_button, pattern=r"^(att:rekap|rekap:m):\d{1,9}\Z"),
        CallbackQueryHandler(resend_photos, pattern=r"^rekap:foto:\d{1,9}\Z"),
        CallbackQueryHandler(guest_remove, pattern=r"^att:gdel:\d{1,9}\Z"),
        CallbackQueryHandler(noop, pattern=r"^att:noop\Z"),
    ]
