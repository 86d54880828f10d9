"""Destructive taps: confirm or undo."""

from __future__ import annotations

from ui.texts.common import esc

CONFIRM_CLOSE_ATTENDANCE = (
    "Tutup absensi sekarang? Kader tidak bisa lagi absen sendiri. "
    "Selama waktu absensi belum habis, Anda masih bisa membukanya lagi."
)
CLOSE_KEPT = "Baik, absensi tetap dibuka."
ATTENDANCE_REOPENED = "↩️ Absensi dibuka lagi. Kader bisa absen kembali."
ATTENDANCE_REOPEN_TOO_LATE = "Waktu absensi sudah habis; absensi tidak bisa dibuka lagi."
ATTENDANCE_NOT_CLOSED = "Absensi ini sedang terbuka."


def unticked(name: str) -> str:
    return f"⬜ {esc(name)} ditandai <b>tidak hadir</b>. Keliru? Tekan Urungkan."


def untick_undone(name: str) -> str:
    return f"↩️ {esc(name)} kembali tercatat <b>hadir</b>."


UNDO_NOTHING = "Tidak ada yang perlu diurungkan; datanya sudah seperti semula."


def guest_removed_undo(name: str) -> str:
    return f"🗑 Tamu <b>{esc(name)}</b> dihapus dari daftar hadir. Keliru? Tekan Urungkan."


def guest_restored(name: str) -> str:
    return f"↩️ Tamu <b>{esc(name)}</b> kembali di daftar hadir."
