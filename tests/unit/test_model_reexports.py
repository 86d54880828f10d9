"""A model module split in two still answers for all of it (README *Development*).

Each original keeps its mapped classes and re-exports the public names of the sibling
its functions moved to, so ``from models.member import add_members`` keeps working.
"""

from __future__ import annotations

import importlib
import inspect

import pytest

SPLITS = [
    ("models.member", "models.member_admin"),
    ("models.broadcast", "models.outbox_sending"),
    ("models.attendance", "models.recap"),
    ("models.meeting", "models.rsvp"),
]


@pytest.mark.parametrize(("original", "sibling"), SPLITS)
def test_the_original_re_exports_every_name_defined_in_its_sibling(
    original: str, sibling: str
) -> None:
    main = importlib.import_module(original)
    part = importlib.import_module(sibling)
    defined = {
        name: value
        for name, value in vars(part).items()
        if not name.startswith("_")
        and not inspect.ismodule(value)
        and (getattr(value, "__module__", None) == sibling or name.isupper())
    }
    assert defined, sibling
    missing = sorted(
        name for name, value in defined.items() if getattr(main, name, None) is not value
    )
    assert missing == []
