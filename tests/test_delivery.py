"""The delivery engine: fan-outs leave the handler, survive faults and kills, never go stale.

Every test runs the real application with the production ``SendLimiter`` on a
fake clock (``reminder_bot``); the fake Bot API can hold chats (a slow network
to them) or freeze (the process is about to be killed).
"""

import asyncio
import contextlib
from datetime import timedelta

import asyncpg
import pytest
from sqlalchemy import BigInteger, select
from sqlalchemy.engine import make_url

import models
from delivery.worker import MAX_IN_FLIGHT
from models.broadcast import Broadcast, BroadcastKind, Delivery, DeliveryStatus
from models.kampung import Kampung
from models.meeting import Meeting
from models.reminder import ReminderStatus
from scheduler.reminders import reminder_job_id
from tests.conftest import ADMIN
from tests.fakeapi import FakeBotAPI
from tests.harness import GROUP_CHAT_ID, Person
from tests.reminder_support import (
    H3H,
    MEETING_START,
    ONE_LINE,
    count_by_chat,
    reminder_bot,
    setup_kampung,
    with_group,
)
from ui import keyboards

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")

MANY = [Person(9000 + i, f"Kader{i}") for i in range(40)]
GUARD = 30  # seconds: a guard against a hang, never a timing assertion


def announcements(api: FakeBotAPI) -> list:
    cards = [c for c in api.sent() if "Pertemuan Rutin" in c.text]
    return [c for c in cards if any(d.startswith("rsvp:") for d in c.button_data)]


def reminders(api: FakeBotAPI) -> list:
    return [c for c in api.sent() if "Pengingat pertemuan" in c.text]


async def meetings(bot) -> list[Meeting]:
    async with bot.session() as session:
        return list(await session.scalars(select(Meeting)))


@pytest.fixture
def group_settings(settings):
    return with_group(settings)


async def test_the_admin_is_answered_while_a_200_recipient_announcement_is_in_flight(
    group_settings, clock
):
    cadres = [Person(20_000 + i, f"K{i}") for i in range(200)]
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, cadres)
        await bot.send(ADMIN, ONE_LINE)
        bot.api.hold([c.id for c in cadres])  # a slow network to every cadre
        async with asyncio.timeout(GUARD):
            await bot.press(ADMIN, keyboards.CB_SAVE, drain=False)
            # The admin is also a recipient (not held): his own announcement may
            # already have followed the two replies to the press.
            replies = bot.api.texts(ADMIN.id)
            [saved] = [t for t in replies if "Jadwal tersimpan" in t]
            assert replies[replies.index(saved) + 1].startswith("📲")  # the WhatsApp text
            await bot.send(ADMIN, "/bantuan", drain=False)
            helped = [t for t in bot.api.texts(ADMIN.id) if "Pertemuan Rutin" not in t][-1]
            await bot.send(ADMIN, "/jadwal", drain=False)
            card = bot.last_text(ADMIN)
        assert "Jadwal tersimpan" in saved
        assert "sedang dikirim ke 201 kader dan grup; ringkasannya menyusul" in saved
        assert "/jadwal" in helped and "sedang mengisi" not in helped
        assert "Pertemuan Rutin" in card
        assert not any(c.chat_id in {p.id for p in cadres} for c in announcements(bot.api))

        bot.api.release()
        await bot.drain()
        expected = {chat: 1 for chat in [GROUP_CHAT_ID, *(c.id for c in cadres)]}
        expected[ADMIN.id] = 2  # his /jadwal card, and the announcement itself
        assert count_by_chat(announcements(bot.api)) == expected
        # The summary comes after the last announcement went out.
        summary = bot.api.last_sent(ADMIN.id)
        assert "Pengumuman terkirim ke <b>201</b> kader" in summary.text
        assert bot.api.calls.index(summary) > max(
            bot.api.calls.index(c) for c in announcements(bot.api)
        )


async def test_a_double_save_gives_one_meeting_and_one_announcement(group_settings, clock):
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY[:5])
        await bot.send(ADMIN, ONE_LINE)
        [review] = [c for c in bot.api.sent(ADMIN.id) if keyboards.CB_SAVE in c.button_data]
        presses = [bot.press_update(ADMIN, keyboards.CB_SAVE, review.result) for _ in range(2)]
        await asyncio.gather(*(bot.app.process_update(p) for p in presses))
        await bot.drain()
        assert len(await meetings(bot)) == 1
        assert set(count_by_chat(announcements(bot.api)).values()) == {1}
        assert not any("Maaf, terjadi kesalahan" in t for t in bot.api.texts(ADMIN.id))


@pytest.mark.parametrize("action", ["save", "cancel"])
async def test_a_failed_reply_to_the_admin_does_not_lose_the_broadcast(
    group_settings, clock, action
):
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY[:6])
        if action == "cancel":
            await bot.send(ADMIN, ONE_LINE)
            await bot.press(ADMIN, keyboards.CB_SAVE)
            meeting = (await meetings(bot))[0]
            await bot.send(ADMIN, "/jadwal batal hujan deras")
        else:
            await bot.send(ADMIN, ONE_LINE)
        bot.api.clear()
        # Every message to the admin fails: his own copy, the apology, the summary.
        bot.api.fail(chat_id=ADMIN.id, method="sendMessage", status=502, description="Bad Gateway")
        press = keyboards.CB_SAVE if action == "save" else f"{keyboards.CB_CANCEL_YES}{meeting.id}"
        await bot.press(ADMIN, press)
        marker = "Pertemuan Rutin" if action == "save" else "DIBATALKAN"
        told = count_by_chat([c for c in bot.api.sent() if marker in c.text])
        assert told == {chat: 1 for chat in [GROUP_CHAT_ID, *(c.id for c in MANY[:6])]}


@pytest.mark.parametrize("action", ["save", "cancel"])
async def test_a_kill_right_after_the_commit_still_tells_every_cadre(group_settings, clock, action):
    api = FakeBotAPI(clock)
    cadres = MANY[:6]
    async with reminder_bot(group_settings, clock, api) as bot:
        await setup_kampung(bot, cadres)
        await bot.send(ADMIN, ONE_LINE)
        if action == "cancel":
            await bot.press(ADMIN, keyboards.CB_SAVE)
            meeting = (await meetings(bot))[0]
            await bot.send(ADMIN, "/jadwal batal hujan deras")
        question = api.sent(ADMIN.id)[-1]
        api.clear()
        api.freeze_after(1, delivered=False)  # nothing answers any more: the kill comes
        press = keyboards.CB_SAVE if action == "save" else f"{keyboards.CB_CANCEL_YES}{meeting.id}"
        update = bot.press_update(ADMIN, press, question.result)
        handler = asyncio.create_task(bot.app.process_update(update))
        await api.until_hanging(1)  # the admin's reply (or a first delivery) is stuck
        await bot.kill()
        handler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await handler

    clock.advance(timedelta(minutes=3))
    fresh = FakeBotAPI(clock)
    async with reminder_bot(group_settings, clock, fresh) as bot:
        marker = "Pertemuan Rutin" if action == "save" else "DIBATALKAN"
        told = count_by_chat([c for c in fresh.sent() if marker in c.text])
        assert told == {chat: 1 for chat in [GROUP_CHAT_ID, ADMIN.id, *(c.id for c in cadres)]}


@pytest.mark.parametrize("delivered", [False, True], ids=["lost-in-flight", "reached-telegram"])
async def test_a_kill_with_several_sends_in_flight_doubles_only_those(
    group_settings, clock, delivered
):
    api = FakeBotAPI(clock)
    everyone = [GROUP_CHAT_ID, ADMIN.id, *(c.id for c in MANY)]
    async with reminder_bot(group_settings, clock, api) as bot:
        await setup_kampung(bot, MANY)
        await bot.send(ADMIN, ONE_LINE)
        review = api.sent(ADMIN.id)[-1]
        api.clear()
        api.freeze_after(6, delivered=delivered)  # five messages get through, then none
        update = bot.press_update(ADMIN, keyboards.CB_SAVE, review.result)
        handler = asyncio.create_task(bot.app.process_update(update))
        await api.until_hanging(MAX_IN_FLIGHT)
        await bot.kill()
        handler.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await handler
        in_flight = {c.chat_id for c in api.hung if c.buttons} if delivered else set()
        async with bot.session() as session:
            sending = await session.scalar(
                select(Delivery.id).where(Delivery.status == DeliveryStatus.SENDING).limit(1)
            )
        assert sending is not None

    clock.advance(timedelta(minutes=3))
    api.thaw()
    async with reminder_bot(group_settings, clock, api) as bot:
        per_chat = count_by_chat(announcements(api))
        assert set(per_chat) == set(everyone)
        for chat in everyone:
            # Only a message whose answer was not recorded may arrive twice.
            assert per_chat[chat] == (2 if chat in in_flight else 1), chat
        assert len(in_flight) <= MAX_IN_FLIGHT
        async with bot.session() as session:
            statuses = set(await session.scalars(select(Delivery.status)))
        assert statuses == {DeliveryStatus.SENT}
        assert "dilanjutkan" in bot.last_text(ADMIN)


async def test_a_reminder_resumed_after_the_meeting_started_is_not_sent(group_settings, clock):
    api = FakeBotAPI(clock)
    async with reminder_bot(group_settings, clock, api) as bot:
        await setup_kampung(bot, MANY[:5])
        await bot.send(ADMIN, ONE_LINE)
        await bot.press(ADMIN, keyboards.CB_SAVE)
        h3h = (await bot.reminders())[2]
        api.clear()
        api.freeze_after(1, delivered=False)
        clock.set(H3H)
        await bot.run_job(reminder_job_id(h3h.id), drain=False)
        await api.until_hanging(1)
        await bot.kill()

    clock.set(MEETING_START + timedelta(minutes=10))  # back after the meeting started
    fresh = FakeBotAPI(clock)
    async with reminder_bot(group_settings, clock, fresh) as bot:
        assert reminders(fresh) == []
        assert (await bot.reminders())[2].status is ReminderStatus.MISSED
        [report] = [t for t in fresh.texts(ADMIN.id) if "Pengingat 3 jam" in t]
        assert "tidak dikirim karena sudah lewat waktunya" in report


async def test_cancelling_during_a_reminder_means_no_reminder_after_the_notice(
    group_settings, clock
):
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY)
        await bot.send(ADMIN, ONE_LINE)
        await bot.press(ADMIN, keyboards.CB_SAVE)
        meeting = (await meetings(bot))[0]
        h1 = (await bot.reminders())[1]
        bot.api.clear()
        bot.api.hold([c.id for c in MANY])  # the reminder is slow to reach the cadres
        clock.set(h1.due_at)
        await bot.run_job(reminder_job_id(h1.id), drain=False)
        await bot.send(ADMIN, "/jadwal batal hujan deras", drain=False)
        await bot.press(ADMIN, f"{keyboards.CB_CANCEL_YES}{meeting.id}", drain=False)
        bot.api.release()
        await bot.drain()

        for person in MANY:
            texts = bot.api.texts(person.id)
            notices = [i for i, t in enumerate(texts) if "DIBATALKAN" in t]
            assert len(notices) == 1, person
            assert not any("Pengingat pertemuan" in t for t in texts[notices[0] :]), person
        # Those not yet in flight at the cancellation got no reminder at all.
        skipped = [p for p in MANY if not any("Pengingat" in t for t in bot.api.texts(p.id))]
        assert len(skipped) >= len(MANY) - MAX_IN_FLIGHT


async def test_erasing_mid_broadcast_drops_the_delivery_and_the_telegram_id(group_settings, clock):
    leaver = MANY[-1]
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY)
        await bot.send(ADMIN, ONE_LINE)
        bot.api.hold([c.id for c in MANY[:-1]])
        await bot.press(ADMIN, keyboards.CB_SAVE, drain=False)
        await bot.send(leaver, "/hapus_data", drain=False)
        await bot.press(leaver, keyboards.CB_ERASE_YES, drain=False)
        bot.api.release()
        await bot.drain()

        assert not any("Pertemuan Rutin" in t for t in bot.api.texts(leaver.id))
        assert count_by_chat(announcements(bot.api))[MANY[0].id] == 1
        async with bot.session() as session:
            for table in models.Base.metadata.sorted_tables:
                for column in table.columns:
                    if isinstance(column.type, BigInteger):
                        found = await session.scalar(
                            select(column).where(column == leaver.id).limit(1)
                        )
                        assert found is None, f"{table.name}.{column.name}"
            dropped = await session.scalar(
                select(Delivery.status).where(Delivery.last_error == "erased")
            )
        assert dropped is DeliveryStatus.DROPPED


async def test_answering_tidak_hadir_stops_a_reminder_already_under_way(group_settings, clock):
    decliner = MANY[-1]
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY)
        await bot.send(ADMIN, ONE_LINE)
        await bot.press(ADMIN, keyboards.CB_SAVE)
        meeting = (await meetings(bot))[0]
        h1 = (await bot.reminders())[1]
        bot.api.hold([c.id for c in MANY[:-1]])
        clock.set(h1.due_at)
        await bot.run_job(reminder_job_id(h1.id), drain=False)
        await bot.press(decliner, f"{keyboards.CB_RSVP}{meeting.id}:tidak", drain=False)
        bot.api.release()
        await bot.drain()
        assert not any("Pengingat pertemuan" in t for t in bot.api.texts(decliner.id))
        assert len([t for t in bot.api.texts(MANY[0].id) if "Pengingat pertemuan" in t]) == 1


async def test_a_group_upgraded_to_a_supergroup_is_followed(group_settings, clock):
    supergroup = -1009876543210
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY[:3])
        bot.api.fail(
            chat_id=GROUP_CHAT_ID,
            status=400,
            description="Bad Request: group chat was upgraded to a supergroup chat",
            migrate_to=supergroup,
        )
        await bot.send(ADMIN, ONE_LINE)
        await bot.press(ADMIN, keyboards.CB_SAVE)
        assert len([c for c in announcements(bot.api) if c.chat_id == supergroup]) == 1
        async with bot.session() as session:
            kampung = await session.scalar(select(Kampung))
            group_delivery = await session.scalar(
                select(Delivery).where(Delivery.member_id.is_(None))
            )
        assert kampung.group_chat_id == supergroup
        assert group_delivery.chat_id == supergroup
        assert group_delivery.status is DeliveryStatus.SENT
        assert "Grup: terkirim" in bot.last_text(ADMIN)


async def test_a_binding_made_in_telegram_survives_a_restart(group_settings, clock):
    other_group = -100555
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot)
        await bot.send(ADMIN, "/ikat_grup", chat_id=other_group)
        # The kampung leaves its group (the one from GROUP_CHAT_ID): asked first.
        [move, _keep] = bot.api.last_sent(other_group).button_data
        await bot.press(ADMIN, move, chat_id=other_group)
    async with reminder_bot(group_settings, clock) as bot:  # GROUP_CHAT_ID is still set
        async with bot.session() as session:
            kampung = await session.scalar(select(Kampung))
        assert kampung.group_chat_id == other_group


async def test_every_summary_and_notice_goes_through_the_outbox(group_settings, clock):
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY[:2])
        await bot.send(ADMIN, ONE_LINE)
        await bot.press(ADMIN, keyboards.CB_SAVE)
        async with bot.session() as session:
            kinds = list(await session.scalars(select(Broadcast.kind).order_by(Broadcast.id)))
            unfinished = await session.scalar(
                select(Broadcast.id).where(Broadcast.finished_at.is_(None)).limit(1)
            )
        assert kinds == [BroadcastKind.ANNOUNCEMENT, BroadcastKind.REPORT]
        assert unfinished is None


def my_chat_member(bot, chat_id: int, old: dict, new: dict):
    from telegram import Update

    from tests.fakeapi import BOT_USER

    data = {
        "update_id": 987_654,
        "my_chat_member": {
            "chat": {"id": chat_id, "type": "supergroup", "title": "Grup Kampung KB"},
            "from": ADMIN.to_dict(),
            "date": int(bot.clock().timestamp()),
            "old_chat_member": {"user": BOT_USER, **old},
            "new_chat_member": {"user": BOT_USER, **new},
        },
    }
    return Update.de_json(data, bot.app.bot)


MEMBER = {"status": "member"}
KICKED = {"status": "kicked", "until_date": 0}
MUTED = {
    "status": "restricted",
    "is_member": True,
    "can_send_messages": False,
    "can_send_audios": False,
    "can_send_documents": False,
    "can_send_photos": False,
    "can_send_videos": False,
    "can_send_video_notes": False,
    "can_send_voice_notes": False,
    "can_send_polls": False,
    "can_send_other_messages": False,
    "can_add_web_page_previews": False,
    "can_change_info": False,
    "can_invite_users": False,
    "can_pin_messages": False,
    "can_manage_topics": False,
    "can_edit_tag": False,
    "can_react_to_messages": False,
    "until_date": 0,
}


@pytest.mark.parametrize(
    ("old", "new", "told"),
    [
        (MEMBER, KICKED, "Bot dikeluarkan dari grup"),
        (MEMBER, MUTED, "Bot tidak boleh mengirim pesan di grup"),
        (KICKED, MEMBER, "Bot kembali bisa mengirim pesan"),
    ],
    ids=["removed", "muted", "back"],
)
async def test_the_secretary_is_told_when_the_bot_is_removed_muted_or_back(
    group_settings, clock, old, new, told
):
    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot)
        await bot.process(my_chat_member(bot, GROUP_CHAT_ID, old, new))
        assert told in bot.last_text(ADMIN)
        # Another group's news is not hers.
        bot.api.clear()
        await bot.process(my_chat_member(bot, -100777, old, new))
        assert bot.api.sent(ADMIN.id) == []


async def test_on_postgresql_a_message_is_claimed_and_confirmed_without_begin_or_commit(
    group_settings, clock, database_url, monkeypatch
):
    """Each send's claim and confirm are one statement each, committed on its own: on
    PostgreSQL one round trip each instead of three (BEGIN, the UPDATE, COMMIT), for every
    one of thousands of registers on the 1st of the month (issue 18)."""
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("SQLite's transactions cost no round trip")
    begun: list[str] = []
    execute = asyncpg.Connection.execute

    async def counting_execute(self: asyncpg.Connection, query: str, *args, **kwargs):
        if query.lstrip().upper().startswith("BEGIN"):
            begun.append(query)
        return await execute(self, query, *args, **kwargs)

    async with reminder_bot(group_settings, clock) as bot:
        await setup_kampung(bot, MANY)
        await bot.send(ADMIN, ONE_LINE)
        monkeypatch.setattr(asyncpg.Connection, "execute", counting_execute)
        await bot.press(ADMIN, keyboards.CB_SAVE)
        await bot.drain()
        monkeypatch.undo()
    assert len(announcements(bot.api)) == len(MANY) + 2  # the cadres, the group, himself
    # Two per message before; now the handler's and the worker's few transactions.
    assert len(begun) < len(MANY) // 2, begun
