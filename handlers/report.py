"""``/laporan [tahun]`` (the year report, admins) and ``/narasumber [tahun]`` (the speakers)."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CommandHandler

from handlers.common import is_private, reply, require_member
from models.kampung import get_kampung
from models.poktan.year import kampung_poktan_year
from models.report import (
    BadYear,
    build_year_report,
    held_meetings,
    report_year,
    speakers_by_sector,
)
from models.speakers import speaker_registry
from runtime.context import BotContext
from ui import texts
from ui.year_report import report_filename, year_report_files


def _today(context: BotContext) -> date:
    return context.now().astimezone(context.tz).date()


def _argument(update: Update) -> str:
    text = update.effective_message.text or "" if update.effective_message else ""
    return text.partition(" ")[2]


async def _year_asked(
    update: Update, context: BotContext, *, admin: bool, bad_year: str
) -> int | None:
    """The year of ``/laporan [tahun]`` or ``/narasumber [tahun]``, asked in private by
    a member (an admin for the report); None once the refusal was sent."""
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return None
    if await require_member(update, context, admin=admin) is None:
        return None
    try:
        return report_year(_argument(update), _today(context))
    except BadYear:
        await reply(update, bad_year)
        return None


async def laporan(update: Update, context: BotContext) -> None:
    """The year's attendance: a short text, a chart (PNG) and a workbook (.xlsx).

    Private chat only: the report names cadres to follow up.
    """
    year = await _year_asked(update, context, admin=True, bad_year=texts.REPORT_BAD_YEAR)
    if year is None:
        return
    tz = context.tz
    async with context.reading() as session:
        kampung = await get_kampung(session, context.kampung_id)
        kampung_name = kampung.name
        report = await build_year_report(session, context.kampung_id, year, tz, context.now())
        poktan = await kampung_poktan_year(
            session, context.kampung_id, year, today=_today(context), erased_name=texts.REDACTION
        )
    poktan_text = texts.poktan_year_text(
        year,
        [
            (g.group.name, g.sessions_held, g.months_with_session, g.attendance.value)
            for g in poktan
        ],
    )
    if not report.meetings:
        await reply(update, texts.no_meetings_in_year(year))
        if poktan:
            await reply(update, poktan_text)
        return
    await reply(update, texts.year_report_text(report, kampung_name))
    if poktan:
        await reply(update, poktan_text)
    # Drawing and writing the workbook is CPU work: off the event loop, so other
    # users' updates are not held up meanwhile.
    png, xlsx = await asyncio.to_thread(year_report_files, report, kampung_name, tz, poktan)
    chat_id = update.effective_chat.id
    for data, extension in ((png, "png"), (xlsx, "xlsx")):
        # As documents: Telegram would recompress a photo; the report needs the file as is.
        await context.bot.send_document(
            chat_id,
            document=data,
            filename=report_filename(year, extension),
            caption=texts.REPORT_FILES_CAPTION,
        )


async def narasumber(update: Update, context: BotContext) -> None:
    """Every speaker ever invited, and how often each sector came in the year."""
    year = await _year_asked(update, context, admin=False, bad_year=texts.SPEAKERS_BAD_YEAR)
    if year is None:
        return
    tz = context.tz
    async with context.reading() as session:
        entries = await speaker_registry(session, context.kampung_id, context.now())
        meetings = await held_meetings(session, context.kampung_id, year, tz, context.now())
        counts = speakers_by_sector(s for m in meetings for s in m.speakers)
    await reply(update, texts.speaker_registry_text(entries, year, counts, tz))


def report_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("laporan", laporan),
        CommandHandler("narasumber", narasumber),
    ]
