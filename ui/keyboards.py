"""Inline keyboards and their callback data.

Callback data is a short prefixed string (at most 64 bytes) that any client can
forge: every handler re-checks rights and state on the server.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.attendance import RollEntry
from models.member import Poktan
from ui import texts
from ui.texts import classification as classification_texts

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

# the Poktan month: the register on the 1st (ids of a group's month)
CB_PKM_FILES = "pkm:files:"
CB_PKM_SEND = "pkm:send:"
CB_PKM_FIX = "pkm:fix:"
CB_PKM_NONE = "pkm:none:"

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


# --- the portal post of a meeting (ui/portal_post.py builds the keyboards) ----------------------
# Each is followed by the meeting id, then ":" and the answer where there is one.

CB_PORTAL_SEKSI = "pp:s:"  # + meeting id : seksi id
CB_PORTAL_KATEGORI = "pp:k:"  # + meeting id : kategori id (0: Lainnya)
CB_PORTAL_KATEGORI_PAGE = "pp:kp:"  # + meeting id : page (-1: the likely ones)
CB_PORTAL_PESERTA = "pp:p:"  # + meeting id : peserta id (tick/untick)
CB_PORTAL_PESERTA_DONE = "pp:po:"  # + meeting id
CB_PORTAL_JENIS = "pp:j:"  # + meeting id : jenis post id
CB_PORTAL_SEBELUM = "pp:sb:"  # + meeting id : meeting photo id
CB_PORTAL_SESUDAH = "pp:ss:"  # + meeting id : meeting photo id
CB_PORTAL_PICK = "pp:f:"  # + meeting id : meeting photo id (in/out of a Kegiatan album)
CB_PORTAL_CAPTION = "pp:c:"  # + meeting id : meeting photo id (starts the caption flow)
CB_PORTAL_REDO = "pp:redo:"  # + meeting id
CB_PORTAL_SEND = "pp:send:"  # + meeting id
CB_PORTAL_POSTED = "pp:ok:"  # + meeting id


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


# --- which kampung a button acts in ---------------------------------------------------------------
# handlers/tenancy.py resolves it before any feature runs: these prefixes are followed by the
# id of a meeting, member or guest (the button acts in that row's kampung) or by the kampung's
# own id. tests/unit/test_button_kampungs.py checks that every button made here is listed.

_MEMBER_ACTIONS = ("rt", "pk", "off", "on", "del")
# --- Poktan sessions (handlers/poktan/sessions.py) ---------------------------------
# Buttons about a group carry its id first: the resolver reads the group's kampung from
# it, and the handler checks that the presser chairs that group (or is its secretary).
CB_PKS_NEW = "pks:new:"  # + group id: record a held session ("Catat pertemuan")
CB_PKS_PLAN = "pks:plan:"  # + group id: plan one ahead ("Rencanakan pertemuan")
CB_PKS_LIST = "pks:list:"  # + group id: this month's and last month's ("Riwayat")
CB_PKS_VIEW = "pks:view:"  # pks:view:<group id>:<session id>
CB_PKS_EDIT = "pks:ed:"  # pks:ed:<group id>:<session id>:<day|topic|roll|spk|photo>
CB_PKS_DELETE = "pks:del:"  # pks:del:<group id>:<session id> (asks first)
CB_PKS_DELETE_YES = "pks:delok:"  # pks:delok:<group id>:<session id>
CB_PKS_COMPLETE = "pks:done:"  # pks:done:<group id>:<session id>: a planned one took place
# Steps of the session flow (the group is in the flow's draft).
CB_PKS_DAY = "pks:day:"  # + days ago: 0 today, 1 yesterday
CB_PKS_TOPIC = "pks:topic:"  # + index into the kind's USUAL_TOPICS
CB_PKS_TOGGLE = "pks:tg:"  # pks:tg:<family id>
CB_PKS_PAGE = "pks:pg:"  # + roll page
CB_PKS_ALL = "pks:all:"  # + roll page: everyone on it present (or, if they are, nobody)
CB_PKS_COUNT = "pks:count"
CB_PKS_ROLL_DONE = "pks:rolldone"
CB_PKS_SKIP = "pks:skip"
CB_PKS_PHOTOS_DONE = "pks:photodone"
CB_PKS_SAVE = "pks:save"
CB_PKS_ABORT = "pks:abort"
CB_PKS_KEEP = "pks:keep:"  # + group id: "Tidak" at a deletion, nothing changes

MEETING_BUTTONS: tuple[str, ...] = (
    CB_RSVP,
    CB_ADMIN_CHANGE,
    CB_ADMIN_CANCEL,
    CB_ADMIN_ROLL,
    f"{CB_PICK}ubah:",
    f"{CB_PICK}batal:",
    CB_CANCEL_YES,
    CB_ATT_SELF,
    CB_ATT_TOGGLE,
    CB_ATT_PAGE,
    CB_ATT_CLOSE,
    CB_ATT_RECAP,
    CB_ATT_CLOSE_YES,
    CB_ATT_REOPEN,
    CB_ATT_UNDO_UNTICK,
    CB_MEMBER_RSVP,
    CB_RECAP_PICK,
    CB_RECAP_PHOTOS,
    CB_MINUTES_PICK,
    CB_PORTAL_SEKSI,
    CB_PORTAL_KATEGORI,
    CB_PORTAL_KATEGORI_PAGE,
    CB_PORTAL_PESERTA,
    CB_PORTAL_PESERTA_DONE,
    CB_PORTAL_JENIS,
    CB_PORTAL_SEBELUM,
    CB_PORTAL_SESUDAH,
    CB_PORTAL_PICK,
    CB_PORTAL_CAPTION,
    CB_PORTAL_REDO,
    CB_PORTAL_SEND,
    CB_PORTAL_POSTED,
)
MEMBER_BUTTONS: tuple[str, ...] = (
    CB_APPROVE,
    CB_REJECT,
    CB_MEMBER_VIEW,
    CB_MEMBER_LINK,
    *(f"{CB_MEMBER_CHOOSE}{action}:" for action in ("rt", "pk")),
    *(
        f"{prefix}{action}:"
        for prefix in (CB_MEMBER_ASK, CB_MEMBER_DO)
        for action in _MEMBER_ACTIONS
    ),
)
GUEST_BUTTONS: tuple[str, ...] = (CB_GUEST_REMOVE, CB_GUEST_RESTORE)
# Followed by the id of a Poktan group's month (models/poktan/months.py).
POKTAN_MONTH_BUTTONS: tuple[str, ...] = (CB_PKM_FILES, CB_PKM_SEND, CB_PKM_FIX, CB_PKM_NONE)
# Followed by the id of a Poktan group (models/poktan/groups.py).
POKTAN_GROUP_BUTTONS: tuple[str, ...] = (
    CB_PKS_NEW,
    CB_PKS_PLAN,
    CB_PKS_LIST,
    CB_PKS_VIEW,
    CB_PKS_EDIT,
    CB_PKS_DELETE,
    CB_PKS_DELETE_YES,
    CB_PKS_COMPLETE,
    CB_PKS_KEEP,
)
KAMPUNG_BUTTONS: tuple[str, ...] = (
    CB_NEW_MEETING,
    CB_CREATE_MISSING,
    CB_MEMBER_PAGE,
    CB_APPROVE_ALL,
    CB_KLS_VIEW,
    CB_KLS_MENU,
    CB_KLS_QUESTION,
    CB_KLS_SET,
    CB_KLS_TICK,
    CB_KLS_TYPE,
)


# --- the Poktan month ----------------------------------------------------------------------------


def poktan_month_ready(month_id: int) -> InlineKeyboardMarkup:
    """Under the register of the 1st: see the files, send, or correct first."""
    return InlineKeyboardMarkup(
        [
            [button(texts.POKTAN_MONTH_BTN_FILES, f"{CB_PKM_FILES}{month_id}")],
            [button(texts.POKTAN_MONTH_BTN_SEND, f"{CB_PKM_SEND}{month_id}")],
            [button(texts.POKTAN_MONTH_BTN_FIX, f"{CB_PKM_FIX}{month_id}")],
        ]
    )


def poktan_month_none(month_id: int, group_id: int) -> InlineKeyboardMarkup:
    """No session recorded: record one, or report that there was none."""
    return InlineKeyboardMarkup(
        [
            [button(texts.POKTAN_MONTH_BTN_RECORD, f"{CB_PKS_NEW}{group_id}")],
            [button(texts.POKTAN_MONTH_BTN_NONE, f"{CB_PKM_NONE}{month_id}")],
        ]
    )


def poktan_month_sent(month_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.POKTAN_MONTH_BTN_FILES, f"{CB_PKM_FILES}{month_id}")],
            [button(texts.POKTAN_MONTH_BTN_FIX, f"{CB_PKM_FIX}{month_id}")],
        ]
    )


def poktan_month_reopened(month_id: int, group_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(texts.BTN_POKTAN_HISTORY, f"{CB_PKS_LIST}{group_id}")],
            [button(texts.POKTAN_MONTH_BTN_SEND, f"{CB_PKM_SEND}{month_id}")],
        ]
    )


def poktan_month_download(month_id: int) -> InlineKeyboardMarkup:
    """Under a register sent to the PKB: its files on demand."""
    return InlineKeyboardMarkup(
        [[button(texts.POKTAN_MONTH_BTN_DOWNLOAD, f"{CB_PKM_FILES}{month_id}")]]
    )
