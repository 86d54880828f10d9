"""Planning a session ahead (``pks:plan:<group>``): when → where → topic → Simpan.

Saving writes the session (planned) and its reminder rows in one transaction; after
the commit the scheduler gets one wake-up per row (scheduler/poktan_reminders.py). The
reminders go to the group's cadres through the outbox; after the planned time the
chairs are asked to record who came, which makes it a held session.
"""

from __future__ import annotations

from datetime import datetime

from telegram import Update

from handlers.common import acknowledge, reply, require_member, stale_press
from handlers.poktan.session_common import (
    END,
    PLAN_PLACE,
    PLAN_REVIEW,
    PLAN_TOPIC,
    PLAN_WHEN,
    draft,
    ids_in,
    local_today,
    manager_of,
    may_manage,
    new_draft,
    problem_text,
    typed,
)
from models.poktan import reminders, sessions
from models.poktan.kinds import USUAL_TOPICS, PoktanKind
from models.poktan.sessions import PLACE_MAX, TOPIC_MAX, SessionError
from runtime.context import BotContext
from scheduler.poktan_reminders import schedule
from ui import keyboards as k
from ui import poktan_session_keys as keys
from ui.texts import poktan_sessions as t


async def start_plan(update: Update, context: BotContext) -> int:
    [group_id] = ids_in(update.callback_query.data, k.CB_PKS_PLAN)
    found = await manager_of(update, context, int(group_id))
    if found is None:
        return END
    await update.callback_query.answer()
    _, group = found
    new_draft(context, mode="plan", group_id=group.id, group_name=group.name, kind=group.kind.value)
    await reply(update, t.pks_ask_plan_when(group.name))
    return PLAN_WHEN


async def when_typed(update: Update, context: BotContext) -> int:
    try:
        starts_at = sessions.read_plan_start(
            typed(update), today=local_today(context), tz=context.tz
        )
    except SessionError as error:
        past = error.problem is sessions.SessionProblem.PAST_DATE
        await reply(update, t.PKS_PLAN_WHEN_PAST if past else t.PKS_PLAN_WHEN_BAD)
        return PLAN_WHEN
    if starts_at <= context.now():
        await reply(update, t.PKS_PLAN_WHEN_PAST)
        return PLAN_WHEN
    draft(context)["starts_at"] = starts_at.isoformat()
    await reply(update, t.PKS_ASK_PLACE)
    return PLAN_PLACE


async def place_typed(update: Update, context: BotContext) -> int:
    place = " ".join(typed(update).split())
    if not place or len(place) > PLACE_MAX:
        await reply(update, t.PKS_TEXT_TOO_LONG if place else t.PKS_ASK_PLACE)
        return PLAN_PLACE
    draft(context)["place"] = place
    choices = USUAL_TOPICS[PoktanKind(draft(context)["kind"])]
    await reply(update, t.pks_ask_topic(choices), keys.topics(choices))
    return PLAN_TOPIC


async def topic_pressed(update: Update, context: BotContext) -> int:
    choices = USUAL_TOPICS[PoktanKind(draft(context)["kind"])]
    index = int(update.callback_query.data.removeprefix(k.CB_PKS_TOPIC))
    if index >= len(choices):
        await stale_press(update, context)
        return PLAN_TOPIC
    await acknowledge(update)
    return await _review(update, context, choices[index])


async def topic_typed(update: Update, context: BotContext) -> int:
    topic = " ".join(typed(update).split())
    if not topic or len(topic) > TOPIC_MAX:
        await reply(update, t.PKS_TOPIC_TOO_LONG if topic else t.pks_ask_topic(()))
        return PLAN_TOPIC
    return await _review(update, context, topic)


async def _review(update: Update, context: BotContext, topic: str) -> int:
    state = draft(context)
    state["topic"] = topic
    starts_at = datetime.fromisoformat(state["starts_at"])
    card = t.pks_planned_card(state["group_name"], starts_at, context.tz, state["place"], topic)
    await reply(update, card, keys.review())
    return PLAN_REVIEW


async def review_typed(update: Update, context: BotContext) -> int:
    await reply(update, t.PKS_USE_SAVE, keys.review())
    return PLAN_REVIEW


async def save_plan(update: Update, context: BotContext) -> int:
    state = draft(context)
    member = await require_member(update, context)
    if member is None:
        return END
    starts_at = datetime.fromisoformat(state["starts_at"])
    held_on = starts_at.astimezone(context.tz).date()
    refusal: str | None = None
    planned: list[tuple[int, datetime]] = []
    cadres = 0
    try:
        async with context.transaction() as session:
            group = await may_manage(session, context, member, state["group_id"])
            if group is None:
                refusal = t.PKS_NOT_CHAIR
            else:
                record = await sessions.plan_session(
                    session,
                    group,
                    starts_at=starts_at,
                    held_on=held_on,
                    place=state.get("place"),
                    topic=state.get("topic"),
                    by_id=member.id,
                    now=context.now(),
                )
                rows = await reminders.plan_reminders(
                    session, record, context.tz, now=context.now()
                )
                planned = reminders.reminder_ids(rows)
                cadres = len(await reminders.cadre_ids(session, group))
    except SessionError as error:
        refusal = problem_text(error.problem, held_on)
    await acknowledge(update)
    if refusal is not None:
        await reply(update, refusal)
        return END
    schedule(context.application, planned)
    await reply(
        update, t.pks_planned(state["group_name"], cadres), keys.history_button(state["group_id"])
    )
    return END
