"""Typed answers: replies to cadres who type instead of pressing a button."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from ui.texts.attendance import checked_in
from ui.texts.meetings import RSVP_LABELS

TYPED_THANKS = "Sama-sama, terima kasih kembali 🙏"
TYPED_NO_MEETING = (
    "Terima kasih 🙏 Saat ini belum ada pertemuan yang menunggu jawaban. "
    "Ketik /jadwal untuk melihat jadwal."
)
TYPED_UNSURE = "Baik, tidak apa-apa 🙏 Bila sudah pasti, pilih jawaban Anda:"
TYPED_CHECKIN_UNSURE = "Apakah Anda sudah hadir di pertemuan? Pilih:"


def typed_rsvp_confirm(answer: str, meeting_label: str) -> str:
    return (
        f"Saya catat: <b>{RSVP_LABELS[answer]}</b> untuk pertemuan {meeting_label}.\n"
        "Tekan ✅ Benar untuk menyimpan, atau pilih jawaban lain."
    )


def typed_checkin_confirm(present: bool) -> str:
    what = "<b>Hadir</b> di pertemuan ini" if present else "<b>Tidak hadir</b> di pertemuan ini"
    return f"Saya catat: {what}. Tekan ✅ Benar untuk menyimpan."


def checked_in_typed(when: datetime, tz: ZoneInfo) -> str:
    return checked_in(when, tz) + " Salah ketik? Tekan Batalkan."


TYPED_HINT_RT = (
    "Maaf, RT itu tidak ada di daftar. Ketik nomornya (contoh: 4 atau RT 04) atau tekan tombolnya:"
)
TYPED_HINT_POKTAN = (
    "Maaf, Poktan itu belum saya kenali. Ketik misalnya BKB atau BKR, atau tekan tombolnya:"
)
TYPED_HINT_YES_NO = "Ketik <b>ya</b> atau <b>tidak</b>, atau tekan salah satu tombol:"
TYPED_HINT_REVIEW = (
    "Ketik <b>simpan</b> untuk menyimpan atau <b>ubah</b> untuk mengubah, atau tekan tombolnya:"
)
TYPED_HINT_SECTOR = (
    "Ketik <b>pemerintah</b>, <b>BUMN</b>, <b>swasta</b> atau <b>lainnya</b>, atau tekan tombolnya:"
)
TYPED_HINT_PROFILE = (
    "Ketik <b>nama</b>, <b>RT</b>, <b>Poktan</b> atau <b>selesai</b>, atau tekan tombolnya:"
)
