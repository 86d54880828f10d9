"""The printable attendance sheet (daftar hadir): a PDF on A4, made with fpdf2.

Blank before the meeting (expected cadres and speakers, then empty rows for
walk-ins), filled after it (presence and check-in times). Signatures are written
by hand in the wide last column; the secretary signs at the foot. The minutes
(notulen), when there are any, follow on a second page.

fpdf2's built-in Helvetica covers Latin-1; other characters are folded to their
closest Latin-1 form (see ``latin1``) so the file opens in any PDF reader.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from models.attendance import Guest, RosterEntry
from models.meeting import Meeting
from models.member import MemberRole
from ui import texts

if TYPE_CHECKING:
    from fpdf import FPDF

WALK_IN_ROWS = 10
COLUMN_WIDTHS = (9, 48, 33, 11, 32, 47)  # mm; 180 mm between 15 mm margins
_REPLACEMENTS = str.maketrans(
    {"—": "-", "–": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "...", "•": "-"}
)


def latin1(text: str) -> str:
    """``text`` in characters Helvetica can show: Latin-1, else the base letter, else "?"."""
    text = unicodedata.normalize("NFC", text.translate(_REPLACEMENTS))
    out = []
    for char in text:
        if ord(char) < 256:
            out.append(char)
            continue
        base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode("latin-1")
        out.append(base or "?")
    return "".join(out)


@dataclass(frozen=True)
class SheetLine:
    name: str
    group: str  # Poktan, or the guest's position / institution
    rt: str
    presence: str  # "" on the blank sheet


def cadre_lines(roster: Sequence[RosterEntry], tz: ZoneInfo, *, filled: bool) -> list[SheetLine]:
    lines = []
    for entry in roster:
        if filled:
            presence = texts.sheet_presence(entry.present, entry.marked_at, tz)
            if not entry.present:
                presence = texts.sheet_standing(entry.standing.value)
        else:
            presence = ""
        group = texts.poktan_label(entry.poktan)
        if entry.role is MemberRole.ADMIN:
            group = f"{group} (Sekretaris)" if group != "-" else "Sekretaris"
        lines.append(SheetLine(entry.name, group, entry.rt or "", presence))
    return lines


def guest_lines(meeting: Meeting, guests: Sequence[Guest], *, filled: bool) -> list[SheetLine]:
    if filled:
        return [SheetLine(g.name, g.role, "", "Hadir") for g in guests]
    return [SheetLine(s.name, f"Narasumber, {s.institution}", "", "") for s in meeting.speakers]


def attendance_sheet_pdf(
    meeting: Meeting,
    kampung_name: str,
    tz: ZoneInfo,
    cadres: Sequence[SheetLine],
    guests: Sequence[SheetLine],
    secretary: str,
    *,
    minutes: str | None = None,
    walk_in_rows: int = WALK_IN_ROWS,
) -> bytes:
    # fpdf2 (with numpy and Pillow behind it, ~25 MB) is loaded on the first sheet, not
    # at start-up: a deliberate lazy import of a heavy optional library (issue 20).
    from fpdf import FPDF

    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(latin1(f"{texts.SHEET_TITLE} {texts.sheet_title(meeting, tz)}"))
    pdf.set_creator("Bot Kampung KB")
    pdf.add_page()
    _header(pdf, meeting, kampung_name, tz)
    _table(pdf, cadres, guests, walk_in_rows)
    _signature(pdf, texts.sheet_place_date(kampung_name, meeting, tz), secretary)
    if minutes:
        pdf.add_page()
        pdf.set_font("Helvetica", "B", 14)
        pdf.cell(0, 8, texts.SHEET_MINUTES_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(
            0,
            6,
            latin1(f"{texts.sheet_title(meeting, tz)} - {kampung_name}"),
            align="C",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        pdf.ln(4)
        pdf.set_font("Helvetica", "", 11)
        pdf.multi_cell(0, 6, latin1(minutes), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _header(pdf: FPDF, meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> None:
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 8, texts.SHEET_TITLE, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 11)
    title = f"{texts.sheet_title(meeting, tz)} - {kampung_name}"
    pdf.cell(0, 7, latin1(title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    for label, value in texts.meeting_header_fields(meeting, kampung_name, tz):
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(32, 6, latin1(label))
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 6, latin1(f": {value}"), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _table(
    pdf: FPDF, cadres: Sequence[SheetLine], guests: Sequence[SheetLine], walk_in_rows: int
) -> None:
    pdf.set_font("Helvetica", "", 10)
    from fpdf.fonts import FontFace  # loaded with FPDF, see sheet_pdf

    section = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))
    with pdf.table(
        col_widths=COLUMN_WIDTHS,
        line_height=7,
        headings_style=FontFace(emphasis="BOLD", fill_color=(210, 210, 210)),
        text_align=("CENTER", "LEFT", "LEFT", "CENTER", "LEFT", "LEFT"),
        repeat_headings=1,
    ) as table:
        heading = table.row()
        for name in texts.SHEET_COLUMNS:
            heading.cell(name)
        number = 0
        for title, lines in ((texts.SHEET_CADRES, cadres), (texts.SHEET_GUESTS, guests)):
            if not lines:
                continue
            table.row().cell(latin1(title), colspan=len(COLUMN_WIDTHS), style=section)
            for line in lines:
                number += 1
                row = table.row()
                for value in (str(number), line.name, line.group, line.rt, line.presence, ""):
                    row.cell(latin1(value))
        table.row().cell(latin1(texts.SHEET_WALK_INS), colspan=len(COLUMN_WIDTHS), style=section)
        for _ in range(walk_in_rows):
            number += 1
            row = table.row()
            for value in (str(number), "", "", "", "", ""):
                row.cell(value)


def _signature(pdf: FPDF, place_date: str, secretary: str) -> None:
    if pdf.get_y() > pdf.h - pdf.b_margin - 42:  # the signature block stays in one piece
        pdf.add_page()
    pdf.ln(6)
    x = pdf.w - pdf.r_margin - 70
    pdf.set_font("Helvetica", "", 10)
    for text in (place_date, texts.SHEET_SIGNATURE_ROLE):
        pdf.set_x(x)
        pdf.cell(70, 6, latin1(text), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(18)
    pdf.set_x(x)
    pdf.set_font("Helvetica", "BU", 10)
    pdf.cell(70, 6, latin1(secretary), align="C", new_x="LMARGIN", new_y="NEXT")
