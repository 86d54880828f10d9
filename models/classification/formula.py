"""The Kampung KB portal's classification formula, as data and plain functions.

Read from the portal's own SQL (``database/sql/statistik/classification/kampung.sql``
of the public copy ``willyprmn/Kampung-KB``; see docs/portal.md section 3). Every
indicator is a CASE over one number, kept here as the SQL writes it (the same
operators and the same bounds, evaluated top to bottom, first match wins); Input
Pokja is the one indicator over flags (``pokja_score``).

Where ours differs from the SQL, on purpose (docs/portal.md section 7):

- An indicator the bot does not know is ``None`` ("belum diisi"), never 1. The SQL
  scores a missing Output figure 1; here the index it belongs to is not computed but
  bounded (``IndexResult.low``/``high``), and the category is certain only when both
  bounds give the same one.
- The Output percentages are whole numbers rounded as PostgreSQL rounds a double
  (half to even), which is what ``round()`` does on a ``Fraction``.

Nothing here knows the database or Telegram.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from itertools import combinations
from typing import Literal

# An index "reaches" when its value, rounded to 2 decimals, is at least this.
REACH = Decimal(3)


class Index(enum.StrEnum):
    INPUT = "Input"
    PROSES = "Proses"
    OUTPUT = "Output"


class Category(enum.IntEnum):
    """The four categories, in rising order (the portal's words are their labels)."""

    DASAR = 1
    BERKEMBANG = 2
    MANDIRI = 3
    BERKELANJUTAN = 4

    @property
    def label(self) -> str:
        return self.name.capitalize()


class Ind(enum.StrEnum):
    """The twelve indicators, in the portal's order (KlasifikasiDataTable's columns)."""

    POKJA = "pokja"
    SUMBER_DANA = "sumber_dana"
    POKTAN = "poktan"
    SARANA = "sarana"
    PKB = "pkb"
    PENGGUNAAN_DATA = "penggunaan_data"
    OPERASIONAL = "operasional"
    LINTAS_SEKTOR = "lintas_sektor"
    OUTPUT_POKTAN = "output_poktan"
    CPR = "cpr"
    MKJP = "mkjp"
    UNMET_NEED = "unmet_need"


Op = Literal["=", "<", ">", "between"]


@dataclass(frozen=True)
class Case:
    """One ``WHEN`` of the SQL's CASE: ``value <op> a`` (``between a and b``: inclusive)."""

    score: int
    op: Op
    a: Decimal
    b: Decimal | None = None

    def matches(self, value: Decimal) -> bool:
        if self.op == "=":
            return value == self.a
        if self.op == "<":
            return value < self.a
        if self.op == ">":
            return value > self.a
        assert self.b is not None
        return self.a <= value <= self.b


def _c(score: int, op: Op, a: str | int, b: str | int | None = None) -> Case:
    return Case(score, op, Decimal(a), None if b is None else Decimal(b))


@dataclass(frozen=True)
class Indicator:
    key: Ind
    index: Index
    title: str  # the portal's column title (admin recap, KlasifikasiDataTable)
    cases: tuple[Case, ...]  # empty for Input Pokja (flags, see pokja_score)
    max_score: int
    higher_is_better: bool = True
    percent: bool = False  # the value is a whole percentage, 0..100 and more


INDICATORS: tuple[Indicator, ...] = (
    Indicator(Ind.POKJA, Index.INPUT, "Input Pokja", (), 4),
    Indicator(
        Ind.SUMBER_DANA,
        Index.INPUT,
        "Input Sumber Dana",
        (_c(1, "=", 0), _c(2, "=", 1), _c(3, "between", 2, 4), _c(4, ">", 4)),
        4,
    ),
    Indicator(
        Ind.POKTAN,
        Index.INPUT,
        "Input Poktan",
        (_c(1, "=", 0), _c(2, "between", 1, 2), _c(3, "between", 3, 4), _c(4, ">", 4)),
        4,
    ),
    Indicator(
        Ind.SARANA,
        Index.INPUT,
        "Input Sarana",
        (_c(1, "=", 0), _c(2, "=", 1), _c(3, "=", 2)),
        3,
    ),
    # PLKB accompaniment and regulation: the value is how many of the two are "Ya".
    Indicator(
        Ind.PKB,
        Index.INPUT,
        "Input PKB/PLKB",
        (_c(1, "=", 0), _c(3, "=", 2), _c(2, "=", 1)),
        3,
    ),
    Indicator(
        Ind.PENGGUNAAN_DATA,
        Index.PROSES,
        "Proses Penggunaan Data",
        (_c(1, "=", 0), _c(2, "=", 1), _c(3, "between", 2, 3), _c(4, ">", 3)),
        4,
    ),
    Indicator(
        Ind.OPERASIONAL,
        Index.PROSES,
        "Proses Operasional",
        (_c(1, "=", 0), _c(2, "between", 1, 2), _c(3, "between", 3, 4), _c(4, ">", 4)),
        4,
    ),
    Indicator(
        Ind.LINTAS_SEKTOR,
        Index.PROSES,
        "Proses Lintas Sektor",
        (_c(1, "=", 0), _c(2, "between", 1, 3), _c(3, "between", 4, 6), _c(4, ">", 6)),
        4,
    ),
    Indicator(
        Ind.OUTPUT_POKTAN,
        Index.OUTPUT,
        "Output Poktan",
        (_c(1, "<", 10), _c(2, "between", 10, 20), _c(3, "between", 21, 30), _c(4, ">", 30)),
        4,
        percent=True,
    ),
    Indicator(
        Ind.CPR,
        Index.OUTPUT,
        "Output CPR",
        (_c(1, "<", 30), _c(2, "between", 30, 40), _c(3, "between", 41, 50), _c(4, ">", 50)),
        4,
        percent=True,
    ),
    Indicator(
        Ind.MKJP,
        Index.OUTPUT,
        "Output MKJP",
        (_c(1, "<", 20), _c(2, "between", 20, 22), _c(3, "between", 23, 24), _c(4, ">", 24)),
        4,
        percent=True,
    ),
    Indicator(
        Ind.UNMET_NEED,
        Index.OUTPUT,
        "Output Unmet Need",
        (
            _c(1, ">", "12.1"),
            _c(2, "between", "9.1", 12),
            _c(3, "between", "6.1", 9),
            _c(4, "<", "6.1"),
        ),
        4,
        higher_is_better=False,
        percent=True,
    ),
)
BY_KEY: Mapping[Ind, Indicator] = {indicator.key: indicator for indicator in INDICATORS}
INDEX_INDICATORS: Mapping[Index, tuple[Ind, ...]] = {
    index: tuple(i.key for i in INDICATORS if i.index is index) for index in Index
}


@dataclass(frozen=True)
class PokjaFacts:
    """Input Pokja's three columns: Kepengurusan/Pokja, Jumlah Anggota Pokja, Pelatihan."""

    pengurusan: bool
    jumlah: int
    pelatihan: bool


def pokja_score(facts: PokjaFacts) -> int:
    """The SQL's ``input_pokja`` CASE."""
    if not facts.pengurusan:
        return 1
    if facts.jumlah > 0 and facts.pelatihan:
        return 4
    if facts.jumlah > 0 or facts.pelatihan:
        return 3
    return 2


Value = int | PokjaFacts


def score(key: Ind, value: Value | None) -> int | None:
    """The indicator's score 1..4, or None when its value is not known ("belum diisi").

    A value no CASE matches (the SQL would give NULL) is also None.
    """
    if value is None:
        return None
    if key is Ind.POKJA:
        assert isinstance(value, PokjaFacts)
        return pokja_score(value)
    assert isinstance(value, int)
    number = Decimal(value)
    for case in BY_KEY[key].cases:
        if case.matches(number):
            return case.score
    return None


def portal_percent(part: int, whole: int) -> int:
    """``ROUND(part / whole::float * 100)``, or 0 when ``whole`` is not positive (as the SQL)."""
    if whole <= 0:
        return 0
    return round(Fraction(part * 100, whole))


def poktan_participation(pairs: Iterable[tuple[int, int]]) -> int:
    """Output Poktan's value: each kind's (participating, eligible) families as a rounded
    percentage, summed and divided by 5 (a kind without figures adds 0), rounded."""
    total = sum(portal_percent(part, whole) for part, whole in pairs)
    return round(Fraction(total, 5))


def index_value(scores: Iterable[int], count: int) -> Decimal:
    """``ROUND(sum / count::decimal, 2)`` (numeric rounding: half away from zero)."""
    return (Decimal(sum(scores)) / Decimal(count)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def category_of(input_reaches: bool, proses_reaches: bool, output_reaches: bool) -> Category:
    """The SQL's ``klasifikasi`` CASE, over which indices reach 3."""
    reached = input_reaches + proses_reaches + output_reaches
    if reached <= 1:
        return Category.DASAR
    if input_reaches and proses_reaches and not output_reaches:
        return Category.BERKEMBANG
    if reached == 3:
        return Category.BERKELANJUTAN
    return Category.MANDIRI  # Output and one of Input/Proses


@dataclass(frozen=True)
class IndexResult:
    index: Index
    scores: Mapping[Ind, int | None]

    @property
    def complete(self) -> bool:
        return all(s is not None for s in self.scores.values())

    @property
    def missing(self) -> tuple[Ind, ...]:
        return tuple(k for k, s in self.scores.items() if s is None)

    @property
    def low(self) -> Decimal:
        """The index if every missing indicator turned out 1 (a bound, not a value)."""
        return index_value((s or 1 for s in self.scores.values()), len(self.scores))

    @property
    def high(self) -> Decimal:
        """The index if every missing indicator turned out at its maximum."""
        return index_value(
            (BY_KEY[k].max_score if s is None else s for k, s in self.scores.items()),
            len(self.scores),
        )

    @property
    def value(self) -> Decimal | None:
        return self.low if self.complete else None

    @property
    def points(self) -> int:
        """The sum of the known scores."""
        return sum(s for s in self.scores.values() if s is not None)

    @property
    def deficit(self) -> int:
        """Points still needed to reach 3 (complete indices only; 0 when reached)."""
        return max(0, int(REACH) * len(self.scores) - self.points)


@dataclass(frozen=True)
class Classification:
    indices: Mapping[Index, IndexResult]

    @property
    def complete(self) -> bool:
        return all(r.complete for r in self.indices.values())

    @property
    def low(self) -> Category:
        """The category with every missing indicator at 1."""
        return category_of(*(self.indices[i].low >= REACH for i in Index))

    @property
    def high(self) -> Category:
        """The category with every missing indicator at its maximum."""
        return category_of(*(self.indices[i].high >= REACH for i in Index))

    @property
    def category(self) -> Category | None:
        """The category when it is certain (whatever the missing indicators turn out)."""
        return self.low if self.low is self.high else None


def classify(scores: Mapping[Ind, int | None]) -> Classification:
    """Scores (None: "belum diisi") → indices and category bounds."""
    return Classification(
        {
            index: IndexResult(index, {k: scores.get(k) for k in INDEX_INDICATORS[index]})
            for index in Index
        }
    )


# --- what would raise the category -----------------------------------------------------


def next_value(key: Ind, value: int, limit: int = 1000) -> int | None:
    """The nearest value of the indicator's number that scores one more than ``value``
    does (for Unmet Need, lower is better), or None at the top."""
    indicator = BY_KEY[key]
    current = score(key, value)
    if current is None or current >= indicator.max_score:
        return None
    step = 1 if indicator.higher_is_better else -1
    candidate = value + step
    while 0 <= candidate <= limit:
        found = score(key, candidate)
        if found is not None and found > current:
            return candidate
        candidate += step
    return None


@dataclass(frozen=True)
class Lift:
    """An index that must reach 3: ``points`` more points from its indicators."""

    index: Index
    points: int
    open: tuple[Ind, ...]  # its indicators below their maximum, any of which can give them


@dataclass(frozen=True)
class Raise:
    """One way up: lift these indices and the category becomes ``category``."""

    category: Category
    lifts: tuple[Lift, ...]

    @property
    def cost(self) -> int:
        return sum(lift.points for lift in self.lifts)


def raises(result: Classification) -> list[Raise]:
    """The smallest ways to a higher category, cheapest first (a complete result only).

    A point is one indicator one score higher. For every category above the current
    one, the set of indices to lift that costs fewest points; a way is dropped when a
    way to a higher category costs no more.
    """
    if not result.complete:
        return []
    current = result.category
    assert current is not None
    below = [r for r in result.indices.values() if r.low < REACH]
    best: dict[Category, Raise] = {}
    for size in range(1, len(below) + 1):
        for chosen in combinations(below, size):
            if any(
                r.deficit > sum(BY_KEY[k].max_score - (s or 0) for k, s in r.scores.items())
                for r in chosen
            ):
                continue  # this index cannot reach 3 at all
            names = {r.index for r in chosen}
            category = category_of(*(result.indices[i].low >= REACH or i in names for i in Index))
            if category <= current:
                continue
            lifts = tuple(
                Lift(
                    r.index,
                    r.deficit,
                    tuple(
                        k for k, s in r.scores.items() if s is not None and s < BY_KEY[k].max_score
                    ),
                )
                for r in chosen
            )
            way = Raise(category, lifts)
            if category not in best or way.cost < best[category].cost:
                best[category] = way
    ways = sorted(best.values(), key=lambda w: (w.cost, -w.category))
    kept: list[Raise] = []
    for way in ways:
        if not any(other.category > way.category and other.cost <= way.cost for other in ways):
            kept.append(way)
    return kept
