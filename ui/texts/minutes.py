"""Minutes (/notulen) and meeting photos."""

from __future__ import annotations

MINUTES_ASK = (
    "📝 Ketik notulen pertemuan (ringkasan hasil, kesepakatan, tindak lanjut) dalam satu "
    "pesan. Ketik /batal untuk membatalkan."
)
MINUTES_NOT_TEXT = "Mohon kirim notulen sebagai teks, atau ketik /batal."
MINUTES_CANCELLED = "Baik, notulen tidak disimpan."
MINUTES_TIMED_OUT = "Waktu mengetik notulen habis. Ketik /notulen untuk mulai lagi."
NO_MEETING_FOR_MINUTES = (
    "Belum ada pertemuan yang sudah dimulai (30 hari terakhir). Notulen dan foto bisa "
    "dikirim setelah pertemuan dimulai."
)
MINUTES_PICK = "Untuk pertemuan yang mana? Pilih di bawah:"
MINUTES_PICK_GONE = "Tidak ada foto atau notulen yang menunggu. Silakan kirim lagi."
PHOTO_ADMIN_ONLY = "Terima kasih. Foto kegiatan hanya disimpan bila dikirim oleh admin."
PHOTO_COPY_FAILED = (
    "⚠️ Salinan foto belum bisa diunduh ke server; foto tetap tercatat dan bisa dikirim ulang."
)


def minutes_too_long(limit: int) -> str:
    return f"Notulen terlalu panjang (maksimal {limit} karakter). Mohon diringkas."


def minutes_saved(meeting_label: str, replaced: bool) -> str:
    what = "diperbarui" if replaced else "disimpan"
    return f"✅ Notulen {what} untuk pertemuan {meeting_label}. Lihat di /rekap."


def photos_saved(added: int, total: int, meeting_label: str) -> str:
    if not added:
        return f"Foto ini sudah tersimpan untuk pertemuan {meeting_label} ({total} foto)."
    return f"📷 {added} foto disimpan untuk pertemuan {meeting_label} (jumlah {total} foto)."
