"""Members without Telegram (/anggota), one-time links, member changes, approve-all."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from models.attendance import Attendance
from models.broadcast import Delivery
from models.member import Member, MemberLink, MemberStatus
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import register, register_active
from tests.harness import GROUP_CHAT_ID, Person
from tests.test_meetings import AUG_15_0900_WIB, create_one_line
from ui import keyboards

SITI = Person(7001, "Siti")
NEWCOMER = Person(7100, "Wati")
OTHER = Person(7200, "Orang")

ADD = (
    "/anggota tambah\nBu Wati - 4 - bkl\nHj. Nurhasanah, S.Pd. - RT 05 - BKR\n"
    "Tanpa Pemisah\nAni - 99 - BKB"
)


@pytest.fixture
async def kampung(bot):
    """The secretary, one cadre on Telegram (BKB, RT 03), the group bound."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, SITI, "Siti Aminah", "03", "BKB")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    bot.api.clear()
    return bot


async def by_name(bot, name: str) -> Member:
    async with bot.session() as session:
        return await session.scalar(select(Member).where(Member.full_name == name))


async def test_added_members_count_everywhere_but_get_no_messages(kampung):
    bot = kampung
    await bot.send(ADMIN, ADD)
    report = bot.last_text(ADMIN)
    assert "2 kader ditambahkan" in report
    assert "Baris 3: <code>Tanpa Pemisah</code>" in report
    assert "Baris 4:" in report and "RT tidak ada" in report
    wati = await by_name(bot, "Bu Wati")
    assert (wati.telegram_id, wati.rt, wati.poktan.value, wati.status) == (
        None,
        "04",
        "BKL",
        MemberStatus.ACTIVE,
    )
    # The same list again adds nobody twice.
    await bot.send(ADMIN, "/anggota_tambah Bu Wati - 04 - BKL")
    assert "Sudah terdaftar" in bot.last_text(ADMIN)
    assert len([m for m in await bot.members() if m.full_name == "Bu Wati"]) == 1

    await bot.send(ADMIN, "/anggota")
    listing = bot.last_text(ADMIN)
    assert "Anggota aktif: 4</b> (2 tanpa Telegram" in listing
    assert "<b>BKL (1)</b>" in listing and "Bu Wati — RT 04 📵" in listing
    assert ("📵 Bu Wati (RT 04)", f"mbr:v:{wati.id}") in bot.last_buttons(ADMIN)

    # The announcement goes to the two members with Telegram only, and says so.
    meeting = await create_one_line(bot)
    report = next(t for t in bot.api.texts(ADMIN.id) if "terkirim ke" in t)
    assert "terkirim ke <b>2</b> kader" in report
    async with bot.session() as session:
        told = set(await session.scalars(select(Delivery.member_id)))
    assert wati.id not in told and (await by_name(bot, "Hj. Nurhasanah, S.Pd.")).id not in told
    await bot.send(SITI, "/jadwal")
    assert "Belum menjawab 4" in bot.last_text(SITI)

    # On the roll, ticked by the secretary, counted in the recap by Poktan and RT.
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    await bot.send(ADMIN, "/hadir")
    roll = next(c for c in reversed(bot.api.sent(ADMIN.id)) if "Hadir: <b>" in c.text)
    assert "dari 4 kader" in roll.text
    toggle = f"att:tg:{meeting.id}:{wati.id}:0"
    assert ("⬜ Bu Wati (RT 04) 📵", toggle) in roll.buttons
    await bot.press(ADMIN, toggle, message=roll)
    async with bot.session() as session:
        mark = await session.scalar(select(Attendance).where(Attendance.member_id == wati.id))
    assert mark.present is True
    await bot.send(ADMIN, "/hadir rekap")
    recap = next(t for t in bot.api.texts(ADMIN.id) if "Rekap kehadiran" in t)
    assert "• BKL: 1/1" in recap and "• RT 04: 1/1" in recap and "• BKR: 0/1" in recap
    assert "Bu Wati — BKL, RT 04" in recap


async def test_secretary_records_the_rsvp_of_a_member_without_telegram(kampung):
    bot = kampung
    await bot.send(ADMIN, "/anggota_tambah Bu Wati - 4 - BKL")
    meeting = await create_one_line(bot)
    wati = await by_name(bot, "Bu Wati")
    await bot.send(ADMIN, "/anggota")
    await bot.press(ADMIN, f"mbr:v:{wati.id}")
    assert "Bu Wati" in bot.last_text(ADMIN) and "belum menjawab" in bot.last_text(ADMIN)
    await bot.press(ADMIN, f"mbr:rsvp:{meeting.id}:{wati.id}:izin")
    assert "Izin" in bot.api.last_answer().params["text"]
    await bot.send(SITI, "/jadwal")
    assert "Izin 1" in bot.last_text(SITI)
    # A cadre cannot record anybody's answer.
    await bot.press(SITI, f"mbr:rsvp:{meeting.id}:{wati.id}:hadir")
    assert bot.api.last_answer().params["show_alert"] is True
    await bot.send(SITI, "/jadwal")
    assert "Izin 1" in bot.last_text(SITI)


async def test_a_one_time_link_binds_her_telegram_and_keeps_her_history(kampung):
    bot = kampung
    await bot.send(ADMIN, "/anggota_tambah Bu Wati - 4 - BKL")
    wati = await by_name(bot, "Bu Wati")
    meeting = await create_one_line(bot)
    bot.clock.set(AUG_15_0900_WIB - timedelta(minutes=30))
    await bot.send(ADMIN, "/hadir")
    await bot.press(ADMIN, f"att:tg:{meeting.id}:{wati.id}:0")

    await bot.press(ADMIN, f"mbr:lnk:{wati.id}")
    link_text = bot.last_text(ADMIN)
    code = re.search(r"https://t\.me/kampungkb_test_bot\?start=(link_[\w-]+)", link_text).group(1)
    async with bot.session() as session:
        stored = await session.scalar(select(MemberLink))
    assert code not in stored.code_hash  # only a hash is kept

    await bot.send(NEWCOMER, f"/start {code}")
    assert "Bu Wati" in bot.last_text(NEWCOMER)
    assert (await by_name(bot, "Bu Wati")).telegram_id is None  # nothing before consent
    await bot.press(NEWCOMER, keyboards.CB_CONSENT_YES)
    assert "tersambung" in bot.last_text(NEWCOMER)
    linked = await bot.member(NEWCOMER.id)
    assert linked.id == wati.id and linked.consent_at is not None
    async with bot.session() as session:
        history = await session.scalar(select(Attendance).where(Attendance.member_id == wati.id))
    assert history.present is True
    await bot.send(NEWCOMER, "/hadir")
    assert "tercatat" in bot.last_text(NEWCOMER)

    # A second use, a forged code and an expired one change nothing.
    await bot.send(OTHER, f"/start {code}")
    assert "sudah pernah dipakai" in bot.last_text(OTHER)
    await bot.send(OTHER, "/start link_AAAAAAAAAAAAAAAAAAAAAAAA")
    assert "tidak dikenal" in bot.last_text(OTHER)
    await bot.send(ADMIN, "/anggota_tambah Bu Sri - 5 - BKB")
    sri = await by_name(bot, "Bu Sri")
    await bot.press(ADMIN, f"mbr:lnk:{sri.id}")
    late = re.search(r"start=(link_[\w-]+)", bot.last_text(ADMIN)).group(1)
    bot.clock.advance(timedelta(days=8))
    await bot.send(OTHER, f"/start {late}")
    assert "kedaluwarsa" in bot.last_text(OTHER)
    assert await bot.member(OTHER.id) is None
    assert (await by_name(bot, "Bu Sri")).telegram_id is None


async def test_move_deactivate_and_remove_ask_first_and_refuse_forgeries(kampung):
    bot = kampung
    await bot.send(ADMIN, "/anggota_tambah Bu Wati - 4 - BKL")
    wati = await by_name(bot, "Bu Wati")
    await bot.send(ADMIN, "/anggota")
    await bot.press(ADMIN, f"mbr:v:{wati.id}")
    await bot.press(ADMIN, f"mbr:set:rt:{wati.id}")
    await bot.press(ADMIN, f"mbr:ask:rt:{wati.id}:06")
    assert (await by_name(bot, "Bu Wati")).rt == "04"  # asked, not done
    await bot.press(ADMIN, f"mbr:do:rt:{wati.id}:06")
    assert (await by_name(bot, "Bu Wati")).rt == "06"
    await bot.press(ADMIN, f"mbr:do:rt:{wati.id}:99")  # forged RT
    assert bot.api.last_answer().params["show_alert"] is True
    await bot.press(ADMIN, f"mbr:do:pk:{wati.id}:UPPKS")
    assert (await by_name(bot, "Bu Wati")).poktan.value == "UPPKS"

    await bot.press(SITI, f"mbr:do:off:{wati.id}")  # a cadre's forged press
    assert bot.api.last_answer().params["show_alert"] is True
    await bot.press(ADMIN, f"mbr:ask:off:{wati.id}")
    await bot.press(ADMIN, keyboards.CB_MEMBER_KEEP)
    assert (await by_name(bot, "Bu Wati")).status is MemberStatus.ACTIVE
    await bot.press(ADMIN, f"mbr:do:off:{wati.id}")
    assert (await by_name(bot, "Bu Wati")).status is MemberStatus.INACTIVE
    await bot.press(ADMIN, f"mbr:do:off:{wati.id}")  # a second press changes nothing
    assert "tidak ada yang diubah" in bot.api.last_answer().params["text"]
    await bot.send(ADMIN, "/anggota")
    assert "Anggota aktif: 2" in bot.last_text(ADMIN) and "Nonaktif (1)" in bot.last_text(ADMIN)
    await bot.press(ADMIN, f"mbr:do:on:{wati.id}")
    assert (await by_name(bot, "Bu Wati")).status is MemberStatus.ACTIVE

    await bot.press(ADMIN, f"mbr:ask:del:{wati.id}")
    assert "tidak bisa dibatalkan" in bot.api.edits(ADMIN.id)[-1].params["text"]
    await bot.press(ADMIN, f"mbr:do:del:{wati.id}")
    async with bot.session() as session:
        removed = await session.get(Member, wati.id)
    assert removed.status is MemberStatus.LEFT and removed.full_name is None
    await bot.press(ADMIN, f"mbr:do:on:{wati.id}")  # stale: she is gone
    assert "sudah tidak ada" in bot.api.last_answer().params["text"]
    admin = await bot.member(ADMIN.id)
    await bot.press(ADMIN, f"mbr:do:del:{admin.id}")  # admins come from the settings
    assert (await bot.member(ADMIN.id)).status is MemberStatus.ACTIVE


async def test_a_deactivated_cadre_is_not_asked_and_is_told_why(kampung):
    bot = kampung
    siti = await bot.member(SITI.id)
    await bot.press(ADMIN, f"mbr:do:off:{siti.id}")
    await create_one_line(bot)
    assert not [c for c in bot.api.sent(SITI.id) if "Pertemuan" in c.text]
    await bot.send(SITI, "/jadwal")
    assert "nonaktif" in bot.last_text(SITI)


async def test_approve_all_with_a_concurrent_single_approval_tells_each_once(bot):
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register(bot, ADMIN_2, "Hendra Ketua", "02", "Pokja")
    applicants = [Person(8100 + n, "Calon") for n in range(4)]
    for n, person in enumerate(applicants):
        await register(bot, person, f"Calon Kader {chr(65 + n)}")
    await bot.send(ADMIN, "/menunggu")
    listing = next(c for c in bot.api.sent(ADMIN.id) if c.text.startswith("Ada <b>4</b>"))
    [(label, data)] = listing.buttons
    assert label == "✅ Setujui semua (4)" and data.startswith(keyboards.CB_APPROVE_ALL)
    first = await bot.member(applicants[0].id)
    single = next(
        c for c in bot.api.sent(ADMIN_2.id) if f"{keyboards.CB_APPROVE}{first.id}" in c.button_data
    )
    # Somebody registers after the list was shown: approve-all leaves her waiting.
    late = Person(8200, "Telat")
    await register(bot, late, "Kader Terlambat")

    async with bot.started():
        await bot.feed(
            bot.press_update(ADMIN, data, listing.result),
            bot.press_update(ADMIN_2, f"{keyboards.CB_APPROVE}{first.id}", single.result),
        )
    await bot.drain()
    for person in applicants:
        assert (await bot.member(person.id)).status is MemberStatus.ACTIVE
        told = [t for t in bot.api.texts(person.id) if "disetujui" in t]
        assert len(told) == 1, (person, told)
    assert (await bot.member(late.id)).status is MemberStatus.PENDING
    assert not [t for t in bot.api.texts(late.id) if "disetujui" in t]


async def test_help_lists_the_member_commands_for_admins_only(kampung):
    bot = kampung
    await bot.send(ADMIN, "/bantuan")
    assert "/anggota — " in bot.last_text(ADMIN) and "/anggota_tambah — " in bot.last_text(ADMIN)
    await bot.send(SITI, "/bantuan")
    assert "/anggota" not in bot.last_text(SITI)
    assert "<i>hadir</i>" in bot.last_text(SITI)
    await bot.send(SITI, "/anggota")
    assert "hanya untuk admin" in bot.last_text(SITI)


async def test_her_own_pending_registration_gives_way_to_the_link(kampung):
    bot = kampung
    await bot.send(ADMIN, "/anggota_tambah Bu Wati - 4 - BKL")
    wati = await by_name(bot, "Bu Wati")
    await register(bot, NEWCOMER, "Wati", "04", "BKL")  # she also registered herself
    await bot.press(ADMIN, f"mbr:lnk:{wati.id}")
    code = re.search(r"start=(link_[\w-]+)", bot.last_text(ADMIN)).group(1)
    await bot.send(NEWCOMER, f"/start {code}")
    await bot.press(NEWCOMER, keyboards.CB_CONSENT_YES)
    assert (await bot.member(NEWCOMER.id)).id == wati.id
    assert [m.full_name for m in await bot.members() if m.status is MemberStatus.PENDING] == []
    # An active member cannot take over another row.
    await bot.send(ADMIN, "/anggota_tambah Bu Sri - 5 - BKB")
    await bot.press(ADMIN, f"mbr:lnk:{(await by_name(bot, 'Bu Sri')).id}")
    code = re.search(r"start=(link_[\w-]+)", bot.last_text(ADMIN)).group(1)
    await bot.send(SITI, f"/start {code}")
    assert "sudah terdaftar" in bot.last_text(SITI)
    assert (await by_name(bot, "Bu Sri")).telegram_id is None
