"""No Telegram call while a database transaction is open.

A call can take seconds (a 429 pause, a slow network); inside a transaction it would
hold SQLite's write lock, or a PostgreSQL connection and its row locks, the whole time.
The fake Bot API here looks at the database before answering each request: on SQLite
it tries to take the write lock without waiting, on PostgreSQL it looks for a
connection that is idle in a transaction.
"""

from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from models.attendance import Guest
from runtime.db import create_engine
from tests.conftest import ADMIN
from tests.fakeapi import FakeBotAPI
from tests.flows import register, register_active
from tests.harness import Person, running_bot
from tests.test_meetings import AUG_15_0900_WIB, create_one_line
from ui import keyboards

CADRE = Person(7001, "Siti")
OTHER = Person(7002, "Budi")
STRANGER = Person(9999, "Orang")

IDLE_IN_TRANSACTION = text(
    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
    "AND state LIKE 'idle in transaction%' AND pid <> pg_backend_pid()"
)


class WatchingBotAPI(FakeBotAPI):
    """The recording fake, noting every request made while a transaction was open."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.url: str | None = None
        self.inside: list[str] = []

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.url is not None and await self._transaction_open():
            self.inside.append(url.rsplit("/", 1)[-1])
        return await super().do_request(url, method, *args, **kwargs)

    async def _transaction_open(self) -> bool:
        sqlite = self.url.startswith("sqlite")
        engine = create_engine(self.url, connect_args={"timeout": 0}) if sqlite else None
        engine = engine or create_engine(self.url)
        try:
            if sqlite:
                try:
                    async with engine.begin():  # BEGIN IMMEDIATE, no waiting
                        return False
                except OperationalError:
                    return True
            async with engine.connect() as connection:
                return bool(await connection.scalar(IDLE_IN_TRANSACTION))
        finally:
            await engine.dispose()


@pytest.fixture
async def watched(settings, clock):
    api = WatchingBotAPI(clock)
    async with running_bot(settings, clock, api) as bot:
        await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
        await register_active(bot, ADMIN, CADRE, "Siti Aminah")
        await register(bot, OTHER, "Budi Santoso")  # pending
        # The delivery worker sends side by side with the handlers' transactions: paused
        # here, so that every call the probe sees is a handler's own.
        await bot.app.bot_data.delivery.stop()
        bot.deliveries_paused = True
        api.url = settings.DATABASE_URL
        yield bot


async def test_the_probe_sees_an_open_transaction(watched):
    bot = watched
    async with bot.session() as session, session.begin():
        await session.execute(text("SELECT 1"))
        assert await bot.api._transaction_open()
    assert not await bot.api._transaction_open()


async def test_refused_decisions_are_answered_after_the_transaction(watched):
    bot = watched
    other = await bot.member(OTHER.id)
    await bot.press(STRANGER, f"{keyboards.CB_APPROVE}{other.id}")
    await bot.press(CADRE, f"{keyboards.CB_REJECT}{other.id}")
    assert [a.params.get("show_alert") for a in bot.api.answers()[-2:]] == [True, True]
    assert bot.api.inside == []


async def test_refused_rsvps_are_answered_after_the_transaction(watched):
    bot = watched
    meeting = await create_one_line(bot)
    await bot.press(STRANGER, f"rsvp:{meeting.id}:hadir")
    await bot.press(CADRE, f"rsvp:{meeting.id + 1}:hadir")
    bot.clock.set(AUG_15_0900_WIB)
    await bot.press(CADRE, f"rsvp:{meeting.id}:hadir")
    answers = [a.params["text"] for a in bot.api.answers()[-3:]]
    assert "Hanya kader terdaftar" in answers[0]
    assert "tidak ditemukan" in answers[1] and "sudah dimulai" in answers[2]
    assert bot.api.inside == []


async def test_a_tick_on_someone_no_longer_active_is_answered_after_the_transaction(watched):
    bot = watched
    meeting = await create_one_line(bot)
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    await bot.send(ADMIN, "/hadir")
    other = await bot.member(OTHER.id)  # pending: not on the roll, so a forged tick
    await bot.press(ADMIN, f"att:tg:{meeting.id}:{other.id}:0")
    assert "tidak berlaku" in bot.api.last_answer().params["text"]
    assert bot.api.inside == []


async def test_a_meeting_from_plan_to_recap_makes_no_call_inside_a_transaction(watched):
    """The everyday paths: plan, announce, RSVP, /jadwal, /profil, attendance, recap."""
    bot = watched
    meeting = await create_one_line(bot)
    await bot.press(CADRE, f"rsvp:{meeting.id}:hadir")
    await bot.press(CADRE, f"rsvp:{meeting.id}:hadir")
    await bot.send(CADRE, "/jadwal")
    await bot.send(CADRE, "/profil")
    await bot.send(ADMIN, "/menunggu")
    await bot.press(ADMIN, f"{keyboards.CB_APPROVE}{(await bot.member(OTHER.id)).id}")
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    await bot.send(ADMIN, "/hadir")
    await bot.press(CADRE, f"att:me:{meeting.id}:y")
    await bot.send(ADMIN, "/tamu Bapak Lurah - Sekretaris Lurah")
    await bot.press(ADMIN, f"att:tg:{meeting.id}:{(await bot.member(OTHER.id)).id}:0")
    await bot.press(ADMIN, f"{keyboards.CB_ATT_CLOSE}{meeting.id}")
    await bot.press(ADMIN, f"{keyboards.CB_ATT_CLOSE_YES}{meeting.id}")
    await bot.press(ADMIN, f"{keyboards.CB_ATT_CLOSE_YES}{meeting.id}")
    await bot.send(ADMIN, "/hadir rekap")
    assert "Absensi ditutup" in " ".join(bot.api.texts(ADMIN.id))
    assert len(bot.api.documents()) == 3  # .xlsx, .csv, the attendance sheet (one album)
    await bot.send(ADMIN, "/daftar_hadir")
    bot.clock.set(AUG_15_0900_WIB + timedelta(hours=1))
    await bot.send(ADMIN, "/notulen Rapat berjalan lancar")
    await bot.send_photo(ADMIN, "foto-1")
    assert "1 foto disimpan" in bot.last_text(ADMIN)
    assert len(bot.api.documents()) == 4
    bot.clock.set(AUG_15_0900_WIB + timedelta(hours=1))
    await bot.send(ADMIN, "/laporan")  # the year report: its chart and workbook
    assert len(bot.api.documents()) == 6
    await bot.send(ADMIN, "/narasumber")
    assert bot.api.inside == []


async def test_members_typed_answers_and_undo_make_no_call_inside_a_transaction(watched):
    """/anggota and its buttons, a link, approve-all, typed answers, undo of close/untick/guest."""
    bot = watched
    meeting = await create_one_line(bot)
    await bot.send(ADMIN, "/anggota_tambah Bu Wati - 4 - BKL\nSalah Baris")
    await bot.send(ADMIN, "/anggota")
    wati = next(m for m in await bot.members() if m.full_name == "Bu Wati")
    await bot.press(ADMIN, f"mbr:v:{wati.id}")
    await bot.press(ADMIN, f"mbr:rsvp:{meeting.id}:{wati.id}:hadir")
    await bot.press(ADMIN, f"mbr:do:rt:{wati.id}:05")
    await bot.press(ADMIN, f"mbr:lnk:{wati.id}")
    await bot.send(ADMIN, "/menunggu")
    other = await bot.member(OTHER.id)
    await bot.press(ADMIN, f"{keyboards.CB_APPROVE_ALL}{other.kampung_id}:{other.id}")
    await bot.send(CADRE, "insya allah hadir bu")
    await bot.send(CADRE, "terima kasih bu")
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    await bot.send(CADRE, "hadir")
    await bot.send(ADMIN, "/hadir")
    cadre = await bot.member(CADRE.id)
    await bot.press(ADMIN, f"att:tg:{meeting.id}:{cadre.id}:0")
    await bot.press(ADMIN, f"{keyboards.CB_ATT_UNDO_UNTICK}{meeting.id}:{cadre.id}")
    await bot.send(ADMIN, "/tamu Bapak Lurah - Sekretaris Lurah")
    async with bot.session() as session:
        guest = await session.scalar(select(Guest.id))
    await bot.press(ADMIN, f"{keyboards.CB_GUEST_REMOVE}{guest}")
    await bot.press(ADMIN, f"{keyboards.CB_GUEST_RESTORE}{guest}")
    await bot.press(ADMIN, f"{keyboards.CB_ATT_CLOSE_YES}{meeting.id}")
    await bot.press(ADMIN, f"{keyboards.CB_ATT_REOPEN}{meeting.id}")
    await bot.press(ADMIN, f"mbr:do:del:{wati.id}")
    said = " ".join(bot.api.texts(ADMIN.id))
    assert "Absensi dibuka lagi" in " ".join(str(c.params.get("text")) for c in bot.api.calls)
    assert "1 kader ditambahkan" in said and "Tamu <b>Bapak Lurah</b> dihapus" in said
    assert bot.api.inside == []
