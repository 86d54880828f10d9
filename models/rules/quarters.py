"""Quarter (*triwulan*) arithmetic.

A Kampung KB meets once per calendar quarter: I = January-March, II = April-June,
III = July-September, IV = October-December.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

_ROMAN: tuple[str, ...] = ("I", "II", "III", "IV")


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter; ordering is chronological (by year, then number)."""

    year: int
    number: int

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 4:
            raise ValueError(f"quarter number must be 1..4, got {self.number}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year must be 1..9999, got {self.year}")

    @classmethod
    def of(cls, d: date) -> Quarter:
        """The quarter containing ``d`` (a ``datetime`` is rejected: pick its local date)."""
        if isinstance(d, datetime):
            raise TypeError("Quarter.of() takes a date; convert the instant to a local date first")
        return cls(d.year, (d.month - 1) // 3 + 1)

    @property
    def start(self) -> date:
        """First day of the quarter."""
        return date(self.year, 3 * (self.number - 1) + 1, 1)

    @property
    def end(self) -> date:
        """Last day of the quarter (inclusive)."""
        if self.number == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.number + 1, 1) - timedelta(days=1)

    def next(self) -> Quarter:
        if self.number == 4:
            return Quarter(self.year + 1, 1)
        return Quarter(self.year, self.number + 1)

    def previous(self) -> Quarter:
        if self.number == 1:
            return Quarter(self.year - 1, 4)
        return Quarter(self.year, self.number - 1)

    def __contains__(self, d: object) -> bool:
        if not isinstance(d, date) or isinstance(d, datetime):
            return False
        return self.start <= d <= self.end

    @property
    def roman(self) -> str:
        """Roman numeral of the quarter: "I", "II", "III" or "IV"."""
        return _ROMAN[self.number - 1]

    @property
    def label(self) -> str:
        """E.g. "Triwulan III 2026"."""
        return f"Triwulan {self.roman} {self.year}"

    def __str__(self) -> str:
        return self.label


def days_until_quarter_start(today: date, quarter: Quarter) -> int:
    """Days from ``today`` to the quarter's first day; 0 on that day, negative once started."""
    return (quarter.start - today).days
