"""Every text a user reads, in Bahasa Indonesia. Handlers take their words from here.

Texts are sent as HTML: anything a user typed must go through ``esc()`` first.

The texts live in one module per feature (``meetings.py``, ``attendance.py``,
``kampungs.py``, …; shared helpers such as ``esc`` and ``rt_label`` in ``common.py``).
New code imports the feature module it needs::

    from ui.texts import meetings as t

This package re-exports every public name of every feature module so that the existing
callers (``from ui import texts`` then ``texts.X``) keep working unchanged. A new feature
module must be added to the list below (tests/unit/test_texts.py checks it).
"""

from ui.texts.approval import *
from ui.texts.attendance import *
from ui.texts.buttons import *
from ui.texts.cards import *
from ui.texts.classification import *
from ui.texts.common import *
from ui.texts.confirm import *
from ui.texts.files import *
from ui.texts.guide import *
from ui.texts.kampungs import *
from ui.texts.meetings import *
from ui.texts.members import *
from ui.texts.menu import *
from ui.texts.minutes import *
from ui.texts.poktan import *
from ui.texts.poktan_k0 import *
from ui.texts.poktan_month import *
from ui.texts.poktan_sessions import *
from ui.texts.portal import *
from ui.texts.portal_poktan import *
from ui.texts.registers import *
from ui.texts.registration import *
from ui.texts.reminders import *
from ui.texts.report import *
from ui.texts.typed import *
from ui.texts.whatsapp import *
