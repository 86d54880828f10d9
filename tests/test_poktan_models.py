"""The Poktan month's domain (models/poktan/) on a real database: groups and chairs,
member families, sessions and the month's life (open → sent → Perbaiki → sent)."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from models.member import Member, Poktan
from models.poktan import families, groups, months, sessions
from models.poktan.families import FamilyLineProblem, FamilyStatus
from models.poktan.groups import GroupError, GroupProblem, PoktanGroup
from models.poktan.kinds import FAMILY_COUNT, KIND_OF_MEMBER_POKTAN, PoktanKind
from models.poktan.months import MonthError, MonthProblem, MonthState, PoktanSubmission
from models.poktan.sessions import SessionError, SessionProblem
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import Harness, Person
from ui import keyboards

RTS = [f"{n:02d}" for n in range(1, 13)]
ANI, BUDI, CICI = Person(7201, "Ani"), Person(7202, "Budi"), Person(7203, "Cici")
TODAY = date(2026, 7, 1)  # the bot fixture's clock


async def _setup(bot: Harness) -> tuple[int, dict[str, Member]]:
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "01", "BKB")
    await register_active(bot, ADMIN, BUDI, "Budi Santoso", "02", "BKB")
    await register_active(bot, ADMIN, CICI, "Cici Paramida", "02", "BKR")
    people = {p.first_name: await bot.member(p.id) for p in (ANI, BUDI, CICI)}
    return bot.app.bot_data.kampung_id, people  # type: ignore[return-value]


async def _group(bot: Harness, kampung_id: int, rts: list[str] | None = None) -> int:
    async with bot.session() as session, session.begin():
        group = await groups.create_group(
            session,
            kampung_id,
            kind=PoktanKind.BKB,
            name="BKB Melati",
            rts=rts or [],
            now=bot.clock(),
        )
        return group.id


def test_every_member_poktan_of_a_group_kind_maps_to_one() -> None:
    assert KIND_OF_MEMBER_POKTAN[Poktan.UPPKS] is PoktanKind.UPPKA
    assert set(KIND_OF_MEMBER_POKTAN.values()) == set(PoktanKind)
    assert Poktan.POKJA not in KIND_OF_MEMBER_POKTAN


def test_suggested_names_and_typed_rts() -> None:
    assert groups.suggested_name(PoktanKind.BKB, []) == "BKB"
    assert groups.suggested_name(PoktanKind.BKB, ["bkb", "BKB 2"]) == "BKB 3"
    assert groups.read_rts("2, rt 1 02", RTS) == ["01", "02"]
    assert groups.read_rts("semua", RTS) == []
    with pytest.raises(GroupError) as refused:
        groups.read_rts("01 99", RTS)
    assert refused.value.problem is GroupProblem.RT_UNKNOWN and refused.value.detail == "99"


def test_family_lines_report_each_bad_line_by_number() -> None:
    group = PoktanGroup(kind=PoktanKind.BKB, name="BKB", rt_order="01,02")
    text = "\n".join(
        [
            "1. Ibu Sari - 01 - 2",
            "Ibu Tini - 02",  # no balita count
            "Ibu Rara - 05 - 1",  # RT outside the group
            "Ibu Nana - 77 - 1",  # no such RT
            "Ibu Wati - 01 - dua",  # not a number
            "Ibu Sari - 1 - 3",  # twice
            "",
            "Ibu Lina | 02 | 0",
        ]
    )
    good, bad = families.parse_family_lines(text, group, RTS)
    assert [(line.name, line.rt, line.details) for line in good] == [
        ("Ibu Sari", "01", {"balita": 2}),
        ("Ibu Lina", "02", {"balita": 0}),
    ]
    assert [(b.number, b.problem) for b in bad] == [
        (2, FamilyLineProblem.FIELDS),
        (3, FamilyLineProblem.RT_OUTSIDE),
        (4, FamilyLineProblem.RT),
        (5, FamilyLineProblem.COUNT),
        (6, FamilyLineProblem.DUPLICATE),
    ]


def test_kinds_without_a_count_take_name_and_rt_only() -> None:
    assert FAMILY_COUNT[PoktanKind.PIK_R] is None
    group = PoktanGroup(kind=PoktanKind.PIK_R, name="PIK-R", rt_order="")
    good, bad = families.parse_family_lines("Dimas Saputra - 04\nRudi - 04 - 2", group, RTS)
    assert [(line.name, line.details) for line in good] == [("Dimas Saputra", {})]
    assert [b.problem for b in bad] == [FamilyLineProblem.FIELDS]


async def test_group_names_are_unique_and_chairs_are_two_members_at_most(bot: Harness) -> None:
    kampung_id, people = await _setup(bot)
    group_id = await _group(bot, kampung_id)
    async with bot.session() as session, session.begin():
        with pytest.raises(GroupError) as taken:
            await groups.create_group(
                session,
                kampung_id,
                kind=PoktanKind.BKR,
                name="bkb  melati",
                rts=[],
                now=bot.clock(),
            )
        assert taken.value.problem is GroupProblem.NAME_TAKEN
    async with bot.session() as session, session.begin():
        group = await groups.get_group(session, kampung_id, group_id)
        assert group is not None
        assert await groups.add_chair(session, group, people["Ani"].id, now=bot.clock())
        assert not await groups.add_chair(session, group, people["Ani"].id, now=bot.clock())
        assert await groups.add_chair(session, group, people["Budi"].id, now=bot.clock())
        with pytest.raises(GroupError) as third:
            await groups.add_chair(session, group, people["Cici"].id, now=bot.clock())
        assert third.value.problem is GroupProblem.TOO_MANY_CHAIRS
    async with bot.session() as session:
        chairs = await groups.chairs_of(session, group_id)
        assert [m.full_name for m in chairs] == ["Ani Lestari", "Budi Santoso"]
        mine = await groups.groups_of_chair(session, kampung_id, people["Ani"].id)
        assert [g.name for g in mine] == ["BKB Melati"]
        assert await groups.groups_of_chair(session, kampung_id, people["Cici"].id) == []
        # A group of another kampung is not found from this one.
        assert await groups.get_group(session, kampung_id + 1, group_id) is None


async def test_families_added_twice_are_kept_once_and_removal_keeps_the_row(
    bot: Harness,
) -> None:
    kampung_id, _ = await _setup(bot)
    group_id = await _group(bot, kampung_id, ["01", "02"])
    text = "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1"
    for expected_added in (2, 0):
        async with bot.session() as session, session.begin():
            group = await groups.get_group(session, kampung_id, group_id)
            assert group is not None
            good, bad = families.parse_family_lines(text, group, RTS)
            added, skipped = await families.add_families(session, group, good, now=bot.clock())
            assert (len(added), len(skipped), bad) == (expected_added, 2 - expected_added, [])
    async with bot.session() as session, session.begin():
        listed = await families.list_families(session, group_id)
        assert [(f.rt, f.name) for f in listed] == [("01", "Ibu Sari"), ("02", "Ibu Lina")]
        by_name = {f.name: f for f in listed}
        assert families.set_family_active(by_name["Ibu Lina"], active=False, now=bot.clock())
        assert families.remove_family(by_name["Ibu Sari"], now=bot.clock())
    async with bot.session() as session:
        listed = await families.list_families(session, group_id)
        assert [(f.name, f.status) for f in listed] == [("Ibu Lina", FamilyStatus.INACTIVE)]
        assert await families.count_active_families(session, group_id) == 0
        rows = await session.scalar(select(func.count()).select_from(families.PoktanFamily))
        assert rows == 2  # the removed family's row stays, without a name


async def _families(bot: Harness, kampung_id: int, group_id: int, text: str) -> list[int]:
    async with bot.session() as session, session.begin():
        group = await groups.get_group(session, kampung_id, group_id)
        assert group is not None
        good, _ = families.parse_family_lines(text, group, RTS)
        added, _ = await families.add_families(session, group, good, now=bot.clock())
        return [f.id for f in added]


async def test_a_session_refuses_a_future_day_and_a_count_larger_than_the_group(
    bot: Harness,
) -> None:
    kampung_id, people = await _setup(bot)
    group_id = await _group(bot, kampung_id)
    ids = await _families(bot, kampung_id, group_id, "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1")
    cases = [
        ({"held_on": TODAY + timedelta(days=1)}, SessionProblem.FUTURE_DATE),
        ({"held_on": TODAY - timedelta(days=400)}, SessionProblem.TOO_OLD),
        ({"held_on": TODAY, "present_count": 3}, SessionProblem.COUNT_TOO_LARGE),
        ({"held_on": TODAY, "family_ids": [ids[0], 999_999]}, SessionProblem.NOT_A_FAMILY),
        ({"held_on": TODAY, "topic": "x" * 201}, SessionProblem.TOPIC_TOO_LONG),
    ]
    for arguments, problem in cases:
        async with bot.session() as session, session.begin():
            group = await groups.get_group(session, kampung_id, group_id)
            assert group is not None
            with pytest.raises(SessionError) as refused:
                await sessions.record_session(
                    session,
                    group,
                    today=TODAY,
                    topic=arguments.pop("topic", "Kelompok umur 0–1 tahun"),  # type: ignore[arg-type]
                    by_id=people["Ani"].id,
                    now=bot.clock(),
                    **arguments,  # type: ignore[arg-type]
                )
            assert refused.value.problem is problem
    async with bot.session() as session:
        assert await session.scalar(select(func.count()).select_from(sessions.PoktanSession)) == 0


async def test_a_month_is_sent_once_locked_then_corrected_as_a_second_version(
    bot: Harness,
) -> None:
    kampung_id, people = await _setup(bot)
    group_id = await _group(bot, kampung_id)
    ids = await _families(bot, kampung_id, group_id, "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1")
    june = date(2026, 6, 1)
    now = bot.clock()
    async with bot.session() as session, session.begin():
        with pytest.raises(MonthError) as empty:
            await months.send_month(session, group_id, june, summary={}, by_id=None, now=now)
        assert empty.value.problem is MonthProblem.NOTHING_TO_SEND
    async with bot.session() as session, session.begin():
        group = await groups.get_group(session, kampung_id, group_id)
        assert group is not None
        held = await sessions.record_session(
            session,
            group,
            held_on=date(2026, 6, 12),
            today=TODAY,
            topic="Kelompok umur 1–2 tahun",
            family_ids=ids,
            by_id=people["Ani"].id,
            now=now,
        )
        held_id = held.id
        with pytest.raises(MonthError) as none_held:
            await months.report_none_held(session, group_id, june, now=now)
        assert none_held.value.problem is MonthProblem.HAS_SESSIONS
    async with bot.session() as session, session.begin():
        first = await months.send_month(
            session, group_id, june, summary={"sessions": 1}, by_id=people["Ani"].id, now=now
        )
        assert (first.version, first.is_correction, first.none_held) == (1, False, False)
    async with bot.session() as session, session.begin():
        group = await groups.get_group(session, kampung_id, group_id)
        record = await sessions.get_session(session, group_id, held_id)
        assert group is not None and record is not None
        with pytest.raises(SessionError) as locked:
            await sessions.set_present_count(session, group, record, 1, now=now)
        assert locked.value.problem is SessionProblem.MONTH_SENT
        with pytest.raises(MonthError) as again:
            await months.send_month(session, group_id, june, summary={}, by_id=None, now=now)
        assert again.value.problem is MonthProblem.ALREADY_SENT
    async with bot.session() as session, session.begin():
        await months.reopen_month(session, group_id, june, now=now)
        group = await groups.get_group(session, kampung_id, group_id)
        record = await sessions.get_session(session, group_id, held_id)
        assert group is not None and record is not None
        await sessions.set_present_count(session, group, record, 1, now=now)
        second = await months.send_month(
            session, group_id, june, summary={"sessions": 1}, by_id=None, now=now
        )
        assert (second.version, second.is_correction) == (2, True)
    async with bot.session() as session:
        row = await months.find_month(session, group_id, june)
        assert row is not None and row.state is MonthState.SENT
        history = await months.submissions_of(session, row.id)
        assert [s.version for s in history] == [1, 2]
        presence = await sessions.present_of(session, [held_id])
        assert presence == {held_id: set()}  # the count replaced the roll


async def test_a_month_with_no_session_is_a_report_of_zero(bot: Harness) -> None:
    kampung_id, _ = await _setup(bot)
    group_id = await _group(bot, kampung_id)
    june = date(2026, 6, 1)
    async with bot.session() as session, session.begin():
        await months.report_none_held(session, group_id, june, now=bot.clock())
        sent = await months.send_month(
            session, group_id, june, summary={}, by_id=None, now=bot.clock()
        )
        assert sent.none_held


async def test_two_presses_of_kirim_at_once_send_one_version(bot: Harness) -> None:
    """Two chairs press Kirim ke PKB at the same moment: one submission, one refusal."""
    kampung_id, _ = await _setup(bot)
    group_id = await _group(bot, kampung_id)
    june = date(2026, 6, 1)
    async with bot.session() as session, session.begin():
        await months.report_none_held(session, group_id, june, now=bot.clock())

    async def press() -> str:
        try:
            async with bot.session() as session, session.begin():
                await months.send_month(
                    session, group_id, june, summary={}, by_id=None, now=bot.clock()
                )
        except MonthError as refused:
            return refused.problem.value
        except Exception as error:  # SQLite: the second writer may find the file locked
            return type(error).__name__
        return "sent"

    outcomes = await asyncio.gather(press(), press())
    assert sorted(outcomes).count("sent") == 1
    async with bot.session() as session:
        assert await session.scalar(select(func.count()).select_from(PoktanSubmission)) == 1


def test_month_arithmetic() -> None:
    assert months.previous_month(date(2026, 1, 15)) == date(2025, 12, 1)
    assert months.next_month(date(2026, 12, 31)) == date(2027, 1, 1)
    assert months.last_day(date(2026, 2, 1)) == date(2026, 2, 28)
    assert months.month_of(date(2026, 3, 9)) == date(2026, 3, 1)


async def test_a_chair_who_erases_her_data_chairs_no_more(bot: Harness) -> None:
    kampung_id, people = await _setup(bot)
    group_id = await _group(bot, kampung_id)
    async with bot.session() as session, session.begin():
        group = await groups.get_group(session, kampung_id, group_id)
        assert group is not None
        await groups.add_chair(session, group, people["Ani"].id, now=bot.clock())
        groups.confirm_families_kept(group, people["Ani"], now=bot.clock())
    await bot.send(ANI, "/hapus_data")
    await bot.press(ANI, keyboards.CB_ERASE_YES)
    async with bot.session() as session:
        assert await groups.chairs_of(session, group_id) == []
        group = await groups.get_group(session, kampung_id, group_id)
        assert group is not None and group.name == "BKB Melati"  # the group stays
