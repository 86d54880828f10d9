"""Registration: consent, name, RT and Poktan questions, and their answers."""

from __future__ import annotations

from models.member import NameProblem, Poktan
from ui.texts.common import esc, poktan_label, rt_label

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
