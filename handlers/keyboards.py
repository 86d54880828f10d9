"""Inline keyboards and their callback data.

Callback data is a short prefixed string (at most 64 bytes) that any client can
forge: every handler re-checks rights and state on the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from models.member import Poktan

# registration
CB_CONSENT_YES = "reg:consent:yes"
CB_CONSENT_NO = "reg:consent:no"
CB_REG_RT = "reg:rt:"
CB_REG_POKTAN = "reg:poktan:"
CB_REG_CONFIRM = "reg:confirm:yes"
CB_REG_REDO = "reg:confirm:redo"
# approval (admin)
CB_APPROVE = "adm:reg:ok:"
CB_REJECT = "adm:reg:no:"
# profile
CB_PROFILE_NAME = "prof:name"
CB_PROFILE_RT = "prof:rt"
CB_PROFILE_POKTAN = "prof:poktan"
CB_PROFILE_DONE = "prof:done"
CB_PROFILE_SET_RT = "prof:rt:"
CB_PROFILE_SET_POKTAN = "prof:poktan:"
# erase
CB_ERASE_YES = "erase:yes"
CB_ERASE_NO = "erase:no"

MAX_CALLBACK_BYTES = 64


def button(text: str, data: str) -> InlineKeyboardButton:
    if len(data.encode()) > MAX_CALLBACK_BYTES:
        raise ValueError(f"callback data over {MAX_CALLBACK_BYTES} bytes: {data!r}")
    return InlineKeyboardButton(text, callback_data=data)


def rows(buttons: Iterable[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    result: list[list[InlineKeyboardButton]] = []
    for item in buttons:
        if not result or len(result[-1]) == per_row:
            result.append([])
        result[-1].append(item)
    return result


def consent() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.BTN_AGREE, CB_CONSENT_YES), button(texts.BTN_DISAGREE, CB_CONSENT_NO)]]
    )


def rt_choice(rt_list: Sequence[str], prefix: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        rows((button(texts.rt_label(rt), prefix + rt) for rt in rt_list), per_row=4)
    )


def poktan_choice(prefix: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        rows((button(texts.POKTAN_LABELS[p], prefix + p.value) for p in Poktan), per_row=2)
    )


def confirm_registration() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.BTN_CORRECT, CB_REG_CONFIRM), button(texts.BTN_REDO, CB_REG_REDO)]]
    )


def approval(member_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_APPROVE, f"{CB_APPROVE}{member_id}"),
                button(texts.BTN_REJECT, f"{CB_REJECT}{member_id}"),
            ]
        ]
    )


def profile_menu() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.BTN_EDIT_NAME, CB_PROFILE_NAME)],
            [
                button(texts.BTN_EDIT_RT, CB_PROFILE_RT),
                button(texts.BTN_EDIT_POKTAN, CB_PROFILE_POKTAN),
            ],
            [button(texts.BTN_DONE, CB_PROFILE_DONE)],
        ]
    )


def erase_confirm() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_ERASE_CONFIRM, CB_ERASE_YES),
                button(texts.BTN_ERASE_CANCEL, CB_ERASE_NO),
            ]
        ]
    )


def open_private_chat(bot_username: str) -> InlineKeyboardMarkup:
    url = f"https://t.me/{bot_username}?start=daftar"
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.BTN_OPEN_PRIVATE, url=url)]])
