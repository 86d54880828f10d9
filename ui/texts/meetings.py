"""Planning meetings (/jadwal), RSVP replies, sending reports, cancelling, binding a group."""

from __future__ import annotations

import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from models.broadcast import BroadcastKind, BroadcastSummary
from models.meeting import Meeting, MeetingPlan, RsvpTally
from ui.formatting import format_date, format_meeting_datetime
from ui.texts.common import esc, rt_label

BTN_RSVP_YES = "✅ Hadir"
BTN_RSVP_EXCUSED = "🙏 Izin"
BTN_RSVP_NO = "❌ Tidak hadir"
BTN_CREATE_MEETING = "➕ Buat jadwal pertemuan"
BTN_SAVE = "💾 Simpan"
BTN_EDIT = "✏️ Ubah"
BTN_CANCEL = "Batal"
BTN_YES_SECOND = "Ya, tetap buat"
BTN_NO_SECOND = "Tidak"
BTN_NO_SPEAKERS = "Tanpa narasumber"
BTN_SPEAKERS_DONE = "✅ Selesai"
BTN_ADD_SPEAKER = "➕ Tambah narasumber"
BTN_CLEAR_SPEAKERS = "🗑 Hapus semua narasumber"
BTN_CONFIRM_CANCEL = "❌ Ya, batalkan pertemuan"
BTN_KEEP_MEETING = "Jangan dibatalkan"
BTN_CREATE_MISSING = "➕ Buat jadwal triwulan yang kosong"
BTN_CARD_CHANGE = "✏️ Ubah"
BTN_CARD_CANCEL = "❌ Batalkan"
BTN_CARD_ROLL = "📋 Daftar hadir"
BTN_CARD_RECAP = "📊 Rekap"
FIELD_LABELS: dict[str, str] = {
    "date": "📅 Tanggal",
    "time": "🕘 Jam",
    "host": "🏠 Tuan rumah (RT)",
    "venue": "📍 Tempat",
    "topic": "📖 Materi",
    "speakers": "🎤 Narasumber",
}
SECTOR_LABELS: dict[str, str] = {
    "pemerintah": "Pemerintah",
    "BUMN": "BUMN",
    "swasta": "Swasta",
    "lainnya": "Lainnya",
}
RSVP_LABELS: dict[str, str] = {"hadir": "Hadir ✅", "izin": "Izin 🙏", "tidak": "Tidak hadir ❌"}

PARSE_PROBLEMS: dict[str, str] = {
    "empty": "Belum ada isinya.",
    "bad_date_format": "Tanggal tidak dikenali.",
    "no_such_day": "Tanggal itu tidak ada di kalender.",
    "in_past": "Waktu itu sudah lewat.",
    "too_far": "Tanggal itu terlalu jauh ke depan (lebih dari 2 tahun).",
    "bad_time_format": "Jam tidak dikenali.",
    "time_out_of_range": "Jam harus 00.00–23.59.",
    "time_period_mismatch": "Jam tidak cocok dengan pagi/siang/sore/malam.",
    "bad_rt": "RT itu tidak ada dalam daftar giliran.",
    "missing_parts": "Ada bagian yang kurang.",
    "too_long": "Terlalu panjang (maksimal 200 karakter).",
}
PART_LABELS: dict[str, str] = {
    "date": "tanggal",
    "time": "jam",
    "rt": "RT tuan rumah",
    "venue": "tempat",
    "topic": "materi",
}
DATE_EXAMPLES = (
    "Contoh: <code>15-08-2026</code>, <code>15/8/2026</code> atau <code>15 Agustus 2026</code>."
)
TIME_EXAMPLES = "Contoh: <code>09.00</code>, <code>9:30</code> atau <code>14.00 WIB</code>."
ONE_LINE_EXAMPLE = (
    "<code>/jadwal baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan</code>"
)


def parse_problem(reason: str, part: str | None = None) -> str:
    problem = PARSE_PROBLEMS.get(reason, "Isian tidak dikenali.")
    if part and reason in {"missing_parts", "too_long"}:
        problem = f"{problem[:-1]}: {PART_LABELS.get(part, part)}."
    return problem


def ask_date() -> str:
    return f"📅 Tanggal berapa pertemuannya?\n{DATE_EXAMPLES}"


def date_invalid(reason: str) -> str:
    return f"{parse_problem(reason)} Silakan ketik tanggalnya lagi.\n{DATE_EXAMPLES}"


def ask_time() -> str:
    return f"🕘 Jam berapa dimulai?\n{TIME_EXAMPLES}"


def time_invalid(reason: str) -> str:
    return f"{parse_problem(reason)} Silakan ketik jamnya lagi.\n{TIME_EXAMPLES}"


def ask_host(proposed: str) -> str:
    return (
        f"🏠 RT mana yang menjadi tuan rumah?\nMenurut giliran: <b>{rt_label(proposed)}</b>. "
        "Pilih tombol atau ketik nomor RT."
    )


HOST_INVALID = "RT itu tidak ada dalam daftar giliran. Pilih dengan tombol atau ketik nomor RT."


def ask_venue(default: str) -> str:
    return f"📍 Di mana tempatnya? Tekan tombol untuk <b>{esc(default)}</b> atau ketik tempat lain."


ASK_TOPIC = "📖 Apa materi pertemuannya? (contoh: Pembinaan Poktan)"
FIELD_TOO_LONG = "Terlalu panjang (maksimal 200 karakter). Silakan ketik lebih singkat."
FIELD_EMPTY = "Mohon ketik isinya sebagai teks."
ASK_SPEAKER_NAME = (
    "🎤 Siapa narasumbernya? Ketik <b>nama</b> satu narasumber, atau tekan tombol bila tidak ada."
)
ASK_NEXT_SPEAKER = "Ketik nama narasumber berikutnya, atau tekan <b>Selesai</b>."
PAST_SPEAKERS_HINT = (
    "Atau tekan nama narasumber yang pernah diundang (sekali tekan langsung masuk)."
)
SPEAKER_ALREADY_ADDED = "Narasumber ini sudah ada di daftar."
SPEAKERS_FULL_ALERT = "Sudah 8 narasumber (batas maksimal)."


def past_speaker_button(name: str, institution: str) -> str:
    """A button label (plain text, not HTML): "➕ Nama — Instansi", kept short."""
    label = f"➕ {name} — {institution}"
    return label if len(label) <= 60 else label[:59] + "…"


def speaker_added(name: str) -> str:
    """A popup: plain text, not HTML."""
    return f"Ditambahkan: {name}"


SPEAKERS_FULL = "Sudah 8 narasumber (batas maksimal). Tekan <b>Selesai</b> atau hapus semua."
ASK_SPEAKER_INSTITUTION = (
    "Dari instansi mana? (contoh: Perwakilan BKKBN Provinsi Jambi, Bank BRI, Puskesmas)"
)
ASK_SPEAKER_SECTOR = "Instansi itu termasuk:"
SPEAKER_NAME_INVALID = "Nama narasumber 2–100 karakter. Silakan ketik lagi."
SPEAKER_INSTITUTION_INVALID = "Nama instansi 2–150 karakter. Silakan ketik lagi."
ASK_FIELD_TO_EDIT = "Bagian mana yang ingin diubah?"
FLOW_CANCELLED = "Baik, dibatalkan. Tidak ada yang disimpan."
FLOW_ENDED_BY_LINK = (
    "ℹ️ Isian yang sedang berjalan dihentikan karena Anda membuka tautan kampung. "
    "Tidak ada yang disimpan dari isian itu."
)
IN_MEETING_FLOW = "Anda sedang mengisi jadwal. Jawab pertanyaan di atas, atau ketik /batal."
FLOW_IN_PRIVATE = "Untuk membuat atau mengubah jadwal, silakan pakai chat pribadi dengan bot."
NOTHING_CHANGED = "Tidak ada yang berubah."
MEETING_GONE = "Pertemuan ini sudah tidak bisa diubah (dibatalkan atau sudah lewat)."
QUARTER_TAKEN_MEANWHILE = "Baru saja ada jadwal lain yang disimpan di triwulan ini."


def second_in_quarter(quarter_label: str, existing: str) -> str:
    return (
        f"⚠️ Di {quarter_label} sudah ada pertemuan: {existing}.\n"
        "Tetap buat pertemuan kedua di triwulan yang sama?"
    )


def speaker_line(name: str, institution: str, sector: str) -> str:
    return f"• {esc(name)} — {esc(institution)} ({SECTOR_LABELS.get(sector, sector)})"


def speakers_so_far(lines: Sequence[str]) -> str:
    if not lines:
        return ""
    return "Narasumber sejauh ini:\n" + "\n".join(lines)


RSVP_THANKS = "Terima kasih, jawaban Anda tercatat: {answer}"
RSVP_SAME = "Jawaban Anda tetap: {answer}"
RSVP_STARTED = "Pertemuan sudah dimulai; jawaban tidak bisa diubah lagi."
RSVP_CANCELLED = "Pertemuan ini sudah dibatalkan."
RSVP_UNKNOWN = "Pertemuan ini tidak ditemukan."
RSVP_NOT_MEMBER = (
    "Hanya kader terdaftar yang aktif yang bisa menjawab. Daftar lewat chat pribadi: /start"
)


def no_meeting(is_admin: bool) -> str:
    text = "Belum ada jadwal pertemuan berikutnya."
    if is_admin:
        text += " Tekan tombol di bawah untuk membuatnya."
    return text


def broadcast_report(
    what: str, sent: int, failed: int, blocked: Sequence[str], group_sent: bool | None
) -> str:
    lines = [f"📣 {what} terkirim ke <b>{sent}</b> kader."]
    if group_sent is True:
        lines.append("Grup: terkirim ✅")
    elif group_sent is False:
        lines.append("Grup: <b>gagal</b> ⚠️ (apakah bot masih anggota grup?)")
    else:
        lines.append("Grup belum diikat: kirim /ikat_grup di grup Kampung KB.")
    if failed:
        lines.append(f"Gagal terkirim: {failed} (akan dicoba lagi pada pengingat berikutnya).")
    if blocked:
        lines.append(f"🚫 Memblokir bot ({len(blocked)}), mohon hubungi langsung:")
        lines += [f"• {esc(name)}" for name in blocked]
    return "\n".join(lines)


BROADCAST_LABELS: dict[BroadcastKind, str] = {
    BroadcastKind.ANNOUNCEMENT: "Pengumuman",
    BroadcastKind.CHANGE: "Pemberitahuan perubahan",
    BroadcastKind.CANCELLATION: "Pemberitahuan pembatalan",
    BroadcastKind.ATTENDANCE: "Ajakan mengisi daftar hadir",
    BroadcastKind.REMINDER: "Pengingat",
}
RESUMED_NOTE = (
    "🔁 Pengiriman sempat terhenti karena bot berhenti, lalu dilanjutkan setelah bot berjalan lagi."
)


EXPIRED_NOTE = "⏰ {count} pesan tidak dikirim karena sudah lewat waktunya."


def summary_report(
    kind: BroadcastKind,
    summary: BroadcastSummary,
    *,
    resumed: bool = False,
    label: str | None = None,
    note: str | None = None,
) -> str:
    """The summary after a broadcast went out, for whoever started it."""
    report = broadcast_report(
        label or BROADCAST_LABELS.get(kind, "Pesan"),
        summary.sent,
        summary.failed,
        summary.blocked_names,
        summary.group_sent,
    )
    notes = [note] if note else []
    if summary.expired:
        notes.append(EXPIRED_NOTE.format(count=summary.expired))
    if resumed:
        notes.append(RESUMED_NOTE)
    return "\n".join([report, *notes])


def sending_started(kind: BroadcastKind, recipients: int, *, group: bool) -> str:
    """Told at once to the admin who started a broadcast; the summary follows later."""
    what = BROADCAST_LABELS.get(kind, "Pesan")
    where = f"{recipients} kader" + (" dan grup" if group else "")
    return f"📤 {what} sedang dikirim ke {where}; ringkasannya menyusul."


ASK_CANCEL_REASON = "Apa alasan pembatalannya? (contoh: bertepatan dengan acara kelurahan)"


def confirm_cancel(card: str, reason: str) -> str:
    return f"{card}\n\n<b>Batalkan pertemuan ini?</b>\nAlasan: {esc(reason)}"


CANCEL_KEPT = "Baik, pertemuan tidak dibatalkan."
CANCEL_REASON_INVALID = "Alasan 3–300 karakter. Silakan ketik lagi."
PICK_MEETING = "Ada beberapa pertemuan terjadwal. Pilih yang mana:"


def group_bound(kampung_name: str) -> str:
    return (
        "✅ Grup ini sekarang menerima pengumuman dan pengingat pertemuan "
        f"<b>{esc(kampung_name)}</b>."
    )


GROUP_PICK_KAMPUNG = (
    "Anda sekretaris di lebih dari satu Kampung KB. Grup ini untuk kampung yang mana?"
)
GROUP_MOVE_KEPT = "Baik, ikatan grup tidak diubah."
GROUP_BINDING_CHANGED = "Ikatan grup sudah berubah sejak pertanyaan ini. Kirim /ikat_grup lagi."


def group_move_question(
    kampung_name: str, group_kampung_name: str | None, kampung_had_group: bool
) -> str:
    """Binding moves a group away from a kampung, or a kampung away from its group: ask first."""
    lines = []
    if group_kampung_name is not None:
        lines.append(
            f"Grup ini sekarang terikat ke <b>{esc(group_kampung_name)}</b>; pengumumannya "
            "tidak akan dikirim ke grup ini lagi."
        )
    if kampung_had_group:
        lines.append(
            f"<b>{esc(kampung_name)}</b> sekarang terikat ke grup lain; pengumumannya "
            "akan pindah ke grup ini."
        )
    lines.append(f"Ikat grup ini ke <b>{esc(kampung_name)}</b>?")
    return "\n".join(lines)


GROUP_BOT_REMOVED = (
    "⚠️ Bot dikeluarkan dari grup Kampung KB: pengumuman dan pengingat tidak sampai ke grup. "
    "Tambahkan bot lagi ke grup, lalu kirim /ikat_grup di sana."
)
GROUP_BOT_MUTED = (
    "⚠️ Bot tidak boleh mengirim pesan di grup Kampung KB: pengumuman dan pengingat tidak "
    "sampai ke grup. Mohon izinkan bot mengirim pesan (pengaturan grup)."
)
GROUP_BOT_BACK = "✅ Bot kembali bisa mengirim pesan di grup Kampung KB."
GROUP_ONLY = "Perintah ini dikirim di grup Kampung KB yang ingin diikat."


TALLY_PREFIX = "Konfirmasi: "


def tally_line(tally: RsvpTally) -> str:
    return (
        f"{TALLY_PREFIX}✅ Hadir {tally.yes} · 🙏 Izin {tally.excused} · "
        f"❌ Tidak {tally.no} · ⏳ Belum menjawab {tally.unanswered}"
    )


def with_tally(text: str, tally: RsvpTally) -> str:
    """``text`` (a card as sent) with its tally line brought up to date."""
    return re.sub(
        rf"^{re.escape(TALLY_PREFIX)}.*$", lambda _: tally_line(tally), text, flags=re.MULTILINE
    )


def plan_summary(plan: MeetingPlan, tz: ZoneInfo, *, editing: bool) -> str:
    when = format_meeting_datetime(plan.starts_at(tz), tz)
    host = rt_label(plan.host_rt)
    if plan.proposed_host_rt and plan.host_rt != plan.proposed_host_rt:
        host += f" (menggantikan giliran {rt_label(plan.proposed_host_rt)})"
    lines = [
        "<b>Periksa jadwal berikut:</b>" if not editing else "<b>Jadwal setelah diubah:</b>",
        "",
        f"🗓 {when}",
        f"🏠 Tuan rumah: {host}",
        f"📍 Tempat: {esc(plan.venue)}",
        f"📖 Materi: {esc(plan.topic)}",
        "🎤 Narasumber: " + ("-" if not plan.speakers else ""),
    ]
    lines += [speaker_line(s.name, s.institution, s.sector.value) for s in plan.speakers]
    lines += ["", "Simpan dan umumkan ke semua kader?" if not editing else "Simpan perubahan?"]
    return "\n".join(lines)


def meeting_saved(summary: str) -> str:
    return f"✅ Jadwal tersimpan.\n{summary}"


def year_overview(year: int, rows: Sequence[tuple[str, str]], missing: int, is_admin: bool) -> str:
    lines = [f"<b>Jadwal pertemuan {year}</b>", ""]
    lines += [f"<b>{label}</b>: {detail}" for label, detail in rows]
    if missing and is_admin:
        lines += ["", f"{missing} triwulan belum punya jadwal."]
    return "\n".join(lines)


def quarter_row_meeting(meeting: Meeting, tz: ZoneInfo) -> str:
    start = meeting.local_start(tz)
    text = (
        f"{format_meeting_datetime(start, tz)}, {rt_label(meeting.host_rt)} — {esc(meeting.topic)}"
    )
    if meeting.host_overridden:
        text += f" (menggantikan giliran {rt_label(meeting.proposed_host_rt)})"
    return text


def quarter_row_missing(proposed_host: str | None) -> str:
    if proposed_host is None:
        return "tidak ada pertemuan"
    return f"belum dijadwalkan (giliran {rt_label(proposed_host)})"


def missing_created(count: int) -> str:
    return (
        f"✅ {count} jadwal dibuat dengan tanggal usulan (Sabtu kedua bulan tengah triwulan, "
        "pukul 09.00) dan sudah diumumkan. Ubah bila perlu dengan /jadwal ubah."
    )


def one_line_invalid(reason: str, part: str | None) -> str:
    where = f" (bagian {PART_LABELS.get(part, part)})" if part else ""
    return (
        f"{parse_problem(reason, part)}{where} Jadwal belum disimpan.\n\n"
        f"Format satu baris:\n{ONE_LINE_EXAMPLE}\n"
        "Atau ketik <code>/jadwal baru</code> saja untuk diisi langkah demi langkah."
    )


def short_meeting_label(meeting: Meeting, tz: ZoneInfo) -> str:
    start = meeting.local_start(tz)
    return f"{format_date(start.date())} · {rt_label(meeting.host_rt)}"


YEAR_OUT_OF_RANGE = "Tahun itu di luar jangkauan. Contoh: <code>/jadwal tahun 2026</code>"
NOTHING_MISSING = "Semua triwulan sudah punya jadwal."
DEFAULT_TOPIC = "Pertemuan rutin Kampung KB (materi menyusul)"
