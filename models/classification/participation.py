"""Output Poktan's figures: each kind's participating families relative to its eligible
families (docs/portal.md §3.3, §7.6), from the Poktan month's sessions where the bot has
them, from the secretary's answer otherwise.

The portal divides the KKBPK form's "Jumlah keluarga ikut {BKB…}" by the Profil
Kependudukan's family count for that kind (BKB → Keluarga yang Memiliki Balita, BKR →
… Remaja, BKL → … Lansia, UPPKA → Jumlah Keluarga, PIK R → Jumlah Remaja). The bot's
sessions know the numerator — the member families who came — but not the kampung's
eligible families, so the denominator is always the secretary's (her answer
"BKB 30/120" gives 120). Plain functions; the database query is in ``store.py``.
"""

from __future__ import annotations

import enum
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

from models.classification.formula import poktan_participation

# Output Poktan's five kinds, in the SQL's order, as the bot names them.
POKTAN_KINDS = ("BKB", "BKR", "BKL", "UPPKA", "PIK R")


class ShareSource(enum.StrEnum):
    SESSIONS = "sessions"  # families present at the month's sessions, recorded in the bot
    ANSWER = "answer"  # the secretary's typed figure


@dataclass(frozen=True)
class KindShare:
    """One kind's figures as the formula uses them, and where the numerator came from."""

    kind: str
    part: int  # families taking part
    whole: int  # eligible families (always the secretary's answer)
    source: ShareSource
    # Families present at the month's sessions (None: no session of this kind recorded).
    recorded: int | None = None

    @property
    def recorded_above_eligible(self) -> bool:
        """Sessions were recorded but name more families than the eligible count given:
        the secretary's figure is used (the portal refuses part > whole)."""
        return self.recorded is not None and self.source is ShareSource.ANSWER


def group_participants(present_per_session: Iterable[Collection[int]], typed: Iterable[int]) -> int:
    """Distinct member families who came to any of a group's sessions in the month.

    A session recorded with the roll names its families; one recorded as a typed count
    (the paper list) does not, so the count can only say "at least this many": the
    group's figure is the larger of the families ticked over the month and the largest
    typed count (a lower bound, never a guess above what was recorded).
    """
    ticked: set[int] = set()
    for present in present_per_session:
        ticked |= set(present)
    return max(len(ticked), max(typed, default=0))


def kind_shares(
    answered: Mapping[str, tuple[int, int]] | None, recorded: Mapping[str, int]
) -> tuple[KindShare, ...] | None:
    """Each kind's (participating, eligible) figures, in the portal's order.

    - A kind with sessions recorded in the month and an eligible count from the
      secretary: the sessions' families over her eligible count (unless they exceed it).
    - Otherwise her answer for that kind, if she gave one.
    - A kind with neither adds 0, as on the portal (it is left out here).

    None when the secretary never answered: without any eligible count no percentage
    can be computed, whatever the sessions say.
    """
    if answered is None:
        return None
    found: list[KindShare] = []
    for kind in POKTAN_KINDS:
        given = answered.get(kind)
        came = recorded.get(kind)
        if given is None:
            continue
        part, whole = given
        if came is not None and came <= whole:
            found.append(KindShare(kind, came, whole, ShareSource.SESSIONS, came))
        else:
            found.append(KindShare(kind, part, whole, ShareSource.ANSWER, came))
    return tuple(found)


def participation(figures: Iterable[KindShare]) -> int:
    """Output Poktan's value from the kinds' figures (the portal's average over five)."""
    return poktan_participation((s.part, s.whole) for s in figures)
