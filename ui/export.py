"""The attendance recap as spreadsheet files (.xlsx and .csv) for the activity report.

Every text cell that a spreadsheet could read as a formula (starting with ``=``,
``+``, ``-`` or ``@``, or a tab or carriage return) is written as text: a guest
typed as ``=HYPERLINK(...)`` stays a name (see ``neutralise``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from models.attendance import Recap
from models.classification.store import KampungClassification
from models.overview import KampungSummary
from ui import texts
from ui.formatting import format_time
from ui.texts import classification as classification_texts

if TYPE_CHECKING:
    from xlsxwriter import Workbook

ATTENDEE_HEADER = (
    "No",
    "Nama",
    "Peran",
    "Poktan",
    "RT",
    "Konfirmasi",
    "Hadir",
    "Waktu hadir",
    "Tanda tangan",
)
CSV_HEADER = ATTENDEE_HEADER[:-1]
TOTALS_HEADER = ("Kelompok", "Uraian", "Hadir", "Terdaftar", "Persentase")
RSVP_WORDS = {"hadir": "Hadir", "izin": "Izin", "tidak": "Tidak hadir"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_DELIMITER = ";"  # Indonesian-locale Excel splits columns on ";" (the decimal mark is ",")

Cell = str | int | float


def is_formula_like(value: object) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise(value: Cell) -> Cell:
    """A cell value no spreadsheet evaluates: formula-like text gets a leading ``'``.

    Numbers pass unchanged. Pure; used for every cell of the .csv.
    """
    if is_formula_like(value):
        return "'" + str(value)
    return value


def attendee_rows(recap: Recap, tz: ZoneInfo) -> list[tuple[Cell, ...]]:
    """Every expected member (present or not), then every guest, numbered."""
    rows: list[tuple[Cell, ...]] = []
    for row in recap.rows:
        rows.append(
            (
                len(rows) + 1,
                row.name,
                texts.role_label(row.role),
                texts.poktan_label(row.poktan),
                row.rt or "",
                RSVP_WORDS[row.rsvp.value] if row.rsvp else "Belum menjawab",
                "Ya" if row.present else "Tidak",
                _when(row.marked_at, tz),
            )
        )
    for speaker in recap.speaker_guests:
        role = texts.speaker_role(speaker.institution)
        rows.append((len(rows) + 1, speaker.name, role, "Tamu", "", "", "Ya", ""))
    for guest in recap.guests:
        rows.append((len(rows) + 1, guest.name, guest.role, "Tamu", "", "", "Ya", ""))
    return rows


def _when(marked_at: datetime | None, tz: ZoneInfo) -> str:
    """E.g. "2026-08-15 08.50 WIB": the date, and the time with the zone."""
    if marked_at is None:
        return ""
    return f"{marked_at.astimezone(tz):%Y-%m-%d} {format_time(marked_at, tz)}"


def total_rows(recap: Recap) -> list[tuple[str, str, int, int | None]]:
    """(group, item, present, of) — ``of`` None where a share makes no sense."""
    rows: list[tuple[str, str, int, int | None]] = [
        ("Jumlah", "Hadir (kader + tamu)", recap.total_present, None),
        ("Jumlah", "Kader hadir", recap.members_present, len(recap.rows)),
        ("Jumlah", "Tamu", recap.guest_count, None),
    ]
    if recap.speaker_guests:
        rows.append(("Tamu", texts.SPEAKER_ROLE, len(recap.speaker_guests), None))
    rows += [("Poktan", p, present, total) for p, present, total in recap.by_poktan()]
    rows += [("RT", f"RT {rt}", present, total) for rt, present, total in recap.by_rt()]
    rows += [("Tamu", role, count, None) for role, count in recap.guests_by_role()]
    rows += [
        ("Konfirmasi", texts.OUTCOME_LABELS[result], len(members), len(recap.rows))
        for result, members in recap.outcomes().items()
    ]
    return rows


def new_workbook(buffer: io.BytesIO, **options: Any) -> Workbook:
    """An in-memory XlsxWriter workbook writing into ``buffer``.

    XlsxWriter is imported here, on the first spreadsheet, not when the bot starts: a
    deliberate lazy import of a report library most updates never need (issue 20).
    """
    import xlsxwriter

    return xlsxwriter.Workbook(buffer, {"in_memory": True, **options})


def share(present: int, of: int | None) -> float | None:
    """``present`` as a fraction of ``of`` (0.75 for 3 of 4); None without a base."""
    if not of:
        return None
    return present / of


class _Sheet:
    """Writes cells with the formats of one workbook; text always as text."""

    def __init__(self, workbook: Workbook, title: str) -> None:
        self.sheet = workbook.add_worksheet(title)
        self.bold = workbook.add_format({"bold": True})
        self.title = workbook.add_format({"bold": True, "font_size": 13})
        self.head = workbook.add_format({"bold": True, "border": 1, "bg_color": "#DDDDDD"})
        self.cell = workbook.add_format({"border": 1})
        self.quoted = workbook.add_format({"border": 1, "quote_prefix": True})
        self.percent = workbook.add_format({"border": 1, "num_format": "0.0%"})
        self.widths: dict[int, int] = {}

    def write(self, row: int, col: int, value: Cell | None, style: object = None) -> None:
        style = style or self.cell
        if value is None:
            self.sheet.write_blank(row, col, None, style)
        elif isinstance(value, str):
            if is_formula_like(value):
                style = self.quoted
            self.sheet.write_string(row, col, value, style)  # never a formula
        else:
            self.sheet.write_number(row, col, value, style)
        if value is not None and not isinstance(value, float):
            self.widths[col] = max(self.widths.get(col, 0), len(str(value)))

    def header(self, recap: Recap, kampung_name: str, tz: ZoneInfo, heading: str) -> int:
        """The meeting's header; returns the next free row."""
        self.sheet.write_string(0, 0, f"{heading} — {texts.sheet_title(recap.meeting, tz)}")
        self.sheet.set_row(0, None, self.title)
        fields = texts.meeting_header_fields(recap.meeting, kampung_name, tz)
        for number, (label, value) in enumerate(fields, start=1):
            self.sheet.write_string(number, 0, label, self.bold)
            self.sheet.write_string(number, 1, value)
        return len(fields) + 2

    def table(self, top: int, header: Sequence[str], rows: Sequence[Sequence[Cell | None]]) -> None:
        for col, name in enumerate(header):
            self.write(top, col, name, self.head)
        for number, row in enumerate(rows, start=top + 1):
            for col, value in enumerate(row):
                self.write(number, col, value)
        self.sheet.freeze_panes(top + 1, 0)
        # Print: A4 landscape, one page wide, the table's header row on every page.
        self.sheet.set_paper(9)
        self.sheet.set_landscape()
        self.sheet.repeat_rows(top)
        self.sheet.fit_to_pages(1, 0)
        self.sheet.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        for col in range(len(header)):
            self.sheet.set_column(col, col, min(max(self.widths.get(col, 0) + 2, 6), 45))


def recap_xlsx(recap: Recap, kampung_name: str, tz: ZoneInfo) -> bytes:
    """Two sheets with the meeting's header: every attendee (with a signature
    column), and the totals with their percentages."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)

    attendees = _Sheet(workbook, "Kehadiran")
    top = attendees.header(recap, kampung_name, tz, "Daftar hadir")
    rows = [(*row, "") for row in attendee_rows(recap, tz)]
    attendees.table(top, ATTENDEE_HEADER, rows)
    attendees.sheet.set_column(len(ATTENDEE_HEADER) - 1, len(ATTENDEE_HEADER) - 1, 28)

    totals = _Sheet(workbook, "Rekap")
    top = totals.header(recap, kampung_name, tz, "Rekap kehadiran")
    totals.table(top, TOTALS_HEADER, [])
    for number, (group, item, present, of) in enumerate(total_rows(recap), start=top + 1):
        totals.write(number, 0, group)
        totals.write(number, 1, item)
        totals.write(number, 2, present)
        totals.write(number, 3, of)
        totals.write(number, 4, share(present, of), totals.percent)
    for col in range(len(TOTALS_HEADER)):
        totals.sheet.set_column(col, col, min(max(totals.widths.get(col, 0) + 2, 10), 45))
    workbook.close()
    return buffer.getvalue()


def overview_rows(summaries: Sequence[KampungSummary]) -> list[tuple[str | int | float, ...]]:
    """One row per kampung for ``/ringkasan``; times in each kampung's own zone."""
    rows: list[tuple[str | int | float, ...]] = []
    for summary in summaries:
        tz = ZoneInfo(summary.kampung.timezone)
        upcoming, last, rate = summary.next_meeting, summary.last_meeting, summary.last_rate
        rows.append(
            (
                summary.kampung.name,
                summary.kampung.timezone,
                upcoming.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if upcoming else "",
                f"RT {upcoming.host_rt}" if upcoming else "",
                last.starts_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if last else "",
                summary.last_present if last else "",
                summary.last_of if last else "",
                round(rate * 100, 1) if rate is not None else "",
                summary.active_members,
                summary.pending_members,
                summary.secretaries,
            )
        )
    return rows


def overview_xlsx(
    summaries: Sequence[KampungSummary],
    classifications: Mapping[int, KampungClassification] | None = None,
) -> bytes:
    """The operator's overview as one sheet (with each kampung's classification, if given)."""
    buffer = io.BytesIO()
    workbook = new_workbook(buffer)
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("Ringkasan")
    header: tuple[str, ...] = texts.OVERVIEW_HEADER
    rows = overview_rows(summaries)
    if classifications is not None:
        header += classification_texts.KLS_OVERVIEW_HEADER
        rows = [
            (*row, *classification_texts.kls_overview_cells(classifications[summary.kampung.id]))
            for row, summary in zip(rows, summaries, strict=True)
        ]
    sheet.write_row(0, 0, header, bold)
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    sheet.freeze_panes(1, 1)
    for index in range(len(header)):
        width = max(len(str(row[index])) for row in [header, *rows])
        sheet.set_column(index, index, min(max(width + 2, 8), 50))
    workbook.close()
    return buffer.getvalue()


def recap_csv(recap: Recap, tz: ZoneInfo) -> bytes:
    """``;``-separated, UTF-8 with a BOM (Excel in Indonesian opens it in columns and shows
    names correctly); formula-like cells neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    writer.writerows([neutralise(cell) for cell in row] for row in attendee_rows(recap, tz))
    return buffer.getvalue().encode("utf-8-sig")


def recap_filename(
    recap: Recap, tz: ZoneInfo, extension: str, stem: str = "rekap-kehadiran"
) -> str:
    day = recap.meeting.local_start(tz).date().isoformat()
    return f"{stem}-{day}-RT{recap.meeting.host_rt}.{extension}"
