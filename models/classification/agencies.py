"""Proses Lintas Sektor: the portal's agency list, and which entry a recorded name is.

The portal counts distinct entries of its own list of 37 agencies over all of a
kampung's posts (``count(distinct instansi_id)``); every agency typed outside the
list is entry 37 "Lainnya", so all of those together count once (docs/portal.md 1.4.3
and 3.2). The bot knows agencies as free text: a speaker's institution and a guest's
role. A text is put on a list entry only when it plainly names it (the words below);
a speaker's institution that names none is "Lainnya", as it would be on the portal;
a guest's role that names none is no agency (most guests are persons of the kampung).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from models.meeting import Sector

# docs/portal.md 1.4.3, InstansiSeeder.php (spelling as in the seeder).
INSTANSI: dict[int, str] = {
    1: "Dinas Perhubungan",
    2: "Dinas Kelautan dan Perikanan",
    3: "Dinas Pariwisata",
    4: "Dinas Energi dan Sumber Daya Mineral",
    5: "Dinas Dukcapil",
    6: "TNI – POLRI",
    7: "Kanwil Kementerian Hukum dan HAM",
    8: "Dinas Kominfo",
    9: "BUMN dan BUMD",
    10: "Dinas Koperasi",
    11: "Dinas Perindustrian",
    12: "Dinas Perdagangan",
    13: "Dinas Pertanian",
    14: "Dinas Ketenagakerjaan",
    15: "Dinas Pekerjaan Umum dan Perumahan Rakyat",
    16: "Dinas Kehutanan dan Lingkungan Hidup",
    17: "Dinas Bina Marga dan Penataan Ruang",
    18: "Kanwil Kementrian Agama",
    19: "Dinas Kesehatan",
    20: "Dinas Sosial",
    21: "Dinas PP dan PA",
    22: "Dinas Pendidikan",
    23: "Dinas Pemuda dan Olahraga",
    24: "Dinas Pemberdayaan dan Masyarakat Desa",
    25: "Pemerintahan Daerah",
    26: "OPD Pengendalian Penduduk dan KB",
    27: "Pemerintahan Desa/Lurah",
    28: "Lembaga Pendidikan",
    29: "Swasta/Perusahaan",
    30: "Puskesmas",
    31: "Rumah Sakit/Klinik",
    32: "Komponen Masyarakat Kampung KB",
    33: "BPS",
    34: "Perwakilan BKKBN",
    35: "Dinas Ketahanan Pangan",
    36: "Dinas Peternakan dan Kesehatan Hewan",
    37: "Lainnya",
}
LAINNYA = 37

# Most specific first: "Dinas Peternakan dan Kesehatan Hewan" before "kesehatan".
_WORDS: tuple[tuple[int, str], ...] = (
    (36, r"peternakan|kesehatan hewan|keswan"),
    (35, r"ketahanan pangan"),
    (34, r"bkkbn"),
    (26, r"pengendalian penduduk|dppkb|dp2kb|dp3ap2kb|opd kb|dinas kb"),
    (21, r"pp dan pa|pppa|dp3a|pemberdayaan perempuan|perlindungan anak"),
    (24, r"pemberdayaan masyarakat|dpmd|pmd"),
    (33, r"bps|badan pusat statistik"),
    (5, r"dukcapil|kependudukan dan pencatatan sipil|disdukcapil"),
    (6, r"tni|polri|polisi|polsek|polres|polresta|koramil|kodim|babinsa|bhabinkamtibmas"),
    (7, r"hukum dan ham|kemenkumham"),
    (8, r"kominfo|diskominfo|komunikasi dan informatika"),
    (18, r"kementerian agama|kementrian agama|kemenag|kua"),
    (31, r"rumah sakit|rsud|rsu|klinik"),
    (30, r"puskesmas|pustu"),
    (19, r"dinas kesehatan|dinkes"),
    (20, r"dinas sosial|dinsos"),
    (22, r"dinas pendidikan|disdik|dinas pendidikan dan kebudayaan"),
    (23, r"pemuda dan olahraga|dispora"),
    (1, r"perhubungan|dishub"),
    (2, r"kelautan|perikanan"),
    (3, r"pariwisata|dispar"),
    (4, r"energi dan sumber daya mineral|esdm"),
    (10, r"koperasi"),
    (11, r"perindustrian"),
    (12, r"perdagangan|disperindag"),
    (13, r"pertanian|penyuluh pertanian"),
    (14, r"ketenagakerjaan|disnaker|disnakertrans"),
    (15, r"pekerjaan umum|pupr|perumahan rakyat"),
    (16, r"kehutanan|lingkungan hidup|dlh"),
    (17, r"bina marga|penataan ruang"),
    (9, r"bumn|bumd|pln|pertamina|pdam|telkom|bank bri|bri|bni|btn|pegadaian|bpjs"),
    (27, r"kelurahan|lurah|desa|kepala desa|sekdes|perangkat desa"),
    (25, r"pemerintah daerah|pemda|pemkot|pemkab|pemprov|bappeda|kecamatan|camat"),
    (28, r"sekolah|sd|smp|sma|smk|universitas|politeknik|kampus|mahasiswa|kkn|stikes|institut"),
    (32, r"pkk|tokoh agama|tokoh masyarakat|toga|toma|karang taruna|ketua rt|ketua rw"),
    (29, r"swasta|perusahaan|pt|cv|tbk"),
)
_PATTERNS = tuple((number, re.compile(rf"\b(?:{words})\b")) for number, words in _WORDS)
_SECTOR_ENTRY = {Sector.BUMN: 9, Sector.PRIVATE: 29}


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w/ ]+", " ", text.casefold()).split())


def instansi_of(text: str) -> int | None:
    """The list entry a name plainly names, or None."""
    plain = _plain(text)
    for number, pattern in _PATTERNS:
        if pattern.search(plain):
            return number
    return None


def speaker_entry(institution: str, sector: Sector) -> int:
    """A speaker's institution as the portal would store it (Lainnya when not on the list)."""
    found = instansi_of(institution)
    if found is not None:
        return found
    return _SECTOR_ENTRY.get(sector, LAINNYA)


@dataclass(frozen=True)
class Agencies:
    """The distinct list entries found, each with the recorded names behind it."""

    entries: dict[int, tuple[str, ...]]

    @property
    def count(self) -> int:
        return len(self.entries)


def agencies_of(speakers: Iterable[tuple[str, Sector]], guest_roles: Iterable[str]) -> Agencies:
    """Distinct entries from speakers' (institution, sector) and guests' roles."""
    found: dict[int, set[str]] = {}
    for institution, sector in speakers:
        found.setdefault(speaker_entry(institution, sector), set()).add(
            " ".join(institution.split())
        )
    for role in guest_roles:
        number = instansi_of(role)
        if number is not None:
            found.setdefault(number, set()).add(" ".join(role.split()))
    return Agencies({n: tuple(sorted(found[n], key=str.casefold)) for n in sorted(found)})
