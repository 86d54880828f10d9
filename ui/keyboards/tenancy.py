"""Which kampung a button acts in: every callback prefix of the feature modules that names a
meeting, member, guest, Poktan group or month, or the kampung itself, in one place.

The Poktan groups' own prefixes are listed in ui/keyboards_poktan.py (``GROUP_BUTTONS``,
``KAMPUNG_BUTTONS``).
"""

from __future__ import annotations

from ui.keyboards.attendance import (
    CB_ATT_CLOSE,
    CB_ATT_PAGE,
    CB_ATT_RECAP,
    CB_ATT_SELF,
    CB_ATT_TOGGLE,
    CB_GUEST_REMOVE,
)
from ui.keyboards.kampungs import (
    CB_KLS_MENU,
    CB_KLS_QUESTION,
    CB_KLS_SET,
    CB_KLS_TICK,
    CB_KLS_TYPE,
    CB_KLS_VIEW,
)
from ui.keyboards.meetings import (
    CB_ADMIN_CANCEL,
    CB_ADMIN_CHANGE,
    CB_ADMIN_ROLL,
    CB_CANCEL_YES,
    CB_CREATE_MISSING,
    CB_NEW_MEETING,
    CB_PICK,
    CB_RSVP,
)
from ui.keyboards.members import (
    CB_APPROVE_ALL,
    CB_ATT_CLOSE_YES,
    CB_ATT_REOPEN,
    CB_ATT_UNDO_UNTICK,
    CB_GUEST_RESTORE,
    CB_MEMBER_ASK,
    CB_MEMBER_CHOOSE,
    CB_MEMBER_DO,
    CB_MEMBER_LINK,
    CB_MEMBER_PAGE,
    CB_MEMBER_RSVP,
    CB_MEMBER_VIEW,
)
from ui.keyboards.poktan_month import CB_PKM_FILES, CB_PKM_FIX, CB_PKM_NONE, CB_PKM_SEND
from ui.keyboards.poktan_sessions import (
    CB_PKS_COMPLETE,
    CB_PKS_DELETE,
    CB_PKS_DELETE_YES,
    CB_PKS_EDIT,
    CB_PKS_KEEP,
    CB_PKS_LIST,
    CB_PKS_NEW,
    CB_PKS_PLAN,
    CB_PKS_VIEW,
)
from ui.keyboards.recaps import (
    CB_MINUTES_PICK,
    CB_PORTAL_CAPTION,
    CB_PORTAL_JENIS,
    CB_PORTAL_KATEGORI,
    CB_PORTAL_KATEGORI_PAGE,
    CB_PORTAL_PESERTA,
    CB_PORTAL_PESERTA_DONE,
    CB_PORTAL_PICK,
    CB_PORTAL_POSTED,
    CB_PORTAL_REDO,
    CB_PORTAL_SEBELUM,
    CB_PORTAL_SEKSI,
    CB_PORTAL_SEND,
    CB_PORTAL_SESUDAH,
    CB_RECAP_PHOTOS,
    CB_RECAP_PICK,
)
from ui.keyboards.registration import CB_APPROVE, CB_REJECT

# --- which kampung a button acts in ---------------------------------------------------------------
# handlers/tenancy.py resolves it before any feature runs: these prefixes are followed by the
# id of a meeting, member or guest (the button acts in that row's kampung) or by the kampung's
# own id. tests/unit/test_button_kampungs.py checks that every button of ui/keyboards/ is listed.

_MEMBER_ACTIONS = ("rt", "pk", "off", "on", "del")

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
