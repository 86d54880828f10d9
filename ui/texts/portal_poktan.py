"""The portal post of a Poktan session (issue 19 with issue 18): the words the bot fills
in for it, and what the chair or the secretary reads around the post card.

The card itself and the copy-ready fields are the meeting's (``ui/texts/portal.py``):
one post, two kinds of activity.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from models.poktan.kinds import PoktanKind
from ui.formatting import format_date
from ui.texts.common import esc

# The kind's name in full, as a description says it (ui/texts/poktan.py KIND_LABELS is
# the short label of a button or a card).
KIND_NAMES: dict[PoktanKind, str] = {
    PoktanKind.BKB: "Bina Keluarga Balita (BKB)",
    PoktanKind.BKR: "Bina Keluarga Remaja (BKR)",
    PoktanKind.BKL: "Bina Keluarga Lansia (BKL)",
    PoktanKind.UPPKA: "Usaha Peningkatan Pendapatan Keluarga Akseptor (UPPKA)",
    PoktanKind.PIK_R: "Pusat Informasi dan Konseling Remaja (PIK-R)",
}

BTN_SESSION_POST = "🌐 Posting portal"
SESSION_POST_INTRO = (
    "🌐 Pertemuan ini bisa diposting di portal Kampung KB. Isiannya sudah disiapkan "
    "di bawah; jawab yang ditanyakan dengan tombol."
)
SESSION_NO_PHOTOS_YET = "belum ada foto (tambahkan lewat Riwayat → 📷 Foto)"
SESSION_POST_GONE = "Pertemuan ini sudah dihapus atau belum dicatat sebagai diadakan."


def group_title(kind: PoktanKind, group_name: str) -> str:
    """The group as a title names it: "BKB Melati"; the kind is added when the group's
    name does not start with it ("Melati" → "BKB Melati")."""
    name = " ".join(group_name.split())
    if name.casefold().startswith(kind.value.casefold()):
        return name
    return f"{kind.value} {name}"


def session_title(kind: PoktanKind, group_name: str, kampung_name: str, topic: str | None) -> str:
    """Judul Kegiatan: "Pertemuan BKB Melati Kampung KB …: <topic>"."""
    title = f"Pertemuan {group_title(kind, group_name)} {kampung_name}"
    return f"{title}: {topic}" if topic else title


def session_place(place: str | None, rts: Sequence[str], kampung_name: str) -> str:
    """Tempat: the planned place when there was one, otherwise the group's RTs and the
    kampung (the session was held among them)."""
    if place:
        return place
    if rts:
        return f"{', '.join(f'RT {rt}' for rt in rts)}, {kampung_name}"
    return kampung_name


def session_description(
    *,
    kind: PoktanKind,
    group_name: str,
    kampung_name: str,
    day: date,
    topic: str | None,
    present: int,
    families: int,
    typed_count: bool,
    speakers: str | None,
    photos: int,
) -> str:
    """Deskripsi: what happened, in plain sentences from the session's record."""
    about = f' dengan topik "{topic}"' if topic else ""
    sentences = [
        f"Pada {format_date(day)}, kelompok {group_title(kind, group_name)} "
        f"({KIND_NAMES[kind]}) {kampung_name} mengadakan pertemuan{about}."
    ]
    if families:
        how = " (menurut daftar hadir kertas)" if typed_count else ""
        sentences.append(f"Hadir {present} dari {families} keluarga anggota{how}.")
    elif present:
        sentences.append(f"Hadir {present} keluarga anggota.")
    if speakers:
        sentences.append(f"Narasumber: {speakers}.")
    if photos:
        sentences.append(f"Dokumentasi: {photos} foto.")
    return " ".join(sentences)


def session_post_heading(group_name: str, day: date) -> str:
    return f"🌐 Posting portal untuk pertemuan {esc(group_name)}, {format_date(day)}:"
