"""The chair's ``/kelompok`` and her member families (issue 18, item 2), through the real
Application: her groups only, the confirmation before the first list, a list of five with
two bad lines reported by number (none of them stored), move / deactivate / remove after a
confirmation, forged and stale presses refused with nothing changed, and the secretary
erasing a family."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from models.poktan.families import FamilyStatus
from models.poktan.kinds import PoktanKind
from tests.conftest import ADMIN
from tests.harness import Harness, Person
from tests.poktan_support import (
    ANI,
    BUDI,
    CICI,
    add_family_rows,
    family_rows,
    group_row,
    kampung_with_cadres,
    last_popup,
    last_shown_text,
    make_group,
    shown_data,
)
from ui import keyboards_poktan as kb


async def test_the_chairs_menu_shows_her_group_and_the_session_buttons(bot: Harness) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI,))
    await make_group(bot, "BKR Mawar", kind=PoktanKind.BKR, chairs=(CICI,))
    await bot.send(ANI, "/kelompok")
    assert "BKB Melati" in bot.last_text(ANI) and "BKR Mawar" not in bot.last_text(ANI)
    assert bot.last_buttons(ANI) == [
        ("👪 Anggota keluarga", f"{kb.CB_PKF_LIST}{group_id}:0"),
        ("📝 Catat pertemuan", f"pks:new:{group_id}"),
        ("📅 Rencanakan pertemuan", f"pks:plan:{group_id}"),
        ("🗂 Riwayat pertemuan", f"pks:list:{group_id}"),
        ("📇 Kartu K/0", f"pk0:v:{group_id}"),
    ]
    # A cadre who chairs nothing, and the secretary (pointed at /poktan).
    await bot.send(BUDI, "/kelompok")
    assert "belum menjadi ketua" in bot.last_text(BUDI)
    await bot.send(ADMIN, "/kelompok")
    assert "/poktan" in bot.last_text(ADMIN)


async def test_a_chair_of_two_groups_picks_one(bot: Harness) -> None:
    await kampung_with_cadres(bot)
    first = await make_group(bot, chairs=(ANI,))
    second = await make_group(bot, "BKL Anggrek", kind=PoktanKind.BKL, chairs=(ANI,))
    await bot.send(ANI, "/kelompok")
    assert bot.last_buttons(ANI) == [
        ("BKB Melati", f"{kb.CB_PKC_GROUP}{first}"),
        ("BKL Anggrek", f"{kb.CB_PKC_GROUP}{second}"),
    ]
    await bot.press(ANI, f"{kb.CB_PKC_GROUP}{second}")
    assert "BKL Anggrek" in last_shown_text(bot, ANI)
    assert f"pks:new:{second}" in shown_data(bot, ANI)


async def test_five_families_in_one_message_two_bad_lines_reported_by_number(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, rts=["01", "02", "03"], chairs=(ANI,))
    await bot.send(ANI, "/kelompok")
    await bot.press(ANI, f"{kb.CB_PKF_LIST}{group_id}:0")
    # Before the first family: she confirms she keeps the names (they get no messages).
    assert "tidak pernah menerima pesan" in bot.last_text(ANI)
    assert (await group_row(bot, group_id)).families_consent_at is None
    await bot.press(ANI, f"{kb.CB_PKF_KEPT}{group_id}")
    group = await group_row(bot, group_id)
    assert group.families_consent_at is not None
    assert "Nama ibu/keluarga - RT - jumlah balita" in bot.last_text(ANI)
    await bot.send(
        ANI,
        "Ibu Sari - 01 - 2\n"
        "Ibu Tini - 02\n"  # no balita count
        "Bu Wati - RT 03 - 1\n"
        "Ibu Rara - 05 - 1\n"  # RT 05 is not the group's
        "Keluarga Pak Dedi - 2 - 0",
    )
    report = bot.last_text(ANI)
    assert "3 ditambahkan" in report and "Aktif sekarang: 3" in report
    assert "Baris 2:" in report and "Baris 4:" in report and "tidak dicakup" in report
    assert "Baris 1:" not in report and "Baris 3:" not in report
    stored = await family_rows(bot, group_id)
    assert [(f.name, f.rt, f.details) for f in stored] == [
        ("Ibu Sari", "01", {"balita": 2}),
        ("Bu Wati", "03", {"balita": 1}),
        ("Keluarga Pak Dedi", "02", {"balita": 0}),
    ]
    # The same list again adds nothing; the fixed lines are added.
    await bot.press(ANI, f"{kb.CB_PKF_ADD}{group_id}", message=None)
    await bot.send(ANI, "Ibu Sari - 01 - 2\nIbu Tini - 02 - 3\nIbu Rara - 03 - 1")
    assert "2 ditambahkan" in bot.last_text(ANI) and "Ibu Sari" in bot.last_text(ANI)
    assert len(await family_rows(bot, group_id)) == 5
    # The list by RT.
    await bot.press(ANI, f"{kb.CB_PKF_LIST}{group_id}:0", message=None)
    listing = bot.last_text(ANI)
    assert "5 keluarga aktif" in listing
    assert listing.index("<b>RT 01</b>") < listing.index("<b>RT 02</b>") < listing.index("RT 03")
    # The families were never written to (they have no Telegram): only Ani heard anything.
    assert {call.chat_id for call in bot.api.sent()} <= {ANI.id, BUDI.id, CICI.id, ADMIN.id, 7304}


async def test_move_count_deactivate_and_remove_are_confirmed_and_applied_once(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, rts=["01", "02", "03"], chairs=(ANI,), kept=True)
    [sari, lina] = await add_family_rows(bot, group_id, "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1")
    ids = f"{group_id}:{sari}"
    await bot.press(ANI, f"{kb.CB_PKF_VIEW}{ids}", message=None)
    assert "Jumlah balita: 2" in bot.last_text(ANI)

    # Move: the RTs of the group (not her own), then a confirmation.
    await bot.press(ANI, f"{kb.CB_PKF_MOVE}{ids}", message=None)
    assert [d.rsplit(":", 1)[1] for d in shown_data(bot, ANI)] == ["02", "03"]
    await bot.press(ANI, f"{kb.CB_PKF_MOVE_ASK}{ids}:03", message=None)
    assert "ke <b>RT 03</b>?" in last_shown_text(bot, ANI)
    assert (await family_rows(bot, group_id))[0].rt == "01"
    await bot.press(ANI, f"{kb.CB_PKF_MOVE_YES}{ids}:03", message=None)
    assert (await family_rows(bot, group_id))[0].rt == "03"
    await bot.press(ANI, f"{kb.CB_PKF_MOVE_YES}{ids}:03", message=None)
    assert "Sudah seperti itu" in last_popup(bot)
    # An RT the group does not cover, forged: refused.
    await bot.press(ANI, f"{kb.CB_PKF_MOVE_YES}{ids}:07", message=None)
    assert "tidak dicakup" in last_popup(bot)
    assert (await family_rows(bot, group_id))[0].rt == "03"

    # The number of balita.
    await bot.press(ANI, f"{kb.CB_PKF_COUNT}{ids}", message=None)
    await bot.press(ANI, f"{kb.CB_PKF_COUNT_SET}{ids}:4", message=None)
    assert (await family_rows(bot, group_id))[0].details == {"balita": 4}
    await bot.press(ANI, f"{kb.CB_PKF_COUNT_SET}{ids}:12", message=None)  # forged
    assert (await family_rows(bot, group_id))[0].details == {"balita": 4}

    # Deactivate (moved away) after a confirmation; kept with its history; then back.
    await bot.press(ANI, f"{kb.CB_PKF_OFF}{ids}", message=None)
    assert "pindah domisili" in last_shown_text(bot, ANI)
    assert (await family_rows(bot, group_id))[0].status is FamilyStatus.ACTIVE
    await bot.press(ANI, f"{kb.CB_PKF_OFF_YES}{ids}", message=None)
    assert (await family_rows(bot, group_id))[0].status is FamilyStatus.INACTIVE
    await bot.press(ANI, f"{kb.CB_PKF_LIST}{group_id}:0", message=None)
    assert "1 keluarga aktif, 1 nonaktif" in bot.last_text(ANI)
    await bot.press(ANI, f"{kb.CB_PKF_ON}{ids}", message=None)
    assert (await family_rows(bot, group_id))[0].status is FamilyStatus.ACTIVE

    # Remove: "Batal" keeps it; "Ya, hapus" erases the name, keeps the row.
    await bot.press(ANI, f"{kb.CB_PKF_REMOVE}{ids}", message=None)
    assert "Tidak bisa dibatalkan" in last_shown_text(bot, ANI)
    await bot.press(ANI, kb.CB_PKF_KEEP, message=None)
    assert (await family_rows(bot, group_id))[0].name == "Ibu Sari"
    await bot.press(ANI, f"{kb.CB_PKF_REMOVE_YES}{ids}", message=None)
    removed = (await family_rows(bot, group_id))[0]
    assert (removed.name, removed.status) == (None, FamilyStatus.REMOVED)
    # A stale press on the removed family gets the reason.
    for data in (f"{kb.CB_PKF_VIEW}{ids}", f"{kb.CB_PKF_OFF_YES}{ids}"):
        await bot.press(ANI, data, message=None)
        assert "sudah tidak ada" in last_popup(bot)
    assert [f.name for f in await family_rows(bot, group_id)] == [None, "Ibu Lina"]
    assert lina


async def test_forged_presses_for_another_group_are_refused_and_change_nothing(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    melati = await make_group(bot, chairs=(ANI,), kept=True)
    mawar = await make_group(bot, "BKB Mawar", chairs=(BUDI,), kept=True)
    [sari] = await add_family_rows(bot, melati, "Ibu Sari - 01 - 2")
    [tini] = await add_family_rows(bot, mawar, "Ibu Tini - 02 - 1")
    # Budi chairs Mawar, not Melati: every press on Melati's family is refused.
    for data in (
        f"{kb.CB_PKF_LIST}{melati}:0",
        f"{kb.CB_PKF_VIEW}{melati}:{sari}",
        f"{kb.CB_PKF_OFF_YES}{melati}:{sari}",
        f"{kb.CB_PKF_REMOVE_YES}{melati}:{sari}",
        f"{kb.CB_PKF_MOVE_YES}{melati}:{sari}:02",
        f"{kb.CB_PKF_ADD}{melati}",
        f"{kb.CB_PKC_GROUP}{melati}",
    ):
        await bot.press(BUDI, data)
        assert "bukan ketua" in last_popup(bot), data
    # Her own group's id with the other group's family: not found there.
    await bot.press(BUDI, f"{kb.CB_PKF_REMOVE_YES}{mawar}:{sari}")
    assert "sudah tidak ada" in last_popup(bot)
    [family] = await family_rows(bot, melati)
    assert (family.name, family.rt, family.status) == ("Ibu Sari", "01", FamilyStatus.ACTIVE)
    assert (await family_rows(bot, mawar))[0].id == tini
    # A cadre who chairs nothing.
    await bot.press(CICI, f"{kb.CB_PKF_LIST}{melati}:0")
    assert "bukan ketua" in last_popup(bot)


async def test_the_secretary_sees_the_families_and_erases_one_but_keeps_no_other_action(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI,), kept=True)
    [sari, _] = await add_family_rows(bot, group_id, "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1")
    await bot.press(ADMIN, f"{kb.CB_PKF_LIST}{group_id}:0", message=None)
    assert "Ibu Sari" in bot.last_text(ADMIN)
    assert f"{kb.CB_PKF_ADD}{group_id}" not in bot.api.last_sent(ADMIN.id).button_data
    await bot.press(ADMIN, f"{kb.CB_PKF_VIEW}{group_id}:{sari}", message=None)
    assert [d.split(":")[1] for d in bot.api.last_sent(ADMIN.id).button_data] == ["del", "pg"]
    await bot.press(ADMIN, f"{kb.CB_PKF_OFF_YES}{group_id}:{sari}", message=None)
    assert "bukan ketua" in last_popup(bot)
    await bot.press(ADMIN, f"{kb.CB_PKF_REMOVE}{group_id}:{sari}", message=None)
    await bot.press(ADMIN, f"{kb.CB_PKF_REMOVE_YES}{group_id}:{sari}", message=None)
    names = [f.name for f in await family_rows(bot, group_id)]
    assert names == [None, "Ibu Lina"]


async def test_a_deactivated_group_refuses_its_chair_with_the_reason(bot: Harness) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI,), kept=True)
    [sari] = await add_family_rows(bot, group_id, "Ibu Sari - 01 - 2")
    await bot.press(ADMIN, f"{kb.CB_PKG_OFF_YES}{group_id}", message=None)
    for data in (
        f"{kb.CB_PKF_ADD}{group_id}",
        f"{kb.CB_PKF_OFF_YES}{group_id}:{sari}",
        f"{kb.CB_PKF_LIST}{group_id}:0",
    ):
        await bot.press(ANI, data, message=None)
        assert "dinonaktifkan" in last_popup(bot), data
    assert (await family_rows(bot, group_id))[0].status is FamilyStatus.ACTIVE


async def test_a_long_list_is_paged_by_rt_on_a_phone_screen(bot: Harness) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI,), kept=True)
    lines = [f"Ibu Nomor {chr(65 + i)} - {i % 3 + 1:02d} - 1" for i in range(20)]
    await add_family_rows(bot, group_id, "\n".join(lines))
    await bot.press(ANI, f"{kb.CB_PKF_LIST}{group_id}:0", message=None)
    first = bot.api.last_sent(ANI.id)
    assert "20 keluarga aktif (hal. 1/2)" in first.text
    family_buttons = [d for d in first.button_data if d.startswith(kb.CB_PKF_VIEW)]
    assert len(family_buttons) == kb.FAMILIES_PER_PAGE
    assert f"{kb.CB_PKF_PAGE}{group_id}:1" in first.button_data
    await bot.press(ANI, f"{kb.CB_PKF_PAGE}{group_id}:1", message=first)
    edit = bot.api.edits(ANI.id)[-1]
    assert "(hal. 2/2)" in edit.text
    assert len([d for d in edit.button_data if d.startswith(kb.CB_PKF_VIEW)]) == 5
    assert all(len(line) < 60 for line in edit.text.split("\n"))


async def test_two_chairs_sending_the_same_list_at_once_add_each_family_once(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI, BUDI), kept=True)
    text = "Ibu Sari - 01 - 2\nIbu Lina - 02 - 1\nIbu Rara - 03 - 0"
    for chair in (ANI, BUDI):
        await bot.press(chair, f"{kb.CB_PKF_ADD}{group_id}", message=None)
    await asyncio.gather(
        bot.app.process_update(bot.message_update(ANI, text)),
        bot.app.process_update(bot.message_update(BUDI, text)),
    )
    assert sorted(f.name for f in await family_rows(bot, group_id)) == [
        "Ibu Lina",
        "Ibu Rara",
        "Ibu Sari",
    ]
    reports = [bot.last_text(ANI), bot.last_text(BUDI)]
    assert sorted("3 ditambahkan" in r for r in reports) == [False, True], reports


async def test_a_family_removed_while_its_chair_deactivates_it_stays_removed(
    bot: Harness,
) -> None:
    await kampung_with_cadres(bot)
    group_id = await make_group(bot, chairs=(ANI,), kept=True)
    for _ in range(ROUNDS):
        [sari] = await add_family_rows(bot, group_id, "Ibu Sari - 01 - 2")
        ids = f"{group_id}:{sari}"
        await asyncio.gather(
            bot.app.process_update(
                bot.press_update(ADMIN, f"{kb.CB_PKF_REMOVE_YES}{ids}", _plain(ADMIN))
            ),
            bot.app.process_update(bot.press_update(ANI, f"{kb.CB_PKF_OFF_YES}{ids}", _plain(ANI))),
        )
        family = next(f for f in await family_rows(bot, group_id) if f.id == sari)
        assert (family.name, family.details) == (None, {}), family.status
        assert family.status is FamilyStatus.REMOVED
    assert not any("Maaf, terjadi kesalahan" in str(c.params.get("text")) for c in bot.api.calls)


ROUNDS = 5


def _plain(person: Person) -> dict[str, object]:
    return {
        "message_id": 999_999,
        "date": int(datetime(2026, 7, 1, tzinfo=UTC).timestamp()),
        "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
        "text": "…",
    }
