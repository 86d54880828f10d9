"""Inline keyboards of a Poktan group's sessions (callback data: ``ui.keyboards.CB_PKS_*``)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ui import keyboards as k
from ui import keyboards_poktan as kbp
from ui.texts import poktan_sessions as t
from ui.texts.portal_poktan import BTN_SESSION_POST

# What a session's edit buttons change (the last part of ``CB_PKS_EDIT`` data).
EDIT_FIELDS = ("day", "topic", "roll", "spk", "photo")


def pick_group(
    groups: Sequence[tuple[int, str]], prefix: str = k.CB_PKS_NEW
) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[k.button(name, f"{prefix}{gid}")] for gid, name in groups])


def ask_day() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                k.button(t.BTN_PKS_TODAY, f"{k.CB_PKS_DAY}0"),
                k.button(t.BTN_PKS_YESTERDAY, f"{k.CB_PKS_DAY}1"),
            ],
            [k.button(t.BTN_PKS_ABORT, k.CB_PKS_ABORT)],
        ]
    )


def topics(choices: Sequence[str]) -> InlineKeyboardMarkup:
    keyboard = [[k.button(topic, f"{k.CB_PKS_TOPIC}{i}")] for i, topic in enumerate(choices)]
    keyboard.append([k.button(t.BTN_PKS_ABORT, k.CB_PKS_ABORT)])
    return InlineKeyboardMarkup(keyboard)


def roll(
    families: Sequence[tuple[int, str | None]],
    present: Collection[int],
    *,
    page: int,
    pages: Sequence[tuple[str, int, int]],
) -> InlineKeyboardMarkup:
    """One page of the roll: ``families`` (id, name) of this page; ``pages`` is every
    page's (RT, part, parts) for the ◀️ ▶️ buttons."""
    keyboard: list[list[InlineKeyboardButton]] = [
        [k.button(t.btn_pks_family(name, fid in present), f"{k.CB_PKS_TOGGLE}{fid}")]
        for fid, name in families
    ]
    everyone = bool(families) and all(fid in present for fid, _ in families)
    label = t.BTN_PKS_NONE_PRESENT if everyone else t.BTN_PKS_ALL_PRESENT
    keyboard.append([k.button(label, f"{k.CB_PKS_ALL}{page}")])
    navigation = []
    if page > 0:
        rt, part, parts = pages[page - 1]
        navigation.append(
            k.button(t.btn_pks_page(rt, part, parts, False), f"{k.CB_PKS_PAGE}{page - 1}")
        )
    if page + 1 < len(pages):
        rt, part, parts = pages[page + 1]
        navigation.append(
            k.button(t.btn_pks_page(rt, part, parts, True), f"{k.CB_PKS_PAGE}{page + 1}")
        )
    if navigation:
        keyboard.append(navigation)
    keyboard.append(
        [
            k.button(t.BTN_PKS_TYPE_COUNT, k.CB_PKS_COUNT),
            k.button(t.BTN_PKS_ROLL_DONE, k.CB_PKS_ROLL_DONE),
        ]
    )
    return InlineKeyboardMarkup(keyboard)


def skip() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[k.button(t.BTN_PKS_SKIP, k.CB_PKS_SKIP)]])


def photos_done() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[k.button(t.BTN_PKS_PHOTOS_DONE, k.CB_PKS_PHOTOS_DONE)]])


def review() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[k.button(t.BTN_PKS_SAVE, k.CB_PKS_SAVE), k.button(t.BTN_PKS_ABORT, k.CB_PKS_ABORT)]]
    )


def history_button(group_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[k.button(t.BTN_PKS_HISTORY, f"{k.CB_PKS_LIST}{group_id}")]])


def history(
    group_id: int, sessions: Sequence[tuple[int, date, str | None, bool]]
) -> InlineKeyboardMarkup | None:
    """One button per session: (id, day, topic, planned?)."""
    if not sessions:
        return None
    return InlineKeyboardMarkup(
        [
            [k.button(t.btn_pks_session(day, topic, planned), f"{k.CB_PKS_VIEW}{group_id}:{sid}")]
            for sid, day, topic, planned in sessions
        ]
    )


def session_actions(
    group_id: int, session_id: int, *, editable: bool, planned: bool
) -> InlineKeyboardMarkup:
    tail = f"{group_id}:{session_id}"
    back = [k.button(t.BTN_PKS_BACK, f"{k.CB_PKS_LIST}{group_id}")]
    # A held session's portal post, whether or not its month is still open.
    portal = [k.button(BTN_SESSION_POST, f"{kbp.CB_PORTAL_POKTAN_OPEN}{tail}")]
    if not editable:
        return InlineKeyboardMarkup([back] if planned else [portal, back])
    if planned:
        return InlineKeyboardMarkup(
            [
                [k.button(t.BTN_PKS_COMPLETE, f"{k.CB_PKS_COMPLETE}{tail}")],
                [k.button(t.BTN_PKS_DELETE, f"{k.CB_PKS_DELETE}{tail}")],
                back,
            ]
        )
    edit = f"{k.CB_PKS_EDIT}{tail}:"
    return InlineKeyboardMarkup(
        [
            [
                k.button(t.BTN_PKS_EDIT_DAY, f"{edit}day"),
                k.button(t.BTN_PKS_EDIT_TOPIC, f"{edit}topic"),
            ],
            [
                k.button(t.BTN_PKS_EDIT_ROLL, f"{edit}roll"),
                k.button(t.BTN_PKS_EDIT_SPEAKERS, f"{edit}spk"),
            ],
            [
                k.button(t.BTN_PKS_EDIT_PHOTOS, f"{edit}photo"),
                k.button(t.BTN_PKS_DELETE, f"{k.CB_PKS_DELETE}{tail}"),
            ],
            portal,
            back,
        ]
    )


def confirm_delete(group_id: int, session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                k.button(t.BTN_PKS_DELETE_YES, f"{k.CB_PKS_DELETE_YES}{group_id}:{session_id}"),
                k.button(t.BTN_PKS_DELETE_NO, f"{k.CB_PKS_KEEP}{group_id}"),
            ]
        ]
    )


def complete(group_id: int, session_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[k.button(t.BTN_PKS_COMPLETE, f"{k.CB_PKS_COMPLETE}{group_id}:{session_id}")]]
    )
