"""A Poktan session recorded in a minute (issue 18 item 3), through the real handlers.

Groups, chairs and families are set up through models/poktan (the chair's menu is
another room's); the chair then presses the menu's callbacks (``pks:new:<group>``,
``pks:list:<group>``) or types /catat.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select

from models.broadcast import Broadcast, BroadcastKind, Delivery
from models.poktan import groups, months, sessions
from models.poktan.kinds import USUAL_TOPICS, PoktanKind
from models.poktan.reminders import PoktanReminder
from models.poktan.sessions import (
    PoktanPresence,
    PoktanSession,
    PoktanSessionPhoto,
    SessionStatus,
)
from scheduler.poktan_reminders import JOB_PREFIX, SWEEP_JOB_ID, catch_up
from tests.conftest import ADMIN
from tests.flows import register_active
from tests.harness import Harness, Person
from tests.poktan_support import ANI, BUDI, CICI, TwoGroups, melati_and_mawar
from ui import keyboards as k
from ui.texts import poktan_sessions as t

TODAY = date(2026, 7, 1)  # the bot fixture's clock: 1 July 2026, 09.00 in Jakarta
FAMILIES = (
    "Ibu Sari - 01 - 2\nIbu Tini - 01 - 1\nIbu Rara - 01 - 1\nIbu Lina - 02 - 0\nIbu Nana - 02 - 3"
)


async def _setup(bot: Harness) -> TwoGroups:
    return await melati_and_mawar(bot, FAMILIES)


async def _stored(bot: Harness) -> list[PoktanSession]:
    async with bot.session() as session:
        return list(await session.scalars(select(PoktanSession).order_by(PoktanSession.id)))


async def _present(bot: Harness, session_id: int) -> set[int]:
    async with bot.session() as session:
        return (await sessions.present_of(session, [session_id]))[session_id]


async def _photos(bot: Harness, session_id: int) -> int:
    async with bot.session() as session:
        return int(
            await session.scalar(
                select(func.count(PoktanSessionPhoto.id)).where(
                    PoktanSessionPhoto.session_id == session_id
                )
            )
            or 0
        )


async def _record_directly(bot: Harness, group_id: int, day: date, topic: str) -> int:
    async with bot.session() as session, session.begin():
        group = await session.get(groups.PoktanGroup, group_id)
        record = await sessions.record_session(
            session,
            group,
            held_on=day,
            today=TODAY,
            topic=topic,
            present_count=None,
            by_id=None,
            now=bot.clock(),
        )
        return record.id


async def _send_month(bot: Harness, group_id: int, month: date) -> None:
    async with bot.session() as session, session.begin():
        await months.send_month(session, group_id, month, summary={}, by_id=None, now=bot.clock())


async def test_a_chair_records_a_session_with_a_roll_across_two_rts_and_a_photo(bot: Harness):
    setup = await _setup(bot)
    await bot.press(ANI, f"{k.CB_PKS_NEW}{setup.melati}")
    assert "Kapan pertemuan diadakan?" in bot.last_text(ANI)
    await bot.press(ANI, f"{k.CB_PKS_DAY}0")
    assert "topik" in bot.last_text(ANI)
    assert [label for label, _ in bot.last_buttons(ANI)][:6] == list(USUAL_TOPICS[PoktanKind.BKB])
    await bot.press(ANI, f"{k.CB_PKS_TOPIC}1")
    roll = bot.last_text(ANI)
    assert "RT 01" in roll and "0 dari 5" in roll
    await bot.press(ANI, f"{k.CB_PKS_TOGGLE}{setup.families['Ibu Sari']}")
    await bot.press(ANI, f"{k.CB_PKS_TOGGLE}{setup.families['Ibu Rara']}")
    edited = bot.api.edits(ANI.id)[-1].params["text"]
    assert "2 dari 3" in edited and "2 dari 5" in edited
    await bot.press(ANI, f"{k.CB_PKS_PAGE}1")
    assert "RT 02" in bot.api.edits(ANI.id)[-1].params["text"]
    await bot.press(ANI, f"{k.CB_PKS_ALL}1")  # "Semua hadir di RT ini"
    assert "4 dari 5" in bot.api.edits(ANI.id)[-1].params["text"]
    await bot.press(ANI, k.CB_PKS_ROLL_DONE)
    await bot.send(ANI, "Bidan Desa, PLKB Kecamatan")
    await bot.send_photo(ANI, "foto-bkb-1")
    await bot.send_photo(ANI, "foto-bkb-1")  # the same photo twice is kept once
    await bot.press(ANI, k.CB_PKS_PHOTOS_DONE)
    summary = bot.last_text(ANI)
    assert "4 dari 5 keluarga" in summary and "Foto: 1" in summary
    assert await _stored(bot) == []  # nothing stored until Simpan
    await bot.press(ANI, k.CB_PKS_SAVE)
    assert any("tersimpan" in text for text in bot.api.texts(ANI.id)[-3:])
    [record] = await _stored(bot)
    assert record.status is SessionStatus.HELD and record.held_on == TODAY
    assert record.topic == USUAL_TOPICS[PoktanKind.BKB][1]
    assert record.speakers == "Bidan Desa, PLKB Kecamatan" and record.present_count is None
    ids = setup.families
    assert await _present(bot, record.id) == {
        ids["Ibu Sari"],
        ids["Ibu Rara"],
        ids["Ibu Lina"],
        ids["Ibu Nana"],
    }
    assert await _photos(bot, record.id) == 1
    # A second press of Simpan (a double tap) stores nothing more.
    await bot.press(ANI, k.CB_PKS_SAVE)
    assert len(await _stored(bot)) == 1


async def test_a_typed_count_when_she_only_has_the_paper_list(bot: Harness):
    setup = await _setup(bot)
    await bot.send(ANI, "/catat")
    await bot.send(ANI, "30/06")
    await bot.send(ANI, "Penyuluhan gizi balita")
    await bot.press(ANI, k.CB_PKS_COUNT)
    await bot.send(ANI, "9")  # more than the group's five families
    assert bot.last_text(ANI) == t.pks_count_too_large(5)
    await bot.send(ANI, "3")
    await bot.press(ANI, k.CB_PKS_SKIP)
    await bot.press(ANI, k.CB_PKS_PHOTOS_DONE)
    assert "3 dari 5 keluarga (diketik)" in bot.last_text(ANI)
    await bot.press(ANI, k.CB_PKS_SAVE)
    [record] = await _stored(bot)
    assert (record.held_on, record.present_count, record.speakers) == (date(2026, 6, 30), 3, None)
    assert record.topic == "Penyuluhan gizi balita" and record.group_id == setup.melati
    assert await _present(bot, record.id) == set()


async def test_a_future_day_is_refused_and_nothing_is_stored(bot: Harness):
    await _setup(bot)
    await bot.send(ANI, "/catat")
    await bot.send(ANI, "15/07/2026")
    assert bot.last_text(ANI) == t.PKS_DAY_FUTURE
    await bot.send(ANI, "tiga puluh")
    assert bot.last_text(ANI) == t.PKS_DAY_BAD
    await bot.send(ANI, "/batal")
    assert bot.last_text(ANI) == t.PKS_CANCELLED
    assert await _stored(bot) == []


async def test_a_chair_of_two_groups_picks_one_first(bot: Harness):
    setup = await _setup(bot)
    cici, budi = await bot.member(CICI.id), await bot.member(BUDI.id)
    async with bot.session() as session, session.begin():
        melati = await session.get(groups.PoktanGroup, setup.melati)
        await groups.remove_chair(session, melati, budi.id)
        await groups.add_chair(session, melati, cici.id, now=bot.clock())
    await bot.send(CICI, "/catat")
    assert bot.last_text(CICI) == t.PKS_PICK_GROUP
    assert [data for _, data in bot.last_buttons(CICI)] == [
        f"{k.CB_PKS_NEW}{setup.melati}",
        f"{k.CB_PKS_NEW}{setup.mawar}",
    ]
    await bot.press(CICI, f"{k.CB_PKS_NEW}{setup.mawar}")
    assert "BKR Mawar" in bot.last_text(CICI)


async def test_a_month_already_sent_is_refused_naming_perbaiki(bot: Harness):
    setup = await _setup(bot)
    june = await _record_directly(bot, setup.melati, date(2026, 6, 20), "Kelompok umur 0–1 tahun")
    await _send_month(bot, setup.melati, date(2026, 6, 1))
    await bot.send(ANI, "/catat")
    await bot.press(ANI, f"{k.CB_PKS_DAY}1")  # Kemarin: 30 June
    assert "Perbaiki" in bot.api.last_answer().params["text"]
    await bot.send(ANI, "29/06")
    assert "Perbaiki" in bot.last_text(ANI)
    await bot.send(ANI, "/batal")
    # The June session shows as locked, and its edit and delete presses are refused.
    await bot.press(ANI, f"{k.CB_PKS_VIEW}{setup.melati}:{june}")
    assert "Perbaiki" in bot.last_text(ANI)
    assert not [d for d in bot.api.last_sent(ANI.id).button_data if d.startswith(k.CB_PKS_EDIT)]
    await bot.press(ANI, f"{k.CB_PKS_EDIT}{setup.melati}:{june}:topic")
    assert "Perbaiki" in bot.api.last_answer().params["text"]
    await bot.press(ANI, f"{k.CB_PKS_DELETE_YES}{setup.melati}:{june}")
    assert "Perbaiki" in bot.api.last_answer().params["text"]
    [record] = await _stored(bot)
    assert record.topic == "Kelompok umur 0–1 tahun"


async def test_forged_presses_are_refused(bot: Harness):
    setup = await _setup(bot)
    mawar = await _record_directly(bot, setup.mawar, date(2026, 6, 20), "Mawar")
    melati = await _record_directly(bot, setup.melati, date(2026, 6, 21), "Melati")
    # Cici chairs BKR Mawar only: BKB Melati's buttons are refused.
    for data in (
        f"{k.CB_PKS_NEW}{setup.melati}",
        f"{k.CB_PKS_LIST}{setup.melati}",
        f"{k.CB_PKS_VIEW}{setup.melati}:{melati}",
        f"{k.CB_PKS_EDIT}{setup.melati}:{melati}:topic",
        f"{k.CB_PKS_DELETE_YES}{setup.melati}:{melati}",
    ):
        await bot.press(CICI, data)
        assert bot.api.last_answer().params["text"] == t.PKS_NOT_CHAIR, data
    # Ani's own group id with another group's session: not found in hers.
    await bot.press(ANI, f"{k.CB_PKS_DELETE_YES}{setup.melati}:{mawar}")
    assert bot.api.last_answer().params["text"] == t.PKS_SESSION_GONE
    # A step's button outside any flow.
    await bot.press(ANI, k.CB_PKS_SAVE)
    assert len(await _stored(bot)) == 2
    assert {(r.topic, r.status) for r in await _stored(bot)} == {
        ("Mawar", SessionStatus.HELD),
        ("Melati", SessionStatus.HELD),
    }


async def test_the_riwayat_edits_and_deletes_after_a_confirmation(bot: Harness):
    setup = await _setup(bot)
    june = await _record_directly(bot, setup.melati, date(2026, 6, 20), "Lama")
    await bot.press(BUDI, f"{k.CB_PKS_LIST}{setup.melati}")
    assert "Juni 2026" in bot.last_text(BUDI) and "Juli 2026" in bot.last_text(BUDI)
    await bot.press(BUDI, f"{k.CB_PKS_VIEW}{setup.melati}:{june}")
    await bot.press(BUDI, f"{k.CB_PKS_EDIT}{setup.melati}:{june}:day")
    await bot.send(BUDI, "19/06")
    await bot.press(BUDI, f"{k.CB_PKS_EDIT}{setup.melati}:{june}:roll")
    await bot.press(BUDI, f"{k.CB_PKS_TOGGLE}{setup.families['Ibu Tini']}")
    await bot.press(BUDI, k.CB_PKS_ROLL_DONE)
    assert "1 dari 5 keluarga" in bot.last_text(BUDI)
    await bot.press(BUDI, f"{k.CB_PKS_EDIT}{setup.melati}:{june}:photo")
    await bot.send_photo(BUDI, "foto-juni")
    await bot.press(BUDI, k.CB_PKS_PHOTOS_DONE)
    [record] = await _stored(bot)
    assert record.held_on == date(2026, 6, 19) and record.present_count is None
    assert await _present(bot, june) == {setup.families["Ibu Tini"]}
    assert await _photos(bot, june) == 1
    await bot.press(BUDI, f"{k.CB_PKS_DELETE}{setup.melati}:{june}")
    await bot.press(BUDI, f"{k.CB_PKS_KEEP}{setup.melati}")
    assert len(await _stored(bot)) == 1
    await bot.press(BUDI, f"{k.CB_PKS_DELETE}{setup.melati}:{june}")
    await bot.press(BUDI, f"{k.CB_PKS_DELETE_YES}{setup.melati}:{june}")
    assert await _stored(bot) == []
    # A stale press on the deleted session gets a short reason.
    await bot.press(BUDI, f"{k.CB_PKS_VIEW}{setup.melati}:{june}")
    assert bot.api.last_answer().params["text"] == t.PKS_SESSION_GONE


async def test_two_chairs_saving_edits_at_the_same_moment_both_count(bot: Harness):
    setup = await _setup(bot)
    held = await _record_directly(bot, setup.melati, date(2026, 6, 25), "Awal")
    edit = f"{k.CB_PKS_EDIT}{setup.melati}:{held}"
    await bot.press(ANI, f"{edit}:topic")
    await bot.press(BUDI, f"{edit}:spk")
    async with bot.started():
        await bot.feed(
            bot.message_update(ANI, "Pola asuh anak usia dini"),
            bot.message_update(BUDI, "Kader BKB, Bidan Desa"),
        )
    [record] = await _stored(bot)
    assert record.topic == "Pola asuh anak usia dini"
    assert record.speakers == "Kader BKB, Bidan Desa"
    assert t.PKS_EDITED in bot.api.texts(ANI.id) and t.PKS_EDITED in bot.api.texts(BUDI.id)
    # Both change who came at once: one roll wins whole, never a mix or an error.
    ids = setup.families
    await bot.press(ANI, f"{edit}:roll")
    await bot.press(ANI, f"{k.CB_PKS_TOGGLE}{ids['Ibu Sari']}")
    await bot.press(BUDI, f"{edit}:roll")
    await bot.press(BUDI, f"{k.CB_PKS_TOGGLE}{ids['Ibu Lina']}")
    await bot.press(BUDI, f"{k.CB_PKS_TOGGLE}{ids['Ibu Nana']}")
    presses = [
        bot.press_update(person, k.CB_PKS_ROLL_DONE, bot.api.sent(person.id)[-1].result)
        for person in (ANI, BUDI)
    ]
    async with bot.started():
        await bot.feed(*presses)
    assert await _present(bot, held) in ({ids["Ibu Sari"]}, {ids["Ibu Lina"], ids["Ibu Nana"]})
    async with bot.session() as session:
        rows = await session.scalar(
            select(func.count())
            .select_from(PoktanPresence)
            .where(PoktanPresence.session_id == held)
        )
    assert rows in (1, 2)
    assert bot.api.texts(ANI.id).count(t.PKS_EDITED) == 2
    assert bot.api.texts(BUDI.id).count(t.PKS_EDITED) == 2


# --- planned ahead: reminders through the outbox, then completed -------------------------

DEWI, EKA = Person(7304, "Dewi"), Person(7305, "Eka")
PLANNED_START = datetime(2026, 7, 3, 8, 0, tzinfo=UTC)  # Friday 3 July, 15.00 in Jakarta


def _poktan_jobs(bot: Harness) -> dict[str, Any]:
    queue = bot.app.job_queue
    assert queue is not None
    return {job.job.id: job for job in queue.jobs() if job.job.id.startswith(JOB_PREFIX)}


async def _run(bot: Harness, job_id: str) -> None:
    queue = bot.app.job_queue
    assert queue is not None
    [job] = [job for job in queue.jobs() if job.job.id == job_id]
    await job.run(bot.app)
    await bot.drain()


def _reminders_to(bot: Harness, person: Person) -> list[str]:
    return [c.text for c in bot.api.sent(person.id) if "Pengingat:" in c.text]


async def test_a_planned_session_reminds_its_cadres_on_time_then_asks_to_complete_it(
    bot: Harness,
):
    setup = await _setup(bot)
    await register_active(bot, ADMIN, DEWI, "Dewi Sartika", "01", "BKB")  # a cadre of it
    await register_active(bot, ADMIN, EKA, "Eka Putri", "05", "BKB")  # RT outside the group
    await bot.press(ANI, f"{k.CB_PKS_PLAN}{setup.melati}")
    await bot.send(ANI, "01/07 08.00")  # today, but an hour ago
    assert bot.last_text(ANI) == t.PKS_PLAN_WHEN_PAST
    await bot.send(ANI, "03/07 15.00")
    await bot.send(ANI, "Balai RW 02")
    await bot.press(ANI, f"{k.CB_PKS_TOPIC}2")
    assert "Balai RW 02" in bot.last_text(ANI)
    await bot.press(ANI, k.CB_PKS_SAVE)
    assert bot.last_text(ANI) == t.pks_planned("BKB Melati", 3)  # Ani, Budi, Dewi
    [planned] = await _stored(bot)
    assert (planned.status, planned.starts_at, planned.held_on) == (
        SessionStatus.PLANNED,
        PLANNED_START,
        date(2026, 7, 3),
    )
    async with bot.session() as session:
        rows = list(await session.scalars(select(PoktanReminder).order_by(PoktanReminder.id)))
    day_before = datetime(2026, 7, 2, 9, 0, tzinfo=UTC)  # 16.00 in Jakarta the day before
    soon = PLANNED_START - timedelta(hours=2)
    complete = PLANNED_START + timedelta(hours=3)
    assert [(r.kind.value, r.due_at) for r in rows] == [
        ("day_before", day_before),
        ("soon", soon),
        ("complete", complete),
    ]
    jobs = _poktan_jobs(bot)
    assert {j.job.trigger.run_date for j in jobs.values()} == {day_before, soon, complete}

    # Woken early (clock trouble): nothing goes out yet.
    first = f"{JOB_PREFIX}{rows[0].id}"
    await _run(bot, first)
    assert _reminders_to(bot, DEWI) == []
    bot.clock.set(day_before)
    await _run(bot, first)
    await _run(bot, first)  # a second wake-up sends nothing more
    for person in (ANI, BUDI, DEWI):
        assert [text.split("\n")[0] for text in _reminders_to(bot, person)] == [
            f"⏰ <b>{t.PKS_REMINDER_DAY_BEFORE}</b>"
        ], person
    assert _reminders_to(bot, EKA) == [] and _reminders_to(bot, CICI) == []
    async with bot.session() as session:
        kinds = set(
            await session.scalars(
                select(Broadcast.kind)
                .join(Delivery, Delivery.broadcast_id == Broadcast.id)
                .where(Delivery.chat_id == DEWI.id, Broadcast.text.contains("Pengingat:"))
            )
        )
    assert kinds == {BroadcastKind.POKTAN}

    # The bot was down through the 2-hours reminder: after the start it is never sent
    # late; the chairs' prompt goes at its time.
    bot.clock.set(PLANNED_START + timedelta(minutes=30))
    await catch_up(bot.app)
    await bot.drain()
    assert len(_reminders_to(bot, DEWI)) == 1
    async with bot.session() as session:
        statuses = [
            r.status.value
            for r in await session.scalars(select(PoktanReminder).order_by(PoktanReminder.id))
        ]
    assert statuses == ["sent", "missed", "pending"]
    bot.clock.set(complete)
    await _run(bot, SWEEP_JOB_ID)
    done = f"{k.CB_PKS_COMPLETE}{setup.melati}:{planned.id}"
    assert done in bot.api.last_sent(ANI.id).button_data
    assert done in bot.api.last_sent(BUDI.id).button_data
    assert not [c for c in bot.api.sent(DEWI.id) if done in c.button_data]

    # Ani records who came: it becomes a held session.
    await bot.press(ANI, done)
    await bot.press(ANI, f"{k.CB_PKS_TOGGLE}{setup.families['Ibu Sari']}")
    await bot.press(ANI, k.CB_PKS_ROLL_DONE)
    await bot.press(ANI, k.CB_PKS_SKIP)
    await bot.press(ANI, k.CB_PKS_PHOTOS_DONE)
    await bot.press(ANI, k.CB_PKS_SAVE)
    [held] = await _stored(bot)
    assert (held.id, held.status, held.topic) == (
        planned.id,
        SessionStatus.HELD,
        USUAL_TOPICS[PoktanKind.BKB][2],
    )
    assert await _present(bot, held.id) == {setup.families["Ibu Sari"]}
    # Budi's prompt is stale now: a short reason, nothing changes.
    await bot.press(BUDI, done)
    assert bot.api.last_answer().params["text"] == t.PKS_NOT_PLANNED


async def test_a_session_left_half_recorded_times_out_with_nothing_stored(bot: Harness):
    await _setup(bot)
    await bot.send(ANI, "/catat")
    await bot.press(ANI, f"{k.CB_PKS_DAY}0")
    assert await bot.time_out_flows(ANI) == 1
    assert bot.last_text(ANI) == t.PKS_FLOW_TIMED_OUT
    assert "poktan_session_draft" not in bot.app.user_data[ANI.id]
    await bot.press(ANI, f"{k.CB_PKS_TOPIC}0")  # the old step's button: a short reason
    assert bot.api.last_answer().params["show_alert"] is True
    assert await _stored(bot) == []
