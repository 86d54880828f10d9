"""What the bot can fill in on the portal's activity form by itself (docs/portal.md §1).

Plain functions over a plain dataclass: a quarterly meeting fills ``PostFacts`` today
(``ui/texts/portal.py`` ``meeting_facts``), a Poktan session can fill it the same way.
Nothing here guesses: an agency is a portal ``Instansi`` only when its name is in the
text, otherwise it is a typed "Instansi Lainnya"; a target group comes from a Poktan
only where the Poktan names it (BKB → families with balita, …), otherwise the
secretary is asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from models.portal.lists import (
    CAPTION_MAX,
    INSTANSI,
    INSTANSI_LAINNYA,
    KATEGORI,
)

TITLE_MAX = 255  # "Judul tidak boleh lebih dari 255 karakter"
TEXT_MAX = 255  # the portal's columns for a typed agency or target group are string(255)
LIKELY_KATEGORI_MAX = 6  # buttons offered before "more"


@dataclass(frozen=True)
class PostFacts:
    """What the bot knows of an activity, in the portal's terms, before asking anything."""

    title: str  # Judul Kegiatan
    day: date  # Tanggal (the portal asks for a date, no time)
    place: str  # Tempat
    description: str  # Deskripsi
    # Speakers' institutions: each is an agency involved (matched or "Lainnya").
    speaker_agencies: tuple[str, ...] = ()
    # Guests' roles as typed with /tamu: an agency only where it names one of the list.
    guest_roles: tuple[str, ...] = ()
    # The Poktan of the cadres (or the kind of the group) present.
    poktan_present: tuple[str, ...] = ()
    # Words that say what the activity was about (topic, title), for Kategori Kegiatan.
    about: str = ""


@dataclass(frozen=True)
class Agency:
    """One entry of the portal's ``Instansi`` field: a list id, or 37 with typed text."""

    instansi_id: int
    text: str  # the list's name, or what was typed (shown as "Instansi Lainnya: …")

    @property
    def typed(self) -> bool:
        return self.instansi_id == INSTANSI_LAINNYA


def _words(text: str) -> str:
    """Lower case, dashes and slashes as spaces, one space between words."""
    text = re.sub(r"[–—\-/().,;:]", " ", text.casefold())
    return " " + " ".join(text.split()) + " "


# Longest names first: "Dinas Kesehatan" before a shorter name it contains.
_BY_LENGTH = sorted(
    ((key, name) for key, name in INSTANSI if key != INSTANSI_LAINNYA),
    key=lambda entry: -len(entry[1]),
)


def match_instansi(text: str) -> int | None:
    """The portal ``Instansi`` whose whole name appears in ``text`` (as words), or None.

    "Bidan Puskesmas Sukamaju" → 30 (Puskesmas); "Dinas Kesehatan Kab. Bantul" → 19;
    "PKB Kecamatan" → None (not a name of the list).
    """
    words = _words(text)
    for key, name in _BY_LENGTH:
        if _words(name) in words:
            return key
    return None


def agencies(facts: PostFacts) -> list[Agency]:
    """The ``Instansi`` entries: speakers' institutions (a list entry where the name
    matches, otherwise typed), then guests' roles that name a list entry; no repeats."""
    found: list[Agency] = []
    seen: set[object] = set()

    def add(agency: Agency) -> None:
        key: object = agency.instansi_id
        if agency.typed:
            key = " ".join(agency.text.split()).casefold()
        if key not in seen:
            seen.add(key)
            found.append(agency)

    for institution in facts.speaker_agencies:
        institution = " ".join(institution.split())[:TEXT_MAX]
        if not institution:
            continue
        matched = match_instansi(institution)
        if matched is None:
            add(Agency(INSTANSI_LAINNYA, institution))
        else:
            add(Agency(matched, _instansi_name(matched)))
    for role in facts.guest_roles:
        matched = match_instansi(role)
        if matched is not None:
            add(Agency(matched, _instansi_name(matched)))
    return found


def _instansi_name(key: int) -> str:
    return next(name for entry, name in INSTANSI if entry == key)


# The Poktan a cadre belongs to (models.member.Poktan values) or a group's kind
# (models.poktan.kinds.PoktanKind values) → the portal's Peserta Kegiatan it names.
# UPPKS/UPPKA is for families of acceptors in general (no list entry names them);
# Pokja and "Lainnya" organise, they are not a target group.
PESERTA_OF_POKTAN: dict[str, int] = {
    "BKB": 6,  # Keluarga yang memiliki Balita
    "BKR": 7,  # Keluarga yang memiliki Remaja
    "BKL": 8,  # Keluarga yang memiliki Lansia
    "PIK-R": 3,  # Remaja
}
UNCLEAR_POKTAN = frozenset({"UPPKS", "UPPKA"})


@dataclass(frozen=True)
class PesertaGuess:
    """The target groups the Poktan present name, and whether to ask the secretary."""

    ids: tuple[int, ...]
    unclear: bool = field(default=False)


def peserta_from_poktan(poktans: Iterable[str]) -> PesertaGuess:
    """Peserta Kegiatan from the Poktan present, in the portal's order.

    Unclear (the secretary confirms with buttons) when none of them names a target
    group, or one present (UPPKS/UPPKA) has no entry of its own.
    """
    present = set(poktans)
    ids = sorted({PESERTA_OF_POKTAN[p] for p in present if p in PESERTA_OF_POKTAN})
    unclear = not ids or bool(present & UNCLEAR_POKTAN)
    return PesertaGuess(tuple(ids), unclear)


# A Poktan's own Kategori Kegiatan (docs/portal.md §1.4.5): Bina Keluarga Balita (BKB) …
KATEGORI_OF_POKTAN: dict[str, int] = {"BKB": 5, "BKR": 6, "BKL": 7, "PIK-R": 8}
_SHORT = 4  # words shorter than this say little ("dan", "bagi", "KB")
_COMMON = frozenset(
    {"kegiatan", "keluarga", "pemberian", "pelayanan", "program", "bagi", "dengan", "yang"}
)


def _significant(text: str) -> set[str]:
    return {w for w in _words(text).split() if len(w) >= _SHORT and w not in _COMMON}


def likely_kategori(facts: PostFacts) -> list[int]:
    """Kategori Kegiatan worth offering first: the Poktan present's own, then those
    sharing the most words with the title and topic (the portal's typeahead also
    filters by the title's words); at most ``LIKELY_KATEGORI_MAX``."""
    chosen: list[int] = []
    for poktan in facts.poktan_present:
        key = KATEGORI_OF_POKTAN.get(poktan)
        if key is not None and key not in chosen:
            chosen.append(key)
    words = _significant(f"{facts.title} {facts.about}")
    scored = sorted(
        ((len(words & _significant(name)), key) for key, name in KATEGORI),
        key=lambda item: (-item[0], item[1]),
    )
    chosen += [key for score, key in scored if score and key not in chosen]
    return chosen[:LIKELY_KATEGORI_MAX]


def clean_caption(text: str | None) -> str | None:
    """A photo caption the portal accepts (trimmed, at most 255 characters), or None."""
    text = " ".join((text or "").split())
    return text[:CAPTION_MAX] or None


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters at a word, with "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def kategori_page(page: int, size: int) -> Sequence[tuple[int, str]]:
    """One page of the 59 Kategori Kegiatan in the portal's order."""
    return KATEGORI[page * size : (page + 1) * size]
