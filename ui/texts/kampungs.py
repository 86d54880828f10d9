"""Many kampungs: operators, kampung settings, secretaries and invite links."""

from __future__ import annotations

from collections.abc import Sequence

from ui.texts.common import esc

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
    unposted: int = 0,
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
        + (f"\n🌐 Belum diposting di portal: {unposted} kegiatan" if unposted else "")
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
    "Belum diposting di portal",
)


def operator_help() -> str:
    lines = ["<b>Khusus operator:</b>"]
    lines += [f"/{name} — {description}" for name, description in OPERATOR_COMMANDS]
    return "\n".join(lines)
