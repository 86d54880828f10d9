"""Every text a user reads, in Bahasa Indonesia. Handlers take their words from here.

Texts are sent as HTML: anything a user typed must go through ``esc()`` first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from html import escape, unescape
from zoneinfo import ZoneInfo

from models.attendance import Outcome, Recap
from models.broadcast import BroadcastKind, BroadcastSummary
from models.erasure import PersonalData, Redaction
from models.meeting import Meeting, MeetingPlan, RsvpTally, Sector
from models.member import Member, MemberRole, NameProblem, Poktan
from models.report import Rate as YearRate
from models.report import YearReport
from models.speakers import RegistryEntry
from ui.formatting import (
    format_date,
    format_meeting_datetime,
    format_ratio,
    format_relative_days,
    format_short_datetime,
    format_time,
)

MAX_MESSAGE_LENGTH = 4096


def esc(text: str | None) -> str:
    return escape(text or "", quote=False)


def plain(html: str) -> str:
    """The text Telegram shows for ``html``: tags dropped, entities read ("&amp;" is "&").

    For popups (``answerCallbackQuery``), which are plain text: an HTML text shown there
    as is would read "PKK &amp; Karang Taruna" or "<code>…</code>".
    """
    return unescape(re.sub(r"<[^>]+>", "", html))


def visible_length(html: str) -> int:
    """Length as Telegram counts it: after the HTML tags and entities are parsed."""
    return len(plain(html))


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


BTN_CONSENT_FULL = "📄 Baca selengkapnya"


def greeting_reply(salam: bool) -> str:
    """The answer to a greeting typed where a name was expected (it is not taken as one)."""
    return "Wa'alaikumsalam warahmatullahi wabarakatuh. 🙏" if salam else "Halo juga! 😊"


def consent(kampung_name: str) -> str:
    """Short enough for one phone screen; the full text is one tap away."""
    return (
        f"Selamat datang di bot kader <b>{esc(kampung_name)}</b>. 👋\n"
        "Kami menyimpan nama, RT, Poktan dan jawaban undangan Anda untuk kegiatan "
        "Kampung KB. Hapus kapan saja: /hapus_data.\n\n"
        "Setuju? Tekan <b>✅ Setuju</b>, atau langsung ketik <b>nama lengkap</b> Anda."
    )


def consent_full(kampung_name: str) -> str:
    return (
        f"<b>Data yang disimpan bot kader {esc(kampung_name)}</b>\n\n"
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
ASK_NAME_AGAIN = "Silakan ketik <b>nama lengkap</b> Anda (contoh: Siti Aminah)."
ASK_NAME = f"Terima kasih. {ASK_NAME_AGAIN}"
ASK_NAME_OR_TELEGRAM = f"{ASK_NAME}\nAtau tekan tombol untuk memakai nama Telegram Anda."


def btn_telegram_name(name: str) -> str:
    return f"👤 Pakai nama Telegram saya: {name[:40]}"


ASK_RT = "Anda tinggal di RT berapa?"
ASK_POKTAN = "Anda kader Poktan apa?"

NAME_PROBLEMS: dict[NameProblem, str] = {
    NameProblem.TOO_SHORT: "Nama terlalu pendek (minimal 2 huruf).",
    NameProblem.TOO_LONG: "Nama terlalu panjang (maksimal 64 karakter).",
    NameProblem.BAD_CHARACTERS: (
        "Nama hanya boleh berisi huruf, spasi, titik (.), koma (,), tanda petik (') "
        "dan tanda hubung (-)."
    ),
}


def name_invalid(problem: NameProblem) -> str:
    return f"{NAME_PROBLEMS[problem]} Silakan ketik nama lengkap Anda lagi."


ASK_NAME_TEXT_ONLY = "Mohon ketik nama lengkap Anda sebagai teks."
CONSENT_OR_NAME = "Tekan <b>✅ Setuju</b> di atas, atau ketik nama lengkap Anda untuk mendaftar."
USE_BUTTONS = "Mohon pilih dengan menekan salah satu tombol di atas."
# A sticker, photo or voice note at a step that is answered by typing (no buttons there).
TYPE_TEXT = "Mohon ketik jawabannya sebagai teks, atau ketik /batal untuk berhenti."


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


def registered_with(summary: str, text: str) -> str:
    """What was stored, then the outcome; a mistake is fixed with /profil."""
    return f"{text}\n\n{summary}\nAda yang salah? Ubah lewat /profil."


def registration_stored(full_name: str, rt: str, poktan: Poktan) -> str:
    return f"Nama: <b>{esc(full_name)}</b> · {rt_label(rt)} · Poktan <b>{poktan_label(poktan)}</b>"


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
        "Anda akan menerima undangan pertemuan dan pengingat di sini.\n"
        "Jadwal: /jadwal · Data Anda: /profil · Panduan: /panduan · Semua perintah: /bantuan"
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


def pending_in_private(bot_username: str) -> str:
    """``/menunggu`` typed in a group: names, RT and Poktan stay out of the group."""
    return (
        "Daftar pendaftar memuat data pribadi, jadi hanya ditampilkan di chat pribadi. "
        f"Silakan ketik /menunggu di chat pribadi dengan @{esc(bot_username)}."
    )


def pending_list(members: Sequence[Member]) -> str:
    if not members:
        return "Tidak ada pendaftaran yang menunggu persetujuan. 👍"
    return f"Ada <b>{len(members)}</b> pendaftaran yang menunggu persetujuan:"


# --- menu, help, profile -------------------------------------------------------


def welcome_back(member: Member) -> str:
    """Short: who you are and the two or three commands that matter; the rest in /bantuan."""
    text = (
        f"Halo, <b>{esc(member.full_name)}</b>! Anda {role_label(member.role).lower()} "
        f"{rt_label(member.rt)}, Poktan {poktan_label(member.poktan)}.\n\n"
    )
    if member.role is MemberRole.ADMIN:
        text += "Jadwal: /jadwal · Buat jadwal: /jadwal_baru · Daftar hadir: /hadir\n"
    else:
        text += "Jadwal: /jadwal · Isi daftar hadir: /hadir\n"
    return text + "Data Anda: /profil · Semua perintah: /bantuan · Panduan: /panduan"


CADRE_COMMANDS: tuple[tuple[str, str], ...] = (
    ("start", "Mulai / menu utama"),
    ("jadwal", "Jadwal pertemuan berikutnya"),
    ("hadir", "Isi daftar hadir saat pertemuan"),
    ("narasumber", "Narasumber yang pernah diundang"),
    ("profil", "Lihat dan ubah data Anda"),
    ("bantuan", "Daftar perintah"),
    ("panduan", "Panduan singkat (PDF)"),
    ("hapus_data", "Hapus data pribadi Anda"),
    ("batal", "Batalkan proses yang sedang berjalan"),
)
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("jadwal_baru", "Buat jadwal pertemuan"),
    ("jadwal_ubah", "Ubah jadwal pertemuan"),
    ("jadwal_batal", "Batalkan jadwal pertemuan"),
    ("jadwal_tahun", "Jadwal setahun per triwulan"),
    ("hadir_rekap", "Rekap kehadiran dan file laporan"),
    ("rekap", "Rekap kehadiran (sama dengan /hadir_rekap)"),
    ("menunggu", "Pendaftaran yang menunggu persetujuan"),
    ("anggota", "Daftar anggota per Poktan; ubah, nonaktifkan, hapus"),
    ("anggota_tambah", "Tambah kader tanpa Telegram (Nama - RT - Poktan)"),
    ("rekap", "Rekap pertemuan: teks, file, foto"),
    ("daftar_hadir", "Daftar hadir PDF untuk dicetak"),
    ("notulen", "Simpan notulen pertemuan (lalu kirim foto)"),
    ("tamu", "Catat tamu tanpa Telegram (Nama - Jabatan)"),
    ("laporan", "Laporan kehadiran setahun: grafik dan .xlsx"),
    ("klasifikasi", "Kategori Kampung KB (rumus portal) dan cara naik kategori"),
    ("ikat_grup", "Kirim di grup: grup menerima pengumuman"),
)
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (
    ("jadwal", "Jadwal pertemuan berikutnya"),
    ("start", "Cara mendaftar sebagai kader"),
    ("panduan", "Panduan singkat kader (PDF)"),
)
ADMIN_JADWAL_HELP = (
    "Bisa juga satu baris: <code>/jadwal_baru 15-08-2026 09.00 RT07 Rumah Data | Materi</code>, "
    "<code>/jadwal_batal alasan</code>, <code>/jadwal_tahun 2027</code>, "
    "<code>/laporan 2025</code>.\n"
    "/hadir — buka daftar hadir (admin: centang semua kader)\n"
    "Foto pertemuan: kirim saja ke bot; disimpan bersama pertemuannya."
)


TYPED_ANSWERS_HELP = (
    "Anda juga boleh mengetik jawaban undangan: <i>hadir</i>, <i>izin</i>, <i>sakit</i>, "
    "<i>tidak bisa</i>."
)


def help_text(role: MemberRole | None) -> str:
    lines = ["<b>Perintah yang bisa Anda pakai:</b>"]
    lines += [f"/{name} — {description}" for name, description in CADRE_COMMANDS]
    lines.append(TYPED_ANSWERS_HELP)
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


def _bullets(names: Sequence[str]) -> str:
    return "\n".join(f"• {esc(name)}" for name in names)


def erase_confirm(data: PersonalData, *, in_settings: bool) -> str:
    """The question before ``/hapus_data`` erases: every kampung it touches is named."""
    text = "⚠️ <b>Hapus data pribadi?</b>\n\n"
    if data.kampungs:
        text += (
            "Nama dan akun Telegram Anda akan dihapus dari bot di "
            + ("kampung ini" if len(data.kampungs) == 1 else "semua kampung ini")
            + ":\n"
            + _bullets(data.kampungs)
            + "\n\nAnda tidak lagi menerima undangan atau pengingat. Catatan kehadiran lama "
            "tetap dihitung dalam jumlah per RT dan Poktan, tanpa nama.\n\n"
        )
    if data.secretary_of:
        text += (
            "Anda juga berhenti menjadi sekretaris di:\n"
            + _bullets(data.secretary_of)
            + "\nUntuk menjadi sekretaris lagi, Anda perlu diangkat kembali oleh operator.\n\n"
        )
    if in_settings:
        text += (
            "ID Telegram Anda juga tercantum di pengaturan server bot (ADMIN_IDS). Mohon minta "
            "pengelola bot menghapusnya; selama masih tercantum, Anda menjadi sekretaris lagi "
            "setiap kali bot dinyalakan ulang.\n\n"
        )
    return text + "Lanjutkan?"


def erased(data: PersonalData) -> str:
    where = data.kampungs or data.secretary_of
    return (
        "Data pribadi Anda sudah dihapus dari:\n"
        + _bullets(where)
        + "\n\nTerima kasih atas pengabdian Anda. 🙏\nKetik /start bila ingin mendaftar lagi."
    )


# What takes an erased person's place in the texts the bot keeps of its messages.
REDACTION = Redaction(
    name="(nama dihapus)",
    message="(Pesan ini dihapus: isinya menyebut seseorang yang menghapus datanya.)",
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


# --- phone-sized cards ----------------------------------------------------------------

PHONE_WIDTH = 40  # characters one line of a chat bubble holds on a cheap phone
CARD_MAX_LINES = 10  # an announcement or reminder fits on one phone screen


def phone_lines(html: str, width: int = PHONE_WIDTH) -> int:
    """How many lines ``html`` takes on a phone: each line wraps every ``width`` characters."""
    visible = unescape(re.sub(r"<[^>]+>", "", html))
    return sum(max(1, -(-len(line) // width)) for line in visible.split("\n"))


def clip(text: str, limit: int) -> str:
    """``text`` on one line, at most ``limit`` characters (cut with "…")."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[: max(limit - 1, 0)].rstrip() + "…"


ASK_RSVP = "Mohon jawab dengan tombol di bawah."
ASK_RSVP_AGAIN = "⚠️ Waktu berubah: mohon jawab lagi."


def your_answer(answer: str) -> str:
    return f"Jawaban Anda: <b>{RSVP_LABELS[answer]}</b>"


def _fit(
    head: Sequence[str], flexible: Sequence[tuple[str, str | None]], tail: Sequence[str]
) -> str:
    """``head`` and ``tail`` lines always; each flexible line (HTML prefix, plain text to
    clip, or None for a line taken whole or not at all) in order, while the card stays
    within ``CARD_MAX_LINES`` phone lines."""
    used = phone_lines("\n".join([*head, *tail]))
    lines = list(head)
    for prefix, text in flexible:
        room = CARD_MAX_LINES - used
        if room <= 0:
            break
        if text is None:
            line = prefix
            if phone_lines(line) > room:
                continue
        else:
            limit = min(2, room) * PHONE_WIDTH - visible_length(prefix)
            clipped = clip(text, limit)
            if len(clipped) < 6:
                continue
            line = prefix + esc(clipped)
        lines.append(line)
        used += phone_lines(line)
    return "\n".join([*lines, *tail])


def _when(meeting: Meeting, tz: ZoneInfo, now: datetime) -> str:
    start = meeting.local_start(tz)
    return f"🗓 {format_meeting_datetime(start, tz)} ({format_relative_days(start, now, tz)})"


def _host_prefix(host_rt: str | None) -> str:
    return f"🏠 Tuan rumah: <b>{rt_label(host_rt)}</b> · 📍 "


def _speakers_short(speakers: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{name} ({institution})" for name, institution in speakers)


def _answer_tail(tally: RsvpTally | None, answer: str | None, ask: str | None) -> list[str]:
    tail = [tally_line(tally)] if tally is not None else []
    if answer is not None:
        tail.append(your_answer(answer))
    elif ask is not None:
        tail.append(ask)
    return tail


def meeting_card(
    meeting: Meeting,
    kampung_name: str,
    tz: ZoneInfo,
    now: datetime,
    tally: RsvpTally | None = None,
    header: str = "📅",
    *,
    title: str | None = None,
    answer: str | None = None,
    ask: str | None = None,
) -> str:
    """The meeting on one phone screen: when, host RT and place, topic, speakers, tally,
    and the reader's own answer (``answer``) or the question (``ask``).

    ``kampung_name`` is not shown: the bot serves one kampung and every line counts.
    """
    heading = title or f"Pertemuan Rutin {meeting.quarter(tz).label}"
    speakers = [(s.name, s.institution) for s in meeting.speakers]
    flexible: list[tuple[str, str | None]] = [
        (_host_prefix(meeting.host_rt), meeting.venue),
        ("📖 Materi: ", meeting.topic),
    ]
    if speakers:
        flexible.append(("🎤 ", _speakers_short(speakers)))
    return _fit(
        [f"{header} <b>{esc(heading)}</b>", _when(meeting, tz, now)],
        flexible,
        _answer_tail(tally, answer, ask),
    )


def _short_when(plan: MeetingPlan, tz: ZoneInfo) -> str:
    return format_short_datetime(plan.starts_at(tz), tz) if plan.complete else "-"


def change_lines(before: MeetingPlan, after: MeetingPlan, tz: ZoneInfo, width: int) -> list[str]:
    """One "old → new" line per changed part, each at most ``width`` phone lines."""
    room = width * PHONE_WIDTH
    lines: list[str] = []
    if (before.day, before.start_time) != (after.day, after.start_time):
        lines.append(f"🗓 {_short_when(before, tz)} → <b>{_short_when(after, tz)}</b>")
    if before.host_rt != after.host_rt:
        lines.append(
            f"🏠 Tuan rumah: {rt_label(before.host_rt)} → <b>{rt_label(after.host_rt)}</b>"
        )
    for emoji, old, new in (
        ("📍", before.venue, after.venue),
        ("📖", before.topic, after.topic),
        (
            "🎤",
            _speakers_short([(s.name, s.institution) for s in before.speakers]) or "-",
            _speakers_short([(s.name, s.institution) for s in after.speakers]) or "-",
        ),
    ):
        if old == new:
            continue
        old_room = min(len(old or ""), room // 3)
        old_text = clip(old or "-", max(old_room, 6))
        new_text = clip(new or "-", room - len(old_text) - 6)
        lines.append(f"{emoji} {esc(old_text)} → <b>{esc(new_text)}</b>")
    return lines


def meeting_changed(
    meeting: Meeting,
    before: MeetingPlan,
    tz: ZoneInfo,
    now: datetime,
    tally: RsvpTally | None = None,
    *,
    answer: str | None = None,
    ask: bool = True,
) -> str:
    """A change notice: what changed (old → new), then the rest of the card."""
    after = MeetingPlan.of(meeting, tz)
    moved = (before.day, before.start_time) != (after.day, after.start_time)
    question = (ASK_RSVP_AGAIN if moved else ASK_RSVP) if ask else None
    tail = _answer_tail(tally, answer, question)
    header = "📢 <b>Perubahan jadwal pertemuan</b>"
    changes = change_lines(before, after, tz, width=2)
    if phone_lines("\n".join([header, *changes, *tail])) > CARD_MAX_LINES:
        changes = change_lines(before, after, tz, width=1)
    flexible: list[tuple[str, str | None]] = [(_when(meeting, tz, now), None)]
    if before.host_rt == after.host_rt and before.venue == after.venue:
        flexible.append((_host_prefix(meeting.host_rt), meeting.venue))
    if before.topic == after.topic:
        flexible.append(("📖 Materi: ", meeting.topic))
    return _fit([header, *changes], flexible, tail)


def meeting_cancelled(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    start = meeting.local_start(tz)
    return (
        f"❌ <b>Pertemuan {meeting.quarter(tz).label} DIBATALKAN</b>\n"
        f"Semula: {format_meeting_datetime(start, tz)}, {esc(clip(meeting.venue, 60))} "
        f"({rt_label(meeting.host_rt)}).\nAlasan: {esc(meeting.cancel_reason)}"
    )


RSVP_SUPERSEDED = "Jadwal ini sudah diubah. Ini jadwal terbaru; mohon jawab lagi di sini."
RSVP_SUPERSEDED_GROUP = "Jadwal ini sudah diubah. Lihat pesan perubahan jadwal yang terbaru."


# --- WhatsApp-ready texts ------------------------------------------------------------
# Plain text for the secretary to forward to the WhatsApp group: *bold* as WhatsApp
# writes it, no HTML, no tally, no button instructions; date, place, host RT and
# topic first.

WA_URL = "https://wa.me/?text="
WA_URL_MAX = 2000  # longer links are cut by some phones and browsers: send text to copy


def _wa_details(meeting: Meeting, tz: ZoneInfo) -> list[str]:
    lines = [
        f"Hari/tanggal: {format_meeting_datetime(meeting.local_start(tz), tz)}",
        f"Tempat: {meeting.venue}",
        f"Tuan rumah: {rt_label(meeting.host_rt)}",
        f"Materi: {meeting.topic}",
    ]
    if meeting.speakers:
        lines.append("Narasumber:")
        lines += [f"- {s.name} ({s.institution})" for s in meeting.speakers]
    return lines


def wa_announcement(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return "\n".join(
        [
            f"*Undangan Pertemuan Rutin {meeting.quarter(tz).label}*",
            kampung_name,
            "",
            *_wa_details(meeting, tz),
            "",
            "Mohon kehadiran Bapak/Ibu kader. Terima kasih.",
        ]
    )


def _wa_plain(line: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", line))


def wa_change(meeting: Meeting, before: MeetingPlan, kampung_name: str, tz: ZoneInfo) -> str:
    after = MeetingPlan.of(meeting, tz)
    changed = [_wa_plain(line) for line in change_lines(before, after, tz, width=4)]
    return "\n".join(
        [
            f"*Perubahan Jadwal Pertemuan Rutin {meeting.quarter(tz).label}*",
            kampung_name,
            "",
            *_wa_details(meeting, tz),
            "",
            "*Yang berubah:*",
            *changed,
            "",
            "Mohon maaf atas perubahannya. Terima kasih.",
        ]
    )


def wa_cancellation(meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return "\n".join(
        [
            f"*Pertemuan Rutin {meeting.quarter(tz).label} DIBATALKAN*",
            kampung_name,
            "",
            *_wa_details(meeting, tz)[:4],
            f"Alasan: {meeting.cancel_reason or '-'}",
            "",
            "Mohon maaf. Jadwal pengganti akan dikabarkan.",
        ]
    )


def wa_reminder(label: str, meeting: Meeting, kampung_name: str, tz: ZoneInfo) -> str:
    return "\n".join(
        [
            f"*Pengingat ({label}): Pertemuan Rutin {meeting.quarter(tz).label}*",
            kampung_name,
            "",
            *_wa_details(meeting, tz),
            "",
            "Sampai jumpa. Terima kasih.",
        ]
    )


def wa_recap(recap: Recap, kampung_name: str, tz: ZoneInfo) -> str:
    meeting = recap.meeting
    lines = [
        f"*Rekap Kehadiran Pertemuan Rutin {meeting.quarter(tz).label}*",
        kampung_name,
        "",
        *_wa_details(meeting, tz)[:4],
        "",
        f"*Hadir {recap.total_present} orang*: {recap.members_present} kader "
        f"(dari {len(recap.rows)}) dan {recap.guest_count} tamu.",
        "",
        "Per Poktan (hadir/terdaftar):",
        *[f"- {poktan}: {present}/{total}" for poktan, present, total in recap.by_poktan()],
        "",
        "Per RT:",
        *[f"- {rt_label(rt)}: {present}/{total}" for rt, present, total in recap.by_rt()],
        "",
        "Terima kasih atas kehadirannya.",
    ]
    return "\n".join(lines)


def wa_share(text: str) -> str:
    """The message that carries a WhatsApp text to the secretary (escaped for HTML)."""
    return f"📲 <b>Teks untuk grup WhatsApp</b> (tekan tombol, atau salin):\n\n{esc(text)}"


def wa_copy(text: str) -> str:
    """The same when the text is too long for a link: to copy by hand."""
    return f"📲 <b>Teks untuk grup WhatsApp</b> (salin lalu tempel):\n\n{esc(text)}"


BTN_WHATSAPP = "📲 Bagikan ke WhatsApp"


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
ATTENDANCE_MEETING_OFF = "Pertemuan ini sudah dibatalkan, jadi kehadiran tidak dicatat."
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
    """A popup: plain text, not HTML."""
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
    """A popup: plain text, not HTML."""
    return f"Tamu {name} dihapus dari daftar hadir."


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


def recap_summary(recap: Recap) -> str:
    """The recap's first lines: the figures the secretary looks for first."""
    outcomes = recap.outcomes()
    promised = len(outcomes[Outcome.CAME_AS_PROMISED]) + len(outcomes[Outcome.PROMISED_ABSENT])
    rate = round(100 * recap.members_present / len(recap.rows)) if recap.rows else 0
    return (
        f"<b>Ringkasan:</b> hadir <b>{recap.total_present}</b> orang — "
        f"{recap.members_present} dari {len(recap.rows)} kader ({rate}%) dan "
        f"{recap.guest_count} tamu.\n"
        f"Menjawab hadir {promised}, dan {len(outcomes[Outcome.CAME_AS_PROMISED])} "
        "di antaranya datang."
    )


def recap_text(recap: Recap, tz: ZoneInfo) -> str:
    """The secretary's recap: a short summary first, then by Poktan and RT, guests,
    RSVP against presence, names."""
    meeting = recap.meeting
    lines = [
        f"📊 <b>Rekap kehadiran — Pertemuan {meeting.quarter(tz).label}</b>",
        _meeting_heading(meeting, tz),
        "",
        recap_summary(recap),
        "",
        "<b>Rincian</b>",
        f"Hadir: <b>{recap.total_present}</b> orang ({recap.members_present} kader, "
        f"{recap.guest_count} tamu) dari {len(recap.rows)} kader terdaftar.",
        "",
        "<b>Per Poktan</b> (hadir/terdaftar):",
    ]
    lines += [f"• {poktan}: {present}/{total}" for poktan, present, total in recap.by_poktan()]
    lines += ["", "<b>Per RT</b>:"]
    lines += [f"• {rt_label(rt)}: {present}/{total}" for rt, present, total in recap.by_rt()]
    speakers = recap.speaker_guests
    if recap.guest_count:
        lines += ["", "<b>Tamu menurut jabatan</b>:"]
        if speakers:
            lines.append(f"• {SPEAKER_ROLE}: {len(speakers)}")
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
    if recap.guest_count:
        present_guests = [(s.name, speaker_role(s.institution)) for s in speakers]
        present_guests += [(g.name, g.role) for g in recap.guests]
        lines += ["", f"<b>Tamu ({recap.guest_count})</b>:"]
        lines += [
            f"{i}. {esc(name)} — {esc(role)}"
            for i, (name, role) in enumerate(present_guests, start=1)
        ]
    lines += ["", recap_extras_line(recap)]
    return "\n".join(lines)


SPEAKER_ROLE = "Narasumber"


def speaker_role(institution: str) -> str:
    """How a speaker appears among a meeting's guests."""
    return f"{SPEAKER_ROLE} ({institution})"


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
    if recap.guest_count:
        roles = [SPEAKER_ROLE.lower()] if recap.speaker_guests else []
        roles += [role for role, _ in recap.guests_by_role()]
        if len(roles) > PARAGRAPH_MAX_ROLES:
            roles = [*roles[:PARAGRAPH_MAX_ROLES], "dan lainnya"]
        parts.append(f"{recap.guest_count} tamu ({', '.join(roles)})")
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


def recap_not_yet(opens_at: datetime, tz: ZoneInfo) -> str:
    return f"Rekap tersedia setelah daftar hadir dibuka ({format_meeting_datetime(opens_at, tz)})."


# --- reminders and the quarter nudge (scheduler/) ------------------------------------------


def reminder_label(offset_seconds: int) -> str:
    """How long before the meeting: "H-7" for whole days, else "3 jam", "30 menit"."""
    if offset_seconds % 86_400 == 0:
        return f"H-{offset_seconds // 86_400}"
    if offset_seconds % 3_600 == 0:
        return f"{offset_seconds // 3_600} jam"
    return f"{max(offset_seconds // 60, 1)} menit"


def reminder_title_line(label: str) -> str:
    return f"Pengingat pertemuan ({label})"


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


# --- members without Telegram (/anggota) -----------------------------------------------

MEMBERS_USAGE = (
    "Tambah kader tanpa Telegram, satu orang per baris:\n"
    "<code>/anggota_tambah Nama - RT - Poktan</code>\n\n"
    "Contoh:\n<code>/anggota_tambah Hj. Nurhasanah, S.Pd. - 04 - BKB\n"
    "Bu Wati - 7 - BKL\nSri Rahayu - RT 02 - UPPKS</code>"
)
MEMBER_LINE_PROBLEMS: dict[str, str] = {
    "no_separator": "tulis Nama - RT - Poktan, dipisah tanda ' - '",
    "name": "nama hanya huruf, spasi dan . , ' -",
    "rt": "RT tidak ada dalam daftar RT",
    "poktan": "Poktan tidak dikenal (BKB, BKR, BKL, UPPKS, PIK-R, Pokja, Lainnya)",
    "duplicate": "nama ini sudah ada di baris sebelumnya",
}
MEMBER_NO_TELEGRAM = "📵"
MEMBER_INACTIVE_MARK = "⏸"
BTN_MEMBER_LINK = "🔗 Tautan Telegram"
BTN_MEMBER_RT = "🏠 Pindah RT"
BTN_MEMBER_POKTAN = "👥 Pindah Poktan"
BTN_MEMBER_OFF = "⏸ Nonaktifkan (pindah)"
BTN_MEMBER_ON = "▶️ Aktifkan lagi"
BTN_MEMBER_REMOVE = "🗑 Hapus"
BTN_YES_DO = "Ya, lanjutkan"
BTN_NO_KEEP = "Batal"
BTN_APPROVE_ALL = "✅ Setujui semua ({count})"
BTN_UNDO = "↩️ Urungkan"
BTN_REOPEN = "↩️ Buka lagi"
BTN_CLOSE_YES = "🔒 Ya, tutup"
BTN_CHECKIN_UNDO = "↩️ Batalkan"
BTN_CONFIRM_TYPED = "✅ Benar"
MEMBER_GONE = "Anggota ini sudah tidak ada (mungkin sudah dihapus)."
MEMBER_IS_ADMIN = "Sekretaris (admin) diatur oleh operator atau pengaturan bot, tidak dari sini."
MEMBER_ACTION_KEPT = "Baik, tidak ada yang diubah."
MEMBER_ALREADY_SO = "Sudah seperti itu; tidak ada yang diubah."
MEMBER_HAS_TELEGRAM = "Anggota ini sudah memakai Telegram sendiri."


def members_added(
    count: int, skipped: Sequence[str], bad: Sequence[tuple[int, str, str]], total: int
) -> str:
    lines = []
    if count:
        lines.append(f"✅ {count} kader ditambahkan. Jumlah anggota aktif sekarang: {total}.")
    if skipped:
        lines.append("Sudah terdaftar, tidak ditambah lagi: " + ", ".join(esc(n) for n in skipped))
    if bad:
        lines.append(f"⚠️ {len(bad)} baris tidak bisa dibaca, mohon perbaiki:")
        lines += [
            f"Baris {number}: <code>{esc(line[:80])}</code> — {MEMBER_LINE_PROBLEMS[problem]}"
            for number, line, problem in bad
        ]
    if not lines:
        return MEMBERS_USAGE
    return "\n".join(lines)


def member_list(
    sections: Sequence[tuple[str, Sequence[Member]]], inactive: Sequence[Member]
) -> str:
    """``/anggota``: members by Poktan with counts; 📵 marks those without Telegram."""
    active = sum(len(members) for _, members in sections)
    no_telegram = sum(1 for _, ms in sections for m in ms if m.telegram_id is None)
    lines = [
        f"👥 <b>Anggota aktif: {active}</b> ({no_telegram} tanpa Telegram {MEMBER_NO_TELEGRAM})",
    ]
    for poktan, members in sections:
        lines += ["", f"<b>{esc(poktan)} ({len(members)})</b>"]
        lines += [
            f"{i}. {esc(m.full_name)} — {rt_label(m.rt)}"
            + (f" {MEMBER_NO_TELEGRAM}" if m.telegram_id is None else "")
            + (" (admin)" if m.role is MemberRole.ADMIN else "")
            for i, m in enumerate(members, start=1)
        ]
    if inactive:
        lines += ["", f"<b>Nonaktif ({len(inactive)})</b>"]
        lines += [f"• {esc(m.full_name)} — {rt_label(m.rt)}" for m in inactive]
    lines += [
        "",
        "Tekan nama di bawah untuk mengubah. Tambah kader tanpa Telegram: /anggota_tambah",
    ]
    return "\n".join(lines)


def member_button(member: Member) -> str:
    mark = MEMBER_INACTIVE_MARK if member.status.value == "inactive" else ""
    phone = MEMBER_NO_TELEGRAM if member.telegram_id is None else ""
    return f"{mark}{phone} {(member.full_name or '')[:30]} ({rt_label(member.rt)})".strip()


def member_card(member: Member, rsvp_meeting: str | None, rsvp: str | None) -> str:
    status = "nonaktif (pindah)" if member.status.value == "inactive" else "aktif"
    lines = [
        f"👤 <b>{esc(member.full_name)}</b>",
        f"{rt_label(member.rt)} · Poktan {poktan_label(member.poktan)} · {status}",
        "Telegram: " + ("belum (dicatat oleh sekretaris)" if member.telegram_id is None else "ya"),
    ]
    if rsvp_meeting is not None:
        answer = RSVP_LABELS[rsvp] if rsvp else "belum menjawab"
        lines.append(f"Jawaban untuk {rsvp_meeting}: <b>{answer}</b>")
    return "\n".join(lines)


def member_choose(member: Member, rt: bool) -> str:
    what = "RT" if rt else "Poktan"
    return f"Pindahkan <b>{esc(member.full_name)}</b> ke {what} mana?"


def confirm_member_move(member: Member, what: str) -> str:
    return f"Pindahkan <b>{esc(member.full_name)}</b> ke <b>{esc(what)}</b>?"


def confirm_member_off(member: Member) -> str:
    return (
        f"Nonaktifkan <b>{esc(member.full_name)}</b> (pindah rumah)? Ia tidak lagi dihitung "
        "di daftar hadir dan tidak menerima undangan; riwayatnya tetap tersimpan."
    )


def confirm_member_remove(member: Member) -> str:
    return (
        f"Hapus <b>{esc(member.full_name)}</b> dari daftar anggota? Namanya dihapus; "
        "kehadiran yang lalu tetap dihitung per RT dan Poktan tanpa nama. "
        "Ini tidak bisa dibatalkan."
    )


def member_moved(member: Member) -> str:
    return (
        f"✅ {esc(member.full_name)} sekarang {rt_label(member.rt)}, "
        f"Poktan {poktan_label(member.poktan)}."
    )


def member_active_changed(name: str | None, active: bool) -> str:
    if active:
        return f"▶️ {esc(name)} aktif kembali."
    return f"⏸ {esc(name)} dinonaktifkan. Tekan Aktifkan lagi bila ia kembali."


def member_removed() -> str:
    return "🗑 Anggota dihapus dari daftar."


def member_rsvp_recorded(name: str | None, answer: str) -> str:
    """A popup: plain text, not HTML."""
    return f"Dicatat: {name or ''} — {RSVP_LABELS[answer]}"


def member_link(name: str | None, url: str, valid_days: int) -> str:
    return (
        f"🔗 Tautan untuk <b>{esc(name)}</b> (sekali pakai, berlaku {valid_days} hari):\n"
        f"{esc(url)}\n\n"
        "Kirimkan tautan ini kepadanya (misalnya lewat WhatsApp). Setelah dibuka di Telegram, "
        "akunnya tersambung ke data dan riwayat kehadirannya."
    )


def link_consent(name: str | None, kampung_name: str) -> str:
    return (
        f"Halo, <b>{esc(name)}</b>! Sekretaris Pokja {esc(kampung_name)} sudah mencatat Anda "
        "sebagai kader. Dengan menyambungkan akun Telegram ini, Anda menerima undangan dan "
        "pengingat di sini. Kami menyimpan nama, RT, Poktan, akun Telegram dan jawaban Anda; "
        "data bisa dihapus kapan saja dengan /hapus_data.\n\nSambungkan akun ini?"
    )


LINK_INVALID = "Tautan ini tidak dikenal. Mohon minta tautan baru kepada sekretaris Pokja."
LINK_EXPIRED = "Tautan ini sudah kedaluwarsa. Mohon minta tautan baru kepada sekretaris Pokja."
LINK_USED = "Tautan ini sudah pernah dipakai. Mohon minta tautan baru kepada sekretaris Pokja."
LINK_ALREADY_MEMBER = (
    "Akun Telegram ini sudah terdaftar di sini, jadi tidak bisa disambungkan ke data lain. "
    "Hubungi sekretaris Pokja bila ada yang keliru."
)
LINK_MEMBER_GONE = (
    "Data anggota untuk tautan ini sudah tidak bisa disambungkan. Hubungi sekretaris Pokja."
)


def link_done(member: Member) -> str:
    return (
        f"✅ Akun Telegram Anda tersambung, <b>{esc(member.full_name)}</b> "
        f"({rt_label(member.rt)}, Poktan {poktan_label(member.poktan)}). "
        "Riwayat kehadiran Anda tetap tersimpan.\n\n" + help_text(member.role)
    )


DEACTIVATED_INFO = (
    "Keanggotaan Anda sedang nonaktif. Hubungi sekretaris Pokja bila Anda kembali aktif."
)


def approved_all(count: int) -> str:
    if not count:
        return "Tidak ada lagi pendaftaran yang menunggu; semuanya sudah diproses."
    return f"✅ {count} pendaftaran disetujui. Masing-masing sudah diberi tahu."


# --- typed answers -----------------------------------------------------------------------

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


# --- destructive taps: confirm or undo ---------------------------------------------------

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


# --- the year report (/laporan) and the speaker registry (/narasumber) -------------------------

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


# --- many kampungs: operators, invite links ---------------------------------------------------

OPERATOR_COMMANDS: tuple[tuple[str, str], ...] = (
    ("kampung", "Operator: daftar kampung, tambah kampung, sekretaris"),
    ("ringkasan", "Operator: ringkasan semua kampung (+ file .xlsx)"),
)
ASK_KAMPUNG_LINK = (
    "Bot ini melayani beberapa Kampung KB. Untuk mendaftar, buka tautan undangan "
    "kampung Anda. Mintalah tautannya kepada sekretaris Pokja atau petugas PKB/PLKB."
)
BAD_INVITE = (
    "Tautan undangan ini tidak dikenal. Periksa kembali tautannya, atau mintalah "
    "tautan yang benar kepada sekretaris Pokja."
)
OPERATOR_NO_KAMPUNG = (
    "Anda terdaftar sebagai operator. Perintah Anda:\n"
    "/kampung — daftar kampung, tambah kampung, atur sekretaris\n"
    "/ringkasan — ringkasan semua kampung\n\n"
    "Untuk ikut sebagai kader atau sekretaris di satu kampung, buka tautan undangan kampung itu."
)
GROUP_NOT_BOUND = (
    "Grup ini belum terikat ke Kampung KB mana pun. Sekretaris Pokja: kirim /ikat_grup di sini."
)
OPERATOR_ONLY = "Maaf, perintah ini hanya untuk operator (PKB/PLKB atau Dinas)."
KAMPUNG_GONE = "Kampung ini tidak ditemukan."
BTN_NEW_KAMPUNG = "➕ Tambah kampung"
BTN_SECRETARIES = "Sekretaris: {name}"
BTN_SECRETARY_INVITE = "🔗 Tautan undangan sekretaris"
BTN_EDIT_KAMPUNG_NAME = "✏️ Nama"
BTN_EDIT_KAMPUNG_RTS = "✏️ Daftar RT"
BTN_EDIT_KAMPUNG_TZ = "✏️ Zona waktu"
BTN_REMOVE_KAMPUNG = "🗑 Hapus kampung"
BTN_REMOVE_KAMPUNG_YES = "Ya, hapus"
BTN_REMOVE_KAMPUNG_NO = "Jangan"
BTN_APPOINT = "➕ Angkat dengan ID Telegram"
BTN_DISMISS = "Cabut {name}"
BTN_BACK_TO_LIST = "« Daftar kampung"
TIMEZONE_CHOICES: tuple[tuple[str, str], ...] = (
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
)
ASK_KAMPUNG_NAME = (
    "<b>Tambah kampung</b> (1/3)\n\nKetik nama Kampung KB, misalnya "
    "<i>Kampung KB Penyengat Rendah</i>. Ketik /batal untuk membatalkan."
)


def ask_kampung_edit(kampung_name: str, field: str, current: str) -> str:
    what = {"name": "nama", "rts": "daftar RT", "tz": "zona waktu"}[field]
    hint = {
        "name": "Ketik nama yang baru.",
        "rts": "Ketik daftar RT sesuai urutan giliran tuan rumah, dipisah koma, "
        "misalnya <i>01, 02, 03, 04</i>.",
        "tz": "Pilih zona waktu, atau ketik nama zona lain (misalnya <i>Asia/Pontianak</i>).",
    }[field]
    return (
        f"<b>Ubah {what} {esc(kampung_name)}</b>\n\nSekarang: {esc(current)}\n\n{hint} "
        "Ketik /batal untuk membatalkan."
    )


def kampung_edited(kampung_name: str, rts: Sequence[str], zone: str) -> str:
    return (
        f"✅ Tersimpan. <b>{esc(kampung_name)}</b> — RT {esc(', '.join(rts))}; "
        f"zona waktu {esc(zone)}."
    )


def confirm_remove_kampung(kampung_name: str) -> str:
    return (
        f"Hapus <b>{esc(kampung_name)}</b>? Tautan undangannya berhenti berlaku dan "
        "sekretaris yang sudah diangkat dilepas. Kampung ini belum punya anggota maupun "
        "pertemuan, jadi tidak ada data yang hilang."
    )


def kampung_removed(kampung_name: str) -> str:
    return f"🗑 {esc(kampung_name)} sudah dihapus."


KAMPUNG_REMOVED_WHILE_REGISTERING = (
    "Maaf, kampung ini baru saja dihapus oleh operator, jadi pendaftaran tidak disimpan. "
    "Mohon minta tautan yang benar kepada sekretaris Pokja."
)
KAMPUNG_IN_USE = (
    "Kampung ini sudah punya anggota atau pertemuan, jadi tidak bisa dihapus: riwayatnya "
    "tetap disimpan. Bila namanya salah, perbaiki dengan ✏️ Nama."
)
KAMPUNG_FROM_SETTINGS = (
    "Kampung ini diatur di berkas .env (KAMPUNG_NAME, RT_LIST, TIMEZONE). Ubah di sana, "
    "lalu jalankan ulang bot."
)
KAMPUNG_TZ_HAS_MEETINGS = (
    "Zona waktu belum bisa diubah: ada pertemuan yang sudah dijadwalkan, dan jamnya akan "
    "bergeser. Batalkan atau selesaikan pertemuan itu dulu."
)
KAMPUNG_NAME_INVALID = "Nama kampung harus 3–120 huruf. Silakan ketik lagi."
KAMPUNG_NAME_TAKEN = "Nama itu sudah dipakai kampung lain. Silakan ketik nama yang lain."
ASK_KAMPUNG_RTS = (
    "<b>Tambah kampung</b> (2/3)\n\nKetik daftar RT sesuai urutan giliran tuan rumah, "
    "dipisah koma, misalnya <i>01, 02, 03, 04</i>."
)
RT_LIST_PROBLEMS = {
    "empty": "Daftar RT masih kosong.",
    "bad": "“{rt}” bukan nomor RT.",
    "duplicate": "RT “{rt}” tertulis dua kali (1 dan 01 dihitung RT yang sama).",
    "too_many": "Daftar RT terlalu panjang (paling banyak 60 RT).",
}
ASK_KAMPUNG_TZ = (
    "<b>Tambah kampung</b> (3/3)\n\nPilih zona waktu kampung, atau ketik nama zona lain "
    "(misalnya <i>Asia/Pontianak</i>)."
)
TIMEZONE_INVALID = (
    "Zona waktu itu tidak dikenal. Pilih tombol, atau ketik nama seperti Asia/Jakarta."
)
KAMPUNG_FLOW_CANCELLED = "Baik, dibatalkan. Tidak ada yang disimpan."
KAMPUNG_FLOW_TIMED_OUT = "Pengisian data kampung berhenti karena lama tidak dijawab."
IN_KAMPUNG_FLOW = "Anda sedang mengisi data kampung. Jawab pertanyaan di atas, atau /batal."
SECRETARY_ID_INVALID = (
    "Itu bukan ID Telegram. Ketik ID (angka, misalnya 123456789) atau teruskan satu "
    "pesan dari calon sekretaris. Ketik /batal untuk membatalkan."
)
SECRETARY_HIDDEN = (
    "Pengirim pesan yang diteruskan menyembunyikan akunnya. Mintalah ID Telegram-nya "
    "(angka) dan ketik di sini."
)


def invite_link(bot_username: str, code: str | None) -> str:
    return f"https://t.me/{bot_username}?start={code or ''}"


def rt_list_invalid(reason: str, rt: str) -> str:
    return RT_LIST_PROBLEMS[reason].format(rt=esc(rt)) + " Silakan ketik lagi."


def kampung_entry(
    position: int,
    name: str,
    timezone: str,
    rts: Sequence[str],
    members: int,
    secretaries: Sequence[str],
    group_bound: bool,
    link: str,
) -> str:
    return (
        f"<b>{position}. {esc(name)}</b>\n"
        f"Zona waktu: {esc(timezone)} · RT: {esc(', '.join(rts))}\n"
        f"Kader aktif: {members} · Sekretaris: {esc(', '.join(secretaries)) or 'belum ada'}\n"
        f"Grup: {'sudah diikat' if group_bound else 'belum diikat'}\n"
        f"Tautan undangan: {esc(link)}"
    )


def kampung_list(entries: Sequence[str], total: int, page: int, pages: int) -> str:
    if not entries:
        return "<b>Daftar Kampung KB</b>\n\nBelum ada kampung."
    where = f", halaman {page + 1} dari {pages}" if pages > 1 else ""
    return (
        f"<b>Daftar Kampung KB</b> ({total}{where})\n\n"
        + "\n\n".join(entries)
        + "\n\nBagikan tautan undangan kepada kader kampung itu: yang membukanya "
        "mendaftar ke kampung tersebut."
    )


def secretaries_page(kampung_name: str, link: str, secretaries: Sequence[str]) -> str:
    lines = [f"<b>Sekretaris {esc(kampung_name)}</b>", ""]
    lines += [f"• {esc(s)}" for s in secretaries] or ["Belum ada sekretaris."]
    lines += [
        "",
        f"Tautan undangan kampung: {esc(link)}",
        "Sekretaris yang belum terdaftar menjadi admin begitu mendaftar lewat tautan itu.",
    ]
    return "\n".join(lines)


def secretary_label(telegram_id: int, full_name: str | None) -> str:
    return f"{full_name} ({telegram_id})" if full_name else f"ID {telegram_id} (belum mendaftar)"


def ask_secretary_id(kampung_name: str) -> str:
    return (
        f"<b>Angkat sekretaris {esc(kampung_name)}</b>\n\n"
        "Ketik ID Telegram calon sekretaris (angka), atau teruskan (forward) satu pesan "
        "darinya ke sini. Ketik /batal untuk membatalkan."
    )


def secretary_appointed(kampung_name: str, label: str, link: str, registered: bool) -> str:
    text = f"{esc(label)} sekarang sekretaris {esc(kampung_name)}."
    if not registered:
        text += f"\nIa menjadi admin begitu mendaftar lewat tautan ini: {esc(link)}"
    return text


def secretary_already(kampung_name: str, label: str) -> str:
    return f"{esc(label)} sudah menjadi sekretaris {esc(kampung_name)}."


def secretary_dismissed(kampung_name: str, label: str) -> str:
    return f"{esc(label)} bukan lagi sekretaris {esc(kampung_name)}."


SECRETARY_NOT_FOUND = "Orang itu sudah bukan sekretaris kampung ini."


def secretary_invite(kampung_name: str, url: str, valid_days: int) -> str:
    return (
        f"🔗 Tautan undangan sekretaris <b>{esc(kampung_name)}</b> "
        f"(sekali pakai, berlaku {valid_days} hari):\n{esc(url)}\n\n"
        "Kirimkan tautan ini kepada calon sekretaris (misalnya lewat WhatsApp). Siapa pun "
        "yang membukanya di Telegram menjadi sekretaris kampung ini, jadi jangan dibagikan "
        "ke grup. Anda diberi tahu begitu tautan dipakai."
    )


def secretary_invite_whatsapp(kampung_name: str, url: str) -> str:
    return (
        f"Anda diundang menjadi sekretaris Pokja {kampung_name} di bot Kampung KB. "
        f"Buka tautan ini di HP yang ada Telegram-nya, lalu ikuti langkahnya: {url}"
    )


def secretary_invite_used(kampung_name: str, label: str) -> str:
    return f"✅ {esc(label)} membuka tautan undangan dan sekarang sekretaris {esc(kampung_name)}."


def secretary_invite_welcome(kampung_name: str) -> str:
    return (
        f"🎉 Anda sekarang sekretaris Pokja <b>{esc(kampung_name)}</b>. Perintah admin "
        "(/jadwal, /hadir, /menunggu, …) sudah bisa dipakai; ketik /bantuan untuk daftarnya."
    )


def secretary_invite_register(kampung_name: str) -> str:
    return (
        f"🎉 Anda diangkat menjadi sekretaris Pokja <b>{esc(kampung_name)}</b>. "
        "Silakan mendaftar dulu (nama, RT, Poktan); setelah itu perintah admin langsung "
        "bisa dipakai tanpa menunggu persetujuan."
    )


SECRETARY_INVITE_INVALID = (
    "Tautan undangan sekretaris ini tidak dikenal. Mohon minta tautan baru kepada operator."
)
SECRETARY_INVITE_EXPIRED = (
    "Tautan undangan sekretaris ini sudah kedaluwarsa. Mohon minta tautan baru kepada operator."
)
SECRETARY_INVITE_USED = (
    "Tautan undangan sekretaris ini sudah dipakai orang lain. Mohon minta tautan baru "
    "kepada operator."
)


def appointed_for_secretary(kampung_name: str, link: str) -> str:
    return (
        f"Anda diangkat menjadi sekretaris Pokja <b>{esc(kampung_name)}</b>. "
        f"Jika belum terdaftar di kampung ini, buka tautan berikut lalu ikuti langkahnya: "
        f"{esc(link)}"
    )


def kampung_created(name: str, link: str) -> str:
    return (
        f"Kampung <b>{esc(name)}</b> sudah dibuat.\n\n"
        f"Tautan undangan: {esc(link)}\n\n"
        "Langkah berikutnya: angkat sekretarisnya (tombol di bawah), lalu bagikan tautan "
        "kepada para kader."
    )


def group_start_for(kampung_name: str, bot_username: str) -> str:
    return (
        f"Halo! Kader <b>{esc(kampung_name)}</b> mendaftar di chat pribadi dengan "
        f"@{esc(bot_username)}. Tekan tombol di bawah untuk mulai."
    )


def overview_entry(
    name: str,
    next_meeting: str | None,
    rate: float | None,
    last_present: int,
    last_of: int,
    members: int,
    pending: int,
    secretaries: int,
) -> str:
    attendance = (
        f"{round(rate * 100)}% ({last_present} dari {last_of} kader)"
        if rate is not None
        else "belum ada pertemuan"
    )
    return (
        f"<b>{esc(name)}</b>\n"
        f"Pertemuan berikutnya: {esc(next_meeting) if next_meeting else 'belum dijadwalkan'}\n"
        f"Kehadiran terakhir: {attendance}\n"
        f"Kader aktif: {members} · menunggu: {pending} · sekretaris: {secretaries}"
    )


def overview(entries: Sequence[str], when: str, more: int = 0) -> str:
    head = f"<b>Ringkasan Kampung KB</b> — {esc(when)}"
    if not entries:
        return head + "\n\nBelum ada kampung."
    tail = f"\n\n… dan {more} kampung lain: lihat file .xlsx di bawah." if more else ""
    return head + "\n\n" + "\n\n".join(entries) + tail


OVERVIEW_CAPTION = "Ringkasan semua kampung (.xlsx)"
OVERVIEW_HEADER = (
    "Kampung",
    "Zona waktu",
    "Pertemuan berikutnya",
    "Tuan rumah",
    "Pertemuan terakhir",
    "Kader hadir",
    "Kader tercatat",
    "Kehadiran (%)",
    "Kader aktif",
    "Menunggu persetujuan",
    "Sekretaris",
)


def operator_help() -> str:
    lines = ["<b>Khusus operator:</b>"]
    lines += [f"/{name} — {description}" for name, description in OPERATOR_COMMANDS]
    return "\n".join(lines)


# --- the printable guide (/panduan) --------------------------------------------------------

GUIDE_CAPTION = "📄 Panduan singkat untuk kader (1 halaman, bisa dicetak)."
GUIDE_FILENAME = "panduan-kader.pdf"
GUIDE_TITLE = "Panduan Singkat Kader"
# (heading, steps): the one-page cadre guide. Kept to Latin-1 text: the PDF uses a core font.
CADRE_GUIDE: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Mendaftar (sekali saja)",
        (
            "Di grup Kampung KB, tekan tombol 'Buka chat dengan bot', lalu tekan MULAI (Start).",
            "Tekan 'Setuju', ketik nama lengkap Anda (atau tekan 'Pakai nama Telegram saya').",
            "Pilih RT dan Poktan Anda. Selesai: tunggu persetujuan sekretaris.",
        ),
    ),
    (
        "2. Menjawab undangan",
        (
            "Undangan dan pengingat datang di chat bot. Tekan Hadir, Izin atau Tidak hadir.",
            "Atau ketik saja ke bot: hadir, izin, sakit, tidak bisa - lalu tekan Benar.",
            "Kartu undangan Anda lalu menunjukkan 'Jawaban Anda'. Berubah pikiran? Tekan lagi.",
            "Ketik /jadwal kapan saja untuk melihat jadwal pertemuan berikutnya.",
        ),
    ),
    (
        "3. Mengisi daftar hadir (absen)",
        (
            "Saat pertemuan, bot mengirim 'Daftar hadir dibuka'. Tekan Hadir.",
            "Atau ketik /hadir di chat bot selama pertemuan berlangsung.",
        ),
    ),
    (
        "4. Data Anda",
        (
            "/profil untuk melihat atau mengubah nama, RT dan Poktan.",
            "/hapus_data untuk menghapus data Anda dari bot.",
        ),
    ),
    (
        "5. Perintah penting",
        (
            "/jadwal - jadwal berikutnya   /hadir - isi daftar hadir",
            "/bantuan - semua perintah     /panduan - panduan ini",
        ),
    ),
)
GUIDE_FOOTER = "Ada pertanyaan? Hubungi sekretaris Pokja Kampung KB."
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
