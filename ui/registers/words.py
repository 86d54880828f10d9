"""The registers' Indonesian words (headings, marks, notes, the PKB's workbook).

Column labels live in the forms' data files (models/forms/*.toml); these are the words
around them. To move into ``ui/texts/registers.py`` once ``ui/texts`` is a package.
"""

from __future__ import annotations

from datetime import date

CORRECTION = "PERBAIKAN"
SECTION_SESSIONS = "A. Pertemuan bulan ini"
SECTION_FAMILIES = "B. Anggota dan kehadiran"
SECTION_TOTALS = "C. Jumlah"
NO_SESSION = "Tidak ada pertemuan pada bulan ini."
NO_SESSION_CONFIRMED = (
    'Tidak ada pertemuan pada bulan ini (dikonfirmasi ketua: "Memang tidak ada pertemuan").'
)
NO_MEMBERS = "Belum ada anggota tercatat."
LEGEND = (
    "Tanda: v = hadir, - = tidak hadir, ? = hanya jumlah yang dicatat, "
    "kosong = bukan anggota saat itu."
)
TYPED_NOTE = (
    "Pertemuan yang dicatat dengan jumlah saja (tanpa daftar nama) dihitung pada jumlah "
    "bulan ini, tetapi tidak pada kehadiran tiap anggota."
)
BLANK_CELL = "diisi ketua"
MARKS = {"present": "v", "absent": "-", "unknown": "?"}
COUNTED = {True: "daftar", False: "jumlah"}
STATUS_LEFT = "keluar {day}"
STATUS_JOINED = "baru {day}"
CHAIR_ROLE = "Ketua Kelompok {group}"
PLACE_DATE = "{place}, {day}"
UNDATED = "...................."
NO_VALUE = "-"
PAGE = "Halaman {page}"

# The .xlsx: one sheet per part.
SHEET_HEAD = "Identitas"
SHEET_SESSIONS = "Pertemuan"
SHEET_FAMILIES = "Anggota"
SHEET_TOTALS = "Jumlah"
SHEET_CARD = "Data potensi"
COLUMN_ITEM = "Uraian"
COLUMN_VALUE = "Isian"
ATTENDANCE_COLUMN = "{label} {day}"

# The PKB's area workbook: one row per group and month.
AREA_SHEET = "Rekap Poktan"
AREA_TITLE = "Rekap register Poktan {months}"
AREA_COLUMNS = (
    "No",
    "Kampung KB",
    "Desa/Kelurahan",
    "Jenis",
    "Kelompok",
    "Bulan",
    "Lapor",
    "Tanggal kirim",
    "Versi",
    "Pertemuan",
    "Keluarga anggota",
    "Keluarga hadir pertemuan",
    "Jumlah kehadiran",
    "Persentase kehadiran",
)
REPORTED = {True: "Sudah", False: "Belum"}
AREA_NOTE = (
    "Keluarga hadir pertemuan: anggota yang hadir minimal sekali dalam bulan itu. "
    "Persentase kehadiran: jumlah kehadiran dibagi jumlah anggota pada tiap pertemuan."
)


def correction_mark(version: int) -> str:
    """E.g. "PERBAIKAN (versi 2)"."""
    return f"{CORRECTION} (versi {version})"


def chair_role(group_name: str) -> str:
    return CHAIR_ROLE.format(group=group_name)


def status_text(status: str, day: date | None, short_day: str) -> str:
    if status == "left":
        return STATUS_LEFT.format(day=short_day)
    if status == "joined":
        return STATUS_JOINED.format(day=short_day)
    return ""


def day_month(day: date) -> str:
    """A session's column head: "14/11"."""
    return f"{day.day}/{day.month}"
