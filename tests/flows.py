"""Reusable user journeys for tests: register, approve."""

from __future__ import annotations

from sqlalchemy import select

from models.kampung import Kampung
from tests.harness import Harness, Person
from ui import keyboards


async def register(
    bot: Harness, person: Person, name: str = "Siti Aminah", rt: str = "03", poktan: str = "BKB"
) -> None:
    """Walk the whole registration flow, answering every step correctly."""
    await bot.send(person, "/start")
    await bot.press(person, keyboards.CB_CONSENT_YES)
    await bot.send(person, name)
    await bot.press(person, keyboards.CB_REG_RT + rt)
    await bot.press(person, keyboards.CB_REG_POKTAN + poktan)
    await bot.press(person, keyboards.CB_REG_CONFIRM)


async def approve(bot: Harness, admin: Person, person: Person) -> None:
    """``admin`` presses Setujui on the registration of ``person``."""
    member = await bot.member(person.id)
    assert member is not None
    await bot.press(admin, f"{keyboards.CB_APPROVE}{member.id}")


async def register_active(
    bot: Harness, admin: Person, person: Person, name: str, rt: str = "03", poktan: str = "BKB"
) -> None:
    await register(bot, person, name, rt, poktan)
    await approve(bot, admin, person)


async def add_active_cadres(bot: Harness, count: int, first_id: int = 100_000) -> list[Person]:
    """Many active cadres at once, straight into the database (for volume tests)."""
    from models.member import MemberStatus, Poktan, Registration, register_member

    people = [Person(first_id + i, f"K{i}") for i in range(count)]
    poktans = list(Poktan)
    async with bot.session() as session, session.begin():
        for i, person in enumerate(people):
            member, _ = await register_member(
                session,
                bot.app.bot_data.kampung_id,
                Registration(
                    telegram_id=person.id,
                    full_name=f"Kader Nomor {chr(65 + i % 26)}{i:03d}",
                    rt=f"{i % 12 + 1:02d}",
                    poktan=poktans[i % len(poktans)],
                    consent_at=bot.clock(),
                ),
                admin_ids=(),
                now=bot.clock(),
            )
            member.status = MemberStatus.ACTIVE
    return people


# --- many kampungs -------------------------------------------------------------------------------


async def create_kampung(
    bot: Harness, operator: Person, name: str, rts: str = "01,02,03", zone: str = "Asia/Makassar"
) -> Kampung:
    """The operator adds a kampung through ``/kampung`` (name → RTs → time zone)."""
    await bot.send(operator, "/kampung")
    await bot.press(operator, keyboards.CB_OP_NEW)
    await bot.send(operator, name)
    await bot.send(operator, rts)
    await bot.press(operator, keyboards.CB_OP_TZ + zone)
    async with bot.session() as session:
        kampung = await session.scalar(select(Kampung).where(Kampung.name == name))
    assert kampung is not None, bot.last_text(operator)
    return kampung


async def appoint(bot: Harness, operator: Person, kampung: Kampung, secretary: Person) -> None:
    """The operator appoints ``secretary`` by typing her Telegram id."""
    await bot.press(operator, f"{keyboards.CB_OP_APPOINT}{kampung.id}", message=None)
    await bot.send(operator, str(secretary.id))


async def join(
    bot: Harness,
    person: Person,
    code: str | None,
    name: str,
    rt: str = "01",
    poktan: str = "BKB",
    *,
    confirm: bool = True,
) -> None:
    """Register through a kampung's invite link (``/start <code>``); without ``confirm``,
    stop at the last step, before pressing "Benar"."""
    await bot.send(person, f"/start {code}")
    await bot.press(person, keyboards.CB_CONSENT_YES)
    await bot.send(person, name)
    await bot.press(person, keyboards.CB_REG_RT + rt)
    await bot.press(person, keyboards.CB_REG_POKTAN + poktan)
    if confirm:
        await bot.press(person, keyboards.CB_REG_CONFIRM)
