"""A Poktan group's sessions: recorded by the chair (/catat), planned ahead, the Riwayat."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ui.formatting import format_date, format_meeting_datetime, format_weekday_date
from ui.texts.common import esc, rt_label

# --- buttons -------------------------------------------------------------------------

BTN_PKS_TODAY = "📅 Hari ini"
BTN_PKS_YESTERDAY = "Kemarin"
BTN_PKS_ALL_PRESENT = "☑️ Semua hadir di RT ini"
BTN_PKS_NONE_PRESENT = "↩️ Kosongkan RT ini"
BTN_PKS_TYPE_COUNT = "✍️ Ketik jumlah saja"
BTN_PKS_ROLL_DONE = "Lanjut ➡️"
BTN_PKS_SKIP = "Lewati"
BTN_PKS_PHOTOS_DONE = "Selesai"
BTN_PKS_SAVE = "✅ Simpan"
BTN_PKS_ABORT = "❌ Batal"
BTN_PKS_HISTORY = "📚 Riwayat pertemuan"
BTN_PKS_EDIT_DAY = "📅 Tanggal"
BTN_PKS_EDIT_TOPIC = "📝 Topik"
BTN_PKS_EDIT_ROLL = "👥 Kehadiran"
BTN_PKS_EDIT_SPEAKERS = "🎤 Narasumber"
BTN_PKS_EDIT_PHOTOS = "📷 Tambah foto"
BTN_PKS_DELETE = "🗑 Hapus"
BTN_PKS_DELETE_YES = "🗑 Ya, hapus"
BTN_PKS_DELETE_NO = "Tidak"
BTN_PKS_BACK = "⬅️ Kembali"
BTN_PKS_COMPLETE = "✅ Catat siapa yang hadir"


def btn_pks_page(rt: str, part: int, parts: int, forward: bool) -> str:
    label = rt_label(rt) + (f" ({part}/{parts})" if parts > 1 else "")
    return f"{label} ▶️" if forward else f"◀️ {label}"


def btn_pks_family(name: str | None, present: bool) -> str:
    return f"{'✅' if present else '▫️'} {name or '(tanpa nama)'}"


def btn_pks_session(day: date, topic: str | None, planned: bool) -> str:
    mark = "🗓 " if planned else ""
    return f"{mark}{format_weekday_date(day)} · {topic or 'tanpa topik'}"[:60]


# --- rights and stale presses ------------------------------------------------------

PKS_NOT_CHAIR = "Hanya ketua kelompok ini (atau sekretaris) yang dapat mencatat pertemuannya."
PKS_NO_GROUP = (
    "Anda belum menjadi ketua kelompok Poktan mana pun. Sekretaris menetapkan ketua lewat /poktan."
)
PKS_GROUP_GONE = "Kelompok ini tidak ditemukan atau sudah tidak aktif."
PKS_SESSION_GONE = "Pertemuan ini sudah dihapus."
PKS_PICK_GROUP = "Anda ketua beberapa kelompok. Pertemuan kelompok yang mana?"
PKS_IN_PRIVATE = "Mencatat pertemuan Poktan dilakukan di chat pribadi dengan bot."
PKS_FLOW_TIMED_OUT = "Waktu mencatat pertemuan habis; belum ada yang disimpan. Ketik /catat lagi."
PKS_CANCELLED = "Baik, tidak ada yang disimpan."
PKS_IN_FLOW = "Anda sedang mencatat pertemuan Poktan. Jawab pertanyaan di atas, atau ketik /batal."

# --- recording a held session ------------------------------------------------------


def pks_ask_day(group_name: str, today: date) -> str:
    return (
        f"📝 <b>Pertemuan {esc(group_name)}</b>\n"
        f"Kapan pertemuan diadakan? Tekan <b>Hari ini</b> ({format_weekday_date(today)}) "
        "atau <b>Kemarin</b>, atau ketik tanggalnya, mis. <code>05/12</code> atau "
        "<code>05/12/2026</code>."
    )


PKS_DAY_FUTURE = "Tanggal itu belum lewat. Pertemuan yang sudah diadakan dicatat setelahnya."
PKS_DAY_BAD = (
    "Tanggal tidak terbaca. Ketik seperti <code>05/12</code> atau <code>05/12/2026</code>."
)
PKS_DAY_TOO_OLD = "Tanggal itu lebih dari setahun yang lalu; tidak bisa dicatat lagi."


def pks_month_sent(month: date) -> str:
    return (
        f"Laporan {pks_month_name(month)} sudah dikirim "
        "ke PKB. Untuk mengubahnya, tekan <b>Perbaiki</b> pada laporan bulanan itu dulu."
    )


def pks_ask_topic(topics: Sequence[str]) -> str:
    hint = "Pilih di bawah, atau ketik topiknya." if topics else "Ketik topiknya."
    return f"📚 Apa topik pertemuannya? {hint}"


PKS_TOPIC_TOO_LONG = "Topik terlalu panjang (maksimal 200 karakter). Mohon diringkas."
PKS_TEXT_TOO_LONG = "Teks terlalu panjang (maksimal 500 karakter). Mohon diringkas."


def pks_roll(
    rt: str, part: int, parts: int, present_here: int, families_here: int, present: int, total: int
) -> str:
    page = f" ({part}/{parts})" if parts > 1 else ""
    return (
        f"👥 <b>Siapa yang hadir?</b> {rt_label(rt)}{page}\n"
        f"Di halaman ini: {present_here} dari {families_here} keluarga\n"
        f"Seluruhnya: <b>{present} dari {total}</b> keluarga hadir\n"
        "Tekan nama untuk ✅/▫️. Pindah RT dengan tombol ◀️ ▶️. Hanya punya daftar kertas? "
        "Tekan <b>Ketik jumlah saja</b>."
    )


def pks_no_families(group_name: str) -> str:
    return (
        f"Kelompok {esc(group_name)} belum punya daftar keluarga anggota, jadi daftar hadir "
        "dilewati. Ketik jumlah keluarga yang hadir bisa setelah daftar anggota diisi."
    )


def pks_ask_count(total: int) -> str:
    return f"✍️ Berapa keluarga yang hadir? Ketik angka 0–{total}."


PKS_COUNT_NOT_NUMBER = "Mohon ketik satu angka, mis. <code>12</code>."


def pks_count_too_large(total: int) -> str:
    return (
        f"Jumlah itu lebih besar dari keluarga anggota aktif kelompok ini ({total}). "
        "Ketik lagi, atau tambahkan dulu keluarga yang belum terdaftar."
    )


PKS_ASK_SPEAKERS = (
    "🎤 Siapa narasumber atau instansi yang hadir? Ketik, mis. "
    "<code>Bidan Desa, PLKB Kecamatan</code>, atau tekan <b>Lewati</b>."
)
PKS_ASK_PHOTOS = (
    "📷 Kirim foto kegiatan sekarang (boleh beberapa), lalu tekan <b>Selesai</b>. "
    "Tidak ada foto? Langsung tekan <b>Selesai</b>."
)


def pks_photo_kept(count: int) -> str:
    return f"📷 {count} foto diterima. Kirim lagi, atau tekan <b>Selesai</b>."


PKS_SEND_PHOTO_OR_DONE = "Kirim foto, atau tekan <b>Selesai</b>."
PKS_USE_SAVE = "Tekan <b>✅ Simpan</b> untuk menyimpan, atau <b>Batal</b>."


def pks_attendance(present: int | None, total: int, typed: bool) -> str:
    if present is None:
        return "belum dicatat"
    how = " (diketik)" if typed else ""
    return f"{present} dari {total} keluarga{how}"


def pks_summary(
    group_name: str,
    day: date,
    topic: str | None,
    attendance: str,
    speakers: str | None,
    photos: int,
    *,
    title: str = "Periksa sebelum disimpan",
) -> str:
    return (
        f"📋 <b>{title}</b>\n"
        f"Kelompok: {esc(group_name)}\n"
        f"Tanggal: {format_date(day)}\n"
        f"Topik: {esc(topic) if topic else '-'}\n"
        f"Hadir: {attendance}\n"
        f"Narasumber: {esc(speakers) if speakers else '-'}\n"
        f"Foto: {photos}"
    )


def pks_saved(group_name: str, day: date) -> str:
    return (
        f"✅ Pertemuan {esc(group_name)} tanggal {format_date(day)} tersimpan. "
        "Bisa diubah di Riwayat sampai laporan bulan itu dikirim ke PKB."
    )


PKS_REFUSED_NOT_A_FAMILY = (
    "Daftar anggota berubah sementara Anda mencatat (ada keluarga yang dinonaktifkan). "
    "Tidak ada yang disimpan; silakan catat ulang."
)
PKS_NOT_PLANNED = "Pertemuan ini sudah dicatat sebagai pertemuan yang diadakan."

# --- the Riwayat and editing ----------------------------------------------------------


def pks_history(group_name: str, months: Sequence[str], count: int) -> str:
    if not count:
        return (
            f"📚 <b>Riwayat {esc(group_name)}</b>\nBelum ada pertemuan pada {' dan '.join(months)}."
        )
    return (
        f"📚 <b>Riwayat {esc(group_name)}</b> ({' dan '.join(months)})\n"
        "Pilih pertemuan untuk melihat atau mengubahnya. 🗓 = direncanakan."
    )


def pks_month_name(month: date) -> str:
    """ "Desember 2026": the long date without its weekday and day."""
    return format_date(month).split(", ", 1)[-1].split(" ", 1)[-1]


def pks_locked_note(month: date) -> str:
    return (
        f"\n\n🔒 Laporan {pks_month_name(month)} sudah dikirim ke PKB. Untuk mengubah, "
        "tekan <b>Perbaiki</b> pada laporan bulanan itu dulu."
    )


def pks_planned_card(
    group_name: str, starts_at: datetime, tz: ZoneInfo, place: str | None, topic: str | None
) -> str:
    return (
        f"🗓 <b>Pertemuan {esc(group_name)}</b> (direncanakan)\n"
        f"Waktu: {format_meeting_datetime(starts_at, tz)}\n"
        f"Tempat: {esc(place) if place else '-'}\n"
        f"Topik: {esc(topic) if topic else '-'}"
    )


PKS_EDITED = "✅ Perubahan disimpan."
PKS_PHOTOS_ADDED_NONE = "Tidak ada foto baru."


def pks_photos_added(added: int) -> str:
    return f"📷 {added} foto ditambahkan." if added else PKS_PHOTOS_ADDED_NONE


PKS_ASK_NEW_SPEAKERS = (
    "🎤 Ketik narasumber/instansi yang baru, atau tekan <b>Lewati</b> untuk mengosongkannya."
)


def pks_confirm_delete(day: date, topic: str | None) -> str:
    return (
        f"Hapus pertemuan {format_date(day)} ({esc(topic) if topic else 'tanpa topik'})? "
        "Daftar hadir dan fotonya ikut terhapus."
    )


PKS_DELETED = "🗑 Pertemuan dihapus."
PKS_DELETE_KEPT = "Baik, pertemuan tidak dihapus."

# --- planning ahead -------------------------------------------------------------------


def pks_ask_plan_when(group_name: str) -> str:
    return (
        f"🗓 <b>Rencana pertemuan {esc(group_name)}</b>\n"
        "Kapan? Ketik tanggal dan jam, mis. <code>12/12 15.00</code> atau "
        "<code>12/12/2026 09.30</code>."
    )


PKS_PLAN_WHEN_BAD = (
    "Tanggal dan jam tidak terbaca. Ketik seperti <code>12/12 15.00</code> "
    "(tanggal/bulan lalu jam)."
)
PKS_PLAN_WHEN_PAST = "Waktu itu sudah lewat. Rencana pertemuan harus di waktu yang akan datang."
PKS_ASK_PLACE = "📍 Di mana? Ketik tempatnya (mis. <code>Rumah Bu RT 02</code>)."


def pks_planned(group_name: str, cadres: int) -> str:
    who = f"{cadres} kader kelompok ini" if cadres else "ketua kelompok"
    return (
        f"✅ Rencana pertemuan {esc(group_name)} tersimpan. Pengingat dikirim ke {who} "
        "sehari sebelumnya pukul 16.00 dan 2 jam sebelum mulai. Setelah pertemuan, "
        "bot meminta Anda mencatat siapa yang hadir."
    )


def pks_reminder(
    label: str,
    group_name: str,
    starts_at: datetime,
    tz: ZoneInfo,
    place: str | None,
    topic: str | None,
) -> str:
    return f"⏰ <b>{label}</b>\n" + pks_planned_card(group_name, starts_at, tz, place, topic)


PKS_REMINDER_DAY_BEFORE = "Pengingat: besok ada pertemuan Poktan"
PKS_REMINDER_SOON = "Pengingat: 2 jam lagi pertemuan Poktan"


def pks_ask_complete(group_name: str, day: date, topic: str | None) -> str:
    return (
        f"📝 Pertemuan {esc(group_name)} tanggal {format_date(day)} "
        f"({esc(topic) if topic else 'tanpa topik'}) sudah berlangsung? "
        "Catat siapa yang hadir agar masuk laporan bulanan."
    )
