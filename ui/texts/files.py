"""Words in the files (spreadsheet, PDF): plain text, no HTML."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from models.meeting import Meeting
from ui.formatting import format_date, format_meeting_datetime, format_time
from ui.texts.common import rt_label

SHEET_TITLE = "DAFTAR HADIR"
SHEET_COLUMNS = ("No", "Nama", "Poktan/Jabatan", "RT", "Hadir", "Tanda tangan")
SHEET_WALK_INS = "Peserta lain (isi tangan)"
SHEET_GUESTS = "Tamu dan narasumber"
SHEET_CADRES = "Kader dan pengurus"
SHEET_SIGNATURE_ROLE = "Sekretaris Pokja Kampung KB"
SHEET_MINUTES_TITLE = "NOTULEN"


def meeting_header_fields(
    meeting: Meeting, kampung_name: str, tz: ZoneInfo
) -> list[tuple[str, str]]:
    """The meeting's header on the printed sheet and the spreadsheet, as (label, value)."""
    start = meeting.local_start(tz)
    speakers = ", ".join(f"{s.name} ({s.institution})" for s in meeting.speakers) or "-"
    return [
        ("Kampung", kampung_name),
        ("Hari/tanggal", format_date(start.date())),
        ("Pukul", format_time(meeting.starts_at, tz)),
        ("Tempat", meeting.venue),
        ("Tuan rumah", rt_label(meeting.host_rt)),
        ("Materi", meeting.topic),
        ("Narasumber", speakers),
    ]


def sheet_title(meeting: Meeting, tz: ZoneInfo) -> str:
    return f"Pertemuan Rutin {meeting.quarter(tz).label}"


def sheet_place_date(kampung_name: str, meeting: Meeting, tz: ZoneInfo) -> str:
    place = re.sub(r"^\s*Kampung\s+KB\s+", "", kampung_name, flags=re.IGNORECASE) or kampung_name
    start = meeting.local_start(tz).date()
    return f"{place}, {format_date(start).split(', ', 1)[-1]}"


def sheet_presence(present: bool, marked_at: datetime | None, tz: ZoneInfo) -> str:
    if not present:
        return "-"
    return f"Hadir {format_time(marked_at, tz)}" if marked_at else "Hadir"


def sheet_standing(standing: str) -> str:
    return {"excused": "Izin", "declined": "Tidak hadir", "no_notice": "-"}.get(standing, "")


def recap_not_yet(opens_at: datetime, tz: ZoneInfo) -> str:
    return f"Rekap tersedia setelah daftar hadir dibuka ({format_meeting_datetime(opens_at, tz)})."
