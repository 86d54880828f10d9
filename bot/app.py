"""Builds the python-telegram-bot ``Application`` (never at import time)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from telegram.constants import ParseMode
from telegram.ext import Application, ApplicationBuilder, BaseRateLimiter, ContextTypes, Defaults
from telegram.request import BaseRequest

from bot.banner import kampung_states, log_banner
from bot.updates import UserOrderedUpdateProcessor
from delivery.limiter import SendLimiter
from delivery.worker import DeliveryWorker
from handlers import register_handlers
from handlers.menu import publish_commands
from models.kampung import all_admin_ids, ensure_kampung, seed_settings_admins
from models.member import sync_admins
from models.tenancy import KampungRef
from runtime.config import Settings
from runtime.context import BotContext, BotData, utc_now
from runtime.db import (
    create_autocommit_sessionmaker,
    create_engine,
    create_sessionmaker,
    upgrade_database,
)
from runtime.telegram_http import telegram_requests
from scheduler.common import JOB_KWARGS
from scheduler.startup import acquire_instance_lock, release_instance_lock, start_scheduler

logger = logging.getLogger(__name__)

BotApplication = Application[Any, BotContext, Any, Any, BotData, Any]


def build_application(
    settings: Settings,
    *,
    request: BaseRequest | None = None,
    clock: Callable[[], datetime] = utc_now,
    rate_limiter: bool | BaseRateLimiter[Any] = True,
) -> BotApplication:
    """Wire settings, database, handlers and scheduler into one application.

    ``request`` replaces the HTTP layer (the tests pass an offline fake);
    ``clock`` replaces the wall clock; ``rate_limiter`` is Telegram's sending
    limits (``SendLimiter``), a limiter of one's own, or False for none.
    """
    builder = (
        ApplicationBuilder()
        .token(settings.BOT_TOKEN.get_secret_value())
        .context_types(ContextTypes(context=BotContext, bot_data=BotData))
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .post_init(prepare)
        .post_stop(stop_delivery)
        .post_shutdown(shutdown)
        # Many cadres press at once during a meeting: different users' updates are
        # handled side by side (the database keeps one row per member; see
        # models/attendance.py), one user's in arrival order (bot/updates.py).
        .concurrent_updates(UserOrderedUpdateProcessor())
    )
    if isinstance(rate_limiter, BaseRateLimiter):
        builder = builder.rate_limiter(rate_limiter)
    elif rate_limiter:
        builder = builder.rate_limiter(SendLimiter())
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    else:
        sending, polling = telegram_requests(settings)
        builder = builder.request(sending).get_updates_request(polling)
    if settings.TELEGRAM_API_BASE_URL:
        builder = builder.base_url(f"{settings.TELEGRAM_API_BASE_URL}/bot").base_file_url(
            f"{settings.TELEGRAM_API_BASE_URL}/file/bot"
        )
    application: BotApplication = builder.build()
    if application.job_queue is not None:
        # No job may be dropped for waking up late (APScheduler's default grace is 1 s).
        scheduler = application.job_queue.scheduler
        scheduler.configure(
            job_defaults=JOB_KWARGS, **application.job_queue.scheduler_configuration
        )

    engine = create_engine(settings.DATABASE_URL)
    data = application.bot_data
    data.settings = settings
    data.engine = engine
    data.sessionmaker = create_sessionmaker(engine)
    data.clock = clock
    limiter = application.bot.rate_limiter
    data.delivery = DeliveryWorker(
        application.bot,
        data.sessionmaker,
        clock,
        limiter=limiter if isinstance(limiter, SendLimiter) else None,
        autocommit=create_autocommit_sessionmaker(engine),
    )

    register_handlers(application)
    return application


async def prepare(application: BotApplication) -> None:
    """Bring the database and the kampung up to date; runs before the first update."""
    data = application.bot_data
    settings = data.settings
    # Refused (InstanceLocked, exit status 3) before the schema is touched while another
    # bot holds the database; ``python -m bot`` has upgraded already (bot/preflight.py).
    await upgrade_database(
        data.engine, now=data.clock(), backup_dir=Path(settings.BACKUP_DIR), tz=settings.tz
    )
    await acquire_instance_lock(application)  # raises InstanceLocked: exit status 3
    async with data.sessionmaker() as session, session.begin():
        kampung = await ensure_kampung(
            session,
            name=settings.KAMPUNG_NAME,
            timezone=settings.TIMEZONE,
            rt_list=settings.RT_LIST,
            group_chat_id=settings.GROUP_CHAT_ID,
            now=data.clock(),
        )
        # ADMIN_IDS seeds the first kampung's secretaries; an operator appoints the
        # others' (and may add more here) with /kampung: the database keeps them all.
        await seed_settings_admins(session, kampung.id, settings.ADMIN_IDS, now=data.clock())
        await sync_admins(session, kampung.id, now=data.clock())
        data.kampung_id = kampung.id
        data.default_kampung = KampungRef.of(kampung)
        admin_ids = await all_admin_ids(session)
    await publish_commands(application.bot, admin_ids, settings.OPERATOR_IDS)
    logger.info("Kampung %r ready (id %s)", settings.KAMPUNG_NAME, data.kampung_id)
    await data.delivery.start()  # first puts back what a killed process left in flight
    await start_scheduler(application)
    async with data.sessionmaker() as session:
        kampungs = await kampung_states(session)
    mode = "webhook" if settings.WEBHOOK_URL else "long polling"
    log_banner(application.bot.username, settings, kampungs, mode)


async def stop_delivery(application: BotApplication) -> None:
    """Let the sends in flight finish while the bot can still reach Telegram."""
    await application.bot_data.delivery.stop()


async def shutdown(application: BotApplication) -> None:
    await stop_delivery(application)
    await release_instance_lock(application)
    await application.bot_data.engine.dispose()
