"""Buttons of ``/klasifikasi``. Each carries the kampung id (``KAMPUNG_BUTTONS`` in
ui/keyboards/tenancy.py); the handlers check rights in that kampung on every press."""

from __future__ import annotations

from collections.abc import Collection

from telegram import InlineKeyboardMarkup

from models.classification.questions import QUESTION, QUESTIONS, Answer, Kind, Q
from ui.keyboards import (
    CB_KLS_MENU,
    CB_KLS_QUESTION,
    CB_KLS_SET,
    CB_KLS_TICK,
    CB_KLS_TYPE,
    CB_KLS_VIEW,
    button,
)
from ui.texts import classification as t


def view(kampung_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t.KLS_BTN_ANSWER, f"{CB_KLS_MENU}{kampung_id}")]])


def open_view(kampung_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t.KLS_BTN_OPEN, f"{CB_KLS_VIEW}{kampung_id}")]])


def question_data(kampung_id: int, key: Q) -> str:
    """A typed question opens the typing step; the others show their buttons."""
    typed = QUESTION[key].kind in (Kind.NUMBER, Kind.POKTAN)
    return f"{CB_KLS_TYPE if typed else CB_KLS_QUESTION}{kampung_id}:{key.value}"


def menu(kampung_id: int, answered: Collection[Q]) -> InlineKeyboardMarkup:
    keyboard = [
        [button(t.kls_menu_button(q.key, q.key in answered), question_data(kampung_id, q.key))]
        for q in QUESTIONS
    ]
    keyboard.append([button(t.KLS_BTN_BACK, f"{CB_KLS_VIEW}{kampung_id}")])
    return InlineKeyboardMarkup(keyboard)


def question(kampung_id: int, key: Q, answer: Answer | None) -> InlineKeyboardMarkup:
    base = f"{kampung_id}:{key.value}"
    spec = QUESTION[key]
    keyboard = []
    if spec.kind is Kind.YESNO:
        yes = ("✅ " if answer is True else "") + t.KLS_BTN_YES
        no = ("✅ " if answer is False else "") + t.KLS_BTN_NO
        keyboard.append([button(yes, f"{CB_KLS_SET}{base}:1"), button(no, f"{CB_KLS_SET}{base}:0")])
    elif spec.kind is Kind.MULTI:
        chosen = answer if isinstance(answer, frozenset) else frozenset()
        for number, label in enumerate(spec.options):
            on = number in chosen
            data = f"{CB_KLS_TICK}{base}:{number}:{0 if on else 1}"
            keyboard.append([button(t.kls_option_button(label, on), data)])
        keyboard.append([button(t.KLS_BTN_NONE, f"{CB_KLS_TICK}{base}:none")])
    keyboard.append([button(t.KLS_BTN_MENU, f"{CB_KLS_MENU}{kampung_id}")])
    return InlineKeyboardMarkup(keyboard)
