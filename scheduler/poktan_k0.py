"""The January K/0 draft (issue 18 item 6): from 1 January at 07.00 local time, with the
month's register, each chair gets her group's draft card for the year before.

Run by the Poktan month's job (``scheduler/poktan_month.py``) every few minutes and at
start-up. ``models.poktan.k0.claim_january_drafts`` claims each group's draft in the
transaction that writes the messages to the outbox: a restart or a second run sends
nothing twice, and a bot that was down on the 1st sends it once when it is back (in
January). Paperwork tier of the outbox (``BroadcastKind.POKTAN_MONTH``): a meeting
reminder falling due then goes first.
"""

from __future__ import annotations

import logging
from datetime import datetime

from models.broadcast import BroadcastKind, Outgoing, plan_to_chat
from models.kampung import Kampung
from models.poktan.k0 import claim_january_drafts, load_card_state
from scheduler.common import App
from ui import k0_card, texts

logger = logging.getLogger(__name__)


async def run_kampung_k0(app: App, kampung_id: int, now: datetime) -> int:
    """The January drafts this kampung is owed now; returns the messages written."""
    written = 0
    async with app.bot_data.sessionmaker() as session, session.begin():
        kampung = await session.get(Kampung, kampung_id)
        if kampung is None:
            return 0
        today = now.astimezone(kampung.tz).date()
        for prompt in await claim_january_drafts(session, kampung, now=now):
            state = await load_card_state(
                session, prompt.group, prompt.card.year, today=today, erased_name=texts.REDACTION
            )
            text, markup = k0_card.draft(state)
            for member_id, telegram_id in prompt.chair_chats:
                await plan_to_chat(
                    session,
                    kampung.id,
                    BroadcastKind.POKTAN_MONTH,
                    telegram_id,
                    Outgoing(text, markup.to_dict()),
                    member_id=member_id,
                    now=now,
                )
                written += 1
    return written
