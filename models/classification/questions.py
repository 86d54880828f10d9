"""What the secretary is asked once (and yearly after), in the portal's own words, and
how the answers and the bot's own records become the formula's values.

Labels and lists are the portal's (docs/portal.md section 2). An answer is stored as
text (``encode``/``decode``); ``values`` is pure, so every indicator's source is
tested without a database.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from models.classification.formula import (
    Ind,
    PokjaFacts,
    Value,
    portal_percent,
)
from models.classification.participation import POKTAN_KINDS, kind_shares, participation


class Kind(enum.StrEnum):
    YESNO = "yesno"
    MULTI = "multi"  # several of a list
    NUMBER = "number"  # a whole number, typed
    POKTAN = "poktan"  # per Poktan: participating / eligible families, typed


class Q(enum.StrEnum):
    """The questions, in the order they are shown. Values are the stored keys."""

    POKJA = "pokja"
    POKJA_TRAINING = "pokja_latih"
    FUNDS = "dana"
    SECRETARIAT = "sekretariat"
    DATA_HOUSE = "rumah_data"
    PLKB = "plkb"
    REGULATION = "regulasi"
    DATA_USE = "data"
    OPERATIONS = "operasional"
    POKTAN_SHARE = "poktan"
    PUS = "pus"
    KB_USERS = "kb"
    MKJP_USERS = "mkjp"
    UNMET = "unmet"


@dataclass(frozen=True)
class Question:
    key: Q
    kind: Kind
    feeds: Ind
    options: tuple[str, ...] = ()  # a MULTI question's list, verbatim from the portal


# Verbatim from the portal's seeders (docs/portal.md 2.1).
FUNDS = (
    "APBN",
    "APBD",
    "Dana Desa",
    "Donasi/ Hibah Masyarakat",
    "Perusahaan (CSR)",
    "Swadaya Masyarakat",
)
DATA_USES = (
    "PK dan Pemutahiran Data",
    "Data Rutin BKKBN",
    "Potensi Desa",
    "Data Sektoral",
    "Lainnya",
)
OPERATIONS = (
    "Rapat perencanaan kegiatan",
    "Rapat koordinasi dengan dinas/instansi terkait pendukung kegiatan",
    "Sosialisasi Kegiatan",
    "Monitoring dan Evaluasi Kegiatan",
    "Penyusunan Laporan",
)
QUESTIONS: tuple[Question, ...] = (
    Question(Q.POKJA, Kind.YESNO, Ind.POKJA),
    Question(Q.POKJA_TRAINING, Kind.YESNO, Ind.POKJA),
    Question(Q.FUNDS, Kind.MULTI, Ind.SUMBER_DANA, FUNDS),
    Question(Q.SECRETARIAT, Kind.YESNO, Ind.SARANA),
    Question(Q.DATA_HOUSE, Kind.YESNO, Ind.SARANA),
    Question(Q.PLKB, Kind.YESNO, Ind.PKB),
    Question(Q.REGULATION, Kind.YESNO, Ind.PKB),
    Question(Q.DATA_USE, Kind.MULTI, Ind.PENGGUNAAN_DATA, DATA_USES),
    Question(Q.OPERATIONS, Kind.MULTI, Ind.OPERASIONAL, OPERATIONS),
    Question(Q.POKTAN_SHARE, Kind.POKTAN, Ind.OUTPUT_POKTAN),
    Question(Q.PUS, Kind.NUMBER, Ind.CPR),
    Question(Q.KB_USERS, Kind.NUMBER, Ind.CPR),
    Question(Q.MKJP_USERS, Kind.NUMBER, Ind.MKJP),
    Question(Q.UNMET, Kind.NUMBER, Ind.UNMET_NEED),
)
QUESTION: Mapping[Q, Question] = {q.key: q for q in QUESTIONS}
# Which answers each indicator needs (the Output figures share PUS and users).
NEEDS: Mapping[Ind, tuple[Q, ...]] = {
    Ind.POKJA: (Q.POKJA, Q.POKJA_TRAINING),
    Ind.SUMBER_DANA: (Q.FUNDS,),
    Ind.SARANA: (Q.SECRETARIAT, Q.DATA_HOUSE),
    Ind.PKB: (Q.PLKB, Q.REGULATION),
    Ind.PENGGUNAAN_DATA: (Q.DATA_USE,),
    Ind.OPERASIONAL: (Q.OPERATIONS,),
    Ind.OUTPUT_POKTAN: (Q.POKTAN_SHARE,),
    Ind.CPR: (Q.PUS, Q.KB_USERS),
    Ind.MKJP: (Q.KB_USERS, Q.MKJP_USERS),
    Ind.UNMET_NEED: (Q.PUS, Q.UNMET),
}
# Computed from the bot's own records, never asked.
FROM_RECORDS = (Ind.POKTAN, Ind.LINTAS_SEKTOR)

MAX_NUMBER = 1_000_000

Answer = bool | frozenset[int] | int | dict[str, tuple[int, int]]


def encode(question: Question, answer: Answer) -> str:
    if question.kind is Kind.YESNO:
        return "1" if answer else "0"
    if question.kind is Kind.MULTI:
        assert isinstance(answer, frozenset)
        return ",".join(str(i) for i in sorted(answer))
    if question.kind is Kind.NUMBER:
        return str(answer)
    assert isinstance(answer, dict)
    return ";".join(f"{kind}:{p}:{w}" for kind, (p, w) in answer.items())


def decode(question: Question, text: str) -> Answer:
    if question.kind is Kind.YESNO:
        return text == "1"
    if question.kind is Kind.MULTI:
        return frozenset(
            int(i) for i in text.split(",") if i.isdigit() and int(i) < len(question.options)
        )
    if question.kind is Kind.NUMBER:
        return int(text)
    shares: dict[str, tuple[int, int]] = {}
    for item in filter(None, text.split(";")):
        kind, part, whole = item.split(":")
        shares[kind] = (int(part), int(whole))
    return shares


# --- typed answers -------------------------------------------------------------------


class Problem(enum.StrEnum):
    NOT_A_NUMBER = "not_a_number"
    TOO_LARGE = "too_large"
    ZERO_PUS = "zero_pus"
    MORE_THAN_PUS = "more_than_pus"  # users, or IAT+TIAL, above the PUS given
    MORE_THAN_USERS = "more_than_users"  # MKJP users above all users
    LESS_THAN_PARTS = "less_than_parts"  # PUS or users below what was given inside them
    POKTAN_FORMAT = "poktan_format"
    POKTAN_PART_ABOVE = "poktan_part_above"


class BadAnswer(ValueError):
    def __init__(self, problem: Problem, detail: str = "") -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.detail = detail


def read_number(text: str) -> int:
    """A whole number typed as "1.250", "1250" or "1 250"."""
    plain = re.sub(r"[\s.,]", "", text)
    if not plain.isdigit():
        raise BadAnswer(Problem.NOT_A_NUMBER)
    number = int(plain)
    if number > MAX_NUMBER:
        raise BadAnswer(Problem.TOO_LARGE)
    return number


def check_number(key: Q, number: int, known: Mapping[Q, Answer]) -> None:
    """Refuse a figure that contradicts the others already given (PUS ⊇ users ⊇ MKJP)."""

    def given(q: Q) -> int | None:
        value = known.get(q)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    pus, users, mkjp, unmet = given(Q.PUS), given(Q.KB_USERS), given(Q.MKJP_USERS), given(Q.UNMET)
    if key is Q.PUS:
        if number == 0:
            raise BadAnswer(Problem.ZERO_PUS)
        if (users or 0) + (unmet or 0) > number:
            raise BadAnswer(Problem.LESS_THAN_PARTS)
    elif key is Q.KB_USERS:
        if pus is not None and number + (unmet or 0) > pus:
            raise BadAnswer(Problem.MORE_THAN_PUS)
        if mkjp is not None and mkjp > number:
            raise BadAnswer(Problem.LESS_THAN_PARTS)
    elif key is Q.MKJP_USERS:
        if users is not None and number > users:
            raise BadAnswer(Problem.MORE_THAN_USERS)
    elif key is Q.UNMET and pus is not None and number + (users or 0) > pus:
        raise BadAnswer(Problem.MORE_THAN_PUS)


_POKTAN_LINE = re.compile(r"^\s*([a-z\- ]+?)\s*[:=]?\s*(\d+)\s*(?:/|dari)\s*(\d+)\s*$")
_POKTAN_NAMES = {
    "bkb": "BKB",
    "bkr": "BKR",
    "bkl": "BKL",
    "uppka": "UPPKA",
    "uppks": "UPPKA",
    "pik r": "PIK R",
    "pikr": "PIK R",
    "pik-r": "PIK R",
    "pik": "PIK R",
}


def read_poktan_shares(text: str) -> dict[str, tuple[int, int]]:
    """Lines "BKB 30/120" (or "BKB 30 dari 120"): participating / eligible families.

    A kind not given adds 0, as on the portal; participants may not exceed the
    eligible families (the portal's ``lte`` rule).
    """
    shares: dict[str, tuple[int, int]] = {}
    for line in filter(str.strip, text.casefold().splitlines()):
        found = _POKTAN_LINE.match(line)
        kind = _POKTAN_NAMES.get(found.group(1).strip()) if found else None
        if found is None or kind is None:
            raise BadAnswer(Problem.POKTAN_FORMAT, line.strip())
        part, whole = int(found.group(2)), int(found.group(3))
        if part > whole or whole > MAX_NUMBER:
            raise BadAnswer(Problem.POKTAN_PART_ABOVE, line.strip())
        shares[kind] = (part, whole)
    if not shares:
        raise BadAnswer(Problem.POKTAN_FORMAT)
    return {kind: shares[kind] for kind in POKTAN_KINDS if kind in shares}


# --- answers and records → the formula's values ----------------------------------------


@dataclass(frozen=True)
class Records:
    """What the bot knows by itself."""

    pokja_members: int  # active members of the Pokja (Poktan "Pokja", and the secretaries)
    poktan_kinds: frozenset[str]  # kinds of BKB/BKR/BKL/UPPKA/PIK R present in the kampung
    agencies: int  # distinct portal agency entries over the kampung's held meetings
    # The Poktan month (its first day) whose sessions feed Output Poktan, and per kind
    # the member families present at them (kinds with no session held: absent).
    poktan_month: date | None = None
    poktan_recorded: Mapping[str, int] = field(default_factory=dict)


def values(answers: Mapping[Q, Answer], records: Records) -> dict[Ind, Value | None]:
    """Each indicator's value, or None when an answer it needs is missing."""

    def have(*keys: Q) -> bool:
        return all(k in answers for k in keys)

    def count(*keys: Q) -> int:
        return sum(bool(answers[k]) for k in keys)

    def number(key: Q) -> int:
        value = answers[key]
        assert isinstance(value, int)
        return value

    def chosen(key: Q) -> int:
        value = answers[key]
        assert isinstance(value, frozenset)
        return len(value)

    result: dict[Ind, Value | None] = dict.fromkeys(Ind)
    if Q.POKJA in answers and not answers[Q.POKJA]:
        result[Ind.POKJA] = PokjaFacts(False, records.pokja_members, False)
    elif have(Q.POKJA, Q.POKJA_TRAINING):
        result[Ind.POKJA] = PokjaFacts(True, records.pokja_members, bool(answers[Q.POKJA_TRAINING]))
    if have(Q.FUNDS):
        result[Ind.SUMBER_DANA] = chosen(Q.FUNDS)
    result[Ind.POKTAN] = len(records.poktan_kinds)
    if have(Q.SECRETARIAT, Q.DATA_HOUSE):
        result[Ind.SARANA] = count(Q.SECRETARIAT, Q.DATA_HOUSE)
    if have(Q.PLKB, Q.REGULATION):
        result[Ind.PKB] = count(Q.PLKB, Q.REGULATION)
    if have(Q.DATA_USE):
        result[Ind.PENGGUNAAN_DATA] = chosen(Q.DATA_USE)
    if have(Q.OPERATIONS):
        result[Ind.OPERASIONAL] = chosen(Q.OPERATIONS)
    result[Ind.LINTAS_SEKTOR] = records.agencies
    if have(Q.POKTAN_SHARE):
        answered = answers[Q.POKTAN_SHARE]
        assert isinstance(answered, dict)
        found = kind_shares(answered, records.poktan_recorded)
        assert found is not None
        result[Ind.OUTPUT_POKTAN] = participation(found)
    if have(Q.PUS, Q.KB_USERS):
        result[Ind.CPR] = portal_percent(number(Q.KB_USERS), number(Q.PUS))
    if have(Q.KB_USERS, Q.MKJP_USERS):
        result[Ind.MKJP] = portal_percent(number(Q.MKJP_USERS), number(Q.KB_USERS))
    if have(Q.PUS, Q.UNMET):
        result[Ind.UNMET_NEED] = portal_percent(number(Q.UNMET), number(Q.PUS))
    return result


def count_for_percent(target: int, whole: int, *, at_least: bool = True) -> int:
    """The smallest part (or, ``at_least=False``, the largest) whose portal percentage of
    ``whole`` is at least (at most) ``target``."""
    if at_least:
        part = 0
        while part <= whole * 2 and portal_percent(part, whole) < target:
            part += 1
        return part
    part = whole
    while part > 0 and portal_percent(part, whole) > target:
        part -= 1
    return part


def mkjp_more_needed(target: int, mkjp: int, users: int) -> int:
    """New acceptors choosing a long-acting method needed for MKJP to reach ``target``%."""
    more = 0
    while more <= MAX_NUMBER and portal_percent(mkjp + more, users + more) < target:
        more += 1
    return more
