"""Keyboards of meetings: RSVP, the secretary's card, planning, changing and cancelling a
meeting, the missing meetings of a year, and the WhatsApp share link."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ui import texts
from ui.keyboards.attendance import CB_ATT_RECAP
from ui.keyboards.common import button, rows

# --- meetings -------------------------------------------------------------------

CB_RSVP = "rsvp:"  # rsvp:<meeting id>:<hadir|izin|tidak>
CB_NEW_MEETING = "mtg:new:"  # + kampung id
CB_HOST = "mtg:host:"
CB_VENUE_DEFAULT = "mtg:venue:default"
CB_NO_SPEAKERS = "mtg:spk:none"
CB_SPEAKERS_DONE = "mtg:spk:done"
CB_CLEAR_SPEAKERS = "mtg:spk:clear"
CB_PAST_SPEAKER = "mtg:spk:past:"  # + speaker id (a past invitation of the kampung)
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
CB_CREATE_MISSING = "mtg:year:"  # mtg:year:<kampung id>:<year>

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


CB_ADMIN_CHANGE = "mtg:act:ubah:"  # + meeting id
CB_ADMIN_CANCEL = "mtg:act:batal:"  # + meeting id
CB_ADMIN_ROLL = "att:open:"  # + meeting id


def admin_card(meeting_id: int) -> InlineKeyboardMarkup:
    """The secretary's /jadwal card: RSVP, then her own actions on the meeting."""
    return InlineKeyboardMarkup(
        [
            *rsvp(meeting_id).inline_keyboard,
            [
                button(texts.BTN_CARD_CHANGE, f"{CB_ADMIN_CHANGE}{meeting_id}"),
                button(texts.BTN_CARD_CANCEL, f"{CB_ADMIN_CANCEL}{meeting_id}"),
            ],
            [
                button(texts.BTN_CARD_ROLL, f"{CB_ADMIN_ROLL}{meeting_id}"),
                button(texts.BTN_CARD_RECAP, f"{CB_ATT_RECAP}{meeting_id}"),
            ],
        ]
    )


def whatsapp_url(text: str) -> str | None:
    """A link that opens WhatsApp with ``text`` filled in; None when it would be too long."""
    url = texts.WA_URL + quote(text, safe="")
    return url if len(url) <= texts.WA_URL_MAX else None


def whatsapp_share(text: str) -> InlineKeyboardMarkup | None:
    url = whatsapp_url(text)
    if url is None:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(texts.BTN_WHATSAPP, url=url)]])


def create_meeting(kampung_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.BTN_CREATE_MEETING, f"{CB_NEW_MEETING}{kampung_id}")]]
    )


def host_choice(order: Sequence[str]) -> InlineKeyboardMarkup:
    """The proposed RT first (marked), then the rest of the rotation."""
    labels = [f"⭐ {texts.rt_label(order[0])}"] + [texts.rt_label(rt) for rt in order[1:]]
    return InlineKeyboardMarkup(
        rows((button(label, CB_HOST + rt) for label, rt in zip(labels, order, strict=True)), 4)
    )


def venue_default(venue: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(venue, CB_VENUE_DEFAULT)]])


def speakers(has_any: bool, past: Sequence[tuple[int, str]] = ()) -> InlineKeyboardMarkup:
    """The speakers step: past speakers (id, label) to add with one tap, then done/none."""
    keyboard = [[button(label, f"{CB_PAST_SPEAKER}{speaker_id}")] for speaker_id, label in past]
    if has_any:
        keyboard += [
            [button(texts.BTN_SPEAKERS_DONE, CB_SPEAKERS_DONE)],
            [button(texts.BTN_CLEAR_SPEAKERS, CB_CLEAR_SPEAKERS)],
        ]
    else:
        keyboard.append([button(texts.BTN_NO_SPEAKERS, CB_NO_SPEAKERS)])
    return InlineKeyboardMarkup(keyboard)


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


def create_missing(kampung_id: int, year: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(texts.BTN_CREATE_MISSING, f"{CB_CREATE_MISSING}{kampung_id}:{year}")]]
    )
