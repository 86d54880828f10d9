"""The portal post of an activity: the form's fields in the portal's order (issue 19).

Field labels and list entries are the portal's own (models/portal/lists.py); everything
around them is the bot's Indonesian.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from zoneinfo import ZoneInfo

from models.portal.lists import (
    FIELD_DESKRIPSI,
    FIELD_GAMBAR,
    FIELD_INSTANSI,
    FIELD_JENIS_POST,
    FIELD_JUDUL,
    FIELD_KATEGORI,
    FIELD_PESERTA,
    FIELD_SEKSI,
    FIELD_TANGGAL,
    FIELD_TEMPAT,
    INSTANSI_LAINNYA_PREFIX,
    JENIS_KEGIATAN,
    JENIS_POST,
    PESERTA,
    SEKSI,
    kategori_name,
    name_of,
)
from models.portal.posts import PostView, Step
from models.portal.prefill import Agency, PostFacts
from ui.formatting import format_short_datetime
from ui.texts.common import MAX_MESSAGE_LENGTH, esc, visible_length
from ui.texts.portal_poktan import SESSION_NO_PHOTOS_YET

POST_HEADING = "🌐 <b>Posting portal Kampung KB</b>"
NOT_ANSWERED = "❓ belum dipilih"
NO_AGENCY = "— (tidak ada narasumber/tamu dari instansi; pilih di portal)"
NO_PHOTOS_YET = "belum ada foto (kirim foto ke bot, lalu /rekap lagi)"

ASK = {
    Step.SEKSI: f"👉 Pilih <b>{FIELD_SEKSI}</b>:",
    Step.KATEGORI: (
        f"👉 Pilih <b>{FIELD_KATEGORI}</b> (yang paling mungkin ada di bawah; "
        "📚 untuk semua 59 kategori):"
    ),
    Step.PESERTA: (
        f"👉 Centang <b>{FIELD_PESERTA}</b> (boleh lebih dari satu), lalu tekan Lanjut. "
        "Peserta lain diketik langsung di portal."
    ),
    Step.JENIS: f"👉 Pilih <b>{FIELD_JENIS_POST}</b>:",
    Step.SEBELUM: "👉 Foto mana yang <b>Sebelum</b>? (nomor sesuai urutan foto)",
    Step.SESUDAH: "👉 Foto mana yang <b>Sesudah</b>?",
    Step.CAPTION: (
        "👉 Portal mewajibkan keterangan (caption) untuk setiap foto Kegiatan. "
        "Tekan foto yang belum berketerangan lalu ketik keterangannya."
    ),
}
POST_COMPLETE = (
    "✅ Semua isian lengkap. Salin isian di pesan berikut ke formulir portal, unggah "
    "fotonya, lalu tekan <b>✅ Sudah diposting</b>."
)
BTN_POSTED = "✅ Sudah diposting"
BTN_PORTAL_REDO = "✏️ Ubah jawaban"
BTN_SEND_AGAIN = "📋 Kirim isian & foto lagi"
BTN_ALL_KATEGORI = "📚 Semua kategori"
BTN_LIKELY_KATEGORI = "⭐ Yang paling mungkin"
BTN_PESERTA_DONE = "Lanjut ▶"
PESERTA_NONE = "Centang minimal satu peserta (aturan portal: minimal satu)."
TOO_FEW_PHOTOS = (
    "Jenis Sebelum - Sesudah perlu dua foto. Kirim foto ke bot dulu, atau pilih Kegiatan."
)
SAME_PHOTO = "Foto itu sudah dipilih sebagai Sebelum. Pilih foto lain untuk Sesudah."
FIVE_PHOTOS = "Portal menerima paling banyak 5 foto Kegiatan. Keluarkan satu foto dulu."
ALREADY_POSTED = "Sudah ditandai diposting sebelumnya."
CAPTION_ASK = (
    "✍️ Ketik keterangan untuk <b>Foto {number}</b> (maksimal 255 karakter). "
    "Ketik /batal untuk membatalkan."
)
CAPTION_EMPTY = "Keterangan tidak boleh kosong. Ketik keterangannya, atau /batal."
CAPTION_NOT_TEXT = "Mohon kirim keterangan sebagai teks, atau ketik /batal."
CAPTION_CANCELLED = "Baik, keterangan tidak diubah."
CAPTION_TIMED_OUT = (
    "Waktu mengetik keterangan habis. Tekan lagi tombol fotonya di kartu posting portal "
    "(rapat: /rekap; pertemuan Poktan: Riwayat → 🌐 Posting portal)."
)
CAPTION_SAVED = "✅ Keterangan Foto {number} disimpan."
FIELDS_HEADING = (
    "📋 <b>Isian portal</b> — sesuai urutan formulir <i>Intervensi / Kegiatan</i>. "
    "Ketuk teks abu-abu untuk menyalin, tempel di kolom yang sama:"
)
ALBUM_NOTE = "🖼 Foto untuk kolom Gambar, sesuai urutan portal:"


DESCRIPTION_SHOWN = 1500  # the card shows this much; the copy message has it whole
DESCRIPTION_SHORT = 200  # … or this much when the card would not fit one message


def _short(text: str, limit: int) -> str:
    """``text`` on one line (the card's HTML tags must not span lines), cut to ``limit``."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def portal_date(day: date) -> str:
    """The date as the portal's picker shows it (``DD / MM / YYYY``)."""
    return day.strftime("%d/%m/%Y")


def agency_label(agency: Agency) -> str:
    if agency.typed:
        return f"{INSTANSI_LAINNYA_PREFIX}{agency.text}"
    return agency.text


def peserta_label(ids: Sequence[int]) -> str:
    names = [name_of(PESERTA, key) for key in ids]
    return ", ".join(name for name in names if name) or NOT_ANSWERED


def photo_label(number: int, caption: str | None, *, limit: int = 30) -> str:
    if not caption:
        return f"Foto {number}"
    short = caption if len(caption) <= limit else caption[: limit - 1] + "…"
    return f"Foto {number}: {short}"


def _gambar(view: PostView) -> str:
    post = view.post
    if not view.available:
        return NO_PHOTOS_YET if post.poktan_session_id is None else SESSION_NO_PHOTOS_YET
    if post.jenis_post_id is None:
        return f"{len(view.available)} foto tersedia"
    numbers = {photo.id: number for number, photo in enumerate(view.available, start=1)}
    if post.jenis_post_id == JENIS_KEGIATAN:
        parts = [
            f"Foto {numbers[p.photo_id]}" + (f" ({esc(p.caption)})" if p.caption else " ❓")
            for p in view.chosen
        ]
        return f"{len(view.chosen)} foto Kegiatan: " + ", ".join(parts)
    parts = [f"{p.kind}: Foto {numbers[p.photo_id]}" for p in view.chosen]
    return "; ".join(parts) or NOT_ANSWERED


def _fields(
    facts: PostFacts,
    view: PostView,
    agencies: Sequence[Agency],
    shown: int = DESCRIPTION_SHOWN,
) -> list[str]:
    post = view.post
    seksi = name_of(SEKSI, post.seksi_id) if post.seksi_id is not None else None
    kategori = kategori_name(post.kategori_id) if post.kategori_id is not None else None
    jenis = name_of(JENIS_POST, post.jenis_post_id) if post.jenis_post_id is not None else None
    peserta = peserta_label(post.peserta_ids)
    if not post.peserta_confirmed and post.peserta_ids:
        peserta += " (perlu dikonfirmasi)"
    instansi = "; ".join(esc(agency_label(a)) for a in agencies) or NO_AGENCY
    return [
        f"1. {FIELD_JUDUL}: {esc(facts.title)}",
        f"2. {FIELD_TANGGAL}: {portal_date(facts.day)}",
        f"3. {FIELD_TEMPAT}: {esc(facts.place)}",
        f"4. {FIELD_DESKRIPSI}: <i>{esc(_short(facts.description, shown))}</i>",
        f"5. {FIELD_SEKSI}: {esc(seksi) if seksi else NOT_ANSWERED}",
        f"6. {FIELD_KATEGORI}: {esc(kategori) if kategori else NOT_ANSWERED}",
        f"7. {FIELD_PESERTA}: {esc(peserta)}",
        f"8. {FIELD_INSTANSI}: {instansi}",
        f"9. {FIELD_JENIS_POST}: {esc(jenis) if jenis else NOT_ANSWERED}",
        f"10. {FIELD_GAMBAR}: {_gambar(view)}",
    ]


def post_card(
    facts: PostFacts,
    view: PostView,
    agencies: Sequence[Agency],
    *,
    posted_by: str | None = None,
    tz: ZoneInfo | None = None,
) -> str:
    """The post as it stands: every field in the portal's order, then the next question.
    One message (it is edited in place): the description is shortened to fit."""
    lines = [POST_HEADING, "", *_fields(facts, view, agencies), ""]
    if visible_length("\n".join(lines)) > MAX_MESSAGE_LENGTH - 400:
        lines = [POST_HEADING, "", *_fields(facts, view, agencies, DESCRIPTION_SHORT), ""]
    post = view.post
    if post.posted_at is not None and tz is not None:
        who = f" oleh {esc(posted_by)}" if posted_by else ""
        lines.append(f"✅ Sudah diposting{who}, {format_short_datetime(post.posted_at, tz)}.")
    elif view.step is Step.DONE:
        lines.append(POST_COMPLETE)
    else:
        lines.append(ASK[view.step])
    return "\n".join(lines)


def _copy(label: str, value: str) -> str:
    return f"<b>{label}</b>\n<code>{esc(value)}</code>"


def post_fields(facts: PostFacts, view: PostView, agencies: Sequence[Agency]) -> list[str]:
    """The complete post, field by field, each value tappable to copy. One message
    when it fits; otherwise the description goes in messages of its own (plain text,
    which the sender splits between lines when it is longer than one message)."""
    post = view.post
    jenis = name_of(JENIS_POST, post.jenis_post_id or 0) or ""
    before = [
        FIELDS_HEADING,
        _copy(FIELD_JUDUL, facts.title),
        _copy(FIELD_TANGGAL, portal_date(facts.day)),
        _copy(FIELD_TEMPAT, facts.place),
    ]
    description = _copy(FIELD_DESKRIPSI, facts.description)
    after = [
        _copy(FIELD_SEKSI, name_of(SEKSI, post.seksi_id or 0) or ""),
        _copy(FIELD_KATEGORI, kategori_name(post.kategori_id or 0) or ""),
        _copy(FIELD_PESERTA, peserta_label(post.peserta_ids)),
        (
            f"<b>{FIELD_INSTANSI}</b> (satu per satu)\n"
            + "\n".join(f"<code>{esc(a.text)}</code>" for a in agencies)
            + (
                "\n<i>Yang bukan dari daftar portal: ketik namanya di kolom Instansi.</i>"
                if any(a.typed for a in agencies)
                else ""
            )
            if agencies
            else f"<b>{FIELD_INSTANSI}</b>\n{NO_AGENCY}"
        ),
        _copy(FIELD_JENIS_POST, jenis),
    ]
    whole = "\n\n".join([*before, description, *after])
    if visible_length(whole) <= MAX_MESSAGE_LENGTH:
        return [whole]
    if visible_length(description) > MAX_MESSAGE_LENGTH:
        description = f"<b>{FIELD_DESKRIPSI}</b>\n{esc(facts.description)}"
    return ["\n\n".join(before), description, "\n\n".join(after)]


def posted_now(name: str | None, when: datetime, tz: ZoneInfo) -> str:
    who = f" oleh {esc(name)}" if name else ""
    return f"✅ Ditandai sudah diposting{who}, {format_short_datetime(when, tz)}."


def kategori_page_note(page: int, pages: int) -> str:
    return f"Kategori Kegiatan, halaman {page + 1} dari {pages}:"


def caption_too_long(limit: int) -> str:
    return f"Keterangan terlalu panjang (maksimal {limit} karakter). Mohon diringkas."


def album_caption(kind: str, caption: str | None) -> str:
    """An album photo's caption: the portal caption to paste (Kegiatan), or its slot
    (Sebelum, Sesudah: the portal has no caption for them)."""
    return caption or kind
