"""Recording a held session step by step, completing a planned one, changing one field.

New (``/catat``, ``pks:new:<group>``): day → topic → who came (the roll by RT, or a
typed count) → speakers → photos → summary → Simpan. Completing a planned session
(``pks:done:…``) starts at who came. Changing one field of a recorded session
(``pks:ed:…``, from the Riwayat) asks that one step and saves it at once.
"""

from __future__ import annotations

from datetime import date, timedelta

from telegram import Update

from handlers.common import acknowledge, edit_text, reply, require_member, stale_press
from handlers.poktan.session_common import (
    COUNT,
    DAY,
    END,
    PHOTOS,
    REVIEW,
    ROLL,
    SPEAKERS,
    TOPIC,
    Roll,
    draft,
    ids_in,
    load_roll,
    local_today,
    manager_of,
    new_draft,
    problem_text,
    refuse,
    typed,
)
from handlers.poktan.session_save import apply_edit
from models.poktan import groups, months, sessions
from models.poktan.kinds import USUAL_TOPICS, PoktanKind
from models.poktan.sessions import (
    SPEAKERS_MAX,
    TOPIC_MAX,
    SessionError,
    SessionProblem,
    SessionStatus,
)
from runtime.context import BotContext
from ui import keyboards as k
from ui import poktan_session_keys as keys
from ui.texts import poktan_sessions as t

# --- starting ------------------------------------------------------------------------


async def catat(update: Update, context: BotContext) -> int:
    """/catat: the chair's group (or a choice of her groups), then the first step."""
    member = await require_member(update, context)
    if member is None:
        return END
    async with context.reading() as session:
        mine = await groups.groups_of_chair(session, context.kampung_id, member.id)
        if not mine and member.is_admin:
            mine = await groups.list_groups(session, context.kampung_id, active_only=True)
    if not mine:
        await reply(update, t.PKS_NO_GROUP)
        return END
    if len(mine) > 1:
        await reply(update, t.PKS_PICK_GROUP, keys.pick_group([(g.id, g.name) for g in mine]))
        return END
    return await _begin(update, context, mine[0].id)


async def start_new(update: Update, context: BotContext) -> int:
    """ "Catat pertemuan" (``pks:new:<group>``) on the chair's menu or the /catat choice."""
    [group_id] = ids_in(update.callback_query.data, k.CB_PKS_NEW)
    return await _begin(update, context, int(group_id))


async def _begin(update: Update, context: BotContext, group_id: int) -> int:
    found = await manager_of(update, context, group_id)
    if found is None:
        return END
    _, group = found
    if update.callback_query is not None:
        await update.callback_query.answer()
    new_draft(
        context,
        mode="new",
        group_id=group.id,
        group_name=group.name,
        kind=group.kind.value,
        present=[],
        photos=[],
    )
    await reply(update, t.pks_ask_day(group.name, local_today(context)), keys.ask_day())
    return DAY


async def start_complete(update: Update, context: BotContext) -> int:
    """ "Catat siapa yang hadir" on a planned session whose time has come."""
    group_id, session_id = map(int, ids_in(update.callback_query.data, k.CB_PKS_COMPLETE))
    found = await manager_of(update, context, group_id)
    if found is None:
        return END
    _, group = found
    async with context.reading() as session:
        record = await sessions.get_session(session, group.id, session_id)
    if record is None:
        await refuse(update, t.PKS_SESSION_GONE)
        return END
    if record.status is not SessionStatus.PLANNED:
        await refuse(update, t.PKS_NOT_PLANNED)
        return END
    if record.starts_at is not None and record.starts_at > context.now():
        await refuse(update, t.PKS_DAY_FUTURE)
        return END
    await update.callback_query.answer()
    new_draft(
        context,
        mode="complete",
        group_id=group.id,
        group_name=group.name,
        kind=group.kind.value,
        session_id=record.id,
        day=record.held_on.isoformat(),
        topic=record.topic,
        present=[],
        photos=[],
    )
    return await _ask_roll(update, context)


async def start_edit(update: Update, context: BotContext) -> int:
    """A field's button on a recorded session (Riwayat): ask that one step."""
    group_id, session_id, field = ids_in(update.callback_query.data, k.CB_PKS_EDIT)
    found = await manager_of(update, context, int(group_id))
    if found is None:
        return END
    _, group = found
    async with context.reading() as session:
        record = await sessions.get_session(session, group.id, int(session_id))
        is_open = record is not None and await months.month_is_open(
            session, group.id, record.held_on
        )
        present = await sessions.present_of(session, [record.id]) if record else {}
    if record is None or record.status is not SessionStatus.HELD:
        await refuse(update, t.PKS_SESSION_GONE)
        return END
    if not is_open:
        await refuse(update, problem_text(SessionProblem.MONTH_SENT, record.held_on))
        return END
    await update.callback_query.answer()
    state = new_draft(
        context,
        mode="edit",
        field=field,
        group_id=group.id,
        group_name=group.name,
        kind=group.kind.value,
        session_id=record.id,
        day=record.held_on.isoformat(),
        topic=record.topic,
        present=sorted(present.get(record.id, set())),
        photos=[],
    )
    if field == "day":
        await reply(update, t.pks_ask_day(group.name, local_today(context)), keys.ask_day())
        return DAY
    if field == "topic":
        return await _ask_topic(update, context)
    if field == "roll":
        return await _ask_roll(update, context)
    if field == "spk":
        await reply(update, t.PKS_ASK_NEW_SPEAKERS, keys.skip())
        return SPEAKERS
    state["field"] = "photo"
    await reply(update, t.PKS_ASK_PHOTOS, keys.photos_done())
    return PHOTOS


# --- the day ---------------------------------------------------------------------------


async def day_pressed(update: Update, context: BotContext) -> int:
    days_ago = int(update.callback_query.data.removeprefix(k.CB_PKS_DAY))
    return await _day_chosen(update, context, local_today(context) - timedelta(days=days_ago))


async def day_typed(update: Update, context: BotContext) -> int:
    try:
        day = sessions.read_held_day(typed(update), today=local_today(context))
    except SessionError as error:
        await reply(update, problem_text(error.problem))
        return DAY
    return await _day_chosen(update, context, day)


async def _day_chosen(update: Update, context: BotContext, day: date) -> int:
    state = draft(context)
    try:
        sessions.check_held_day(day, today=local_today(context))
    except SessionError as error:
        await refuse(update, problem_text(error.problem))
        return DAY
    async with context.reading() as session:
        is_open = await months.month_is_open(session, state["group_id"], day)
    if not is_open:
        await refuse(update, problem_text(SessionProblem.MONTH_SENT, day))
        return DAY
    if update.callback_query is not None:
        await acknowledge(update)
    state["day"] = day.isoformat()
    if state["mode"] == "edit":
        return await apply_edit(update, context, held_on=day)
    return await _ask_topic(update, context)


# --- the topic -----------------------------------------------------------------------


def _topics(context: BotContext) -> tuple[str, ...]:
    return USUAL_TOPICS[PoktanKind(draft(context)["kind"])]


async def _ask_topic(update: Update, context: BotContext) -> int:
    choices = _topics(context)
    await reply(update, t.pks_ask_topic(choices), keys.topics(choices))
    return TOPIC


async def topic_pressed(update: Update, context: BotContext) -> int:
    index = int(update.callback_query.data.removeprefix(k.CB_PKS_TOPIC))
    choices = _topics(context)
    if index >= len(choices):
        await stale_press(update, context)
        return TOPIC
    await acknowledge(update)
    return await _topic_chosen(update, context, choices[index])


async def topic_typed(update: Update, context: BotContext) -> int:
    text = " ".join(typed(update).split())
    if len(text) > TOPIC_MAX:
        await reply(update, t.PKS_TOPIC_TOO_LONG)
        return TOPIC
    if not text:
        return await _ask_topic(update, context)
    return await _topic_chosen(update, context, text)


async def _topic_chosen(update: Update, context: BotContext, topic: str) -> int:
    state = draft(context)
    state["topic"] = topic
    if state["mode"] == "edit":
        return await apply_edit(update, context, topic=topic)
    return await _ask_roll(update, context)


# --- who came ------------------------------------------------------------------------


async def _roll_view(context: BotContext, roll: Roll) -> tuple[str, object]:
    state = draft(context)
    page = min(state.get("page", 0), len(roll.pages) - 1)
    state["page"] = page
    here = roll.pages[page]
    present = set(state["present"])
    text = t.pks_roll(
        here.rt,
        here.part,
        here.parts,
        len(present & set(here.family_ids)),
        len(here.family_ids),
        len(present & set(roll.names)),
        roll.total,
    )
    markup = keys.roll(
        [(fid, roll.names[fid]) for fid in here.family_ids],
        present,
        page=page,
        pages=roll.page_keys(),
    )
    return text, markup


async def _ask_roll(update: Update, context: BotContext) -> int:
    state = draft(context)
    async with context.reading() as session:
        roll = await load_roll(session, state["group_id"])
    if not roll.total:
        await reply(update, t.pks_no_families(state["group_name"]))
        if state["mode"] == "edit":
            return END
        return await _ask_speakers(update, context)
    state["page"] = 0
    text, markup = await _roll_view(context, roll)
    await reply(update, text, markup)  # type: ignore[arg-type]
    return ROLL


async def _redraw_roll(update: Update, context: BotContext) -> int:
    async with context.reading() as session:
        roll = await load_roll(session, draft(context)["group_id"])
    if not roll.total:
        await refuse(update, t.pks_no_families(draft(context)["group_name"]))
        return ROLL
    await update.callback_query.answer()
    text, markup = await _roll_view(context, roll)
    await edit_text(update, text, markup)  # type: ignore[arg-type]
    return ROLL


async def toggle_pressed(update: Update, context: BotContext) -> int:
    family_id = int(update.callback_query.data.removeprefix(k.CB_PKS_TOGGLE))
    async with context.reading() as session:
        roll = await load_roll(session, draft(context)["group_id"])
    if family_id not in roll.names:  # forged, or deactivated since the page was drawn
        await refuse(update, t.PKS_REFUSED_NOT_A_FAMILY)
        return ROLL
    present = set(draft(context)["present"])
    present ^= {family_id}
    draft(context)["present"] = sorted(present)
    return await _redraw_roll(update, context)


async def page_pressed(update: Update, context: BotContext) -> int:
    draft(context)["page"] = int(update.callback_query.data.removeprefix(k.CB_PKS_PAGE))
    return await _redraw_roll(update, context)


async def all_pressed(update: Update, context: BotContext) -> int:
    state = draft(context)
    page = int(update.callback_query.data.removeprefix(k.CB_PKS_ALL))
    async with context.reading() as session:
        roll = await load_roll(session, state["group_id"])
    if 0 <= page < len(roll.pages):
        here = set(roll.pages[page].family_ids)
        present = set(state["present"])
        present = present - here if here <= present else present | here
        state["present"] = sorted(present)
        state["page"] = page
    return await _redraw_roll(update, context)


async def roll_done(update: Update, context: BotContext) -> int:
    await acknowledge(update)
    state = draft(context)
    state["count"] = None
    if state["mode"] == "edit":
        return await apply_edit(update, context, roll=state["present"])
    return await _ask_speakers(update, context)


async def count_pressed(update: Update, context: BotContext) -> int:
    await acknowledge(update)
    async with context.reading() as session:
        roll = await load_roll(session, draft(context)["group_id"])
    await reply(update, t.pks_ask_count(roll.total))
    return COUNT


async def count_typed(update: Update, context: BotContext) -> int:
    text = typed(update)
    if not text.isdigit():
        await reply(update, t.PKS_COUNT_NOT_NUMBER)
        return COUNT
    state = draft(context)
    async with context.reading() as session:
        roll = await load_roll(session, state["group_id"])
    count = int(text)
    if count > roll.total:
        await reply(update, t.pks_count_too_large(roll.total))
        return COUNT
    state["count"], state["present"] = count, []
    if state["mode"] == "edit":
        return await apply_edit(update, context, count=count)
    return await _ask_speakers(update, context)


# --- speakers and photos ---------------------------------------------------------------


async def _ask_speakers(update: Update, context: BotContext) -> int:
    await reply(update, t.PKS_ASK_SPEAKERS, keys.skip())
    return SPEAKERS


async def speakers_typed(update: Update, context: BotContext) -> int:
    text = " ".join(typed(update).split())
    if len(text) > SPEAKERS_MAX:
        await reply(update, t.PKS_TEXT_TOO_LONG)
        return SPEAKERS
    return await _speakers_given(update, context, text or None)


async def speakers_skipped(update: Update, context: BotContext) -> int:
    await acknowledge(update)
    return await _speakers_given(update, context, None)


async def _speakers_given(update: Update, context: BotContext, speakers: str | None) -> int:
    state = draft(context)
    state["speakers"] = speakers
    if state["mode"] == "edit":
        return await apply_edit(update, context, speakers=speakers or "")
    await reply(update, t.PKS_ASK_PHOTOS, keys.photos_done())
    return PHOTOS


async def photo_given(update: Update, context: BotContext) -> int:
    message = update.effective_message
    photo = message.photo[-1] if message and message.photo else None
    if photo is None:
        await reply(update, t.PKS_SEND_PHOTO_OR_DONE, keys.photos_done())
        return PHOTOS
    photos = draft(context)["photos"]
    if photo.file_unique_id not in {unique for _, unique in photos}:
        photos.append([photo.file_id, photo.file_unique_id])
    await reply(update, t.pks_photo_kept(len(photos)), keys.photos_done())
    return PHOTOS


async def not_a_photo(update: Update, context: BotContext) -> int:
    await reply(update, t.PKS_SEND_PHOTO_OR_DONE, keys.photos_done())
    return PHOTOS


async def photos_done(update: Update, context: BotContext) -> int:
    await acknowledge(update)
    state = draft(context)
    if state["mode"] == "edit":
        return await apply_edit(update, context, photos=True)
    return await _review(update, context)


# --- the summary and Simpan ----------------------------------------------------------------


async def _review(update: Update, context: BotContext) -> int:
    state = draft(context)
    async with context.reading() as session:
        roll = await load_roll(session, state["group_id"])
    count = state.get("count")
    present = count if count is not None else len(set(state["present"]) & set(roll.names))
    attendance = t.pks_attendance(
        present if roll.total or count is not None else None, roll.total, count is not None
    )
    text = t.pks_summary(
        state["group_name"],
        date.fromisoformat(state["day"]),
        state.get("topic"),
        attendance,
        state.get("speakers"),
        len(state["photos"]),
    )
    await reply(update, text, keys.review())
    return REVIEW


async def review_typed(update: Update, context: BotContext) -> int:
    await reply(update, t.PKS_USE_SAVE, keys.review())
    return REVIEW


async def abort(update: Update, context: BotContext) -> int:
    if update.callback_query is not None:
        await acknowledge(update)
    await reply(update, t.PKS_CANCELLED)
    return END
