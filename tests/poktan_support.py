"""Shared steps of the Poktan tests (tests/test_poktan_setup.py, test_poktan_families.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from models.member import Member
from models.poktan import families, groups
from models.poktan.families import PoktanFamily
from models.poktan.groups import PoktanGroup
from models.poktan.kinds import PoktanKind
from tests.conftest import ADMIN
from tests.fakeapi import Call
from tests.flows import register, register_active
from tests.harness import Harness, Person

ANI, BUDI, CICI, DEDI = (
    Person(7301, "Ani"),
    Person(7302, "Budi"),
    Person(7303, "Cici"),
    Person(7304, "Dedi"),
)


async def kampung_with_cadres(bot: Harness) -> int:
    """The secretary and four cadres: Ani and Budi of BKB, Cici of BKR, Dedi of BKL."""
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "01", "BKB")
    await register_active(bot, ADMIN, BUDI, "Budi Santoso", "02", "BKB")
    await register_active(bot, ADMIN, CICI, "Cici Paramida", "02", "BKR")
    await register_active(bot, ADMIN, DEDI, "Dedi Kurnia", "04", "BKL")
    return bot.app.bot_data.kampung_id  # type: ignore[no-any-return]


@dataclass(frozen=True)
class TwoGroups:
    melati: int  # BKB Melati, RT 01 and 02, chaired by Ani and Budi, with the families given
    mawar: int  # BKR Mawar, chaired by Cici
    families: dict[str, int]  # Melati's families by name


async def melati_and_mawar(bot: Harness, family_lines: str) -> TwoGroups:
    """The secretary and three cadres, BKB Melati (its families from ``family_lines``,
    "Nama - RT - jumlah" a line) chaired by Ani and Budi, and BKR Mawar chaired by Cici."""
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "01", "BKB")
    await register_active(bot, ADMIN, BUDI, "Budi Santoso", "02", "BKB")
    await register_active(bot, ADMIN, CICI, "Cici Paramida", "02", "BKR")
    kampung_id: int = bot.app.bot_data.kampung_id
    people = {p.first_name: await bot.member(p.id) for p in (ANI, BUDI, CICI)}
    async with bot.session() as session, session.begin():
        now = bot.clock()
        melati = await groups.create_group(
            session, kampung_id, kind=PoktanKind.BKB, name="BKB Melati", rts=["01", "02"], now=now
        )
        mawar = await groups.create_group(
            session, kampung_id, kind=PoktanKind.BKR, name="BKR Mawar", rts=[], now=now
        )
        await groups.add_chair(session, melati, people["Ani"].id, now=now)
        await groups.add_chair(session, melati, people["Budi"].id, now=now)
        await groups.add_chair(session, mawar, people["Cici"].id, now=now)
        good, bad = families.parse_family_lines(
            family_lines, melati, [f"{n:02d}" for n in range(1, 13)]
        )
        assert not bad
        added, _ = await families.add_families(session, melati, good, now=now)
        return TwoGroups(melati.id, mawar.id, {f.name or "": f.id for f in added})


async def member_id(bot: Harness, person: Person) -> int:
    member = await bot.member(person.id)
    assert member is not None
    return member.id


async def make_group(
    bot: Harness,
    name: str = "BKB Melati",
    *,
    kind: PoktanKind = PoktanKind.BKB,
    rts: list[str] | None = None,
    chairs: tuple[Person, ...] = (),
    kept: bool = False,
) -> int:
    """A group straight into the database (when its making is not under test)."""
    kampung_id = bot.app.bot_data.kampung_id
    async with bot.session() as session, session.begin():
        group = await groups.create_group(
            session, kampung_id, kind=kind, name=name, rts=rts or [], now=bot.clock()
        )
        for person in chairs:
            chair = await session.scalar(select(Member).where(Member.telegram_id == person.id))
            assert chair is not None
            await groups.add_chair(session, group, chair.id, now=bot.clock())
            if kept:
                groups.confirm_families_kept(group, chair, now=bot.clock())
        return group.id


async def group_row(bot: Harness, group_id: int) -> PoktanGroup:
    async with bot.session() as session:
        group = await session.get(PoktanGroup, group_id)
        assert group is not None
        return group


async def chair_names(bot: Harness, group_id: int) -> list[str | None]:
    async with bot.session() as session:
        return [m.full_name for m in await groups.chairs_of(session, group_id)]


async def family_rows(bot: Harness, group_id: int) -> list[PoktanFamily]:
    async with bot.session() as session:
        rows = await session.scalars(
            select(PoktanFamily).where(PoktanFamily.group_id == group_id).order_by(PoktanFamily.id)
        )
        return list(rows)


async def add_family_rows(bot: Harness, group_id: int, text: str) -> list[int]:
    kampung_id = bot.app.bot_data.kampung_id
    async with bot.session() as session, session.begin():
        group = await groups.get_group(session, kampung_id, group_id)
        assert group is not None
        kampung_rts = [f"{n:02d}" for n in range(1, 13)]
        good, bad = families.parse_family_lines(text, group, kampung_rts)
        assert not bad
        added, _ = await families.add_families(session, group, good, now=bot.clock())
        return [f.id for f in added]


def _shown(call: Call) -> bool:
    """A message sent, or an edit (of any message: a forged press comes on one the fake
    API does not know, and its edit has no result)."""
    return (call.method == "sendMessage" and call.result is not None) or (
        call.method.startswith("editMessage")
    )


def shown_data(bot: Harness, person: Person) -> list[str]:
    """The buttons of the last message sent to or edited in the person's chat that has any."""
    for call in reversed(bot.api.calls):
        if call.chat_id == person.id and call.buttons and _shown(call):
            return call.button_data
    return []


def popups(bot: Harness) -> list[str]:
    return [str(call.params.get("text") or "") for call in bot.api.answers()]


def last_popup(bot: Harness) -> str:
    return str(bot.api.last_answer().params.get("text") or "")


def last_shown_text(bot: Harness, person: Person) -> str:
    """The text of the last message sent to or edited in the person's chat."""
    for call in reversed(bot.api.calls):
        if call.chat_id == person.id and call.method != "editMessageReplyMarkup" and _shown(call):
            return call.text
    return ""
