"""The register and the K/0 draft card as printable PDFs (fpdf2, A4).

The register is A4 landscape (a session per column in the members' table), the card A4
portrait. Tables are drawn cell by cell at a fixed line height (long names are cut
to fit, the head of a table repeats on every page), which keeps one register with
100 families well under the 300 ms goal (bench/register.py).

fpdf2 is imported on the first PDF, not at start-up (issue 20, tests/test_lazy_imports.py).
Its core Helvetica covers Latin-1; other characters are folded by ``ui.sheet.latin1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING

from ui.registers.cells import CardTables, Cell, RegisterTables, Table, chairs_line, text_of
from ui.sheet import latin1
from ui.texts import registers as words

if TYPE_CHECKING:
    from fpdf import FPDF

MARGIN = 12.0  # mm
BOTTOM = 16.0  # mm: the bottom margin, with "Halaman n dari m" in it
LINE = 5.5  # mm, a table row
HEAD_LINE = 9.0  # mm, a table's head (two lines of small type)
BODY_PT = 8.5
SIGNATURE_HEIGHT = 38.0


@cache
def _pdf_class() -> type[FPDF]:
    """FPDF with a running caption on pages after the first and "Halaman n dari m" below."""
    from fpdf import FPDF  # lazy: see the module's docstring

    class RegisterPDF(FPDF):
        caption = ""

        def header(self) -> None:
            if self.page_no() > 1 and self.caption:
                self.set_font("Helvetica", "I", 8)
                self.cell(0, 5, self.caption, new_x="LMARGIN", new_y="NEXT")
                self.ln(1)

        def footer(self) -> None:
            self.set_y(-9)
            self.set_font("Helvetica", "I", 8)
            page = words.REGISTER_PAGE.format(page=self.page_no(), pages="{nb}")
            self.cell(0, 5, page, align="R")

    return RegisterPDF


def _new_pdf(orientation: str, title: str, caption: str) -> FPDF:
    pdf = _pdf_class()(orientation=orientation, unit="mm", format="A4")
    pdf.caption = latin1(caption)  # type: ignore[attr-defined]
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(auto=False, margin=BOTTOM)  # we break pages ourselves
    pdf.set_title(latin1(title))
    pdf.set_creator("Bot Kampung KB")
    pdf.add_page()
    return pdf


def _text_width(pdf: FPDF, text: str) -> float:
    """``text``'s width in mm in the current core font (its metrics, no layout)."""
    widths = pdf.current_font.cw  # type: ignore[union-attr]
    return sum(widths.get(char, 600) for char in text) * pdf.font_size / 1000


def _latin1(text: str) -> str:
    """``ui.sheet.latin1``, skipped for plain ASCII (most cells: numbers, marks, dates)."""
    return text if text.isascii() else latin1(text)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    """``text`` (Latin-1) cut with ".." to fit ``width`` mm in the current font."""
    text = _latin1(text)
    room = width - 1.6
    if _text_width(pdf, text) <= room:
        return text
    widths = pdf.current_font.cw  # type: ignore[union-attr]
    scale = pdf.font_size / 1000
    used = _text_width(pdf, "..")
    for index, char in enumerate(text):
        used += widths.get(char, 600) * scale
        if used > room:
            return text[:index] + ".."
    return text


def _page_room(pdf: FPDF) -> float:
    return pdf.h - pdf.b_margin - pdf.get_y()


MIN_SESSION_WIDTH = 5.0  # mm: a session's mark column, squeezed in a month of many


def column_widths(table: Table, usable: float) -> list[float]:
    """The data file's widths, fitted to ``usable`` mm.

    A month of many sessions narrows the per-session mark columns first (down to
    ``MIN_SESSION_WIDTH``); whatever is still too wide is scaled down as a whole.
    """
    widths = [c.width or 20.0 for c in table.columns]
    excess = sum(widths) - usable
    marks = [i for i, c in enumerate(table.columns) if c.per_session]
    if excess > 0 and marks:
        room = sum(widths[i] - MIN_SESSION_WIDTH for i in marks)
        cut = min(excess, max(room, 0.0)) / len(marks)
        for i in marks:
            widths[i] -= cut
    total = sum(widths)
    if total > usable:
        widths = [w * usable / total for w in widths]
    return widths


def _head_lines(pdf: FPDF, label: str, width: float) -> list[str]:
    """A column head in at most two lines that fit ``width`` (words kept whole)."""
    label = _latin1(label)
    room = width - 1.2
    if _text_width(pdf, label) <= room or " " not in label:
        return [_fit(pdf, label, width)]
    words_ = label.split(" ")
    for cut in range(len(words_) - 1, 0, -1):
        first = " ".join(words_[:cut])
        if _text_width(pdf, first) <= room:
            return [first, _fit(pdf, " ".join(words_[cut:]), width)]
    return [_fit(pdf, words_[0], width), _fit(pdf, " ".join(words_[1:]), width)]


def _head(pdf: FPDF, table: Table, widths: Sequence[float]) -> None:
    """The head row: grey boxes, labels centred in one or two lines (``FPDF.text``)."""
    pdf.set_font("Helvetica", "B", BODY_PT - 0.5)
    pdf.set_fill_color(225, 225, 225)
    x, y = pdf.l_margin, pdf.get_y()
    step = 3.6
    for column, width in zip(table.columns, widths, strict=True):
        pdf.rect(x, y, width, HEAD_LINE, style="DF")
        label = column.label
        if column.per_session and _text_width(pdf, label) > width - 1.2:
            label = label.split("/")[0]  # "20/11" -> "20": the month is in the heading
        lines = _head_lines(pdf, label, width)
        baseline = y + (HEAD_LINE - len(lines) * step) / 2 + step * 0.8
        for number, line in enumerate(lines):
            left = x + (width - _text_width(pdf, line)) / 2
            pdf.text(left, baseline + number * step, line)
        x += width
    pdf.set_xy(pdf.l_margin, y + HEAD_LINE)


def _table(pdf: FPDF, table: Table) -> None:
    """The head, then one row per line: text placed with ``FPDF.text`` and a drawn grid.

    ``FPDF.cell`` per value costs ~0.13 ms, ``FPDF.text`` a tenth of that: at 100
    families and 8 sessions (1,700 values) that is the difference to the 300 ms goal.
    """
    widths = column_widths(table, pdf.w - pdf.l_margin - pdf.r_margin)
    lefts = [pdf.l_margin + sum(widths[:i]) for i in range(len(widths))]
    right = pdf.l_margin + sum(widths)
    if _page_room(pdf) < HEAD_LINE + 2 * LINE:
        pdf.add_page()
    _head(pdf, table, widths)
    pdf.set_font("Helvetica", "", BODY_PT)
    top = pdf.get_y()
    y = top
    baseline = (LINE + pdf.font_size * 0.7) / 2
    for row in table.rows:
        if pdf.h - pdf.b_margin - y < LINE:
            _grid(pdf, lefts, right, top, y)
            pdf.add_page()
            _head(pdf, table, widths)
            pdf.set_font("Helvetica", "", BODY_PT)
            top = y = pdf.get_y()
        for column, left, width, value in zip(table.columns, lefts, widths, row, strict=True):
            text = _fit(pdf, text_of(value), width)
            if not text:
                continue
            x = left + 0.8
            if column.numeric:
                x = left + (width - _text_width(pdf, text)) / 2
            pdf.text(x, y + baseline, text)
        y += LINE
        pdf.line(pdf.l_margin, y, right, y)
    _grid(pdf, lefts, right, top, y)
    pdf.set_xy(pdf.l_margin, y)


def _grid(pdf: FPDF, lefts: Sequence[float], right: float, top: float, bottom: float) -> None:
    """The vertical lines of a table's body (the horizontal ones are drawn per row)."""
    for x in (*lefts, right):
        pdf.line(x, top, x, bottom)


def _pairs(pdf: FPDF, pairs: Sequence[tuple[str, Cell]], label_width: float, width: float) -> None:
    """Label-value lines in a bordered two-column table."""
    pdf.set_font("Helvetica", "", BODY_PT + 0.5)
    height = LINE + 0.5
    for label, value in pairs:
        if _page_room(pdf) < height:
            pdf.add_page()
        pdf.cell(label_width, height, _fit(pdf, label, label_width), border=1)
        value_width = width - label_width
        pdf.cell(value_width, height, _fit(pdf, text_of(value), value_width), border=1)
        pdf.ln(height)


def _section(pdf: FPDF, title: str) -> None:
    if _page_room(pdf) < 20:
        pdf.add_page()
    pdf.ln(2.5)
    pdf.set_font("Helvetica", "B", 10.5)
    pdf.cell(0, 6, latin1(title), new_x="LMARGIN", new_y="NEXT")


def _title(pdf: FPDF, heading: str, subtitle: str, correction: str | None, notice: str) -> None:
    if correction:
        pdf.set_font("Helvetica", "B", 13)
        width = pdf.get_string_width(correction) + 8
        pdf.set_xy(pdf.w - pdf.r_margin - width, pdf.t_margin)
        pdf.cell(width, 8, latin1(correction), border=1, align="C")
        pdf.set_xy(pdf.l_margin, pdf.t_margin)
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 8, latin1(heading), align="C", new_x="LMARGIN", new_y="NEXT")
    if subtitle:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 6, latin1(subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    if notice:
        pdf.set_font("Helvetica", "I", 8.5)
        pdf.multi_cell(0, 4.5, latin1(notice), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _header_fields(pdf: FPDF, header: Sequence[tuple[str, Cell]]) -> None:
    """The head's fields in two columns."""
    usable = pdf.w - pdf.l_margin - pdf.r_margin
    half = usable / 2
    label_width = 32.0
    pdf.set_font("Helvetica", "", 9.5)
    rows = (len(header) + 1) // 2
    top = pdf.get_y()
    for index, (label, value) in enumerate(header):
        column, line = divmod(index, rows)
        pdf.set_xy(pdf.l_margin + column * half, top + line * 5.2)
        pdf.set_font("Helvetica", "B", 9.5)
        pdf.cell(label_width, 5.2, _fit(pdf, label, label_width))
        pdf.set_font("Helvetica", "", 9.5)
        pdf.cell(half - label_width, 5.2, _fit(pdf, f": {text_of(value)}", half - label_width))
    pdf.set_xy(pdf.l_margin, top + rows * 5.2 + 1)


def _signature(
    pdf: FPDF, place_date: str, role: str, chairs: Sequence[str], *, top: float | None = None
) -> None:
    """ "Place, date", "Ketua Kelompok …", room to sign, "(name)"; one block per chair,
    at the right margin, below what is there (or from ``top`` on, beside it)."""
    if top is None:
        if _page_room(pdf) < SIGNATURE_HEIGHT:
            pdf.add_page()
        pdf.ln(5)
    else:
        pdf.set_y(top)
    names = chairs_line(chairs)
    block = 70.0
    right = pdf.w - pdf.r_margin
    count = len(names)
    lefts = [right - block * (count - i) - 10 * (count - 1 - i) for i in range(count)]
    top = pdf.get_y()
    pdf.set_font("Helvetica", "", 10)
    for index, (left, name) in enumerate(zip(lefts, names, strict=True)):
        pdf.set_xy(left, top)
        pdf.cell(block, 5.5, latin1(place_date) if index == len(names) - 1 else "", align="C")
        pdf.set_xy(left, top + 5.5)
        pdf.cell(block, 5.5, latin1(role), align="C")
        pdf.set_xy(left, top + 27)
        pdf.cell(block, 5.5, latin1(f"({name})" if name else "(" + "." * 40 + ")"), align="C")
    pdf.set_xy(pdf.l_margin, top + 34)


def register_pdf(tables: RegisterTables) -> bytes:
    """The month's register: head, sessions, members and attendance, totals, signature."""
    form = tables.form
    title = f"{form.heading} - {tables.month.group.name} - {tables.month_name}"
    if tables.correction:
        title = f"{tables.correction} - {title}"
    subtitle = f"{tables.month.group.name} - {tables.month_name}"
    caption = f"{form.heading} - {subtitle}"
    if tables.correction:
        caption = f"{caption} - {tables.correction}"
    pdf = _new_pdf("L", title, caption)
    _title(pdf, form.heading, subtitle, tables.correction, "" if form.verified else form.notice)
    _header_fields(pdf, tables.header)
    _section(pdf, words.REGISTER_SECTION_SESSIONS)
    if tables.sessions is None:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 6, latin1(tables.no_session or ""), new_x="LMARGIN", new_y="NEXT")
    else:
        _table(pdf, tables.sessions)
    _section(pdf, words.REGISTER_SECTION_FAMILIES)
    if tables.families.rows:
        _table(pdf, tables.families)
    else:
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(0, 6, words.REGISTER_NO_MEMBERS, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 8)
    for note in tables.notes:
        pdf.multi_cell(0, 4, latin1(note), new_x="LMARGIN", new_y="NEXT")
    # The totals (left) and the signature (right) side by side, on one page.
    totals_height = 8.5 + len(tables.totals) * (LINE + 0.5)
    if _page_room(pdf) < max(totals_height, SIGNATURE_HEIGHT) + 2:
        pdf.add_page()
    _section(pdf, words.REGISTER_SECTION_TOTALS)
    top = pdf.get_y()
    _pairs(pdf, tables.totals, 85.0, 120.0)
    bottom = pdf.get_y()
    _signature(pdf, tables.place_date, tables.chair_role, tables.chairs, top=top)
    pdf.set_y(max(bottom, pdf.get_y()))
    return bytes(pdf.output())


def card_pdf(tables: CardTables) -> bytes:
    """The K/0 draft card: one A4 portrait page of label-value lines and the signature."""
    form = tables.form
    subtitle = f"{tables.year.group.name} - {tables.year.year + 1}"
    pdf = _new_pdf(
        "P", f"{form.heading} - {tables.year.group.name}", f"{form.heading} - {subtitle}"
    )
    _title(pdf, form.heading, subtitle, None, "" if form.verified else form.notice)
    pdf.ln(2)
    _pairs(pdf, tables.fields, 80.0, pdf.w - pdf.l_margin - pdf.r_margin)
    _signature(pdf, tables.place_date, tables.chair_role, tables.chairs)
    return bytes(pdf.output())
