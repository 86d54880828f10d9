"""The January K/0 draft as plain functions: what the chair is asked (from the card's data
file), her typed answers read and bounded, when the card may go to the PKB, when the
draft is due, and the card's cells filled with her answers."""

import tomllib
from datetime import UTC, datetime
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from models.forms import FORM_FILES, KINDS, FormError, card_form, parse_form
from models.poktan.k0 import (
    CardError,
    CardProblem,
    bounds,
    data_year,
    january_due,
    missing,
    read_answer,
    send_problem,
)
from models.register_data import RegisterYear
from tests.unit.test_register_data import FAMILIES, GROUP, S5, S15, S25, month
from ui.registers.cells import BLANK_CELL, card_tables

WIB = ZoneInfo("Asia/Jakarta")
FORM = card_form("BKB")
KADER, FOUNDED = FORM.questions


def test_every_card_asks_only_its_blank_fields_with_their_bounds():
    for kind in KINDS:
        form = card_form(kind)
        assert [c.label for c in form.questions] == [c.label for c in form.card_fields if c.blank]
        assert [(c.key, c.type) for c in form.questions] == [
            ("kader", "int"),
            ("tahun_bentuk", "year"),
        ]
    assert bounds(KADER, 2026) == (0, 99)
    assert bounds(FOUNDED, 2026) == (1970, 2026)  # never after the card's year


def test_a_blank_card_field_without_a_key_or_type_is_refused():
    text = resources.files("models.forms").joinpath(FORM_FILES[("card", "BKR")]).read_text()
    data = tomllib.loads(text)
    blank = next(f for f in data["card_fields"] if f["value"] == "blank")
    del blank["key"]
    with pytest.raises(FormError, match="key"):
        parse_form(data, "k0_bkr.toml")
    blank["key"] = "kader"
    blank["type"] = "text"
    with pytest.raises(FormError, match="type"):
        parse_form(data, "k0_bkr.toml")


@pytest.mark.parametrize(
    ("text", "value"), [("5", 5), (" 12 ", 12), ("5 orang", 5), ("0", 0), ("99", 99)]
)
def test_a_count_reads_as_a_whole_number(text, value):
    assert read_answer(KADER, text, 2026) == value


@pytest.mark.parametrize(
    ("column", "text", "problem", "bound"),
    [
        (KADER, "lima", CardProblem.NOT_A_NUMBER, None),
        (KADER, "", CardProblem.NOT_A_NUMBER, None),
        (KADER, "-1", CardProblem.NOT_A_NUMBER, None),
        (KADER, "3,5", CardProblem.NOT_A_NUMBER, None),
        (KADER, "5 atau 6 orang", CardProblem.NOT_A_NUMBER, None),
        (KADER, "100", CardProblem.TOO_LARGE, 99),
        (FOUNDED, "2027", CardProblem.TOO_LARGE, 2026),
        (FOUNDED, "1969", CardProblem.TOO_SMALL, 1970),
        (FOUNDED, "15", CardProblem.TOO_SMALL, 1970),
    ],
)
def test_bad_answers_say_why(column, text, problem, bound):
    with pytest.raises(CardError) as refused:
        read_answer(column, text, 2026)
    assert (refused.value.problem, refused.value.bound) == (problem, bound)


def test_what_is_missing_and_when_the_card_may_go():
    assert missing(FORM, {}) == (KADER, FOUNDED)
    assert missing(FORM, {"kader": 5}) == (FOUNDED,)
    sent = datetime(2027, 1, 2, 3, 0, tzinfo=UTC)
    later = datetime(2027, 1, 5, 3, 0, tzinfo=UTC)
    done = {"kader": 5, "tahun_bentuk": 2015}

    def problem(answers, version, sent_at, last):
        return send_problem(
            FORM, answers, sent_version=version, sent_at=sent_at, last_answered_at=last
        )

    assert problem({"kader": 5}, 0, None, sent) is CardProblem.MISSING
    assert problem(done, 0, None, sent) is None
    assert problem(done, 1, sent, sent) is CardProblem.UNCHANGED  # a second press
    assert problem(done, 1, sent, later) is None  # a correction


@pytest.mark.parametrize(
    ("local", "due"),
    [
        (datetime(2026, 12, 31, 23, 0, tzinfo=WIB), False),
        (datetime(2027, 1, 1, 6, 59, tzinfo=WIB), False),
        (datetime(2027, 1, 1, 7, 0, tzinfo=WIB), True),
        (datetime(2027, 1, 31, 22, 0, tzinfo=WIB), True),  # a bot down on the 1st catches up
        (datetime(2027, 2, 1, 7, 0, tzinfo=WIB), False),
    ],
)
def test_the_draft_is_due_from_new_years_day_at_07_through_january(local, due):
    assert january_due(local) is due
    assert data_year(local.date()) == local.year - 1


def test_the_cards_cells_print_the_chairs_answers_and_leave_the_rest_blank():
    year = RegisterYear(GROUP, 2026, (month(S5, S15, S25),), FAMILIES)
    fields = dict(card_tables(year, FORM, answers={"kader": 6}).fields)
    assert fields["Jumlah kader"] == 6
    assert fields["Tahun pembentukan"] is BLANK_CELL
    assert fields["Jumlah balita"] == 6 and fields["Pertemuan terlaksana setahun"] == 3
    assert dict(card_tables(year, FORM).fields)["Jumlah kader"] is BLANK_CELL


def test_january_somewhere_covers_every_zone_and_nothing_else() -> None:
    from datetime import UTC, datetime

    from models.poktan.k0 import january_somewhere

    assert january_somewhere(datetime(2026, 12, 31, 10, 0, tzinfo=UTC))  # Kiribati: 1 Jan
    assert january_somewhere(datetime(2027, 2, 1, 11, 0, tzinfo=UTC))  # UTC-12: 31 Jan
    assert not january_somewhere(datetime(2026, 12, 31, 9, 0, tzinfo=UTC))
    assert not january_somewhere(datetime(2027, 2, 1, 12, 0, tzinfo=UTC))
    assert not january_somewhere(datetime(2026, 7, 1, 0, 0, tzinfo=UTC))
