"""The secretary's ``/poktan`` (issue 18, item 1): groups and their chairs, through the
real Application: a group with a chair in a few taps, the chair told once through the
outbox, each change of a group's card, rights and isolation, two secretaries at once."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from sqlalchemy import delete, select

from models.kampung import Kampung
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.poktan.groups import PoktanChair, PoktanGroup
from models.poktan.kinds import PoktanKind
from runtime.config import Settings
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import register
from tests.harness import OPERATOR, FakeClock, Harness, Person, running_bot, with_operators
from tests.poktan_support import (
    ANI,
    BUDI,
    CICI,
    DEDI,
    chair_names,
    group_row,
    kampung_with_cadres,
    last_popup,
    last_shown_text,
    make_group,
    member_id,
    shown_data,
)
from ui import keyboards_poktan as kb

ROUNDS = 6


async def test_a_secretary_sets_up_a_group_with_a_chair_in_a_few_taps(bot: Harness) -> None:
    kampung_id = await kampung_with_cadres(bot)
    await bot.send(ADMIN, "/poktan")
    assert "Belum ada kelompok" in bot.last_text(ADMIN)
    assert f"{kb.CB_PKG_NEW}{kampung_id}" in bot.last_buttons(ADMIN)[-1]

    await bot.press(ADMIN, f"{kb.CB_PKG_NEW}{kampung_id}")
    assert [data for _, data in bot.last_buttons(ADMIN)] == [
        f"{kb.CB_PKG_KIND}{kind.value}" for kind in PoktanKind
    ]
    await bot.press(ADMIN, f"{kb.CB_PKG_KIND}BKB")
    assert bot.last_buttons(ADMIN) == [("BKB", kb.CB_PKG_NAME)]  # the suggested name
    await bot.send(ADMIN, "BKB  Melati")
    await bot.press(ADMIN, f"{kb.CB_PKG_RT}01", message=bot.api.last_sent(ADMIN.id))
    await bot.press(ADMIN, f"{kb.CB_PKG_RT}02", message=bot.api.last_sent(ADMIN.id))
    assert "Terpilih: <b>01, 02</b>" in last_shown_text(bot, ADMIN)
    await bot.press(ADMIN, kb.CB_PKG_RT_DONE, message=bot.api.last_sent(ADMIN.id))

    # Members whose Poktan field is BKB first, then the others with Telegram.
    ani, budi = await member_id(bot, ANI), await member_id(bot, BUDI)
    candidates = [d for d in shown_data(bot, ADMIN) if d.startswith(kb.CB_PKG_CHAIR)]
    assert candidates[:2] == [f"{kb.CB_PKG_CHAIR}{ani}", f"{kb.CB_PKG_CHAIR}{budi}"]
    assert len(candidates) == 5  # Ani, Budi, then Cici, Dedi and the secretary
    await bot.press(ADMIN, f"{kb.CB_PKG_CHAIR}{ani}", message=bot.api.last_sent(ADMIN.id))
    await bot.press(ADMIN, kb.CB_PKG_CHAIRS_DONE, message=bot.api.last_sent(ADMIN.id))

    async with bot.session() as session:
        group = await session.scalar(select(PoktanGroup))
    assert group is not None
    assert (group.kind, group.name, group.rt_list, group.active) == (
        PoktanKind.BKB,
        "BKB Melati",
        ["01", "02"],
        True,
    )
    assert await chair_names(bot, group.id) == ["Ani Lestari"]
    assert "BKB Melati" in bot.last_text(ADMIN) and "Ani Lestari" in bot.last_text(ADMIN)
    # The chair gets one message, through the outbox, saying how to start.
    told = [t for t in bot.api.texts(ANI.id) if "ketua Poktan" in t]
    assert len(told) == 1 and "BKB Melati" in told[0] and "/kelompok" in told[0]
    assert not [t for t in bot.api.texts(BUDI.id) if "ketua Poktan" in t]
    # Her Poktan field is as it was.
    ani_row = await bot.member(ANI.id)
    assert ani_row is not None and ani_row.poktan is Poktan.BKB

    # The list shows kind, name, RTs, chairs and the number of families.
    await bot.send(ADMIN, "/poktan")
    listing = bot.last_text(ADMIN)
    assert "<b>BKB Melati</b> · BKB" in listing and "RT 01, 02 · 0 keluarga" in listing
    assert "Ketua: Ani Lestari" in listing


async def test_a_name_taken_and_unknown_rts_are_refused_and_the_suggestion_counts_on(
    bot: Harness,
) -> None:
    kampung_id = await kampung_with_cadres(bot)
    await make_group(bot, "BKB")
    await bot.press(ADMIN, f"{kb.CB_PKG_NEW}{kampung_id}", message=None)
    await bot.press(ADMIN, f"{kb.CB_PKG_KIND}BKB", message=None)
    assert bot.last_buttons(ADMIN) == [("BKB 2", kb.CB_PKG_NAME)]
    await bot.send(ADMIN, "bkb")
    assert "sudah dipakai" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "BKB Mawar")
    await bot.send(ADMIN, "01, 77")
    assert "RT 77 tidak ada" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "semua")
    await bot.press(ADMIN, kb.CB_PKG_CHAIRS_DONE, message=None)  # no chair yet
    async with bot.session() as session:
        names = list(await session.scalars(select(PoktanGroup.name).order_by(PoktanGroup.id)))
        mawar = await session.scalar(select(PoktanGroup).where(PoktanGroup.name == "BKB Mawar"))
    assert names == ["BKB", "BKB Mawar"] and mawar is not None and mawar.rt_list == []
    assert await chair_names(bot, mawar.id) == []


async def test_the_card_renames_changes_rts_and_chairs_and_deactivates_after_confirming(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI,))
    ani, budi, cici = [await member_id(bot, p) for p in (ANI, BUDI, CICI)]
    await bot.press(ADMIN, f"{kb.CB_PKG_VIEW}{group_id}", message=None)
    assert "Ketua: Ani Lestari" in last_shown_text(bot, ADMIN)

    await bot.press(ADMIN, f"{kb.CB_PKG_RENAME}{group_id}", message=None)
    await bot.send(ADMIN, "BKB Kenanga")
    await bot.press(ADMIN, f"{kb.CB_PKG_RTS}{group_id}", message=None)
    await bot.send(ADMIN, "rt 3, 4")
    group = await group_row(bot, group_id)
    assert (group.name, group.rt_list) == ("BKB Kenanga", ["03", "04"])

    # A second chair; a third is refused even by a forged press.
    await bot.press(ADMIN, f"{kb.CB_PKG_ADD_CHAIR}{group_id}:0", message=None)
    assert f"{kb.CB_PKG_SET_CHAIR}{group_id}:{budi}" in shown_data(bot, ADMIN)
    assert f"{kb.CB_PKG_SET_CHAIR}{group_id}:{ani}" not in shown_data(bot, ADMIN)
    await bot.press(ADMIN, f"{kb.CB_PKG_SET_CHAIR}{group_id}:{budi}", message=None)
    assert await chair_names(bot, group_id) == ["Ani Lestari", "Budi Santoso"]
    assert any("ketua Poktan BKB Kenanga" in t for t in bot.api.texts(BUDI.id))
    assert f"{kb.CB_PKG_ADD_CHAIR}{group_id}:0" not in shown_data(bot, ADMIN)
    await bot.press(ADMIN, f"{kb.CB_PKG_SET_CHAIR}{group_id}:{cici}", message=None)
    assert "dua ketua" in last_popup(bot)
    assert await chair_names(bot, group_id) == ["Ani Lestari", "Budi Santoso"]

    # Removing a chair asks first; "Batal" keeps her.
    await bot.press(ADMIN, f"{kb.CB_PKG_UNCHAIR}{group_id}:{ani}", message=None)
    assert "Lepas <b>Ani Lestari</b>" in last_shown_text(bot, ADMIN)
    assert await chair_names(bot, group_id) == ["Ani Lestari", "Budi Santoso"]
    await bot.press(ADMIN, kb.CB_PKG_KEEP, message=None)
    assert await chair_names(bot, group_id) == ["Ani Lestari", "Budi Santoso"]
    await bot.press(ADMIN, f"{kb.CB_PKG_UNCHAIR_YES}{group_id}:{ani}", message=None)
    assert await chair_names(bot, group_id) == ["Budi Santoso"]

    # Deactivating asks first; the group stays, with its history; the chair no longer
    # sees it and a stale press of its menu gets the reason.
    await bot.press(ADMIN, f"{kb.CB_PKG_OFF}{group_id}", message=None)
    assert "tetap tersimpan" in last_shown_text(bot, ADMIN)
    assert (await group_row(bot, group_id)).active
    await bot.press(ADMIN, f"{kb.CB_PKG_OFF_YES}{group_id}", message=None)
    assert not (await group_row(bot, group_id)).active
    await bot.send(BUDI, "/kelompok")
    assert "belum menjadi ketua" in bot.last_text(BUDI)
    await bot.press(BUDI, f"{kb.CB_PKC_GROUP}{group_id}", message=None)
    assert "dinonaktifkan" in last_popup(bot)
    await bot.press(ADMIN, f"{kb.CB_PKG_OFF_YES}{group_id}", message=None)
    assert "Sudah seperti itu" in last_popup(bot)
    await bot.press(ADMIN, f"{kb.CB_PKG_ON}{group_id}", message=None)
    assert (await group_row(bot, group_id)).active
    await bot.send(BUDI, "/kelompok")
    assert "BKB Kenanga" in bot.last_text(BUDI)


async def test_cadres_and_another_kampungs_secretary_are_refused_and_nothing_changes(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI,))
    budi = await member_id(bot, BUDI)
    # A cadre (even the group's chair) is not the secretary.
    await bot.send(ANI, "/poktan")
    assert "hanya untuk admin" in bot.last_text(ANI)
    await bot.press(ANI, f"{kb.CB_PKG_OFF_YES}{group_id}")
    assert "hanya untuk admin" in last_popup(bot)
    await bot.press(ANI, f"{kb.CB_PKG_SET_CHAIR}{group_id}:{budi}")
    # The secretary of another kampung, pressing this kampung's group ids.
    other = Person(7399, "Sekretaris B")
    async with bot.session() as session, session.begin():
        now = bot.clock()
        kampung_b = Kampung(
            name="Kampung KB Talang Banjar",
            timezone="Asia/Jakarta",
            rt_order="01,02",
            invite_code="talangbanjar",
            created_at=now,
            updated_at=now,
        )
        session.add(kampung_b)
        await session.flush()
        session.add(
            Member(
                kampung_id=kampung_b.id,
                telegram_id=other.id,
                full_name="Sekretaris Banjar",
                rt="01",
                poktan=Poktan.POKJA,
                role=MemberRole.ADMIN,
                status=MemberStatus.ACTIVE,
                created_at=now,
                updated_at=now,
            )
        )
    for data in (
        f"{kb.CB_PKG_VIEW}{group_id}",
        f"{kb.CB_PKG_OFF_YES}{group_id}",
        f"{kb.CB_PKG_SET_CHAIR}{group_id}:{budi}",
        f"{kb.CB_PKG_UNCHAIR_YES}{group_id}:{await member_id(bot, ANI)}",
        f"{kb.CB_PKG_RENAME}{group_id}",
    ):
        await bot.press(other, data)
        assert "belum terdaftar" in last_popup(bot), data
    group = await group_row(bot, group_id)
    assert group.active and group.name == "BKB Melati"
    assert await chair_names(bot, group_id) == ["Ani Lestari"]
    # A group id of no group at all.
    await bot.press(ADMIN, f"{kb.CB_PKG_VIEW}{group_id + 100}")
    assert "tidak ditemukan" in last_popup(bot)


async def test_two_secretaries_adding_a_chair_at_once_leave_at_most_two(bot: Harness) -> None:
    await kampung_with_cadres(bot)
    await register(bot, ADMIN_2, "Hendra Ketua", "02", "Pokja")
    group_id = await make_group(bot, chairs=(ANI,))
    budi, cici = await member_id(bot, BUDI), await member_id(bot, CICI)
    dedi = await member_id(bot, DEDI)
    ani = await member_id(bot, ANI)
    for round_number in range(ROUNDS):
        async with bot.session() as session, session.begin():
            await session.execute(
                delete(PoktanChair).where(
                    PoktanChair.group_id == group_id, PoktanChair.member_id != ani
                )
            )
        # One chair; the two secretaries each add another at the same moment: one wins.
        first, second = (cici, dedi) if round_number % 2 else (dedi, cici)
        a = bot.press_update(ADMIN, f"{kb.CB_PKG_SET_CHAIR}{group_id}:{first}", _plain(ADMIN))
        b = bot.press_update(ADMIN_2, f"{kb.CB_PKG_SET_CHAIR}{group_id}:{second}", _plain(ADMIN_2))
        await asyncio.gather(bot.app.process_update(a), bot.app.process_update(b))
        await bot.drain()
        chairs = await chair_names(bot, group_id)
        assert len(chairs) == 2 and "Ani Lestari" in chairs, (round_number, chairs)
    # With two chairs, both secretaries adding a third at once: none is added.
    a = bot.press_update(ADMIN, f"{kb.CB_PKG_SET_CHAIR}{group_id}:{budi}", _plain(ADMIN))
    b = bot.press_update(ADMIN_2, f"{kb.CB_PKG_SET_CHAIR}{group_id}:{budi}", _plain(ADMIN_2))
    await asyncio.gather(bot.app.process_update(a), bot.app.process_update(b))
    assert len(await chair_names(bot, group_id)) == 2
    assert not any("Maaf, terjadi kesalahan" in t for t in popups_and_texts(bot))


def popups_and_texts(bot: Harness) -> list[str]:
    return [str(call.params.get("text") or "") for call in bot.api.calls]


def _plain(person: Person) -> dict[str, object]:
    return {
        "message_id": 999_999,
        "date": int(datetime(2026, 7, 1, tzinfo=UTC).timestamp()),
        "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
        "text": "…",
    }


async def test_bantuan_lists_poktan_for_the_secretary_and_kelompok_for_all(bot: Harness) -> None:
    await kampung_with_cadres(bot)
    await make_group(bot, chairs=(ANI,))
    await bot.send(ADMIN, "/bantuan")
    assert "/poktan" in bot.last_text(ADMIN) and "/kelompok" in bot.last_text(ADMIN)
    await bot.send(BUDI, "/bantuan")
    assert "/kelompok" in bot.last_text(BUDI) and "/poktan" not in bot.last_text(BUDI)


async def test_an_operator_reads_the_groups_without_buttons(
    settings: Settings, clock: FakeClock
) -> None:
    async with running_bot(with_operators(settings), clock) as bot:
        await kampung_with_cadres(bot)
        await make_group(bot, chairs=(ANI,))
        await bot.send(OPERATOR, "/poktan")
        assert "BKB Melati" in bot.last_text(OPERATOR)
        assert "Ketua: Ani Lestari" in bot.last_text(OPERATOR)
        assert bot.last_buttons(OPERATOR) == []
        # Read-only: a secretary's button pressed by the operator changes nothing.
        group_id = await _only_group(bot)
        await bot.press(OPERATOR, f"{kb.CB_PKG_OFF_YES}{group_id}")
        assert (await group_row(bot, group_id)).active


async def _only_group(bot: Harness) -> int:
    async with bot.session() as session:
        group_id = await session.scalar(select(PoktanGroup.id))
    assert group_id is not None
    return group_id


async def test_the_flow_times_out_with_a_message_and_nothing_stored(bot: Harness) -> None:
    kampung_id = await kampung_with_cadres(bot)
    await bot.press(ADMIN, f"{kb.CB_PKG_NEW}{kampung_id}", message=None)
    await bot.press(ADMIN, f"{kb.CB_PKG_KIND}BKL", message=None)
    await bot.send(ADMIN, "BKL Anggrek")
    assert await bot.time_out_flows(ADMIN) == 1
    assert "lama tidak ada jawaban" in bot.last_text(ADMIN)
    assert "poktan_setup" not in bot.app.user_data[ADMIN.id]
    async with bot.session() as session:
        assert await session.scalar(select(PoktanGroup.id)) is None
    # /batal in the middle: the same.
    await bot.press(ADMIN, f"{kb.CB_PKG_NEW}{kampung_id}", message=None)
    await bot.send(ADMIN, "/batal")
    assert "dibatalkan" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "BKL Anggrek")
    async with bot.session() as session:
        assert await session.scalar(select(PoktanGroup.id)) is None
