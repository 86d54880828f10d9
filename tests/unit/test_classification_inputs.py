"""Where each indicator's value comes from: the secretary's answers (validated), the
bot's records, and the portal's agency list. No database, no Telegram."""

from __future__ import annotations

import pytest

from models.classification.agencies import LAINNYA, agencies_of, instansi_of
from models.classification.formula import Ind, PokjaFacts
from models.classification.questions import (
    QUESTION,
    BadAnswer,
    Problem,
    Q,
    Records,
    check_number,
    count_for_percent,
    decode,
    encode,
    read_number,
    read_poktan_shares,
    values,
)
from models.meeting import Sector

RECORDS = Records(pokja_members=2, poktan_kinds=frozenset({"BKB", "BKL"}), agencies=3)


def test_nothing_answered_leaves_every_asked_indicator_unknown():
    found = values({}, RECORDS)
    assert found[Ind.POKTAN] == 2 and found[Ind.LINTAS_SEKTOR] == 3  # from the records
    asked = [k for k, v in found.items() if v is None]
    assert set(asked) == set(Ind) - {Ind.POKTAN, Ind.LINTAS_SEKTOR}


def test_each_answer_feeds_its_indicator():
    answers = {
        Q.POKJA: True,
        Q.POKJA_TRAINING: False,
        Q.FUNDS: frozenset({0, 2}),
        Q.SECRETARIAT: True,
        Q.DATA_HOUSE: False,
        Q.PLKB: True,
        Q.REGULATION: True,
        Q.DATA_USE: frozenset({0, 1, 2, 3}),
        Q.OPERATIONS: frozenset(),
        Q.POKTAN_SHARE: {"BKB": (30, 100), "BKL": (20, 100)},
        Q.PUS: 200,
        Q.KB_USERS: 90,
        Q.MKJP_USERS: 20,
        Q.UNMET: 25,
    }
    found = values(answers, RECORDS)
    assert found[Ind.POKJA] == PokjaFacts(True, 2, False)
    assert found[Ind.SUMBER_DANA] == 2
    assert found[Ind.SARANA] == 1
    assert found[Ind.PKB] == 2
    assert found[Ind.PENGGUNAAN_DATA] == 4
    assert found[Ind.OPERASIONAL] == 0
    assert found[Ind.OUTPUT_POKTAN] == 10  # (30 + 20) / 5
    assert found[Ind.CPR] == 45  # 90 / 200
    assert found[Ind.MKJP] == 22  # 20 / 90 = 22.2: of the users, not of PUS
    assert found[Ind.UNMET_NEED] == 12  # 25 / 200 = 12.5 → 12 (half to even)


def test_an_indicator_of_two_answers_waits_for_both_except_no_pokja():
    assert values({Q.SECRETARIAT: True}, RECORDS)[Ind.SARANA] is None
    assert values({Q.POKJA: True}, RECORDS)[Ind.POKJA] is None
    assert values({Q.POKJA: False}, RECORDS)[Ind.POKJA] == PokjaFacts(False, 2, False)
    assert values({Q.PUS: 100}, RECORDS)[Ind.CPR] is None


@pytest.mark.parametrize(
    "key", [Q.POKJA, Q.FUNDS, Q.PUS, Q.POKTAN_SHARE, Q.OPERATIONS, Q.REGULATION]
)
def test_answers_survive_storage(key):
    samples = {
        Q.POKJA: True,
        Q.REGULATION: False,
        Q.FUNDS: frozenset({0, 5}),
        Q.OPERATIONS: frozenset(),
        Q.PUS: 1250,
        Q.POKTAN_SHARE: {"BKB": (3, 40), "PIK R": (0, 12)},
    }
    question = QUESTION[key]
    assert decode(question, encode(question, samples[key])) == samples[key]


@pytest.mark.parametrize(("text", "number"), [("240", 240), ("1.250", 1250), (" 1 250 ", 1250)])
def test_numbers_as_typed(text, number):
    assert read_number(text) == number


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("dua ratus", Problem.NOT_A_NUMBER),
        ("-5", Problem.NOT_A_NUMBER),
        ("", Problem.NOT_A_NUMBER),
        ("2000000", Problem.TOO_LARGE),
    ],
)
def test_bad_numbers_are_refused_with_a_reason(text, problem):
    with pytest.raises(BadAnswer) as refused:
        read_number(text)
    assert refused.value.problem is problem


@pytest.mark.parametrize(
    ("key", "number", "known", "problem"),
    [
        (Q.PUS, 0, {}, Problem.ZERO_PUS),
        (Q.PUS, 50, {Q.KB_USERS: 40, Q.UNMET: 20}, Problem.LESS_THAN_PARTS),
        (Q.KB_USERS, 90, {Q.PUS: 100, Q.UNMET: 20}, Problem.MORE_THAN_PUS),
        (Q.KB_USERS, 10, {Q.MKJP_USERS: 11}, Problem.LESS_THAN_PARTS),
        (Q.MKJP_USERS, 41, {Q.KB_USERS: 40}, Problem.MORE_THAN_USERS),
        (Q.UNMET, 61, {Q.PUS: 100, Q.KB_USERS: 40}, Problem.MORE_THAN_PUS),
    ],
)
def test_figures_that_contradict_the_others_are_refused(key, number, known, problem):
    with pytest.raises(BadAnswer) as refused:
        check_number(key, number, known)
    assert refused.value.problem is problem


def test_consistent_figures_pass():
    check_number(Q.PUS, 100, {Q.KB_USERS: 40, Q.UNMET: 60})
    check_number(Q.MKJP_USERS, 40, {Q.KB_USERS: 40})
    check_number(Q.KB_USERS, 40, {})


def test_poktan_shares_as_typed():
    shares = read_poktan_shares("PIK-R 2/40\nbkb 30 dari 120\n\nUPPKS: 5/300")
    assert shares == {"BKB": (30, 120), "UPPKA": (5, 300), "PIK R": (2, 40)}


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("BKB tiga puluh", Problem.POKTAN_FORMAT),
        ("Posyandu 3/4", Problem.POKTAN_FORMAT),
        ("BKB 130/120", Problem.POKTAN_PART_ABOVE),
        ("   ", Problem.POKTAN_FORMAT),
    ],
)
def test_bad_poktan_shares_are_refused(text, problem):
    with pytest.raises(BadAnswer) as refused:
        read_poktan_shares(text)
    assert refused.value.problem is problem


def test_the_count_for_a_percentage():
    assert count_for_percent(41, 200) == 82  # 81/200 = 40.5 → 40 (half to even)
    assert count_for_percent(30, 100) == 30
    assert count_for_percent(12, 200, at_least=False) == 25  # 12.5 → 12
    assert count_for_percent(6, 100, at_least=False) == 6


@pytest.mark.parametrize(
    ("text", "entry"),
    [
        ("Puskesmas Talang Banjar", 30),
        ("Dinas Kesehatan Kota Jambi", 19),
        ("Dinas Peternakan dan Kesehatan Hewan", 36),
        ("Perwakilan BKKBN Provinsi Jambi", 34),
        ("DPPKB Kota Jambi", 26),
        ("Sekretaris Lurah", 27),
        ("Dinas Pemberdayaan Masyarakat Desa", 24),
        ("RSUD Raden Mattaher", 31),
        ("Polsek Jambi Timur", 6),
        ("KUA Kecamatan Jambi Timur", 18),
        ("Mahasiswa KKN Universitas Jambi", 28),
        ("Ketua RT 07", 32),
        ("Ibu rumah tangga", None),
    ],
)
def test_recorded_names_on_the_portal_list(text, entry):
    assert instansi_of(text) == entry


def test_agencies_count_as_the_portal_counts_them():
    found = agencies_of(
        [
            ("Puskesmas Talang Banjar", Sector.GOVERNMENT),
            ("Puskesmas Kenali", Sector.GOVERNMENT),  # the same entry: counts once
            ("Yayasan Harapan", Sector.OTHER),  # typed: Lainnya
            ("Komunitas Sehat", Sector.OTHER),  # typed too: Lainnya counts once
            ("Bank Sumsel", Sector.BUMN),  # not named on the list, but a BUMN/BUMD
        ],
        ["Sekretaris Lurah", "Ibu Ketua PKK", "Warga"],  # "Warga" is no agency
    )
    assert sorted(found.entries) == [9, 27, 30, 32, LAINNYA]
    assert found.count == 5
    assert found.entries[30] == ("Puskesmas Kenali", "Puskesmas Talang Banjar")
