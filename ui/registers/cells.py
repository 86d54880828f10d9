"""A form (models/forms) filled with a group's month or year: tables of plain cells.

Pure: the PDF and the .xlsx are both drawn from what ``register_tables`` and
``card_tables`` return, so they hold the same content in the same order — the order of
the form's data file. Each named value of models/forms is filled here (``_HEADER``,
``_SESSION``, ``_FAMILY``, ``_TOTAL``, ``_CARD``); a unit test checks none is missing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from models.forms import FIELD_PREFIX, Column, Form, register_form
from models.register_data import (
    RegisterFamily,
    RegisterMonth,
    RegisterSession,
    RegisterYear,
)
from ui.formatting import format_long_date, format_month, format_ratio, format_short_date
from ui.texts import registers as words


@dataclass(frozen=True)
class Percent:
    """A share (0.75), shown as "75%" in the PDF and as a percent cell in the .xlsx."""

    value: float | None


class Blank:
    """A cell the chair fills by hand ("diisi ketua")."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK_CELL = Blank()

Cell = str | int | float | date | Percent | Blank | None


@dataclass(frozen=True)
class TableColumn:
    label: str
    width: float  # mm, as the data file gives it (the PDF fits the page)
    numeric: bool
    per_session: bool = False  # one of the columns a "family.attendance" expands into


@dataclass(frozen=True)
class Table:
    columns: tuple[TableColumn, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class RegisterTables:
    """Everything printed in one register, in order."""

    form: Form
    month: RegisterMonth
    month_name: str
    correction: str | None  # "PERBAIKAN (versi 2)", or None for the first sending
    header: tuple[tuple[str, Cell], ...]
    sessions: Table | None  # None: no session held (``no_session`` says so)
    no_session: str | None
    families: Table
    notes: tuple[str, ...]
    totals: tuple[tuple[str, Cell], ...]
    place_date: str
    chair_role: str
    chairs: tuple[str, ...]


@dataclass(frozen=True)
class CardTables:
    form: Form
    year: RegisterYear
    fields: tuple[tuple[str, Cell], ...]
    place_date: str
    chair_role: str
    chairs: tuple[str, ...]


# --- the values ----------------------------------------------------------------------------------

GroupValue = Callable[[RegisterMonth, Form], Cell]

_HEADER: dict[str, GroupValue] = {
    "group.kampung": lambda m, f: m.group.kampung,
    "group.desa": lambda m, f: m.group.desa or BLANK_CELL,
    "group.kind": lambda m, f: m.group.kind,
    "group.name": lambda m, f: m.group.name,
    "group.rts": lambda m, f: ", ".join(m.group.rts) or BLANK_CELL,
    "group.chairs": lambda m, f: ", ".join(m.group.chairs) or BLANK_CELL,
    "month.name": lambda m, f: format_month(m.year, m.month),
    "month.version": lambda m, f: m.version,
    "form.recipient": lambda m, f: f.recipient,
    "form.deadline": lambda m, f: f.deadline,
}

SessionValue = Callable[[RegisterMonth, RegisterSession, int], Cell]

_SESSION: dict[str, SessionValue] = {
    "row.number": lambda m, s, n: n,
    "session.date": lambda m, s, n: s.held_on,
    "session.topic": lambda m, s, n: s.topic,
    "session.speakers": lambda m, s, n: ", ".join(s.speakers),
    "session.present": lambda m, s, n: s.present,
    "session.expected": lambda m, s, n: len(m.expected_ids(s)),
    "session.rate": lambda m, s, n: Percent(m.session_rate(s).value),
    "session.counted": lambda m, s, n: words.REGISTER_COUNTED[s.ticked],
    "session.photos": lambda m, s, n: s.photos,
}

FamilyValue = Callable[[RegisterMonth, RegisterFamily, int], Cell]


def _status(month: RegisterMonth, family: RegisterFamily, number: int) -> str:
    status, day = month.family_status(family)
    return words.register_status_text(status, format_short_date(day) if day else "")


_FAMILY: dict[str, FamilyValue] = {
    "row.number": lambda m, f, n: n,
    "family.name": lambda m, f, n: f.name,
    "family.rt": lambda m, f, n: f.rt,
    "family.status": _status,
    "family.sessions_attended": lambda m, f, n: m.family_rate(f).came,
    "family.sessions_expected": lambda m, f, n: m.family_rate(f).of,
    "family.attendance_rate": lambda m, f, n: Percent(m.family_rate(f).value),
}
ATTENDANCE = "family.attendance"  # expands into one column per session

_TOTAL: dict[str, Callable[[RegisterMonth], Cell]] = {
    "month.sessions_held": lambda m: m.sessions_held,
    "month.member_families": lambda m: m.member_families,
    "month.joined_families": lambda m: m.joined_families,
    "month.left_families": lambda m: m.left_families,
    "month.families_present_any": lambda m: m.families_present_any,
    "month.present_sum": lambda m: m.present_sum,
    "month.present_average": lambda m: (
        round(m.present_average, 1) if m.present_average is not None else None
    ),
    "month.attendance_rate": lambda m: Percent(m.attendance.value),
}

_CARD: dict[str, Callable[[RegisterYear], Cell]] = {
    "group.kampung": lambda y: y.group.kampung,
    "group.desa": lambda y: y.group.desa or BLANK_CELL,
    "group.kind": lambda y: y.group.kind,
    "group.name": lambda y: y.group.name,
    "group.rts": lambda y: ", ".join(y.group.rts) or BLANK_CELL,
    "group.chairs": lambda y: ", ".join(y.group.chairs) or BLANK_CELL,
    "year.previous": lambda y: str(y.year),
    "year.member_families": lambda y: y.member_families,
    "year.sessions_held": lambda y: y.sessions_held,
    "year.months_with_session": lambda y: y.months_with_session,
    "year.attendance_rate": lambda y: Percent(y.attendance.value),
}

NUMERIC_VALUES = frozenset(
    {
        "row.number",
        "session.present",
        "session.expected",
        "session.rate",
        "session.photos",
        "family.sessions_attended",
        "family.sessions_expected",
        "family.attendance_rate",
        ATTENDANCE,
    }
)


def filled_values() -> dict[str, frozenset[str]]:
    """The values this module fills, per part (for the test against models/forms)."""
    return {
        "header": frozenset(_HEADER),
        "session_columns": frozenset(_SESSION),
        "family_columns": frozenset(_FAMILY) | {ATTENDANCE},
        "totals": frozenset(_TOTAL),
        "card_fields": frozenset(_CARD),
    }


# --- the tables ----------------------------------------------------------------------------------


def _is_field(column: Column, part: str) -> str | None:
    prefix = FIELD_PREFIX[part]
    return column.value.removeprefix(prefix) if column.value.startswith(prefix) else None


def _session_table(form: Form, month: RegisterMonth) -> Table:
    columns = tuple(
        TableColumn(c.label, c.width, c.value in NUMERIC_VALUES) for c in form.session_columns
    )
    rows = []
    for number, session in enumerate(month.sessions, start=1):
        rows.append(
            tuple(
                BLANK_CELL if c.blank else _SESSION[c.value](month, session, number)
                for c in form.session_columns
            )
        )
    return Table(columns, tuple(rows))


def _family_table(form: Form, month: RegisterMonth) -> Table:
    columns: list[TableColumn] = []
    getters: list[Callable[[RegisterFamily, int], Cell]] = []
    for column in form.family_columns:
        if column.value == ATTENDANCE:
            for session in month.sessions:
                label = words.register_day_month(session.held_on)
                columns.append(TableColumn(label, column.width, True, per_session=True))
                getters.append(_mark_getter(month, session))
            continue
        key = _is_field(column, "family")
        columns.append(TableColumn(column.label, column.width, column.value in NUMERIC_VALUES))
        if column.blank:
            getters.append(lambda f, n: BLANK_CELL)
        elif key is not None:
            numeric = form.field(key).type == "int"
            columns[-1] = TableColumn(column.label, column.width, numeric)
            getters.append(_field_getter(key))
        else:
            getters.append(_family_getter(month, column.value))
    families = sorted(month.families, key=lambda f: (f.rt, f.name.casefold(), f.id))
    rows = tuple(
        tuple(get(family, number) for get in getters)
        for number, family in enumerate(families, start=1)
    )
    return Table(tuple(columns), rows)


def _mark_getter(month: RegisterMonth, session: RegisterSession) -> Callable[..., Cell]:
    def get(family: RegisterFamily, number: int) -> Cell:
        mark = month.family_mark(family, session)
        return words.REGISTER_MARKS[mark] if mark else ""

    return get


def _field_getter(key: str) -> Callable[..., Cell]:
    return lambda family, number: family.fields.get(key)


def _family_getter(month: RegisterMonth, value: str) -> Callable[..., Cell]:
    fill = _FAMILY[value]
    return lambda family, number: fill(month, family, number)


def _place_date(place: str, fallback: str, day: date | None) -> str:
    return words.REGISTER_PLACE_DATE.format(
        place=place or fallback, day=format_long_date(day) if day else words.REGISTER_UNDATED
    )


def register_tables(month: RegisterMonth, form: Form | None = None) -> RegisterTables:
    """The register of ``month``, laid out by ``form`` (default: its kind's data file)."""
    form = form or register_form(month.group.kind)
    header = tuple(
        (c.label, BLANK_CELL if c.blank else _HEADER[c.value](month, form)) for c in form.header
    )
    totals = []
    for column in form.totals:
        key = _is_field(column, "total")
        if column.blank:
            value: Cell = BLANK_CELL
        elif key is not None:
            value = month.field_sum(key)
        else:
            value = _TOTAL[column.value](month)
        totals.append((column.label, value))
    no_session = None
    if not month.sessions and month.no_session_confirmed:
        no_session = words.REGISTER_NO_SESSION_CONFIRMED
    elif not month.sessions:
        no_session = words.REGISTER_NO_SESSION
    notes = []
    if month.sessions and any(c.value == ATTENDANCE for c in form.family_columns):
        notes.append(words.REGISTER_LEGEND)
    if month.typed_sessions:
        notes.append(words.REGISTER_TYPED_NOTE)
    return RegisterTables(
        form=form,
        month=month,
        month_name=format_month(month.year, month.month),
        correction=words.register_correction_mark(month.version) if month.correction else None,
        header=header,
        sessions=_session_table(form, month) if month.sessions else None,
        no_session=no_session,
        families=_family_table(form, month),
        notes=tuple(notes),
        totals=tuple(totals),
        place_date=_place_date(month.place, month.group.kampung, month.signed_on),
        chair_role=words.register_chair_role(month.group.name),
        chairs=month.group.chairs,
    )


def card_tables(
    year: RegisterYear,
    form: Form,
    *,
    place: str = "",
    signed_on: date | None = None,
    answers: Mapping[str, int] | None = None,
) -> CardTables:
    """The K/0 draft card of ``year`` laid out by ``form`` (a card's data file); a blank
    field the chair answered (``answers`` by the field's key) prints her answer."""
    answers = answers or {}
    fields = []
    for column in form.card_fields:
        key = _is_field(column, "card")
        if column.blank:
            value: Cell = answers.get(column.key, BLANK_CELL) if column.key else BLANK_CELL
        elif key is not None:
            value = year.field_sum(key)
        else:
            value = _CARD[column.value](year)
        fields.append((column.label, value))
    return CardTables(
        form=form,
        year=year,
        fields=tuple(fields),
        place_date=_place_date(place, year.group.kampung, signed_on),
        chair_role=words.register_chair_role(year.group.name),
        chairs=year.group.chairs,
    )


def text_of(value: Cell) -> str:
    """A cell as the PDF prints it."""
    if isinstance(value, Blank):
        return words.REGISTER_BLANK_CELL
    if value is None:
        return words.REGISTER_NO_VALUE
    if isinstance(value, Percent):
        return _percent_text(value.value)
    if isinstance(value, date):
        return format_short_date(value)
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


@lru_cache(maxsize=1024)
def _percent_text(value: float | None) -> str:
    """Babel's percentage (~0.5 ms each), once per distinct share."""
    return format_ratio(value)


def chairs_line(chairs: Sequence[str]) -> tuple[str, ...]:
    """The names under the signature: one per chair, or an empty line to write on."""
    return tuple(chairs) or ("",)
