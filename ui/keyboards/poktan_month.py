"""Keyboards of the Poktan month: the register of the 1st, sent to the PKB."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from ui import texts
from ui.keyboards.common import button
from ui.keyboards.poktan_sessions import CB_PKS_LIST, CB_PKS_NEW

# the Poktan month: the register on the 1st (ids of a group's month)
CB_PKM_FILES = "pkm:files:"
CB_PKM_SEND = "pkm:send:"
CB_PKM_FIX = "pkm:fix:"
CB_PKM_NONE = "pkm:none:"


# --- the Poktan month ----------------------------------------------------------------------------


def poktan_month_ready(month_id: int) -> InlineKeyboardMarkup:
    """Under the register of the 1st: see the files, send, or correct first."""
    return InlineKeyboardMarkup(
        [
            [button(texts.POKTAN_MONTH_BTN_FILES, f"{CB_PKM_FILES}{month_id}")],
            [button(texts.POKTAN_MONTH_BTN_SEND, f"{CB_PKM_SEND}{month_id}")],
            [button(texts.POKTAN_MONTH_BTN_FIX, f"{CB_PKM_FIX}{month_id}")],
        ]
    )


def poktan_month_none(month_id: int, group_id: int) -> InlineKeyboardMarkup:
    """No session recorded: record one, or report that there was none."""
    return InlineKeyboardMarkup(
        [
            [button(texts.POKTAN_MONTH_BTN_RECORD, f"{CB_PKS_NEW}{group_id}")],
            [button(texts.POKTAN_MONTH_BTN_NONE, f"{CB_PKM_NONE}{month_id}")],
        ]
    )


def poktan_month_sent(month_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.POKTAN_MONTH_BTN_FILES, f"{CB_PKM_FILES}{month_id}")],
            [button(texts.POKTAN_MONTH_BTN_FIX, f"{CB_PKM_FIX}{month_id}")],
        ]
    )


def poktan_month_reopened(month_id: int, group_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.BTN_POKTAN_HISTORY, f"{CB_PKS_LIST}{group_id}")],
            [button(texts.POKTAN_MONTH_BTN_SEND, f"{CB_PKM_SEND}{month_id}")],
        ]
    )


def poktan_month_download(month_id: int) -> InlineKeyboardMarkup:
    """Under a register sent to the PKB: its files on demand."""
    return InlineKeyboardMarkup(
        [[button(texts.POKTAN_MONTH_BTN_DOWNLOAD, f"{CB_PKM_FILES}{month_id}")]]
    )
