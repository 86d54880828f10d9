"""Thin Telegram adapters, one module per feature; ``register_handlers`` wires them."""

from __future__ import annotations

from typing import Any

from telegram.ext import Application

from handlers.approval import approval_handlers
from handlers.attendance import attendance_handlers
from handlers.errors import on_error
from handlers.menu import fallback_handlers, menu_handlers
from handlers.profile import profile_handlers
from handlers.registration import registration_handler
from handlers.rsvp import rsvp_handlers
from handlers.schedule import schedule_handlers

# One group: python-telegram-bot runs the first matching handler of a group, so
# the fallbacks at the end answer exactly what no feature took.
FEATURES = 0


def register_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every handler in one place, in order of precedence."""
    application.add_handler(registration_handler(), FEATURES)
    application.add_handlers(profile_handlers(), FEATURES)
    application.add_handlers(approval_handlers(), FEATURES)
    application.add_handlers(schedule_handlers(), FEATURES)
    application.add_handlers(rsvp_handlers(), FEATURES)
    application.add_handlers(attendance_handlers(), FEATURES)
    application.add_handlers(menu_handlers(), FEATURES)
    application.add_handlers(fallback_handlers(), FEATURES)
    application.add_error_handler(on_error)
