"""Lines typed as a list ("Nama - Jabatan", "Nama - RT - Poktan"): one item per line.

Shared by ``/tamu`` (guests) and ``/anggota tambah`` (members without Telegram), so
both accept the same numbering, the same separators and report bad lines the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

# A dash with a space on at least one side ("Al-Farisi" and "PIK-R" stay one word),
# an en/em dash, or | or ;.
FIELD_SEPARATOR = re.compile(r"\s+[-–—]\s*|\s*[-–—]\s+|\s*[|;]\s*")
_NUMBERING = re.compile(r"^\s*\d{1,3}\s*[.)]\s*")


@dataclass(frozen=True)
class NumberedLine:
    number: int  # 1-based, counting blank lines too, as the user sees them
    raw: str  # the line as typed, stripped (for the report)
    text: str  # without any leading "1." or "1)" numbering


def numbered_lines(text: str) -> Iterator[NumberedLine]:
    """The non-blank lines of ``text`` with their numbers; list numbering is dropped."""
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _NUMBERING.sub("", raw).strip()
        if line:
            yield NumberedLine(number, raw.strip(), line)


def split_fields(line: str, count: int) -> list[str] | None:
    """Split ``line`` into exactly ``count`` non-empty fields (spaces collapsed), or None."""
    parts = FIELD_SEPARATOR.split(line, maxsplit=count - 1)
    fields = [" ".join(part.split()) for part in parts]
    if len(fields) != count or not all(fields):
        return None
    return fields
