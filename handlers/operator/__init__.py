"""Operators (``OPERATOR_IDS``: PKB/PLKB, Dinas) manage the bot's kampungs.

- ``/kampung``: every kampung with its invite link and secretaries; a button
  adds a kampung (name → RT list → time zone), another opens a kampung's
  secretaries, to invite one with a one-time link (``sek_…``: whoever opens it
  becomes secretary; the operator is told), appoint one (typed Telegram id, or
  a forwarded message) or take the rights away, and to correct the kampung's
  name, RT list or time zone (not the kampung from the settings; not the zone
  while meetings are planned), or to remove one made by mistake (no member
  and no meeting yet, after a confirmation).
- ``/ringkasan``: every kampung's next meeting, last attendance and members,
  with an .xlsx.

Every handler checks ``context.is_operator`` on the server: buttons can be forged.
None of them uses ``context.kampung_id``: an operator need not be in any kampung.

One module per part: ``listing.py`` (``/kampung``), ``secretaries.py`` (invite, appoint,
dismiss), ``kampungs.py`` (a new kampung, correcting or removing one), ``overview.py``
(``/ringkasan``), ``common.py`` (the flow's states and draft, the operator check) and
``conversation.py`` (the kampung flow and every handler, wired). The package re-exports
the public names the single module had, for existing callers.
"""

from __future__ import annotations

from handlers.operator.common import (
    DRAFT,
    EDIT_NAME,
    EDIT_RTS,
    EDIT_STATES,
    EDIT_TZ,
    NAME,
    RTS,
    SECRETARY,
    TZ,
)
from handlers.operator.conversation import cancel, op_press, operator_handlers, other_command
from handlers.operator.kampungs import (
    CHANGE_REFUSALS,
    edit_name_given,
    edit_pressed,
    edit_rts_given,
    edit_tz_given,
    name_given,
    new_pressed,
    remove_confirmed,
    remove_pressed,
    rts_given,
    tz_given,
    valid_zone,
)
from handlers.operator.listing import KAMPUNGS_PER_PAGE, kampung_command, list_pressed
from handlers.operator.overview import OVERVIEW_IN_CHAT, overview_command
from handlers.operator.secretaries import (
    appoint_pressed,
    dismiss_pressed,
    invite_pressed,
    secretaries_pressed,
    secretary_given,
    secretary_id_of,
)

__all__ = [
    "CHANGE_REFUSALS",
    "DRAFT",
    "EDIT_NAME",
    "EDIT_RTS",
    "EDIT_STATES",
    "EDIT_TZ",
    "KAMPUNGS_PER_PAGE",
    "NAME",
    "OVERVIEW_IN_CHAT",
    "RTS",
    "SECRETARY",
    "TZ",
    "appoint_pressed",
    "cancel",
    "dismiss_pressed",
    "edit_name_given",
    "edit_pressed",
    "edit_rts_given",
    "edit_tz_given",
    "invite_pressed",
    "kampung_command",
    "list_pressed",
    "name_given",
    "new_pressed",
    "op_press",
    "operator_handlers",
    "other_command",
    "overview_command",
    "remove_confirmed",
    "remove_pressed",
    "rts_given",
    "secretaries_pressed",
    "secretary_given",
    "secretary_id_of",
    "tz_given",
    "valid_zone",
]
