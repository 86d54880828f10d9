"""Every text a user reads, in Bahasa Indonesia. Handlers take their words from here.

Texts are sent as HTML: anything a user typed must go through ``esc()`` first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from html import escape, unescape
from zoneinfo import ZoneInfo

from bot.formatting import (
    format_date,
    format_meeting_datetime,
    format_relative_days,
    format_time,
)
from models.attendance import Outcome, Recap
from models.broadcast import BroadcastKind, BroadcastSummary
from models.meeting import Meeting, MeetingPlan, RsvpTally
from models.member import Member, MemberRole, NameProblem, Poktan

MAX_MESSAGE_LENGTH = 4096


def esc(text: str | None) -> str:
    return escape(text or "", quote=False)


def visible_length(html: str) -> int:
    """Length as Telegram counts it: after the HTML tags and entities are parsed."""
    return len(unescape(re.sub(r"<[^>]+>", "", html)))


def _cut_point(line: str, limit: int) -> int:
    """Where to cut an over-long line: at a space, never inside a tag or an entity.

    A raw prefix of ``limit`` characters is never longer than ``limit`` as
    Telegram counts it, so the cut is searched for inside that prefix.
    """
    prefix = line[:limit]
    cut = prefix.rfind(" ")
    if cut <= limit // 2:
        cut = limit  # no space near the end: cut the word, but not a tag or entity
    for opening, closing in (("<", ">"), ("&", ";")):
        start = prefix.rfind(opening, 0, cut)
        if start > prefix.rfind(closing, 0, cut):
            cut = start
    return max(cut, 1)


def split_message(html: str, limit: int = MAX_MESSAGE_LENGTH) -> list[str]:
    """Split a long text at line breaks into messages Telegram accepts.

    Lines are never cut inside, so HTML tags (which never span lines here) stay
    balanced; a single over-long line is cut at the limit as a last resort.
    """
    chunks: list[str] = []
    current: list[str] = []
    for line in html.split("\n"):
        while visible_length(line) > limit:
            cut = _cut_point(line, limit)
            chunks.append(line[:cut])
            line = line[cut:].lstrip(" ")
        candidate = "\n".join([*current, line])
        if current and visible_length(candidate) > limit:
            chunks.append("\n".join(current))
            current = [line]
        else:
            current.append(line)
    if current:
        chunks.append("\n".join(current))
    return chunks


# --- buttons -----------------------------------------------------------------

BTN_AGREE = "✅ Setuju"
BTN_DISAGREE = "Tidak"
BTN_CORRECT = "✅ Benar"
BTN_REDO = "🔁 Ulangi"
BTN_APPROVE = "✅ Setujui"
BTN_REJECT = "❌ Tolak"
BTN_OPEN_PRIVATE = "💬 Buka chat dengan bot"
BTN_EDIT_NAME = "✏️ Ubah nama"
BTN_EDIT_RT = "🏠 Ubah RT"
BTN_EDIT_POKTAN = "👥 Ubah Poktan"
BTN_DONE = "Selesai"
BTN_ERASE_CONFIRM = "🗑 Ya, hapus data saya"
BTN_ERASE_CANCEL = "Batal"

POKTAN_LABELS: dict[Poktan, str] = {
    Poktan.BKB: "BKB (Bina Keluarga Balita)",
    Poktan.BKR: "BKR (Bina Keluarga Remaja)",
    Poktan.BKL: "BKL (Bina Keluarga Lansia)",
    Poktan.UPPKS: "UPPKS (ekonomi keluarga)",
    Poktan.PIK_R: "PIK-R (remaja)",
    Poktan.POKJA: "Pokja Kampung KB",
    Poktan.OTHER: "Lainnya",
}


def rt_label(rt: str | None) -> str:
    return f"RT {rt}" if rt else "-"


def poktan_label(poktan: Poktan | None) -> str:
    return poktan.value if poktan else "-"


def role_label(role: MemberRole) -> str:
    return "Admin (sekretaris Pokja)" if role is MemberRole.ADMIN else "Kader"


# --- registration ------------------------------------------------------------


def consent(kampung_name: str) -> str:
    return (
        f"Selamat datang di bot koordinasi kader <b>{esc(kampung_name)}</b>. 👋\n\n"
        "Sebelum mendaftar, mohon baca dulu:\n"
        "• <b>Yang kami simpan:</b> nama lengkap, RT, Poktan, akun Telegram Anda, "
        "serta jawaban Anda atas undangan dan daftar hadir.\n"
        "• <b>Untuk apa:</b> mengabarkan jadwal pertemuan triwulan, mengirim pengingat, "
        "mencatat kehadiran, dan menyusun laporan kegiatan Kampung KB.\n"
        "• <b>Siapa yang melihat:</b> sekretaris dan pengurus Pokja.\n"
        "• <b>Menghapus data:</b> kapan saja dengan perintah /hapus_data.\n\n"
        "Apakah Anda setuju?"
    )


CONSENT_DECLINED = (
    "Baik, pendaftaran tidak dilanjutkan dan tidak ada data yang disimpan. "
    "Ketik /start bila berubah pikiran."
)
ASK_NAME = "Terima kasih. Silakan ketik <b>nama lengkap</b> Anda (contoh: Siti Aminah)."
ASK_RT = "Anda tinggal di RT berapa?"
ASK_POKTAN = "Anda kader Poktan apa?"

NAME_PROBLEMS: dict[NameProblem, str] = {
    NameProblem.TOO_SHORT: "Nama terlalu pendek (minimal 2 huruf).",
    NameProblem.TOO_LONG: "Nama terlalu panjang (maksimal 64 karakter).",
    NameProblem.BAD_CHARACTERS: (
        "Nama hanya boleh berisi huruf, spasi, titik (.), tanda petik (') dan tanda hubung (-)."
    ),
}


def name_invalid(problem: NameProblem) -> str:
    return f"{NAME_PROBLEMS[problem]} Silakan ketik nama lengkap Anda lagi."


ASK_NAME_TEXT_ONLY = "Mohon ketik nama lengkap Anda sebagai teks."
USE_BUTTONS = "Mohon pilih dengan menekan salah satu tombol di atas."


def registration_summary(full_name: str, rt: str, poktan: Poktan) -> str:
    return (
        "Mohon periksa data Anda:\n\n"
        f"Nama: <b>{esc(full_name)}</b>\n"
        f"RT: <b>{rt_label(rt)}</b>\n"
        f"Poktan: <b>{poktan_label(poktan)}</b>\n\n"
        "Sudah benar?"
    )


REGISTERED_PENDING = (
    "Terima kasih, pendaftaran Anda sudah kami terima. ⏳\n"
    "Sekretaris Pokja akan memeriksanya; Anda akan diberi kabar di sini."
)
REGISTERED_PENDING_NO_ADMIN = (
    REGISTERED_PENDING + "\n\nSaat ini belum ada admin yang aktif di bot; pendaftaran Anda "
    "tetap tersimpan dan akan diperiksa begitu admin bergabung."
)
REGISTERED_ADMIN = "Pendaftaran selesai. Anda terdaftar sebagai <b>admin (sekretaris Pokja)</b>. ✅"
REGISTRATION_CANCELLED = "Pendaftaran dibatalkan; tidak ada data yang disimpan."
NOTHING_TO_CANCEL = "Tidak ada proses yang sedang berjalan."
IN_REGISTRATION = (
    "Anda sedang mendaftar. Ikuti pertanyaan di atas, atau ketik /batal untuk berhenti."
)

ALREADY_PENDING = (
    "Pendaftaran Anda sedang menunggu persetujuan sekretaris Pokja. ⏳ "
    "Anda akan diberi kabar di sini."
)
REJECTED_INFO = (
    "Maaf, pendaftaran Anda belum disetujui. "
    "Silakan hubungi sekretaris Pokja bila menurut Anda ini keliru."
)
NOT_REGISTERED = "Anda belum terdaftar. Ketik /start untuk mendaftar."
ADMIN_ONLY = "Maaf, perintah ini hanya untuk admin (sekretaris Pokja)."
PRIVATE_ONLY = "Perintah ini hanya bisa dipakai di chat pribadi dengan bot."


def group_start(bot_username: str) -> str:
    return (
        "Halo! Pendaftaran kader dan jawaban undangan dilakukan di chat pribadi "
        f"dengan @{esc(bot_username)}. Tekan tombol di bawah untuk mulai."
    )


# --- approval ----------------------------------------------------------------


def new_registration_for_admin(member: Member) -> str:
    return (
        "📝 <b>Pendaftaran kader baru</b>\n\n"
        f"Nama: <b>{esc(member.full_name)}</b>\n"
        f"RT: {rt_label(member.rt)}\n"
        f"Poktan: {poktan_label(member.poktan)}\n\n"
        "Setujui pendaftaran ini?"
    )


def decided_for_admin(member: Member, approved: bool, admin_name: str | None) -> str:
    verdict = "✅ Disetujui" if approved else "❌ Ditolak"
    by = f" oleh {esc(admin_name)}" if admin_name else ""
    return (
        f"{verdict}{by}: <b>{esc(member.full_name)}</b> "
        f"({rt_label(member.rt)}, {poktan_label(member.poktan)})."
    )


def already_decided(member: Member) -> str:
    verdict = {
        "active": "sudah disetujui",
        "rejected": "sudah ditolak",
    }.get(member.status.value, "sudah diproses")
    return f"Pendaftaran {member.full_name or 'ini'} {verdict} sebelumnya."


REGISTRATION_GONE = "Pendaftaran ini sudah tidak ada (mungkin datanya sudah dihapus)."


def approved_for_member() -> str:
    return (
        "🎉 Pendaftaran Anda <b>disetujui</b>. Selamat bergabung!\n"
        "Anda akan menerima undangan pertemuan dan pengingat di sini.\n\n"
        + help_text(MemberRole.CADRE)
    )


REJECTED_FOR_MEMBER = (
    "Maaf, pendaftaran Anda <b>tidak disetujui</b> oleh sekretaris Pokja. "
    "Silakan hubungi sekretaris bila ada pertanyaan."
)


def pending_reminder(count: int) -> str:
    return f"📝 Ada {count} pendaftaran yang menunggu persetujuan Anda. Lihat: /menunggu"


def pending_more(count: int) -> str:
    return (
        f"… dan {count} pendaftaran lainnya. Setelah yang di atas diproses, ketik /menunggu lagi."
    )


def pending_list(members: Sequence[Member]) -> str:
    if not members:
        return "Tidak ada pendaftaran yang menunggu persetujuan. 👍"
    return f"Ada <b>{len(members)}</b> pendaftaran yang menunggu persetujuan:"


# --- menu, help, profile -------------------------------------------------------


def welcome_back(member: Member) -> str:
    return (
        f"Halo, <b>{esc(member.full_name)}</b>! Anda terdaftar sebagai "
        f"{role_label(member.role).lower()} {rt_label(member.rt)}, Poktan "
        f"{poktan_label(member.poktan)}.\n\n" + help_text(member.role)
    )


CADRE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Mulai / menu utama"),
    ("jadwal", "Jadwal pertemuan berikutnya"),
    ("hadir", "Isi daftar hadir saat pertemuan"),
    ("profil", "Lihat dan ubah data Anda"),
    ("bantuan", "Daftar perintah"),
    ("hapus_data", "Hapus data pribadi Anda"),
    ("batal", "Batalkan proses yang sedang berjalan"),
)
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("menunggu", "Pendaftaran yang menunggu persetujuan"),
    ("rekap", "Rekap pertemuan: teks, file, foto"),
    ("daftar_hadir", "Daftar hadir PDF untuk dicetak"),
    ("notulen", "Simpan notulen pertemuan (lalu kirim foto)"),
    ("tamu", "Catat tamu tanpa Telegram (Nama - Jabatan)"),
    ("ikat_grup", "Kirim di grup: grup menerima pengumuman"),
)
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("jadwal", "Jadwal pertemuan berikutnya"),
    ("start", "Cara mendaftar sebagai kader"),
)
ADMIN_JADWAL_HELP = (
    "/jadwal baru — buat jadwal (langkah demi langkah, atau satu baris)\n"
    "/jadwal ubah — ubah jadwal\n"
    "/jadwal batal [alasan] — batalkan jadwal\n"
    "/jadwal tahun [tahun] — jadwal setahun per triwulan\n"
    "/hadir — buka daftar hadir (admin: daftar centang semua kader)\n"
    "/hadir rekap atau /rekap — pilih pertemuan: rekap kehadiran, teks portal, "
    "file .xlsx, .csv dan daftar hadir PDF, kirim ulang foto\n"
    "/daftar_hadir — daftar hadir kosong (PDF) untuk dicetak sebelum pertemuan\n"
    "/notulen teks — simpan notulen; foto yang dikirim ke bot disimpan dengan pertemuan"
)


def help_text(role: MemberRole | None) -> str:
    lines = ["<b>Perintah yang bisa Anda pakai:</b>"]
    lines += [f"/{name} — {description}" for name, description in CADRE_COMMANDS]
    if role is MemberRole.ADMIN:
        lines.append("\n<b>Khusus admin:</b>")
        lines += [f"/{name} — {description}" for name, description in ADMIN_COMMANDS]
        lines.append(ADMIN_JADWAL_HELP)
    return "\n".join(lines)


HELP_UNREGISTERED = (
    "Bot ini membantu kader Kampung KB: jadwal pertemuan triwulan, pengingat, "
    "dan daftar hadir.\n\nKetik /start untuk mendaftar."
)


def profile(member: Member) -> str:
    return (
        "<b>Data Anda</b>\n\n"
        f"Nama: <b>{esc(member.full_name)}</b>\n"
        f"RT: <b>{rt_label(member.rt)}</b>\n"
        f"Poktan: <b>{poktan_label(member.poktan)}</b>\n"
        f"Peran: {role_label(member.role)}\n\n"
        "Pilih yang ingin diubah:"
    )


ASK_NEW_NAME = "Ketik nama lengkap yang baru:"
PROFILE_SAVED = "✅ Data Anda sudah diperbarui."
PROFILE_CLOSED = "Baik. Ketik /profil kapan saja untuk melihat atau mengubah data Anda."

ERASE_CONFIRM = (
    "⚠️ <b>Hapus data pribadi?</b>\n\n"
    "Nama dan akun Telegram Anda akan dihapus dari bot, dan Anda tidak lagi menerima "
    "undangan atau pengingat. Catatan kehadiran lama tetap dihitung dalam jumlah per RT "
    "dan Poktan, tanpa nama.\n\nLanjutkan?"
)
ERASED = (
    "Data pribadi Anda sudah dihapus. Terima kasih atas pengabdian Anda. 🙏\n"
    "Ketik /start bila ingin mendaftar lagi."
)
NOTHING_TO_ERASE = "Tidak ada data pribadi Anda yang tersimpan di bot ini."
ERASE_KEPT = "Baik, data Anda tetap tersimpan."

STALE_BUTTON = "Tombol ini sudah tidak berlaku."
EDITED_MESSAGE_IGNORED = "Pesan yang diubah tidak diproses; kirim ulang sebagai pesan baru."

# A flow nobody answered for a while ends with one of these (see handlers/flow.py).
REGISTRATION_TIMED_OUT = (
    "Pendaftaran dihentikan karena lama tidak ada jawaban; tidak ada data yang disimpan. "
    "Ketik /start untuk mulai lagi."
)
PROFILE_TIMED_OUT = (
    "Sesi profil ditutup karena lama tidak ada jawaban. Perubahan yang sudah tersimpan "
    "tetap berlaku; ketik /profil untuk membuka lagi."
)
MEETING_FLOW_TIMED_OUT = (
    "Pengisian jadwal dihentikan karena lama tidak ada jawaban; tidak ada yang disimpan."
)
UNKNOWN_TEXT_REGISTERED = (
    "Maaf, saya tidak mengerti pesan itu. Ketik /bantuan untuk daftar perintah."
)
ERROR_APOLOGY = (
    "Maaf, terjadi kesalahan di bot. 🙏 Kesalahan ini sudah dicatat untuk pengelola; "
    "silakan coba lagi sebentar lagi."
)


# --- meetings -------------------------------------------------------------------

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
SPEAKERS_FULL = "Sudah 8 narasumber (batas maksimal). Tekan <b>Selesai</b> atau hapus semua."
ASK_SPEAKER_INSTITUTION = (
    "Dari instansi mana? (contoh: Perwakilan BKKBN Provinsi Jambi, Bank BRI, Puskesmas)"
)
ASK_SPEAKER_SECTOR = "Instansi itu termasuk:"
SPEAKER_NAME_INVALID = "Nama narasumber 2–100 karakter. Silakan ketik lagi."
SPEAKER_INSTITUTION_INVALID = "Nama instansi 2–150 karakter. Silakan ketik lagi."
ASK_FIELD_TO_EDIT = "Bagian mana yang ingin diubah?"
FLOW_CANCELLED = "Baik, dibatalkan. Tidak ada yang disimpan."
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
GROUP_BOUND = "✅ Grup ini sekarang menerima pengumuman dan pengingat pertemuan Kampung KB."
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


def tally_line(tally: RsvpTally) -> str:
    return (
        f"Konfirmasi: ✅ Hadir {tally.yes} · 🙏 Izin {tally.excused} · "
        f"❌ Tidak {tally.no} · ⏳ Belum menjawab {tally.unanswered}"
    )


def meeting_card(
    meeting: Meeting,
    kampung_name: str,
    tz: ZoneInfo,
    now: datetime,
    tally: RsvpTally | None = None,
    header: str = "📅",
) -> str:
    """The meeting as everyone sees it: when, where, who hosts, topic, speakers, tally."""
    quarter = meeting.quarter(tz)
    start = meeting.local_start(tz)
    lines = [
        f"{header} <b>Pertemuan Rutin {quarter.label}</b>",
        esc(kampung_name),
        "",
        f"🗓 {format_meeting_datetime(start, tz)} ({format_relative_days(start, now, tz)})",
        f"🏠 Tuan rumah: <b>{rt_label(meeting.host_rt)}</b>",
        f"📍 Tempat: {esc(meeting.venue)}",
        f"📖 Materi: {esc(meeting.topic)}",
    ]
    if meeting.speakers:
        lines.append("🎤 Narasumber:")
        lines += [speaker_line(s.name, s.institution, s.sector.value) for s in meeting.speakers]
    if tally is not None:
        lines += ["", tally_line(tally)]
    return "\n".join(lines)


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


CHANGE_LABELS: dict[str, str] = {
    "date": "tanggal",
    "time": "jam",
    "host_rt": "tuan rumah",
    "venue": "tempat",
    "topic": "materi",
    "speakers": "narasumber",
}


def meeting_changed(card: str, fields: frozenset[str], moved: bool) -> str:
    changed = ", ".join(label for name, label in CHANGE_LABELS.items() if name in fields)
    text = f"📢 <b>Perubahan jadwal</b> ({changed})\n\n{card}"
    if moved:
        text += "\n\n⚠️ Waktu berubah: mohon konfirmasi ulang kehadiran Anda."
    return text


def meeting_cancelled(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    start = meeting.local_start(tz)
    return (
        f"❌ <b>Pertemuan {meeting.quarter(tz).label} DIBATALKAN</b>\n{esc(kampung_name)}\n\n"
        f"Semula: {format_meeting_datetime(start, tz)}, {esc(meeting.venue)} "
        f"({rt_label(meeting.host_rt)}).\nAlasan: {esc(meeting.cancel_reason)}"
    )


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


# --- attendance -----------------------------------------------------------------------

BTN_PRESENT = "✅ Hadir"
BTN_NOT_PRESENT = "Tidak"
BTN_CLOSE_ATTENDANCE = "🔒 Tutup absensi"
BTN_RECAP = "📊 Lihat rekap"
BTN_PREV = "◀️"
BTN_NEXT = "▶️"
BTN_REFRESH = "🔄"
ATTENDANCE_PROMPT_QUESTION = "Apakah Anda hadir di pertemuan ini?"
NO_MEETING_FOR_ATTENDANCE = "Belum ada pertemuan terjadwal, jadi belum ada daftar hadir."
ATTENDANCE_CLOSED = "Absensi pertemuan ini sudah ditutup. Terima kasih."
ATTENDANCE_ALREADY_CLOSED = "Absensi pertemuan ini sudah ditutup sebelumnya."
ATTENDANCE_MARK_OTHERS = "Hanya admin yang bisa menandai kehadiran orang lain."
ATTENDANCE_WRONG_MEETING = "Daftar hadir ini bukan untuk pertemuan yang sedang berlangsung."
GUEST_USAGE = (
    "Tambah tamu (tanpa Telegram), satu orang per baris:\n"
    "<code>/tamu Nama - Jabatan/Instansi</code>\n\n"
    "Contoh:\n<code>/tamu Drs. Hasan - Sekretaris Lurah\n"
    "Pak Rahmat - Ketua RT 07\nUstaz Fauzi - Tokoh Agama</code>"
)
GUEST_PROBLEMS: dict[str, str] = {
    "no_separator": "pisahkan nama dan jabatan dengan tanda ' - '",
    "name_length": "nama 2–100 karakter",
    "role_length": "jabatan 2–150 karakter",
}
GUEST_GONE = "Tamu itu sudah dihapus."


def attendance_prompt(card: str) -> str:
    return f"📝 <b>Daftar hadir dibuka</b>\n\n{card}\n\n<b>{ATTENDANCE_PROMPT_QUESTION}</b>"


def checked_in(when: datetime, tz: ZoneInfo) -> str:
    return f"✅ Kehadiran Anda tercatat pukul {format_time(when, tz)}. Terima kasih!"


def marked_absent() -> str:
    return "Baik, Anda tercatat tidak hadir. Bila ternyata datang, tekan Hadir atau ketik /hadir."


def attendance_not_yet(opens_at: datetime, tz: ZoneInfo) -> str:
    return f"Absensi belum dibuka. Absensi dibuka mulai {format_meeting_datetime(opens_at, tz)}."


def roll_text(
    meeting: Meeting, tz: ZoneInfo, present: int, members: int, guests: int, page: int, pages: int
) -> str:
    start = meeting.local_start(tz)
    lines = [
        f"📋 <b>Daftar hadir</b> — {format_date(start.date())}, {rt_label(meeting.host_rt)}",
        f"Hadir: <b>{present}</b> dari {members} kader · Tamu: {guests}",
    ]
    if meeting.attendance_closed_at is not None:
        lines.append("🔒 Absensi sudah ditutup.")
    else:
        lines.append("Tekan nama untuk mengubah hadir/tidak.")
    if pages > 1:
        lines.append(f"Halaman {page + 1}/{pages}")
    return "\n".join(lines)


def roll_button(name: str, rt: str | None, present: bool | None) -> str:
    mark = "✅" if present else "⬜"
    return f"{mark} {name[:40]} ({rt_label(rt)})"


def roll_section(poktan: str, present: int, total: int) -> str:
    return f"— {poktan} ({present}/{total}) —"


def attendance_marked(name: str, present: bool) -> str:
    return f"{name}: {'hadir ✅' if present else 'tidak hadir'}"


def guests_added(count: int, bad: Sequence[tuple[int, str, str]], total: int) -> str:
    lines = []
    if count:
        lines.append(f"✅ {count} tamu ditambahkan. Jumlah tamu sekarang: {total}.")
    if bad:
        lines.append(f"⚠️ {len(bad)} baris tidak bisa dibaca, mohon perbaiki:")
        lines += [
            f"Baris {number}: <code>{esc(line[:80])}</code> — {GUEST_PROBLEMS[problem]}"
            for number, line, problem in bad
        ]
    return "\n".join(lines)


def guest_list(guests: Sequence[tuple[str, str]], removable: int | None = None) -> str:
    if not guests:
        return "Belum ada tamu yang dicatat.\n\n" + GUEST_USAGE
    text = f"<b>Tamu yang hadir ({len(guests)})</b> — tekan untuk menghapus:"
    if removable is not None and removable < len(guests):
        text += f"\n(tombol hapus untuk {removable} tamu yang terakhir dicatat)"
    return text


def guest_button(name: str, role: str) -> str:
    return f"🗑 {name[:30]} — {role[:25]}"


def guest_removed(name: str) -> str:
    return f"Tamu {esc(name)} dihapus dari daftar hadir."


def attendance_closed_now(present: int, guests: int) -> str:
    return f"🔒 Absensi ditutup. Hadir {present} kader dan {guests} tamu."


OUTCOME_LABELS: dict[Outcome, str] = {
    Outcome.CAME_AS_PROMISED: "Hadir sesuai konfirmasi",
    Outcome.CAME_UNANNOUNCED: "Hadir tanpa konfirmasi hadir",
    Outcome.PROMISED_ABSENT: "Konfirmasi hadir tetapi tidak datang",
    Outcome.EXCUSED: "Izin",
    Outcome.DECLINED: "Sudah memberi tahu tidak hadir",
    Outcome.SILENT_ABSENT: "Tidak hadir tanpa kabar",
}
# Outcomes whose names the secretary wants to see (to follow up), not just counts. The
# recap goes to admins in private only: the absentees are never named in the group.
NAMED_OUTCOMES = (Outcome.PROMISED_ABSENT, Outcome.EXCUSED, Outcome.SILENT_ABSENT)


def _meeting_heading(meeting: Meeting, tz: ZoneInfo) -> str:
    return (
        f"{format_meeting_datetime(meeting.local_start(tz), tz)} · {esc(meeting.venue)} "
        f"(tuan rumah {rt_label(meeting.host_rt)})"
    )


def recap_text(recap: Recap, tz: ZoneInfo) -> str:
    """The secretary's recap: totals by Poktan and RT, guests, RSVP against presence, names."""
    meeting = recap.meeting
    lines = [
        f"📊 <b>Rekap kehadiran — Pertemuan {meeting.quarter(tz).label}</b>",
        _meeting_heading(meeting, tz),
        "",
        f"Hadir: <b>{recap.total_present}</b> orang ({recap.members_present} kader, "
        f"{len(recap.guests)} tamu) dari {len(recap.rows)} kader terdaftar.",
        "",
        "<b>Per Poktan</b> (hadir/terdaftar):",
    ]
    lines += [f"• {poktan}: {present}/{total}" for poktan, present, total in recap.by_poktan()]
    lines += ["", "<b>Per RT</b>:"]
    lines += [f"• {rt_label(rt)}: {present}/{total}" for rt, present, total in recap.by_rt()]
    if recap.guests:
        lines += ["", "<b>Tamu menurut jabatan</b>:"]
        lines += [f"• {esc(role)}: {count}" for role, count in recap.guests_by_role()]
    lines += ["", "<b>Konfirmasi dibanding kehadiran</b>:"]
    for result, rows in recap.outcomes().items():
        line = f"• {OUTCOME_LABELS[result]}: {len(rows)}"
        if rows and result in NAMED_OUTCOMES:
            line += " — " + ", ".join(esc(r.name) for r in rows)
        lines.append(line)
    lines += ["", f"<b>Kader yang hadir ({recap.members_present})</b>:"]
    lines += [
        f"{i}. {esc(r.name)} — {poktan_label(r.poktan)}, {rt_label(r.rt)}"
        for i, r in enumerate(recap.present_rows, start=1)
    ]
    if recap.guests:
        lines += ["", f"<b>Tamu ({len(recap.guests)})</b>:"]
        lines += [
            f"{i}. {esc(g.name)} — {esc(g.role)}" for i, g in enumerate(recap.guests, start=1)
        ]
    lines += ["", recap_extras_line(recap)]
    return "\n".join(lines)


def recap_extras_line(recap: Recap) -> str:
    """What the secretary sent after the meeting: photos and minutes, or how to send them."""
    photos = len(recap.photos)
    minutes = recap.meeting.minutes is not None
    if not photos and not minutes:
        return "📷 Belum ada foto dan notulen. Kirim foto ke bot, dan ketik /notulen."
    parts = [f"{photos} foto" if photos else "belum ada foto"]
    parts.append("notulen ada" if minutes else "belum ada notulen (/notulen)")
    return "📷 Dokumentasi: " + ", ".join(parts) + "."


def _join_id(items: Sequence[str]) -> str:
    """Indonesian enumeration: "a", "a dan b", "a, b, dan c"."""
    if len(items) <= 2:
        return " dan ".join(items)
    return ", ".join(items[:-1]) + ", dan " + items[-1]


PARAGRAPH_MAX_ROLES = 10  # the paragraph is one pasteable line: name the main roles only


def portal_paragraph(recap: Recap, kampung_name: str, tz: ZoneInfo) -> str:
    """A ready-to-paste paragraph for the Kampung KB portal's activity description."""
    meeting = recap.meeting
    when = format_meeting_datetime(meeting.local_start(tz), tz)
    text = (
        f"Pertemuan rutin triwulan {meeting.quarter(tz).roman} {kampung_name} dilaksanakan "
        f"pada {when} di {meeting.venue} (tuan rumah {rt_label(meeting.host_rt)}) "
        f"dengan materi {meeting.topic}"
    )
    if meeting.speakers:
        speakers = [f"{s.name} ({s.institution})" for s in meeting.speakers]
        text += f" oleh narasumber {_join_id(speakers)}"
    text += f". Kegiatan ini dihadiri {recap.total_present} orang"
    parts = []
    by_poktan = [f"{poktan} {present}" for poktan, present, _ in recap.by_poktan() if present]
    if recap.members_present:
        detail = f" ({', '.join(by_poktan)})" if by_poktan else ""
        parts.append(f"{recap.members_present} kader{detail}")
    if recap.guests:
        roles = [role for role, _ in recap.guests_by_role()]
        if len(roles) > PARAGRAPH_MAX_ROLES:
            roles = [*roles[:PARAGRAPH_MAX_ROLES], "dan lainnya"]
        parts.append(f"{len(recap.guests)} tamu ({', '.join(roles)})")
    if parts:
        text += ": " + _join_id(parts)
    text += "."
    if recap.meeting.minutes:
        text += f" Hasil pertemuan: {recap.meeting.minutes.strip()}"
        if not text.endswith((".", "!", "?")):
            text += "."
    if recap.photos:
        text += f" Dokumentasi kegiatan terlampir ({len(recap.photos)} foto)."
    return text


def recap_paragraph_message(paragraph: str) -> str:
    header = "📝 <b>Teks untuk portal Kampung KB</b> (salin):\n\n"
    if len(header) + len(paragraph) < MAX_MESSAGE_LENGTH:
        return f"{header}<code>{esc(paragraph)}</code>"
    # Too long for one message: plain text, which split_message can cut between words.
    return header + esc(paragraph)


RECAP_FILES_CAPTION = "Rekap kehadiran untuk laporan kegiatan."
SHEET_FILLED_CAPTION = "Daftar hadir terisi (PDF, A4) untuk ditandatangani."
SHEET_BLANK_CAPTION = "Daftar hadir kosong (PDF, A4) untuk dicetak sebelum pertemuan."
RECAP_PICK = "Pilih pertemuan yang ingin direkap:"
NO_MEETING_FOR_RECAP = "Belum ada pertemuan yang sudah berlangsung, jadi belum ada rekap."
NO_MEETING_FOR_SHEET = "Belum ada pertemuan terjadwal. Buat jadwal dulu dengan /jadwal baru."
BTN_RESEND_PHOTOS = "🖼 Kirim ulang foto"
NO_PHOTOS = "Belum ada foto untuk pertemuan ini. Kirim foto ke bot setelah pertemuan dimulai."
ADMIN_SELF_ASK = "🙋 Anda sendiri hadir di pertemuan ini? Tekan Hadir agar tercatat."


def recap_pick_label(meeting: Meeting, tz: ZoneInfo) -> str:
    return f"{short_meeting_label(meeting, tz)} ({meeting.quarter(tz).label})"


def photos_button(count: int) -> str:
    return f"{BTN_RESEND_PHOTOS} ({count})"


def photos_album_caption(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return (
        f"Dokumentasi pertemuan {meeting.quarter(tz).label} {kampung_name}, "
        f"{format_date(meeting.local_start(tz).date())}"
    )


# --- files (spreadsheet, PDF): plain text, no HTML ---------------------------------------

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


# --- reminders and the quarter nudge (scheduler/) ------------------------------------------


def reminder_label(offset_seconds: int) -> str:
    """How long before the meeting: "H-7" for whole days, else "3 jam", "30 menit"."""
    if offset_seconds % 86_400 == 0:
        return f"H-{offset_seconds // 86_400}"
    if offset_seconds % 3_600 == 0:
        return f"{offset_seconds // 3_600} jam"
    return f"{max(offset_seconds // 60, 1)} menit"


def reminder_message(label: str, card: str) -> str:
    return (
        f"⏰ <b>Pengingat pertemuan ({label})</b>\n\n{card}\n\n"
        "Mohon konfirmasi kehadiran dengan tombol di bawah."
    )


def reminder_title(label: str, meeting_label: str) -> str:
    """How the secretary's summary names a reminder."""
    return f"Pengingat {label} ({meeting_label})"


def late_reminder_note(due_at: datetime, tz: ZoneInfo) -> str:
    return (
        "⚠️ Bot tidak berjalan pada waktu pengingat ini "
        f"({format_meeting_datetime(due_at, tz)}); pengingat dikirim terlambat."
    )


def reminders_missed(items: Sequence[tuple[str, str, bool]]) -> str:
    """Reminders that will never go out: (label, meeting label, superseded?)."""
    lines = ["⚠️ <b>Pengingat tidak terkirim</b> karena bot tidak berjalan pada waktunya:"]
    for label, meeting_label, superseded in items:
        why = (
            "digantikan pengingat yang lebih dekat ke hari pertemuan"
            if superseded
            else "pertemuan sudah dimulai"
        )
        lines.append(f"• Pengingat {label} ({meeting_label}): {why}.")
    return "\n".join(lines)


def quarter_nudge(quarter_label: str, starts: datetime, days_left: int, host_rt: str) -> str:
    """``starts``: the quarter's first moment, in the kampung's time zone."""
    return (
        f"🗓 <b>{quarter_label}</b> dimulai {format_date(starts.date())} "
        f"({days_left} hari lagi), tetapi belum ada jadwal pertemuannya.\n"
        f"Giliran tuan rumah: <b>{rt_label(host_rt)}</b>.\n\n"
        "Tekan tombol di bawah untuk membuat jadwal."
    )


# --- minutes and photos ------------------------------------------------------------------

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
