"""The Poktan groups (issue 18), one module per task:

- ``setup``: the secretary's ``/poktan`` (the list, a group's card) and the flow that
  makes a group (kind → name → RTs → chairs), renames it or changes its RTs;
- ``chairs``: the actions on a group's card (chairs, deactivate/reactivate);
- ``home``: the chair's ``/kelompok`` and each group's menu;
- ``families``: the member families the chair keeps (the secretary may erase one).

- ``sessions`` (and ``session_*``): recording and planning sessions (``pks:…`` buttons);
- ``month``: the buttons under the monthly register;
- ``k0``: the January K/0 draft card (``pk0:…`` buttons and the questions' flow).
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler

from handlers.poktan.chairs import chair_handlers
from handlers.poktan.families import family_handlers
from handlers.poktan.home import home_handlers
from handlers.poktan.k0 import k0_handlers
from handlers.poktan.setup import setup_handlers
from runtime.context import BotContext


def poktan_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        *setup_handlers(),
        *chair_handlers(),
        *home_handlers(),
        *family_handlers(),
        *k0_handlers(),
    ]
