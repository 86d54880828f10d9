"""The Poktan's monthly registers (R/I/…) and yearly potential-data cards (K/0/…) as data.

Each form is one TOML file in this package (``ri_bkb.toml``, ``k0_bkb.toml``, …): its
code, names, recipient and deadline, whether its layout is verified, its sources, the
per-family fields the chair gives, and its columns in order. A new form version is a
new or edited data file, not a code change: the compiler (``ui/registers``) fills every
column from a named *value* (``family.name``, ``session.rate``, …) and a column whose
value the bot cannot know is ``blank`` (printed empty, "diisi ketua"). On a card, a
``blank`` field also has a ``key``, a ``type`` (``int`` or ``year``) and bounds: the bot
asks the chair for it in January (models/poktan/k0.py) and prints her answer.

Every column and field carries ``source`` and ``status`` (``verified`` — read on the
official form; ``issue`` — asked for by issue 18; ``ours`` — the bot's own addition);
see docs/registers.md for what is verified (so far: no official layout).

Pure: ``tomllib`` only; the files are read once per process (``cache``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Literal

KINDS = ("BKB", "BKR", "BKL", "UPPKA", "PIK-R")
"""The Poktan kinds that have a register, in the order reports list them."""

STATUSES = ("verified", "issue", "ours", "hint")
"""Where a column comes from: the official form, issue 18, the bot, a third-party hint."""

BLANK = "blank"
"""The value of a column the bot cannot fill: printed empty for the chair to write."""

ANSWER_TYPES = ("int", "year")
"""What a card's blank field asks the chair: a count, or a year (not after the data year)."""

# The values the compiler can fill, per table. ``<key>`` stands for a family field's key.
HEADER_VALUES = frozenset(
    {
        "group.kampung",
        "group.desa",
        "group.kind",
        "group.name",
        "group.rts",
        "group.chairs",
        "month.name",
        "month.version",
        "form.recipient",
        "form.deadline",
    }
)
FAMILY_VALUES = frozenset(
    {
        "row.number",
        "family.name",
        "family.rt",
        "family.status",
        "family.attendance",  # one column per session held (expands)
        "family.sessions_attended",
        "family.sessions_expected",
        "family.attendance_rate",
    }
)
SESSION_VALUES = frozenset(
    {
        "row.number",
        "session.date",
        "session.topic",
        "session.speakers",
        "session.present",
        "session.expected",
        "session.rate",
        "session.counted",
        "session.photos",
    }
)
TOTAL_VALUES = frozenset(
    {
        "month.sessions_held",
        "month.member_families",
        "month.joined_families",
        "month.left_families",
        "month.families_present_any",
        "month.present_sum",
        "month.present_average",
        "month.attendance_rate",
    }
)
CARD_VALUES = frozenset(
    {
        "group.kampung",
        "group.desa",
        "group.kind",
        "group.name",
        "group.rts",
        "group.chairs",
        "year.previous",
        "year.member_families",
        "year.sessions_held",
        "year.months_with_session",
        "year.attendance_rate",
    }
)
FIELD_PREFIX = {"family": "family.field.", "total": "month.field_sum.", "card": "year.field_sum."}


class FormError(ValueError):
    """A form's data file is malformed (raised when it is read)."""


@dataclass(frozen=True)
class Source:
    """Where a form, field or column comes from."""

    status: str  # one of STATUSES
    note: str


@dataclass(frozen=True)
class FamilyField:
    """Something the chair gives per member family (e.g. the number of balita for BKB).

    Described here, parsed from the chair's lines by ``models.poktan`` (kinds.py's
    ``FAMILY_COUNT``, kept equal to this by a test).
    """

    key: str
    label: str
    type: Literal["int", "text"]
    required: bool
    minimum: int | None
    maximum: int | None
    source: Source


@dataclass(frozen=True)
class Column:
    """One column (or header line, or total line) of a form, filled from ``value``."""

    label: str
    value: str
    width: float  # mm in the PDF; 0 where the part is not a table
    source: Source
    # A card's blank field the chair answers: its key, type (ANSWER_TYPES) and bounds.
    key: str = ""
    type: str = ""
    minimum: int | None = None
    maximum: int | None = None

    @property
    def blank(self) -> bool:
        return self.value == BLANK


@dataclass(frozen=True)
class Form:
    """One form: identity, delivery, verification, and its parts' columns in order."""

    file: str
    kind: str
    document: Literal["register", "card"]
    code: str
    official_name: str
    official_name_source: Source
    version: str
    verified: bool
    heading: str  # the title printed on the bot's document
    notice: str  # printed under the heading (e.g. "not the official layout")
    recipient: str
    recipient_source: Source
    deadline: str
    deadline_day: int
    deadline_source: Source
    member_unit: str  # "keluarga" or "remaja": what one member line is
    sources: tuple[str, ...]
    family_fields: tuple[FamilyField, ...]
    header: tuple[Column, ...]
    session_columns: tuple[Column, ...]
    family_columns: tuple[Column, ...]
    totals: tuple[Column, ...]
    card_fields: tuple[Column, ...]

    def field(self, key: str) -> FamilyField:
        for family_field in self.family_fields:
            if family_field.key == key:
                return family_field
        raise KeyError(key)

    @property
    def questions(self) -> tuple[Column, ...]:
        """A card's blank fields, in order: what the chair is asked (by ``key``)."""
        return tuple(c for c in self.card_fields if c.blank and c.key)


FORM_FILES: Mapping[tuple[str, str], str] = {
    ("register", "BKB"): "ri_bkb.toml",
    ("register", "BKR"): "ri_bkr.toml",
    ("register", "BKL"): "ri_bkl.toml",
    ("register", "UPPKA"): "ri_uppka.toml",
    ("register", "PIK-R"): "ri_pikr.toml",
    ("card", "BKB"): "k0_bkb.toml",
    ("card", "BKR"): "k0_bkr.toml",
    ("card", "BKL"): "k0_bkl.toml",
    ("card", "UPPKA"): "k0_uppka.toml",
    ("card", "PIK-R"): "k0_pikr.toml",
}


def register_form(kind: str) -> Form:
    """The monthly register (R/I/…) of a Poktan kind."""
    return load_form(FORM_FILES[("register", kind)])


def card_form(kind: str) -> Form:
    """The yearly potential-data card (K/0/…) of a Poktan kind."""
    return load_form(FORM_FILES[("card", kind)])


@cache
def load_form(file: str) -> Form:
    """Read and check one data file of this package (once per process)."""
    text = resources.files(__package__).joinpath(file).read_text(encoding="utf-8")
    return parse_form(tomllib.loads(text), file)


def parse_form(data: Mapping[str, Any], file: str = "<data>") -> Form:
    """A ``Form`` from a TOML document's table; FormError names what is wrong."""
    try:
        form = _build(data, file)
    except (KeyError, TypeError) as error:
        raise FormError(f"{file}: missing or malformed {error}") from error
    _check(form)
    return form


def _source(data: Mapping[str, Any]) -> Source:
    status = data["status"]
    if status not in STATUSES:
        raise FormError(f"unknown status {status!r}")
    return Source(status, data["source"])


def _columns(items: list[Mapping[str, Any]]) -> tuple[Column, ...]:
    return tuple(
        Column(
            item["label"],
            item["value"],
            float(item.get("width", 0)),
            _source(item),
            key=item.get("key", ""),
            type=item.get("type", ""),
            minimum=item.get("min"),
            maximum=item.get("max"),
        )
        for item in items
    )


def _build(data: Mapping[str, Any], file: str) -> Form:
    fields = tuple(
        FamilyField(
            key=item["key"],
            label=item["label"],
            type=item["type"],
            required=bool(item.get("required", False)),
            minimum=item.get("min"),
            maximum=item.get("max"),
            source=_source(item),
        )
        for item in data.get("family_fields", [])
    )
    return Form(
        file=file,
        kind=data["kind"],
        document=data["document"],
        code=data["code"],
        official_name=data["official_name"],
        official_name_source=_source(data["official_name_source"]),
        version=data["version"],
        verified=bool(data["verified"]),
        heading=data["heading"],
        notice=data.get("notice", ""),
        recipient=data["recipient"],
        recipient_source=_source(data["recipient_source"]),
        deadline=data["deadline"],
        deadline_day=int(data["deadline_day"]),
        deadline_source=_source(data["deadline_source"]),
        member_unit=data.get("member_unit", "keluarga"),
        sources=tuple(data["sources"]),
        family_fields=fields,
        header=_columns(data.get("header", [])),
        session_columns=_columns(data.get("session_columns", [])),
        family_columns=_columns(data.get("family_columns", [])),
        totals=_columns(data.get("totals", [])),
        card_fields=_columns(data.get("card_fields", [])),
    )


def _check(form: Form) -> None:
    """Every value is one the compiler knows; a register has its three tables."""
    if form.kind not in KINDS:
        raise FormError(f"{form.file}: unknown kind {form.kind!r}")
    if form.document not in ("register", "card"):
        raise FormError(f"{form.file}: unknown document {form.document!r}")
    keys = {f.key for f in form.family_fields}
    if len(keys) != len(form.family_fields):
        raise FormError(f"{form.file}: a family field's key is repeated")
    for family_field in form.family_fields:
        if family_field.type not in ("int", "text"):
            raise FormError(f"{form.file}: field {family_field.key!r} has unknown type")
    parts: list[tuple[str, tuple[Column, ...], frozenset[str], str | None]] = [
        ("header", form.header, HEADER_VALUES, None),
        ("session_columns", form.session_columns, SESSION_VALUES, None),
        ("family_columns", form.family_columns, FAMILY_VALUES, FIELD_PREFIX["family"]),
        ("totals", form.totals, TOTAL_VALUES, FIELD_PREFIX["total"]),
        ("card_fields", form.card_fields, CARD_VALUES, FIELD_PREFIX["card"]),
    ]
    for part, columns, known, prefix in parts:
        for column in columns:
            if column.value == BLANK or column.value in known:
                continue
            field_key = column.value.removeprefix(prefix) if prefix else None
            if prefix and column.value.startswith(prefix) and field_key in keys:
                continue
            raise FormError(f"{form.file}: {part} {column.label!r}: unknown value {column.value!r}")
    if form.document == "register":
        if not (form.session_columns and form.family_columns and form.totals):
            raise FormError(f"{form.file}: a register needs sessions, families and totals")
    elif not form.card_fields:
        raise FormError(f"{form.file}: a card needs card_fields")
    else:
        _check_questions(form)


def _check_questions(form: Form) -> None:
    """A card's blank field is asked of the chair: a unique key, a known type."""
    keys = [c.key for c in form.card_fields if c.blank]
    if not all(keys) or len(set(keys)) != len(keys):
        raise FormError(f"{form.file}: every blank card field needs its own key")
    for column in form.card_fields:
        if column.blank and column.type not in ANSWER_TYPES:
            raise FormError(f"{form.file}: card field {column.label!r} has unknown type")
