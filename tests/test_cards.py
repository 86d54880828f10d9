"""Issue 10: WhatsApp-ready texts, the cadre's own answer on her cards, the group's tally
kept current, fewer taps, phone-sized messages, the printable guide."""

import asyncio
import io
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_SUBMITTED
from pypdf import PdfReader
from sqlalchemy import select

from models.kampung import Kampung
from models.meeting import Meeting, Rsvp, RsvpAnswer
from models.member import MemberStatus
from scheduler.reminders import reminder_job_id
from scheduler.tally import group_card_job_id
from tests.conftest import ADMIN
from tests.fakeapi import BOT_USERNAME, Call, FakeBotAPI
from tests.flows import register
from tests.harness import GROUP_CHAT_ID, HUNG_TEST, Person, running_bot
from tests.reminder_support import (
    CADRES,
    H7,
    create_meeting,
    reminder_bot,
    setup_kampung,
    with_group,
)
from ui import keyboards, texts

LONG_VENUE = "Balai Pertemuan Warga " + "Rumah Data Kampung KB Penyengat Rendah " * 3
LONG_TOPIC = "Pembinaan Poktan dan " + "penguatan peran keluarga dalam pengasuhan anak " * 3
LONG_LINE = f"/jadwal baru 15-08-2026 09.00 RT07 {LONG_VENUE.strip()} | {LONG_TOPIC.strip()}"


@pytest.fixture
async def bot(settings, clock):
    """Secretary, three active cadres, the group bound from the settings; limiter on."""
    async with reminder_bot(with_group(settings), clock) as harness:
        await setup_kampung(harness)
        yield harness


def share_message(bot, chat_id: int) -> Call:
    [message] = [c for c in bot.api.sent(chat_id) if "Teks untuk grup WhatsApp" in c.text][-1:]
    return message


def shared_text(message: Call) -> str:
    """The text the WhatsApp button would fill in, decoded from its URL."""
    [(label, url)] = message.buttons
    assert label == texts.BTN_WHATSAPP
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "wa.me", "/")
    return parse_qs(parts.query, strict_parsing=True)["text"][0]


def assert_whatsapp_ready(text: str) -> None:
    assert not re.search(r"<[^>]+>", text), "no HTML"
    assert "&lt;" not in text and "&amp;" not in text
    assert "Konfirmasi" not in text and "Belum menjawab" not in text, "no tally"
    assert "tombol" not in text.lower() and "/" not in text.split("\n")[0], "no buttons"
    assert text.startswith("*") and "*\n" in text  # a bold title, as WhatsApp writes it


async def rsvps(bot) -> dict[int, RsvpAnswer]:
    async with bot.session() as session:
        return {r.member_id: r.answer for r in await session.scalars(select(Rsvp))}


def cards_to(bot, chat_id: int) -> list[Call]:
    """Announcements, changes and reminders a chat received (they carry RSVP buttons)."""
    return [c for c in bot.api.sent(chat_id) if any(d.startswith("rsvp:") for d in c.button_data)]


# --- WhatsApp ------------------------------------------------------------------------------


async def test_announcement_change_and_cancellation_come_with_a_whatsapp_share_button(bot):
    meeting = await create_meeting(bot)
    text = shared_text(share_message(bot, ADMIN.id))
    assert_whatsapp_ready(text)
    head = text.split("\n")[:7]
    assert "*Undangan Pertemuan Rutin Triwulan III 2026*" in head
    assert "Hari/tanggal: Sabtu, 15 Agustus 2026 pukul 09.00 WIB" in head
    assert "Tempat: Rumah Data RT 07" in head
    assert "Tuan rumah: RT 07" in head and "Materi: Pembinaan Poktan" in head
    # The share message shows the same text, to copy by hand as well.
    assert texts.esc(text) in share_message(bot, ADMIN.id).text

    await bot.send(ADMIN, "/jadwal_ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "time")
    await bot.send(ADMIN, "13.00")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    text = shared_text(share_message(bot, ADMIN.id))
    assert_whatsapp_ready(text)
    assert text.startswith("*Perubahan Jadwal Pertemuan Rutin Triwulan III 2026*")
    assert "Sab, 15 Agu 09.00 → Sab, 15 Agu 13.00" in text
    assert "Hari/tanggal: Sabtu, 15 Agustus 2026 pukul 13.00 WIB" in text

    await bot.send(ADMIN, "/jadwal_batal bertepatan dengan acara kelurahan")
    await bot.press(ADMIN, f"{keyboards.CB_CANCEL_YES}{meeting.id}")
    text = shared_text(share_message(bot, ADMIN.id))
    assert_whatsapp_ready(text)
    assert "DIBATALKAN" in text.split("\n")[0]
    assert "Alasan: bertepatan dengan acara kelurahan" in text


async def test_a_reminder_brings_the_secretary_its_whatsapp_text(bot):
    meeting = await create_meeting(bot)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    [h7, _, _] = await bot.reminders()
    bot.api.clear()
    bot.clock.set(H7)
    await bot.run_job(reminder_job_id(h7.id))
    text = shared_text(share_message(bot, ADMIN.id))
    assert_whatsapp_ready(text)
    assert text.startswith("*Pengingat (H-7): Pertemuan Rutin Triwulan III 2026*")
    assert "Hadir 1" not in text  # the tally stays in Telegram


async def test_a_text_too_long_for_a_link_comes_as_a_message_to_copy(bot):
    await create_meeting(bot)
    await bot.send(ADMIN, "/jadwal_ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "speakers")
    for number in range(8):
        await bot.send(ADMIN, f"Narasumber Nomor {number} dengan Nama yang Panjang Sekali")
        await bot.send(ADMIN, "Perwakilan BKKBN Provinsi Jambi bidang Keluarga Berencana " * 2)
        await bot.press(ADMIN, keyboards.CB_SECTOR + "pemerintah")
    await bot.press(ADMIN, keyboards.CB_SPEAKERS_DONE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    message = share_message(bot, ADMIN.id)
    assert message.buttons == []
    assert "salin lalu tempel" in message.text
    assert "Narasumber Nomor 7" in message.text


# --- her own answer ----------------------------------------------------------------------------


async def test_pressing_an_answer_edits_her_card_to_show_it(bot):
    meeting = await create_meeting(bot)
    [announcement] = cards_to(bot, CADRES[0].id)
    assert texts.ASK_RSVP in announcement.text
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:izin")
    edit = bot.api.edits(CADRES[0].id)[-1]
    assert edit.params["message_id"] == announcement.result["message_id"]
    assert "Jawaban Anda: <b>Izin 🙏</b>" in edit.params["text"]
    assert texts.ASK_RSVP not in edit.params["text"]
    assert "Izin 1" in edit.params["text"]
    # /jadwal shows it too.
    await bot.send(CADRES[0], "/jadwal")
    assert "Jawaban Anda: <b>Izin 🙏</b>" in bot.last_text(CADRES[0])


async def test_a_reminder_does_not_ask_who_answered_to_confirm_again(bot):
    meeting = await create_meeting(bot)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    [h7, _, _] = await bot.reminders()
    bot.api.clear()
    bot.clock.set(H7)
    await bot.run_job(reminder_job_id(h7.id))
    [answered] = bot.reminders_sent(CADRES[0].id)
    [silent] = bot.reminders_sent(CADRES[1].id)
    assert "Jawaban Anda: <b>Hadir ✅</b>" in answered.text
    assert texts.ASK_RSVP not in answered.text and "mohon konfirmasi" not in answered.text.lower()
    assert texts.ASK_RSVP in silent.text and "Jawaban Anda" not in silent.text
    assert answered.button_data == silent.button_data  # she can still change her answer
    [group] = bot.reminders_sent(GROUP_CHAT_ID)
    assert "Jawaban Anda" not in group.text


async def test_the_group_card_tally_is_edited_at_most_once_per_interval(bot):
    meeting = await create_meeting(bot)
    [group_card] = cards_to(bot, GROUP_CHAT_ID)
    interval = bot.app.bot_data.settings.GROUP_CARD_EDIT_SECONDS

    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    [first] = bot.api.edits(GROUP_CHAT_ID)
    assert first.params["message_id"] == group_card.result["message_id"]
    assert "✅ Hadir 1 ·" in first.params["text"] and "Belum menjawab 3" in first.params["text"]
    assert first.button_data == group_card.button_data
    assert "Jawaban Anda" not in first.params["text"]

    # Two more answers inside the interval: no edit now, one edit due at its end.
    await bot.press(CADRES[1], f"rsvp:{meeting.id}:izin")
    await bot.press(CADRES[2], f"rsvp:{meeting.id}:hadir")
    assert len(bot.api.edits(GROUP_CHAT_ID)) == 1
    [job] = [j for j in bot.app.job_queue.jobs() if j.job.id == group_card_job_id(meeting.id)]
    assert job.job.trigger.run_date == bot.app.bot_data.group_card_edits[meeting.id] + timedelta(
        seconds=interval
    )
    bot.clock.advance(timedelta(seconds=interval))
    await bot.run_job(group_card_job_id(meeting.id))
    [_, second] = bot.api.edits(GROUP_CHAT_ID)
    assert "✅ Hadir 2 · 🙏 Izin 1 ·" in second.params["text"]
    assert "Belum menjawab 1" in second.params["text"]

    # Once the interval has passed again, the next answer is shown at once.
    bot.clock.advance(timedelta(seconds=interval))
    await bot.press(ADMIN, f"rsvp:{meeting.id}:hadir")
    assert "✅ Hadir 3 ·" in bot.api.edits(GROUP_CHAT_ID)[-1].params["text"]
    assert len(bot.api.edits(GROUP_CHAT_ID)) == 3


async def test_answers_given_at_the_same_moment_cost_the_group_one_edit_now_and_one_later(
    settings, clock
):
    async with running_bot(with_group(settings), clock) as bot:
        await setup_kampung(bot)
        meeting = await create_meeting(bot)
        presses = [rsvp_press(bot, meeting, c, "hadir") for c in CADRES]
        job_id = group_card_job_id(meeting.id)
        async with bot.started():
            await bot.feed(*presses)
            jobs = [j for j in bot.app.job_queue.jobs() if j.job.id == job_id]
        assert len(await rsvps(bot)) == 3
        assert len(bot.api.edits(GROUP_CHAT_ID)) == 1  # the first answer, at once
        assert len(jobs) == 1  # the other two, together, at the end of the interval
        await jobs[0].run(bot.app)
        assert "✅ Hadir 3 ·" in bot.api.edits(GROUP_CHAT_ID)[-1].params["text"]


def rsvp_press(bot, meeting: Meeting, cadre: Person, answer: str):
    """Her press of ``answer`` on the newest card she got about ``meeting``."""
    card = cards_to(bot, cadre.id)[-1].result
    return bot.press_update(cadre, f"rsvp:{meeting.id}:{answer}", card)


def last_group_edit(bot) -> str:
    edits = bot.api.edits(GROUP_CHAT_ID)
    return edits[-1].text if edits else ""


@asynccontextmanager
async def real_scheduler_with_hung_group_edits(bot, meeting: Meeting) -> AsyncIterator[None]:
    """The application started, its scheduler running due jobs as in production (only
    the group card's: the reminders are past), and every edit of the group's card
    hanging until ``bot.api.release()``."""
    queue = bot.app.job_queue
    async with bot.started():
        for job in queue.jobs():
            if job.job.id != group_card_job_id(meeting.id):
                job.schedule_removal()
        queue.scheduler.resume()
        bot.api.hold([GROUP_CHAT_ID], methods=("editMessageText",))
        try:
            yield
        finally:
            bot.api.release()  # a failed test does not leave the application hanging


async def test_an_answer_given_while_the_group_card_edit_hangs_is_shown_by_the_next_edit(
    settings, clock, caplog
):
    """Telegram is slow to take the group card's edit. An answer given meanwhile falls due
    while that edit still hangs: its edit waits for it instead of being dropped by the
    scheduler (one job id, one instance at a time), and then shows every answer. The
    real scheduler runs the jobs here, as in production."""
    async with reminder_bot(with_group(settings), clock) as bot:
        await setup_kampung(bot)
        meeting = await create_meeting(bot)
        await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")  # shown at once
        queue = bot.app.job_queue
        async with real_scheduler_with_hung_group_edits(bot, meeting):
            with caplog.at_level("WARNING", logger="apscheduler"):
                # Within the interval: a job, whose edit hangs.
                await bot.feed(rsvp_press(bot, meeting, CADRES[1], "izin"))
                await bot.until(lambda: len(bot.api.held) == 1)
                taken = asyncio.Event()  # the scheduler started the due job, or dropped it
                queue.scheduler.add_listener(
                    lambda _: taken.set(), EVENT_JOB_SUBMITTED | EVENT_JOB_MAX_INSTANCES
                )
                # The next edit falls due now.
                await bot.feed(rsvp_press(bot, meeting, CADRES[2], "hadir"))
                async with asyncio.timeout(HUNG_TEST):  # a guard, not a timed assertion
                    await taken.wait()
                bot.api.release()
                await bot.until(lambda: "✅ Hadir 2 · 🙏 Izin 1 ·" in last_group_edit(bot))
        assert not [r for r in caplog.records if "skipped" in r.getMessage()]
        [first, hung, last] = bot.api.edits(GROUP_CHAT_ID)
        assert "✅ Hadir 1 ·" in first.text and "✅ Hadir 1 · 🙏 Izin 1 ·" in hung.text
        assert "Belum menjawab 1" in last.text
        assert await owed_since(bot, meeting.id) is None
        assert len(bot.app.bot_data.group_card_turns) == 0  # nothing kept after the edits


async def test_a_cadre_never_waits_for_a_group_card_edit_that_is_not_hers(settings, clock):
    """The group card's edit hangs beyond the interval. The next answer would be shown at
    once, but its update does not wait for that edit (her next message would wait behind
    it): a job does, and shows her answer once Telegram takes the first."""
    async with reminder_bot(with_group(settings), clock) as bot:
        await setup_kampung(bot)
        meeting = await create_meeting(bot)
        interval = timedelta(seconds=bot.app.bot_data.settings.GROUP_CARD_EDIT_SECONDS)
        async with real_scheduler_with_hung_group_edits(bot, meeting):
            bot.enqueue(rsvp_press(bot, meeting, CADRES[0], "hadir"))  # edited at once …
            await bot.until(lambda: len(bot.api.held) == 1)  # … and Telegram is slow
            bot.clock.advance(interval)
            sent = len(bot.api.sent(CADRES[1].id))
            bot.enqueue(
                rsvp_press(bot, meeting, CADRES[1], "izin"),
                bot.message_update(CADRES[1], "/jadwal"),  # her next update, in order
            )
            await bot.until(lambda: len(bot.api.sent(CADRES[1].id)) > sent)
            assert bot.api.held and not bot.api.edits(GROUP_CHAT_ID)  # the edit still hangs
            assert "Jawaban Anda: <b>Izin 🙏</b>" in bot.api.sent(CADRES[1].id)[-1].text
            bot.api.release()
            await bot.until(lambda: "✅ Hadir 1 · 🙏 Izin 1 ·" in last_group_edit(bot))
        [hung, last] = bot.api.edits(GROUP_CHAT_ID)
        assert "✅ Hadir 1 ·" in hung.text and "Izin 1" not in hung.text
        assert "Belum menjawab 2" in last.text
        assert await owed_since(bot, meeting.id) is None


async def owed_since(bot, meeting_id: int):
    async with bot.session() as session:
        return (await session.get(Meeting, meeting_id)).tally_owed_at


async def test_a_group_card_edit_owed_when_the_bot_stopped_is_made_at_the_next_start(
    settings, clock
):
    telegram = FakeBotAPI(clock)  # the group's messages outlive the process
    async with reminder_bot(with_group(settings), clock, telegram) as bot:
        await setup_kampung(bot)
        meeting = await create_meeting(bot)
        await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")  # shown at once
        assert await owed_since(bot, meeting.id) is None
        await bot.press(CADRES[1], f"rsvp:{meeting.id}:izin")  # its edit waits the interval
        assert len(telegram.edits(GROUP_CHAT_ID)) == 1
        assert await owed_since(bot, meeting.id) == clock()
    # The process is killed before the waiting edit ran: the next start makes it.
    async with reminder_bot(with_group(settings), clock, telegram) as bot:
        await bot.run_job(group_card_job_id(meeting.id))
        last = telegram.edits(GROUP_CHAT_ID)[-1]
        assert "✅ Hadir 1 · 🙏 Izin 1 ·" in last.params["text"]
        assert "Belum menjawab 2" in last.params["text"]
        assert await owed_since(bot, meeting.id) is None
    async with reminder_bot(with_group(settings), clock, telegram) as bot:
        assert bot.app.job_queue.get_jobs_by_name(group_card_job_id(meeting.id)) == ()
    assert len(telegram.edits(GROUP_CHAT_ID)) == 2  # nothing owed: no edit at a third start


async def test_an_answer_the_secretary_records_for_a_cadre_counts_on_the_group_card(bot):
    meeting = await create_meeting(bot)
    [cadre] = [m for m in await bot.members() if m.telegram_id == CADRES[2].id]
    await bot.press(ADMIN, f"{keyboards.CB_MEMBER_RSVP}{meeting.id}:{cadre.id}:izin")
    [edit] = bot.api.edits(GROUP_CHAT_ID)
    assert "🙏 Izin 1 ·" in edit.params["text"]
    assert await owed_since(bot, meeting.id) is None


async def test_a_superseded_card_says_it_was_replaced_and_shows_the_current_one(bot):
    meeting = await create_meeting(bot)
    [old_card] = cards_to(bot, CADRES[0].id)
    await bot.send(ADMIN, "/jadwal_ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "date")
    await bot.send(ADMIN, "22-08-2026")
    await bot.press(ADMIN, keyboards.CB_SAVE)

    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir", message=old_card)
    answer = bot.api.last_answer()
    assert "sudah diubah" in answer.params["text"] and answer.params.get("show_alert")
    assert await rsvps(bot) == {}  # an answer to the old time is not taken
    edit = bot.api.edits(CADRES[0].id)[-1]
    assert edit.params["message_id"] == old_card.result["message_id"]
    assert "Sabtu, 22 Agustus 2026" in edit.params["text"]
    assert texts.ASK_RSVP in edit.params["text"]

    # The change notice's buttons are the current ones.
    [_, notice] = cards_to(bot, CADRES[0].id)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir", message=notice)
    assert list((await rsvps(bot)).values()) == [RsvpAnswer.YES]
    assert "Jawaban Anda: <b>Hadir ✅</b>" in bot.api.edits(CADRES[0].id)[-1].params["text"]


# --- shorter -----------------------------------------------------------------------------------


async def test_no_announcement_change_or_reminder_to_a_cadre_exceeds_ten_phone_lines(bot):
    meeting = await create_meeting(bot, LONG_LINE)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    # Speakers added (a change that keeps the answers) …
    await bot.send(ADMIN, "/jadwal_ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "speakers")
    for name in ("Ramadani J", "dr. Hasanah Putri", "Ir. Bambang Sutrisno"):
        await bot.send(ADMIN, name)
        await bot.send(ADMIN, "Perwakilan BKKBN Provinsi Jambi")
        await bot.press(ADMIN, keyboards.CB_SECTOR + "pemerintah")
    await bot.press(ADMIN, keyboards.CB_SPEAKERS_DONE)
    await bot.press(ADMIN, keyboards.CB_SAVE)
    # … every part changed at once …
    await bot.send(ADMIN, "/jadwal_ubah")
    for field, typed in (("time", "13.30"), ("venue", "Aula " + LONG_VENUE), ("topic", "Baru")):
        await bot.press(ADMIN, keyboards.CB_FIELD + field)
        await bot.send(ADMIN, typed)
        await bot.press(ADMIN, keyboards.CB_EDIT)
    await bot.press(ADMIN, keyboards.CB_FIELD + "host")
    await bot.press(ADMIN, keyboards.CB_HOST + "03")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    await bot.press(CADRES[0], f"rsvp:{meeting.id}:tidak")
    await bot.press(CADRES[1], f"rsvp:{meeting.id}:hadir")
    # … and a reminder.
    [h7, _, _] = await bot.pending()
    bot.clock.set(h7.due_at)
    await bot.run_job(reminder_job_id(h7.id))

    kinds = set()
    for cadre in CADRES:
        cards = cards_to(bot, cadre.id)
        texts_seen = [c.text for c in cards] + [
            e.params["text"] for e in bot.api.edits(cadre.id) if "text" in e.params
        ]
        for text in texts_seen:
            assert texts.phone_lines(text) <= texts.CARD_MAX_LINES, text
            kinds.add(text.split("\n")[0][:12])
    assert len(kinds) >= 3  # announcement, change and reminder were all measured
    assert any("Pengingat pertemuan (H-7)" in c.text for c in cards_to(bot, CADRES[1].id))


async def test_the_change_notice_says_old_and_new_for_each_changed_part(bot):
    await create_meeting(bot)
    await bot.send(ADMIN, "/jadwal_ubah")
    await bot.press(ADMIN, keyboards.CB_FIELD + "host")
    await bot.press(ADMIN, keyboards.CB_HOST + "03")
    await bot.press(ADMIN, keyboards.CB_EDIT)
    await bot.press(ADMIN, keyboards.CB_FIELD + "topic")
    await bot.send(ADMIN, "Gizi Balita")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    notice = cards_to(bot, CADRES[2].id)[-1].text
    assert "Perubahan jadwal" in notice
    assert "🏠 Tuan rumah: RT 07 → <b>RT 03</b>" in notice
    assert "📖 Pembinaan Poktan → <b>Gizi Balita</b>" in notice


# --- fewer taps --------------------------------------------------------------------------------


async def test_from_the_group_link_to_registered_in_five_taps_and_one_typed_message(bot):
    newcomer = Person(7301, "Nur")
    taps = typed = 0
    await bot.send(newcomer, "/start", chat_id=GROUP_CHAT_ID)
    [(_, link)] = bot.last_buttons(GROUP_CHAT_ID)
    taps += 1  # the link in the group
    # The kampung's own invite link (many kampungs, one bot).
    async with bot.session() as session:
        code = (await session.scalars(select(Kampung))).one().invite_code
    assert link == f"https://t.me/{BOT_USERNAME}?start={code}"
    await bot.send(newcomer, f"/start {parse_qs(urlsplit(link).query)['start'][0]}")
    taps += 1  # Telegram's START button sends the deep link's /start
    consent = bot.api.last_sent(newcomer.id)
    assert texts.phone_lines(consent.text) <= texts.CARD_MAX_LINES  # one phone screen
    await bot.send(newcomer, "Hj. Nurhasanah")
    typed += 1
    await bot.press(newcomer, keyboards.CB_REG_RT + "04")
    taps += 1
    await bot.press(newcomer, keyboards.CB_REG_POKTAN + "BKR")
    taps += 1
    await bot.press(newcomer, keyboards.CB_REG_CONFIRM)
    taps += 1
    assert "pendaftaran Anda sudah kami terima" in bot.last_text(newcomer)
    member = await bot.member(newcomer.id)
    assert (member.full_name, member.rt, member.status) == (
        "Hj. Nurhasanah",
        "04",
        MemberStatus.PENDING,
    )
    assert member.consent_at is not None
    assert (taps, typed) <= (5, 1)


async def test_the_telegram_name_button_and_the_full_consent_text(bot):
    newcomer = Person(7302, "Siti Rahma")
    await bot.send(newcomer, "/start")
    await bot.press(newcomer, keyboards.CB_CONSENT_FULL)
    full = bot.api.last_sent(newcomer.id)
    assert "Siapa yang melihat" in full.text
    assert keyboards.CB_CONSENT_YES in full.button_data
    await bot.press(newcomer, keyboards.CB_CONSENT_YES)
    ask = bot.api.last_sent(newcomer.id)
    assert ask.buttons == [(texts.btn_telegram_name("Siti Rahma"), keyboards.CB_REG_TELEGRAM_NAME)]
    await bot.press(newcomer, keyboards.CB_REG_TELEGRAM_NAME)
    assert "RT berapa" in bot.last_text(newcomer)
    await bot.press(newcomer, keyboards.CB_REG_RT + "02")
    await bot.press(newcomer, keyboards.CB_REG_POKTAN + "BKL")
    await bot.press(newcomer, keyboards.CB_REG_CONFIRM)
    assert (await bot.member(newcomer.id)).full_name == "Siti Rahma"


async def test_the_secretarys_jadwal_card_carries_her_actions(bot):
    meeting = await create_meeting(bot)
    await bot.send(ADMIN, "/jadwal")
    card = bot.api.last_sent(ADMIN.id)
    assert card.button_data == [
        f"rsvp:{meeting.id}:hadir",
        f"rsvp:{meeting.id}:izin",
        f"rsvp:{meeting.id}:tidak",
        f"{keyboards.CB_ADMIN_CHANGE}{meeting.id}",
        f"{keyboards.CB_ADMIN_CANCEL}{meeting.id}",
        f"{keyboards.CB_ADMIN_ROLL}{meeting.id}",
        f"{keyboards.CB_ATT_RECAP}{meeting.id}",
    ]
    await bot.press(ADMIN, f"rsvp:{meeting.id}:hadir", message=card)
    edit = bot.api.edits(ADMIN.id)[-1]
    assert "Jawaban Anda: <b>Hadir ✅</b>" in edit.params["text"]
    assert edit.buttons == card.buttons  # her actions stay on the card
    await bot.send(CADRES[0], "/jadwal")
    assert len(bot.last_buttons(CADRES[0])) == 3  # a cadre gets the RSVP buttons only
    await bot.press(CADRES[0], f"{keyboards.CB_ADMIN_CANCEL}{meeting.id}", message=card)
    assert "hanya untuk admin" in bot.api.last_answer().params["text"]

    await bot.press(ADMIN, f"{keyboards.CB_ADMIN_CHANGE}{meeting.id}", message=card)
    assert texts.ASK_FIELD_TO_EDIT in bot.last_text(ADMIN)
    await bot.send(ADMIN, "/batal")
    await bot.press(ADMIN, f"{keyboards.CB_ADMIN_CANCEL}{meeting.id}", message=card)
    assert texts.ASK_CANCEL_REASON in bot.last_text(ADMIN)
    await bot.send(ADMIN, "/batal")
    # Before the meeting: the roll and the recap say when they open.
    await bot.press(ADMIN, f"{keyboards.CB_ADMIN_ROLL}{meeting.id}", message=card)
    assert "Absensi belum dibuka" in bot.api.last_answer().params["text"]
    await bot.press(ADMIN, f"{keyboards.CB_ATT_RECAP}{meeting.id}", message=card)
    assert "Rekap tersedia setelah" in bot.api.last_answer().params["text"]
    # On the day: the roll opens, as /hadir does.
    bot.clock.set(meeting.starts_at - timedelta(minutes=30))
    await bot.press(ADMIN, f"{keyboards.CB_ADMIN_ROLL}{meeting.id}", message=card)
    [roll] = [c for c in bot.api.sent(ADMIN.id) if c.text.startswith("📋 <b>Daftar hadir</b>")]
    assert any(data.startswith("att:tg:") for data in roll.button_data)
    await bot.press(ADMIN, f"{keyboards.CB_ATT_RECAP}{meeting.id}", message=card)
    [recap] = [t for t in bot.api.texts(ADMIN.id) if t.startswith("📊 <b>Rekap kehadiran")]
    assert recap.split("\n")[3].startswith("<b>Ringkasan:</b>")  # summary first
    recap_share = shared_text(share_message(bot, ADMIN.id))
    assert_whatsapp_ready(recap_share)
    assert recap_share.startswith("*Rekap Kehadiran Pertemuan Rutin Triwulan III 2026*")


async def test_every_action_has_a_tappable_one_word_command(bot):
    await bot.send(ADMIN, "/bantuan")
    help_text = bot.last_text(ADMIN)
    for command in ("jadwal_baru", "jadwal_ubah", "jadwal_batal", "hadir_rekap", "rekap"):
        assert re.search(rf"(^|\n)/{command} — ", help_text), command
    admin_menu = [
        c for c in bot.api.of("setMyCommands") if "jadwal_baru" in str(c.params["commands"])
    ]
    assert admin_menu, "the admin's command menu lists the one-word commands"
    await bot.send(ADMIN, "/jadwal_baru")
    assert "Tanggal berapa" in bot.last_text(ADMIN)
    await bot.send(ADMIN, "/batal")
    await bot.send(ADMIN, "/jadwal_baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan")
    await bot.press(ADMIN, keyboards.CB_SAVE)
    await bot.send(ADMIN, "/jadwal ubah")  # the two-word form still works
    assert texts.ASK_FIELD_TO_EDIT in bot.last_text(ADMIN)
    await bot.send(ADMIN, "/batal")
    await bot.send(ADMIN, "/rekap")
    assert texts.NO_MEETING_FOR_RECAP in bot.last_text(ADMIN)
    await bot.send(ADMIN, "/hadir_rekap")
    assert texts.NO_MEETING_FOR_RECAP in bot.last_text(ADMIN)
    await bot.send(CADRES[0], "/rekap")
    assert "hanya untuk admin" in bot.last_text(CADRES[0])


async def test_the_admin_welcome_is_short(bot):
    await bot.send(ADMIN, "/start")
    welcome = bot.api.sent(ADMIN.id)[0].text
    assert texts.phone_lines(welcome) <= 8 and "/bantuan" in welcome


# --- the guide ---------------------------------------------------------------------------------


async def test_panduan_sends_a_one_page_pdf(bot):
    await bot.send(CADRES[0], "/panduan")
    [document] = bot.api.of("sendDocument")
    assert document.chat_id == CADRES[0].id
    [(name, content, *_)] = document.files.values()
    assert name == texts.GUIDE_FILENAME
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == 1
    page = reader.pages[0].extract_text()
    assert texts.GUIDE_TITLE in page and "Kampung KB Penyengat Rendah" in page
    for heading, _ in texts.CADRE_GUIDE:
        assert heading in page


async def test_a_stranger_can_read_the_guide_before_registering(bot):
    await bot.send(Person(7999, "Tamu"), "/panduan")
    assert bot.api.of("sendDocument")[-1].chat_id == 7999


def test_whatsapp_url_decodes_to_the_text_and_refuses_long_ones():
    text = "*Judul*\nTempat: Rumah Data RT 07 & Balai (baru)\nMateri: 100% gizi #1"
    url = keyboards.whatsapp_url(text)
    assert url is not None and url.startswith(texts.WA_URL)
    assert unquote(url.removeprefix(texts.WA_URL)) == text
    assert keyboards.whatsapp_url("x" * texts.WA_URL_MAX) is None


async def test_register_helper_still_works(bot):
    """The shared journey (tests/flows.py) still registers after the changes."""
    newcomer = Person(7401, "Ani")
    await register(bot, newcomer, "Ani Lestari", "05", "PIK-R")
    assert (await bot.member(newcomer.id)).full_name == "Ani Lestari"


@pytest.mark.parametrize(
    ("description", "level"),
    [
        ("Bad Request: message is not modified: same content", "DEBUG"),
        ("Bad Request: message to edit not found", "DEBUG"),
        ("Bad Request: can't parse entities: unclosed start tag", "WARNING"),
    ],
)
async def test_a_refused_group_card_edit_is_quiet_only_when_nothing_is_owed(
    bot, caplog, description, level
):
    """A card already showing the tally, or deleted, is nothing to report; any other
    refusal (the bot's own broken text) is a WARNING, not a silent stale card."""
    meeting = await create_meeting(bot)
    bot.api.fail(method="editMessageText", chat_id=GROUP_CHAT_ID, description=description)
    with caplog.at_level("DEBUG", logger="scheduler.tally"):
        await bot.press(CADRES[0], f"rsvp:{meeting.id}:hadir")
    [record] = [r for r in caplog.records if r.name == "scheduler.tally"]
    assert record.levelname == level
    assert f"meeting {meeting.id}" in record.getMessage()
    assert await owed_since(bot, meeting.id) is None  # either way nothing stays owed
