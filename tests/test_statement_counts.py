"""How many SQL statements and sessions /jadwal and the RSVP press cost (issue 20).

Counts, not timings: each figure is deterministic and was cut on purpose (the before
and after figures are in docs/performance.md, "Issue 20, third pass"). A change that
adds a statement to these paths fails here; raise a figure only with a reason written
there. BEGIN counts as a statement (SQLite's BEGIN goes through the cursor); a press
whose answer changed also makes the group card's edit when it is due (a read session
and the write that records the edit), counted with it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable
from datetime import timedelta

import pytest
from sqlalchemy.engine import make_url

from models.meeting import Meeting
from models.tenancy_cache import cache_of, forget_user
from tests.conftest import ADMIN
from tests.counting import Counts, counting
from tests.flows import register, register_active
from tests.harness import GROUP_CHAT_ID, Harness, Person
from tests.test_meetings import CADRES, create_one_line

# (statements, sessions) per update, at most; after issue 20's third pass.
JADWAL_FIRST = (6, 2)  # a cadre new to the tenancy cache: her kampung, then the card
JADWAL_AGAIN = (4, 1)  # resolved from the cache: member, meeting, tally (+ BEGIN)
JADWAL_SECRETARY = (4, 1)
PRESS_FIRST = (15, 4)  # new meeting for the cache; the group card's edit due
PRESS_CHANGED = (13, 3)  # another answer; the group card's edit due
PRESS_SAME = (6, 1)  # the same answer again: nothing to redraw, nothing owed
PRESS_IN_GROUP = (8, 2)  # the group card's edit waits for its interval


@pytest.fixture
async def meeting(bot: Harness) -> Meeting:
    """Three active cadres, a bound group, and a meeting announced (test_rsvp's setup)."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    for cadre, name in zip(CADRES, ["Siti Aminah", "Budi Santoso", "Ani Lestari"], strict=True):
        await register_active(bot, ADMIN, cadre, name)
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    return await create_one_line(bot)


async def counted(bot: Harness, action: Awaitable[None]) -> Counts:
    with counting(bot.app.bot_data.engine) as counts:
        await action
    return counts


def within(counts: Counts, limit: tuple[int, int]) -> bool:
    return len(counts.statements) <= limit[0] and counts.sessions <= limit[1]


async def forget(bot: Harness, person: Person) -> None:
    """The person is new to the tenancy cache (as every cadre after a restart)."""
    async with bot.session() as session:
        forget_user(cache_of(session), person.id)


async def test_jadwal_costs_at_most_its_figures(bot, meeting: Meeting):
    await forget(bot, CADRES[0])
    first = await counted(bot, bot.send(CADRES[0], "/jadwal", drain=False))
    assert meeting.topic in bot.last_text(CADRES[0])
    assert within(first, JADWAL_FIRST), str(first)

    again = await counted(bot, bot.send(CADRES[0], "/jadwal", drain=False))
    assert within(again, JADWAL_AGAIN), str(again)

    secretary = await counted(bot, bot.send(ADMIN, "/jadwal", drain=False))
    assert meeting.topic in bot.last_text(ADMIN)
    assert within(secretary, JADWAL_SECRETARY), str(secretary)


async def test_rsvp_press_costs_at_most_its_figures(bot, meeting: Meeting):
    await forget(bot, CADRES[1])
    first = await counted(bot, bot.press(CADRES[1], f"rsvp:{meeting.id}:hadir", drain=False))
    assert "tercatat: Hadir" in bot.api.last_answer().params["text"]
    assert within(first, PRESS_FIRST), str(first)

    bot.clock.advance(timedelta(minutes=5))  # the group card's edit is due again
    changed = await counted(bot, bot.press(CADRES[1], f"rsvp:{meeting.id}:izin", drain=False))
    assert "Izin 1" in bot.api.edits(CADRES[1].id)[-1].params["text"]
    assert within(changed, PRESS_CHANGED), str(changed)

    same = await counted(bot, bot.press(CADRES[1], f"rsvp:{meeting.id}:izin", drain=False))
    assert "tetap" in bot.api.last_answer().params["text"]
    assert within(same, PRESS_SAME), str(same)

    in_group = await counted(
        bot,
        bot.press(CADRES[2], f"rsvp:{meeting.id}:hadir", chat_id=GROUP_CHAT_ID, drain=False),
    )
    assert within(in_group, PRESS_IN_GROUP), str(in_group)


# --- how SQLite runs them -------------------------------------------------------------------


def full_scans(bot: Harness, counts: Counts) -> list[str]:
    """The query plans' full scans of a table (every table grows with the kampungs and
    the months), and sorts for a GROUP BY, among the statements counted."""
    url = make_url(str(bot.app.bot_data.engine.url))
    connection = sqlite3.connect(url.database or "")
    found = []
    try:
        for statement, parameters in zip(counts.statements, counts.parameters, strict=True):
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            plan = connection.execute(f"EXPLAIN QUERY PLAN {statement}", parameters).fetchall()
            for *_, detail in plan:
                scan = re.match(r"SCAN (\w+)", detail)
                whole = scan is not None and not scan.group(1).startswith(("anon_", "CONSTANT"))
                if whole or detail.startswith("USE TEMP B-TREE FOR GROUP"):
                    found.append(f"{detail}: {' '.join(statement.split())[:120]}")
    finally:
        connection.close()
    return found


async def test_jadwal_and_the_press_read_no_table_whole(bot, meeting: Meeting, database_url):
    """Every cadre's first update after a restart finds her memberships by Telegram id
    (``ix_member_telegram_id``), and the tally counts a meeting's answers from an index
    already grouped by answer (``ix_rsvp_meeting_answer``): at 10,000 members a full
    scan was 1.2 ms and the tally's sort 1.2 ms of each update (docs/performance.md)."""
    if make_url(database_url).get_backend_name() != "sqlite":
        pytest.skip("SQLite's query plans")
    await forget(bot, CADRES[0])
    jadwal = await counted(bot, bot.send(CADRES[0], "/jadwal", drain=False))
    press = await counted(bot, bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir", drain=False))
    assert "tercatat: Hadir" in bot.api.last_answer().params["text"]
    assert full_scans(bot, jadwal) == []
    assert full_scans(bot, press) == []
