"""The Poktan registers' words: headings, marks, notes, the PKB's area workbook.

Column labels live in the forms' data files (models/forms/*.toml); these are the words
around them (ui/registers). Every name starts with ``REGISTER_`` / ``register_``, as the
package re-exports them into its one namespace.
"""

from __future__ import annotations

from datetime import date

REGISTER_CORRECTION = "PERBAIKAN"
REGISTER_SECTION_SESSIONS = "A. Pertemuan bulan ini"
REGISTER_SECTION_FAMILIES = "B. Anggota dan kehadiran"
REGISTER_SECTION_TOTALS = "C. Jumlah"
REGISTER_NO_SESSION = "Tidak ada pertemuan pada bulan ini."
REGISTER_NO_SESSION_CONFIRMED = (
    'Tidak ada pertemuan pada bulan ini (dikonfirmasi ketua: "Memang tidak ada pertemuan").'
)
REGISTER_NO_MEMBERS = "Belum ada anggota tercatat."
REGISTER_LEGEND = (
    "Tanda: v = hadir, - = tidak hadir, ? = hanya jumlah yang dicatat, "
    "kosong = bukan anggota saat itu."
)
REGISTER_TYPED_NOTE = (
    "Pertemuan yang dicatat dengan jumlah saja (tanpa daftar nama) dihitung pada jumlah "
    "bulan ini, tetapi tidak pada kehadiran tiap anggota."
)
REGISTER_BLANK_CELL = "diisi ketua"
REGISTER_MARKS = {"present": "v", "absent": "-", "unknown": "?"}
REGISTER_COUNTED = {True: "daftar", False: "jumlah"}
REGISTER_STATUS_LEFT = "keluar {day}"
REGISTER_STATUS_JOINED = "baru {day}"
REGISTER_CHAIR_ROLE = "Ketua Kelompok {group}"
REGISTER_PLACE_DATE = "{place}, {day}"
REGISTER_PAGE = "Halaman {page} dari {pages}"
REGISTER_UNDATED = "...................."
REGISTER_NO_VALUE = "-"

# The .xlsx: one sheet per part.
REGISTER_SHEET_HEAD = "Identitas"
REGISTER_SHEET_SESSIONS = "Pertemuan"
REGISTER_SHEET_FAMILIES = "Anggota"
REGISTER_SHEET_TOTALS = "Jumlah"
REGISTER_SHEET_CARD = "Data potensi"
REGISTER_COLUMN_ITEM = "Uraian"
REGISTER_COLUMN_VALUE = "Isian"

# The PKB's area workbook: one row per group and month.
REGISTER_AREA_SHEET = "Rekap Poktan"
REGISTER_AREA_TITLE = "Rekap register Poktan {months}"
REGISTER_AREA_COLUMNS = (
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
REGISTER_REPORTED = {True: "Sudah", False: "Belum"}
REGISTER_AREA_NOTE = (
    "Keluarga hadir pertemuan: anggota yang hadir minimal sekali dalam bulan itu. "
    "Persentase kehadiran: jumlah kehadiran dibagi jumlah anggota pada tiap pertemuan."
)


def register_correction_mark(version: int) -> str:
    """E.g. "PERBAIKAN (versi 2)"."""
    return f"{REGISTER_CORRECTION} (versi {version})"


def register_chair_role(group_name: str) -> str:
    return REGISTER_CHAIR_ROLE.format(group=group_name)


def register_status_text(status: str, short_day: str) -> str:
    """A family's standing this month: "keluar 20 Nov 2026", "baru 10 Nov 2026" or ""."""
    if status == "left":
        return REGISTER_STATUS_LEFT.format(day=short_day)
    if status == "joined":
        return REGISTER_STATUS_JOINED.format(day=short_day)
    return ""


def register_day_month(day: date) -> str:
    """A session's column head: "14/11"."""
    return f"{day.day}/{day.month}"
