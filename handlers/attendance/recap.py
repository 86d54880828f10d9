"""The recap (``/rekap``, ``/hadir rekap``, its buttons, the photos again) and the
printable attendance sheet (``/daftar_hadir``).
"""

from __future__ import annotations

import asyncio

from telegram import InputMediaDocument, InputMediaPhoto, Update

from handlers.attendance.common import _admin_in_private, _window
from handlers.common import reply, require_member
from handlers.portal import send_post_card
from models.attendance import WindowState, build_recap, meeting_roster, recap_meetings
from models.kampung import get_kampung
from models.meeting import get_meeting, next_meeting
from models.member import Member
from models.minutes import list_photos
from runtime.context import BotContext
from ui import keyboards, texts
from ui.export import recap_csv, recap_filename, recap_xlsx
from ui.sheet import attendance_sheet_pdf, cadre_lines, guest_lines


async def recap_command(update: Update, context: BotContext) -> None:
    """``/rekap`` and ``/hadir rekap``: the recent meetings to choose from (one: its recap).

    Private chat only: the recap names who was absent or excused.
    """
    admin = await _admin_in_private(update, context)
    if admin is None:
        return
    tz = context.tz
    async with context.reading() as session:
        meetings = await recap_meetings(
            session, context.kampung_id, context.now(), context.settings.CHECKIN_OPENS_BEFORE
        )
    if not meetings:
        await reply(update, texts.NO_MEETING_FOR_RECAP)
    elif len(meetings) == 1:
        await _send_recap(update, context, meetings[0].id, admin)
    else:
        choices = [(m.id, texts.recap_pick_label(m, tz)) for m in meetings]
        await reply(update, texts.RECAP_PICK, keyboards.recap_choice(choices))


async def _recap_meeting(update: Update, context: BotContext, prefix: str) -> Member | None:
    """For a recap button: the admin, and the meeting held or in progress (checked here)."""
    query = update.callback_query
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return None
    meeting_id = int(query.data.removeprefix(prefix))
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
    if meeting is None or meeting.is_cancelled:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return None
    window = _window(context, meeting)
    if window.state(meeting, context.now()) is WindowState.NOT_YET:
        # The Rekap button of the /jadwal card, before the meeting: nothing to count yet.
        await query.answer(texts.recap_not_yet(window.opens_at, context.tz), show_alert=True)
        return None
    return admin


async def recap_button(update: Update, context: BotContext) -> None:
    query = update.callback_query
    prefix = keyboards.CB_ATT_RECAP if query.data.startswith("att:") else keyboards.CB_RECAP_PICK
    admin = await _recap_meeting(update, context, prefix)
    if admin is None:
        return
    await query.answer()
    await _send_recap(update, context, int(query.data.removeprefix(prefix)), admin)


async def _send_recap(update: Update, context: BotContext, meeting_id: int, admin: Member) -> None:
    """The recap text (photos button), the portal post, the WhatsApp text, then .xlsx,
    .csv and the PDF as one album of documents: four messages."""
    tz = context.tz
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
        kampung = await get_kampung(session, context.kampung_id)
        recap = await build_recap(session, meeting)
    await reply(
        update, texts.recap_text(recap, tz), keyboards.recap_photos(meeting.id, len(recap.photos))
    )
    await send_post_card(update, context, recap)
    share = texts.wa_recap(recap, kampung.name, tz)
    markup = keyboards.whatsapp_share(share)
    await reply(update, texts.wa_share(share) if markup else texts.wa_copy(share), markup)
    # fpdf2 takes ~1.6 s for 1,000 rows: off the event loop, so other users are not held up.
    sheet = await asyncio.to_thread(
        attendance_sheet_pdf,
        meeting,
        kampung.name,
        tz,
        cadre_lines(recap.rows, tz, filled=True),
        guest_lines(meeting, recap.guests, filled=True),
        admin.full_name or "",
        minutes=meeting.minutes,
    )
    files = (
        (recap_xlsx(recap, kampung.name, tz), recap_filename(recap, tz, "xlsx"), None),
        (recap_csv(recap, tz), recap_filename(recap, tz, "csv"), None),
        (sheet, recap_filename(recap, tz, "pdf", "daftar-hadir"), texts.SHEET_FILLED_CAPTION),
    )
    await context.bot.send_media_group(
        update.effective_chat.id,
        [
            InputMediaDocument(data, filename=name, caption=caption or texts.RECAP_FILES_CAPTION)
            for data, name, caption in files
        ],
    )


MEDIA_GROUP_MAX = 10  # Telegram's limit for one album


async def resend_photos(update: Update, context: BotContext) -> None:
    """The meeting's photos again, as albums of up to ten, ready for the portal post."""
    query = update.callback_query
    if await _recap_meeting(update, context, keyboards.CB_RECAP_PHOTOS) is None:
        return
    meeting_id = int(query.data.removeprefix(keyboards.CB_RECAP_PHOTOS))
    tz = context.tz
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
        kampung = await get_kampung(session, context.kampung_id)
        photos = await list_photos(session, meeting_id)
    if not photos:
        await query.answer(texts.NO_PHOTOS, show_alert=True)
        return
    await query.answer()
    caption = texts.photos_album_caption(meeting, kampung.name, tz)
    chat_id = update.effective_chat.id
    for start in range(0, len(photos), MEDIA_GROUP_MAX):
        chunk = photos[start : start + MEDIA_GROUP_MAX]
        if len(chunk) == 1:
            await context.bot.send_photo(chat_id, chunk[0].file_id, caption=caption)
        else:
            await context.bot.send_media_group(
                chat_id,
                [
                    InputMediaPhoto(p.file_id, caption=caption if i == 0 else None)
                    for i, p in enumerate(chunk)
                ],
            )
        caption = ""


# --- the printable sheet --------------------------------------------------------------------------


async def blank_sheet(update: Update, context: BotContext) -> None:
    """``/daftar_hadir``: the next meeting's attendance sheet (PDF) to print beforehand."""
    admin = await _admin_in_private(update, context)
    if admin is None:
        return
    tz = context.tz
    async with context.reading() as session:
        meeting = await next_meeting(session, context.kampung_id, context.now())
        if meeting is not None:
            kampung = await get_kampung(session, context.kampung_id)
            roster = await meeting_roster(session, meeting.id)
    if meeting is None:
        await reply(update, texts.NO_MEETING_FOR_SHEET)
        return
    sheet = await asyncio.to_thread(
        attendance_sheet_pdf,
        meeting,
        kampung.name,
        tz,
        cadre_lines(roster, tz, filled=False),
        guest_lines(meeting, [], filled=False),
        admin.full_name or "",
    )
    day = meeting.local_start(tz).date().isoformat()
    await context.bot.send_document(
        update.effective_chat.id,
        document=sheet,
        filename=f"daftar-hadir-{day}-RT{meeting.host_rt}.pdf",
        caption=texts.SHEET_BLANK_CAPTION,
    )
