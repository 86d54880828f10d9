"""Keyboards of attendance: the check-in prompt, the secretary's roll, the recap offer and
the removal of guests."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.attendance import RollEntry
from ui import texts
from ui.keyboards.common import button

# --- attendance -------------------------------------------------------------------------

CB_ATT_SELF = "att:me:"  # att:me:<meeting id>:<y|n>
CB_ATT_TOGGLE = "att:tg:"  # att:tg:<meeting id>:<member id>:<page>
CB_ATT_PAGE = "att:pg:"  # att:pg:<meeting id>:<page>
CB_ATT_CLOSE = "att:close:"  # + meeting id
CB_ATT_RECAP = "att:rekap:"  # + meeting id
CB_ATT_NOOP = "att:noop"
CB_GUEST_REMOVE = "att:gdel:"  # + guest id


def attendance_prompt(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_PRESENT, f"{CB_ATT_SELF}{meeting_id}:y"),
                button(texts.BTN_NOT_PRESENT, f"{CB_ATT_SELF}{meeting_id}:n"),
            ]
        ]
    )


def roll(
    meeting_id: int,
    entries: Sequence[RollEntry],
    sections: dict[str, tuple[int, int]],
    page: int,
    pages: int,
    closed: bool,
) -> InlineKeyboardMarkup:
    """One button per member (toggles presence), under a header per Poktan; paging."""
    keyboard: list[list[InlineKeyboardButton]] = []
    current: str | None = None
    for entry in entries:
        poktan = entry.poktan.value if entry.poktan else "-"
        if poktan != current:
            current = poktan
            present, total = sections[poktan]
            keyboard.append([button(texts.roll_section(poktan, present, total), CB_ATT_NOOP)])
        label = texts.roll_button(entry.name, entry.rt, entry.present)
        if not entry.has_telegram:
            label += f" {texts.MEMBER_NO_TELEGRAM}"
        keyboard.append([button(label, f"{CB_ATT_TOGGLE}{meeting_id}:{entry.member_id}:{page}")])
    navigation = []
    if page > 0:
        navigation.append(button(texts.BTN_PREV, f"{CB_ATT_PAGE}{meeting_id}:{page - 1}"))
    navigation.append(button(texts.BTN_REFRESH, f"{CB_ATT_PAGE}{meeting_id}:{page}"))
    if page < pages - 1:
        navigation.append(button(texts.BTN_NEXT, f"{CB_ATT_PAGE}{meeting_id}:{page + 1}"))
    keyboard.append(navigation)
    if closed:
        keyboard.append([button(texts.BTN_RECAP, f"{CB_ATT_RECAP}{meeting_id}")])
    else:
        keyboard.append([button(texts.BTN_CLOSE_ATTENDANCE, f"{CB_ATT_CLOSE}{meeting_id}")])
    return InlineKeyboardMarkup(keyboard)


def recap_offer(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.BTN_RECAP, f"{CB_ATT_RECAP}{meeting_id}")]])


def guest_removal(guests: Sequence[tuple[int, str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.guest_button(name, role), f"{CB_GUEST_REMOVE}{guest_id}")]
            for guest_id, name, role in guests
        ]
    )
