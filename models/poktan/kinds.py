"""The kinds of Poktan group and what each records per member family.

The kinds are the five of BKKBN's registers (R/I/BKB, R/I/BKR, R/I/BKL, R/I/UPPKA,
R/I/PIK-R/M; docs/registers.md §1). UPPKA is the forms' name of the group members
still call UPPKS; a member whose Poktan field says UPPKS belongs to an UPPKA group.

What a family line carries beyond name and RT is the one number issue 18 names for
BKB ("number of balita") and its counterpart for BKR and BKL, whose registers are
registers *of families with* remaja / lansia (the registers' titles, docs/registers.md
§2.2). UPPKA and PIK-R keep registers of activities: no extra number per member.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from models.member import Poktan


class PoktanKind(enum.StrEnum):
    BKB = "BKB"
    BKR = "BKR"
    BKL = "BKL"
    UPPKA = "UPPKA"
    PIK_R = "PIK-R"


# A member's Poktan field (models.member.Poktan) → the kind of group it names.
KIND_OF_MEMBER_POKTAN: dict[Poktan, PoktanKind] = {
    Poktan.BKB: PoktanKind.BKB,
    Poktan.BKR: PoktanKind.BKR,
    Poktan.BKL: PoktanKind.BKL,
    Poktan.UPPKS: PoktanKind.UPPKA,
    Poktan.PIK_R: PoktanKind.PIK_R,
}


@dataclass(frozen=True)
class FamilyCount:
    """One whole number a family line of this kind must give, e.g. its balita."""

    key: str  # stored under this key in PoktanFamily.details
    label: str  # Indonesian, as the chair reads it ("jumlah balita")
    minimum: int
    maximum: int


FAMILY_COUNT: dict[PoktanKind, FamilyCount | None] = {
    PoktanKind.BKB: FamilyCount("balita", "jumlah balita", 0, 9),
    PoktanKind.BKR: FamilyCount("remaja", "jumlah remaja", 0, 9),
    PoktanKind.BKL: FamilyCount("lansia", "jumlah lansia", 0, 9),
    PoktanKind.UPPKA: None,
    PoktanKind.PIK_R: None,
}

# Who a member line names: a family (mother's or family's name) or, in PIK-R, the youth.
MEMBER_IS_YOUTH: frozenset[PoktanKind] = frozenset({PoktanKind.PIK_R})

# The topic buttons a chair picks from after a session ("or typed" is always offered).
# Suggestions, not official codes; each list's source is in docs/registers.md §3:
# BKB by the children's age group (Dinas P3A dan KB Kab. Ngawi, 2018), BKR the guideline's
# materi (Pedoman Pengelolaan BKR, via a USU thesis), BKL the seven dimensions of Lansia
# Tangguh (Materi BKL Lini Lapangan, BKKBN 2017). No list was found for UPPKA and PIK-R:
# they get the eight family functions of the Kampung KB portal (docs/portal.md §1.4.1).
FAMILY_FUNCTIONS: tuple[str, ...] = (
    "Fungsi Keagamaan",
    "Fungsi Pendidikan",
    "Fungsi Reproduksi",
    "Fungsi Ekonomi",
    "Fungsi Perlindungan",
    "Fungsi Kasih Sayang",
    "Fungsi Sosial Budaya",
    "Fungsi Pembinaan Lingkungan",
)

USUAL_TOPICS: dict[PoktanKind, tuple[str, ...]] = {
    PoktanKind.BKB: (
        "Kelompok umur 0–1 tahun",
        "Kelompok umur 1–2 tahun",
        "Kelompok umur 2–3 tahun",
        "Kelompok umur 3–4 tahun",
        "Kelompok umur 4–5 tahun",
        "Kelompok umur 5–6 tahun",
    ),
    PoktanKind.BKR: (
        "Konsep dasar BKR",
        "Pemantauan 8 fungsi keluarga",
        "Tumbuh kembang anak dan remaja",
        "Reproduksi sehat",
        "Pembinaan anak dan remaja",
        "Pengelolaan program BKR",
    ),
    PoktanKind.BKL: (
        "Dimensi Spiritual",
        "Dimensi Intelektual",
        "Dimensi Fisik",
        "Dimensi Emosional",
        "Dimensi Sosial Kemasyarakatan",
        "Dimensi Profesional Vokasional",
        "Dimensi Lingkungan",
    ),
    PoktanKind.UPPKA: FAMILY_FUNCTIONS,
    PoktanKind.PIK_R: FAMILY_FUNCTIONS,
}
