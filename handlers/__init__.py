"""Thin Telegram adapters, one module per feature; ``register_handlers`` wires them."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application, BaseHandler

from handlers.approval import approval_handlers
from handlers.attendance import attendance_handlers
from handlers.classification import classification_handlers
from handlers.errors import on_error
from handlers.flow import Flow, FlowSwitch
from handlers.group import group_handlers
from handlers.guards import guard_handlers
from handlers.meetings import meeting_handlers
from handlers.members import member_handlers
from handlers.menu import fallback_handlers, menu_handlers
from handlers.minutes import minutes_handlers
from handlers.operator import operator_handlers
from handlers.poktan import poktan_handlers
from handlers.poktan.month import month_handlers
from handlers.poktan.sessions import session_handlers
from handlers.portal import portal_handlers
from handlers.profile import erase_handlers, profile_handlers
from handlers.registration import registration_handler
from handlers.report import report_handlers
from handlers.rsvp import rsvp_handlers
from handlers.tenancy import KampungResolver
from handlers.typed import typed_handlers
from runtime.context import BotContext

# First of all: which kampung the update belongs to (handlers/tenancy.py).
TENANCY = -2

# Guards first: they stop what no feature may see (edits, presses without data).
GUARDS = -1
# One group: python-telegram-bot runs the first matching handler of a group, so
# the fallbacks at the end answer exactly what no feature took.
FEATURES = 0


def register_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Register every handler in one place, in order of precedence."""
    operators = operator_handlers()
    erasure = erase_handlers()
    features: list[BaseHandler[Update, BotContext, Any]] = [
        *group_handlers(),
        *operators,
        registration_handler(),
        *profile_handlers(),
        *erasure,
        *approval_handlers(),
        *meeting_handlers(),
        # Before /notulen's photo handler: a photo sent while recording is the session's.
        *session_handlers(),
        *rsvp_handlers(),
        *attendance_handlers(),
        *member_handlers(),
        *poktan_handlers(),
        *report_handlers(),
        *classification_handlers(),
        *minutes_handlers(),
        *portal_handlers(),
        *month_handlers(),
        *menu_handlers(),
        *typed_handlers(),
        *fallback_handlers(),
    ]
    # The flows share one switch: one open flow per user and chat (handlers/flow.py).
    switch = FlowSwitch([handler for handler in features if isinstance(handler, Flow)])
    application.bot_data.leave_flows = switch.leave_user
    application.add_handler(KampungResolver(operators, switch, erasure).handler(), TENANCY)
    application.add_handlers(guard_handlers(switch), GUARDS)
    application.add_handlers(features, FEATURES)
    application.add_error_handler(on_error)
