"""Keyboards about a kampung itself: the operator's ``/kampung`` (many kampungs), binding a
group to its kampung (``/ikat_grup``) and the callback prefixes of ``/klasifikasi``."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ui import texts
from ui.keyboards.common import button
from ui.texts import classification as classification_texts

# --- operators (many kampungs) ----------------------------------------------------------------

CB_OP = "op:"
CB_OP_NEW = "op:new"
CB_OP_LIST = "op:list"  # op:list[:<page>]
CB_OP_KAMPUNG = "op:k:"  # op:k:<kampung id>: its secretaries
CB_OP_APPOINT = "op:add:"  # op:add:<kampung id>
CB_OP_DISMISS = "op:rm:"  # op:rm:<kampung id>:<telegram id>
CB_OP_INVITE = "op:inv:"  # op:inv:<kampung id>: a one-time secretary invitation
CB_OP_EDIT = "op:ed:"  # op:ed:<kampung id>:<name|rts|tz>: correct the kampung's data
CB_OP_REMOVE = "op:del:"  # op:del:<kampung id>: ask to remove an unused kampung
CB_OP_REMOVE_YES = "op:delok:"  # op:delok:<kampung id>: remove it
CB_OP_TZ = "op:tz:"  # op:tz:<zone name>


def kampung_list(
    kampungs: Sequence[tuple[int, str]], page: int, pages: int
) -> InlineKeyboardMarkup:
    """One page of ``/kampung``: a button per kampung, the pages around, and "add"."""
    rows = [
        [
            InlineKeyboardButton(
                texts.BTN_SECRETARIES.format(name=name[:40]),
                callback_data=f"{CB_OP_KAMPUNG}{kampung_id}",
            )
        ]
        for kampung_id, name in kampungs
    ]
    moves = []
    if page > 0:
        moves.append(InlineKeyboardButton("«", callback_data=f"{CB_OP_LIST}:{page - 1}"))
    if page + 1 < pages:
        moves.append(InlineKeyboardButton("»", callback_data=f"{CB_OP_LIST}:{page + 1}"))
    if moves:
        rows.append(moves)
    rows.append([InlineKeyboardButton(texts.BTN_NEW_KAMPUNG, callback_data=CB_OP_NEW)])
    return InlineKeyboardMarkup(rows)


def secretaries(kampung_id: int, people: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    rows = [
        [
            InlineKeyboardButton(
                texts.BTN_DISMISS.format(name=label[:40]),
                callback_data=f"{CB_OP_DISMISS}{kampung_id}:{telegram_id}",
            )
        ]
        for telegram_id, label in people
    ]
    rows += _appoint_rows(kampung_id)
    return InlineKeyboardMarkup(rows)


def _appoint_rows(kampung_id: int) -> list[list[InlineKeyboardButton]]:
    """Invite a secretary by link, appoint one by Telegram id, correct the kampung's data,
    or go back to the list."""
    return [
        [
            InlineKeyboardButton(
                texts.BTN_SECRETARY_INVITE, callback_data=f"{CB_OP_INVITE}{kampung_id}"
            )
        ],
        [InlineKeyboardButton(texts.BTN_APPOINT, callback_data=f"{CB_OP_APPOINT}{kampung_id}")],
        [
            InlineKeyboardButton(label, callback_data=f"{CB_OP_EDIT}{kampung_id}:{field}")
            for field, label in (
                ("name", texts.BTN_EDIT_KAMPUNG_NAME),
                ("rts", texts.BTN_EDIT_KAMPUNG_RTS),
                ("tz", texts.BTN_EDIT_KAMPUNG_TZ),
            )
        ],
        [
            InlineKeyboardButton(
                classification_texts.KLS_BTN_OPEN, callback_data=f"{CB_KLS_VIEW}{kampung_id}"
            )
        ],
        [
            InlineKeyboardButton(
                texts.BTN_REMOVE_KAMPUNG, callback_data=f"{CB_OP_REMOVE}{kampung_id}"
            )
        ],
        [InlineKeyboardButton(texts.BTN_BACK_TO_LIST, callback_data=CB_OP_LIST)],
    ]


def confirm_remove_kampung(kampung_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    texts.BTN_REMOVE_KAMPUNG_YES, callback_data=f"{CB_OP_REMOVE_YES}{kampung_id}"
                ),
                InlineKeyboardButton(
                    texts.BTN_REMOVE_KAMPUNG_NO, callback_data=f"{CB_OP_KAMPUNG}{kampung_id}"
                ),
            ]
        ]
    )


def timezones() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton(label, callback_data=f"{CB_OP_TZ}{zone}")]
            for zone, label in texts.TIMEZONE_CHOICES
        ]
    )


def new_kampung_next(kampung_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(_appoint_rows(kampung_id))


def open_kampung_link(bot_username: str, code: str | None) -> InlineKeyboardMarkup:
    """The group's /start button: the kampung's own invite link."""
    url = texts.invite_link(bot_username, code)
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.BTN_OPEN_PRIVATE, url=url)]])


# --- the group's kampung (/ikat_grup) ------------------------------------------------------------

CB_GROUP_PICK = "grp:k:"  # + kampung id: bind this group to that kampung
# grp:ok:<kampung id>:<kampung the group was bound to, 0: none>:<kampung's group, 0: none>
CB_GROUP_MOVE = "grp:ok:"
CB_GROUP_KEEP = "grp:no"


def group_kampung_choice(kampungs: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(name[:40], f"{CB_GROUP_PICK}{kampung_id}")] for kampung_id, name in kampungs]
    )


def confirm_group_move(
    kampung_id: int, group_was: int | None, kampung_group_was: int | None
) -> InlineKeyboardMarkup:
    """Ya/Batal; the data holds what was bound when asked, so a stale "Ya" is refused."""
    data = f"{CB_GROUP_MOVE}{kampung_id}:{group_was or 0}:{kampung_group_was or 0}"
    return InlineKeyboardMarkup(
        [[button(texts.BTN_YES_DO, data), button(texts.BTN_NO_KEEP, CB_GROUP_KEEP)]]
    )


# --- /klasifikasi (ui/classification_keyboards.py builds them) ----------------------------------

CB_KLS_VIEW = "kls:v:"  # + kampung id: the classification
CB_KLS_MENU = "kls:m:"  # + kampung id: the questions
CB_KLS_QUESTION = "kls:q:"  # kls:q:<kampung id>:<question>
CB_KLS_SET = "kls:s:"  # kls:s:<kampung id>:<question>:<1|0>  (Ya / Tidak)
CB_KLS_TICK = "kls:t:"  # kls:t:<kampung id>:<question>:<option>:<1|0>, or ...:none
CB_KLS_TYPE = "kls:a:"  # kls:a:<kampung id>:<question>: type the answer (a flow)
