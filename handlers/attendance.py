"""``/hadir`` (check-in, the admin's live roll, the recap) and ``/tamu`` (guests)."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from typing import Any

from telegram import InlineKeyboardMarkup, InputMediaDocument, InputMediaPhoto, Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.common import (
    edit_markup,
    edit_text,
    is_private,
    load_member,
    refusal_for,
    reply,
    require_member,
)
from handlers.portal import send_post_card
from models.attendance import (
    Guest,
    MarkSource,
    MeetingNotOn,
    Window,
    WindowState,
    add_guests,
    attendance_meeting,
    build_recap,
    close_attendance,
    count_present,
    list_guests,
    mark_attendance,
    meeting_roster,
    open_attendance,
    page_of,
    parse_guest_lines,
    presence_of,
    recap_meetings,
    remove_guest,
    reopen_attendance,
    restore_guest,
    roll,
    take_roster,
    toggle_attendance,
)
from models.broadcast import BroadcastKind, Outgoing, plan_broadcast, recipient_count
from models.kampung import get_kampung
from models.meeting import Meeting, get_meeting, next_meeting
from models.member import Member, get_member
from models.minutes import list_photos
from models.rules.parsing import strip_control
from runtime.context import BotContext
from ui import keyboards, texts
from ui.export import recap_csv, recap_filename, recap_xlsx
from ui.sheet import attendance_sheet_pdf, cadre_lines, guest_lines

logger = logging.getLogger(__name__)

ROLL_PAGE_SIZE = 20
MAX_GUEST_BUTTONS = 50


def _window(context: BotContext, meeting: Meeting) -> Window:
    settings = context.settings
    return Window.of(meeting, settings.CHECKIN_OPENS_BEFORE, settings.CHECKIN_CLOSES_AFTER)


async def _current_meeting(context: BotContext) -> Meeting | None:
    async with context.reading() as session:
        return await attendance_meeting(
            session, context.kampung_id, context.now(), context.settings.CHECKIN_OPENS_BEFORE
        )


# --- /hadir ------------------------------------------------------------------------------------


async def _meeting_in_reach(
    update: Update, context: BotContext, *, admin: bool
) -> tuple[Member, Meeting, WindowState] | None:
    """Who asks (in private), about which meeting, in which state of its window.

    None, with the reason told, when there is nothing to do yet.
    """
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return None
    member = await require_member(update, context, admin=admin)
    if member is None:
        return None
    meeting = await _current_meeting(context)
    if meeting is None:
        await reply(update, texts.NO_MEETING_FOR_ATTENDANCE)
        return None
    window = _window(context, meeting)
    state = window.state(meeting, context.now())
    if state is WindowState.NOT_YET:
        await reply(update, texts.attendance_not_yet(window.opens_at, context.tz))
        return None
    return member, meeting, state


async def hadir(update: Update, context: BotContext) -> None:
    """``/hadir``: a cadre checks in; an admin opens attendance and gets the roll."""
    words = (update.effective_message.text or "").split()
    if len(words) > 1 and words[1].lower() == "rekap":
        await recap_command(update, context)
        return
    reach = await _meeting_in_reach(update, context, admin=False)
    if reach is None:
        return
    member, meeting, state = reach
    if member.is_admin:
        # Opening asks every active member, her too; on a later /hadir, while she has not
        # answered, she is asked again in front of the roll (the secretary is there too).
        if state is WindowState.OPEN and not await _open_and_prompt(update, context, meeting):
            await _ask_admin_herself(update, context, meeting, member)
        await _send_roll(update, context, meeting.id, page=0)
    elif state is WindowState.CLOSED:
        await reply(update, texts.ATTENDANCE_CLOSED)
    elif not await mark_self(context, meeting, member, present=True):
        await reply(update, texts.ATTENDANCE_MEETING_OFF)
    else:
        await reply(update, texts.checked_in(context.now(), context.tz))


async def mark_self(context: BotContext, meeting: Meeting, member: Member, present: bool) -> bool:
    """The member marks herself; False (nothing stored) when the meeting is not on."""
    try:
        async with context.transaction() as session:
            await mark_attendance(
                session,
                meeting,
                member,
                present=present,
                source=MarkSource.SELF,
                by=member,
                now=context.now(),
            )
    except MeetingNotOn:
        return False
    return True


async def _ask_admin_herself(
    update: Update, context: BotContext, meeting: Meeting, admin: Member
) -> None:
    """The admin who takes attendance was there too: ask her to tick herself, until she has."""
    async with context.reading() as session:
        marked = await presence_of(session, meeting.id, admin.id)
    if marked is None:
        await reply(update, texts.ADMIN_SELF_ASK, keyboards.attendance_prompt(meeting.id))


async def _open_and_prompt(update: Update, context: BotContext, meeting: Meeting) -> bool:
    """The first admin /hadir in the window asks every active member, once; True then."""
    tz = context.tz
    async with context.transaction() as session:
        stored = await get_meeting(session, context.kampung_id, meeting.id)
        if stored is None or not await open_attendance(session, stored, now=context.now()):
            return False
        await take_roster(session, stored, now=context.now())  # RT and Poktan as they are today
        kampung = await get_kampung(session, context.kampung_id)
        card = texts.meeting_card(stored, kampung.name, tz, context.now())
        markup = keyboards.attendance_prompt(meeting.id)
        message = Outgoing(
            texts.attendance_prompt(card),
            markup.to_dict(),
            # A prompt that cannot go out while check-in is open is not sent late.
            not_after=_window(context, stored).closes_at,
            report_chat_id=update.effective_chat.id if update.effective_chat else None,
        )
        broadcast = await plan_broadcast(
            session, kampung, stored, BroadcastKind.ATTENDANCE, message, now=context.now()
        )
        recipients = await recipient_count(session, broadcast.id)
        has_group = kampung.group_chat_id is not None
    context.wake_delivery()
    await reply(
        update, texts.sending_started(BroadcastKind.ATTENDANCE, recipients, group=has_group)
    )
    return True


# --- the roll ------------------------------------------------------------------------------------


async def _roll_view(context: BotContext, meeting_id: int, page: int) -> tuple[str, Any] | None:
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
        if meeting is None:
            return None
        entries = await roll(session, meeting)
        guests = len(await list_guests(session, meeting.id))
    shown, page, pages = page_of(entries, page, ROLL_PAGE_SIZE)
    totals = Counter(e.poktan.value if e.poktan else "-" for e in entries)
    present = Counter(e.poktan.value if e.poktan else "-" for e in entries if e.present)
    sections = {poktan: (present[poktan], total) for poktan, total in totals.items()}
    closed = _window(context, meeting).state(meeting, context.now()) is WindowState.CLOSED
    text = texts.roll_text(
        meeting,
        context.tz,
        sum(present.values()),
        len(entries),
        guests,
        page,
        pages,
    )
    return text, keyboards.roll(meeting.id, shown, sections, page, pages, closed)


async def _send_roll(update: Update, context: BotContext, meeting_id: int, page: int) -> None:
    view = await _roll_view(context, meeting_id, page)
    if view is not None:
        await reply(update, *view)


async def _refresh_roll(update: Update, context: BotContext, meeting_id: int, page: int) -> None:
    view = await _roll_view(context, meeting_id, page)
    if view is not None:
        await edit_text(update, *view)


async def _admin_meeting(update: Update, context: BotContext, meeting_id: int) -> Meeting | None:
    """For an admin button: the admin's rights and the meeting, both checked on the server."""
    if await require_member(update, context, admin=True) is None:
        return None
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, meeting_id)
    if meeting is None:
        await update.callback_query.answer(texts.ATTENDANCE_WRONG_MEETING, show_alert=True)
    return meeting


async def _open_admin_meeting(
    update: Update, context: BotContext, meeting_id: int
) -> Meeting | None:
    """``_admin_meeting`` whose attendance is open now (refused with a popup otherwise)."""
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return None
    if _window(context, meeting).state(meeting, context.now()) is not WindowState.OPEN:
        await update.callback_query.answer(texts.ATTENDANCE_CLOSED, show_alert=True)
        return None
    return meeting


async def toggle(update: Update, context: BotContext) -> None:
    """An admin ticks a member present or absent on the roll."""
    query = update.callback_query
    meeting_id, member_id, page = (int(part) for part in query.data.split(":")[2:])
    async with context.reading() as session:
        presser = await load_member(session, context, update)
    if presser is None or not presser.is_admin:
        await query.answer(texts.ATTENDANCE_MARK_OTHERS, show_alert=True)
        return
    meeting = await _open_admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    try:
        async with context.transaction() as session:
            target = await get_member(session, context.kampung_id, member_id)
            stale = refusal_for(target) is not None
            if not stale:
                present = await toggle_attendance(
                    session, meeting, target, by=presser, now=context.now()
                )
                name = target.full_name or ""
    except MeetingNotOn:
        await query.answer(texts.ATTENDANCE_MEETING_OFF, show_alert=True)
        return
    if stale:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    await query.answer(texts.attendance_marked(name, present))
    await _refresh_roll(update, context, meeting.id, page)
    if not present:
        # Unticking can wipe a cadre's own check-in: say so, with a way back.
        await reply(
            update,
            texts.unticked(name),
            keyboards.undo(f"{keyboards.CB_ATT_UNDO_UNTICK}{meeting.id}:{member_id}"),
        )


async def undo_untick(update: Update, context: BotContext) -> None:
    """ "Urungkan" under an untick: the member is present again (if still absent)."""
    query = update.callback_query
    meeting_id, member_id = (int(part) for part in query.data.split(":")[2:])
    meeting = await _open_admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    try:
        async with context.transaction() as session:
            admin = await load_member(session, context, update)
            target = await get_member(session, context.kampung_id, member_id)
            stale = refusal_for(target) is not None
            changed = False
            if not stale:
                changed = await mark_attendance(
                    session,
                    meeting,
                    target,
                    present=True,
                    source=MarkSource.ADMIN,
                    by=admin,
                    now=context.now(),
                )
                name = target.full_name or ""
    except MeetingNotOn:
        await query.answer(texts.ATTENDANCE_MEETING_OFF, show_alert=True)
        return
    if stale:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    if not changed:
        await query.answer(texts.UNDO_NOTHING, show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_text(update, texts.untick_undone(name))


async def turn_page(update: Update, context: BotContext) -> None:
    query = update.callback_query
    meeting_id, page = (int(part) for part in query.data.split(":")[2:])
    if await _admin_meeting(update, context, meeting_id) is None:
        return
    await query.answer()
    await _refresh_roll(update, context, meeting_id, page)


async def ask_close(update: Update, context: BotContext) -> None:
    """ "🔒 Tutup absensi" sits under the names: ask once before closing."""
    query = update.callback_query
    meeting_id = int(query.data.removeprefix(keyboards.CB_ATT_CLOSE))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    if _window(context, meeting).state(meeting, context.now()) is not WindowState.OPEN:
        await query.answer(texts.ATTENDANCE_ALREADY_CLOSED, show_alert=True)
        await _refresh_roll(update, context, meeting_id, 0)
        return
    await query.answer()
    await reply(update, texts.CONFIRM_CLOSE_ATTENDANCE, keyboards.confirm_close(meeting_id))


async def close_kept(update: Update, context: BotContext) -> None:
    if await require_member(update, context, admin=True) is None:
        return
    await update.callback_query.answer()
    await edit_text(update, texts.CLOSE_KEPT)


async def close(update: Update, context: BotContext) -> None:
    """Close attendance (confirmed); it can be reopened while the window lasts."""
    query = update.callback_query
    meeting_id = int(query.data.removeprefix(keyboards.CB_ATT_CLOSE_YES))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    async with context.transaction() as session:
        closed = await close_attendance(session, meeting, now=context.now())
        await take_roster(session, meeting, now=context.now())
        present = await count_present(session, meeting_id)
        guests = len(await list_guests(session, meeting_id))
    if not closed:
        # Another admin closed it a moment ago (or a second press): say so.
        await query.answer(texts.ATTENDANCE_ALREADY_CLOSED, show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_markup(update)
    await reply(
        update, texts.attendance_closed_now(present, guests), keyboards.after_close(meeting_id)
    )


async def reopen(update: Update, context: BotContext) -> None:
    """ "↩️ Buka lagi": undo an early close while the window has not ended by the clock."""
    query = update.callback_query
    meeting_id = int(query.data.removeprefix(keyboards.CB_ATT_REOPEN))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    if context.now() >= _window(context, meeting).closes_at:
        await query.answer(texts.ATTENDANCE_REOPEN_TOO_LATE, show_alert=True)
        await edit_markup(update, keyboards.recap_offer(meeting_id))
        return
    async with context.transaction() as session:
        reopened = await reopen_attendance(session, meeting)
    if not reopened:
        await query.answer(texts.ATTENDANCE_NOT_CLOSED, show_alert=True)
        await edit_markup(update)
        return
    await query.answer()
    await edit_text(update, texts.ATTENDANCE_REOPENED)
    await _send_roll(update, context, meeting_id, page=0)


async def noop(update: Update, context: BotContext) -> None:
    await update.callback_query.answer()


# --- the member's own answer to the prompt -----------------------------------------------------


async def self_mark(update: Update, context: BotContext) -> None:
    """ "Apakah Anda hadir?" — the presser marks only themselves, while attendance is open."""
    query = update.callback_query
    _, _, meeting_part, choice = query.data.split(":")
    member = await require_member(update, context)
    if member is None:
        return
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, int(meeting_part))
    if meeting is None:
        await query.answer(texts.ATTENDANCE_WRONG_MEETING, show_alert=True)
        return
    window = _window(context, meeting)
    state = window.state(meeting, context.now())
    if state is WindowState.NOT_YET:
        await query.answer(texts.attendance_not_yet(window.opens_at, context.tz), show_alert=True)
        return
    if state is WindowState.CLOSED:
        await query.answer(texts.ATTENDANCE_CLOSED, show_alert=True)
        return
    present = choice == "y"
    if not await mark_self(context, meeting, member, present):
        await query.answer(texts.ATTENDANCE_MEETING_OFF, show_alert=True)
        return
    text = texts.checked_in(context.now(), context.tz) if present else texts.marked_absent()
    await query.answer(text)
    if is_private(update):
        await edit_text(
            update,
            f"{texts.ATTENDANCE_PROMPT_QUESTION}\n\n{text}",
            keyboards.attendance_prompt(meeting.id),
        )


# --- guests ---------------------------------------------------------------------------------------


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


# --- the recap ------------------------------------------------------------------------------------


async def _admin_in_private(update: Update, context: BotContext) -> Member | None:
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return None
    return await require_member(update, context, admin=True)


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


async def roll_button(update: Update, context: BotContext) -> None:
    """Daftar hadir on the secretary's /jadwal card: what /hadir does, for that meeting."""
    query = update.callback_query
    if not is_private(update):
        await query.answer(texts.PRIVATE_ONLY, show_alert=True)
        return
    meeting_id = int(query.data.removeprefix(keyboards.CB_ADMIN_ROLL))
    meeting = await _admin_meeting(update, context, meeting_id)
    if meeting is None:
        return
    window = _window(context, meeting)
    state = window.state(meeting, context.now())
    if meeting.is_cancelled or state is WindowState.NOT_YET:
        text = texts.RSVP_CANCELLED if meeting.is_cancelled else None
        text = text or texts.attendance_not_yet(window.opens_at, context.tz)
        await query.answer(text, show_alert=True)
        return
    await query.answer()
    if state is WindowState.OPEN:
        await _open_and_prompt(update, context, meeting)
    await _send_roll(update, context, meeting.id, page=0)


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


def attendance_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("hadir", hadir),
        CommandHandler("hadir_rekap", recap_command),
        CommandHandler("rekap", recap_command),
        CallbackQueryHandler(roll_button, pattern=r"^att:open:\d{1,9}\Z"),
        CommandHandler("tamu", tamu),
        CommandHandler("daftar_hadir", blank_sheet),
        CallbackQueryHandler(self_mark, pattern=r"^att:me:\d{1,9}:[yn]\Z"),
        CallbackQueryHandler(toggle, pattern=r"^att:tg:\d{1,9}:\d{1,9}:\d{1,4}\Z"),
        CallbackQueryHandler(turn_page, pattern=r"^att:pg:\d{1,9}:\d{1,4}\Z"),
        CallbackQueryHandler(ask_close, pattern=r"^att:close:\d{1,9}\Z"),
        CallbackQueryHandler(close, pattern=r"^att:closeok:\d{1,9}\Z"),
        CallbackQueryHandler(close_kept, pattern=r"^att:closeno\Z"),
        CallbackQueryHandler(reopen, pattern=r"^att:reopen:\d{1,9}\Z"),
        CallbackQueryHandler(undo_untick, pattern=r"^att:undo:\d{1,9}:\d{1,9}\Z"),
        CallbackQueryHandler(guest_restore, pattern=r"^att:grest:\d{1,9}\Z"),
        CallbackQueryHandler(recap_button, pattern=r"^(att:rekap|rekap:m):\d{1,9}\Z"),
        CallbackQueryHandler(resend_photos, pattern=r"^rekap:foto:\d{1,9}\Z"),
        CallbackQueryHandler(guest_remove, pattern=r"^att:gdel:\d{1,9}\Z"),
        CallbackQueryHandler(noop, pattern=r"^att:noop\Z"),
    ]
