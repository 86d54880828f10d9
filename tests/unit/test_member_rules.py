"""Plain domain rules of members, without a bot."""

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from models.member import InvalidName, NameProblem, clean_full_name
from models.offsets import parse_offsets


@pytest.mark.parametrize(
    ("typed", "clean"),
    [
        ("Siti Aminah", "Siti Aminah"),
        ("  siti   aminah ", "siti aminah"),
        ("Nur’aini", "Nur'aini"),
        ("Drs. H. Ahmad Al-Farisi", "Drs. H. Ahmad Al-Farisi"),
        ("Ni Luh Putu Ayu", "Ni Luh Putu Ayu"),
        ("Ёлка", "Ёлка"),
        ("Jo", "Jo"),
        ("A" * 64, "A" * 64),
        # Invisible characters pasted along with a name are dropped, not refused.
        ("Siti\u200b Aminah\u200d", "Siti Aminah"),
        ("\u202eSiti Aminah\u202c", "Siti Aminah"),
        ("\ufeffNur\u2066aini\u2069", "Nuraini"),
    ],
)
def test_valid_names(typed, clean):
    assert clean_full_name(typed) == clean


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("", NameProblem.TOO_SHORT),
        ("A", NameProblem.TOO_SHORT),
        ("A.", NameProblem.TOO_SHORT),
        ("A" * 65, NameProblem.TOO_LONG),
        ("Budi2", NameProblem.BAD_CHARACTERS),
        ("Budi_Santoso", NameProblem.BAD_CHARACTERS),
        ("-Budi", NameProblem.BAD_CHARACTERS),
        ("Budi\nSantoso\t😀", NameProblem.BAD_CHARACTERS),
        ("/start", NameProblem.BAD_CHARACTERS),
    ],
)
def test_invalid_names(typed, problem):
    with pytest.raises(InvalidName) as caught:
        clean_full_name(typed)
    assert caught.value.problem is problem


@given(st.text(max_size=100))
def test_clean_name_is_stable_and_within_bounds(text):
    try:
        name = clean_full_name(text)
    except InvalidName:
        return
    assert 2 <= len(name) <= 64
    assert clean_full_name(name) == name


def test_seconds_are_accepted_for_rehearsals():
    assert parse_offsets("90s,30s") == (timedelta(seconds=90), timedelta(seconds=30))


def test_offsets_are_sorted_largest_first_without_duplicates():
    assert parse_offsets("3h,7d, 1d,3h,90m") == (
        timedelta(days=7),
        timedelta(days=1),
        timedelta(hours=3),
        timedelta(minutes=90),
    )


@pytest.mark.parametrize("text", ["7", "d7", "7 days", "-1d", "0m", "1w"])
def test_bad_offsets(text):
    with pytest.raises(ValueError, match=r"."):
        parse_offsets(text)
