"""Reminder offsets such as ``7d,1d,3h``: how long before a meeting to remind."""

from __future__ import annotations

import re
from datetime import timedelta

_OFFSET = re.compile(r"^\s*(\d{1,5})\s*([dhms])\s*$", re.IGNORECASE)
_UNITS = {
    "d": timedelta(days=1),
    "h": timedelta(hours=1),
    "m": timedelta(minutes=1),
    "s": timedelta(seconds=1),  # for rehearsals and end-to-end tests
}


def parse_offsets(text: str) -> tuple[timedelta, ...]:
    """Parse a comma-separated list of offsets, largest first, without duplicates.

    Units: ``d`` days, ``h`` hours, ``m`` minutes, ``s`` seconds. Raises
    ``ValueError`` naming the part that is wrong.
    """
    offsets: set[timedelta] = set()
    for part in text.split(","):
        if not part.strip():
            continue
        match = _OFFSET.match(part)
        if match is None:
            raise ValueError(f"{part.strip()!r} is not a number followed by d, h, m or s")
        offset = int(match.group(1)) * _UNITS[match.group(2).lower()]
        if offset <= timedelta(0):
            raise ValueError(f"{part.strip()!r} must be more than zero")
        offsets.add(offset)
    return tuple(sorted(offsets, reverse=True))
