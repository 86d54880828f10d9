"""The Poktan month's days (issue 18): the register on the 1st at 07.00, reminders on the
2nd and 3rd, the secretary's list on the 3rd, the operators' list on the 4th; in January
also each group's K/0 draft card (``scheduler/poktan_k0.py``).

The job runs every few minutes, the first time as soon as the bot runs (not before it
polls: 2,500 groups take tens of seconds, and updates are answered meanwhile);
``models/poktan/monthly.py`` says what is owed in each kampung's own zone and claims it in
the transaction that writes the messages to the outbox, so a restart or a second run sends
nothing twice, and a bot that was down on the 1st sends the register when it is back. The
delivery worker is woken as each batch of kampungs' messages is committed: the first
registers are sent while the next kampungs' are still being written.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from models.broadcast import (
    BroadcastKind,
    Outgoing,
    plan_to_admins,
    plan_to_chat,
    plan_to_chats,
)
from models.kampung import Kampung, list_kampungs
from models.poktan.k0 import january_somewhere
from models.poktan.monthly import (
    ChairPrompt,
    NoticeKind,
    claim_chair_prompts,
    claim_notice,
    missing_groups,
    operator_list_due,
    secretary_list_due,
    step_of,
)
from models.poktan.months import previous_month
from models.poktan.register import load_register_months
from models.register_data import RegisterMonth
from runtime.context import BotContext
from scheduler.common import App, run_repeating
from scheduler.poktan_k0 import run_kampung_k0
from ui import keyboards, texts

logger = logging.getLogger(__name__)

POKTAN_MONTH_JOB_ID = "poktan-month"
POKTAN_MONTH_EVERY = timedelta(minutes=5)
# Kampungs written per transaction (and per wake-up of the delivery worker): on the 1st,
# 20 kampungs of 5 groups are 100 registers in about 15 statements, about three seconds
# of sending, so the writing keeps ahead of the sending.
KAMPUNGS_AT_ONCE = 20


def _chair_message(prompt: ChairPrompt, register: RegisterMonth) -> Outgoing:
    """The register (1st), or a reminder: with the register's buttons when sessions are
    recorded, else the question whether there really was none."""
    month, group = prompt.month.month, prompt.group
    deadline = texts.poktan_month_deadline(month)
    if not register.sessions:
        markup = keyboards.poktan_month_none(prompt.month.id, group.id)
    else:
        markup = keyboards.poktan_month_ready(prompt.month.id)
    if prompt.prompt > 1:
        text = texts.poktan_month_reminder(
            group.name, month.year, month.month, last=prompt.prompt >= 3, deadline=deadline
        )
    elif not register.sessions:
        text = texts.poktan_month_none_question(
            group.name, month.year, month.month, deadline=deadline
        )
    else:
        text = texts.poktan_month_register(
            group.name,
            month.year,
            month.month,
            sessions=register.sessions_held,
            families=register.member_families,
            rate=register.attendance.value,
            deadline=deadline,
        )
    return Outgoing(text, markup.to_dict())


async def run_kampungs_month(app: App, kampung_ids: Sequence[int], now: datetime) -> int:
    """What these kampungs are owed now, in one transaction; returns the number of
    messages written.

    A few statements for all of them: their prompts claimed together, their registers
    read together, their messages written together (on the 1st, thousands of registers
    are owed at once, and sending must not wait for the writing)."""
    data = app.bot_data
    written = 0
    async with data.sessionmaker() as session, session.begin():
        prompts = await claim_chair_prompts(session, kampung_ids, now=now)
        by_month: dict[date, list[ChairPrompt]] = {}
        for prompt in prompts:
            by_month.setdefault(prompt.month.month, []).append(prompt)
        registers: dict[int, RegisterMonth] = {}
        for month, owed in by_month.items():
            registers |= await load_register_months(
                session, [prompt.group for prompt in owed], month, erased_name=texts.REDACTION
            )
        letters: list[tuple[int, int, int | None, Outgoing]] = []
        for prompt in prompts:
            message = _chair_message(prompt, registers[prompt.group.id])
            for member_id, telegram_id in prompt.chair_chats:
                letters.append((prompt.group.kampung_id, telegram_id, member_id, message))
        if letters:
            await plan_to_chats(session, BroadcastKind.POKTAN_MONTH, letters, now=now)
        written += len(letters)
        for kampung_id in kampung_ids:
            written += await _secretary_list(session, kampung_id, now)
    return written


async def _secretary_list(session: AsyncSession, kampung_id: int, now: datetime) -> int:
    """The 3rd: the kampung's secretaries hear which groups are still missing, once."""
    kampung = await session.get(Kampung, kampung_id)  # loaded with the prompts' claim
    if kampung is None:
        return 0
    local_now = now.astimezone(kampung.tz)
    if not secretary_list_due(step_of(local_now)):
        return 0
    month = previous_month(local_now.date())
    missing = await missing_groups(session, month, kampung_ids=[kampung.id])
    if not missing or not await claim_notice(
        session, NoticeKind.SECRETARY, month, kampung_id=kampung.id, now=now
    ):
        return 0
    text = texts.poktan_month_secretary_missing(
        month.year, month.month, [(m.group, m.has_chair) for m in missing]
    )
    await plan_to_admins(session, kampung.id, BroadcastKind.POKTAN_MONTH, Outgoing(text), now=now)
    return 1


async def run_operators_list(app: App, now: datetime) -> int:
    """The 4th (in the zone of the kampung from the settings): one list for the operators."""
    data = app.bot_data
    operators = sorted(data.settings.OPERATOR_IDS)
    local_now = now.astimezone(ZoneInfo(data.default_kampung.timezone))
    if not operators or not operator_list_due(step_of(local_now)):
        return 0
    month = previous_month(local_now.date())
    async with data.sessionmaker() as session, session.begin():
        missing = await missing_groups(session, month)
        if not missing:
            return 0
        if not await claim_notice(session, NoticeKind.OPERATORS, month, kampung_id=None, now=now):
            return 0
        by_kampung: dict[str, list[tuple[str, bool]]] = {}
        for item in missing:
            by_kampung.setdefault(item.kampung, []).append((item.group, item.has_chair))
        text = texts.poktan_month_operators_missing(
            month.year, month.month, list(by_kampung.items())
        )
        for chunk in texts.split_message(text):
            for operator_id in operators:
                await plan_to_chat(
                    session,
                    data.default_kampung.id,
                    BroadcastKind.POKTAN_REPORT,
                    operator_id,
                    Outgoing(chunk),
                    now=now,
                )
    return len(operators)


async def run_poktan_month(app: App) -> int:
    """Every kampung's prompts and lists owed now, ``KAMPUNGS_AT_ONCE`` kampungs per
    transaction; the delivery worker is woken as soon as each batch is in the outbox, so
    it sends while the next are written."""
    data = app.bot_data
    now = data.clock()
    async with data.reading_sessionmaker() as session:
        kampung_ids = [kampung.id for kampung in await list_kampungs(session)]
    written = 0
    for start in range(0, len(kampung_ids), KAMPUNGS_AT_ONCE):
        batch = kampung_ids[start : start + KAMPUNGS_AT_ONCE]
        count = await run_kampungs_month(app, batch, now)
        if january_somewhere(now):  # the K/0 drafts: no kampung read the rest of the year
            for kampung_id in batch:
                count += await run_kampung_k0(app, kampung_id, now)
        if count:
            data.delivery.wake()  # committed: these go while the next batch is written
        written += count
    listed = await run_operators_list(app, now)
    if listed:
        data.delivery.wake()
    written += listed
    if written:
        logger.info("Poktan month: %d message(s) handed to the delivery worker", written)
    return written


async def poktan_month_job(context: BotContext) -> None:
    await run_poktan_month(context.application)


def schedule_poktan_month(app: App) -> None:
    """Every few minutes, the first run as soon as the job queue runs: a bot down on the
    1st sends the registers then, without holding up its first updates."""
    run_repeating(
        app,
        poktan_month_job,
        POKTAN_MONTH_JOB_ID,
        POKTAN_MONTH_EVERY,
        POKTAN_MONTH_EVERY,
        at_once=True,
    )
