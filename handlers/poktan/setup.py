"""``/poktan``: the secretary's Poktan groups; a new group (kind → name → RTs → chairs),
a new name or new RTs for one, in one flow.

The flow keeps its draft in ``user_data``; nothing is stored before the last step, and
the last step checks everything again in its transaction (a name taken meanwhile, a
chair who left). A new chair is told through the outbox, written with the group.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from telegram import Update
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ConversationHandler,
    MessageHandler,
    filters,
)
from telegram.warnings import PTBUserWarning

from handlers.common import (
    edit_text,
    is_private,
    load_member,
    refusal_for,
    reply,
    send_private,
    type_text,
    use_buttons,
)
from handlers.flow import Flow
from handlers.poktan.common import group_for_secretary, ids, refuse, secretary_of
from models.kampung import get_kampung
from models.member import Member, read_poktan
from models.poktan import families, groups
from models.poktan.groups import GroupError, PoktanGroup
from models.poktan.kinds import KIND_OF_MEMBER_POKTAN, PoktanKind
from runtime.context import BotContext
from ui import keyboards_poktan as kb
from ui import texts
from ui.texts import poktan as t

logger = logging.getLogger(__name__)

KIND, NAME, RTS, CHAIRS = range(4)
DRAFT = "poktan_setup"


# --- the list and one group's card ------------------------------------------------------------


async def list_view(context: BotContext, *, read_only: bool = False) -> tuple[str, Any]:
    async with context.reading() as session:
        found = await groups.list_groups(session, context.kampung_id)
        chairs = await groups.chairs_by_group(session, context.kampung_id)
        counts = await families.active_counts(session, [g.id for g in found])
    text = t.group_list(found, chairs, counts, read_only=read_only)
    return text, None if read_only else kb.group_list(context.kampung_id, found)


async def card_view(context: BotContext, group_id: int) -> tuple[str, Any]:
    async with context.reading() as session:
        group = await groups.get_group(session, context.kampung_id, group_id)
        if group is None:
            return t.GROUP_GONE, None
        chairs = await groups.chairs_of(session, group.id)
        count = await families.count_active_families(session, group.id)
    return t.group_card(group, chairs, count), kb.group_card(group, chairs)


async def poktan(update: Update, context: BotContext) -> None:
    """``/poktan``: the secretary's groups; an operator reads them (no buttons)."""
    if not is_private(update):
        await reply(update, texts.PRIVATE_ONLY)
        return
    async with context.reading() as session:
        member = await load_member(session, context, update)
    refusal = refusal_for(member, admin=True)
    if refusal is not None and context.is_operator:
        await reply(update, *await list_view(context, read_only=True))
        return
    if refusal is not None:
        await reply(update, refusal)
        return
    await reply(update, *await list_view(context))


async def show_list(update: Update, context: BotContext) -> None:
    if await secretary_of(update, context) is None:
        return
    await update.callback_query.answer()
    await edit_text(update, *await list_view(context))


async def show_card(update: Update, context: BotContext) -> None:
    [group_id] = ids(update.callback_query.data, kb.CB_PKG_VIEW)
    if await group_for_secretary(update, context, group_id) is None:
        return
    await update.callback_query.answer()
    await edit_text(update, *await card_view(context, group_id))


# --- the flow: a new group, a new name, new RTs ----------------------------------------------


def _draft(context: BotContext) -> dict[str, Any]:
    return context.user_data.setdefault(DRAFT, {})


async def _kampung_rts(context: BotContext) -> list[str]:
    async with context.reading() as session:
        return (await get_kampung(session, context.kampung_id)).rt_list


async def new_group(update: Update, context: BotContext) -> int:
    """ "➕ Tambah kelompok": the kinds."""
    if await secretary_of(update, context) is None:
        return ConversationHandler.END
    context.user_data[DRAFT] = {"mode": "new", "rts": [], "chairs": []}
    await update.callback_query.answer()
    await reply(update, t.ASK_KIND, kb.kinds())
    return KIND


async def _ask_name(update: Update, context: BotContext, kind: PoktanKind) -> int:
    async with context.reading() as session:
        taken = [g.name for g in await groups.list_groups(session, context.kampung_id)]
    suggested = groups.suggested_name(kind, taken)
    draft = _draft(context)
    draft.update(kind=kind.value, suggested=suggested)
    await reply(update, t.ask_name(kind, suggested), kb.suggested_name(suggested))
    return NAME


async def kind_chosen(update: Update, context: BotContext) -> int:
    value = update.callback_query.data.removeprefix(kb.CB_PKG_KIND)
    try:
        kind = PoktanKind(value)
    except ValueError:
        await refuse(update, texts.STALE_BUTTON)
        return KIND
    await update.callback_query.answer()
    await edit_text(update, f"{t.ASK_KIND}\n<b>{t.KIND_LABELS[kind]}</b>")
    return await _ask_name(update, context, kind)


async def kind_typed(update: Update, context: BotContext) -> int:
    """ "bkb", "UPPKS", "pik-r" typed instead of pressed."""
    poktan = read_poktan(update.effective_message.text or "")
    kind = KIND_OF_MEMBER_POKTAN.get(poktan) if poktan is not None else None
    if kind is None:
        await reply(update, t.ASK_KIND_AGAIN, kb.kinds())
        return KIND
    return await _ask_name(update, context, kind)


async def _name_given(update: Update, context: BotContext, text: str) -> int:
    draft = _draft(context)
    try:
        name = groups.clean_group_name(text)
        async with context.reading() as session:
            taken = [
                g
                for g in await groups.list_groups(session, context.kampung_id)
                if g.name.casefold() == name.casefold() and g.id != draft.get("group_id")
            ]
        if taken:
            raise GroupError(groups.GroupProblem.NAME_TAKEN, name)
    except GroupError as error:
        await reply(update, t.group_problem(error.problem.value, error.detail))
        return NAME
    if draft.get("mode") == "rename":
        return await _rename(update, context, name)
    draft["name"] = name
    await reply(
        update,
        t.ask_rts(name, draft["rts"]),
        kb.rt_toggles(await _kampung_rts(context), draft["rts"], save=False),
    )
    return RTS


async def name_suggested(update: Update, context: BotContext) -> int:
    suggested = _draft(context).get("suggested")
    if not suggested:
        await refuse(update, texts.STALE_BUTTON)
        return NAME
    await update.callback_query.answer()
    return await _name_given(update, context, suggested)


async def name_typed(update: Update, context: BotContext) -> int:
    return await _name_given(update, context, update.effective_message.text or "")


async def _show_rts(update: Update, context: BotContext) -> None:
    draft = _draft(context)
    name = draft.get("name", "")
    markup = kb.rt_toggles(await _kampung_rts(context), draft["rts"], save=draft["mode"] == "rts")
    await edit_text(update, t.ask_rts(name, draft["rts"]), markup)


async def rt_toggled(update: Update, context: BotContext) -> int:
    rt = update.callback_query.data.removeprefix(kb.CB_PKG_RT)
    kampung_rts = await _kampung_rts(context)
    if rt not in kampung_rts:
        await refuse(update, texts.STALE_BUTTON)
        return RTS
    draft = _draft(context)
    chosen = set(draft["rts"]) ^ {rt}
    draft["rts"] = [r for r in kampung_rts if r in chosen]
    await update.callback_query.answer()
    await _show_rts(update, context)
    return RTS


async def rt_all(update: Update, context: BotContext) -> int:
    _draft(context)["rts"] = []
    await update.callback_query.answer()
    await _show_rts(update, context)
    return RTS


async def _rts_given(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    if draft.get("mode") == "rts":
        return await _save_rts(update, context)
    return await _ask_chairs(update, context, edit=update.callback_query is not None)


async def rts_done(update: Update, context: BotContext) -> int:
    await update.callback_query.answer()
    return await _rts_given(update, context)


async def rts_typed(update: Update, context: BotContext) -> int:
    try:
        rts = groups.read_rts(update.effective_message.text or "", await _kampung_rts(context))
    except GroupError as error:
        await reply(update, t.group_problem(error.problem.value, error.detail))
        return RTS
    _draft(context)["rts"] = rts
    return await _rts_given(update, context)


async def _candidates(context: BotContext) -> list[Member]:
    kind = PoktanKind(_draft(context)["kind"])
    async with context.reading() as session:
        return await groups.chair_candidates(session, context.kampung_id, kind)


async def _ask_chairs(update: Update, context: BotContext, *, edit: bool, page: int = 0) -> int:
    draft = _draft(context)
    candidates = await _candidates(context)
    chosen_names = [m.full_name or "" for m in candidates if m.id in draft["chairs"]]
    text = t.ask_chairs(
        draft["name"], PoktanKind(draft["kind"]), chosen_names, anyone=bool(candidates)
    )
    markup = kb.chair_toggles(candidates, draft["chairs"], page)
    draft["page"] = page
    if edit:
        await edit_text(update, text, markup)
    else:
        await reply(update, text, markup)
    return CHAIRS


async def chair_toggled(update: Update, context: BotContext) -> int:
    member_id = int(update.callback_query.data.removeprefix(kb.CB_PKG_CHAIR))
    draft = _draft(context)
    chosen: list[int] = draft["chairs"]
    if member_id in chosen:
        chosen.remove(member_id)
    elif member_id not in {m.id for m in await _candidates(context)}:
        await refuse(update, texts.STALE_BUTTON)
        return CHAIRS
    elif len(chosen) >= groups.MAX_CHAIRS:
        await refuse(update, t.CHAIRS_AT_MOST_TWO)
        return CHAIRS
    else:
        chosen.append(member_id)
    await update.callback_query.answer()
    return await _ask_chairs(update, context, edit=True, page=draft.get("page", 0))


async def chair_page(update: Update, context: BotContext) -> int:
    page = int(update.callback_query.data.removeprefix(kb.CB_PKG_CHAIR_PAGE))
    await update.callback_query.answer()
    return await _ask_chairs(update, context, edit=True, page=page)


async def save_group(update: Update, context: BotContext) -> int:
    """The last step: the group, its chairs and their notices in one transaction."""
    query = update.callback_query
    draft = _draft(context)
    now = context.now()
    problem: GroupError | None = None
    async with context.transaction() as session:
        secretary = await load_member(session, context, update)
        refusal = refusal_for(secretary, admin=True)
        if refusal is None:
            try:  # a refused name is refused before anything is added
                group = await groups.create_group(
                    session,
                    context.kampung_id,
                    kind=PoktanKind(draft["kind"]),
                    name=draft["name"],
                    rts=draft["rts"],
                    now=now,
                )
            except GroupError as error:
                problem = error
            else:
                chairs = await _appoint(context, session, group, draft["chairs"])
                group_id = group.id
    if refusal is not None:
        await refuse(update, refusal)
        return ConversationHandler.END
    if problem is not None:
        await query.answer()
        await reply(update, t.group_problem(problem.problem.value, problem.detail))
        return NAME
    if chairs:
        context.wake_delivery()
    context.user_data.pop(DRAFT, None)
    await query.answer()
    await edit_text(update, t.group_created(group, chairs))
    await reply(update, *await card_view(context, group_id))
    return ConversationHandler.END


async def _appoint(
    context: BotContext, session: Any, group: PoktanGroup, member_ids: list[int]
) -> list[Member]:
    """Make these members chairs (those still eligible) and tell each through the outbox."""
    appointed: list[Member] = []
    for member_id in member_ids:
        try:
            added = await groups.add_chair(session, group, member_id, now=context.now())
        except GroupError:
            continue  # left or lost Telegram since she was picked: skipped
        if added:
            member = await session.get(Member, member_id)
            await send_private(context, session, member, t.chair_appointed(group))
            appointed.append(member)
    return appointed


async def rename(update: Update, context: BotContext) -> int:
    [group_id] = ids(update.callback_query.data, kb.CB_PKG_RENAME)
    found = await group_for_secretary(update, context, group_id)
    if found is None:
        return ConversationHandler.END
    _, group = found
    context.user_data[DRAFT] = {"mode": "rename", "group_id": group.id}
    await update.callback_query.answer()
    await reply(update, t.ask_rename(group))
    return NAME


async def _rename(update: Update, context: BotContext, name: str) -> int:
    group_id = _draft(context)["group_id"]
    problem: GroupError | None = None
    async with context.transaction() as session:
        group = await groups.get_group(session, context.kampung_id, group_id)
        if group is not None:
            try:
                await groups.rename_group(session, group, name, now=context.now())
            except GroupError as error:
                problem = error
    if group is None:
        await reply(update, t.GROUP_GONE)
        return ConversationHandler.END
    if problem is not None:
        await reply(update, t.group_problem(problem.problem.value, problem.detail))
        return NAME
    context.user_data.pop(DRAFT, None)
    await reply(update, t.group_renamed(group))
    await reply(update, *await card_view(context, group_id))
    return ConversationHandler.END


async def change_rts(update: Update, context: BotContext) -> int:
    [group_id] = ids(update.callback_query.data, kb.CB_PKG_RTS)
    found = await group_for_secretary(update, context, group_id)
    if found is None:
        return ConversationHandler.END
    _, group = found
    context.user_data[DRAFT] = {
        "mode": "rts",
        "group_id": group.id,
        "name": group.name,
        "rts": group.rt_list,
    }
    await update.callback_query.answer()
    markup = kb.rt_toggles(await _kampung_rts(context), group.rt_list, save=True)
    await reply(update, t.ask_rts(group.name, group.rt_list), markup)
    return RTS


async def _save_rts(update: Update, context: BotContext) -> int:
    draft = _draft(context)
    async with context.transaction() as session:
        group = await groups.get_group(session, context.kampung_id, draft["group_id"])
        if group is not None:
            groups.set_group_rts(group, draft["rts"], now=context.now())
    if group is None:
        await reply(update, t.GROUP_GONE)
        return ConversationHandler.END
    context.user_data.pop(DRAFT, None)
    if update.callback_query is not None:
        await edit_text(update, t.group_rts_saved(group))
    else:
        await reply(update, t.group_rts_saved(group))
    await reply(update, *await card_view(context, group.id))
    return ConversationHandler.END


async def cancel(update: Update, context: BotContext) -> int:
    context.user_data.pop(DRAFT, None)
    await reply(update, t.POKTAN_FLOW_CANCELLED)
    return ConversationHandler.END


def setup_handlers() -> list[BaseHandler[Update, BotContext, Any]]:
    private = filters.ChatType.PRIVATE
    typed = private & filters.TEXT & ~filters.COMMAND
    other = private & ~filters.COMMAND
    kinds = "|".join(kind.value for kind in PoktanKind)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", category=PTBUserWarning, message=".*per_message.*")
        flow = Flow(
            name="poktan_setup",
            entry_points=[
                CallbackQueryHandler(new_group, pattern=r"^pkg:new:\d{1,9}\Z"),
                CallbackQueryHandler(rename, pattern=r"^pkg:ren:\d{1,9}\Z"),
                CallbackQueryHandler(change_rts, pattern=r"^pkg:rts:\d{1,9}\Z"),
            ],
            states={
                KIND: [
                    CallbackQueryHandler(kind_chosen, pattern=rf"^pkg:kind:({kinds})\Z"),
                    MessageHandler(typed, kind_typed),
                    MessageHandler(other, use_buttons),
                ],
                NAME: [
                    CallbackQueryHandler(name_suggested, pattern=r"^pkg:name\Z"),
                    MessageHandler(typed, name_typed),
                    MessageHandler(other, type_text),
                ],
                RTS: [
                    CallbackQueryHandler(rt_toggled, pattern=r"^pkg:rt:[^:]{1,16}\Z"),
                    CallbackQueryHandler(rt_all, pattern=r"^pkg:rtall\Z"),
                    CallbackQueryHandler(rts_done, pattern=r"^pkg:rtok\Z"),
                    MessageHandler(typed, rts_typed),
                    MessageHandler(other, use_buttons),
                ],
                CHAIRS: [
                    CallbackQueryHandler(chair_toggled, pattern=r"^pkg:ch:\d{1,9}\Z"),
                    CallbackQueryHandler(chair_page, pattern=r"^pkg:chpg:\d{1,4}\Z"),
                    CallbackQueryHandler(save_group, pattern=r"^pkg:chok\Z"),
                    MessageHandler(other, use_buttons),
                ],
            },
            fallbacks=[CommandHandler("batal", cancel, filters=private)],
            timeout_text=t.POKTAN_FLOW_TIMED_OUT,
            draft_key=DRAFT,
        )
    return [
        flow,
        CommandHandler("poktan", poktan),
        CallbackQueryHandler(show_list, pattern=r"^pkg:ls:\d{1,9}\Z"),
        CallbackQueryHandler(show_card, pattern=r"^pkg:v:\d{1,9}\Z"),
    ]
