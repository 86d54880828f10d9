"""Keyboards of ``/anggota`` (the member list and a member's actions), "Setujui semua",
closing and reopening the roll, undo, and the confirmations of a typed answer."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from ui import texts
from ui.keyboards.attendance import CB_ATT_RECAP, CB_ATT_SELF
from ui.keyboards.common import button
from ui.keyboards.meetings import CB_RSVP
from ui.keyboards.registration import poktan_choice, rt_choice

# --- members (/anggota), approve-all, undo ------------------------------------------------

CB_MEMBER_PAGE = "mbr:pg:"  # mbr:pg:<kampung id>:<page>
CB_MEMBER_VIEW = "mbr:v:"  # + member id
CB_MEMBER_LINK = "mbr:lnk:"  # + member id
CB_MEMBER_CHOOSE = "mbr:set:"  # mbr:set:<rt|pk>:<member id>  (show the choices)
CB_MEMBER_ASK = "mbr:ask:"  # mbr:ask:<rt|pk|off|del>:<member id>[:<value>]  (ask to confirm)
CB_MEMBER_DO = "mbr:do:"  # mbr:do:<rt|pk|off|on|del>:<member id>[:<value>]  (confirmed)
CB_MEMBER_KEEP = "mbr:keep"
CB_MEMBER_RSVP = "mbr:rsvp:"  # mbr:rsvp:<meeting id>:<member id>:<hadir|izin|tidak>
CB_APPROVE_ALL = "adm:reg:all:"  # adm:reg:all:<kampung id>:<highest member id shown>
CB_ATT_CLOSE_YES = "att:closeok:"  # + meeting id
CB_ATT_CLOSE_NO = "att:closeno"
CB_ATT_REOPEN = "att:reopen:"  # + meeting id
CB_ATT_UNDO_UNTICK = "att:undo:"  # att:undo:<meeting id>:<member id>
CB_GUEST_RESTORE = "att:grest:"  # + guest id
MEMBERS_PER_PAGE = 30


def member_list(
    kampung_id: int, members: Sequence[tuple[int, str]], page: int, pages: int
) -> InlineKeyboardMarkup:
    keyboard = [[button(label, f"{CB_MEMBER_VIEW}{member_id}")] for member_id, label in members]
    navigation = []
    if page > 0:
        navigation.append(button(texts.BTN_PREV, f"{CB_MEMBER_PAGE}{kampung_id}:{page - 1}"))
    if page < pages - 1:
        navigation.append(button(texts.BTN_NEXT, f"{CB_MEMBER_PAGE}{kampung_id}:{page + 1}"))
    if navigation:
        keyboard.append(navigation)
    return InlineKeyboardMarkup(keyboard)


def member_actions(
    member_id: int,
    *,
    active: bool,
    has_telegram: bool,
    rsvp_meeting_id: int | None,
) -> InlineKeyboardMarkup:
    keyboard: list[list[InlineKeyboardButton]] = []
    if rsvp_meeting_id is not None and active:
        keyboard.append(
            [
                button(label, f"{CB_MEMBER_RSVP}{rsvp_meeting_id}:{member_id}:{answer}")
                for label, answer in (
                    (texts.BTN_RSVP_YES, "hadir"),
                    (texts.BTN_RSVP_EXCUSED, "izin"),
                    (texts.BTN_RSVP_NO, "tidak"),
                )
            ]
        )
    if not has_telegram:
        keyboard.append([button(texts.BTN_MEMBER_LINK, f"{CB_MEMBER_LINK}{member_id}")])
    keyboard.append(
        [
            button(texts.BTN_MEMBER_RT, f"{CB_MEMBER_CHOOSE}rt:{member_id}"),
            button(texts.BTN_MEMBER_POKTAN, f"{CB_MEMBER_CHOOSE}pk:{member_id}"),
        ]
    )
    keyboard.append(
        [
            button(texts.BTN_MEMBER_OFF, f"{CB_MEMBER_ASK}off:{member_id}")
            if active
            else button(texts.BTN_MEMBER_ON, f"{CB_MEMBER_DO}on:{member_id}"),
            button(texts.BTN_MEMBER_REMOVE, f"{CB_MEMBER_ASK}del:{member_id}"),
        ]
    )
    return InlineKeyboardMarkup(keyboard)


def member_rt_choice(member_id: int, rt_list: Sequence[str]) -> InlineKeyboardMarkup:
    return rt_choice(rt_list, f"{CB_MEMBER_ASK}rt:{member_id}:")


def member_poktan_choice(member_id: int) -> InlineKeyboardMarkup:
    return poktan_choice(f"{CB_MEMBER_ASK}pk:{member_id}:")


def confirm_member_action(action: str, member_id: int, value: str = "") -> InlineKeyboardMarkup:
    tail = f":{value}" if value else ""
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_YES_DO, f"{CB_MEMBER_DO}{action}:{member_id}{tail}"),
                button(texts.BTN_NO_KEEP, CB_MEMBER_KEEP),
            ]
        ]
    )


def approve_all(kampung_id: int, count: int, up_to_id: int) -> InlineKeyboardMarkup:
    """ "Setujui semua" for the registrations listed: this kampung's, ids up to ``up_to_id``."""
    data = f"{CB_APPROVE_ALL}{kampung_id}:{up_to_id}"
    return InlineKeyboardMarkup([[button(texts.BTN_APPROVE_ALL.format(count=count), data)]])


def confirm_close(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_CLOSE_YES, f"{CB_ATT_CLOSE_YES}{meeting_id}"),
                button(texts.BTN_NO_KEEP, CB_ATT_CLOSE_NO),
            ]
        ]
    )


def after_close(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_REOPEN, f"{CB_ATT_REOPEN}{meeting_id}"),
                button(texts.BTN_RECAP, f"{CB_ATT_RECAP}{meeting_id}"),
            ]
        ]
    )


def undo(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.BTN_UNDO, data)]])


def typed_rsvp(meeting_id: int, answer: str) -> InlineKeyboardMarkup:
    """Confirm what was understood in one tap; the other answers to correct it in one tap."""
    others = [
        button(label, f"{CB_RSVP}{meeting_id}:{value}")
        for label, value in (
            (texts.BTN_RSVP_YES, "hadir"),
            (texts.BTN_RSVP_EXCUSED, "izin"),
            (texts.BTN_RSVP_NO, "tidak"),
        )
        if value != answer
    ]
    return InlineKeyboardMarkup(
        [[button(texts.BTN_CONFIRM_TYPED, f"{CB_RSVP}{meeting_id}:{answer}")], others]
    )


def typed_checkin(meeting_id: int, present: bool) -> InlineKeyboardMarkup:
    confirm = "y" if present else "n"
    other = "n" if present else "y"
    other_label = texts.BTN_NOT_PRESENT if present else texts.BTN_PRESENT
    return InlineKeyboardMarkup(
        [
            [
                button(texts.BTN_CONFIRM_TYPED, f"{CB_ATT_SELF}{meeting_id}:{confirm}"),
                button(other_label, f"{CB_ATT_SELF}{meeting_id}:{other}"),
            ]
        ]
    )


def checkin_undo(meeting_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(texts.BTN_CHECKIN_UNDO, f"{CB_ATT_SELF}{meeting_id}:n")]])
