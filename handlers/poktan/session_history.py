"""The Riwayat of a group: this month's and last month's sessions, each shown with its
edit buttons while its month is open, and deleting one after a confirmation."""

from __future__ import annotations

from datetime import date, timedelta

from telegram import InlineKeyboardMarkup, Update

from handlers.common import acknowledge, edit_text, reply
from handlers.poktan.session_common import (
    ids_in,
    load_roll,
    local_today,
    manager_of,
    problem_text,
    refuse,
)
from models.poktan import months, reminders, sessions
from models.poktan.months import month_of, previous_month
from models.poktan.sessions import SessionError, SessionStatus
from runtime.context import BotContext
from ui import keyboards as k
from ui import poktan_session_keys as keys
from ui.texts import poktan_sessions as t

SHOWN_STATUSES = (SessionStatus.HELD, SessionStatus.PLANNED)
PLANNED_REACH = timedelta(days=400)  # planned sessions listed this far ahead


async def history(update: Update, context: BotContext) -> None:
    """ "Riwayat pertemuan" (``pks:list:<group>``)."""
    [group_id] = ids_in(update.callback_query.data, k.CB_PKS_LIST)
    found = await manager_of(update, context, int(group_id))
    if found is None:
        return
    _, group = found
    today = local_today(context)
    first = previous_month(today)
    last = months.last_day(month_of(today))
    async with context.reading() as session:
        listed = await sessions.sessions_in(
            session, group.id, first, today + PLANNED_REACH, statuses=SHOWN_STATUSES
        )
    # This month's and last month's, and every session planned ahead (to change it).
    listed = [s for s in listed if s.held_on <= last or s.status is SessionStatus.PLANNED]
    await update.callback_query.answer()
    names = [t.pks_month_name(first), t.pks_month_name(month_of(today))]
    rows = [(s.id, s.held_on, s.topic, s.status is SessionStatus.PLANNED) for s in listed]
    await reply(update, t.pks_history(group.name, names, len(rows)), keys.history(group.id, rows))


async def session_card(
    context: BotContext, group_id: int, session_id: int
) -> tuple[str, InlineKeyboardMarkup] | None:
    """A session as the chair reads it, with what she may still do; None if it is gone."""
    async with context.reading() as session:
        record = await sessions.get_session(session, group_id, session_id)
        if record is None or record.status not in SHOWN_STATUSES:
            return None
        group_name = (await sessions.group_of(session, record)).name
        is_open = await months.month_is_open(session, group_id, record.held_on)
        present = (await sessions.present_of(session, [record.id]))[record.id]
        photos = (await sessions.photo_counts(session, [record.id]))[record.id]
        roll = await load_roll(session, group_id)
    planned = record.status is SessionStatus.PLANNED
    if planned and record.starts_at is not None:
        text = t.pks_planned_card(
            group_name, record.starts_at, context.tz, record.place, record.topic
        )
    else:
        typed = record.present_count is not None
        attendance = t.pks_attendance(
            record.present_count if typed else len(present), roll.total, typed
        )
        text = t.pks_summary(
            group_name,
            record.held_on,
            record.topic,
            attendance,
            record.speakers,
            photos,
            title="Pertemuan",
        )
    if not is_open:
        text += t.pks_locked_note(month_of(record.held_on))
    markup = keys.session_actions(group_id, record.id, editable=is_open, planned=planned)
    return text, markup


async def send_session_card(
    update: Update, context: BotContext, group_id: int, session_id: int
) -> None:
    card = await session_card(context, group_id, session_id)
    if card is None:
        await reply(update, t.PKS_SESSION_GONE)
        return
    await reply(update, *card)


async def view(update: Update, context: BotContext) -> None:
    """One session of the Riwayat (``pks:view:<group>:<session>``)."""
    group_id, session_id = map(int, ids_in(update.callback_query.data, k.CB_PKS_VIEW))
    if await manager_of(update, context, group_id) is None:
        return
    card = await session_card(context, group_id, session_id)
    if card is None:
        await refuse(update, t.PKS_SESSION_GONE)
        return
    await update.callback_query.answer()
    await reply(update, *card)


async def ask_delete(update: Update, context: BotContext) -> None:
    group_id, session_id = map(int, ids_in(update.callback_query.data, k.CB_PKS_DELETE))
    if await manager_of(update, context, group_id) is None:
        return
    async with context.reading() as session:
        record = await sessions.get_session(session, group_id, session_id)
        is_open = record is not None and await months.month_is_open(
            session, group_id, record.held_on
        )
    if record is None:
        await refuse(update, t.PKS_SESSION_GONE)
        return
    if not is_open:
        await refuse(update, problem_text(sessions.SessionProblem.MONTH_SENT, record.held_on))
        return
    await update.callback_query.answer()
    await reply(
        update,
        t.pks_confirm_delete(record.held_on, record.topic),
        keys.confirm_delete(group_id, session_id),
    )


async def delete_confirmed(update: Update, context: BotContext) -> None:
    group_id, session_id = map(int, ids_in(update.callback_query.data, k.CB_PKS_DELETE_YES))
    found = await manager_of(update, context, group_id)
    if found is None:
        return
    _, group = found
    refusal: str | None = None
    day: date | None = None
    try:
        async with context.transaction() as session:
            record = await sessions.lock_session(session, group.id, session_id)
            if record is None:
                refusal = t.PKS_SESSION_GONE
            else:
                day = record.held_on
                # What its reminders still had to send (a planned session) is not sent;
                # first, while its reminder rows still name their broadcasts.
                await reminders.drop_session_deliveries(session, session_id, now=context.now())
                await sessions.delete_session(session, group, record)
    except SessionError as error:
        refusal = problem_text(error.problem, day)
    if refusal is not None:
        await refuse(update, refusal)
        return
    await update.callback_query.answer()
    await edit_text(update, t.PKS_DELETED, keys.history_button(group.id))


async def delete_kept(update: Update, context: BotContext) -> None:
    await acknowledge(update)
    await reply(update, t.PKS_DELETE_KEPT)
