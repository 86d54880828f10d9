"""``/kampung``: every kampung with its invite link and secretaries, page by page."""

from __future__ import annotations

from typing import Any

from telegram import Update

from handlers.common import reply
from handlers.operator.common import _label, _link, _refused
from models.overview import kampung_listing
from runtime.context import BotContext
from ui import keyboards, texts

# /kampung shows this many kampungs per message (Telegram takes at most 100 buttons).
KAMPUNGS_PER_PAGE = 10


async def _list_page(context: BotContext, page: int = 0) -> tuple[str, Any]:
    async with context.reading() as session:
        everything = await kampung_listing(session)
    pages = max(1, -(-len(everything) // KAMPUNGS_PER_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * KAMPUNGS_PER_PAGE
    listing = everything[first : first + KAMPUNGS_PER_PAGE]
    entries = [
        texts.kampung_entry(
            position,
            item.kampung.name,
            item.kampung.timezone,
            item.kampung.rt_list,
            item.active_members,
            [_label(tid, name) for tid, name in item.secretaries],
            item.kampung.group_chat_id is not None,
            _link(context, item.kampung.invite_code),
        )
        for position, item in enumerate(listing, start=first + 1)
    ]
    markup = keyboards.kampung_list(
        [(item.kampung.id, item.kampung.name) for item in listing], page, pages
    )
    return texts.kampung_list(entries, len(everything), page, pages), markup


async def kampung_command(update: Update, context: BotContext) -> None:
    """``/kampung``: the kampungs, their links and secretaries."""
    if await _refused(update, context):
        return
    text, markup = await _list_page(context)
    await reply(update, text, markup)


async def list_pressed(update: Update, context: BotContext) -> None:
    if await _refused(update, context):
        return
    query = update.callback_query
    _, _, page = query.data.removeprefix(keyboards.CB_OP_LIST).partition(":")
    text, markup = await _list_page(context, int(page or 0))
    await query.answer()
    await reply(update, text, markup)
