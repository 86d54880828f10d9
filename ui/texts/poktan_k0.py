"""The January K/0 draft card (issue 18 item 6): the chair's draft, the questions the bot
asks one by one, Kirim ke PKB. Phone-sized: one short message each."""

from __future__ import annotations

from collections.abc import Sequence

from ui.texts.common import esc

BTN_K0 = "📇 Kartu K/0"
K0_BTN_FILL = "✍️ Isi yang kurang ({count})"
K0_BTN_EDIT = "✏️ Ubah: {label}"
K0_BTN_FILES = "📄 Lihat PDF & Excel"
K0_BTN_SEND = "✅ Kirim ke PKB"
K0_BTN_DOWNLOAD = "📄 Unduh PDF & Excel"

K0_STALE = "Kartu ini sudah lewat. Buka kartu tahun ini lewat /kelompok → 📇 Kartu K/0."
K0_NOTHING_MISSING = "Semua isian sudah lengkap. Untuk mengubah, tekan tombol ✏️ Ubah."
K0_SAVED = "✅ Tersimpan."
K0_CANCELLED = "Pengisian kartu K/0 dihentikan. Isian yang sudah tersimpan tetap ada."
K0_TIMED_OUT = (
    "⏱ Pengisian kartu K/0 berhenti karena lama tidak dijawab. Isian yang sudah tersimpan "
    "tetap ada; lanjutkan lewat /kelompok → 📇 Kartu K/0."
)
K0_COMPLETE = (
    "✅ Kartu K/0 sudah lengkap. Ini PDF dan Excel-nya; periksa lalu tekan ✅ Kirim ke PKB."
)
K0_MISSING = "Masih ada isian yang kosong: tekan ✍️ Isi yang kurang dulu."
K0_UNCHANGED = "Kartu ini sudah dikirim ke PKB dan belum ada perubahan sejak itu."
K0_NO_OPERATOR = (
    "Belum ada PKB/operator yang terhubung ke bot, jadi kartu tidak bisa dikirim lewat bot. "
    "Tekan 📄 Lihat PDF & Excel lalu serahkan filenya langsung ke PKB."
)
K0_NOT_SENT_YET = "Kartu ini belum dikirim ke PKB."
K0_FILES_CAPTION = "Draf kartu K/0 {group}, data tahun {year}"


def k0_too_new(group: str, first: int) -> str:
    """The group was made this year: its first card is made next January."""
    return (
        f"Kelompok <b>{esc(group)}</b> baru tercatat tahun ini. Draf kartu K/0 pertamanya "
        f"dibuat bot pada bulan Januari {first}."
    )


def k0_draft(
    *,
    group: str,
    code: str,
    year: int,
    recipient: str,
    deadline: str,
    figures: Sequence[tuple[str, str]],
    answered: Sequence[tuple[str, str, str | None]],
    missing: Sequence[str],
    sent_version: int,
    sent_on: str | None,
) -> str:
    """The draft as the chair reads it: what the bot filled, what she gave, what is left."""
    lines = [
        f"🗂 <b>Draf kartu K/0 — {esc(group)}</b>",
        f"{esc(code)}, data tahun <b>{year}</b>. Untuk {esc(recipient)}, {esc(deadline)}.",
        "",
        "<b>Diisi bot dari catatan:</b>",
        *(f"• {esc(label)}: <b>{esc(value)}</b>" for label, value in figures),
    ]
    if answered:
        lines += ["", "<b>Diisi ketua:</b>"]
        for label, value, by in answered:
            who = f" <i>({esc(by)})</i>" if by else ""
            lines.append(f"• {esc(label)}: <b>{esc(value)}</b>{who}")
    lines.append("")
    if missing:
        names = ", ".join(esc(label) for label in missing)
        lines.append(f"❓ <b>Perlu Ibu isi ({len(missing)}):</b> {names}.")
        lines.append("Tekan ✍️ Isi yang kurang; bot menanyakannya satu per satu.")
    elif sent_version:
        what = "Perbaikan ke-" + str(sent_version - 1) if sent_version > 1 else "Kartu"
        lines.append(f"✅ {what} sudah dikirim ke PKB ({esc(sent_on or '')}).")
    else:
        lines.append(f"Lengkap. Periksa PDF-nya, lalu tekan <b>{K0_BTN_SEND}</b>.")
    lines.append("<i>Bukan formulir resmi: draf dari catatan bot untuk mengisi kartu K/0.</i>")
    return "\n".join(lines)


def k0_ask(label: str, kind: str, low: int, high: int | None, left: int) -> str:
    """One question of the flow: the field, what a good answer looks like."""
    if kind == "year":
        hint = f"tahun 4 angka, antara {low} dan {high}, mis. {high}"
    elif high is not None:
        hint = f"angka {low} sampai {high}, mis. 5"
    else:
        hint = f"angka, paling kecil {low}"
    more = f" (masih {left} pertanyaan)" if left > 1 else ""
    return f"✍️ <b>{esc(label)}</b>?{more}\nKetik jawabannya: {hint}.\nBerhenti: /batal."


def k0_problem(problem: str, bound: int | None) -> str:
    """A typed answer refused: why, in one line (nothing is stored)."""
    if problem == "too_small":
        return f"❗ Terlalu kecil: paling sedikit {bound}. Ketik lagi, atau /batal."
    if problem == "too_large":
        return f"❗ Terlalu besar: paling banyak {bound}. Ketik lagi, atau /batal."
    return "❗ Jawab dengan angka saja, mis. 5. Ketik lagi, atau /batal."


def k0_sent(group: str, year: int, version: int) -> str:
    what = "Perbaikan kartu" if version > 1 else "Kartu"
    return (
        f"✅ {what} K/0 <b>{esc(group)}</b> (data tahun {year}) sudah dikirim ke PKB. Terima kasih!"
    )


def k0_for_pkb(
    kampung: str,
    group: str,
    code: str,
    year: int,
    *,
    version: int,
    sender: str | None,
    fields: Sequence[tuple[str, str]],
) -> str:
    """To the operators: a chair sent her group's K/0 draft (or its correction)."""
    what = "🔁 <b>Perbaikan</b> draf kartu" if version > 1 else "📥 Draf kartu"
    by = f" dari {esc(sender)}" if sender else ""
    body = "\n".join(f"• {esc(label)}: <b>{esc(value)}</b>" for label, value in fields)
    return (
        f"{what} {esc(code)} <b>{esc(group)}</b> — {esc(kampung)}, data tahun {year}{by}\n\n{body}"
    )
