"""The attendance recap as spreadsheet files (.xlsx and .csv) for the activity report."""

from __future__ import annotations

import csv
import io
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from bot import texts
from models.attendance import Recap

ATTENDEE_HEADER = ("Nama", "Peran", "Poktan", "RT", "Konfirmasi", "Hadir", "Waktu hadir")
RSVP_WORDS = {"hadir": "Hadir", "izin": "Izin", "tidak": "Tidak hadir"}


def attendee_rows(recap: Recap, tz: ZoneInfo) -> list[tuple[str, ...]]:
    """Every member (present or not) then every guest, as spreadsheet rows."""
    rows: list[tuple[str, ...]] = []
    for row in recap.rows:
        rows.append(
            (
                row.name,
                texts.role_label(row.role),
                texts.poktan_label(row.poktan),
                row.rt or "",
                RSVP_WORDS[row.rsvp.value] if row.rsvp else "Belum menjawab",
                "Ya" if row.present else "Tidak",
                row.marked_at.astimezone(tz).strftime("%Y-%m-%d %H:%M") if row.marked_at else "",
            )
        )
    for guest in recap.guests:
        rows.append((guest.name, guest.role, "Tamu", "", "", "Ya", ""))
    return rows


def total_rows(recap: Recap) -> list[tuple[str, str, int | str, int | str]]:
    rows: list[tuple[str, str, int | str, int | str]] = [
        ("Jumlah", "Hadir (kader + tamu)", recap.total_present, ""),
        ("Jumlah", "Kader hadir", recap.members_present, len(recap.rows)),
        ("Jumlah", "Tamu", len(recap.guests), ""),
    ]
    rows += [("Poktan", p, present, total) for p, present, total in recap.by_poktan()]
    rows += [("RT", f"RT {rt}", present, total) for rt, present, total in recap.by_rt()]
    rows += [("Tamu", role, count, "") for role, count in recap.guests_by_role()]
    rows += [
        ("Konfirmasi", texts.OUTCOME_LABELS[result], len(members), "")
        for result, members in recap.outcomes().items()
    ]
    return rows


def recap_xlsx(recap: Recap, tz: ZoneInfo) -> bytes:
    workbook = Workbook()
    attendees = workbook.active
    attendees.title = "Kehadiran"
    attendees.append(ATTENDEE_HEADER)
    for row in attendee_rows(recap, tz):
        attendees.append(row)
    totals = workbook.create_sheet("Rekap")
    totals.append(("Kelompok", "Uraian", "Hadir", "Terdaftar"))
    for row in total_rows(recap):
        totals.append(row)
    for sheet in (attendees, totals):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for index, column in enumerate(sheet.iter_cols(values_only=True), start=1):
            width = max(len(str(value)) for value in column if value is not None)
            sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 8), 50)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def recap_csv(recap: Recap, tz: ZoneInfo) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ATTENDEE_HEADER)
    writer.writerows(attendee_rows(recap, tz))
    # UTF-8 with a BOM so that Excel on Windows shows Indonesian names correctly.
    return buffer.getvalue().encode("utf-8-sig")


def recap_filename(recap: Recap, tz: ZoneInfo, extension: str) -> str:
    day = recap.meeting.local_start(tz).date().isoformat()
    return f"rekap-kehadiran-{day}-RT{recap.meeting.host_rt}.{extension}"
