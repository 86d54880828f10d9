"""The attendance recap as spreadsheet files (.xlsx and .csv) for the activity report."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import xlsxwriter

from bot import texts
from models.attendance import Recap
from models.overview import KampungSummary

ATTENDEE_HEADER = ("Nama", "Peran", "Poktan", "RT", "Konfirmasi", "Hadir", "Waktu hadir")
TOTALS_HEADER = ("Kelompok", "Uraian", "Hadir", "Terdaftar")
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
    for speaker in recap.speaker_guests:
        rows.append(
            (speaker.name, texts.speaker_role(speaker.institution), "Tamu", "", "", "Ya", "")
        )
    for guest in recap.guests:
        rows.append((guest.name, guest.role, "Tamu", "", "", "Ya", ""))
    return rows


def total_rows(recap: Recap) -> list[tuple[str, str, int | str, int | str]]:
    rows: list[tuple[str, str, int | str, int | str]] = [
        ("Jumlah", "Hadir (kader + tamu)", recap.total_present, ""),
        ("Jumlah", "Kader hadir", recap.members_present, len(recap.rows)),
        ("Jumlah", "Tamu", recap.guest_count, ""),
    ]
    if recap.speaker_guests:
        rows.append(("Tamu", texts.SPEAKER_ROLE, len(recap.speaker_guests), ""))
    rows += [("Poktan", p, present, total) for p, present, total in recap.by_poktan()]
    rows += [("RT", f"RT {rt}", present, total) for rt, present, total in recap.by_rt()]
    rows += [("Tamu", role, count, "") for role, count in recap.guests_by_role()]
    rows += [
        ("Konfirmasi", texts.OUTCOME_LABELS[result], len(members), "")
        for result, members in recap.outcomes().items()
    ]
    return rows


def recap_xlsx(recap: Recap, tz: ZoneInfo) -> bytes:
    """Two sheets: every attendee (members and guests) and the totals."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    sheets = (
        ("Kehadiran", ATTENDEE_HEADER, attendee_rows(recap, tz)),
        ("Rekap", TOTALS_HEADER, total_rows(recap)),
    )
    for title, header, rows in sheets:
        sheet = workbook.add_worksheet(title)
        sheet.write_row(0, 0, header, bold)
        for number, row in enumerate(rows, start=1):
            sheet.write_row(number, 0, row)
        sheet.freeze_panes(1, 0)
        for index in range(len(header)):
            width = max(len(str(row[index])) for row in [header, *rows])
            sheet.set_column(index, index, min(max(width + 2, 8), 50))
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


def overview_xlsx(summaries: Sequence[KampungSummary]) -> bytes:
    """The operator's overview as one sheet."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True})
    sheet = workbook.add_worksheet("Ringkasan")
    header = texts.OVERVIEW_HEADER
    rows = overview_rows(summaries)
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
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(ATTENDEE_HEADER)
    writer.writerows(attendee_rows(recap, tz))
    # UTF-8 with a BOM so that Excel on Windows shows Indonesian names correctly.
    return buffer.getvalue().encode("utf-8-sig")


def recap_filename(recap: Recap, tz: ZoneInfo, extension: str) -> str:
    day = recap.meeting.local_start(tz).date().isoformat()
    return f"rekap-kehadiran-{day}-RT{recap.meeting.host_rt}.{extension}"
