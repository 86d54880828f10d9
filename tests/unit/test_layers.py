"""The house: a room imports only rooms below it (see README *Development*).

bot → handlers → scheduler → runtime → delivery → ui → models. Read from the source
with ``ast``, so a late import inside a function counts as much as one at the top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ROOMS = ["bot", "handlers", "scheduler", "runtime", "delivery", "ui", "models"]


def imported_rooms(path: Path) -> set[str]:
    rooms = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        rooms |= {name.split(".")[0] for name in names} & set(ROOMS)
    return rooms


@pytest.mark.parametrize("room", ROOMS)
def test_a_room_imports_only_rooms_below_it(room: str) -> None:
    above = set(ROOMS[: ROOMS.index(room)])
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_rooms(path) & above)
        for path in sorted((ROOT / room).rglob("*.py"))
        if imported_rooms(path) & above
    }
    assert upward == {}


def test_the_domain_knows_nothing_of_telegram() -> None:
    for path in (ROOT / "models").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        modules = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        modules += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        assert not [m for m in modules if m and m.split(".")[0] == "telegram"], path
