"""``/ringkasan``: every kampung's next meeting, last attendance and members, with an
.xlsx; then the Poktan registers of the month last due and the PKB's workbook.
"""

from __future__ import annotations

import asyncio
from zoneinfo import ZoneInfo

from telegram import InputFile, Update

from handlers.common import reply
from handlers.operator.common import _refused
from models.classification.store import classification_of
from models.overview import kampung_summaries
from models.poktan.area import area_month, kampung_counts
from models.poktan.months import previous_month
from runtime.context import BotContext
from ui import texts
from ui.export import overview_xlsx
from ui.formatting import format_meeting_datetime, format_month
from ui.registers.xlsx import area_xlsx
from ui.texts import classification as classification_texts

# /ringkasan writes this many kampungs in the chat; the .xlsx holds them all.
OVERVIEW_IN_CHAT = 30


async def overview_command(update: Update, context: BotContext) -> None:
    """``/ringkasan``: every kampung at a glance, and the same as a spreadsheet."""
    if await _refused(update, context):
        return
    now = context.now()
    async with context.reading() as session:
        summaries = await kampung_summaries(session, now)
        classes = {
            s.kampung.id: await classification_of(session, s.kampung.id, now) for s in summaries
        }
        entries = []
        for summary in summaries[:OVERVIEW_IN_CHAT]:
            tz = ZoneInfo(summary.kampung.timezone)
            upcoming = summary.next_meeting
            entries.append(
                texts.overview_entry(
                    summary.kampung.name,
                    format_meeting_datetime(upcoming.starts_at, tz) if upcoming else None,
                    summary.last_rate,
                    summary.last_present,
                    summary.last_of,
                    summary.active_members,
                    summary.pending_members,
                    summary.secretaries,
                    summary.unposted,
                )
                + "\n"
                + classification_texts.kls_overview_line(classes[summary.kampung.id])
            )
        workbook = overview_xlsx(summaries, classes)
    when = format_meeting_datetime(now, context.settings.tz)
    await reply(update, texts.overview(entries, when, max(len(summaries) - OVERVIEW_IN_CHAT, 0)))
    stamp = now.astimezone(context.settings.tz).strftime("%Y-%m-%d")
    await update.effective_message.reply_document(
        InputFile(workbook, filename=f"ringkasan-kampung-{stamp}.xlsx"),
        caption=texts.OVERVIEW_CAPTION,
    )
    await _poktan_month(update, context)


async def _poktan_month(update: Update, context: BotContext) -> None:
    """The Poktan registers of the month last due: who reported, and the PKB's workbook
    (one row per group, as typed into New SIGA). Nothing when no kampung has a group."""
    month = previous_month(context.now().astimezone(context.settings.tz).date())
    async with context.reading() as session:
        counts = await kampung_counts(session, month)
        if not counts:
            return
        entries = await area_month(session, month, erased_name=texts.REDACTION)
    await reply(
        update,
        texts.poktan_month_overview(
            month.year, month.month, [(c.kampung, c.reported, c.groups) for c in counts]
        ),
    )
    label = format_month(month.year, month.month)
    workbook = await asyncio.to_thread(area_xlsx, entries, label)
    await update.effective_message.reply_document(
        InputFile(workbook, filename=f"register-poktan-{month:%Y-%m}.xlsx"),
        caption=texts.POKTAN_MONTH_AREA_CAPTION,
    )
