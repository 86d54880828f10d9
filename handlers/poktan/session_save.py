"""Storing what the session flow gathered: Simpan of a new or completed session, and
one changed field of a recorded session, each in one transaction (checked again there:
rights, the month still open, the families still active), or nothing."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import Update

from handlers.common import acknowledge, reply, require_member
from handlers.poktan.session_common import (
    END,
    draft,
    load_roll,
    local_today,
    may_manage,
    problem_text,
)
from handlers.poktan.session_history import send_session_card
from handlers.portal import send_session_post_card
from models.poktan import sessions
from models.poktan.groups import PoktanGroup
from models.poktan.sessions import SessionError, SessionProblem, SessionStatus
from runtime.context import BotContext
from ui import poktan_session_keys as keys
from ui.texts import poktan_sessions as t
from ui.texts import portal_poktan as tp


class _Refused(Exception):
    """Leave the transaction (rolled back) with a short reason for the presser."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


async def save(update: Update, context: BotContext) -> int:
    """Simpan: everything checked again and stored in one transaction, or nothing."""
    state = draft(context)
    member = await require_member(update, context)
    if member is None:
        return END
    day = date.fromisoformat(state["day"])
    try:
        async with context.transaction() as session:
            group = await may_manage(session, context, member, state["group_id"])
            if group is None:
                raise _Refused(t.PKS_NOT_CHAIR)
            total = (await load_roll(session, group.id)).total
            try:
                record = await _store(session, context, group, member.id, state)
            except SessionError as error:
                raise _Refused(problem_text(error.problem, day, total)) from error
            for file_id, unique in state["photos"]:
                await sessions.add_photo(
                    session,
                    record,
                    file_id=file_id,
                    file_unique_id=unique,
                    by_id=member.id,
                    now=context.now(),
                )
    except _Refused as refused:
        await acknowledge(update)
        await reply(update, refused.text)
        return END
    await acknowledge(update)
    await reply(update, t.pks_saved(group.name, day), keys.history_button(group.id))
    # Held now (recorded, or a planned one completed): its portal post, ready to fill
    # in, to whoever saved it (docs/portal.md §8.5).
    await reply(update, tp.SESSION_POST_INTRO)
    await send_session_post_card(update, context, group.id, record.id)
    return END


async def _store(
    session: AsyncSession,
    context: BotContext,
    group: PoktanGroup,
    by_id: int,
    state: dict[str, Any],
) -> sessions.PoktanSession:
    today = local_today(context)
    count: int | None = state.get("count")
    present: list[int] = list(state["present"])
    speakers: str | None = state.get("speakers")
    if state["mode"] == "complete":
        record = await sessions.lock_session(session, group.id, state["session_id"])
        if record is None:
            raise SessionError(SessionProblem.NOT_PLANNED)
        await sessions.complete_session(
            session,
            group,
            record,
            today=today,
            family_ids=present,
            present_count=count,
            speakers=speakers,
            now=context.now(),
        )
        return record
    return await sessions.record_session(
        session,
        group,
        held_on=date.fromisoformat(state["day"]),
        today=today,
        topic=state.get("topic"),
        family_ids=present,
        present_count=count,
        speakers=speakers,
        by_id=by_id,
        now=context.now(),
    )


async def apply_edit(update: Update, context: BotContext, **change: Any) -> int:
    """Store one changed field of a recorded session at once (its row locked first, so
    two chairs changing it at the same moment change it one after the other)."""
    state = draft(context)
    member = await require_member(update, context)
    if member is None:
        return END
    added = 0
    now, today = context.now(), local_today(context)
    try:
        async with context.transaction() as session:
            group = await may_manage(session, context, member, state["group_id"])
            if group is None:
                raise _Refused(t.PKS_NOT_CHAIR)
            record = await sessions.lock_session(session, group.id, state["session_id"])
            if record is None or record.status is not SessionStatus.HELD:
                raise _Refused(t.PKS_SESSION_GONE)
            total = (await load_roll(session, group.id)).total
            try:
                added = await _change(session, group, record, member.id, state, change, now, today)
            except SessionError as error:
                day = change.get("held_on") or record.held_on
                raise _Refused(problem_text(error.problem, day, total)) from error
    except _Refused as refused:
        await reply(update, refused.text)
        return END
    await reply(update, t.pks_photos_added(added) if "photos" in change else t.PKS_EDITED)
    await send_session_card(update, context, group.id, state["session_id"])
    return END


async def _change(
    session: AsyncSession,
    group: PoktanGroup,
    record: sessions.PoktanSession,
    by_id: int,
    state: dict[str, Any],
    change: dict[str, Any],
    now: datetime,
    today: date,
) -> int:
    """Apply one field's change; the number of photos added (0 for other fields)."""
    if "roll" in change:
        await sessions.set_roll(session, group, record, state["present"], now=now)
    elif "count" in change:
        await sessions.set_present_count(session, group, record, change["count"], now=now)
    elif "photos" in change:
        await sessions.check_open(session, group.id, record.held_on)
        added = 0
        for file_id, unique in state["photos"]:
            added += await sessions.add_photo(
                session, record, file_id=file_id, file_unique_id=unique, by_id=by_id, now=now
            )
        return added
    else:
        await sessions.edit_session(session, group, record, today=today, now=now, **change)
    return 0
