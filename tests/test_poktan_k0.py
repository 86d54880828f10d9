"""The January K/0 draft card (issue 18 item 6), through the real handlers: on 1 January at
07.00 local time each chair gets her group's draft once (not again after a restart), the
bot asks only what it cannot know, one field at a time (bad answers refused), the card's
PDF and .xlsx, Kirim ke PKB (and a correction), a chair of two groups, stale and forged
presses, another kampung in another zone, and a kampung with no operator.

Kampung A (WIB): BKB Melati (chair Ani; 3 families, 4 balita; a session on 12 June 2026
with two of them), BKL Kenanga (chair Ani too), BKR Mawar (chair Budi). Made on 1 June
2026; the cards made in January 2027 describe 2026.
"""

from __future__ import annotations

import asyncio
import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from models.broadcast import Broadcast, BroadcastKind
from models.member import Member
from models.poktan import families, groups, sessions
from models.poktan.k0 import PoktanCard, PoktanCardAnswer
from models.poktan.kinds import PoktanKind
from runtime.config import Settings
from scheduler.poktan_month import run_poktan_month
from tests.conftest import ADMIN
from tests.fakeapi import Call
from tests.flows import appoint, create_kampung, join, register, register_active
from tests.harness import OPERATOR, FakeClock, Harness, Person, running_bot, with_operators
from ui import keyboards, keyboards_poktan, texts
from ui.texts import poktan as pt
from ui.texts import poktan_k0 as t

ANI, BUDI, CITRA, DEDI = (
    Person(7301, "Ani"),
    Person(7302, "Budi"),
    Person(7303, "Citra"),
    Person(7304, "Dedi"),
)
JUNE_1 = datetime(2026, 6, 1, 2, 0, tzinfo=UTC)
WIB = ZoneInfo("Asia/Jakarta")
DRAFT = "Draf kartu K/0"


def january(day: int, hour: int, minute: int = 0) -> datetime:
    """An instant of January 2027 in kampung A's zone (WIB)."""
    return datetime(2027, 1, day, hour, minute, tzinfo=WIB)


async def setup_groups(bot: Harness) -> dict[str, int]:
    await register(bot, ADMIN, "Rina Sekretaris", "03", "Pokja")
    await register_active(bot, ADMIN, ANI, "Ani Lestari", "01", "BKB")
    await register_active(bot, ADMIN, BUDI, "Budi Santoso", "02", "BKR")
    await register_active(bot, ADMIN, CITRA, "Citra Dewi", "02", "BKB")
    kampung_id = bot.app.bot_data.kampung_id
    ani, budi = await bot.member(ANI.id), await bot.member(BUDI.id)
    now = bot.clock()
    async with bot.session() as session, session.begin():
        made = {}
        for key, kind, name, chair in (
            ("melati", PoktanKind.BKB, "BKB Melati", ani),
            ("kenanga", PoktanKind.BKL, "BKL Kenanga", ani),
            ("mawar", PoktanKind.BKR, "BKR Mawar", budi),
        ):
            group = await groups.create_group(
                session, kampung_id, kind=kind, name=name, rts=[], now=now
            )
            await groups.add_chair(session, group, chair.id, now=now)
            made[key] = group
        lines, _ = families.parse_family_lines(
            "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1\nIbu Wati - 03 - 1",
            made["melati"],
            [f"{n:02d}" for n in range(1, 13)],
        )
        added, _ = await families.add_families(session, made["melati"], lines, now=now)
        await sessions.record_session(
            session,
            made["melati"],
            held_on=date(2026, 6, 12),
            today=date(2026, 6, 12),
            topic="Kelompok umur 1–2 tahun",
            family_ids=[added[0].id, added[1].id],
            by_id=ani.id,
            now=now,
        )
        return {key: group.id for key, group in made.items()}


async def run_at(bot: Harness, when: datetime) -> None:
    bot.clock.set(when)
    await run_poktan_month(bot.app)
    await bot.drain()


def drafts(bot: Harness, person: Person) -> list[Call]:
    return [c for c in bot.api.sent(person.id) if c.text and DRAFT in c.text]


def draft_of(bot: Harness, person: Person, group: str) -> Call:
    return [c for c in drafts(bot, person) if group in c.text][-1]


def popup(bot: Harness) -> str:
    return str(bot.api.last_answer().params.get("text") or "")


async def cards(bot: Harness) -> list[PoktanCard]:
    async with bot.session() as session:
        return list(await session.scalars(select(PoktanCard).order_by(PoktanCard.id)))


async def answers(bot: Harness, group_id: int) -> dict[str, tuple[int, int | None]]:
    async with bot.session() as session:
        rows = await session.execute(
            select(PoktanCardAnswer.key, PoktanCardAnswer.value, PoktanCardAnswer.answered_by_id)
            .join(PoktanCard, PoktanCard.id == PoktanCardAnswer.card_id)
            .where(PoktanCard.group_id == group_id, PoktanCard.year == 2026)
        )
        return {key: (value, by) for key, value, by in rows}


async def reports(bot: Harness) -> int:
    async with bot.session() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(Broadcast)
                .where(Broadcast.kind == BroadcastKind.POKTAN_REPORT)
            )
            or 0
        )


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


async def test_the_january_draft_reaches_each_chair_once_and_not_after_a_restart(
    settings: Settings, clock: FakeClock
) -> None:
    clock.set(JUNE_1)
    async with running_bot(with_operators(settings), clock) as bot:
        ids = await setup_groups(bot)
        await run_at(bot, datetime(2026, 12, 31, 20, 0, tzinfo=WIB))  # December: no card
        await run_at(bot, january(1, 6, 55))  # 06.55 WIB: not yet
        assert drafts(bot, ANI) == [] and drafts(bot, BUDI) == []
        await run_at(bot, january(1, 7, 0))
        # Ani chairs two groups: one draft each, with the register of December.
        assert len(drafts(bot, ANI)) == 2 and len(drafts(bot, BUDI)) == 1
        melati = draft_of(bot, ANI, "BKB Melati").text
        assert "K/0/BKB/20, data tahun <b>2026</b>" in melati
        assert "Jumlah keluarga anggota: <b>3</b>" in melati
        assert "Jumlah balita: <b>4</b>" in melati
        assert "Pertemuan terlaksana setahun: <b>1</b>" in melati
        assert "Persentase kehadiran setahun: <b>66,7%</b>" in melati
        assert "Perlu Ibu isi (2):</b> Jumlah kader, Tahun pembentukan" in melati
        assert "Bukan formulir resmi" in melati
        assert "Jumlah lansia: <b>0</b>" in draft_of(bot, ANI, "BKL Kenanga").text
        assert draft_of(bot, ANI, "BKB Melati").button_data == [
            f"{keyboards_poktan.CB_PK0_FILL}{ids['melati']}:2026",
            f"{keyboards_poktan.CB_PK0_FILES}{ids['melati']}:2026",
            f"{keyboards_poktan.CB_PK0_SEND}{ids['melati']}:2026",
        ]
        assert all(c.drafted_at == january(1, 7, 0) for c in await cards(bot))
        await run_at(bot, january(1, 9, 0))  # checked again: nothing twice
        assert len(drafts(bot, ANI)) == 2 and len(drafts(bot, BUDI)) == 1
    clock.set(january(1, 10, 0))
    async with running_bot(with_operators(settings), clock) as bot:  # the bot restarted
        await run_at(bot, january(1, 10, 0))
        assert drafts(bot, ANI) == [] and drafts(bot, BUDI) == []
        assert len(await cards(bot)) == 3


async def test_a_bot_down_on_new_year_sends_the_draft_once_when_back_in_january(
    settings: Settings, clock: FakeClock
) -> None:
    clock.set(JUNE_1)
    async with running_bot(with_operators(settings), clock) as bot:
        await setup_groups(bot)
        await run_at(bot, january(5, 9, 0))  # back on the 5th
        assert len(drafts(bot, ANI)) == 2
        await run_at(bot, january(5, 9, 5))
        await run_at(bot, datetime(2027, 2, 1, 7, 0, tzinfo=WIB))
        assert len(drafts(bot, ANI)) == 2
        assert len(drafts(bot, BUDI)) == 1


async def test_the_chair_answers_what_the_bot_cannot_know_then_sends_the_card(
    settings: Settings, clock: FakeClock
) -> None:
    clock.set(JUNE_1)
    async with running_bot(with_operators(settings), clock) as bot:
        ids = await setup_groups(bot)
        await run_at(bot, january(1, 7, 0))
        card = draft_of(bot, ANI, "BKB Melati")
        await bot.press(ANI, f"{keyboards_poktan.CB_PK0_FILL}{ids['melati']}:2026", message=card)
        assert "<b>Jumlah kader</b>? (masih 2 pertanyaan)" in bot.last_text(ANI)

        # Bad answers: a short reason each, nothing stored, the question stays.
        for bad, reason in (
            ("banyak", "Jawab dengan angka"),
            ("-3", "Jawab dengan angka"),
            ("150", "paling banyak 99"),
        ):
            await bot.send(ANI, bad)
            assert reason in bot.last_text(ANI), bad
        assert await answers(bot, ids["melati"]) == {}

        await bot.send(ANI, "7 orang")
        assert "<b>Tahun pembentukan</b>?" in bot.last_text(ANI)
        await bot.send(ANI, "2030")  # after the card's year
        assert "paling banyak 2026" in bot.last_text(ANI)
        await bot.send(ANI, "1969")
        assert "paling sedikit 1970" in bot.last_text(ANI)
        bot.api.clear()
        await bot.send(ANI, "2015")
        ani = await bot.member(ANI.id)
        assert await answers(bot, ids["melati"]) == {
            "kader": (7, ani.id),
            "tahun_bentuk": (2015, ani.id),
        }
        assert texts.plain(t.K0_COMPLETE) in texts.plain(bot.api.texts(ANI.id)[0])
        documents = {d.name: d.content for d in bot.api.documents(ANI.id)}
        assert set(documents) == {"k0-bkb-melati-2027.pdf", "k0-bkb-melati-2027.xlsx"}
        pdf = pdf_text(documents["k0-bkb-melati-2027.pdf"])
        assert "Draf data potensi kelompok untuk K/0/BKB/20" in pdf
        assert "Bukan formulir resmi" in pdf and "2015" in pdf
        sheet = load_workbook(io.BytesIO(documents["k0-bkb-melati-2027.xlsx"]))["Data potensi"]
        fields = dict(sheet.iter_rows(min_row=6, max_col=2, values_only=True))
        assert fields["Jumlah kader"] == 7 and fields["Tahun pembentukan"] == 2015
        complete = bot.api.last_sent(ANI.id)
        assert "Diisi ketua:" in complete.text and "(Ani Lestari)" in complete.text
        assert f"{keyboards_poktan.CB_PK0_FILL}{ids['melati']}:2026" not in complete.button_data

        # Kirim ke PKB: the operator gets it with its files on a button, once.
        send = f"{keyboards_poktan.CB_PK0_SEND}{ids['melati']}:2026"
        await bot.press(ANI, send, message=complete)
        [notice] = bot.api.texts(OPERATOR.id)
        assert notice.startswith("📥 Draf kartu K/0/BKB/20 <b>BKB Melati</b>")
        assert "dari Ani Lestari" in notice and "Jumlah kader: <b>7</b>" in notice
        assert "sudah dikirim ke PKB" in bot.api.edits(ANI.id)[-1].params["text"]
        [sent] = [c for c in await cards(bot) if c.group_id == ids["melati"]]
        assert (sent.sent_version, sent.sent_by_id) == (1, ani.id)
        await bot.press(ANI, send, message=complete)  # a second press: nothing changed
        assert popup(bot) == t.K0_UNCHANGED
        assert len(bot.api.texts(OPERATOR.id)) == 1

        download = bot.api.last_sent(OPERATOR.id)
        await bot.press(OPERATOR, download.button_data[0], message=download)
        assert {d.name for d in bot.api.documents(OPERATOR.id)} == {
            "k0-bkb-melati-2027.pdf",
            "k0-bkb-melati-2027.xlsx",
        }

        # A change after sending goes again as a correction.
        bot.clock.set(january(1, 9, 0))
        await bot.press(ANI, f"{keyboards_poktan.CB_PK0_EDIT}{ids['melati']}:2026:0")
        assert "<b>Jumlah kader</b>?" in bot.last_text(ANI)
        await bot.send(ANI, "8")
        await bot.press(ANI, send)
        correction = [text for text in bot.api.texts(OPERATOR.id) if text][-1]
        assert correction.startswith("🔁 <b>Perbaikan</b> draf kartu")
        assert "Jumlah kader: <b>8</b>" in correction
        assert await reports(bot) == 2


async def test_a_chair_of_two_groups_fills_each_card_on_its_own(
    settings: Settings, clock: FakeClock
) -> None:
    clock.set(JUNE_1)
    async with running_bot(with_operators(settings), clock) as bot:
        ids = await setup_groups(bot)
        await run_at(bot, january(2, 8, 0))
        kenanga = draft_of(bot, ANI, "BKL Kenanga")
        fill = f"{keyboards_poktan.CB_PK0_FILL}{ids['kenanga']}:2026"
        await bot.press(ANI, fill, message=kenanga)
        await bot.send(ANI, "3")
        await bot.send(ANI, "/batal")
        assert bot.last_text(ANI) == t.K0_CANCELLED
        assert [k for k in await answers(bot, ids["kenanga"])] == ["kader"]
        assert await answers(bot, ids["melati"]) == {}
        # Melati's draft still asks both; Kenanga's only the year now.
        await bot.press(ANI, fill, message=kenanga)
        assert "<b>Tahun pembentukan</b>?" in bot.last_text(ANI)
        await bot.send(ANI, "2010")
        assert (await answers(bot, ids["kenanga"]))["tahun_bentuk"][0] == 2010
        # From /kelompok: pick the group, then 📇 Kartu K/0.
        await bot.send(ANI, "/kelompok")
        await bot.press(ANI, f"{keyboards_poktan.CB_PKC_GROUP}{ids['melati']}")
        await bot.press(ANI, f"{keyboards_poktan.CB_PK0_VIEW}{ids['melati']}")
        view = bot.api.last_sent(ANI.id)
        assert "BKB Melati" in view.text and "Perlu Ibu isi (2)" in view.text


async def test_presses_not_of_the_chair_stale_or_forged_change_nothing(
    settings: Settings, clock: FakeClock
) -> None:
    clock.set(JUNE_1)
    async with running_bot(with_operators(settings), clock) as bot:
        ids = await setup_groups(bot)
        # Before January 2027 the group has no card yet (made in 2026).
        await bot.send(BUDI, "/kelompok")
        await bot.press(BUDI, f"{keyboards_poktan.CB_PK0_VIEW}{ids['mawar']}")
        assert popup(bot) == texts.plain(t.k0_too_new("BKR Mawar", 2027))
        await run_at(bot, january(1, 7, 0))
        card = draft_of(bot, ANI, "BKB Melati")
        melati = ids["melati"]
        for person, data, reason in (
            (CITRA, f"{keyboards_poktan.CB_PK0_FILL}{melati}:2026", pt.NOT_YOUR_GROUP),
            (BUDI, f"{keyboards_poktan.CB_PK0_SEND}{melati}:2026", pt.NOT_YOUR_GROUP),
            (CITRA, f"{keyboards_poktan.CB_PK0_FILES}{melati}:2026", pt.NOT_YOUR_GROUP),
            (ANI, f"{keyboards_poktan.CB_PK0_FILL}999999:2026", pt.GROUP_GONE),
            (ANI, f"{keyboards_poktan.CB_PK0_FILL}{melati}:2025", t.K0_STALE),
            (ANI, f"{keyboards_poktan.CB_PK0_SEND}{melati}:2025", t.K0_STALE),
            (ANI, f"{keyboards_poktan.CB_PK0_SEND}{melati}:2026", t.K0_MISSING),
            (OPERATOR, f"{keyboards_poktan.CB_PK0_FILES}{melati}:2026", t.K0_NOT_SENT_YET),
        ):
            await bot.press(person, data, message=card)
            assert popup(bot) == texts.plain(reason), (person, data)
        await bot.press(ANI, f"{keyboards_poktan.CB_PK0_EDIT}{melati}:2026:9", message=card)
        assert popup(bot) == texts.STALE_BUTTON
        # Citra's typed number is no answer to anything.
        await bot.send(CITRA, "5")
        assert await answers(bot, melati) == {}
        assert await reports(bot) == 0
        assert bot.api.documents() == []
        assert all(c.sent_version == 0 for c in await cards(bot))


async def test_a_kampung_with_no_operator_keeps_the_card_with_the_chair(
    settings: Settings, clock: FakeClock
) -> None:
    clock.set(JUNE_1)
    async with running_bot(settings, clock) as bot:  # no OPERATOR_IDS
        ids = await setup_groups(bot)
        await run_at(bot, january(1, 7, 0))
        card = draft_of(bot, ANI, "BKB Melati")
        await bot.press(ANI, f"{keyboards_poktan.CB_PK0_FILL}{ids['melati']}:2026", message=card)
        await bot.send(ANI, "4")
        await bot.send(ANI, "2019")
        assert len(bot.api.documents(ANI.id)) == 2  # the files reach her all the same
        await bot.press(ANI, f"{keyboards_poktan.CB_PK0_SEND}{ids['melati']}:2026")
        assert popup(bot) == texts.plain(t.K0_NO_OPERATOR)
        assert await reports(bot) == 0
        assert all(c.sent_version == 0 for c in await cards(bot))


async def test_another_kampung_gets_its_draft_at_its_own_07_and_cannot_touch_a(
    settings: Settings, clock: FakeClock
) -> None:
    """Kampung B is in WITA (UTC+8): its 07.00 comes an hour before A's."""
    clock.set(JUNE_1)
    async with running_bot(with_operators(settings), clock) as bot:
        ids = await setup_groups(bot)
        b = await create_kampung(bot, OPERATOR, "Kampung KB Talang Banjar", "1, 2, 3")
        await appoint(bot, OPERATOR, b, ADMIN)
        await join(bot, ADMIN, b.invite_code, "Rina Sekretaris", "01", "Pokja")
        await join(bot, DEDI, b.invite_code, "Dedi Kurnia", "02", "BKB")
        async with bot.session() as session:
            chair_b = await session.scalar(
                select(Member).where(Member.kampung_id == b.id, Member.telegram_id == DEDI.id)
            )
        assert chair_b is not None
        await bot.press(ADMIN, f"{keyboards.CB_APPROVE}{chair_b.id}")
        async with bot.session() as session, session.begin():
            group_b = await groups.create_group(
                session, b.id, kind=PoktanKind.BKB, name="BKB Anggrek", rts=[], now=clock()
            )
            await groups.add_chair(session, group_b, chair_b.id, now=clock())
            anggrek = group_b.id
        await run_at(bot, datetime(2027, 1, 1, 7, 0, tzinfo=ZoneInfo("Asia/Makassar")))
        assert [c.text.count("BKB Anggrek") > 0 for c in drafts(bot, DEDI)] == [True]
        assert drafts(bot, ANI) == []  # 06.00 in A
        await run_at(bot, january(1, 7, 0))
        assert len(drafts(bot, ANI)) == 2 and len(drafts(bot, DEDI)) == 1
        # B's chair presses A's card: refused in A, nothing stored.
        card = draft_of(bot, ANI, "BKB Melati")
        await bot.press(DEDI, f"{keyboards_poktan.CB_PK0_FILL}{ids['melati']}:2026", message=card)
        assert popup(bot) == texts.plain(texts.NOT_REGISTERED)
        await bot.send(DEDI, "5")
        assert await answers(bot, ids["melati"]) == {}
        # Ani presses B's card: refused too.
        await bot.press(ANI, f"{keyboards_poktan.CB_PK0_SEND}{anggrek}:2026")
        assert popup(bot) == texts.plain(texts.NOT_REGISTERED)
        assert await reports(bot) == 0
        assert keyboards.MAX_CALLBACK_BYTES >= len(
            f"{keyboards_poktan.CB_PK0_EDIT}{anggrek}:2026:1"
        )


async def test_two_chairs_and_two_jobs_at_once_make_one_card_and_one_sending(
    settings: Settings, clock: FakeClock
) -> None:
    clock.set(JUNE_1)
    async with running_bot(with_operators(settings), clock) as bot:
        ids = await setup_groups(bot)
        citra = await bot.member(CITRA.id)
        async with bot.session() as session, session.begin():
            melati = await groups.get_group(session, bot.app.bot_data.kampung_id, ids["melati"])
            assert melati is not None
            await groups.add_chair(session, melati, citra.id, now=clock())
        # Two runs of the job at the same moment: each chair gets the draft once.
        bot.clock.set(january(1, 7, 0))
        await asyncio.gather(run_poktan_month(bot.app), run_poktan_month(bot.app))
        await bot.drain()
        assert len(drafts(bot, CITRA)) == 1 and len(drafts(bot, ANI)) == 2
        # Both chairs answer at the same moment: one card, one answer per field, no error.
        fill = f"{keyboards_poktan.CB_PK0_FILL}{ids['melati']}:2026"
        for person in (ANI, CITRA):
            await bot.press(person, fill, message=draft_of(bot, person, "BKB Melati"))
        async with bot.started():
            for first, second in (("6", "7"), ("2015", "2016")):
                await bot.feed(bot.message_update(ANI, first), bot.message_update(CITRA, second))
        stored = await answers(bot, ids["melati"])
        assert stored["kader"][0] in (6, 7) and stored["tahun_bentuk"][0] in (2015, 2016)
        assert len([c for c in await cards(bot) if c.group_id == ids["melati"]]) == 1
        # Both press Kirim ke PKB at once: it goes once.
        send = f"{keyboards_poktan.CB_PK0_SEND}{ids['melati']}:2026"
        presses = [
            bot.press_update(person, send, bot.api.last_sent(person.id).result)
            for person in (ANI, CITRA)
        ]
        async with bot.started():
            await bot.feed(*presses)
        await bot.drain()
        assert await reports(bot) == 1
        assert texts.plain(t.K0_UNCHANGED) in [str(c.params.get("text")) for c in bot.api.answers()]
        assert not any("Maaf, terjadi kesalahan" in text for text in bot.api.texts(ANI.id))
