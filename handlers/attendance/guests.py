"""``/tamu``: guests without Telegram, listed, removed and restored."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update

from handlers.attendance.common import _current_meeting, _meeting_in_reach
from handlers.common import edit_markup, edit_text, reply, require_member
from models.attendance import (
    Guest,
    add_guests,
    list_guests,
    parse_guest_lines,
    remove_guest,
    restore_guest,
)
from models.rules.parsing import strip_control
from runtime.context import BotContext
from ui import keyboards, texts

MAX_GUEST_BUTTONS = 50


async def tamu(update: Update, context: BotContext) -> None:
    """``/tamu Nama - Jabatan`` (one per line): guests without Telegram."""
    reach = await _meeting_in_reach(update, context, admin=True)
    if reach is None:
        return
    admin, meeting, _ = reach
    first_line, _, rest = strip_control(update.effective_message.text or "").partition("\n")
    body = "\n".join(part for part in (first_line.partition(" ")[2], rest) if part.strip())
    if not body.strip():
        await _send_guest_list(update, context, meeting.id)
        return
    good, bad = parse_guest_lines(body)
    async with context.transaction() as session:
        await add_guests(session, meeting, good, by=admin, now=context.now())
        total = len(await list_guests(session, meeting.id))
    await reply(
        update,
        texts.guests_added(len(good), [(n, line, p.value) for n, line, p in bad], total),
    )


def _guest_list_view(guests: list[Guest]) -> tuple[str, InlineKeyboardMarkup | None]:
    """The guests with remove buttons for the latest ones (a keyboard holds ~100 buttons)."""
    removable = guests[-MAX_GUEST_BUTTONS:]
    text = texts.guest_list([(g.name, g.role) for g in guests], removable=len(removable))
    if not removable:
        return text, None
    return text, keyboards.guest_removal([(g.id, g.name, g.role) for g in removable])


async def _send_guest_list(update: Update, context: BotContext, meeting_id: int) -> None:
    async with context.reading() as session:
        guests = await list_guests(session, meeting_id)
    await reply(update, *_guest_list_view(guests))


async def guest_remove(update: Update, context: BotContext) -> None:
    query = update.callback_query
    if await require_member(update, context, admin=True) is None:
        return
    guest_id = int(query.data.removeprefix(keyboards.CB_GUEST_REMOVE))
    meeting = await _current_meeting(context)
    async with context.transaction() as session:
        removed = (
            await remove_guest(session, meeting, guest_id, now=context.now()) if meeting else None
        )
        guests = await list_guests(session, meeting.id) if meeting else []
    if removed is None:
        await query.answer(texts.GUEST_GONE, show_alert=True)
        return
    await query.answer(texts.guest_removed(removed.name))
    await edit_text(update, *_guest_list_view(guests))
    await reply(
        update,
        texts.guest_removed_undo(removed.name),
        keyboards.undo(f"{keyboards.CB_GUEST_RESTORE}{guest_id}"),
    )


async def guest_restore(update: Update, context: BotContext) -> None:
    """ "Urungkan" under a removal: the guest is back on the list (once)."""
    query = update.callback_query
    if await require_member(update, context, admin=True) is None:
        return
    guest_id = int(query.data.removeprefix(keyboards.CB_GUEST_RESTORE))
    meeting = await _current_meeting(context)
    async with context.transaction() as session:
        restored = await restore_guest(session, meeting, guest_id) if meeting else None
    if restored is None:
        await query.answer(texts.UNDO_NOTHING, show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_text(update, texts.guest_restored(restored.name))
