"""Keyboards of registration (consent, name, RT, Poktan), the secretary's approval,
``/profil`` and ``/hapus_data``."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardMarkup

from models.member import Poktan
from ui import texts
from ui.keyboards.common import button, rows

# registration
CB_CONSENT_YES = "reg:consent:yes"
CB_CONSENT_NO = "reg:consent:no"
CB_CONSENT_FULL = "reg:consent:full"
CB_REG_TELEGRAM_NAME = "reg:name:telegram"
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


def consent(*, full_text_button: bool = True) -> InlineKeyboardMarkup:
    keyboard = [
        [button(texts.BTN_AGREE, CB_CONSENT_YES), button(texts.BTN_DISAGREE, CB_CONSENT_NO)]
    ]
    if full_text_button:
        keyboard.append([button(texts.BTN_CONSENT_FULL, CB_CONSENT_FULL)])
    return InlineKeyboardMarkup(keyboard)


def telegram_name(name: str) -> InlineKeyboardMarkup:
    """The name step: one tap takes the name Telegram already knows."""
    label = texts.btn_telegram_name(name)
    return InlineKeyboardMarkup([[button(label, CB_REG_TELEGRAM_NAME)]])


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
