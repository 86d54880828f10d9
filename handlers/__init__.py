"""Thin Telegram adapters, one module per feature; ``register_handlers`` wires them."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

from bot.context import BotContext
from handlers.approval import approval_handlers
from handlers.attendance import attendance_handlers
from handlers.errors import on_error
from handlers.flow import Flow, FlowSwitch
from handlers.group import group_handlers
from handlers.guards import guard_handlers
from handlers.menu import fallback_handlers, menu_handlers
from handlers.minutes import minutes_handlers
from handlers.profile import profile_handlers
from handlers.registration import registration_handler
from handlers.rsvp import rsvp_handlers
from handlers.schedule import schedule_handlers

# Guards first: they stop what no feature may see (edits, presses without data).
GUARDS = -1
# One group: python-telegram-bot runs the first matching handler of a group, so
# the fallbacks at the end answer exactly what no feature took.
FEATURES = 0


def register_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every handler in one place, in order of precedence."""
    features: list[BaseHandler[Update, BotContext, Any]] = [
        *group_handlers(),
        registration_handler(),
        *profile_handlers(),
        *approval_handlers(),
        *schedule_handlers(),
        *rsvp_handlers(),
        *attendance_handlers(),
        *minutes_handlers(),
        *menu_handlers(),
        *fallback_handlers(),
    ]
    # The flows share one switch: one open flow per user and chat (handlers/flow.py).
    switch = FlowSwitch([handler for handler in features if isinstance(handler, Flow)])
    application.add_handlers(guard_handlers(switch), GUARDS)
    application.add_handlers(features, FEATURES)
    application.add_error_handler(on_error)
