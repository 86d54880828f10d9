"""Approving registrations: what the secretary and the new cadre read."""

from __future__ import annotations

from collections.abc import Sequence

from models.member import Member
from ui.texts.common import esc, poktan_label, rt_label


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
