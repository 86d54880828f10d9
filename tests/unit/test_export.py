"""Spreadsheet cells that could run as formulas are neutralised; shares of a base."""

import pytest

from ui.export import is_formula_like, neutralise, share


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x","klik")', '\'=HYPERLINK("http://x","klik")'),
        ("+62 812 3456", "'+62 812 3456"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Siti Aminah", "Siti Aminah"),
        ("Al-Farisi", "Al-Farisi"),
        ("", ""),
        (" =1", " =1"),
        (-3, -3),
        (0.75, 0.75),
    ],
)
def test_neutralise(value, expected):
    assert neutralise(value) == expected
    assert not is_formula_like(neutralise(value))


def test_share_is_exact_and_needs_a_base():
    assert share(3, 4) == 0.75
    assert share(0, 1) == 0
    assert share(5, None) is None
    assert share(0, 0) is None
