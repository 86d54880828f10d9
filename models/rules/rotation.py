"""Host-RT rotation: each quarter the meeting moves to the next RT in the list."""

from __future__ import annotations

import re
from collections.abc import Sequence

# "RT", optionally followed by a separator: "RT07", "RT 07", "rt.7", "RT-07", "Rt: 7".
_RT_PREFIX = re.compile(r"^rt\s*[.\-:]?\s*", re.IGNORECASE)
# Leading ASCII digits and the rest, e.g. "07A" -> ("07", "A").
_NUMBER_AND_SUFFIX = re.compile(r"^([0-9]+)(.*)$", re.ASCII | re.DOTALL)


def _key(value: str) -> tuple[int, str] | str:
    """Comparison key: (number, suffix) when the value starts with digits, else casefolded text.

    Numeric comparison makes "7", "07" and "007" the same RT.
    """
    value = value.strip()
    match = _NUMBER_AND_SUFFIX.match(value)
    if match:
        return int(match.group(1)), match.group(2).strip().casefold()
    return value.casefold()


def normalize_rt(text: str, rt_list: Sequence[str]) -> str | None:
    """Map what a user typed ("7", "RT07", "rt.7", "Rt 007" ...) to the matching entry of
    ``rt_list``, or None when it does not name an RT of the list.

    Entries that start with digits are compared by number (then by any suffix, case-
    insensitively, e.g. "07A"); other entries are compared case-insensitively.
    """
    candidate = text.strip()
    stripped = _RT_PREFIX.sub("", candidate, count=1)
    if stripped:  # a bare "RT" names no RT; keep it so it can only match an entry "RT"
        candidate = stripped
    if not candidate:
        return None
    wanted = _key(candidate)
    for entry in rt_list:
        if _key(entry) == wanted:
            return entry
    return None


def _index_of(rt_list: Sequence[str], rt: str) -> int | None:
    try:
        return list(rt_list).index(rt)
    except ValueError:
        pass
    normalized = normalize_rt(rt, rt_list)
    return None if normalized is None else list(rt_list).index(normalized)


def next_host_rt(rt_list: Sequence[str], last_host: str | None) -> str:
    """The RT after ``last_host`` in list order, wrapping around.

    The first RT when there was no previous host or the previous host is no longer listed.
    ``last_host`` is matched exactly first, then like :func:`normalize_rt` ("7" finds "07").
    """
    if not rt_list:
        raise ValueError("the RT list is empty")
    if last_host is None:
        return rt_list[0]
    index = _index_of(rt_list, last_host)
    if index is None:
        return rt_list[0]
    return rt_list[(index + 1) % len(rt_list)]


def rotation_order_from(rt_list: Sequence[str], proposed: str) -> list[str]:
    """All RTs, ``proposed`` first and then the others in rotation order after it.

    Duplicate entries are dropped (first occurrence kept). Raises ValueError when the list
    is empty or ``proposed`` is not in it.
    """
    if not rt_list:
        raise ValueError("the RT list is empty")
    index = _index_of(rt_list, proposed)
    if index is None:
        raise ValueError(f"RT {proposed!r} is not in the RT list")
    ordered = [*rt_list[index:], *rt_list[:index]]
    return list(dict.fromkeys(ordered))


class RtListProblem(ValueError):
    """Why an RT list typed by an operator cannot be used; ``reason`` names the case."""

    def __init__(self, reason: str, rt: str = "") -> None:
        super().__init__(reason, rt)
        self.reason = reason  # "empty", "bad", "duplicate", "too_many"
        self.rt = rt


MAX_RTS = 60
_RT_ENTRY = re.compile(r"^[0-9]{1,3}[A-Za-z]?$")  # "7", "07", "07A"


def parse_rt_list(text: str) -> list[str]:
    """An RT list as an operator types it ("1, 2, 3", "RT01 RT02", "01,02,03A"), in order.

    Each entry is a number, optionally with one letter ("07A"). Numbers are written
    with two digits ("1" -> "01"); two entries that name the same RT after that
    ("1" and "01") are refused, as are entries that are not RT numbers.
    """
    parts = [part for part in re.split(r"[\s,;]+", text.strip()) if part]
    if not parts:
        raise RtListProblem("empty")
    rts: list[str] = []
    seen: set[tuple[int, str] | str] = set()
    for part in parts:
        stripped = _RT_PREFIX.sub("", part, count=1) or part
        if not _RT_ENTRY.match(stripped):
            raise RtListProblem("bad", part)
        match = _NUMBER_AND_SUFFIX.match(stripped)
        assert match is not None  # _RT_ENTRY starts with digits
        rt = f"{int(match.group(1)):02d}{match.group(2).upper()}"
        key = _key(rt)
        if key in seen:
            raise RtListProblem("duplicate", part)
        seen.add(key)
        rts.append(rt)
    if len(rts) > MAX_RTS:
        raise RtListProblem("too_many")
    return rts
