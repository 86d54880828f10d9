"""Erasure is complete: /hapus_data leaves no name and no Telegram id anywhere, in any
kampung, in any table, nor in the SQLite file's bytes; the outbox forgets old texts."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import AsyncIterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.engine import make_url

from models.attendance import Attendance
from models.broadcast import (
    Broadcast,
    BroadcastKind,
    Delivery,
    DeliveryStatus,
    Outgoing,
    claim_delivery,
    plan_to_chat,
    requeue_interrupted,
)
from models.erasure import erase_person
from models.kampung import Kampung, KampungAdmin, KampungChoice
from models.meeting import Rsvp
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.minutes import WaitingPhoto, hold_until_chosen
from runtime.config import Settings
from runtime.db import create_engine, wipe_erased
from scheduler.outbox import OUTBOX_TRIM_JOB_ID, run_outbox_trim
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import create_kampung, join, register, register_active
from tests.harness import (
    GROUP_CHAT_ID,
    OPERATOR,
    FakeClock,
    Harness,
    Person,
    running_bot,
    with_operators,
)
from tests.test_meetings import AUG_15_0900_WIB, create_one_line
from ui import keyboards, texts

# Her Telegram display name differs from the name she registers with (the operator's
# "invite used" notice shows the display name: she was not registered there yet).
LASTRI = Person(7712345678, "Lastrina")
NAME = "Sulastri Handayani"
CADRE = Person(7202, "Ani")
B_NAME = "Kampung KB Talang Banjar"
NEEDLES = ("sulastri", "handayani", "handayanti", "lastrina", str(LASTRI.id))


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(with_operators(settings), clock) as harness:
        yield harness


async def traces_in_tables(bot: Harness, needles: tuple[str, ...] = NEEDLES) -> list[str]:
    """Every column of every table of the live database (as the inspector lists them, not
    a hand-made list) that holds her name, display name or Telegram id."""
    found: list[str] = []
    async with bot.app.bot_data.engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert {"member", "broadcast", "kampung_admin", "minutes_waiting"} <= set(tables)
        for table in tables:
            rows = (await connection.execute(text(f'SELECT * FROM "{table}"'))).mappings()
            for row in rows:
                for column, value in row.items():
                    shown = str(value).casefold()
                    found += [f"{table}.{column}: {n}" for n in needles if n in shown]
    return sorted(set(found))


def traces_in_files(database_url: str) -> list[str]:
    """Her name, display name or id (as text, or as SQLite stores the integer: 6 bytes,
    big-endian) in the raw bytes of the SQLite file and its WAL."""
    database = Path(make_url(database_url).database or "")
    patterns = [n.encode() for n in NEEDLES] + [LASTRI.id.to_bytes(6, "big")]
    found = []
    for path in (database, database.with_name(database.name + "-wal")):
        if not path.exists():
            continue
        raw = path.read_bytes().lower()
        found += [f"{path.name}: {p!r}" for p in patterns if p.lower() in raw]
    return found


def is_sqlite(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "sqlite"


async def kampung_named(bot: Harness, name: str) -> Kampung:
    async with bot.session() as session:
        kampung = await session.scalar(select(Kampung).where(Kampung.name == name))
    assert kampung is not None
    return kampung


async def secretary_invite(bot: Harness, kampung: Kampung) -> str:
    await bot.press(OPERATOR, f"{keyboards.CB_OP_INVITE}{kampung.id}", message=None)
    match = re.search(r"\?start=(sek_[A-Za-z0-9_-]+)", bot.api.sent(OPERATOR.id)[-1].text)
    assert match is not None
    return match.group(1)


async def her_rows(bot: Harness, ids: list[int]) -> list[Member]:
    async with bot.session() as session:
        return list(await session.scalars(select(Member).where(Member.id.in_(ids))))


async def test_erasure_leaves_no_name_and_no_id_in_any_table_or_file(bot, database_url, caplog):
    # Kampung A (the settings'): she registers and is approved (the request naming her
    # went to the secretary), she had blocked the bot when the meeting was announced
    # (the summary names her), answers the RSVP and checks in.
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    await register_active(bot, ADMIN, LASTRI, "Sulastri Handayanti", "03", "BKB")
    await bot.send(LASTRI, "/profil")  # she corrects her name: the old one is deleted text
    await bot.press(LASTRI, keyboards.CB_PROFILE_NAME)
    await bot.send(LASTRI, NAME)
    assert (await bot.member(LASTRI.id)).full_name == NAME
    blocked = bot.api.block(LASTRI.id)
    meeting = await create_one_line(bot)
    assert any(NAME in t for t in bot.api.texts(ADMIN.id) if "memblokir" in t.lower())
    bot.api.faults.remove(blocked)
    await bot.press(LASTRI, f"{keyboards.CB_RSVP}{meeting.id}:hadir")
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    await bot.send(LASTRI, "/hadir")
    assert "tercatat" in bot.last_text(LASTRI)

    # Kampung B: she becomes its secretary with an operator's invite, registers there,
    # and sends minutes that wait for the choice of meeting.
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    code = await secretary_invite(bot, b)
    await join(bot, LASTRI, code, NAME, "01", "Pokja")
    assert any("Lastrina" in t for t in bot.api.texts(OPERATOR.id))
    async with bot.session() as session, session.begin():
        in_b = await session.scalar(
            select(Member).where(Member.kampung_id == b.id, Member.telegram_id == LASTRI.id)
        )
        assert in_b is not None and in_b.is_admin
        await hold_until_chosen(
            session,
            b.id,
            in_b,
            photos=[WaitingPhoto("file-1", "unique-1", f"Foto oleh {NAME}")],
            text=f"Notulen ditulis {NAME}",
            now=bot.clock(),
        )
    async with bot.session() as session:
        ids = list(await session.scalars(select(Member.id).where(Member.telegram_id == LASTRI.id)))
        assert await session.scalar(select(Attendance).where(Attendance.member_id.in_(ids)))
        assert await session.scalar(select(Rsvp).where(Rsvp.member_id.in_(ids)))
    assert len(ids) == 2
    assert len(await traces_in_tables(bot)) > 5  # the search finds what is there
    if is_sqlite(database_url):
        assert traces_in_files(database_url)

    # She asks from A (her last link was B's): both kampungs are named, and B's office.
    a = (await her_rows(bot, ids))[0].kampung_id
    async with bot.session() as session:
        a_name = (await session.get_one(Kampung, a)).name
    await bot.send(LASTRI, "/hapus_data")
    question = bot.last_text(LASTRI)
    assert a_name in question and B_NAME in question and "sekretaris" in question
    await bot.press(LASTRI, keyboards.CB_ERASE_YES)
    done = bot.api.edits(LASTRI.id)[-1].params["text"]
    assert "sudah dihapus" in done and a_name in done and B_NAME in done

    assert await traces_in_tables(bot) == []
    if is_sqlite(database_url):
        assert traces_in_files(database_url) == []
    assert not [r for r in caplog.records if r.name == "runtime.db" and r.levelname == "WARNING"]

    # Counts by RT and Poktan stay right: her rows keep RT and Poktan, her answers count.
    rows = await her_rows(bot, ids)
    assert {(m.status, m.rt, m.poktan) for m in rows} == {
        (MemberStatus.LEFT, "03", Poktan.BKB),
        (MemberStatus.LEFT, "01", Poktan.POKJA),
    }
    async with bot.session() as session:
        assert await session.scalar(select(Attendance).where(Attendance.member_id.in_(ids)))
        assert await session.scalar(select(Rsvp).where(Rsvp.member_id.in_(ids)))

    # Registering again in B does not make her secretary again: an operator must appoint her.
    await join(bot, LASTRI, b.invite_code, NAME, "01", "Pokja")
    async with bot.session() as session:
        again = await session.scalar(
            select(Member).where(Member.kampung_id == b.id, Member.telegram_id == LASTRI.id)
        )
    assert again is not None
    assert (again.role, again.status) == (MemberRole.CADRE, MemberStatus.PENDING)


async def test_a_member_of_b_who_opened_a_link_of_a_erases_her_data_in_b(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    await join(bot, CADRE, b.invite_code, "Ani Lestari", "02", "BKR")
    a = await kampung_named(bot, "Kampung KB Penyengat Rendah")
    await bot.send(CADRE, f"/start {a.invite_code}")  # A is now her chosen kampung
    await bot.send(CADRE, "/batal")  # she does not register in A
    await bot.send(CADRE, "/hapus_data")
    assert B_NAME in bot.last_text(CADRE)
    assert texts.NOTHING_TO_ERASE not in bot.last_text(CADRE)
    await bot.press(CADRE, keyboards.CB_ERASE_YES)
    async with bot.session() as session:
        left = await session.scalar(select(Member).where(Member.kampung_id == b.id))
        choices = list(await session.scalars(select(KampungChoice)))
    assert left.full_name is None and left.telegram_id is None
    assert left.status is MemberStatus.LEFT
    assert CADRE.id not in {c.telegram_id for c in choices}


async def test_a_name_she_typed_before_her_account_was_linked_is_erased_too(bot):
    """She registered herself (the request named her), then used the link the secretary
    made for the row she had added: her own registration gave way, and its texts too."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(ADMIN, "/anggota_tambah Bu Wati - 04 - BKL")
    await register(bot, LASTRI, NAME, "03", "BKB")  # pending: the request names her
    async with bot.session() as session:
        wati = await session.scalar(select(Member).where(Member.full_name == "Bu Wati"))
    await bot.press(ADMIN, f"{keyboards.CB_MEMBER_LINK}{wati.id}", message=None)
    code = re.search(r"start=(link_[\w-]+)", bot.last_text(ADMIN)).group(1)
    await bot.send(LASTRI, f"/start {code}")
    await bot.press(LASTRI, keyboards.CB_CONSENT_YES)
    assert "tersambung" in bot.last_text(LASTRI)
    assert await traces_in_tables(bot, needles=("sulastri", "handayani")) == []

    await bot.send(LASTRI, "/hapus_data")
    await bot.press(LASTRI, keyboards.CB_ERASE_YES)
    assert await traces_in_tables(bot, needles=(*NEEDLES, "wati")) == []


async def test_someone_with_nothing_stored_is_told_so_and_her_link_choice_goes(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    b = await kampung_named(bot, B_NAME)
    await bot.send(CADRE, f"/start {b.invite_code}")  # opened the link, never registered
    await bot.send(CADRE, "/batal")
    async with bot.session() as session:
        assert await session.get(KampungChoice, CADRE.id) is not None
    await bot.send(CADRE, "/hapus_data")
    assert bot.last_text(CADRE) == texts.NOTHING_TO_ERASE
    async with bot.session() as session:
        assert await session.get(KampungChoice, CADRE.id) is None


async def test_removing_a_cadre_from_anggota_redacts_the_outbox_of_that_kampung(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, LASTRI, NAME, "03", "BKB")
    member = await bot.member(LASTRI.id)
    async with bot.session() as session:
        kept = [b.text for b in await session.scalars(select(Broadcast))]
    assert any(NAME in (t or "") for t in kept)  # the registration request named her

    await bot.press(ADMIN, f"mbr:do:del:{member.id}", message=None)
    assert bot.api.edits(ADMIN.id)[-1].params["text"] == texts.member_removed()
    assert await traces_in_tables(bot) == []
    async with bot.session() as session:
        kept = [b.text for b in await session.scalars(select(Broadcast))]
    assert any(texts.REDACTION.name in (t or "") for t in kept)


async def test_an_erased_secretary_is_no_longer_listed(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    code = await secretary_invite(bot, b)
    await join(bot, LASTRI, code, NAME, "01", "Pokja")
    await bot.send(LASTRI, "/hapus_data")
    assert "sekretaris" in bot.last_text(LASTRI) and B_NAME in bot.last_text(LASTRI)
    await bot.press(LASTRI, keyboards.CB_ERASE_YES)
    async with bot.session() as session:
        listed = set(await session.scalars(select(KampungAdmin.telegram_id)))
    assert LASTRI.id not in listed


async def test_a_secretary_listed_in_admin_ids_is_told_her_id_stays_in_the_settings(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(ADMIN, "/hapus_data")
    assert "ADMIN_IDS" in bot.last_text(ADMIN)
    await register_active(bot, ADMIN_2, LASTRI, NAME, "03", "BKB")  # ADMIN_2 is listed too
    await bot.send(LASTRI, "/hapus_data")
    assert "ADMIN_IDS" not in bot.last_text(LASTRI)


async def test_an_invite_made_by_an_operator_who_erased_her_data_still_works(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    b = await create_kampung(bot, OPERATOR, B_NAME, "1, 2, 3")
    code = await secretary_invite(bot, b)
    await bot.send(OPERATOR, "/hapus_data")  # no member row: only ids she left behind
    assert bot.last_text(OPERATOR) == texts.NOTHING_TO_ERASE
    assert await traces_in_tables(bot, needles=(str(OPERATOR.id),)) == []
    sent_before = len(bot.api.sent())
    await join(bot, LASTRI, code, NAME, "01", "Pokja")
    async with bot.session() as session:
        listed = set(await session.scalars(select(KampungAdmin.telegram_id)))
    assert LASTRI.id in listed
    assert all(call.chat_id != 0 for call in bot.api.sent()[sent_before:])


async def test_the_daily_trim_removes_old_texts_and_chat_ids_but_keeps_the_rows(bot):
    assert bot.app.job_queue.scheduler.get_job(OUTBOX_TRIM_JOB_ID) is not None
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    await register_active(bot, ADMIN, LASTRI, NAME, "03", "BKB")  # a request to the admin
    meeting = await create_one_line(bot)  # the card of a meeting on 15 August
    async with bot.session() as session:
        before = {b.id: b.meeting_id for b in await session.scalars(select(Broadcast))}
        deliveries = len(list(await session.scalars(select(Delivery))))

    # 29 days on: nothing is old enough yet.
    bot.clock.advance(timedelta(days=29))
    trimmed = await run_outbox_trim(bot.app)
    assert (trimmed.broadcasts, trimmed.deliveries) == (0, 0)

    # 31 days on: the registration's messages lose text and chat id; the card of the
    # meeting still to come is kept (its tally is edited, its buttons pressed).
    bot.clock.advance(timedelta(days=2))
    assert bot.clock() < meeting.starts_at
    await run_outbox_trim(bot.app)
    async with bot.session() as session:
        broadcasts = {b.id: b for b in await session.scalars(select(Broadcast))}
        rows = list(await session.scalars(select(Delivery)))
    assert set(broadcasts) == set(before) and len(rows) == deliveries  # rows stay
    for broadcast_id, meeting_id in before.items():
        kept = broadcasts[broadcast_id].text is not None
        assert kept == (meeting_id == meeting.id), broadcast_id
    for delivery in rows:
        assert (delivery.chat_id is not None) == (before[delivery.broadcast_id] == meeting.id)

    # 31 days after the meeting, its cards go too; a second run finds nothing more.
    bot.clock.set(meeting.starts_at + timedelta(days=31))
    await run_outbox_trim(bot.app)
    async with bot.session() as session:
        assert not list(await session.scalars(select(Broadcast).where(Broadcast.text.is_not(None))))
        assert not list(
            await session.scalars(select(Delivery).where(Delivery.chat_id.is_not(None)))
        )
    again = await run_outbox_trim(bot.app)
    assert (again.broadcasts, again.deliveries) == (0, 0)


# --- the SQLite file itself ------------------------------------------------------------------

SECRET = b"Rahasia Nama Terhapus"


def _fill(connection: sqlite3.Connection) -> None:
    connection.execute("CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, body TEXT)")
    connection.executemany(
        "INSERT INTO note (body) VALUES (?)", [(f"catatan biasa {i}",) for i in range(30)]
    )
    connection.execute("INSERT INTO note (body) VALUES (?)", (SECRET.decode(),))
    connection.commit()


def _raw(path: Path) -> bytes:
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


async def test_after_an_erasure_an_older_file_keeps_nothing_in_its_free_space(tmp_path):
    """A database that deleted without secure_delete (made by an older release; SQLite
    builds differ in their default, Debian's zeroes, others do not)."""
    path = tmp_path / "old.db"
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("PRAGMA secure_delete=OFF")
        _fill(connection)
        connection.execute("DELETE FROM note WHERE body LIKE 'Rahasia%'")
        connection.commit()
    assert SECRET in _raw(path)  # deleted, but still in the file's bytes
    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    try:
        await wipe_erased(engine)
    finally:
        await engine.dispose()
    assert SECRET not in _raw(path)


async def test_a_delivery_erased_while_in_flight_is_dropped_at_the_next_start(bot):
    """Erased while its send was in flight, then the process died: the requeue at the
    next start drops it instead of leaving it pending, with no chat, for ever."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    now = bot.clock()
    async with bot.session() as session, session.begin():
        broadcast = await plan_to_chat(
            session,
            bot.app.bot_data.kampung_id,
            BroadcastKind.NOTICE,
            LASTRI.id,
            Outgoing("Halo"),
            now=now,
        )
        delivery = await session.scalar(
            select(Delivery).where(Delivery.broadcast_id == broadcast.id)
        )
        assert await claim_delivery(session, delivery.id, now=now)
    async with bot.session() as session, session.begin():
        await erase_person(session, LASTRI.id, redaction=texts.REDACTION, now=now)
    async with bot.session() as session, session.begin():
        await requeue_interrupted(session, now=now)
    async with bot.session() as session:
        after = await session.get_one(Delivery, delivery.id)
    assert (after.status, after.chat_id) == (DeliveryStatus.DROPPED, None)


async def test_erasure_also_drops_what_she_was_still_typing(bot):
    """A registration left half-way keeps her typed name in the bot's memory (the
    flow's draft); /hapus_data drops it with the rows, so nothing she sent survives."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await bot.send(LASTRI, "/start")
    await bot.press(LASTRI, keyboards.CB_CONSENT_YES)
    await bot.send(LASTRI, NAME)
    assert NAME in repr(bot.app.user_data[LASTRI.id])
    await bot.send(LASTRI, "/hapus_data")
    await bot.press(LASTRI, keyboards.CB_ERASE_YES)
    assert NAME not in repr(bot.app.user_data.get(LASTRI.id, {}))
    # The half-way registration ended with it: its old buttons register nobody.
    await bot.press(LASTRI, keyboards.CB_REG_RT + "03")
    await bot.press(LASTRI, keyboards.CB_REG_POKTAN + "BKB")
    await bot.press(LASTRI, keyboards.CB_REG_CONFIRM)
    assert await bot.member(LASTRI.id) is None
