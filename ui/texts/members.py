"""Members without Telegram (/anggota): list, card, moves, link to Telegram."""

from __future__ import annotations

from collections.abc import Sequence

from models.member import Member, MemberRole
from ui.texts.common import esc, poktan_label, rt_label
from ui.texts.meetings import RSVP_LABELS
from ui.texts.menu import help_text

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
