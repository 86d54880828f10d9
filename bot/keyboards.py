"""Inline keyboards and their callback data.

Callback data is a short prefixed string (at most 64 bytes) that any client can
forge: every handler re-checks rights and state on the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from models.attendance import RollEntry
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


# --- meetings -------------------------------------------------------------------

CB_RSVP = "rsvp:"  # rsvp:<meeting id>:<hadir|izin|tidak>
CB_NEW_MEETING = "mtg:new"
CB_HOST = "mtg:host:"
CB_VENUE_DEFAULT = "mtg:venue:default"
CB_NO_SPEAKERS = "mtg:spk:none"
CB_SPEAKERS_DONE = "mtg:spk:done"
CB_CLEAR_SPEAKERS = "mtg:spk:clear"
CB_SECTOR = "mtg:sector:"
CB_SAVE = "mtg:save"
CB_EDIT = "mtg:edit"
CB_ABORT = "mtg:abort"
CB_FIELD = "mtg:field:"
CB_SECOND_YES = "mtg:second:yes"
CB_SECOND_NO = "mtg:second:no"
CB_PICK = "mtg:pick:"  # mtg:pick:<ubah|batal>:<meeting id>
CB_CANCEL_YES = "mtg:cancel:yes:"  # + meeting id
CB_CANCEL_NO = "mtg:cancel:no"
CB_CREATE_MISSING = "mtg:year:"  # + year

EDIT_FIELDS = ("date", "time", "host", "venue", "topic", "speakers")


def rsvp(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_RSVP_YES, f"{CB_RSVP}{meeting_id}:hadir"),
                button(texts.BTN_RSVP_EXCUSED, f"{CB_RSVP}{meeting_id}:izin"),
                button(texts.BTN_RSVP_NO, f"{CB_RSVP}{meeting_id}:tidak"),
            ]
        ]
    )


def create_meeting() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.BTN_CREATE_MEETING, CB_NEW_MEETING)]])


def host_choice(order: Sequence[str]) -> InlineKeyboardMarkup:
    """The proposed RT first (marked), then the rest of the rotation."""
    labels = [f"⭐ {texts.rt_label(order[0])}"] + [texts.rt_label(rt) for rt in order[1:]]
    return InlineKeyboardMarkup(
        rows((button(label, CB_HOST + rt) for label, rt in zip(labels, order, strict=True)), 4)
    )


def venue_default(venue: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(venue, CB_VENUE_DEFAULT)]])


def speakers(has_any: bool) -> InlineKeyboardMarkup:
    if has_any:
        return InlineKeyboardMarkup(
            [
                [button(texts.BTN_SPEAKERS_DONE, CB_SPEAKERS_DONE)],
                [button(texts.BTN_CLEAR_SPEAKERS, CB_CLEAR_SPEAKERS)],
            ]
        )
    return InlineKeyboardMarkup([[button(texts.BTN_NO_SPEAKERS, CB_NO_SPEAKERS)]])


def sectors() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        rows((button(label, CB_SECTOR + value) for value, label in texts.SECTOR_LABELS.items()), 2)
    )


def plan_actions() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_SAVE, CB_SAVE),
                button(texts.BTN_EDIT, CB_EDIT),
                button(texts.BTN_CANCEL, CB_ABORT),
            ]
        ]
    )


def edit_fields() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            *rows((button(texts.FIELD_LABELS[f], CB_FIELD + f) for f in EDIT_FIELDS), 2),
            [button(texts.BTN_CANCEL, CB_ABORT)],
        ]
    )


def second_meeting() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.BTN_YES_SECOND, CB_SECOND_YES), button(texts.BTN_NO_SECOND, CB_SECOND_NO)]]
    )


def pick_meeting(action: str, choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(label, f"{CB_PICK}{action}:{meeting_id}")] for meeting_id, label in choices]
    )


def confirm_cancel(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.BTN_CONFIRM_CANCEL, f"{CB_CANCEL_YES}{meeting_id}")],
            [button(texts.BTN_KEEP_MEETING, CB_CANCEL_NO)],
        ]
    )


def create_missing(year: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.BTN_CREATE_MISSING, f"{CB_CREATE_MISSING}{year}")]])


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


# --- recaps of any meeting, minutes and photos ----------------------------------------------

CB_RECAP_PICK = "rekap:m:"  # + meeting id
CB_RECAP_PHOTOS = "rekap:foto:"  # + meeting id
CB_MINUTES_PICK = "mnt:m:"  # + meeting id


def recap_choice(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(label, f"{CB_RECAP_PICK}{meeting_id}")] for meeting_id, label in choices]
    )


def recap_photos(meeting_id: int, count: int) -> InlineKeyboardMarkup | None:
    if not count:
        return None
    return InlineKeyboardMarkup(
        [[button(texts.photos_button(count), f"{CB_RECAP_PHOTOS}{meeting_id}")]]
    )


def minutes_choice(choices: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(label, f"{CB_MINUTES_PICK}{meeting_id}")] for meeting_id, label in choices]
    )
