"""Every button carries, or resolves to, the kampung it was made for (issue 17, section 4).

A button made in ``ui/keyboards/`` is one of: a button naming a meeting, member or
guest (it acts in that row's kampung) or the kampung itself, which the resolver in
``handlers/tenancy.py`` reads before any feature runs; a step of a flow (it acts in the
kampung the flow started in); an operator's or the group binding's button (they carry
the kampung id and check rights there themselves); or a button that acts on nothing of
a kampung. A new button must be put in one of these, or this test fails.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from telegram import InlineKeyboardMarkup

from handlers.tenancy import (
    _GUEST_BUTTON,
    _KAMPUNG_BUTTON,
    _MEETING_BUTTON,
    _MEMBER_BUTTON,
    _POKTAN_GROUP_BUTTON,
    _POKTAN_MONTH_BUTTON,
)
from models.classification.questions import Q
from models.minutes import MeetingPhoto
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanGroup
from models.poktan.kinds import PoktanKind
from models.portal.posts import PortalPost, PostPhoto, PostView
from models.portal.prefill import PostFacts
from ui import classification_keyboards, keyboards, keyboards_poktan, poktan_session_keys
from ui.portal_post import post_keyboard

# Steps of a flow: handlers/flow.py keeps the kampung the flow started in.
FLOW_STEPS = {
    "CB_CONSENT_YES",
    "CB_CONSENT_NO",
    "CB_CONSENT_FULL",
    "CB_REG_TELEGRAM_NAME",
    "CB_REG_RT",
    "CB_REG_POKTAN",
    "CB_REG_CONFIRM",
    "CB_REG_REDO",
    "CB_PROFILE_NAME",
    "CB_PROFILE_RT",
    "CB_PROFILE_POKTAN",
    "CB_PROFILE_DONE",
    "CB_PROFILE_SET_RT",
    "CB_PROFILE_SET_POKTAN",
    "CB_HOST",
    "CB_VENUE_DEFAULT",
    "CB_NO_SPEAKERS",
    "CB_SPEAKERS_DONE",
    "CB_CLEAR_SPEAKERS",
    "CB_PAST_SPEAKER",
    "CB_SECTOR",
    "CB_SAVE",
    "CB_EDIT",
    "CB_ABORT",
    "CB_FIELD",
    "CB_SECOND_YES",
    "CB_SECOND_NO",
    "CB_CANCEL_NO",
    "CB_OP_TZ",
    "CB_PKS_DAY",
    "CB_PKS_TOPIC",
    "CB_PKS_TOGGLE",
    "CB_PKS_PAGE",
    "CB_PKS_ALL",
    "CB_PKS_COUNT",
    "CB_PKS_ROLL_DONE",
    "CB_PKS_SKIP",
    "CB_PKS_PHOTOS_DONE",
    "CB_PKS_SAVE",
    "CB_PKS_ABORT",
    # the secretary's Poktan flow (handlers/poktan/setup.py)
    "CB_PKG_KIND",
    "CB_PKG_NAME",
    "CB_PKG_RT",
    "CB_PKG_RT_ALL",
    "CB_PKG_RT_DONE",
    "CB_PKG_CHAIR",
    "CB_PKG_CHAIR_PAGE",
    "CB_PKG_CHAIRS_DONE",
}
# They carry the kampung id; their handlers check rights in that kampung.
OPERATOR_AND_GROUP = {
    "CB_OP",
    "CB_OP_NEW",
    "CB_OP_LIST",
    "CB_OP_KAMPUNG",
    "CB_OP_APPOINT",
    "CB_OP_DISMISS",
    "CB_OP_INVITE",
    "CB_OP_EDIT",
    "CB_OP_REMOVE",
    "CB_OP_REMOVE_YES",
    "CB_GROUP_PICK",
    "CB_GROUP_MOVE",
}
# Act on nothing of a kampung ("Batal", a header), or on the presser's own data
# (/hapus_data: erasure, issue 17 section 3, covers every kampung she is in).
NOTHING_OF_A_KAMPUNG = {
    "CB_ATT_NOOP",
    "CB_MEMBER_KEEP",
    "CB_ATT_CLOSE_NO",
    "CB_GROUP_KEEP",
    "CB_ERASE_YES",
    "CB_ERASE_NO",
    "CB_PKG_KEEP",
    "CB_PKF_KEEP",
}
RESOLVED = (
    *keyboards.MEETING_BUTTONS,
    *keyboards.MEMBER_BUTTONS,
    *keyboards.GUEST_BUTTONS,
    *keyboards.KAMPUNG_BUTTONS,
    *keyboards.POKTAN_GROUP_BUTTONS,
    *keyboards_poktan.GROUP_BUTTONS,
    *keyboards_poktan.KAMPUNG_BUTTONS,
    *keyboards.POKTAN_MONTH_BUTTONS,
)


def _constants() -> dict[str, str]:
    return {
        name: value
        for module in (keyboards, keyboards_poktan)
        for name, value in vars(module).items()
        if name.startswith("CB_") and isinstance(value, str)
    }


@pytest.mark.parametrize("name", sorted(_constants()))
def test_every_button_says_where_its_kampung_comes_from(name):
    value = _constants()[name]
    resolved = any(prefix.startswith(value) for prefix in RESOLVED)
    listed = [name in group for group in (FLOW_STEPS, OPERATOR_AND_GROUP, NOTHING_OF_A_KAMPUNG)]
    assert [resolved, *listed].count(True) == 1, (name, value, resolved, listed)


def _data(markup: InlineKeyboardMarkup) -> list[str]:
    return [str(b.callback_data) for row in markup.inline_keyboard for b in row if b.callback_data]


ID = 987654321  # the largest ids the handlers accept have 9 digits


def _portal_keyboard(**answers: object) -> InlineKeyboardMarkup:
    """The portal post's buttons at one step (models/portal/posts.py), for meeting ID."""
    values: dict[str, object] = {
        "meeting_id": ID,
        "seksi_id": 1,
        "kategori_id": 1,
        "peserta": "6",
        "peserta_confirmed": True,
        "jenis_post_id": None,
        "posted_at": None,
    }
    values.update(answers)
    photos = tuple(MeetingPhoto(id=ID - n, file_id=f"f{n}", caption=None) for n in range(7))
    chosen = (PostPhoto(ID - 1, "f1", "Kegiatan", None),) if answers.get("jenis_post_id") else ()
    view = PostView(PortalPost(**values), chosen, photos)
    facts = PostFacts("Judul", date(2026, 8, 15), "Balai", "Deskripsi", poktan_present=("BKB",))
    return post_keyboard(view, facts)


ROW_KEYBOARDS = [
    (_MEETING_BUTTON, keyboards.admin_card(ID)),
    (_MEETING_BUTTON, keyboards.rsvp(ID)),
    (_MEETING_BUTTON, keyboards.typed_rsvp(ID, "hadir")),
    (_MEETING_BUTTON, keyboards.pick_meeting("ubah", [(ID, "x")])),
    (_MEETING_BUTTON, keyboards.pick_meeting("batal", [(ID, "x")])),
    (_MEETING_BUTTON, keyboards.attendance_prompt(ID)),
    (_MEETING_BUTTON, keyboards.typed_checkin(ID, True)),
    (_MEETING_BUTTON, keyboards.checkin_undo(ID)),
    (_MEETING_BUTTON, keyboards.recap_offer(ID)),
    (_MEETING_BUTTON, keyboards.after_close(ID)),
    (_MEETING_BUTTON, keyboards.recap_choice([(ID, "x")])),
    (_MEETING_BUTTON, keyboards.recap_photos(ID, 2)),
    (_MEETING_BUTTON, keyboards.minutes_choice([(ID, "x")])),
    (_MEETING_BUTTON, keyboards.undo(f"{keyboards.CB_ATT_UNDO_UNTICK}{ID}:5")),
    (_MEMBER_BUTTON, keyboards.approval(ID)),
    (_MEMBER_BUTTON, keyboards.member_rt_choice(ID, ["01", "02"])),
    (_MEMBER_BUTTON, keyboards.member_poktan_choice(ID)),
    (
        _MEMBER_BUTTON,
        keyboards.member_actions(ID, active=False, has_telegram=False, rsvp_meeting_id=None),
    ),
    (_GUEST_BUTTON, keyboards.guest_removal([(ID, "Drs. Hasan", "Sekretaris Lurah")])),
    (_GUEST_BUTTON, keyboards.undo(f"{keyboards.CB_GUEST_RESTORE}{ID}")),
    (_MEETING_BUTTON, _portal_keyboard(seksi_id=None)),
    (_MEETING_BUTTON, _portal_keyboard(jenis_post_id=1)),
    (_MEETING_BUTTON, _portal_keyboard(jenis_post_id=2)),
    (_KAMPUNG_BUTTON, keyboards.create_meeting(ID)),
    (_KAMPUNG_BUTTON, keyboards.create_missing(ID, 2026)),
    (_KAMPUNG_BUTTON, keyboards.approve_all(ID, 3, 999_999_999)),
    (_POKTAN_MONTH_BUTTON, keyboards.poktan_month_ready(ID)),
    (_POKTAN_MONTH_BUTTON, keyboards.poktan_month_sent(ID)),
    (_POKTAN_MONTH_BUTTON, keyboards.poktan_month_download(ID)),
    (_KAMPUNG_BUTTON, classification_keyboards.view(ID)),
    (_KAMPUNG_BUTTON, classification_keyboards.open_view(ID)),
    (_KAMPUNG_BUTTON, classification_keyboards.menu(ID, [])),
    (_KAMPUNG_BUTTON, classification_keyboards.question(ID, Q.OPERATIONS, frozenset({1}))),
    (_KAMPUNG_BUTTON, classification_keyboards.question(ID, Q.POKJA, True)),
    (_POKTAN_GROUP_BUTTON, poktan_session_keys.pick_group([(ID, "BKB Melati")])),
    (_POKTAN_GROUP_BUTTON, poktan_session_keys.history_button(ID)),
    (_POKTAN_GROUP_BUTTON, poktan_session_keys.history(ID, [(ID, date(2026, 7, 1), "x", True)])),
    (
        _POKTAN_GROUP_BUTTON,
        poktan_session_keys.session_actions(ID, ID, editable=True, planned=False),
    ),
    (
        _POKTAN_GROUP_BUTTON,
        poktan_session_keys.session_actions(ID, ID, editable=True, planned=True),
    ),
    (_POKTAN_GROUP_BUTTON, poktan_session_keys.confirm_delete(ID, ID)),
    (_POKTAN_GROUP_BUTTON, poktan_session_keys.complete(ID, ID)),
    (_POKTAN_GROUP_BUTTON, keyboards_poktan.group_home(ID)),
    (_POKTAN_GROUP_BUTTON, keyboards_poktan.family_rts(ID, ID, ["01", "12"])),
    (_POKTAN_GROUP_BUTTON, keyboards_poktan.family_counts(ID, ID, PoktanKind.BKB)),
]


def _group(active: bool = True) -> PoktanGroup:
    return PoktanGroup(id=ID, kampung_id=ID, kind=PoktanKind.BKB, name="B" * 64, active=active)


def test_poktan_buttons_name_their_group_or_kampung():
    """Every button of a group's card, the chair's lists and a family's card carries the
    group's id first (or, for the list and "Tambah kelompok", the kampung's)."""
    group = _group()
    family = PoktanFamily(id=ID, group_id=ID, name="N" * 64, rt="01", details={})
    family.status = FamilyStatus.ACTIVE
    markups = [
        keyboards_poktan.group_card(group, []),
        keyboards_poktan.group_card(_group(active=False), []),
        keyboards_poktan.group_list(ID, [group]),
        keyboards_poktan.pick_group([group]),
        keyboards_poktan.family_list(group, [family], 1, 3, can_add=True),
        keyboards_poktan.family_card(group, family, chair=True),
        keyboards_poktan.families_kept(ID),
    ]
    nothing = {keyboards_poktan.CB_PKF_KEEP, keyboards_poktan.CB_PKG_KEEP}
    for markup in markups:
        for data in set(_data(markup)) - nothing:
            found = _POKTAN_GROUP_BUTTON.match(data) or _KAMPUNG_BUTTON.match(data)
            assert found is not None and int(found.group(1)) == ID, data
            assert len(data.encode()) <= keyboards.MAX_CALLBACK_BYTES


@pytest.mark.parametrize(("pattern", "markup"), ROW_KEYBOARDS)
def test_buttons_resolve_to_the_row_or_kampung_they_were_made_for(pattern, markup):
    for data in _data(markup):
        found = pattern.match(data)
        assert found is not None and int(found.group(1)) == ID, data
        assert len(data.encode()) <= keyboards.MAX_CALLBACK_BYTES


def test_the_roll_and_member_lists_name_their_meeting_and_kampung():
    entries = []  # headers and paging only: the member buttons are covered by toggles
    roll = keyboards.roll(ID, entries, {}, page=1, pages=3, closed=False)
    assert all(_MEETING_BUTTON.match(d)[1] == str(ID) for d in _data(roll))
    listing = keyboards.member_list(ID, [(5, "Siti")], page=1, pages=3)
    pages = [d for d in _data(listing) if d.startswith(keyboards.CB_MEMBER_PAGE)]
    assert len(pages) == 2 and all(_KAMPUNG_BUTTON.match(d)[1] == str(ID) for d in pages)


def test_a_group_move_confirmation_fits_with_the_largest_ids():
    markup = keyboards.confirm_group_move(ID, ID, -1009999999999)
    [yes, no] = _data(markup)
    assert re.fullmatch(r"grp:ok:\d{1,9}:\d{1,9}:-?\d{1,16}", yes) and no == "grp:no"
    assert len(yes.encode()) <= keyboards.MAX_CALLBACK_BYTES


def test_the_poktan_month_buttons_name_the_month_or_the_group():
    """Under "Perbaiki" and "Memang tidak ada pertemuan": a month's and a group's buttons."""
    for markup in (
        keyboards.poktan_month_reopened(ID, ID + 1),
        keyboards.poktan_month_none(ID, ID + 1),
    ):
        for data in _data(markup):
            month, group = _POKTAN_MONTH_BUTTON.match(data), _POKTAN_GROUP_BUTTON.match(data)
            assert (month is not None and int(month.group(1)) == ID) or (
                group is not None and int(group.group(1)) == ID + 1
            ), data
