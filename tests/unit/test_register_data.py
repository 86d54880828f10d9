"""One group's month as plain data: the tallies the register prints, computed by hand."""

from datetime import date

import pytest

from models.register_data import (
    AreaEntry,
    GroupInfo,
    RegisterFamily,
    RegisterMonth,
    RegisterSession,
    RegisterYear,
    area_entries_sorted,
)

GROUP = GroupInfo("Kampung KB Mawar", "BKB", "BKB Melati", ("01", "02"), ("Siti",), "Sukamaju")

# Four families: Ani all month, Budi all month, Cici joined on the 10th, Dedi left on the 20th.
ANI = RegisterFamily(1, "Ani", "01", {"balita": 2})
BUDI = RegisterFamily(2, "Budi", "02", {"balita": 1})
CICI = RegisterFamily(3, "Cici", "01", {"balita": 3}, joined_on=date(2026, 11, 10))
DEDI = RegisterFamily(4, "Dedi", "02", {"balita": 1}, left_on=date(2026, 11, 20))
FAMILIES = (ANI, BUDI, CICI, DEDI)

# Sessions on the 5th (Ani, Dedi ticked), 15th (Ani, Budi, Cici ticked), 25th (3 typed).
S5 = RegisterSession(date(2026, 11, 5), "Tumbuh kembang", frozenset({1, 4}))
S15 = RegisterSession(
    date(2026, 11, 15), "Gizi", frozenset({1, 2, 3}), speakers=("Bidan Sari",), photos=2
)
S25 = RegisterSession(date(2026, 11, 25), "Pola asuh", typed_count=3)


def month(*sessions: RegisterSession, **kwargs: object) -> RegisterMonth:
    return RegisterMonth(GROUP, 2026, 11, FAMILIES, sessions, **kwargs)  # type: ignore[arg-type]


def test_who_is_expected_at_each_session():
    m = month(S25, S5, S15)  # given out of order: sorted by date
    assert [s.held_on.day for s in m.sessions] == [5, 15, 25]
    assert m.expected_ids(S5) == {1, 2, 4}  # Cici not yet a member
    assert m.expected_ids(S15) == {1, 2, 3, 4}
    assert m.expected_ids(S25) == {1, 2, 3}  # Dedi gone on the 20th


def test_session_and_month_rates():
    m = month(S5, S15, S25)
    assert (m.session_rate(S5).came, m.session_rate(S5).of) == (2, 3)
    assert (m.session_rate(S15).came, m.session_rate(S15).of) == (3, 4)
    assert (m.session_rate(S25).came, m.session_rate(S25).of) == (3, 3)
    assert m.sessions_held == 3
    assert m.present_sum == 8
    assert m.attendance.came == 8 and m.attendance.of == 10
    assert m.attendance.value == pytest.approx(0.8)
    assert m.present_average == pytest.approx(8 / 3)


def test_family_rates_count_ticked_sessions_only():
    m = month(S5, S15, S25)
    assert (m.family_rate(ANI).came, m.family_rate(ANI).of) == (2, 2)
    assert (m.family_rate(BUDI).came, m.family_rate(BUDI).of) == (1, 2)
    assert (m.family_rate(CICI).came, m.family_rate(CICI).of) == (1, 1)
    assert (m.family_rate(DEDI).came, m.family_rate(DEDI).of) == (1, 2)
    assert m.family_mark(CICI, S5) is None  # not a member then
    assert m.family_mark(ANI, S25) == "unknown"  # typed count
    assert m.family_mark(BUDI, S5) == "absent"
    assert m.family_mark(DEDI, S5) == "present"


def test_members_joined_left_and_field_sum_at_month_end():
    m = month(S5, S15, S25)
    assert m.member_families == 3
    assert m.joined_families == 1 and m.left_families == 1
    assert m.family_status(CICI) == ("joined", date(2026, 11, 10))
    assert m.family_status(DEDI) == ("left", date(2026, 11, 20))
    assert m.family_status(ANI) == ("member", None)
    assert m.field_sum("balita") == 2 + 1 + 3  # Dedi gone
    assert m.typed_sessions == 1


def test_a_family_ticked_before_it_joined_counts_as_a_member_that_day():
    """A session recorded late, dated before the family was added: present, and expected."""
    early = RegisterSession(date(2026, 11, 3), "Terlambat dicatat", frozenset({1, 3}))
    m = month(early)
    assert m.expected_ids(early) == {1, 2, 3, 4}
    assert (m.session_rate(early).came, m.session_rate(early).of) == (2, 4)
    assert m.family_mark(CICI, early) == "present"
    assert (m.family_rate(CICI).came, m.family_rate(CICI).of) == (1, 1)


def test_families_present_is_a_lower_bound_with_typed_counts():
    assert month(S5, S15).families_present_any == 4  # all four ticked at least once
    assert month(S5, S25).families_present_any == 3  # 2 ticked, 3 typed: at least 3


def test_a_month_without_session():
    m = month(no_session_confirmed=True)
    assert m.sessions_held == 0 and m.present_sum == 0
    assert m.attendance.value is None
    assert m.present_average is None
    assert m.families_present_any == 0
    assert m.member_families == 3


def test_corrections_and_bad_input():
    assert not month().correction
    assert month(version=2).correction
    with pytest.raises(ValueError, match="within the month"):
        month(RegisterSession(date(2026, 12, 1), "Desember", frozenset()))
    with pytest.raises(ValueError, match="either a ticked roll or a typed count"):
        RegisterSession(date(2026, 11, 1), "Both", frozenset({1}), typed_count=1)
    with pytest.raises(ValueError, match="either a ticked roll or a typed count"):
        RegisterSession(date(2026, 11, 1), "Neither")
    with pytest.raises(ValueError, match="month must be"):
        RegisterMonth(GROUP, 2026, 13)
    with pytest.raises(ValueError, match="version starts at 1"):
        month(version=0)


def test_the_year_sums_its_months():
    october = RegisterMonth(GROUP, 2026, 10, FAMILIES[:2], ())
    november = month(S5, S15, S25)
    year = RegisterYear(GROUP, 2026, (october, november), FAMILIES)
    assert year.sessions_held == 3
    assert year.months_with_session == 1
    assert (year.attendance.came, year.attendance.of) == (8, 10)
    assert year.member_families == 3  # Dedi left in November
    assert year.field_sum("balita") == 6


def test_area_entries_sort_by_kampung_kind_name_month():
    other = GroupInfo("Kampung KB Anggrek", "BKL", "BKL Dahlia")
    bkr = GroupInfo("Kampung KB Mawar", "BKR", "BKR Kenanga")
    entries = [
        AreaEntry(bkr, 2026, 11, None),
        AreaEntry(GROUP, 2026, 11, None),
        AreaEntry(GROUP, 2026, 10, None),
        AreaEntry(other, 2026, 11, None),
    ]
    ordered = area_entries_sorted(entries, ("BKB", "BKR", "BKL", "UPPKA", "PIK-R"))
    assert [(e.group.name, e.month) for e in ordered] == [
        ("BKL Dahlia", 11),
        ("BKB Melati", 10),
        ("BKB Melati", 11),
        ("BKR Kenanga", 11),
    ]
