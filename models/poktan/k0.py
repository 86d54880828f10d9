"""The January K/0 draft card (issue 18 item 6): what the chair answers that the bot
cannot know, per group and year, with who answered and when.

The card made in January of year Y describes the year before (``data_year``); its
fields are the kind's card data file (``models.forms.card_form``). The bot fills what
its records give (``ui.registers.cells.card_tables``); the ``blank`` fields with a key
(``Form.questions``: "Jumlah kader", "Tahun pembentukan") are asked of the chair one by
one and kept here as ``PoktanCardAnswer`` rows.

The database says what was done: ``PoktanCard.drafted_at`` is set, in the transaction
that writes the chairs' messages to the outbox, by one conditional UPDATE
(``claim_january_drafts``), so a restart or a second job never sends the draft twice,
and a bot that was down on the 1st of January sends it once when it is back (in
January only). ``sent_version`` counts the sendings to the PKB: 2 and more are
corrections, allowed only after an answer changed.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, UTCDateTime, upsert
from models.forms import Column, Form, card_form
from models.kampung import Kampung
from models.member import Member
from models.poktan.groups import PoktanGroup
from models.poktan.monthly import chair_chats, step_of
from models.poktan.year import load_register_year
from models.register_data import RegisterYear

KEY_MAX = 32


class PoktanCard(Base):
    """One group's K/0 draft for one data year: drafted (sent to the chair), sent to PKB."""

    __tablename__ = "poktan_card"
    __table_args__ = (UniqueConstraint("group_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("poktan_group.id", ondelete="CASCADE"))
    year: Mapped[int] = mapped_column(Integer)  # the year the card describes
    # When the January draft went to the chair(s) (None: not yet, or opened by hand only).
    drafted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How many times it went to the PKB (0: never), the last time and by whom.
    sent_version: Mapped[int] = mapped_column(Integer, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PoktanCardAnswer(Base):
    """The chair's answer to one field the bot cannot know (a figure, not personal data)."""

    __tablename__ = "poktan_card_answer"
    __table_args__ = (UniqueConstraint("card_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("poktan_card.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(KEY_MAX))  # the card field's key (models/forms)
    value: Mapped[int] = mapped_column(Integer)
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("member.id", ondelete="SET NULL"))
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime())


# --- plain rules ---------------------------------------------------------------------------


class CardProblem(enum.StrEnum):
    NOT_A_NUMBER = "not_a_number"
    TOO_SMALL = "too_small"
    TOO_LARGE = "too_large"
    MISSING = "missing"  # sending with fields still unanswered
    UNCHANGED = "unchanged"  # sending again with nothing changed since the last sending


class CardError(ValueError):
    """A bad answer or a refused sending: ``problem`` says why, ``bound`` the limit."""

    def __init__(self, problem: CardProblem, bound: int | None = None) -> None:
        super().__init__(problem.value)
        self.problem = problem
        self.bound = bound


def data_year(today: date) -> int:
    """The year a card made on ``today`` describes: the one before."""
    return today.year - 1


def bounds(column: Column, year: int) -> tuple[int, int | None]:
    """The smallest and largest answer: a year is never after the card's ``year``."""
    low = column.minimum if column.minimum is not None else 0
    high = column.maximum
    if column.type == "year":
        high = year if high is None else min(high, year)
    return low, high


_NUMBER = re.compile(r"\d{1,6}")


def read_answer(column: Column, text: str, year: int) -> int:
    """The chair's typed answer to ``column`` as a whole number within its bounds.

    "5", " 12 " and "5 orang" read; "lima", "-1", "3,5" do not (CardError).
    """
    words = text.strip().split()
    if not words or not _NUMBER.fullmatch(words[0]) or len(words) > 2:
        raise CardError(CardProblem.NOT_A_NUMBER)
    value = int(words[0])
    low, high = bounds(column, year)
    if value < low:
        raise CardError(CardProblem.TOO_SMALL, low)
    if high is not None and value > high:
        raise CardError(CardProblem.TOO_LARGE, high)
    return value


def missing(form: Form, answers: Mapping[str, int]) -> tuple[Column, ...]:
    """The fields the chair has not answered yet, in the card's order."""
    return tuple(c for c in form.questions if c.key not in answers)


def send_problem(
    form: Form,
    answers: Mapping[str, int],
    *,
    sent_version: int,
    sent_at: datetime | None,
    last_answered_at: datetime | None,
) -> CardProblem | None:
    """Why the card cannot go to the PKB now, or None: every field answered, and (for
    a correction) an answer changed since the last sending."""
    if missing(form, answers):
        return CardProblem.MISSING
    changed = last_answered_at is not None and (sent_at is None or last_answered_at > sent_at)
    if sent_version and not changed:
        return CardProblem.UNCHANGED
    return None


def january_due(local_now: datetime) -> bool:
    """The draft is owed from 1 January at 07.00 (with the register), through January."""
    return local_now.month == 1 and step_of(local_now) >= 1


def january_somewhere(now: datetime) -> bool:
    """Some time zone (UTC-12 to UTC+14) is in January at ``now``: the only time any
    kampung can be owed a draft, so the rest of the year no kampung is even read."""
    return any((now.astimezone(UTC) + timedelta(hours=h)).month == 1 for h in (-12, 14))


def existed_in(group: PoktanGroup, year: int, tz: ZoneInfo) -> bool:
    """The group was made (in the bot) on or before the last day of ``year`` (in ``tz``)."""
    return group.created_at.astimezone(tz).date() <= date(year, 12, 31)


# --- the database --------------------------------------------------------------------------


async def find_card(session: AsyncSession, group_id: int, year: int) -> PoktanCard | None:
    return await session.scalar(
        select(PoktanCard).where(PoktanCard.group_id == group_id, PoktanCard.year == year)
    )


async def ensure_card(
    session: AsyncSession, group_id: int, year: int, *, now: datetime
) -> PoktanCard:
    """The group's card for ``year``, made if missing (two at once make one)."""
    await session.execute(
        upsert(session, PoktanCard)
        .values(group_id=group_id, year=year, sent_version=0, created_at=now, updated_at=now)
        .on_conflict_do_nothing(index_elements=["group_id", "year"])
    )
    card = await find_card(session, group_id, year)
    assert card is not None
    return card


async def answers_of(session: AsyncSession, card_id: int | None) -> dict[str, PoktanCardAnswer]:
    if card_id is None:
        return {}
    rows = await session.scalars(
        select(PoktanCardAnswer).where(PoktanCardAnswer.card_id == card_id)
    )
    return {row.key: row for row in rows}


async def save_answer(
    session: AsyncSession,
    card: PoktanCard,
    column: Column,
    value: int,
    *,
    by_id: int | None,
    now: datetime,
) -> None:
    """Keep the chair's answer (a second answer replaces the first, with its author)."""
    insert = upsert(session, PoktanCardAnswer).values(
        card_id=card.id, key=column.key, value=value, answered_by_id=by_id, answered_at=now
    )
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=["card_id", "key"],
            set_={
                "value": insert.excluded.value,
                "answered_by_id": insert.excluded.answered_by_id,
                "answered_at": insert.excluded.answered_at,
            },
        )
    )
    card.updated_at = now


async def send_card(
    session: AsyncSession, card: PoktanCard, form: Form, *, by_id: int | None, now: datetime
) -> int:
    """Record a sending to the PKB; returns its version. CardError when it may not go
    (fields missing, nothing changed since the last sending, or a second press at once:
    one conditional UPDATE)."""
    answers = await answers_of(session, card.id)
    last = await session.scalar(
        select(func.max(PoktanCardAnswer.answered_at)).where(PoktanCardAnswer.card_id == card.id)
    )
    problem = send_problem(
        form,
        {key: row.value for key, row in answers.items()},
        sent_version=card.sent_version,
        sent_at=card.sent_at,
        last_answered_at=last,
    )
    if problem is not None:
        raise CardError(problem)
    version = card.sent_version + 1
    claimed = await session.execute(
        update(PoktanCard)
        .where(PoktanCard.id == card.id, PoktanCard.sent_version == card.sent_version)
        .values(sent_version=version, sent_at=now, sent_by_id=by_id, updated_at=now)
        .returning(PoktanCard.id),
        execution_options={"synchronize_session": "fetch"},
    )
    if claimed.first() is None:
        raise CardError(CardProblem.UNCHANGED)
    return version


@dataclass(frozen=True)
class CardPrompt:
    """A January draft owed to a group's chairs."""

    group: PoktanGroup
    card: PoktanCard
    chair_chats: tuple[tuple[int, int], ...]  # (member id, telegram id) of each chair


async def claim_january_drafts(
    session: AsyncSession, kampung: Kampung, *, now: datetime
) -> list[CardPrompt]:
    """The January drafts owed now in this kampung, each claimed (one conditional UPDATE
    of ``drafted_at``): two jobs at once claim each once. Only active groups that existed
    in the data year and have a chair on Telegram; the caller writes the messages in the
    same transaction."""
    local_now = now.astimezone(kampung.tz)
    if not january_due(local_now):
        return []
    year = data_year(local_now.date())
    groups = [
        g
        for g in await session.scalars(
            select(PoktanGroup).where(
                PoktanGroup.kampung_id == kampung.id, PoktanGroup.active.is_(True)
            )
        )
        if existed_in(g, year, kampung.tz)
    ]
    if not groups:
        return []
    drafted = set(
        await session.scalars(
            select(PoktanCard.group_id).where(
                PoktanCard.group_id.in_([g.id for g in groups]),
                PoktanCard.year == year,
                PoktanCard.drafted_at.is_not(None),
            )
        )
    )
    owed = [g for g in groups if g.id not in drafted]
    chairs = await chair_chats(session, [g.id for g in owed])
    prompts: list[CardPrompt] = []
    for group in owed:
        if not chairs.get(group.id):
            continue  # a chair appointed later in January still gets it
        card = await ensure_card(session, group.id, year, now=now)
        claimed = await session.execute(
            update(PoktanCard)
            .where(PoktanCard.id == card.id, PoktanCard.drafted_at.is_(None))
            .values(drafted_at=now, updated_at=now)
            .returning(PoktanCard.id),
            execution_options={"synchronize_session": "fetch"},
        )
        if claimed.first() is None:
            continue
        prompts.append(CardPrompt(group, card, tuple(chairs[group.id])))
    return prompts


@dataclass(frozen=True)
class CardState:
    """Everything the chair's draft shows: the year's figures, her answers, the sendings."""

    group: PoktanGroup
    kampung: Kampung
    form: Form
    year: RegisterYear
    card: PoktanCard | None
    answers: dict[str, int]
    answered_by: dict[str, str | None]  # the name of who answered each field

    @property
    def missing(self) -> tuple[Column, ...]:
        return missing(self.form, self.answers)

    @property
    def sent_version(self) -> int:
        return self.card.sent_version if self.card is not None else 0


async def load_card_state(
    session: AsyncSession, group: PoktanGroup, year: int, *, today: date, erased_name: str
) -> CardState:
    """The group's K/0 draft for ``year`` as it stands in the database now."""
    kampung = await session.get(Kampung, group.kampung_id)
    assert kampung is not None
    register_year = await load_register_year(
        session, group, year, today=today, erased_name=erased_name
    )
    card = await find_card(session, group.id, year)
    rows = await answers_of(session, card.id if card is not None else None)
    names: dict[int, str | None] = {}
    by_ids = {row.answered_by_id for row in rows.values() if row.answered_by_id is not None}
    if by_ids:
        members = await session.scalars(select(Member).where(Member.id.in_(by_ids)))
        names = {m.id: m.full_name or erased_name for m in members}
    return CardState(
        group=group,
        kampung=kampung,
        form=card_form(group.kind.value),
        year=register_year,
        card=card,
        answers={key: row.value for key, row in rows.items()},
        answered_by={
            key: names.get(row.answered_by_id) if row.answered_by_id is not None else None
            for key, row in rows.items()
        },
    )
