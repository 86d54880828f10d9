"""Inline keyboards of the Poktan groups (issue 18): the secretary's /poktan, the chair's
/kelompok and her member families.

Every button that acts on a group carries the group's id right after its prefix
(``GROUP_BUTTONS``): ``handlers/tenancy.py`` resolves the kampung from it, and every
handler checks again on the server that the presser may act on that group.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from models.member import Member
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanGroup
from models.poktan.kinds import FAMILY_COUNT, PoktanKind
from ui import keyboards, texts
from ui.keyboards import button, rows
from ui.texts import poktan as t
from ui.texts import poktan_k0 as k0t

# --- the secretary (/poktan) -----------------------------------------------------------------
CB_PKG_LIST = "pkg:ls:"  # + kampung id: the list again
CB_PKG_NEW = "pkg:new:"  # + kampung id: "➕ Tambah kelompok" (starts the flow)
CB_PKG_KIND = "pkg:kind:"  # + kind (a step of the flow)
CB_PKG_NAME = "pkg:name"  # the suggested name (a step)
CB_PKG_RT = "pkg:rt:"  # + RT: toggle (a step)
CB_PKG_RT_ALL = "pkg:rtall"  # every RT (a step)
CB_PKG_RT_DONE = "pkg:rtok"  # RTs chosen (a step)
CB_PKG_CHAIR = "pkg:ch:"  # + member id: toggle a chair (a step)
CB_PKG_CHAIR_PAGE = "pkg:chpg:"  # + page (a step)
CB_PKG_CHAIRS_DONE = "pkg:chok"  # save the new group (a step)
CB_PKG_VIEW = "pkg:v:"  # + group id: its card
CB_PKG_RENAME = "pkg:ren:"  # + group id (starts the flow)
CB_PKG_RTS = "pkg:rts:"  # + group id (starts the flow)
CB_PKG_ADD_CHAIR = "pkg:cadd:"  # pkg:cadd:<group id>:<page>: the candidates
CB_PKG_SET_CHAIR = "pkg:cset:"  # pkg:cset:<group id>:<member id>
CB_PKG_UNCHAIR = "pkg:crm:"  # pkg:crm:<group id>:<member id>: ask
CB_PKG_UNCHAIR_YES = "pkg:crmok:"  # pkg:crmok:<group id>:<member id>
CB_PKG_OFF = "pkg:off:"  # + group id: ask
CB_PKG_OFF_YES = "pkg:offok:"  # + group id
CB_PKG_ON = "pkg:on:"  # + group id
CB_PKG_KEEP = "pkg:keep"
# --- the chair (/kelompok) and her families ----------------------------------------------------
CB_PKC_GROUP = "pkc:g:"  # + group id: the group's menu
CB_PKF_KEPT = "pkf:ok:"  # + group id: she keeps the names for the register (starts the flow)
CB_PKF_LIST = "pkf:ls:"  # pkf:ls:<group id>:<page>: the list, as a new message
CB_PKF_PAGE = "pkf:pg:"  # pkf:pg:<group id>:<page>: the list, in the pressed message
CB_PKF_ADD = "pkf:add:"  # + group id (starts the flow)
CB_PKF_VIEW = "pkf:v:"  # pkf:v:<group id>:<family id>
CB_PKF_MOVE = "pkf:mv:"  # pkf:mv:<group id>:<family id>: the RTs
CB_PKF_MOVE_ASK = "pkf:mva:"  # pkf:mva:<group id>:<family id>:<rt>: ask
CB_PKF_MOVE_YES = "pkf:mvok:"  # pkf:mvok:<group id>:<family id>:<rt>
CB_PKF_COUNT = "pkf:n:"  # pkf:n:<group id>:<family id>: the numbers
CB_PKF_COUNT_SET = "pkf:nset:"  # pkf:nset:<group id>:<family id>:<number>
CB_PKF_OFF = "pkf:off:"  # pkf:off:<group id>:<family id>: ask
CB_PKF_OFF_YES = "pkf:offok:"
CB_PKF_ON = "pkf:on:"
CB_PKF_REMOVE = "pkf:del:"  # ask
CB_PKF_REMOVE_YES = "pkf:delok:"
CB_PKF_KEEP = "pkf:keep"
# --- sessions: rendered here, handled by handlers/poktan sessions (the other room) -----------
CB_PKS_NEW = "pks:new:"  # + group id
CB_PKS_PLAN = "pks:plan:"  # + group id
CB_PKS_LIST = "pks:list:"  # + group id
# --- the January K/0 draft card: rendered by ui/k0_card.py, handled by handlers/poktan/k0.py
CB_PK0_VIEW = "pk0:v:"  # + group id: the card of the year before today's
CB_PK0_FILL = "pk0:f:"  # pk0:f:<group id>:<year>: ask the missing fields (starts the flow)
CB_PK0_EDIT = "pk0:e:"  # pk0:e:<group id>:<year>:<n>: ask field n again (starts the flow)
CB_PK0_FILES = "pk0:d:"  # pk0:d:<group id>:<year>: the PDF and .xlsx
CB_PK0_SEND = "pk0:s:"  # pk0:s:<group id>:<year>: Kirim ke PKB

CHAIRS_PER_PAGE = 8
FAMILIES_PER_PAGE = 15

# The same buttons for a Poktan session's post: "pq:<action>:<group id>:<session id>[:…]"
# (the group's id first: the kampung resolves as for every group button).
CB_PORTAL_POKTAN_OPEN = "pq:open:"  # the session's post card, as a new message
CB_PORTAL_POKTAN_SEKSI = "pq:s:"
CB_PORTAL_POKTAN_KATEGORI = "pq:k:"
CB_PORTAL_POKTAN_KATEGORI_PAGE = "pq:kp:"
CB_PORTAL_POKTAN_PESERTA = "pq:p:"
CB_PORTAL_POKTAN_PESERTA_DONE = "pq:po:"
CB_PORTAL_POKTAN_JENIS = "pq:j:"
CB_PORTAL_POKTAN_SEBELUM = "pq:sb:"
CB_PORTAL_POKTAN_SESUDAH = "pq:ss:"
CB_PORTAL_POKTAN_PICK = "pq:f:"
CB_PORTAL_POKTAN_CAPTION = "pq:c:"
CB_PORTAL_POKTAN_REDO = "pq:redo:"
CB_PORTAL_POKTAN_SEND = "pq:send:"
CB_PORTAL_POKTAN_POSTED = "pq:ok:"
# A meeting post's prefix → the same button's prefix on a session's post.
PORTAL_POKTAN_PREFIX: dict[str, str] = {
    keyboards.CB_PORTAL_SEKSI: CB_PORTAL_POKTAN_SEKSI,
    keyboards.CB_PORTAL_KATEGORI: CB_PORTAL_POKTAN_KATEGORI,
    keyboards.CB_PORTAL_KATEGORI_PAGE: CB_PORTAL_POKTAN_KATEGORI_PAGE,
    keyboards.CB_PORTAL_PESERTA: CB_PORTAL_POKTAN_PESERTA,
    keyboards.CB_PORTAL_PESERTA_DONE: CB_PORTAL_POKTAN_PESERTA_DONE,
    keyboards.CB_PORTAL_JENIS: CB_PORTAL_POKTAN_JENIS,
    keyboards.CB_PORTAL_SEBELUM: CB_PORTAL_POKTAN_SEBELUM,
    keyboards.CB_PORTAL_SESUDAH: CB_PORTAL_POKTAN_SESUDAH,
    keyboards.CB_PORTAL_PICK: CB_PORTAL_POKTAN_PICK,
    keyboards.CB_PORTAL_CAPTION: CB_PORTAL_POKTAN_CAPTION,
    keyboards.CB_PORTAL_REDO: CB_PORTAL_POKTAN_REDO,
    keyboards.CB_PORTAL_SEND: CB_PORTAL_POKTAN_SEND,
    keyboards.CB_PORTAL_POSTED: CB_PORTAL_POKTAN_POSTED,
}
# Followed by the id of a Poktan group: the button acts in that group's kampung.
GROUP_BUTTONS: tuple[str, ...] = (
    CB_PKG_VIEW,
    CB_PKG_RENAME,
    CB_PKG_RTS,
    CB_PKG_ADD_CHAIR,
    CB_PKG_SET_CHAIR,
    CB_PKG_UNCHAIR,
    CB_PKG_UNCHAIR_YES,
    CB_PKG_OFF,
    CB_PKG_OFF_YES,
    CB_PKG_ON,
    CB_PKC_GROUP,
    CB_PKF_KEPT,
    CB_PKF_LIST,
    CB_PKF_PAGE,
    CB_PKF_ADD,
    CB_PKF_VIEW,
    CB_PKF_MOVE,
    CB_PKF_MOVE_ASK,
    CB_PKF_MOVE_YES,
    CB_PKF_COUNT,
    CB_PKF_COUNT_SET,
    CB_PKF_OFF,
    CB_PKF_OFF_YES,
    CB_PKF_ON,
    CB_PKF_REMOVE,
    CB_PKF_REMOVE_YES,
    CB_PKS_NEW,
    CB_PKS_PLAN,
    CB_PKS_LIST,
    CB_PORTAL_POKTAN_OPEN,
    *PORTAL_POKTAN_PREFIX.values(),
    CB_PK0_VIEW,
    CB_PK0_FILL,
    CB_PK0_EDIT,
    CB_PK0_FILES,
    CB_PK0_SEND,
)
# Followed by the kampung's own id.
KAMPUNG_BUTTONS: tuple[str, ...] = (CB_PKG_LIST, CB_PKG_NEW)


def _navigation(prefix: str, page: int, pages: int) -> list[InlineKeyboardButton]:
    moves = []
    if page > 0:
        moves.append(button(texts.BTN_PREV, f"{prefix}{page - 1}"))
    if page < pages - 1:
        moves.append(button(texts.BTN_NEXT, f"{prefix}{page + 1}"))
    return moves


# --- the secretary ---------------------------------------------------------------------------


def group_list(kampung_id: int, groups: Sequence[PoktanGroup]) -> InlineKeyboardMarkup:
    keyboard = [[button(t.btn_group(g), f"{CB_PKG_VIEW}{g.id}")] for g in groups]
    keyboard.append([button(t.BTN_ADD_GROUP, f"{CB_PKG_NEW}{kampung_id}")])
    return InlineKeyboardMarkup(keyboard)


def kinds() -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[button(t.KIND_LABELS[kind], f"{CB_PKG_KIND}{kind.value}")] for kind in PoktanKind]
    )


def suggested_name(name: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(name, CB_PKG_NAME)]])


def rt_toggles(
    kampung_rts: Sequence[str], chosen: Sequence[str], *, save: bool
) -> InlineKeyboardMarkup:
    keyboard = rows(
        (button(t.btn_rt(rt, rt in chosen), f"{CB_PKG_RT}{rt}") for rt in kampung_rts), 4
    )
    keyboard.append(
        [
            button(("✅ " if not chosen else "") + t.BTN_ALL_RT, CB_PKG_RT_ALL),
            button(t.BTN_RTS_SAVE if save else t.BTN_RTS_NEXT, CB_PKG_RT_DONE),
        ]
    )
    return InlineKeyboardMarkup(keyboard)


def chair_toggles(
    candidates: Sequence[Member], chosen: Sequence[int], page: int
) -> InlineKeyboardMarkup:
    pages = max(1, -(-len(candidates) // CHAIRS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = candidates[page * CHAIRS_PER_PAGE : (page + 1) * CHAIRS_PER_PAGE]
    keyboard = [[button(t.btn_chair(m, m.id in chosen), f"{CB_PKG_CHAIR}{m.id}")] for m in shown]
    moves = _navigation(CB_PKG_CHAIR_PAGE, page, pages)
    if moves:
        keyboard.append(moves)
    label = t.BTN_CHAIRS_DONE if chosen else t.BTN_NO_CHAIR_YET
    keyboard.append([button(label, CB_PKG_CHAIRS_DONE)])
    return InlineKeyboardMarkup(keyboard)


def group_card(group: PoktanGroup, chairs: Sequence[Member]) -> InlineKeyboardMarkup:
    gid = group.id
    back = [button(t.BTN_BACK_TO_GROUPS, f"{CB_PKG_LIST}{group.kampung_id}")]
    if not group.active:
        return InlineKeyboardMarkup([[button(t.BTN_GROUP_ON, f"{CB_PKG_ON}{gid}")], back])
    keyboard = [
        [
            button(t.BTN_RENAME, f"{CB_PKG_RENAME}{gid}"),
            button(t.BTN_CHANGE_RTS, f"{CB_PKG_RTS}{gid}"),
        ],
        *[[button(t.btn_unchair(m.full_name), f"{CB_PKG_UNCHAIR}{gid}:{m.id}")] for m in chairs],
    ]
    if len(chairs) < 2:
        keyboard.append([button(t.BTN_ADD_CHAIR, f"{CB_PKG_ADD_CHAIR}{gid}:0")])
    keyboard += [
        [
            button(t.BTN_GROUP_FAMILIES, f"{CB_PKF_LIST}{gid}:0"),
            button(t.BTN_GROUP_OFF, f"{CB_PKG_OFF}{gid}"),
        ],
        # The sessions (and each one's portal post) for the secretary, as for a chair.
        [button(t.BTN_SESSION_LIST, f"{CB_PKS_LIST}{gid}")],
        back,
    ]
    return InlineKeyboardMarkup(keyboard)


def chair_candidates(
    group_id: int, candidates: Sequence[Member], page: int
) -> InlineKeyboardMarkup:
    pages = max(1, -(-len(candidates) // CHAIRS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    shown = candidates[page * CHAIRS_PER_PAGE : (page + 1) * CHAIRS_PER_PAGE]
    keyboard = [
        [button(t.btn_chair(m, False), f"{CB_PKG_SET_CHAIR}{group_id}:{m.id}")] for m in shown
    ]
    moves = _navigation(f"{CB_PKG_ADD_CHAIR}{group_id}:", page, pages)
    if moves:
        keyboard.append(moves)
    keyboard.append([button(t.BTN_BACK_TO_GROUP, f"{CB_PKG_VIEW}{group_id}")])
    return InlineKeyboardMarkup(keyboard)


def confirm(yes_label: str, yes_data: str, keep_data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(yes_label, yes_data), button(t.BTN_KEEP, keep_data)]])


# --- the chair -------------------------------------------------------------------------------


def pick_group(groups: Sequence[PoktanGroup]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t.btn_group(g), f"{CB_PKC_GROUP}{g.id}")] for g in groups])


def group_home(group_id: int) -> InlineKeyboardMarkup:
    """The chair's menu of one group; the session buttons are the sessions room's."""
    return InlineKeyboardMarkup(
        [
            [button(t.BTN_FAMILIES, f"{CB_PKF_LIST}{group_id}:0")],
            [button(t.BTN_SESSION_NEW, f"{CB_PKS_NEW}{group_id}")],
            [button(t.BTN_SESSION_PLAN, f"{CB_PKS_PLAN}{group_id}")],
            [button(t.BTN_SESSION_LIST, f"{CB_PKS_LIST}{group_id}")],
            [button(k0t.BTN_K0, f"{CB_PK0_VIEW}{group_id}")],
        ]
    )


def families_kept(group_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [
            [button(t.BTN_FAMILIES_KEPT, f"{CB_PKF_KEPT}{group_id}")],
            [button(t.BTN_KEEP, CB_PKF_KEEP)],
        ]
    )


def family_list(
    group: PoktanGroup,
    shown: Sequence[PoktanFamily],
    page: int,
    pages: int,
    *,
    can_add: bool,
) -> InlineKeyboardMarkup:
    gid = group.id
    keyboard = [[button(t.btn_family(f, group.kind), f"{CB_PKF_VIEW}{gid}:{f.id}")] for f in shown]
    moves = _navigation(f"{CB_PKF_PAGE}{gid}:", page, pages)
    if moves:
        keyboard.append(moves)
    if can_add:
        keyboard.append([button(t.BTN_ADD_FAMILIES, f"{CB_PKF_ADD}{gid}")])
    return InlineKeyboardMarkup(keyboard)


def family_card(group: PoktanGroup, family: PoktanFamily, *, chair: bool) -> InlineKeyboardMarkup:
    """The chair gets every action; a secretary who is not the chair may only erase."""
    ids = f"{group.id}:{family.id}"
    keyboard: list[list[InlineKeyboardButton]] = []
    if chair:
        first = [button(t.BTN_FAMILY_MOVE, f"{CB_PKF_MOVE}{ids}")]
        if FAMILY_COUNT[group.kind] is not None:
            first.append(button(t.btn_family_count(group.kind), f"{CB_PKF_COUNT}{ids}"))
        keyboard.append(first)
        if family.status is FamilyStatus.ACTIVE:
            keyboard.append([button(t.BTN_FAMILY_OFF, f"{CB_PKF_OFF}{ids}")])
        else:
            keyboard.append([button(t.BTN_FAMILY_ON, f"{CB_PKF_ON}{ids}")])
    keyboard.append([button(t.BTN_FAMILY_REMOVE, f"{CB_PKF_REMOVE}{ids}")])
    keyboard.append([button(t.BTN_BACK_TO_FAMILIES, f"{CB_PKF_PAGE}{group.id}:0")])
    return InlineKeyboardMarkup(keyboard)


def family_rts(group_id: int, family_id: int, rts: Sequence[str]) -> InlineKeyboardMarkup:
    prefix = f"{CB_PKF_MOVE_ASK}{group_id}:{family_id}:"
    return InlineKeyboardMarkup(rows((button(texts.rt_label(rt), prefix + rt) for rt in rts), 4))


def family_counts(group_id: int, family_id: int, kind: PoktanKind) -> InlineKeyboardMarkup:
    count = FAMILY_COUNT[kind]
    assert count is not None
    prefix = f"{CB_PKF_COUNT_SET}{group_id}:{family_id}:"
    numbers = range(count.minimum, count.maximum + 1)
    return InlineKeyboardMarkup(rows((button(str(n), f"{prefix}{n}") for n in numbers), 5))
