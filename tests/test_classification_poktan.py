"""``/klasifikasi``'s Output Poktan from the Poktan month's sessions (issue 19 item 2),
end to end: the secretary's typed figures first; then the BKB chair records August's
sessions (one through /catat with the paper list's count, one with the roll) and the
indicator rises from 1 to 2, saying which figure came from the sessions and which is
still the secretary's. Sessions of other months do not count."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime

import pytest

from models.poktan import families, groups, sessions
from models.poktan.kinds import PoktanKind
from runtime.config import Settings
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import FakeClock, Harness, Person, running_bot, with_operators
from tests.test_classification import typed
from ui import keyboards

SITI = Person(7301, "Siti")
START = datetime(2026, 9, 1, 2, 0, tzinfo=UTC)  # 1 September, 09.00 WIB: August is done


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    clock.set(START)
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def bkb_group_of_fifty(bot: Harness) -> tuple[int, list[int]]:
    """BKB Melati chaired by Siti, with 50 member families."""
    kampung_id = bot.app.bot_data.kampung_id
    siti = await bot.member(SITI.id)
    assert siti is not None
    names = [f"Ibu {first}{second}" for first in "ABCDE" for second in "abcdefghij"]
    lines = "\n".join(f"{name} - 01 - 1" for name in names)
    async with bot.session() as session, session.begin():
        group = await groups.create_group(
            session, kampung_id, kind=PoktanKind.BKB, name="BKB Melati", rts=[], now=bot.clock()
        )
        await groups.add_chair(session, group, siti.id, now=bot.clock())
        good, bad = families.parse_family_lines(lines, group, [f"{n:02d}" for n in range(1, 13)])
        assert not bad
        added, _ = await families.add_families(session, group, good, now=bot.clock())
        return group.id, [f.id for f in added]


async def held(bot: Harness, group_id: int, day: date, family_ids: list[int]) -> None:
    async with bot.session() as session, session.begin():
        group = await session.get(groups.PoktanGroup, group_id)
        assert group is not None
        await sessions.record_session(
            session,
            group,
            held_on=day,
            today=day,
            topic="Stimulasi",
            family_ids=family_ids,
            by_id=None,
            now=bot.clock(),
        )


def output_poktan_line(text: str) -> str:
    return next(line for line in text.splitlines() if "Output Poktan" in line)


async def test_recorded_sessions_raise_output_poktan_and_say_where_figures_came_from(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, SITI, "Siti Aminah", "01", "BKB")
    kampung_id = bot.app.bot_data.kampung_id
    group_id, family_ids = await bkb_group_of_fifty(bot)
    await bot.send(ADMIN, "/klasifikasi")
    await bot.press(ADMIN, f"{keyboards.CB_KLS_MENU}{kampung_id}")
    await typed(bot, ADMIN, kampung_id, "poktan", "BKB 10/100\nBKR 5/80")
    await bot.send(ADMIN, "/klasifikasi")
    line = output_poktan_line(bot.last_text(ADMIN))
    # (10 + 6) / 5 = 3 % → 1, both figures the secretary's.
    assert "Output Poktan: <b>1</b>" in line
    assert "rata-rata 3%: BKB 10/100 (isian sekretaris); BKR 5/80 (isian sekretaris)" in line

    # Sessions outside August (July; September, still under way) count for nothing.
    await held(bot, group_id, date(2026, 7, 30), family_ids[:50])
    await held(bot, group_id, date(2026, 9, 1), family_ids[:50])
    await bot.send(ADMIN, "/klasifikasi")
    assert "Output Poktan: <b>1</b>" in bot.last_text(ADMIN)

    # The chair records 20 August from the paper list (30 families), then 27 August
    # with the roll (45 families): 45 families took part in August.
    await bot.send(SITI, "/catat")
    await bot.send(SITI, "20/08")
    await bot.send(SITI, "Stimulasi balita")
    await bot.press(SITI, keyboards.CB_PKS_COUNT)
    await bot.send(SITI, "30")
    await bot.press(SITI, keyboards.CB_PKS_SKIP)
    await bot.press(SITI, keyboards.CB_PKS_PHOTOS_DONE)
    await bot.press(SITI, keyboards.CB_PKS_SAVE)
    await bot.send(ADMIN, "/klasifikasi")
    line = output_poktan_line(bot.last_text(ADMIN))
    # (30 + 6) / 5 = 7.2 → 7 % → still 1, the BKB figure now the sessions'.
    assert "Output Poktan: <b>1</b>" in line
    assert "rata-rata 7%: BKB 30/100 (dari pertemuan Agustus 2026)" in line
    await held(bot, group_id, date(2026, 8, 27), family_ids[:45])
    await bot.send(ADMIN, "/klasifikasi")
    line = output_poktan_line(bot.last_text(ADMIN))
    # (45 + 6) / 5 = 10.2 → 10 % → 2.
    assert "Output Poktan: <b>2</b>" in line
    assert "rata-rata 10%: BKB 45/100 (dari pertemuan Agustus 2026)" in line
    assert "BKR 5/80 (isian sekretaris)" in line
