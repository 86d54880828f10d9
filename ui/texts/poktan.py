"""Poktan groups (issue 18): the secretary's /poktan, the chair's /kelompok and the
member families she keeps. Families have no Telegram and are never messaged."""

from __future__ import annotations

from collections.abc import Sequence

from models.member import Member
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanGroup
from models.poktan.kinds import FAMILY_COUNT, MEMBER_IS_YOUTH, PoktanKind
from ui.texts.common import esc, rt_label
from ui.texts.members import MEMBER_LINE_PROBLEMS

KIND_LABELS: dict[PoktanKind, str] = {
    PoktanKind.BKB: "BKB (Bina Keluarga Balita)",
    PoktanKind.BKR: "BKR (Bina Keluarga Remaja)",
    PoktanKind.BKL: "BKL (Bina Keluarga Lansia)",
    PoktanKind.UPPKA: "UPPKA/UPPKS (ekonomi keluarga)",
    PoktanKind.PIK_R: "PIK-R (remaja)",
}

# --- buttons ------------------------------------------------------------------------------

BTN_ADD_GROUP = "➕ Tambah kelompok"
BTN_ALL_RT = "Semua RT"
BTN_RTS_NEXT = "Lanjut ➡️"
BTN_RTS_SAVE = "💾 Simpan RT"
BTN_CHAIRS_DONE = "✅ Selesai"
BTN_NO_CHAIR_YET = "Lewati, tentukan ketua nanti"
BTN_RENAME = "✏️ Ganti nama"
BTN_CHANGE_RTS = "🏠 Ubah RT"
BTN_ADD_CHAIR = "➕ Tambah ketua"
BTN_GROUP_OFF = "⏸ Nonaktifkan"
BTN_GROUP_ON = "▶️ Aktifkan lagi"
BTN_GROUP_FAMILIES = "👪 Keluarga"
BTN_BACK_TO_GROUPS = "⬅️ Semua kelompok"
BTN_BACK_TO_GROUP = "⬅️ Kembali"
BTN_YES_OFF = "⏸ Ya, nonaktifkan"
BTN_YES_UNCHAIR = "➖ Ya, lepas"
BTN_KEEP = "Batal"
BTN_FAMILIES = "👪 Anggota keluarga"
BTN_SESSION_NEW = "📝 Catat pertemuan"
BTN_SESSION_PLAN = "📅 Rencanakan pertemuan"
BTN_SESSION_LIST = "🗂 Riwayat pertemuan"
BTN_FAMILIES_KEPT = "✅ Ya, saya simpan untuk register"
BTN_ADD_FAMILIES = "➕ Tambah"
BTN_FAMILY_MOVE = "🏠 Pindah RT"
BTN_FAMILY_OFF = "⏸ Nonaktifkan (pindah domisili)"
BTN_FAMILY_ON = "▶️ Aktifkan lagi"
BTN_FAMILY_REMOVE = "🗑 Hapus"
BTN_YES_MOVE = "🏠 Ya, pindahkan"
BTN_YES_REMOVE = "🗑 Ya, hapus"
BTN_BACK_TO_FAMILIES = "⬅️ Daftar keluarga"


def btn_unchair(name: str | None) -> str:
    return f"➖ Lepas {(name or '')[:30]}"


def btn_chair(member: Member, chosen: bool) -> str:
    mark = "✅ " if chosen else ""
    poktan = f" · {member.poktan.value}" if member.poktan else ""
    return f"{mark}{(member.full_name or '')[:30]} ({rt_label(member.rt)}{poktan})"


def btn_rt(rt: str, chosen: bool) -> str:
    return f"{'✅ ' if chosen else ''}{rt_label(rt)}"


def btn_group(group: PoktanGroup) -> str:
    mark = "" if group.active else "⏸ "
    return f"{mark}{group.name[:40]}"


def btn_family_count(kind: PoktanKind) -> str:
    count = FAMILY_COUNT[kind]
    return f"🔢 Ubah {count.label}" if count else ""


def btn_family(family: PoktanFamily, kind: PoktanKind) -> str:
    mark = "⏸ " if family.status is FamilyStatus.INACTIVE else ""
    count = FAMILY_COUNT[kind]
    extra = f" · {family.details.get(count.key, 0)}" if count else ""
    return f"{mark}{(family.name or '')[:30]} ({rt_label(family.rt)}{extra})"


# --- shared answers -------------------------------------------------------------------------

GROUP_GONE = "Kelompok ini tidak ditemukan di kampung ini."
GROUP_INACTIVE = "Kelompok ini sudah dinonaktifkan oleh sekretaris; tidak bisa diubah lagi."
NOT_YOUR_GROUP = "Anda bukan ketua kelompok ini."
FAMILY_GONE = "Keluarga ini sudah tidak ada di kelompok (mungkin sudah dihapus)."
POKTAN_UNCHANGED = "Sudah seperti itu; tidak ada yang diubah."
POKTAN_KEPT = "Baik, tidak ada yang diubah."
POKTAN_FLOW_CANCELLED = "Baik, dibatalkan. Tidak ada yang disimpan."
POKTAN_FLOW_TIMED_OUT = (
    "Pengisian kelompok Poktan dihentikan karena lama tidak ada jawaban; yang belum "
    "disimpan tidak disimpan. Ketik /poktan atau /kelompok untuk mulai lagi."
)

GROUP_PROBLEMS: dict[str, str] = {
    "name_empty": "Nama kelompok tidak boleh kosong. Ketik namanya:",
    "name_too_long": "Nama kelompok terlalu panjang (paling banyak 64 huruf). Ketik lagi:",
    "name_taken": "Nama itu sudah dipakai kelompok lain di kampung ini. Ketik nama lain:",
    "rt_unknown": "RT {detail} tidak ada di kampung ini. Ketik lagi, misalnya <code>01, 02</code>:",
    "too_many_chairs": "Kelompok ini sudah punya dua ketua; lepas salah satu dulu.",
    "not_a_member": "Orang ini bukan kader aktif dengan Telegram di kampung ini.",
    "not_found": GROUP_GONE,
}


def group_problem(problem: str, detail: str = "") -> str:
    return GROUP_PROBLEMS[problem].format(detail=esc(detail))


# --- the secretary: /poktan -----------------------------------------------------------------


def _rts(group: PoktanGroup) -> str:
    rts = group.rt_list
    return "semua RT" if not rts else "RT " + ", ".join(rts)


def _chairs(chairs: Sequence[Member]) -> str:
    names = [esc(m.full_name or "(nama dihapus)") for m in chairs]
    return ", ".join(names) if names else "<i>belum ada</i>"


def group_list(
    groups: Sequence[PoktanGroup],
    chairs: dict[int, Sequence[Member]],
    counts: dict[int, int],
    *,
    read_only: bool = False,
) -> str:
    """``/poktan``: every group of the kampung, one short block each."""
    if not groups:
        if read_only:
            return "Kampung ini belum punya kelompok Poktan."
        return (
            "👥 <b>Kelompok Poktan</b>\n\nBelum ada kelompok. Tekan "
            f"<b>{BTN_ADD_GROUP}</b> untuk membuat yang pertama (BKB, BKR, BKL, UPPKA, PIK-R)."
        )
    lines = [f"👥 <b>Kelompok Poktan ({len(groups)})</b>"]
    for group in groups:
        state = "" if group.active else " — <i>nonaktif</i>"
        lines += [
            "",
            f"<b>{esc(group.name)}</b> · {group.kind.value}{state}",
            f"{_rts(group)} · {counts.get(group.id, 0)} keluarga",
            f"Ketua: {_chairs(chairs.get(group.id, []))}",
        ]
    if not read_only:
        lines += ["", "Tekan nama kelompok untuk mengubahnya."]
    return "\n".join(lines)


def group_card(group: PoktanGroup, chairs: Sequence[Member], count: int) -> str:
    state = "aktif" if group.active else "nonaktif (riwayat tetap tersimpan)"
    return (
        f"👥 <b>{esc(group.name)}</b>\n"
        f"Jenis: {KIND_LABELS[group.kind]}\n"
        f"Cakupan: {_rts(group)}\n"
        f"Ketua: {_chairs(chairs)}\n"
        f"Keluarga aktif: {count}\n"
        f"Status: {state}"
    )


ASK_KIND = "➕ <b>Kelompok baru</b>\n\nKelompok jenis apa?"
ASK_KIND_AGAIN = "Pilih jenis kelompok dengan tombol di atas (BKB, BKR, BKL, UPPKA, PIK-R)."


def ask_name(kind: PoktanKind, suggested: str) -> str:
    return (
        f"Jenis: <b>{KIND_LABELS[kind]}</b>\n\n"
        f"Nama kelompok? Tekan <b>{esc(suggested)}</b> atau ketik nama lain "
        f"(misalnya <i>{kind.value} Melati</i>)."
    )


def ask_rename(group: PoktanGroup) -> str:
    return f"Ketik nama baru untuk <b>{esc(group.name)}</b> (atau /batal):"


def ask_rts(name: str, chosen: Sequence[str]) -> str:
    picked = ", ".join(chosen) if chosen else "semua RT"
    return (
        f"RT mana saja yang dicakup <b>{esc(name)}</b>?\n"
        "Tekan RT untuk memilih atau melepas, atau ketik (misalnya <code>01, 02, 05</code>). "
        f"Tanpa pilihan berarti semua RT.\n\nTerpilih: <b>{picked}</b>"
    )


def ask_chairs(name: str, kind: PoktanKind, chosen: Sequence[str], *, anyone: bool) -> str:
    if not anyone:
        return (
            f"Belum ada kader aktif dengan Telegram yang bisa menjadi ketua <b>{esc(name)}</b>. "
            "Tekan Lewati; ketua bisa ditambahkan nanti dari /poktan."
        )
    picked = ", ".join(esc(n) for n in chosen) if chosen else "belum ada"
    return (
        f"Siapa ketua <b>{esc(name)}</b>? Pilih satu atau dua kader. Kader dengan Poktan "
        f"{kind.value} di profilnya ada di atas.\n\nTerpilih: <b>{picked}</b>"
    )


def ask_chair_for(group: PoktanGroup, *, anyone: bool) -> str:
    if not anyone:
        return "Tidak ada kader aktif dengan Telegram lain yang bisa menjadi ketua."
    return (
        f"Pilih ketua baru untuk <b>{esc(group.name)}</b>. Kader dengan Poktan "
        f"{group.kind.value} di profilnya ada di atas."
    )


CHAIRS_AT_MOST_TWO = "Paling banyak dua ketua. Lepas pilihan lain dulu."


def group_created(group: PoktanGroup, chairs: Sequence[Member]) -> str:
    told = " Ketua sudah diberi tahu lewat bot." if chairs else ""
    return f"✅ Kelompok <b>{esc(group.name)}</b> dibuat.{told}"


def group_renamed(group: PoktanGroup) -> str:
    return f"✅ Nama kelompok sekarang <b>{esc(group.name)}</b>."


def group_rts_saved(group: PoktanGroup) -> str:
    return f"✅ <b>{esc(group.name)}</b> sekarang mencakup {_rts(group)}."


def chair_added(name: str | None, group: PoktanGroup) -> str:
    return f"✅ {esc(name)} sekarang ketua <b>{esc(group.name)}</b> dan sudah diberi tahu."


def chair_removed(name: str | None, group: PoktanGroup) -> str:
    return f"➖ {esc(name)} bukan lagi ketua <b>{esc(group.name)}</b>."


def confirm_unchair(name: str | None, group: PoktanGroup) -> str:
    return (
        f"Lepas <b>{esc(name)}</b> sebagai ketua <b>{esc(group.name)}</b>? "
        "Catatan kelompok tetap tersimpan; ia tidak lagi melihat kelompok ini di /kelompok."
    )


def confirm_group_off(group: PoktanGroup) -> str:
    return (
        f"Nonaktifkan <b>{esc(group.name)}</b>? Kelompok dan riwayatnya tetap tersimpan, "
        "tetapi ketua tidak lagi bisa mencatat dan tidak ada pengingat. "
        "Bisa diaktifkan lagi kapan saja."
    )


def group_active_changed(group: PoktanGroup) -> str:
    if group.active:
        return f"▶️ <b>{esc(group.name)}</b> aktif lagi."
    return f"⏸ <b>{esc(group.name)}</b> dinonaktifkan; riwayatnya tetap tersimpan."


def chair_appointed(group: PoktanGroup) -> str:
    """The one message a new chair gets (through the outbox)."""
    who = "remaja" if group.kind in MEMBER_IS_YOUTH else "keluarga"
    return (
        f"🎉 Anda ditunjuk sekretaris Pokja sebagai <b>ketua Poktan {esc(group.name)}</b> "
        f"({KIND_LABELS[group.kind]}).\n\n"
        f"Untuk mulai, ketik /kelompok: catat anggota {who} kelompok Anda sekali "
        "(satu per baris), lalu catat setiap pertemuan dari HP. Register bulanan disusun "
        "oleh bot."
    )


# --- the chair: /kelompok --------------------------------------------------------------------

KELOMPOK_NOT_A_CHAIR = (
    "Anda belum menjadi ketua kelompok Poktan. Ketua ditunjuk oleh sekretaris Pokja."
)
KELOMPOK_SECRETARY_HINT = (
    "Anda bukan ketua kelompok Poktan mana pun. Untuk membuat kelompok dan menunjuk "
    "ketuanya, ketik /poktan."
)
PICK_GROUP = "Anda ketua beberapa kelompok. Pilih kelompok:"


def group_home(group: PoktanGroup, count: int) -> str:
    who = "anggota" if group.kind in MEMBER_IS_YOUTH else "keluarga"
    return (
        f"👥 <b>{esc(group.name)}</b> · {group.kind.value}\n"
        f"{_rts(group).capitalize()} · {count} {who} aktif\n\nPilih:"
    )


def families_consent(group: PoktanGroup) -> str:
    return (
        f"👪 <b>Anggota {esc(group.name)}</b>\n\n"
        "Sebelum mencatat: nama anggota hanya disimpan untuk buku register kelompok dan "
        "laporan ke PKB. Mereka <b>tidak pernah menerima pesan</b> dari bot dan tidak perlu "
        "Telegram. Nama bisa dihapus kapan saja oleh Anda atau sekretaris.\n\n"
        "Anda menyimpan nama-nama ini untuk register Poktan?"
    )


FAMILIES_KEPT_NOTED = "✅ Anda menyimpan nama-nama ini untuk register Poktan."


def family_format(kind: PoktanKind) -> str:
    count = FAMILY_COUNT[kind]
    who = "Nama remaja" if kind in MEMBER_IS_YOUTH else "Nama ibu/keluarga"
    return f"{who} - RT" + (f" - {count.label}" if count else "")


def families_usage(group: PoktanGroup) -> str:
    count = FAMILY_COUNT[group.kind]
    example = (
        "Ibu Sari - 01 - 2\nBu Wati - RT 03 - 1\nKeluarga Pak Dedi - 4 - 0"
        if count
        else "Dimas Saputra - 01\nSiti Nur - RT 03"
    )
    return (
        f"Kirim daftar untuk <b>{esc(group.name)}</b>, satu per baris:\n"
        f"<code>{family_format(group.kind)}</code>\n\n"
        f"Contoh:\n<code>{example}</code>\n\n"
        "Nama yang sudah ada di RT yang sama tidak ditambah dua kali. /batal untuk berhenti."
    )


FAMILY_LINE_PROBLEMS: dict[str, str] = {
    "fields": "tulis {format}, dipisah tanda ' - '",
    "name": MEMBER_LINE_PROBLEMS["name"],
    "rt": "RT tidak ada dalam daftar RT kampung",
    "rt_outside": "RT ini tidak dicakup kelompok",
    "count": "jumlah harus angka 0 sampai 9",
    "duplicate": MEMBER_LINE_PROBLEMS["duplicate"],
    "too_many": "paling banyak 150 baris sekali kirim",
}


def families_added(
    group: PoktanGroup,
    count: int,
    skipped: Sequence[str],
    bad: Sequence[tuple[int, str, str]],
    total: int,
) -> str:
    """The report of one list, bad lines by number (as ``members_added``)."""
    lines = []
    if count:
        lines.append(
            f"✅ {count} ditambahkan ke <b>{esc(group.name)}</b>. Aktif sekarang: {total}."
        )
    elif not bad:
        lines.append("Tidak ada yang baru; semua sudah tercatat.")
    if skipped:
        lines.append("Sudah tercatat, tidak ditambah lagi: " + ", ".join(esc(n) for n in skipped))
    if bad:
        lines.append(f"⚠️ {len(bad)} baris tidak disimpan, mohon perbaiki lalu kirim lagi:")
        fmt = family_format(group.kind)
        lines += [
            f"Baris {number}: <code>{esc(line[:80])}</code> — "
            + FAMILY_LINE_PROBLEMS[problem].format(format=fmt)
            for number, line, problem in bad
        ]
    return "\n".join(lines)


FAMILIES_NOT_TEXT = "Kirim daftarnya sebagai teks, satu per baris, atau /batal."


def family_list(
    group: PoktanGroup,
    shown: Sequence[PoktanFamily],
    active: int,
    inactive: int,
    page: int,
    pages: int,
) -> str:
    """One page of the group's families, by RT (active first, then the moved away)."""
    who = "anggota" if group.kind in MEMBER_IS_YOUTH else "keluarga"
    lines = [f"👪 <b>{esc(group.name)}</b>: {active} {who} aktif"]
    if inactive:
        lines[0] += f", {inactive} nonaktif"
    if pages > 1:
        lines[0] += f" (hal. {page + 1}/{pages})"
    if not shown:
        lines += ["", f"Belum ada {who}. Tekan <b>{BTN_ADD_FAMILIES}</b> untuk mengirim daftar."]
        return "\n".join(lines)
    count = FAMILY_COUNT[group.kind]
    current: tuple[bool, str] | None = None
    for family in shown:
        section = (family.status is FamilyStatus.INACTIVE, family.rt)
        if section != current:
            current = section
            head = rt_label(family.rt) + (" — nonaktif" if section[0] else "")
            lines += ["", f"<b>{head}</b>"]
        extra = f" ({family.details.get(count.key, 0)} {count.key})" if count else ""
        lines.append(f"• {esc(family.name)}{extra}")
    lines += ["", "Tekan nama untuk memindah, menonaktifkan atau menghapus."]
    return "\n".join(lines)


def family_card(family: PoktanFamily, group: PoktanGroup) -> str:
    count = FAMILY_COUNT[group.kind]
    status = "aktif" if family.status is FamilyStatus.ACTIVE else "nonaktif (pindah domisili)"
    lines = [f"👪 <b>{esc(family.name)}</b>", f"{rt_label(family.rt)} · {esc(group.name)}"]
    if count:
        lines.append(f"{count.label.capitalize()}: {family.details.get(count.key, 0)}")
    lines.append(f"Status: {status}")
    return "\n".join(lines)


def ask_family_rt(family: PoktanFamily) -> str:
    return f"Pindahkan <b>{esc(family.name)}</b> ke RT mana?"


def ask_family_count(family: PoktanFamily, label: str) -> str:
    return f"Berapa {label} <b>{esc(family.name)}</b>?"


def confirm_family_move(family: PoktanFamily, rt: str) -> str:
    return (
        f"Pindahkan <b>{esc(family.name)}</b> dari {rt_label(family.rt)} ke <b>{rt_label(rt)}</b>?"
    )


def confirm_family_off(family: PoktanFamily) -> str:
    return (
        f"Nonaktifkan <b>{esc(family.name)}</b> (pindah domisili)? Riwayat kehadirannya tetap "
        "tersimpan; ia tidak lagi dihitung sebagai anggota aktif."
    )


def confirm_family_remove(family: PoktanFamily) -> str:
    return (
        f"Hapus <b>{esc(family.name)}</b>? Namanya dihapus dari bot; pertemuan lama tetap "
        "menghitung kehadirannya tanpa nama. Tidak bisa dibatalkan."
    )


def family_moved(family: PoktanFamily) -> str:
    return f"✅ {esc(family.name)} sekarang di {rt_label(family.rt)}."


def family_active_changed(family: PoktanFamily) -> str:
    if family.status is FamilyStatus.ACTIVE:
        return f"▶️ {esc(family.name)} aktif lagi."
    return f"⏸ {esc(family.name)} dinonaktifkan (pindah domisili); riwayatnya tetap tersimpan."


def family_count_set(family: PoktanFamily, label: str, value: int) -> str:
    return f"✅ {label.capitalize()} {esc(family.name)}: {value}."


FAMILY_REMOVED = "🗑 Nama keluarga itu sudah dihapus dari bot."
FAMILY_RT_OUTSIDE = "RT itu tidak dicakup kelompok ini."
