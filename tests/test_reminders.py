"""Reminders: planning, wake-ups, restarts, downtime, a kill mid-broadcast, one message each."""

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from models.broadcast import DeliveryStatus
from models.meeting import Rsvp
from models.reminder import ReminderStatus
from scheduler.backup import BACKUP_JOB_ID
from scheduler.reminders import SWEEP_JOB_ID, reminder_job_id, restore_reminders
from tests.conftest import ADMIN
from tests.fakeapi import FakeBotAPI
from tests.harness import GROUP_CHAT_ID
from tests.reminder_support import (
    CADRES,
    H1,
    H3H,
    H7,
    MEETING_START,
    create_meeting,
    reminder_bot,
    setup_kampung,
    with_group,
)
from ui import keyboards

EVERYONE = [GROUP_CHAT_ID, ADMIN.id, *(c.id for c in CADRES)]


@pytest.fixture
def group_settings(settings):
    return with_group(settings)


@pytest.fixture
async def bot(group_settings, clock):
    async with reminder_bot(group_settings, clock) as harness:
        await setup_kampung(harness)
        yield harness


async def statuses(bot) -> list[tuple[timedelta, ReminderStatus]]:
    return [(r.offset, r.status) for r in await bot.reminders()]


# --- planning ----------------------------------------------------------------------------


async def test_a_new_meeting_gets_one_pending_reminder_per_offset_and_one_wake_up_each(bot):
    meeting = await create_meeting(bot)
    reminders = await bot.reminders()
    assert [(r.offset, r.due_at, r.status) for r in reminders] == [
        (timedelta(days=7), H7, ReminderStatus.PENDING),
        (timedelta(days=1), H1, ReminderStatus.PENDING),
        (timedelta(hours=3), H3H, ReminderStatus.PENDING),
    ]
    assert {r.meeting_id for r in reminders} == {meeting.id}
    jobs = bot.reminder_jobs()
    assert sorted(jobs) == sorted(reminder_job_id(r.id) for r in reminders)
    for reminder in reminders:
        aps_job = jobs[reminder_job_id(reminder.id)].job
        assert aps_job.trigger.run_date == reminder.due_at
        assert aps_job.misfire_grace_time is None  # a late wake-up still runs
        assert aps_job.coalesce is True


async def test_offsets_already_past_at_creation_are_skipped_not_sent_late(bot):
    bot.clock.set(MEETING_START - timedelta(hours=23))  # H-7 and H-1 are past
    await create_meeting(bot, "/jadwal baru 15-08-2026 09.00 RT07 Balai RW | Materi")
    assert await statuses(bot) == [
        (timedelta(days=7), ReminderStatus.SKIPPED),
        (timedelta(days=1), ReminderStatus.SKIPPED),
        (timedelta(hours=3), ReminderStatus.PENDING),
    ]
    assert list(bot.reminder_jobs()) == [reminder_job_id((await bot.pending())[0].id)]
    assert bot.reminders_sent(GROUP_CHAT_ID) == []


async def test_rescheduling_replans_and_cancelling_cancels(bot):
    meeting = await create_meeting(bot)
    old = await bot.reminders()

    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "date")
    await bot.send(ADMIN, "22-08-2026")
    await bot.press(ADMIN, keyboards.CB_SAVE)

    reminders = await bot.reminders()
    assert [r.status for r in reminders[:3]] == [ReminderStatus.CANCELLED] * 3
    new = reminders[3:]
    week = timedelta(days=7)
    assert [(r.due_at, r.status) for r in new] == [
        (H7 + week, ReminderStatus.PENDING),
        (H1 + week, ReminderStatus.PENDING),
        (H3H + week, ReminderStatus.PENDING),
    ]
    assert sorted(bot.reminder_jobs()) == sorted(reminder_job_id(r.id) for r in new)

    # Moving it back revives the first plan instead of adding rows.
    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "date")
    await bot.send(ADMIN, "15-08-2026")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    reminders = await bot.reminders()
    assert len(reminders) == 6
    assert [r.status for r in reminders] == [ReminderStatus.PENDING] * 3 + [
        ReminderStatus.CANCELLED
    ] * 3
    assert sorted(bot.reminder_jobs()) == sorted(reminder_job_id(r.id) for r in old)

    await bot.send(ADMIN, "/jadwal batal Bentrok dengan acara kelurahan")
    await bot.press(ADMIN, f"{keyboards.CB_CANCEL_YES}{meeting.id}")
    assert {r.status for r in await bot.reminders()} == {ReminderStatus.CANCELLED}
    assert bot.reminder_jobs() == {}


async def test_a_change_that_does_not_move_the_meeting_keeps_its_reminders(bot):
    await create_meeting(bot)
    before = [(r.id, r.due_at) for r in await bot.reminders()]
    await bot.send(ADMIN, "/jadwal ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "venue")
    await bot.send(ADMIN, "Aula Kantor Lurah")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    assert [(r.id, r.due_at) for r in await bot.reminders()] == before
    assert {r.status for r in await bot.reminders()} == {ReminderStatus.PENDING}


# --- sending ----------------------------------------------------------------------------


async def test_a_due_reminder_goes_to_the_group_and_every_cadre_but_those_not_coming(bot):
    meeting = await create_meeting(bot)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:tidak")
    await bot.press(CADRES[1], f"rsvp:{meeting.id}:hadir")
    [h7, _, _] = await bot.reminders()
    bot.api.clear()

    bot.clock.set(H7)
    await bot.run_job(reminder_job_id(h7.id))

    assert bot.reminders_sent(CADRES[0].id) == []
    for chat in [GROUP_CHAT_ID, ADMIN.id, CADRES[1].id, CADRES[2].id]:
        [reminder] = bot.reminders_sent(chat)
        assert "Pengingat pertemuan (H-7)" in reminder.text
        assert "Tuan rumah: <b>RT 07</b>" in reminder.text
        assert "Sabtu, 15 Agustus 2026 pukul 09.00 WIB (7 hari lagi)" in reminder.text
        assert "Hadir 1" in reminder.text and "Tidak 1" in reminder.text
        assert reminder.button_data == [
            f"rsvp:{meeting.id}:hadir",
            f"rsvp:{meeting.id}:izin",
            f"rsvp:{meeting.id}:tidak",
        ]
    report = bot.last_text(ADMIN)
    assert "Pengingat H-7 (Sabtu, 15 Agustus 2026 · RT 07) terkirim ke <b>3</b> kader" in report
    assert "Grup: terkirim" in report
    assert "terlambat" not in report

    [h7, h1, h3] = await bot.reminders()
    assert (h7.status, h1.status, h3.status) == (
        ReminderStatus.SENT,
        ReminderStatus.PENDING,
        ReminderStatus.PENDING,
    )
    deliveries = await bot.reminder_deliveries()
    assert sorted(d.chat_id for d in deliveries) == sorted(
        [GROUP_CHAT_ID, ADMIN.id, CADRES[1].id, CADRES[2].id]
    )
    assert all(d.status is DeliveryStatus.SENT and d.message_id for d in deliveries)
    assert all(d.attempts == 1 for d in deliveries)

    # A second wake-up for the same reminder (a duplicate job, the sweep) sends nothing.
    sent = len(bot.api.sent())
    await bot.run_job(reminder_job_id(h7.id))
    await bot.run_job(SWEEP_JOB_ID)
    assert len(bot.api.sent()) == sent


async def test_pressing_rsvp_on_a_reminder_records_the_answer(bot):
    meeting = await create_meeting(bot)
    [h7, _, _] = await bot.reminders()
    bot.clock.set(H7)
    await bot.run_job(reminder_job_id(h7.id))
    await bot.press(
        CADRES[2], f"rsvp:{meeting.id}:izin", message=bot.reminders_sent(CADRES[2].id)[0]
    )
    async with bot.session() as session:
        [rsvp] = list(await session.scalars(select(Rsvp)))
    assert rsvp.answer.value == "izin"


async def test_the_sweep_sends_a_due_reminder_whose_wake_up_was_lost(bot):
    await create_meeting(bot)
    [h7, _, _] = await bot.reminders()
    bot.app.job_queue.scheduler.remove_job(reminder_job_id(h7.id))
    bot.clock.set(H7 + timedelta(minutes=2))
    await bot.run_job(SWEEP_JOB_ID)
    assert all(len(bot.reminders_sent(chat)) == 1 for chat in EVERYONE)
    assert "terlambat" not in bot.last_text(ADMIN)


async def test_a_wake_up_before_the_due_time_waits(bot):
    await create_meeting(bot)
    [h7, _, _] = await bot.reminders()
    bot.clock.set(H7 - timedelta(hours=1))
    await bot.run_job(reminder_job_id(h7.id))
    assert bot.reminders_sent(GROUP_CHAT_ID) == []
    assert (await bot.reminders())[0].status is ReminderStatus.PENDING
    assert reminder_job_id(h7.id) in bot.reminder_jobs()


async def test_the_real_scheduler_still_runs_a_wake_up_that_is_long_overdue(group_settings, clock):
    """APScheduler's default grace of 1 s would drop this job; ours has no limit."""
    real_now = datetime.now(UTC).replace(second=0, microsecond=0)
    clock.set(real_now - timedelta(days=30))
    one_offset = group_settings.model_copy(update={"REMINDER_OFFSETS": (timedelta(days=7),)})
    async with reminder_bot(one_offset, clock) as bot:
        await setup_kampung(bot)
        starts = (real_now - timedelta(days=20)).astimezone(ZoneInfo("Asia/Jakarta"))
        await create_meeting(bot, f"/jadwal baru {starts:%d-%m-%Y %H.%M} RT07 Balai RW | Materi")
        [h7] = await bot.reminders()
        assert h7.due_at < real_now - timedelta(days=26)  # long past for APScheduler
        clock.set(h7.due_at)  # …and just due for the bot
        queue = bot.app.job_queue
        await queue.start()
        try:
            for _ in range(200):  # a few event-loop turns, not a wait for a due time
                if bot.reminders_sent(GROUP_CHAT_ID):
                    break
                await asyncio.sleep(0.01)
        finally:
            await queue.stop(wait=True)
        await bot.drain()
        assert all(len(bot.reminders_sent(chat)) == 1 for chat in EVERYONE)
        assert (await bot.reminders())[0].status is ReminderStatus.SENT


# --- restarts -----------------------------------------------------------------------------


async def test_a_restart_schedules_every_pending_reminder_again_without_doubles(
    group_settings, clock
):
    async with reminder_bot(group_settings, clock) as first:
        await setup_kampung(first)
        await create_meeting(first)
        [h7, _, _] = await first.reminders()
        clock.set(H7)
        await first.run_job(reminder_job_id(h7.id))
        expected = {reminder_job_id(r.id) for r in await first.pending()}
        assert len(expected) == 2

    async with reminder_bot(group_settings, clock) as second:
        assert set(second.reminder_jobs()) == expected
        # 3 sweeps (deliveries, meeting and Poktan reminders), nudge, lock, the outbox
        # trim, the classification refresh, the Poktan month (one job: its first run, the
        # start-up pass, is due at once), and on SQLite the daily backup.
        others = 8 + (second.app.job_queue.scheduler.get_job(BACKUP_JOB_ID) is not None)
        assert len(second.app.job_queue.jobs()) == len(expected) + others
        # Scheduling again (a second start-up pass) replaces, never adds.
        assert set(await restore_reminders(second.app)) == expected
        assert set(second.reminder_jobs()) == expected
        assert len(second.app.job_queue.jobs()) == len(expected) + others
        assert len(await second.reminders()) == 3
        assert second.api.sent() == [] or all(
            "Pengingat pertemuan" not in c.text for c in second.api.sent()
        )


async def test_a_reminder_due_while_the_bot_was_down_goes_once_at_start_up(group_settings, clock):
    api = FakeBotAPI(clock)
    async with reminder_bot(group_settings, clock, api) as bot:
        await setup_kampung(bot)
        await create_meeting(bot)
    api.clear()

    clock.set(H7 + timedelta(hours=5))  # down over H-7; the meeting is still ahead
    async with reminder_bot(group_settings, clock, api) as bot:
        for chat in EVERYONE:
            [reminder] = bot.reminders_sent(chat)
            assert "(H-7)" in reminder.text
        report = bot.last_text(ADMIN)
        assert "terkirim ke <b>4</b> kader" in report
        assert "Bot tidak berjalan pada waktu pengingat ini" in report
        assert "Sabtu, 8 Agustus 2026 pukul 09.00 WIB" in report
        assert await statuses(bot) == [
            (timedelta(days=7), ReminderStatus.SENT),
            (timedelta(days=1), ReminderStatus.PENDING),
            (timedelta(hours=3), ReminderStatus.PENDING),
        ]
        assert len(bot.reminder_jobs()) == 2

    async with reminder_bot(group_settings, clock, api) as bot:  # and once more
        assert all(len(bot.reminders_sent(chat)) == 1 for chat in EVERYONE)


async def test_a_reminder_due_while_down_is_missed_once_the_meeting_started(group_settings, clock):
    api = FakeBotAPI(clock)
    async with reminder_bot(group_settings, clock, api) as bot:
        await setup_kampung(bot)
        await create_meeting(bot)
    api.clear()

    clock.set(MEETING_START + timedelta(minutes=30))
    async with reminder_bot(group_settings, clock, api) as bot:
        assert all(bot.reminders_sent(chat) == [] for chat in EVERYONE)
        assert {r.status for r in await bot.reminders()} == {ReminderStatus.MISSED}
        notice = bot.last_text(ADMIN)
        assert "Pengingat tidak terkirim" in notice
        for label in ("H-7", "H-1", "3 jam"):
            assert (
                f"Pengingat {label} (Sabtu, 15 Agustus 2026 · RT 07): pertemuan sudah dimulai"
                in (notice)
            )
        assert bot.reminder_jobs() == {}


async def test_after_a_long_downtime_only_the_latest_owed_reminder_goes(group_settings, clock):
    api = FakeBotAPI(clock)
    async with reminder_bot(group_settings, clock, api) as bot:
        await setup_kampung(bot)
        await create_meeting(bot)
    api.clear()

    clock.set(H1 + timedelta(hours=2))  # H-7 and H-1 both fell due
    async with reminder_bot(group_settings, clock, api) as bot:
        for chat in EVERYONE:
            [reminder] = bot.reminders_sent(chat)
            assert "(H-1)" in reminder.text
        assert await statuses(bot) == [
            (timedelta(days=7), ReminderStatus.MISSED),
            (timedelta(days=1), ReminderStatus.SENT),
            (timedelta(hours=3), ReminderStatus.PENDING),
        ]
        admin_texts = api.texts(ADMIN.id)
        assert any("Pengingat H-7" in t and "digantikan" in t for t in admin_texts)
        assert any("Pengingat H-1" in t and "terlambat" in t for t in admin_texts)


async def test_new_offsets_after_a_restart_are_planned_and_dropped_ones_cancelled(
    group_settings, clock
):
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot)
        await create_meeting(bot)
    changed = group_settings.model_copy(
        update={"REMINDER_OFFSETS": (timedelta(days=2), timedelta(hours=3))}
    )
    async with reminder_bot(changed, clock) as bot:
        assert sorted((r.offset, r.status) for r in await bot.reminders()) == sorted(
            [
                (timedelta(days=7), ReminderStatus.CANCELLED),
                (timedelta(days=1), ReminderStatus.CANCELLED),
                (timedelta(hours=3), ReminderStatus.PENDING),
                (timedelta(days=2), ReminderStatus.PENDING),
            ]
        )
        assert sorted(bot.reminder_jobs()) == sorted(
            reminder_job_id(r.id) for r in await bot.pending()
        )


# --- a kill in the middle of a broadcast ----------------------------------------------------------
