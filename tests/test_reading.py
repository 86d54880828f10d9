"""Read-only work runs in reading sessions: on SQLite they leave the write lock alone."""

from contextlib import asynccontextmanager

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, OperationalError

from models.member import Member
from runtime.context import BotContext
from runtime.db import create_engine
from tests.conftest import ADMIN
from tests.flows import register, register_active
from tests.harness import Person
from tests.test_meetings import create_one_line

CADRE = Person(7001, "Siti")


def on_sqlite(bot) -> bool:
    return bot.app.bot_data.engine.dialect.name == "sqlite"


@asynccontextmanager
async def other_writer(bot):
    """A second connection that writes; on SQLite it gives up at once when locked out."""
    url = bot.app.bot_data.settings.DATABASE_URL
    engine = (
        create_engine(url, connect_args={"timeout": 0}) if on_sqlite(bot) else create_engine(url)
    )
    try:
        async with engine.connect() as connection:
            yield connection
    finally:
        await engine.dispose()


async def rename(connection, telegram_id: int, name: str) -> None:
    await connection.execute(
        update(Member).where(Member.telegram_id == telegram_id).values(full_name=name)
    )


@pytest.fixture
async def admin(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    return bot


async def test_a_write_goes_through_while_a_reading_session_is_open(admin):
    bot = admin
    context = BotContext(bot.app)
    async with context.reading() as session:
        member = await session.scalar(select(Member).where(Member.telegram_id == ADMIN.id))
        assert member.full_name == "Rina Sekretaris"

        async with other_writer(bot) as connection, connection.begin():
            await rename(connection, ADMIN.id, "Rina Baru")

        # The reading session goes on reading, in its own snapshot or the new state.
        names = await session.scalars(select(Member.full_name))
        assert set(names) <= {"Rina Sekretaris", "Rina Baru"}
    assert (await bot.member(ADMIN.id)).full_name == "Rina Baru"


async def test_a_writing_transaction_still_takes_the_write_lock_on_sqlite(admin):
    """The contrast: ``transaction()`` begins IMMEDIATE, so the other writer is locked out."""
    bot = admin
    if not on_sqlite(bot):
        pytest.skip("SQLite's write lock")
    context = BotContext(bot.app)
    async with context.transaction() as session:
        await session.scalar(select(Member).where(Member.telegram_id == ADMIN.id))
        with pytest.raises(OperationalError, match="locked"):
            async with other_writer(bot) as connection, connection.begin():
                await rename(connection, ADMIN.id, "Rina Baru")
    assert (await bot.member(ADMIN.id)).full_name == "Rina Sekretaris"


async def test_a_reading_session_stores_nothing(admin):
    bot = admin
    context = BotContext(bot.app)
    async with context.reading() as session:
        member = await session.scalar(select(Member).where(Member.telegram_id == ADMIN.id))
        member.full_name = "Tidak Tersimpan"
        await session.scalar(select(Member.id).limit(1))  # no autoflush either
    assert (await bot.member(ADMIN.id)).full_name == "Rina Sekretaris"


async def test_a_write_in_a_reading_session_fails_on_postgresql(admin):
    bot = admin
    if on_sqlite(bot):
        pytest.skip("PostgreSQL's READ ONLY transactions")
    context = BotContext(bot.app)
    with pytest.raises(DBAPIError, match="read-only"):
        async with context.reading() as session:
            await session.execute(update(Member).values(full_name="Tidak Boleh"))


@pytest.mark.parametrize(
    ("person", "command", "expected"),
    [
        (CADRE, "/jadwal", "Pertemuan Rutin"),
        (CADRE, "/jadwal tahun", "Jadwal pertemuan 2026"),
        (CADRE, "/profil", "Siti Aminah"),
        (CADRE, "/bantuan", "/jadwal"),
        (ADMIN, "/menunggu", "Tidak ada pendaftaran"),
    ],
)
async def test_read_only_commands_answer_while_another_connection_writes(
    admin, person, command, expected
):
    """On SQLite these used to wait for the write lock (up to the 30 s busy timeout)."""
    bot = admin
    await register_active(bot, ADMIN, CADRE, "Siti Aminah")
    await create_one_line(bot)
    async with other_writer(bot) as connection, connection.begin():
        await rename(connection, ADMIN.id, "Rina Baru")  # holds the write lock until the end

        await bot.send(person, command, drain=False)  # the worker would wait for the lock

        assert expected in bot.last_text(person)
