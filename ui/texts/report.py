"""The year report (/laporan) and the speaker registry (/narasumber)."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from models.meeting import Sector
from models.report import Rate as YearRate
from models.report import YearReport
from models.speakers import RegistryEntry
from ui.formatting import format_date, format_ratio
from ui.texts.common import esc, poktan_label, rt_label
from ui.texts.meetings import SECTOR_LABELS

REPORT_BAD_YEAR = (
    "Tahun tidak dikenali. Ketik /laporan untuk tahun ini, atau misalnya /laporan 2025."
)
SPEAKERS_BAD_YEAR = "Tahun tidak dikenali. Ketik /narasumber, atau misalnya /narasumber 2025."
REPORT_PREPARING = "⏳ Laporan sedang disiapkan…"
REPORT_FILES_CAPTION = "Laporan kehadiran tahunan: grafik dan rincian (.xlsx)."
REPORT_MAX_NAMES = 30  # the text stays short; every name is in the .xlsx
PRESENCE_LABELS: dict[str, str] = {
    "hadir": "Hadir",
    "izin": "Izin",
    "tidak hadir": "Tidak hadir",
    "tanpa kabar": "Tanpa kabar",
}
QUARTER_NAMES = ("Triwulan I", "Triwulan II", "Triwulan III", "Triwulan IV")
CHART_TITLE = "Kehadiran kader per triwulan {year} — {kampung}"
CHART_Y_LABEL = "Jumlah kader hadir"
CHART_NO_MEETING = "belum ada"


def rate_words(rate: YearRate) -> str:
    """ "75% (3/4)"; "-" when nobody was expected."""
    if not rate.of:
        return "-"
    return f"{format_ratio(rate.ratio)} ({rate.came}/{rate.of})"


def sector_counts(counts: Sequence[tuple[Sector, int]]) -> str:
    return " · ".join(f"{SECTOR_LABELS[sector.value]} {count}" for sector, count in counts)


def no_meetings_in_year(year: int) -> str:
    return f"Belum ada pertemuan yang terlaksana pada tahun {year}."


def year_report_text(report: YearReport, kampung_name: str) -> str:
    """The short text of /laporan: the rates, who to visit, RSVP reliability, speakers."""
    lines = [
        f"📈 <b>Laporan kehadiran {report.year} — {esc(kampung_name)}</b>",
        f"{len(report.meetings)} pertemuan terlaksana. Kehadiran kader: "
        f"<b>{rate_words(report.overall)}</b>.",
        "",
        "<b>Per triwulan</b>:",
    ]
    lines += [
        f"• {QUARTER_NAMES[quarter - 1]}: {rate_words(rate) if rate.of else CHART_NO_MEETING}"
        for quarter, rate in report.by_quarter
    ]
    lines += ["", "<b>Per Poktan</b>:"]
    lines += [f"• {poktan}: {rate_words(rate)}" for poktan, rate in report.by_poktan]
    lines += ["", "<b>Per RT</b>:"]
    lines += [f"• {rt_label(rt if rt != '-' else None)}: {rate_words(r)}" for rt, r in report.by_rt]
    follow_up = report.follow_up
    lines += ["", f"<b>Perlu disapa</b> (tidak hadir 2 pertemuan berturut-turut): {len(follow_up)}"]
    for cadre in follow_up[:REPORT_MAX_NAMES]:
        lines.append(
            f"• {esc(cadre.name)} — {poktan_label(cadre.poktan)}, {rt_label(cadre.rt)} "
            f"(hadir {cadre.rate.came} dari {cadre.rate.of})"
        )
    if len(follow_up) > REPORT_MAX_NAMES:
        lines.append(f"… dan {len(follow_up) - REPORT_MAX_NAMES} lainnya (lihat berkas .xlsx).")
    lines += [
        "",
        f"<b>Konfirmasi Hadir yang benar datang</b>: {rate_words(report.rsvp)}",
        f"<b>Narasumber per sektor</b>: {sector_counts(report.speakers_by_sector)}",
        "",
        "Kehadiran tiap kader ada di berkas .xlsx.",
    ]
    return "\n".join(lines)


def speaker_registry_text(
    entries: Sequence[RegistryEntry],
    year: int,
    counts: Sequence[tuple[Sector, int]],
    tz: ZoneInfo,
) -> str:
    if not entries:
        return (
            "🎤 Belum ada narasumber yang tercatat. Narasumber dicatat saat membuat "
            "jadwal (/jadwal baru) dan bisa dipilih lagi dengan sekali tekan."
        )
    lines = [f"🎤 <b>Narasumber yang pernah diundang ({len(entries)})</b>"]
    for number, entry in enumerate(entries, start=1):
        line = (
            f"{number}. {esc(entry.name)} — {esc(entry.institution)} "
            f"({SECTOR_LABELS[entry.sector.value]}) · hadir {entry.times}×"
        )
        if entry.last_at is not None:
            line += f", terakhir {format_date(entry.last_at.astimezone(tz).date())}"
        lines.append(line)
    lines += ["", f"<b>Kehadiran narasumber per sektor, {year}</b>: {sector_counts(counts)}"]
    return "\n".join(lines)
