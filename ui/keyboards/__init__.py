"""Inline keyboards and their callback data.

Callback data is a short prefixed string (at most 64 bytes) that any client can
forge: every handler re-checks rights and state on the server.

The keyboards live in one module per feature (``meetings.py``, ``attendance.py``,
``members.py``, ``kampungs.py``, …; ``button`` and ``rows`` in ``common.py``). Which kampung
each button acts in is listed in one place, ``tenancy.py`` (tests/unit/test_button_kampungs.py
fails for a callback prefix in no list). The Poktan groups' keyboards are in
ui/keyboards_poktan.py.

This package re-exports every public name of every feature module so that the existing
callers (``from ui import keyboards`` then ``keyboards.X``) keep working unchanged. A new
feature module must be added to the list below (tests/unit/test_keyboards.py checks it).
"""

from ui.keyboards.attendance import *
from ui.keyboards.common import *
from ui.keyboards.kampungs import *
from ui.keyboards.meetings import *
from ui.keyboards.members import *
from ui.keyboards.poktan_month import *
from ui.keyboards.poktan_sessions import *
from ui.keyboards.recaps import *
from ui.keyboards.registration import *
from ui.keyboards.tenancy import *
