"""The Poktan's monthly register and yearly K/0 draft card as files (PDF + .xlsx).

``register_files(month)`` compiles one group's month into (PDF, .xlsx) from its form's
data file (models/forms); ``card_files(year)`` the January draft of the K/0 card;
``ui.registers.xlsx.area_xlsx`` the PKB's workbook for many kampungs. CPU work, meant
to run in a worker thread; fpdf2 and XlsxWriter load on the first file (issue 20).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from models.forms import Form, card_form
from models.register_data import RegisterMonth, RegisterYear

__all__ = ["card_filename", "card_files", "register_filename", "register_files"]


def register_files(month: RegisterMonth, form: Form | None = None) -> tuple[bytes, bytes]:
    """(PDF, .xlsx) of one group's month, laid out by ``form`` (default: its kind's)."""
    from ui.registers.cells import register_tables
    from ui.registers.pdf import register_pdf
    from ui.registers.xlsx import register_xlsx

    tables = register_tables(month, form)
    return register_pdf(tables), register_xlsx(tables)


def card_files(
    year: RegisterYear,
    *,
    place: str = "",
    signed_on: date | None = None,
    answers: Mapping[str, int] | None = None,
) -> tuple[bytes, bytes]:
    """(PDF, .xlsx) of the K/0 draft card for ``year`` (made in January after it), with
    the chair's ``answers`` to the fields the bot cannot know (by key)."""
    from ui.registers.cells import card_tables
    from ui.registers.pdf import card_pdf
    from ui.registers.xlsx import card_xlsx

    form = card_form(year.group.kind)
    tables = card_tables(year, form, place=place, signed_on=signed_on, answers=answers)
    return card_pdf(tables), card_xlsx(tables)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "kelompok"


def register_filename(month: RegisterMonth, extension: str) -> str:
    """E.g. "register-bkb-melati-2026-11.pdf", "…-2026-11-perbaikan-2.xlsx"."""
    name = f"register-{_slug(month.group.name)}-{month.year}-{month.month:02d}"
    if month.correction:
        name += f"-perbaikan-{month.version}"
    return f"{name}.{extension}"


def card_filename(year: RegisterYear, extension: str) -> str:
    """E.g. "k0-bkb-melati-2027.pdf" (the card made in January 2027)."""
    return f"k0-{_slug(year.group.name)}-{year.year + 1}.{extension}"
