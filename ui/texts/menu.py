"""The menu, /bantuan (help), /profil (profile, erasure) and general replies."""

from __future__ import annotations

from collections.abc import Sequence

from models.erasure import PersonalData, Redaction
from models.member import Member, MemberRole
from ui.texts.common import esc, poktan_label, role_label, rt_label


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
