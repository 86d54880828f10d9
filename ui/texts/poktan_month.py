"""The Poktan month (issue 18): the register on the 1st, reminders, Kirim ke PKB, the
lists of groups still missing. Phone-sized: one short message each."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models.poktan.monthly import DEADLINE_DAY
from models.poktan.months import next_month
from ui.formatting import format_long_date, format_month, format_ratio
from ui.texts.common import esc

POKTAN_MONTH_BTN_FILES = "📄 Lihat PDF & Excel"
POKTAN_MONTH_BTN_SEND = "✅ Kirim ke PKB"
POKTAN_MONTH_BTN_FIX = "✏️ Perbaiki"
POKTAN_MONTH_BTN_RECORD = "📝 Catat pertemuan"
POKTAN_MONTH_BTN_NONE = "Memang tidak ada pertemuan"
POKTAN_MONTH_BTN_DOWNLOAD = "📄 Unduh PDF & Excel"
BTN_POKTAN_HISTORY = "🗂 Riwayat pertemuan"

POKTAN_MONTH_GONE = "Register ini sudah tidak berlaku."
POKTAN_MONTH_NOT_YOURS = "Hanya ketua kelompok ini yang bisa mengirim registernya."
POKTAN_MONTH_ALREADY_SENT = "Register bulan ini sudah dikirim ke PKB."
POKTAN_MONTH_NOT_SENT = "Register ini belum dikirim, jadi masih bisa diubah."
POKTAN_MONTH_NOTHING_TO_SEND = (
    "Belum ada pertemuan tercatat bulan ini. Catat dulu pertemuannya, atau tekan "
    "«Memang tidak ada pertemuan»."
)
POKTAN_MONTH_HAS_SESSIONS = (
    "Bulan ini sudah ada pertemuan tercatat; register bisa langsung dikirim."
)
POKTAN_MONTH_FILES_CAPTION = "Register {group}, {month}"
POKTAN_MONTH_AREA_CAPTION = (
    "📊 Register Poktan semua kampung: satu baris per kelompok dan bulan, untuk New SIGA."
)


def poktan_month_deadline(month: date) -> str:
    """ "3 Desember 2026": the day a month's register is due at the PKB."""
    return format_long_date(next_month(month).replace(day=DEADLINE_DAY))


def _figures(sessions: int, families: int, rate: float | None) -> str:
    return (
        f"• Pertemuan: <b>{sessions}</b>\n"
        f"• Keluarga anggota: <b>{families}</b>\n"
        f"• Kehadiran: <b>{format_ratio(rate)}</b>"
    )


def poktan_month_register(
    group: str,
    year: int,
    month: int,
    *,
    sessions: int,
    families: int,
    rate: float | None,
    deadline: str,
) -> str:
    """The 1st of the month: the register is ready; check it, then send it."""
    return (
        f"📋 <b>Register {esc(group)} — {format_month(year, month)}</b>\n\n"
        f"{_figures(sessions, families, rate)}\n\n"
        f"Periksa PDF-nya, lalu tekan <b>{POKTAN_MONTH_BTN_SEND}</b> paling lambat "
        f"<b>{deadline}</b>. Ada yang keliru? Tekan <b>{POKTAN_MONTH_BTN_FIX}</b> dulu."
    )


def poktan_month_none_question(group: str, year: int, month: int, *, deadline: str) -> str:
    """The 1st: no session recorded in the month."""
    return (
        f"📋 <b>Register {esc(group)} — {format_month(year, month)}</b>\n\n"
        "Belum ada pertemuan yang tercatat bulan itu.\n"
        f"Ada pertemuan yang belum dicatat? Tekan <b>{POKTAN_MONTH_BTN_RECORD}</b>.\n"
        f"Memang tidak ada? Tekan <b>{POKTAN_MONTH_BTN_NONE}</b>: itu juga laporan "
        f"(0 pertemuan), kirim paling lambat <b>{deadline}</b>."
    )


def poktan_month_reminder(group: str, year: int, month: int, *, last: bool, deadline: str) -> str:
    when = "hari ini" if last else deadline
    return (
        f"⏰ Register <b>{esc(group)}</b> bulan {format_month(year, month)} belum dikirim "
        f"ke PKB. Batasnya <b>{when}</b>."
    )


def poktan_month_sent(group: str, year: int, month: int, *, version: int) -> str:
    what = "Perbaikan register" if version > 1 else "Register"
    return (
        f"✅ {what} <b>{esc(group)}</b> bulan {format_month(year, month)} sudah dikirim "
        "ke PKB. Terima kasih!\n"
        f"Perlu mengubah lagi? Tekan <b>{POKTAN_MONTH_BTN_FIX}</b>; perbaikannya dikirim "
        "ulang dengan tanda <i>Perbaikan</i>."
    )


def poktan_month_reopened(group: str, year: int, month: int) -> str:
    return (
        f"✏️ Register <b>{esc(group)}</b> bulan {format_month(year, month)} dibuka lagi. "
        "Ubah pertemuannya lewat <b>🗂 Riwayat pertemuan</b>, lalu tekan "
        f"<b>{POKTAN_MONTH_BTN_SEND}</b> lagi. PKB tetap menyimpan kiriman sebelumnya."
    )


def poktan_month_fix_open(group: str) -> str:
    """Perbaiki before sending: the month is open already."""
    return (
        f"✏️ Ubah pertemuan <b>{esc(group)}</b> lewat <b>🗂 Riwayat pertemuan</b> atau "
        f"catat yang belum ada, lalu tekan <b>{POKTAN_MONTH_BTN_SEND}</b>."
    )


def poktan_month_for_pkb(
    kampung: str,
    group: str,
    year: int,
    month: int,
    *,
    version: int,
    sender: str | None,
    sessions: int,
    families: int,
    rate: float | None,
    none_held: bool,
) -> str:
    """To the operators: a chair sent her register (or its correction)."""
    what = "🔁 <b>Perbaikan</b> register" if version > 1 else "📥 Register"
    by = f" dari {esc(sender)}" if sender else ""
    body = (
        "Tidak ada pertemuan bulan ini (dilaporkan 0 pertemuan)."
        if none_held
        else _figures(sessions, families, rate)
    )
    return f"{what} <b>{esc(group)}</b> — {esc(kampung)}, {format_month(year, month)}{by}\n\n{body}"


def _missing_lines(groups: Sequence[tuple[str, bool]]) -> str:
    return "\n".join(
        f"• {esc(name)}" + ("" if has_chair else " <i>(belum ada ketua)</i>")
        for name, has_chair in groups
    )


def poktan_month_secretary_missing(
    year: int, month: int, groups: Sequence[tuple[str, bool]]
) -> str:
    """The 3rd: the kampung's groups whose register is not sent yet."""
    return (
        f"📋 Register Poktan bulan {format_month(year, month)} yang <b>belum dikirim</b> "
        f"ke PKB (batas hari ini):\n{_missing_lines(groups)}\n\n"
        "Mohon ingatkan ketuanya. Kelompok tanpa ketua: atur lewat /poktan."
    )


def poktan_month_operators_missing(
    year: int, month: int, kampungs: Sequence[tuple[str, Sequence[tuple[str, bool]]]]
) -> str:
    """The 4th: every group still missing, by kampung."""
    blocks = "\n\n".join(
        f"<b>{esc(name)}</b>\n{_missing_lines(groups)}" for name, groups in kampungs
    )
    count = sum(len(groups) for _, groups in kampungs)
    return (
        f"📋 Register Poktan bulan {format_month(year, month)}: <b>{count} kelompok</b> "
        f"belum mengirim.\n\n{blocks}"
    )


POKTAN_OVERVIEW_MAX = 30  # kampungs named in the chat; the workbook holds them all


def poktan_month_overview(year: int, month: int, kampungs: Sequence[tuple[str, int, int]]) -> str:
    """/ringkasan: per kampung, how many groups reported the month last due."""
    reported = sum(done for _, done, _ in kampungs)
    total = sum(groups for _, _, groups in kampungs)
    lines = [
        f"{'✅' if done == groups else '⏳'} {esc(name)}: {done}/{groups}"
        for name, done, groups in kampungs[:POKTAN_OVERVIEW_MAX]
    ]
    more = len(kampungs) - POKTAN_OVERVIEW_MAX
    if more > 0:
        lines.append(f"… dan {more} kampung lagi (lihat file Excel)")
    return (
        f"📋 <b>Register Poktan {format_month(year, month)}</b>: {reported} dari {total} "
        "kelompok sudah mengirim.\n" + "\n".join(lines)
    )


def poktan_year_text(year: int, groups: Sequence[tuple[str, int, int, float | None]]) -> str:
    """/laporan: each Poktan group's year (name, sessions, months with a session, rate)."""
    lines = [
        f"• {esc(name)}: {sessions} pertemuan dalam {months} bulan, kehadiran {format_ratio(rate)}"
        for name, sessions, months, rate in groups
    ]
    return (
        f"👪 <b>Poktan {year}</b>\n" + "\n".join(lines) + "\n\nRincian per bulan: lembar "
        "<i>Poktan bulanan</i> di file Excel."
    )
