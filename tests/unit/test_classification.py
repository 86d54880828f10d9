"""The portal's classification formula (docs/portal.md section 3): every threshold of
every indicator, every category rule, the bounds when something is "belum diisi", and
the smallest raises. No database, no Telegram."""

from __future__ import annotations

from decimal import Decimal
from itertools import product

import pytest

from models.classification.formula import (
    BY_KEY,
    INDEX_INDICATORS,
    INDICATORS,
    Category,
    Ind,
    Index,
    PokjaFacts,
    category_of,
    classify,
    index_value,
    next_value,
    pokja_score,
    poktan_participation,
    portal_percent,
    raises,
    score,
)

# (indicator, value, score): both sides of every bound of every CASE of the SQL.
BOUNDARIES = [
    (Ind.SUMBER_DANA, 0, 1),
    (Ind.SUMBER_DANA, 1, 2),
    (Ind.SUMBER_DANA, 2, 3),
    (Ind.SUMBER_DANA, 4, 3),
    (Ind.SUMBER_DANA, 5, 4),
    (Ind.SUMBER_DANA, 6, 4),
    (Ind.POKTAN, 0, 1),
    (Ind.POKTAN, 1, 2),
    (Ind.POKTAN, 2, 2),
    (Ind.POKTAN, 3, 3),
    (Ind.POKTAN, 4, 3),
    (Ind.POKTAN, 5, 4),
    (Ind.SARANA, 0, 1),
    (Ind.SARANA, 1, 2),
    (Ind.SARANA, 2, 3),
    (Ind.SARANA, 3, None),  # the SQL's CASE has no branch: NULL
    (Ind.PKB, 0, 1),
    (Ind.PKB, 1, 2),
    (Ind.PKB, 2, 3),
    (Ind.PENGGUNAAN_DATA, 0, 1),
    (Ind.PENGGUNAAN_DATA, 1, 2),
    (Ind.PENGGUNAAN_DATA, 2, 3),
    (Ind.PENGGUNAAN_DATA, 3, 3),
    (Ind.PENGGUNAAN_DATA, 4, 4),
    (Ind.PENGGUNAAN_DATA, 5, 4),
    (Ind.OPERASIONAL, 0, 1),
    (Ind.OPERASIONAL, 1, 2),
    (Ind.OPERASIONAL, 2, 2),
    (Ind.OPERASIONAL, 3, 3),
    (Ind.OPERASIONAL, 4, 3),
    (Ind.OPERASIONAL, 5, 4),
    (Ind.LINTAS_SEKTOR, 0, 1),
    (Ind.LINTAS_SEKTOR, 1, 2),
    (Ind.LINTAS_SEKTOR, 3, 2),
    (Ind.LINTAS_SEKTOR, 4, 3),
    (Ind.LINTAS_SEKTOR, 6, 3),
    (Ind.LINTAS_SEKTOR, 7, 4),
    (Ind.LINTAS_SEKTOR, 36, 4),
    (Ind.OUTPUT_POKTAN, 0, 1),
    (Ind.OUTPUT_POKTAN, 9, 1),
    (Ind.OUTPUT_POKTAN, 10, 2),
    (Ind.OUTPUT_POKTAN, 20, 2),
    (Ind.OUTPUT_POKTAN, 21, 3),
    (Ind.OUTPUT_POKTAN, 30, 3),
    (Ind.OUTPUT_POKTAN, 31, 4),
    (Ind.OUTPUT_POKTAN, 100, 4),
    (Ind.CPR, 0, 1),
    (Ind.CPR, 29, 1),
    (Ind.CPR, 30, 2),
    (Ind.CPR, 40, 2),
    (Ind.CPR, 41, 3),
    (Ind.CPR, 50, 3),
    (Ind.CPR, 51, 4),
    (Ind.MKJP, 0, 1),
    (Ind.MKJP, 19, 1),
    (Ind.MKJP, 20, 2),
    (Ind.MKJP, 22, 2),
    (Ind.MKJP, 23, 3),
    (Ind.MKJP, 24, 3),
    (Ind.MKJP, 25, 4),
    (Ind.UNMET_NEED, 100, 1),
    (Ind.UNMET_NEED, 13, 1),  # > 12.1
    (Ind.UNMET_NEED, 12, 2),  # between 9.1 and 12
    (Ind.UNMET_NEED, 10, 2),
    (Ind.UNMET_NEED, 9, 3),  # between 6.1 and 9
    (Ind.UNMET_NEED, 7, 3),
    (Ind.UNMET_NEED, 6, 4),  # < 6.1
    (Ind.UNMET_NEED, 0, 4),
]


@pytest.mark.parametrize(("key", "value", "expected"), BOUNDARIES)
def test_every_threshold_of_every_indicator(key, value, expected):
    assert score(key, value) == expected


def test_the_boundaries_cover_every_case_of_every_counted_indicator():
    for indicator in INDICATORS:
        if indicator.key is Ind.POKJA:
            continue
        tested = {v for k, v, _ in BOUNDARIES if k is indicator.key}
        for case in indicator.cases:
            bounds = {case.a, case.b} - {None}
            # each bound, and the value just past it on the open side, is tested
            for bound in bounds:
                if bound == bound.to_integral_value():
                    assert int(bound) in tested or case.op in "<>", (indicator.key, case)
            if case.op == "<":
                assert any(Decimal(v) < case.a for v in tested)
            if case.op == ">":
                assert any(Decimal(v) > case.a for v in tested)


def test_the_sql_decimal_bounds_of_unmet_need_leave_no_whole_percentage_unscored():
    assert all(score(Ind.UNMET_NEED, p) is not None for p in range(0, 101))


def test_an_unknown_value_is_not_scored_as_one():
    assert all(score(i.key, None) is None for i in INDICATORS)


@pytest.mark.parametrize(
    ("pengurusan", "jumlah", "pelatihan", "expected"),
    [
        (False, 0, False, 1),
        (False, 5, True, 1),  # no Pokja: members and training do not count
        (True, 0, False, 2),
        (True, 1, False, 3),
        (True, 0, True, 3),
        (True, 1, True, 4),
        (True, 12, True, 4),
    ],
)
def test_input_pokja(pengurusan, jumlah, pelatihan, expected):
    facts = PokjaFacts(pengurusan, jumlah, pelatihan)
    assert pokja_score(facts) == expected == score(Ind.POKJA, facts)


def test_percentages_round_as_the_portal_does():
    assert portal_percent(1, 8) == 12  # 12.5: half to even, as PostgreSQL's round(float)
    assert portal_percent(3, 8) == 38  # 37.5
    assert portal_percent(41, 100) == 41
    assert portal_percent(5, 0) == 0  # no denominator: 0, as the SQL
    # Output Poktan: per kind, then summed and divided by five kinds
    assert poktan_participation([(30, 100), (10, 100)]) == 8  # (30 + 10) / 5
    assert poktan_participation([(50, 100)] * 5) == 50
    assert poktan_participation([(25, 100), (0, 0)]) == 5
    assert poktan_participation([(125, 1000), (0, 1)]) == 2  # 12 (12.5 → 12) / 5 = 2.4 → 2
    assert poktan_participation([]) == 0


def test_index_values_round_to_two_decimals():
    assert index_value([3, 3, 3, 3, 2], 5) == Decimal("2.80")
    assert index_value([3, 3, 3, 3, 3], 5) == Decimal("3.00")
    assert index_value([3, 3, 2], 3) == Decimal("2.67")
    assert index_value([4, 4, 4, 3, 3], 5) == Decimal("3.60")  # Input's maximum
    assert index_value([3, 3, 3, 2], 4) == Decimal("2.75")


@pytest.mark.parametrize(
    ("i", "p", "o", "expected"),
    [
        (False, False, False, Category.DASAR),
        (True, False, False, Category.DASAR),
        (False, True, False, Category.DASAR),
        (False, False, True, Category.DASAR),
        (True, True, False, Category.BERKEMBANG),
        (True, False, True, Category.MANDIRI),
        (False, True, True, Category.MANDIRI),
        (True, True, True, Category.BERKELANJUTAN),
    ],
)
def test_every_category_rule(i, p, o, expected):
    assert category_of(i, p, o) is expected


def test_every_combination_of_reaching_gives_one_category_that_rises_with_more_reached():
    for combo in product([False, True], repeat=3):
        for more in product([False, True], repeat=3):
            if all(m >= c for m, c in zip(more, combo, strict=True)):
                assert category_of(*more) >= category_of(*combo)


def _all(value: int) -> dict[Ind, int | None]:
    return {i.key: min(value, i.max_score) for i in INDICATORS}


def test_an_index_reaches_3_at_exactly_three_points_per_indicator():
    scores = _all(3)
    result = classify(scores)
    assert all(result.indices[i].value == Decimal("3.00") for i in Index)
    assert result.category is Category.BERKELANJUTAN
    scores[Ind.MKJP] = 2  # Output 11/4 = 2.75
    result = classify(scores)
    assert result.indices[Index.OUTPUT].value == Decimal("2.75")
    assert result.category is Category.BERKEMBANG


def test_missing_indicators_give_bounds_not_ones():
    scores: dict[Ind, int | None] = _all(3)
    scores[Ind.CPR] = None
    result = classify(scores)
    output = result.indices[Index.OUTPUT]
    assert not output.complete and output.value is None and output.missing == (Ind.CPR,)
    assert output.low == Decimal("2.50") and output.high == Decimal("3.25")
    assert result.low is Category.BERKEMBANG and result.high is Category.BERKELANJUTAN
    assert result.category is None  # not certain: shown as a range
    assert raises(result) == []  # nothing computed on guesses


def test_a_category_is_certain_when_the_missing_ones_cannot_change_it():
    scores = _all(1)
    scores[Ind.CPR] = None  # Input and Proses at 1: Dasar whatever Output is
    result = classify(scores)
    assert result.category is Category.DASAR


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        (Ind.LINTAS_SEKTOR, 0, 1),
        (Ind.LINTAS_SEKTOR, 3, 4),
        (Ind.LINTAS_SEKTOR, 5, 7),
        (Ind.LINTAS_SEKTOR, 7, None),
        (Ind.SUMBER_DANA, 2, 5),
        (Ind.SARANA, 1, 2),
        (Ind.SARANA, 2, None),
        (Ind.CPR, 35, 41),
        (Ind.MKJP, 22, 23),
        (Ind.UNMET_NEED, 15, 12),  # lower is better
        (Ind.UNMET_NEED, 8, 6),
        (Ind.UNMET_NEED, 3, None),
    ],
)
def test_next_value_is_the_nearest_that_scores_one_more(key, value, expected):
    assert next_value(key, value) == expected


def test_the_smallest_raise_names_the_index_and_its_open_indicators():
    # Input reached; Proses 2+3+3 = 8: one point short; Output far below.
    scores = _all(1)
    scores.update({Ind.POKJA: 3, Ind.SUMBER_DANA: 3, Ind.POKTAN: 3, Ind.SARANA: 3, Ind.PKB: 3})
    scores.update({Ind.PENGGUNAAN_DATA: 3, Ind.OPERASIONAL: 3, Ind.LINTAS_SEKTOR: 2})
    result = classify(scores)
    assert result.category is Category.DASAR
    ways = raises(result)
    first = ways[0]
    assert first.category is Category.BERKEMBANG and first.cost == 1
    [lift] = first.lifts
    assert lift.index is Index.PROSES and lift.points == 1
    assert set(lift.open) == {Ind.PENGGUNAAN_DATA, Ind.OPERASIONAL, Ind.LINTAS_SEKTOR}
    # Output needs 12 - 4 = 8 points: Mandiri costs 8, Berkelanjutan 9
    assert [(w.category, w.cost) for w in ways] == [
        (Category.BERKEMBANG, 1),
        (Category.MANDIRI, 8),
        (Category.BERKELANJUTAN, 9),
    ]


def test_a_way_is_dropped_when_a_higher_category_costs_no_more():
    # Proses and Output reached (Mandiri); Input short by 1 → Berkelanjutan for 1 point.
    scores = _all(3)
    scores[Ind.PKB] = 2
    result = classify(scores)
    assert result.category is Category.MANDIRI
    assert [(w.category, w.cost) for w in raises(result)] == [(Category.BERKELANJUTAN, 1)]


def test_an_index_that_cannot_reach_3_is_never_offered():
    # Input with Sarana and PKB at their maximum 3 and the rest at 4 is 3.60: fine;
    # but nothing is open in an index already at its maximum.
    scores = {k: BY_KEY[k].max_score for k in Ind}
    assert raises(classify(scores)) == []


def test_indicators_are_grouped_as_the_portal_groups_them():
    assert len(INDEX_INDICATORS[Index.INPUT]) == 5
    assert len(INDEX_INDICATORS[Index.PROSES]) == 3
    assert len(INDEX_INDICATORS[Index.OUTPUT]) == 4
    assert BY_KEY[Ind.SARANA].max_score == 3 and BY_KEY[Ind.PKB].max_score == 3
