"""Output Poktan from the Poktan month's sessions (issue 19 item 2): the families who
came, per group and per kind; the secretary's eligible families as the denominator;
her answer when no session is recorded or the sessions exceed her eligible count.
No database, no Telegram."""

from __future__ import annotations

from datetime import UTC, date, datetime

from models.classification.formula import Ind, score
from models.classification.participation import (
    KindShare,
    ShareSource,
    group_participants,
    kind_shares,
    participation,
)
from models.classification.questions import Q, Records, values
from models.classification.store import poktan_month_for
from models.kampung import Kampung


def records(recorded: dict[str, int]) -> Records:
    return Records(
        pokja_members=1,
        poktan_kinds=frozenset({"BKB"}),
        agencies=0,
        poktan_month=date(2026, 8, 1),
        poktan_recorded=recorded,
    )


def test_a_groups_families_are_counted_once_over_the_months_sessions():
    assert group_participants([], []) == 0
    assert group_participants([{1, 2}, {2, 3}], []) == 3
    # A typed count (paper list) names no family: the larger figure is a lower bound.
    assert group_participants([{1, 2}], [5]) == 5
    assert group_participants([{1, 2, 3, 4}], [3]) == 4
    assert group_participants([], [3, 7, 2]) == 7
    assert group_participants([set()], [0]) == 0


def test_no_answer_means_no_denominator_whatever_the_sessions_say():
    assert kind_shares(None, {"BKB": 40}) is None
    assert values({}, records({"BKB": 40}))[Ind.OUTPUT_POKTAN] is None


def test_sessions_replace_the_answers_numerator_up_to_the_eligible_count():
    answered = {"BKB": (10, 100), "BKR": (5, 80)}
    [bkb, bkr] = kind_shares(answered, {"BKB": 100})  # type: ignore[misc]
    assert bkb == KindShare("BKB", 100, 100, ShareSource.SESSIONS, 100)  # == eligible
    assert bkr == KindShare("BKR", 5, 80, ShareSource.ANSWER, None)  # no session: hers
    [over, _] = kind_shares(answered, {"BKB": 101})  # type: ignore[misc]
    assert over == KindShare("BKB", 10, 100, ShareSource.ANSWER, 101)
    assert over.recorded_above_eligible and not bkb.recorded_above_eligible
    assert not bkr.recorded_above_eligible


def test_a_kind_with_sessions_but_no_eligible_count_adds_zero():
    found = kind_shares({"BKR": (5, 80)}, {"BKB": 40})
    assert found == (KindShare("BKR", 5, 80, ShareSource.ANSWER, None),)
    assert participation(found) == 1  # round(6 / 5)


def test_the_portals_order_and_zero_sessions_are_kept():
    answered = {"PIK R": (5, 90), "BKB": (10, 100)}
    found = kind_shares(answered, {"PIK R": 0})
    assert found is not None
    assert [s.kind for s in found] == ["BKB", "PIK R"]
    assert found[1] == KindShare("PIK R", 0, 90, ShareSource.SESSIONS, 0)


def test_recorded_sessions_move_output_poktan_across_its_thresholds():
    answered = {Q.POKTAN_SHARE: {"BKB": (0, 100)}}

    def output(came: int) -> tuple[object, int | None]:
        value = values(answered, records({"BKB": came}))[Ind.OUTPUT_POKTAN]
        return value, score(Ind.OUTPUT_POKTAN, value)

    # One kind's percentage over five kinds, rounded: 47 % → 9 (1), 48 % → 10 (2).
    assert output(47) == (9, 1)
    assert output(48) == (10, 2)
    assert output(100) == (20, 2)
    assert values(answered, records({}))[Ind.OUTPUT_POKTAN] == 0  # her figure: 0/100
    # All five at 100 % from the sessions: 100 → 4.
    every = {k: (0, 50) for k in ("BKB", "BKR", "BKL", "UPPKA", "PIK R")}
    full = values({Q.POKTAN_SHARE: every}, records(dict.fromkeys(every, 50)))
    assert full[Ind.OUTPUT_POKTAN] == 100


def test_the_poktan_month_is_the_last_whole_month_in_the_kampungs_zone():
    wib = Kampung(name="A", timezone="Asia/Jakarta")
    wit = Kampung(name="B", timezone="Asia/Jayapura")
    # 31 August 17.30 UTC: 1 September 00.30 in WIB, 02.30 in WIT.
    moment = datetime(2026, 8, 31, 17, 30, tzinfo=UTC)
    assert poktan_month_for(moment, wib) == date(2026, 8, 1)
    assert poktan_month_for(datetime(2026, 8, 31, 16, 59, tzinfo=UTC), wib) == date(2026, 7, 1)
    assert poktan_month_for(moment, wit) == date(2026, 8, 1)
    assert poktan_month_for(datetime(2026, 1, 10, tzinfo=UTC), wib) == date(2025, 12, 1)
