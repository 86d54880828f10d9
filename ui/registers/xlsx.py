"""The register, the K/0 draft card and the PKB's area workbook as .xlsx (XlsxWriter).

Same content as the PDFs (``ui.registers.cells``), a sheet per part: "Identitas"
(heading, marks, the head's fields), "Pertemuan", "Anggota", "Jumlah". Text is always
written as text (a family typed as ``=1+1`` stays a name), dates as dates, shares as
percent cells. XlsxWriter is the house's writer (ui/export.py, imported lazily there);
the tests read the files back with openpyxl.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from models.forms import KINDS
from models.register_data import AreaEntry, area_entries_sorted
from ui.export import new_workbook
from ui.formatting import format_month
from ui.registers.cells import Blank, CardTables, Cell, Percent, RegisterTables, Table
from ui.texts import registers as words

if TYPE_CHECKING:
    from xlsxwriter import Workbook
    from xlsxwriter.worksheet import Worksheet


class _Writer:
    """One workbook's formats; writes cells by type."""

    def __init__(self, workbook: Workbook) -> None:
        self.workbook = workbook
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.mark = workbook.add_format({"bold": True, "font_size": 13, "border": 2})
        self.bold = workbook.add_format({"bold": True})
        self.italic = workbook.add_format({"italic": True})
        self.head = workbook.add_format(
            {"bold": True, "border": 1, "bg_color": "#DDDDDD", "text_wrap": True}
        )
        self.cell = workbook.add_format({"border": 1})
        self.blank = workbook.add_format({"border": 1, "italic": True, "font_color": "#777777"})
        self.percent = workbook.add_format({"border": 1, "num_format": "0.0%"})
        self.date = workbook.add_format({"border": 1, "num_format": "d mmm yyyy"})
        self.decimal = workbook.add_format({"border": 1, "num_format": "0.0"})

    def write(self, sheet: Worksheet, row: int, col: int, value: Cell) -> None:
        if isinstance(value, Blank):
            sheet.write_string(row, col, words.REGISTER_BLANK_CELL, self.blank)
        elif value is None:
            sheet.write_blank(row, col, None, self.cell)
        elif isinstance(value, Percent):
            if value.value is None:
                sheet.write_string(row, col, words.REGISTER_NO_VALUE, self.cell)
            else:
                sheet.write_number(row, col, value.value, self.percent)
        elif isinstance(value, date):
            sheet.write_datetime(row, col, value, self.date)
        elif isinstance(value, bool):
            sheet.write_string(row, col, str(value), self.cell)
        elif isinstance(value, float):
            sheet.write_number(row, col, value, self.decimal)
        elif isinstance(value, int):
            sheet.write_number(row, col, value, self.cell)
        else:
            sheet.write_string(row, col, value, self.cell)

    def table(self, sheet: Worksheet, top: int, table: Table) -> None:
        for col, column in enumerate(table.columns):
            sheet.write_string(top, col, column.label, self.head)
            sheet.set_column(col, col, max(6.0, min(column.width * 0.55, 45.0)))
        for number, row in enumerate(table.rows, start=top + 1):
            for col, value in enumerate(row):
                self.write(sheet, number, col, value)
        sheet.freeze_panes(top + 1, 0)

    def pairs(self, sheet: Worksheet, top: int, pairs: Sequence[tuple[str, Cell]]) -> int:
        sheet.write_string(top, 0, words.REGISTER_COLUMN_ITEM, self.head)
        sheet.write_string(top, 1, words.REGISTER_COLUMN_VALUE, self.head)
        sheet.set_column(0, 0, 42)
        sheet.set_column(1, 1, 40)
        for number, (label, value) in enumerate(pairs, start=top + 1):
            sheet.write_string(number, 0, label, self.cell)
            self.write(sheet, number, 1, value)
        return top + 1 + len(pairs)


def _head_sheet(
    writer: _Writer,
    sheet: Worksheet,
    heading: str,
    subtitle: str,
    correction: str | None,
    notice: str,
) -> int:
    """Marks and titles in the first rows; returns the next free row."""
    row = 0
    if correction:
        sheet.write_string(row, 0, correction, writer.mark)
        row += 1
    sheet.write_string(row, 0, heading, writer.title)
    sheet.write_string(row + 1, 0, subtitle, writer.bold)
    row += 2
    if notice:
        sheet.write_string(row, 0, notice, writer.italic)
        row += 1
    return row + 1


def register_xlsx(tables: RegisterTables) -> bytes:
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, strings_to_formulas=False, strings_to_urls=False)
    writer = _Writer(workbook)
    form = tables.form
    head = workbook.add_worksheet(words.REGISTER_SHEET_HEAD)
    subtitle = f"{tables.month.group.name} - {tables.month_name}"
    notice = "" if form.verified else form.notice
    row = _head_sheet(writer, head, form.heading, subtitle, tables.correction, notice)
    row = writer.pairs(head, row, tables.header)
    head.write_string(row + 1, 0, tables.place_date)
    head.write_string(row + 2, 0, tables.chair_role)
    head.write_string(row + 3, 0, ", ".join(tables.chairs))
    sessions = workbook.add_worksheet(words.REGISTER_SHEET_SESSIONS)
    if tables.sessions is None:
        sessions.write_string(0, 0, tables.no_session or "", writer.bold)
        sessions.set_column(0, 0, 60)
    else:
        writer.table(sessions, 0, tables.sessions)
    families = workbook.add_worksheet(words.REGISTER_SHEET_FAMILIES)
    writer.table(families, 0, tables.families)
    for offset, note in enumerate(tables.notes, start=len(tables.families.rows) + 2):
        families.write_string(offset, 0, note, writer.italic)
    totals = workbook.add_worksheet(words.REGISTER_SHEET_TOTALS)
    writer.pairs(totals, 0, tables.totals)
    workbook.close()
    return buffer.getvalue()


def card_xlsx(tables: CardTables) -> bytes:
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, strings_to_formulas=False, strings_to_urls=False)
    writer = _Writer(workbook)
    form = tables.form
    sheet = workbook.add_worksheet(words.REGISTER_SHEET_CARD)
    subtitle = f"{tables.year.group.name} - {tables.year.year + 1}"
    notice = "" if form.verified else form.notice
    row = _head_sheet(writer, sheet, form.heading, subtitle, None, notice)
    row = writer.pairs(sheet, row, tables.fields)
    sheet.write_string(row + 1, 0, tables.place_date)
    sheet.write_string(row + 2, 0, tables.chair_role)
    sheet.write_string(row + 3, 0, ", ".join(tables.chairs))
    workbook.close()
    return buffer.getvalue()


def area_rows(entries: Sequence[AreaEntry]) -> list[list[Any]]:
    """One row per group and month, in AREA_COLUMNS' order (shares as fractions)."""
    rows: list[list[Any]] = []
    for number, entry in enumerate(area_entries_sorted(entries, KINDS), start=1):
        group, register = entry.group, entry.register
        row: list[Any] = [
            number,
            group.kampung,
            group.desa or "",
            group.kind,
            group.name,
            format_month(entry.year, entry.month),
            words.REGISTER_REPORTED[register is not None],
            entry.sent_on,
        ]
        if register is None:
            row += [None] * 6
        else:
            row += [
                register.version,
                register.sessions_held,
                register.member_families,
                register.families_present_any,
                register.present_sum,
                Percent(register.attendance.value),
            ]
        rows.append(row)
    return rows


def area_xlsx(entries: Sequence[AreaEntry], months: str) -> bytes:
    """The PKB's workbook: every group of every kampung, one row per group and month."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer, strings_to_formulas=False, strings_to_urls=False)
    writer = _Writer(workbook)
    sheet = workbook.add_worksheet(words.REGISTER_AREA_SHEET)
    sheet.write_string(0, 0, words.REGISTER_AREA_TITLE.format(months=months), writer.title)
    sheet.write_string(1, 0, words.REGISTER_AREA_NOTE, writer.italic)
    top = 3
    widths = (5, 24, 18, 8, 22, 16, 8, 13, 7, 11, 11, 13, 11, 12)
    for col, (label, width) in enumerate(zip(words.REGISTER_AREA_COLUMNS, widths, strict=True)):
        sheet.write_string(top, col, label, writer.head)
        sheet.set_column(col, col, width)
    for number, row in enumerate(area_rows(entries), start=top + 1):
        for col, value in enumerate(row):
            writer.write(sheet, number, col, value)
    sheet.freeze_panes(top + 1, 0)
    sheet.autofilter(top, 0, top + max(len(entries), 1), len(words.REGISTER_AREA_COLUMNS) - 1)
    workbook.close()
    return buffer.getvalue()
