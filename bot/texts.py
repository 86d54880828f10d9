"""Every text a user reads, in Bahasa Indonesia. Handlers take their words from here.

Texts are sent as HTML: anything a user typed must go through ``esc()`` first.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from models.member import Member, MemberRole, NameProblem, Poktan


def esc(text: str | None) -> str:
    return escape(text or "", quote=False)


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
    ("profil", "Lihat dan ubah data Anda"),
    ("bantuan", "Daftar perintah"),
    ("hapus_data", "Hapus data pribadi Anda"),
    ("batal", "Batalkan proses yang sedang berjalan"),
)
ADMIN_COMMANDS: tuple[tuple[str, str], ...] = (
    ("menunggu", "Pendaftaran yang menunggu persetujuan"),
)
GROUP_COMMANDS: tuple[tuple[str, str], ...] = (("start", "Cara mendaftar sebagai kader"),)


def help_text(role: MemberRole | None) -> str:
    lines = ["<b>Perintah yang bisa Anda pakai:</b>"]
    lines += [f"/{name} — {description}" for name, description in CADRE_COMMANDS]
    if role is MemberRole.ADMIN:
        lines.append("\n<b>Khusus admin:</b>")
        lines += [f"/{name} — {description}" for name, description in ADMIN_COMMANDS]
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
UNKNOWN_TEXT_REGISTERED = (
    "Maaf, saya tidak mengerti pesan itu. Ketik /bantuan untuk daftar perintah."
)
ERROR_APOLOGY = (
    "Maaf, terjadi kesalahan di bot. 🙏 Kesalahan ini sudah dicatat untuk pengelola; "
    "silakan coba lagi sebentar lagi."
)
