"""The member families a chair keeps (``👪 Anggota keluarga``): the list by RT, the bulk
"➕ Tambah" (one per line, bad lines reported by number and none of them stored), and
per family: move to another RT, change its count, deactivate (moved away) or reactivate,
remove. Moving, deactivating and removing are confirmed first.

The chair of the group does all of it; the kampung's secretary sees the list and may
erase a family (the privacy rule of issue 18). Families have no Telegram and are never
messaged. Before the first list, the chair confirms she keeps the names for the register.
"""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ConversationHandler,
)

from handlers.common import edit_text, reply, type_text
from handlers.flow import typed_text_flow
from handlers.poktan.common import Access, group_access, ids, refuse
from models.kampung import get_kampung
from models.poktan import families, groups
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanGroup
from models.poktan.kinds import FAMILY_COUNT
from models.rules.parsing import strip_control
from runtime.context import BotContext
from runtime.db import wipe_erased
from ui import keyboards_poktan as kb
from ui import texts
from ui.keyboards import button
from ui.texts import poktan as t

LINES = 0
DRAFT = "poktan_families"


# --- the list ----------------------------------------------------------------------------------


async def list_view(context: BotContext, access: Access, page: int) -> tuple[str, Any]:
    group = access.group
    async with context.reading() as session:
        listed = await families.list_families(session, group.id)
    active = sum(f.status is FamilyStatus.ACTIVE for f in listed)
    size = kb.FAMILIES_PER_PAGE
    pages = max(1, -(-len(listed) // size))
    page = min(max(page, 0), pages - 1)
    shown = listed[page * size : (page + 1) * size]
    text = t.family_list(group, shown, active, len(listed) - active, page, pages)
    can_add = access.chair and group.active
    return text, kb.family_list(group, shown, page, pages, can_add=can_add)


def _needs_consent(access: Access) -> bool:
    return access.chair and access.group.families_consent_at is None


async def show_list(update: Update, context: BotContext) -> None:
    """ "👪 Anggota keluarga" (a new message) or a page turn / "back" (in place)."""
    data = update.callback_query.data
    in_place = data.startswith(kb.CB_PKF_PAGE)
    group_id, page = ids(data, kb.CB_PKF_PAGE if in_place else kb.CB_PKF_LIST)
    access = await group_access(update, context, group_id, chair_only=False)
    if access is None:
        return
    await update.callback_query.answer()
    if _needs_consent(access) and access.group.active:
        await reply(update, t.families_consent(access.group), kb.families_kept(group_id))
        return
    view = await list_view(context, access, page)
    if in_place:
        await edit_text(update, *view)
    else:
        await reply(update, *view)


# --- adding: the confirmation, then one list -------------------------------------------------


def _to_list(group_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup([[button(t.BTN_BACK_TO_FAMILIES, f"{kb.CB_PKF_LIST}{group_id}:0")]])


async def ask_lines(update: Update, context: BotContext) -> int:
    """ "➕ Tambah": the format (after the confirmation, the first time)."""
    [group_id] = ids(update.callback_query.data, kb.CB_PKF_ADD)
    access = await group_access(update, context, group_id, chair_only=True)
    if access is None:
        return ConversationHandler.END
    await update.callback_query.answer()
    if _needs_consent(access):
        await reply(update, t.families_consent(access.group), kb.families_kept(group_id))
        return ConversationHandler.END
    context.user_data[DRAFT] = {"group_id": group_id}
    await reply(update, t.families_usage(access.group))
    return LINES


async def kept(update: Update, context: BotContext) -> int:
    """ "Ya, saya simpan untuk register": recorded once, then the format."""
    [group_id] = ids(update.callback_query.data, kb.CB_PKF_KEPT)
    access = await group_access(update, context, group_id, chair_only=True)
    if access is None:
        return ConversationHandler.END
    async with context.transaction() as session:
        group = await groups.get_group(session, context.kampung_id, group_id)
        if group is not None and group.families_consent_at is None:
            groups.confirm_families_kept(group, access.member, now=context.now())
    await update.callback_query.answer()
    await edit_text(update, f"{t.families_consent(access.group)}\n\n{t.FAMILIES_KEPT_NOTED}")
    context.user_data[DRAFT] = {"group_id": group_id}
    await reply(update, t.families_usage(access.group))
    return LINES


async def lines_given(update: Update, context: BotContext) -> int:
    group_id = context.user_data.get(DRAFT, {}).get("group_id")
    if group_id is None:
        return ConversationHandler.END
    access = await group_access(update, context, group_id, chair_only=True)
    if access is None:
        return ConversationHandler.END
    body = strip_control(update.effective_message.text or "")
    if not body.strip():
        await reply(update, t.families_usage(access.group))
        return LINES
    async with context.transaction() as session:
        kampung = await get_kampung(session, context.kampung_id)
        group = await groups.get_group(session, context.kampung_id, group_id)
        good, bad = families.parse_family_lines(body, group, kampung.rt_list)
        added, skipped = await families.add_families(session, group, good, now=context.now())
        total = await families.count_active_families(session, group.id)
    report = t.families_added(
        group,
        len(added),
        [line.name for line in skipped],
        [(b.number, b.raw, b.problem.value) for b in bad],
        total,
    )
    context.user_data.pop(DRAFT, None)
    await reply(update, report, _to_list(group_id))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    context.user_data.pop(DRAFT, None)
    await reply(update, t.POKTAN_FLOW_CANCELLED)
    return ConversationHandler.END


# --- one family -----------------------------------------------------------------------------


async def _family(
    update: Update, context: BotContext, prefix: str, *, chair_only: bool
) -> tuple[Access, PoktanFamily, list[str]] | None:
    """The group, the family (still in it, not removed) and the rest of the data."""
    data = update.callback_query.data.removeprefix(prefix).split(":")
    group_id, family_id, rest = int(data[0]), int(data[1]), data[2:]
    access = await group_access(update, context, group_id, chair_only=chair_only)
    if access is None:
        return None
    async with context.reading() as session:
        family = await families.get_family(session, group_id, family_id)
    if family is None:
        await refuse(update, t.FAMILY_GONE)
        return None
    return access, family, rest


async def _card(update: Update, access: Access, family: PoktanFamily) -> None:
    await edit_text(
        update,
        t.family_card(family, access.group),
        kb.family_card(access.group, family, chair=access.chair and access.group.active),
    )


async def view(update: Update, context: BotContext) -> None:
    found = await _family(update, context, kb.CB_PKF_VIEW, chair_only=False)
    if found is None:
        return
    access, family, _ = found
    await update.callback_query.answer()
    await reply(
        update,
        t.family_card(family, access.group),
        kb.family_card(access.group, family, chair=access.chair and access.group.active),
    )


async def _rts_of(context: BotContext, group: PoktanGroup) -> list[str]:
    if group.rt_list:
        return group.rt_list
    async with context.reading() as session:
        return (await get_kampung(session, context.kampung_id)).rt_list


async def choose_rt(update: Update, context: BotContext) -> None:
    found = await _family(update, context, kb.CB_PKF_MOVE, chair_only=True)
    if found is None:
        return
    access, family, _ = found
    rts = [rt for rt in await _rts_of(context, access.group) if rt != family.rt]
    await update.callback_query.answer()
    await edit_text(update, t.ask_family_rt(family), kb.family_rts(access.group.id, family.id, rts))


async def _valid_rt(context: BotContext, group: PoktanGroup, rt: str) -> bool:
    return rt in await _rts_of(context, group)


async def ask_move(update: Update, context: BotContext) -> None:
    found = await _family(update, context, kb.CB_PKF_MOVE_ASK, chair_only=True)
    if found is None:
        return
    access, family, [rt] = found
    if not await _valid_rt(context, access.group, rt):
        await refuse(update, t.FAMILY_RT_OUTSIDE)
        return
    ids_ = f"{access.group.id}:{family.id}"
    await update.callback_query.answer()
    await edit_text(
        update,
        t.confirm_family_move(family, rt),
        kb.confirm(t.BTN_YES_MOVE, f"{kb.CB_PKF_MOVE_YES}{ids_}:{rt}", kb.CB_PKF_KEEP),
    )


async def choose_count(update: Update, context: BotContext) -> None:
    found = await _family(update, context, kb.CB_PKF_COUNT, chair_only=True)
    if found is None:
        return
    access, family, _ = found
    count = FAMILY_COUNT[access.group.kind]
    if count is None:
        await refuse(update, texts.STALE_BUTTON)
        return
    await update.callback_query.answer()
    await edit_text(
        update,
        t.ask_family_count(family, count.label),
        kb.family_counts(access.group.id, family.id, access.group.kind),
    )


async def ask_off(update: Update, context: BotContext) -> None:
    found = await _family(update, context, kb.CB_PKF_OFF, chair_only=True)
    if found is None:
        return
    access, family, _ = found
    if family.status is not FamilyStatus.ACTIVE:
        await refuse(update, t.POKTAN_UNCHANGED)
        return
    ids_ = f"{access.group.id}:{family.id}"
    await update.callback_query.answer()
    await edit_text(
        update,
        t.confirm_family_off(family),
        kb.confirm(t.BTN_FAMILY_OFF, f"{kb.CB_PKF_OFF_YES}{ids_}", kb.CB_PKF_KEEP),
    )


async def ask_remove(update: Update, context: BotContext) -> None:
    found = await _family(update, context, kb.CB_PKF_REMOVE, chair_only=False)
    if found is None:
        return
    access, family, _ = found
    ids_ = f"{access.group.id}:{family.id}"
    await update.callback_query.answer()
    await edit_text(
        update,
        t.confirm_family_remove(family),
        kb.confirm(t.BTN_YES_REMOVE, f"{kb.CB_PKF_REMOVE_YES}{ids_}", kb.CB_PKF_KEEP),
    )


# The confirmed changes: (prefix, chair only); each applied once in its own transaction.
_CHANGES: dict[str, tuple[str, bool]] = {
    "mvok": (kb.CB_PKF_MOVE_YES, True),
    "nset": (kb.CB_PKF_COUNT_SET, True),
    "offok": (kb.CB_PKF_OFF_YES, True),
    "on": (kb.CB_PKF_ON, True),
    "delok": (kb.CB_PKF_REMOVE_YES, False),
}


async def change(update: Update, context: BotContext) -> None:
    """Apply a confirmed move, a count, a deactivation, a reactivation or a removal."""
    action = update.callback_query.data.split(":")[1]
    prefix, chair_only = _CHANGES[action]
    found = await _family(update, context, prefix, chair_only=chair_only)
    if found is None:
        return
    access, _, rest = found
    group = access.group
    count = FAMILY_COUNT[group.kind]
    if action == "mvok" and not await _valid_rt(context, group, rest[0]):
        await refuse(update, t.FAMILY_RT_OUTSIDE)
        return
    if action == "nset" and (
        count is None or not rest[0].isdigit() or not count.minimum <= int(rest[0]) <= count.maximum
    ):
        await refuse(update, texts.STALE_BUTTON)
        return
    now = context.now()
    family_id = int(update.callback_query.data.split(":")[3])
    async with context.transaction() as session:
        family = await families.get_family(session, group.id, family_id, for_update=True)
        changed = False
        if family is not None:
            if action == "mvok":
                changed = families.move_family(family, rest[0], now=now)
            elif action == "nset":
                changed = families.set_family_count(family, count.key, int(rest[0]), now=now)
            elif action in ("offok", "on"):
                changed = families.set_family_active(family, active=action == "on", now=now)
            else:
                changed = families.remove_family(family, now=now)
    if family is None:
        await refuse(update, t.FAMILY_GONE)
        await edit_text(update, t.FAMILY_GONE, _to_list(group.id))
        return
    if not changed:
        await refuse(update, t.POKTAN_UNCHANGED)
        return
    if action == "delok":
        await update.callback_query.answer()
        await edit_text(update, t.FAMILY_REMOVED, _to_list(group.id))
        await wipe_erased(context.bot_data.engine)  # the name leaves the SQLite file too
        return
    if action == "mvok":
        done = t.family_moved(family)
    elif action == "nset":
        done = t.family_count_set(family, count.label, int(rest[0]))
    else:
        done = t.family_active_changed(family)
    await update.callback_query.answer(texts.plain(done)[:190])
    await _card(update, access, family)


async def keep(update: Update, context: BotContext) -> None:
    await update.callback_query.answer()
    await edit_text(update, t.POKTAN_KEPT)


def family_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    pair = r"\d{1,9}:\d{1,9}"
    flow = typed_text_flow(
        "poktan_families",
        [
            CallbackQueryHandler(ask_lines, pattern=r"^pkf:add:\d{1,9}\Z"),
            CallbackQueryHandler(kept, pattern=r"^pkf:ok:\d{1,9}\Z"),
        ],
        state=LINES,
        on_text=lines_given,
        on_other=type_text,
        on_cancel=cancel,
        timeout_text=t.POKTAN_FLOW_TIMED_OUT,
        draft_key=DRAFT,
    )
    return [
        flow,
        CallbackQueryHandler(show_list, pattern=r"^pkf:(ls|pg):\d{1,9}:\d{1,4}\Z"),
        CallbackQueryHandler(view, pattern=rf"^pkf:v:{pair}\Z"),
        CallbackQueryHandler(choose_rt, pattern=rf"^pkf:mv:{pair}\Z"),
        CallbackQueryHandler(ask_move, pattern=rf"^pkf:mva:{pair}:[^:]{{1,16}}\Z"),
        CallbackQueryHandler(choose_count, pattern=rf"^pkf:n:{pair}\Z"),
        CallbackQueryHandler(ask_off, pattern=rf"^pkf:off:{pair}\Z"),
        CallbackQueryHandler(ask_remove, pattern=rf"^pkf:del:{pair}\Z"),
        CallbackQueryHandler(
            change,
            pattern=rf"^pkf:(mvok:{pair}:[^:]{{1,16}}|nset:{pair}:\d{{1,2}}|(offok|on|delok):{pair})\Z",
        ),
        CallbackQueryHandler(keep, pattern=r"^pkf:keep\Z"),
    ]
