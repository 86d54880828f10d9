"""Picking an existing meeting to change or cancel it, and cancelling it.

``/jadwal ubah`` and ``/jadwal batal`` (or the card's buttons) choose the meeting here;
a change then continues with the steps in ``plan.py``.
"""

from __future__ import annotations

from telegram import Update

from handlers.common import acknowledge, reply, require_member
from handlers.meetings.common import (
    CANCEL_CONFIRM,
    CANCEL_REASON,
    EDIT_MENU,
    END,
    FLOW,
    PICK,
    admin_in_private,
    card_text,
    flow_state,
    message_text,
    outgoing_notice,
    reset_flow,
    share_on_whatsapp,
)
from models.broadcast import BroadcastKind, drop_meeting_deliveries, plan_broadcast, recipient_count
from models.kampung import get_kampung
from models.meeting import Meeting, MeetingPlan, cancel_meeting, get_meeting, upcoming_meetings
from models.rules.answers import read_yes_no
from runtime.context import BotContext
from scheduler.reminders import replan_reminders
from ui import keyboards, texts


async def begin_pick(update: Update, context: BotContext, action: str, reason: str) -> int:
    """``/jadwal ubah`` and ``/jadwal batal [alasan]``: choose the meeting if several."""
    if await admin_in_private(update, context) is None:
        return END
    reset_flow(context, cancel_reason=reason.strip() or None)
    async with context.reading() as session:
        meetings = [
            m
            for m in await upcoming_meetings(session, context.kampung_id, context.now())
            if m.starts_at > context.now()
        ]
    if not meetings:
        await reply(update, texts.no_meeting(True), keyboards.create_meeting(context.kampung_id))
        return END
    if len(meetings) == 1:
        return await act_on_meeting(update, context, action, meetings[0])
    tz = context.tz
    choices = [(m.id, texts.short_meeting_label(m, tz)) for m in meetings[:8]]
    await reply(update, texts.PICK_MEETING, keyboards.pick_meeting(action, choices))
    return PICK


async def meeting_picked(update: Update, context: BotContext) -> int:
    query = update.callback_query
    _, _, action, meeting_id = query.data.split(":")
    if await require_member(update, context, admin=True) is None:
        return END
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, int(meeting_id))
    if meeting is None or meeting.is_cancelled or meeting.starts_at <= context.now():
        await query.answer(texts.MEETING_GONE, show_alert=True)
        return END
    await acknowledge(update)
    return await act_on_meeting(update, context, action, meeting)


async def act_on_meeting(update: Update, context: BotContext, action: str, meeting: Meeting) -> int:
    flow = flow_state(context)
    if action == "ubah":
        flow["plan"] = MeetingPlan.of(meeting, context.tz)
        flow["meeting_id"] = meeting.id
        flow["review_after"] = True
        flow["second_ok_for"] = meeting.quarter(context.tz)
        await reply(update, await card_text(context, meeting))
        await reply(update, texts.ASK_FIELD_TO_EDIT, keyboards.edit_fields())
        return EDIT_MENU
    flow["meeting_id"] = meeting.id
    if not flow.get("cancel_reason"):
        await reply(update, texts.ASK_CANCEL_REASON)
        return CANCEL_REASON
    return await _confirm_cancel(update, context, meeting)


async def cancel_reason_given(update: Update, context: BotContext) -> int:
    reason = " ".join(message_text(update).split())
    if not 3 <= len(reason) <= 300:
        await reply(update, texts.CANCEL_REASON_INVALID)
        return CANCEL_REASON
    flow = flow_state(context)
    flow["cancel_reason"] = reason
    async with context.reading() as session:
        meeting = await get_meeting(session, context.kampung_id, flow["meeting_id"])
    if meeting is None:
        await reply(update, texts.MEETING_GONE)
        return END
    return await _confirm_cancel(update, context, meeting)


async def _confirm_cancel(update: Update, context: BotContext, meeting: Meeting) -> int:
    reason = flow_state(context)["cancel_reason"][:300]
    flow_state(context)["cancel_reason"] = reason
    card = await card_text(context, meeting)
    await reply(update, texts.confirm_cancel(card, reason), keyboards.confirm_cancel(meeting.id))
    return CANCEL_CONFIRM


async def cancel_confirmed(update: Update, context: BotContext) -> int:
    """Cancel the meeting and have everyone who was told of it told."""
    query = update.callback_query
    if await require_member(update, context, admin=True) is None:
        return END
    flow = flow_state(context)
    if query is not None:
        meeting_id = int(query.data.removeprefix(keyboards.CB_CANCEL_YES))
    else:  # "ya" typed under the question: the meeting of the flow
        meeting_id = flow.get("meeting_id")
    reason = flow.get("cancel_reason")
    if meeting_id is None or flow.get("meeting_id") != meeting_id or not reason:
        if query is not None:
            await query.answer(texts.STALE_BUTTON, show_alert=True)
        else:
            await reply(update, texts.STALE_BUTTON)
        return END
    context.user_data.pop(FLOW, None)  # type: ignore[union-attr]
    tz = context.tz
    async with context.transaction() as session:
        kampung = await get_kampung(session, context.kampung_id)
        meeting = await get_meeting(session, kampung.id, meeting_id)
        gone = (
            meeting is None
            or meeting.is_cancelled
            or meeting.starts_at <= context.now()
            # One conditional update: of two admins confirming at once, one cancels.
            or not await cancel_meeting(session, meeting, reason, now=context.now())
        )
        if not gone:
            # Reminders, prompts and notices still queued for it are not sent any more.
            await drop_meeting_deliveries(
                session, meeting_id, now=context.now(), reason="cancelled"
            )
            notice = texts.meeting_cancelled(meeting, kampung.name, tz)
            share = texts.wa_cancellation(meeting, kampung.name, tz)
            broadcast = await plan_broadcast(
                session,
                kampung,
                meeting,
                BroadcastKind.CANCELLATION,
                outgoing_notice(update, meeting, notice, None),
                now=context.now(),
            )
            recipients = await recipient_count(session, broadcast.id)
            has_group = kampung.group_chat_id is not None
    if gone:
        if query is not None:
            await query.answer(texts.MEETING_GONE, show_alert=True)
        else:
            await reply(update, texts.MEETING_GONE)
        return END
    context.wake_delivery()
    await replan_reminders(context.application, meeting_id)
    if query is not None:
        await acknowledge(update)
    started = texts.sending_started(BroadcastKind.CANCELLATION, recipients, group=has_group)
    await reply(update, f"{notice}\n\n{started}")
    await share_on_whatsapp(update, share)
    return END


async def cancel_kept(update: Update, context: BotContext) -> int:
    if update.callback_query is not None:
        await acknowledge(update)
    context.user_data.pop(FLOW, None)  # type: ignore[union-attr]
    await reply(update, texts.CANCEL_KEPT)
    return END


async def cancel_typed(update: Update, context: BotContext) -> int:
    """ "ya" confirms the cancellation, "tidak" keeps the meeting; else the buttons again."""
    answer = read_yes_no(message_text(update))
    if answer is True:
        return await cancel_confirmed(update, context)
    if answer is False:
        return await cancel_kept(update, context)
    meeting_id = flow_state(context).get("meeting_id")
    if meeting_id is None:
        await reply(update, texts.STALE_BUTTON)
        return END
    await reply(update, texts.TYPED_HINT_YES_NO, keyboards.confirm_cancel(meeting_id))
    return CANCEL_CONFIRM
