"""The secretary's actions on one group's card: add or remove a chair, deactivate or
reactivate the group. Removing a chair and deactivating are confirmed first.

Each press is checked again on the server (an active secretary of the kampung, the
group in this kampung); at most two chairs holds under concurrent presses because
``groups.add_chair`` locks the group row before counting.
"""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import BaseHandler, CallbackQueryHandler

from handlers.common import edit_text, load_member, refusal_for, send_private
from handlers.poktan.common import group_for_secretary, ids, refuse, secretary_of
from handlers.poktan.setup import card_view
from models.member import Member
from models.poktan import groups
from models.poktan.groups import GroupError
from runtime.context import BotContext
from ui import keyboards_poktan as kb
from ui import texts
from ui.texts import poktan as t


async def candidates(update: Update, context: BotContext) -> None:
    """ "➕ Tambah ketua": active members with Telegram, the group's kind first."""
    group_id, page = ids(update.callback_query.data, kb.CB_PKG_ADD_CHAIR)
    found = await group_for_secretary(update, context, group_id)
    if found is None:
        return
    _, group = found
    if not group.active:
        await refuse(update, t.GROUP_INACTIVE)
        return
    async with context.reading() as session:
        chairs = {m.id for m in await groups.chairs_of(session, group.id)}
        people = [
            m
            for m in await groups.chair_candidates(session, context.kampung_id, group.kind)
            if m.id not in chairs
        ]
    await update.callback_query.answer()
    await edit_text(
        update,
        t.ask_chair_for(group, anyone=bool(people)),
        kb.chair_candidates(group.id, people, page),
    )


async def appoint(update: Update, context: BotContext) -> None:
    """A candidate pressed: she becomes a chair (at most two) and is told by the outbox."""
    query = update.callback_query
    group_id, member_id = ids(query.data, kb.CB_PKG_SET_CHAIR)
    problem: GroupError | None = None
    added = False
    member: Member | None = None
    async with context.transaction() as session:
        secretary = await load_member(session, context, update)
        refusal = refusal_for(secretary, admin=True)
        group = None
        if refusal is None:
            group = await groups.get_group(session, context.kampung_id, group_id)
        if group is not None and group.active:
            try:
                added = await groups.add_chair(session, group, member_id, now=context.now())
            except GroupError as error:
                problem = error
            if added:
                member = await session.get(Member, member_id)
                await send_private(context, session, member, t.chair_appointed(group))
    if refusal is not None:
        await refuse(update, refusal)
        return
    if group is None:
        await refuse(update, t.GROUP_GONE)
        return
    if not group.active:
        await refuse(update, t.GROUP_INACTIVE)
        return
    if problem is not None:
        await refuse(update, t.group_problem(problem.problem.value))
        await edit_text(update, *await card_view(context, group_id))
        return
    if not added:
        await refuse(update, t.POKTAN_UNCHANGED)
        return
    context.wake_delivery()
    await query.answer(texts.plain(t.chair_added(member.full_name, group)))
    await edit_text(update, *await card_view(context, group_id))


async def ask_unchair(update: Update, context: BotContext) -> None:
    group_id, member_id = ids(update.callback_query.data, kb.CB_PKG_UNCHAIR)
    found = await group_for_secretary(update, context, group_id)
    if found is None:
        return
    _, group = found
    async with context.reading() as session:
        chair = next(
            (m for m in await groups.chairs_of(session, group.id) if m.id == member_id), None
        )
    if chair is None:
        await refuse(update, t.POKTAN_UNCHANGED)
        return
    await update.callback_query.answer()
    await edit_text(
        update,
        t.confirm_unchair(chair.full_name, group),
        kb.confirm(
            t.BTN_YES_UNCHAIR, f"{kb.CB_PKG_UNCHAIR_YES}{group.id}:{member_id}", kb.CB_PKG_KEEP
        ),
    )


async def unchair(update: Update, context: BotContext) -> None:
    group_id, member_id = ids(update.callback_query.data, kb.CB_PKG_UNCHAIR_YES)
    if await secretary_of(update, context) is None:
        return
    async with context.transaction() as session:
        group = await groups.get_group(session, context.kampung_id, group_id)
        removed = False
        name = None
        if group is not None:
            member = await session.get(Member, member_id)
            name = member.full_name if member else None
            removed = await groups.remove_chair(session, group, member_id)
    if group is None:
        await refuse(update, t.GROUP_GONE)
        return
    if not removed:
        await refuse(update, t.POKTAN_UNCHANGED)
    else:
        await update.callback_query.answer(texts.plain(t.chair_removed(name, group)))
    await edit_text(update, *await card_view(context, group_id))


async def ask_off(update: Update, context: BotContext) -> None:
    [group_id] = ids(update.callback_query.data, kb.CB_PKG_OFF)
    found = await group_for_secretary(update, context, group_id)
    if found is None:
        return
    _, group = found
    if not group.active:
        await refuse(update, t.POKTAN_UNCHANGED)
        return
    await update.callback_query.answer()
    await edit_text(
        update,
        t.confirm_group_off(group),
        kb.confirm(t.BTN_YES_OFF, f"{kb.CB_PKG_OFF_YES}{group.id}", kb.CB_PKG_KEEP),
    )


async def set_active(update: Update, context: BotContext) -> None:
    """ "Ya, nonaktifkan" (confirmed) or "Aktifkan lagi": applied once."""
    data = update.callback_query.data
    active = data.startswith(kb.CB_PKG_ON)
    [group_id] = ids(data, kb.CB_PKG_ON if active else kb.CB_PKG_OFF_YES)
    if await secretary_of(update, context) is None:
        return
    async with context.transaction() as session:
        group = await groups.get_group(session, context.kampung_id, group_id)
        changed = group is not None and group.active is not active
        if changed:
            groups.set_group_active(group, active=active, now=context.now())
    if group is None:
        await refuse(update, t.GROUP_GONE)
        return
    if not changed:
        await refuse(update, t.POKTAN_UNCHANGED)
    else:
        await update.callback_query.answer(texts.plain(t.group_active_changed(group)))
    await edit_text(update, *await card_view(context, group_id))


async def keep(update: Update, context: BotContext) -> None:
    await update.callback_query.answer()
    await edit_text(update, t.POKTAN_KEPT)


def chair_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    return [
        CallbackQueryHandler(candidates, pattern=r"^pkg:cadd:\d{1,9}:\d{1,4}\Z"),
        CallbackQueryHandler(appoint, pattern=r"^pkg:cset:\d{1,9}:\d{1,9}\Z"),
        CallbackQueryHandler(ask_unchair, pattern=r"^pkg:crm:\d{1,9}:\d{1,9}\Z"),
        CallbackQueryHandler(unchair, pattern=r"^pkg:crmok:\d{1,9}:\d{1,9}\Z"),
        CallbackQueryHandler(ask_off, pattern=r"^pkg:off:\d{1,9}\Z"),
        CallbackQueryHandler(set_active, pattern=r"^pkg:(offok|on):\d{1,9}\Z"),
        CallbackQueryHandler(keep, pattern=r"^pkg:keep\Z"),
    ]
