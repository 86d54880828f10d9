"""``/anggota``: the admin's member list; cadres without Telegram; moves, deactivation, removal.

Every button names the member it acts on; each press is checked again on the server
(admin rights, the member still here and in a state the action fits) and every change
is one conditional UPDATE, so a stale or forged press, or two admins at once, change
nothing twice.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler

from handlers.common import edit_markup, edit_text, is_private, reply, require_member
from models.broadcast import drop_reminders_for, forget_member
from models.erasure import remove_cadre
from models.kampung import get_kampung
from models.meeting import (
    Meeting,
    RsvpAnswer,
    get_meeting,
    next_meeting,
    record_rsvp,
    rsvp_of,
    rsvp_refusal,
)
from models.member import (
    LINK_VALID_FOR,
    Member,
    MemberChange,
    MemberRole,
    MemberStatus,
    Poktan,
    add_members,
    create_link,
    get_member,
    list_members,
    move_member,
    parse_member_lines,
    set_member_active,
)
from models.rules.parsing import strip_control
from runtime.context import BotContext
from runtime.db import wipe_erased
from scheduler.tally import refresh_group_card
from ui import keyboards, texts
from ui.formatting import format_meeting_datetime

logger = logging.getLogger(__name__)


# --- /anggota ---------------------------------------------------------------------------------


async def anggota(update: Update, context: BotContext) -> None:
    """``/anggota`` lists; ``/anggota tambah …`` adds (the same as ``/anggota_tambah …``)."""
    text = strip_control(update.effective_message.text or "")
    first_line, _, rest = text.partition("\n")
    words = first_line.split(maxsplit=2)
    if len(words) > 1 and words[1].lower() == "tambah":
        body = "\n".join(part for part in (words[2] if len(words) > 2 else "", rest) if part)
        await _add(update, context, body)
        return
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return
    if await require_member(update, context, admin=True) is None:
        return
    await _send_list(update, context, page=0)


async def anggota_tambah(update: Update, context: BotContext) -> None:
    """``/anggota_tambah Nama - RT - Poktan`` (one per line)."""
    text = strip_control(update.effective_message.text or "")
    first_line, _, rest = text.partition("\n")
    body = "\n".join(part for part in (first_line.partition(" ")[2], rest) if part.strip())
    await _add(update, context, body)


async def _add(update: Update, context: BotContext, body: str) -> None:
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return
    if not body.strip():
        await reply(update, texts.MEMBERS_USAGE)
        return
    async with context.transaction() as session:
        kampung = await get_kampung(session, context.kampung_id)
        good, bad = parse_member_lines(body, kampung.rt_list)
        added, skipped = await add_members(
            session, context.kampung_id, good, by=admin, now=context.now()
        )
        total = sum(
            m.status is MemberStatus.ACTIVE for m in await list_members(session, admin.kampung_id)
        )
    await reply(
        update,
        texts.members_added(
            len(added),
            [line.full_name for line in skipped],
            [(n, line, p.value) for n, line, p in bad],
            total,
        ),
    )


def _sections(members: Sequence[Member]) -> tuple[list[tuple[str, list[Member]]], list[Member]]:
    sections: dict[str, list[Member]] = {}
    inactive: list[Member] = []
    for member in members:
        if member.status is MemberStatus.INACTIVE:
            inactive.append(member)
        else:
            sections.setdefault(texts.poktan_label(member.poktan), []).append(member)
    return list(sections.items()), inactive


async def _list_view(context: BotContext, page: int) -> tuple[str, Any]:
    async with context.reading() as session:
        members = await list_members(session, context.kampung_id)
    sections, inactive = _sections(members)
    size = keyboards.MEMBERS_PER_PAGE
    pages = max(1, -(-len(members) // size))
    page = min(max(page, 0), pages - 1)
    shown = members[page * size : (page + 1) * size]
    markup = keyboards.member_list(
        context.kampung_id, [(m.id, texts.member_button(m)) for m in shown], page, pages
    )
    return texts.member_list(sections, inactive), markup


async def _send_list(update: Update, context: BotContext, page: int) -> None:
    await reply(update, *await _list_view(context, page))


async def turn_page(update: Update, context: BotContext) -> None:
    if await require_member(update, context, admin=True) is None:
        return
    await update.callback_query.answer()
    page = int(update.callback_query.data.rsplit(":", 1)[1])
    _, markup = await _list_view(context, page)
    await edit_markup(update, markup)


# --- one member ---------------------------------------------------------------------------


async def _target(update: Update, context: BotContext, member_id: int) -> Member | None:
    """The member a button names, checked on the server: here, not removed, not an admin."""
    async with context.reading() as session:
        member = await get_member(session, context.kampung_id, member_id)
    query = update.callback_query
    if member is None or member.status not in (MemberStatus.ACTIVE, MemberStatus.INACTIVE):
        await query.answer(texts.MEMBER_GONE, show_alert=True)
        return None
    return member


async def _rsvp_meeting(context: BotContext) -> Meeting | None:
    async with context.reading() as session:
        meeting = await next_meeting(session, context.kampung_id, context.now())
    if meeting is None or rsvp_refusal(meeting, context.now()) is not None:
        return None
    return meeting


async def _card(context: BotContext, member: Member) -> tuple[str, Any]:
    meeting = await _rsvp_meeting(context)
    label = answer = None
    if meeting is not None and member.status is MemberStatus.ACTIVE:
        label = format_meeting_datetime(meeting.local_start(context.tz), context.tz)
        async with context.reading() as session:
            stored = await rsvp_of(session, meeting.id, member.id)
        answer = stored.value if stored else None
    text = texts.member_card(member, label, answer)
    if member.role is MemberRole.ADMIN:
        return f"{text}\n\n{texts.MEMBER_IS_ADMIN}", None
    markup = keyboards.member_actions(
        member.id,
        active=member.status is MemberStatus.ACTIVE,
        has_telegram=member.telegram_id is not None,
        rsvp_meeting_id=meeting.id if meeting is not None else None,
    )
    return text, markup


async def view(update: Update, context: BotContext) -> None:
    """A member's card with what the admin can do for her."""
    if await require_member(update, context, admin=True) is None:
        return
    member_id = int(update.callback_query.data.removeprefix(keyboards.CB_MEMBER_VIEW))
    member = await _target(update, context, member_id)
    if member is None:
        return
    await update.callback_query.answer()
    await reply(update, *await _card(context, member))


async def link(update: Update, context: BotContext) -> None:
    """A one-time link for a member without Telegram; only the latest link works."""
    admin = await require_member(update, context, admin=True)
    if admin is None:
        return
    member_id = int(update.callback_query.data.removeprefix(keyboards.CB_MEMBER_LINK))
    member = await _target(update, context, member_id)
    if member is None:
        return
    if member.telegram_id is not None:
        await update.callback_query.answer(texts.MEMBER_HAS_TELEGRAM, show_alert=True)
        return
    async with context.transaction() as session:
        stored = await get_member(session, context.kampung_id, member_id)
        code = await create_link(session, stored, by=admin, now=context.now())
        name = stored.full_name
    await update.callback_query.answer()
    url = f"https://t.me/{context.bot.username}?start={code}"
    await reply(update, texts.member_link(name, url, LINK_VALID_FOR.days))


async def choose(update: Update, context: BotContext) -> None:
    """Pindah RT / Pindah Poktan: show the choices on the card."""
    if await require_member(update, context, admin=True) is None:
        return
    _, _, what, member_part = update.callback_query.data.split(":")
    member = await _target(update, context, int(member_part))
    if member is None:
        return
    await update.callback_query.answer()
    if what == "rt":
        async with context.reading() as session:
            kampung = await get_kampung(session, context.kampung_id)
        markup = keyboards.member_rt_choice(member.id, kampung.rt_list)
    else:
        markup = keyboards.member_poktan_choice(member.id)
    await edit_text(update, texts.member_choose(member, what == "rt"), markup)


async def _valid_value(context: BotContext, what: str, value: str) -> str | None:
    """The RT or Poktan a button carries, if it is one of this kampung's; else None."""
    if what == "rt":
        async with context.reading() as session:
            kampung = await get_kampung(session, context.kampung_id)
        return value if kampung.has_rt(value) else None
    if what == "pk":
        try:
            return Poktan(value).value
        except ValueError:
            return None
    return None


async def ask(update: Update, context: BotContext) -> None:
    """The confirmation step of a move, a deactivation or a removal."""
    if await require_member(update, context, admin=True) is None:
        return
    query = update.callback_query
    _, _, what, member_part, *rest = query.data.split(":", 4)
    member = await _target(update, context, int(member_part))
    if member is None:
        return
    value = rest[0] if rest else ""
    if what in ("rt", "pk"):
        valid = await _valid_value(context, what, value)
        if valid is None:
            await query.answer(texts.STALE_BUTTON, show_alert=True)
            return
        label = texts.rt_label(valid) if what == "rt" else f"Poktan {valid}"
        text = texts.confirm_member_move(member, label)
    elif what == "off":
        text = texts.confirm_member_off(member)
    else:
        text = texts.confirm_member_remove(member)
    await query.answer()
    await edit_text(update, text, keyboards.confirm_member_action(what, member.id, value))


async def do(update: Update, context: BotContext) -> None:
    """A confirmed change, applied once (a second press finds it done)."""
    if await require_member(update, context, admin=True) is None:
        return
    query = update.callback_query
    _, _, what, member_part, *rest = query.data.split(":", 4)
    member_id = int(member_part)
    value = rest[0] if rest else ""
    if what in ("rt", "pk") and await _valid_value(context, what, value) is None:
        await query.answer(texts.STALE_BUTTON, show_alert=True)
        return
    now = context.now()
    async with context.transaction() as session:
        if what == "rt":
            result = await move_member(session, context.kampung_id, member_id, rt=value, now=now)
        elif what == "pk":
            result = await move_member(
                session, context.kampung_id, member_id, poktan=Poktan(value), now=now
            )
        elif what in ("off", "on"):
            result = await set_member_active(
                session, context.kampung_id, member_id, active=what == "on", now=now
            )
        else:
            # Erased as with /hapus_data, in this kampung: her queued messages included.
            result = await remove_cadre(
                session, context.kampung_id, member_id, redaction=texts.REDACTION, now=now
            )
        if result is MemberChange.DONE and what == "off":
            # Nothing already queued for her goes out any more.
            await forget_member(session, member_id, now=now)
        member = await get_member(session, context.kampung_id, member_id)
    if result is MemberChange.NOT_FOUND:
        await query.answer(texts.MEMBER_GONE, show_alert=True)
        await edit_text(update, texts.MEMBER_GONE)
        return
    if result is MemberChange.UNCHANGED:
        await query.answer(texts.MEMBER_ALREADY_SO, show_alert=True)
        return
    await query.answer()
    if what == "del":
        await edit_text(update, texts.member_removed())
        await wipe_erased(context.bot_data.engine)
    elif what in ("off", "on"):
        await edit_text(update, texts.member_active_changed(member.full_name, what == "on"))
    else:
        await edit_text(update, texts.member_moved(member))


async def keep(update: Update, context: BotContext) -> None:
    if await require_member(update, context, admin=True) is None:
        return
    await update.callback_query.answer()
    await edit_text(update, texts.MEMBER_ACTION_KEPT)


async def rsvp_for(update: Update, context: BotContext) -> None:
    """The secretary records the RSVP a cadre gave her (by phone, WhatsApp, in person)."""
    if await require_member(update, context, admin=True) is None:
        return
    query = update.callback_query
    _, _, meeting_part, member_part, answer_part = query.data.split(":")
    answer = RsvpAnswer(answer_part)
    now = context.now()
    async with context.transaction() as session:
        meeting = await get_meeting(session, context.kampung_id, int(meeting_part))
        member = await get_member(session, context.kampung_id, int(member_part))
        refused = rsvp_refusal(meeting, now) is not None
        gone = member is None or member.status is not MemberStatus.ACTIVE
        changed = False
        if not refused and not gone:
            changed = await record_rsvp(session, meeting, member, answer, now=now)
            if answer is RsvpAnswer.NO:
                await drop_reminders_for(session, meeting.id, member.id, now=now)
    if gone:
        await query.answer(texts.MEMBER_GONE, show_alert=True)
        return
    if refused:
        await query.answer(texts.RSVP_STARTED, show_alert=True)
        return
    await query.answer(texts.member_rsvp_recorded(member.full_name, answer.value))
    await edit_text(update, *await _card(context, member))
    if changed:  # her answer counts on the group's card like any other
        await refresh_group_card(context.application, meeting.id)


def member_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CommandHandler("anggota", anggota),
        CommandHandler("anggota_tambah", anggota_tambah),
        CallbackQueryHandler(turn_page, pattern=r"^mbr:pg:\d{1,9}:\d{1,4}\Z"),
        CallbackQueryHandler(view, pattern=r"^mbr:v:\d{1,9}\Z"),
        CallbackQueryHandler(link, pattern=r"^mbr:lnk:\d{1,9}\Z"),
        CallbackQueryHandler(choose, pattern=r"^mbr:set:(rt|pk):\d{1,9}\Z"),
        CallbackQueryHandler(
            ask, pattern=r"^mbr:ask:((rt|pk):\d{1,9}:[^:]{1,16}|(off|del):\d{1,9})\Z"
        ),
        CallbackQueryHandler(
            do, pattern=r"^mbr:do:((rt|pk):\d{1,9}:[^:]{1,16}|(off|on|del):\d{1,9})\Z"
        ),
        CallbackQueryHandler(keep, pattern=r"^mbr:keep\Z"),
        CallbackQueryHandler(rsvp_for, pattern=r"^mbr:rsvp:\d{1,9}:\d{1,9}:(hadir|izin|tidak)\Z"),
    ]
