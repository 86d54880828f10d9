"""The January K/0 draft card as the chair reads it in the chat: its text and buttons.

The figures come from the same compiler as the files (``ui.registers.cells.card_tables``):
the chat shows the year's figures the bot filled, the chair's answers with who gave
them, and what is still missing. Every button carries the group's id first
(``ui.keyboards_poktan.GROUP_BUTTONS``) and the card's data year.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup

from models.poktan.k0 import CardState
from ui.formatting import format_short_date
from ui.keyboards import button
from ui.keyboards_poktan import CB_PK0_EDIT, CB_PK0_FILES, CB_PK0_FILL, CB_PK0_SEND
from ui.registers.cells import card_tables, text_of
from ui.texts import poktan_k0 as t

FIGURE_PREFIX = "year."  # the year's figures (the identity lines are in the PDF)
HIDDEN_FIGURES = frozenset({"year.previous"})  # in the draft's heading already


def figures(state: CardState) -> list[tuple[str, str]]:
    """(label, value) of every field the bot filled from its records for the year."""
    tables = card_tables(state.year, state.form, answers=state.answers)
    return [
        (column.label, text_of(value))
        for column, (_, value) in zip(state.form.card_fields, tables.fields, strict=True)
        if not column.blank
        and column.value.startswith(FIGURE_PREFIX)
        and column.value not in HIDDEN_FIGURES
    ]


def answered(state: CardState) -> list[tuple[str, str, str | None]]:
    return [
        (c.label, str(state.answers[c.key]), state.answered_by.get(c.key))
        for c in state.form.questions
        if c.key in state.answers
    ]


def draft_text(state: CardState) -> str:
    card = state.card
    sent_on = None
    if card is not None and card.sent_at is not None:
        sent_on = format_short_date(card.sent_at.astimezone(state.kampung.tz).date())
    return t.k0_draft(
        group=state.group.name,
        code=state.form.code,
        year=state.year.year,
        recipient=state.form.recipient,
        deadline=state.form.deadline,
        figures=figures(state),
        answered=answered(state),
        missing=[c.label for c in state.missing],
        sent_version=state.sent_version,
        sent_on=sent_on,
    )


def draft_keyboard(state: CardState) -> InlineKeyboardMarkup:
    group, year = state.group.id, state.year.year
    keyboard = []
    if state.missing:
        label = t.K0_BTN_FILL.format(count=len(state.missing))
        keyboard.append([button(label, f"{CB_PK0_FILL}{group}:{year}")])
    for number, column in enumerate(state.form.questions):
        if column.key in state.answers:
            label = t.K0_BTN_EDIT.format(label=column.label)
            keyboard.append([button(label, f"{CB_PK0_EDIT}{group}:{year}:{number}")])
    keyboard.append([button(t.K0_BTN_FILES, f"{CB_PK0_FILES}{group}:{year}")])
    keyboard.append([button(t.K0_BTN_SEND, f"{CB_PK0_SEND}{group}:{year}")])
    return InlineKeyboardMarkup(keyboard)


def draft(state: CardState) -> tuple[str, InlineKeyboardMarkup]:
    return draft_text(state), draft_keyboard(state)


def download(group_id: int, year: int) -> InlineKeyboardMarkup:
    """Under a card sent to the PKB: its files on demand."""
    return InlineKeyboardMarkup([[button(t.K0_BTN_DOWNLOAD, f"{CB_PK0_FILES}{group_id}:{year}")]])


def pkb_fields(state: CardState) -> list[tuple[str, str]]:
    """The figures and the answers, as the PKB's notice lists them."""
    return figures(state) + [(label, value) for label, value, _ in answered(state)]
