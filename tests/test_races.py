"""Two people racing on one thing: exactly one wins, the other is told, nothing breaks.

Every race is pressed with ``asyncio.gather`` over ``process_update`` and repeated for
several rounds: on PostgreSQL the two handlers really run side by side, so a
read-then-write without a condition lets both win in most rounds. On SQLite the
write lock already serialises writers; the same tests guard the messages there.
"""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from models.broadcast import Broadcast, BroadcastKind
from models.meeting import Meeting, MeetingStatus, Rsvp
from models.member import MemberStatus
from tests.conftest import ADMIN, ADMIN_2
from tests.flows import add_active_cadres, register
from tests.harness import Person
from ui import keyboards

ROUNDS = 10
APOLOGY = "Maaf, terjadi kesalahan"
FIRST_DAY = datetime(2026, 8, 15, 2, 0, tzinfo=UTC)  # Saturday 15 August 2026, 09.00 WIB


@pytest.fixture
async def admins(bot):
    """Two active admins (both are listed in the settings)."""
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register(bot, ADMIN_2, "Hendra Ketua", "02", "Pokja")
    return bot


def all_texts(bot) -> list[str]:
    """Every text the bot sent, edited or showed as a button answer."""
    return [str(call.params.get("text") or "") for call in bot.api.calls]


async def add_meetings(bot, starts: list[datetime]) -> list[int]:
    """Scheduled meetings straight into the database (the flow is not under test here)."""
    now = bot.clock()
    async with bot.session() as session, session.begin():
        meetings = [
            Meeting(
                kampung_id=bot.app.bot_data.kampung_id,
                starts_at=start,
                host_rt="07",
                proposed_host_rt="07",
                venue="Rumah Data RT 07",
                topic=f"Materi {number}",
                status=MeetingStatus.SCHEDULED,
                created_at=now,
                updated_at=now,
            )
            for number, start in enumerate(starts, start=1)
        ]
        session.add_all(meetings)
        await session.flush()
        return [meeting.id for meeting in meetings]


def closed_notices(bot, admin: Person) -> int:
    return sum("Absensi ditutup." in text for text in bot.api.texts(admin.id))


async def broadcasts(bot, meeting_id: int, kind: BroadcastKind) -> int:
    async with bot.session() as session:
        return await session.scalar(
            select(func.count())
            .select_from(Broadcast)
            .where(Broadcast.meeting_id == meeting_id, Broadcast.kind == kind)
        )


async def test_two_admins_deciding_one_registration_at_once_store_one_decision(admins):
    """Approve and reject at the same instant: one decision, one message, the other told."""
    bot = admins
    applicants = [Person(8000 + number, "Calon") for number in range(ROUNDS)]
    for number, person in enumerate(applicants):
        await register(bot, person, f"Calon Kader {chr(65 + number)}")
    admin_ids = {ADMIN.id: (await bot.member(ADMIN.id)).id}
    admin_ids[ADMIN_2.id] = (await bot.member(ADMIN_2.id)).id

    for person in applicants:
        member = await bot.member(person.id)
        told_before = len(bot.api.sent(person.id))
        answers_before = len(bot.api.answers())

        await asyncio.gather(
            bot.press(ADMIN, f"{keyboards.CB_APPROVE}{member.id}"),
            bot.press(ADMIN_2, f"{keyboards.CB_REJECT}{member.id}"),
        )

        decided = await bot.member(person.id)
        approved = decided.status is MemberStatus.ACTIVE
        assert decided.status in (MemberStatus.ACTIVE, MemberStatus.REJECTED)
        winner, loser = (ADMIN, ADMIN_2) if approved else (ADMIN_2, ADMIN)
        assert decided.decided_by_id == admin_ids[winner.id]
        told = bot.api.texts(person.id)[told_before:]
        assert len(told) == 1, told
        assert ("tidak disetujui" in told[0]) is not approved
        assert "disetujui" in told[0]
        answers = [a.params.get("text", "") for a in bot.api.answers()[answers_before:]]
        verdict = "sudah disetujui" if approved else "sudah ditolak"
        assert len(answers) == 2 and sum(verdict in text for text in answers) == 1, answers
        assert "oleh" in bot.api.edits(winner.id)[-1].params["text"]
        assert bot.api.edits(loser.id)[-1].method == "editMessageReplyMarkup"
    assert not any(APOLOGY in text for text in all_texts(bot))


async def test_a_double_pressed_first_rsvp_stores_one_answer_without_error(admins):
    """Both presses of one RSVP button at once: one row, one thanks, one "tetap", no error."""
    bot = admins
    cadres = await add_active_cadres(bot, ROUNDS)
    [meeting_id] = await add_meetings(bot, [FIRST_DAY])
    await bot.send(cadres[0], "/jadwal")  # a card with the RSVP buttons for each cadre
    for cadre in cadres[1:]:
        await bot.send(cadre, "/jadwal")

    for cadre in cadres:
        answers_before = len(bot.api.answers())
        data = f"rsvp:{meeting_id}:hadir"

        await asyncio.gather(bot.press(cadre, data), bot.press(cadre, data))

        member = await bot.member(cadre.id)
        async with bot.session() as session:
            rows = list(
                await session.scalars(
                    select(Rsvp).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id == member.id)
                )
            )
        assert len(rows) == 1
        answers = sorted(a.params.get("text", "") for a in bot.api.answers()[answers_before:])
        assert len(answers) == 2
        assert "Jawaban Anda tetap" in answers[0] and "Terima kasih" in answers[1], answers
    assert not any(APOLOGY in text for text in all_texts(bot))


async def test_opening_and_closing_attendance_twice_at_once_happens_once(admins):
    """Two admins' /hadir at once plan one prompt; two Tutup presses close it once."""
    bot = admins
    cadres = await add_active_cadres(bot, 3)
    starts = [FIRST_DAY + timedelta(days=day) for day in range(ROUNDS)]
    meeting_ids = await add_meetings(bot, starts)

    for start, meeting_id in zip(starts, meeting_ids, strict=True):
        bot.clock.set(start - timedelta(minutes=30))
        await asyncio.gather(bot.send(ADMIN, "/hadir"), bot.send(ADMIN_2, "/hadir"))

        assert await broadcasts(bot, meeting_id, BroadcastKind.ATTENDANCE) == 1
        for cadre in cadres:
            prompts = [
                call
                for call in bot.api.sent(cadre.id)
                if f"att:me:{meeting_id}:y" in call.button_data
            ]
            assert len(prompts) == 1

        closed_before = {a.id: closed_notices(bot, a) for a in (ADMIN, ADMIN_2)}
        answers_before = len(bot.api.answers())
        close = f"{keyboards.CB_ATT_CLOSE_YES}{meeting_id}"

        await asyncio.gather(bot.press(ADMIN, close), bot.press(ADMIN_2, close))

        closed_now = [closed_notices(bot, a) - closed_before[a.id] for a in (ADMIN, ADMIN_2)]
        assert sorted(closed_now) == [0, 1]
        answers = [a.params.get("text", "") for a in bot.api.answers()[answers_before:]]
        assert sum("sudah ditutup sebelumnya" in text for text in answers) == 1, answers
    assert not any(APOLOGY in text for text in all_texts(bot))


async def test_cancelling_one_meeting_twice_at_once_cancels_it_once(admins):
    """Two admins confirm the same cancellation at once: one cancellation, one notice each."""
    bot = admins
    cadres = await add_active_cadres(bot, 2)

    for day in range(ROUNDS):
        [meeting_id] = await add_meetings(bot, [FIRST_DAY + timedelta(days=day)])
        await bot.send(ADMIN, "/jadwal batal Hujan deras")
        await bot.send(ADMIN_2, "/jadwal batal Hujan deras")
        answers_before = len(bot.api.answers())
        confirm = f"{keyboards.CB_CANCEL_YES}{meeting_id}"

        await asyncio.gather(bot.press(ADMIN, confirm), bot.press(ADMIN_2, confirm))

        assert await broadcasts(bot, meeting_id, BroadcastKind.CANCELLATION) == 1
        for cadre in cadres:
            notices = [text for text in bot.api.texts(cadre.id) if "DIBATALKAN" in text]
            assert len(notices) == day + 1
        answers = [a.params.get("text", "") for a in bot.api.answers()[answers_before:]]
        assert sum("sudah tidak bisa diubah" in text for text in answers) == 1, answers
    assert not any(APOLOGY in text for text in all_texts(bot))


@pytest.mark.parametrize("already", [0, 1])
async def test_two_saves_in_one_quarter_at_once_make_one_meeting(admins, already):
    """Both admins save a meeting for the same quarter at once: one is stored, one is asked."""
    bot = admins
    await add_active_cadres(bot, 2)
    await add_meetings(bot, [FIRST_DAY] * already)
    line = "/jadwal baru 29-08-2026 09.00 RT08 Rumah Data RT 08 | Materi tambahan"

    for number in range(ROUNDS):
        for admin in (ADMIN, ADMIN_2):
            await bot.send(admin, line)
            if number + already:  # the quarter has a meeting: confirm a second one
                assert "sudah ada pertemuan" in bot.last_text(admin)
                await bot.press(admin, keyboards.CB_SECOND_YES)
            assert bot.api.last_sent(admin.id).button_data[0] == keyboards.CB_SAVE
        asked_before = {a.id: len(bot.api.sent(a.id)) for a in (ADMIN, ADMIN_2)}

        await asyncio.gather(
            bot.press(ADMIN, keyboards.CB_SAVE), bot.press(ADMIN_2, keyboards.CB_SAVE)
        )

        async with bot.session() as session:
            stored = await session.scalar(select(func.count()).select_from(Meeting))
        assert stored == already + number + 1
        questions = {
            admin: [
                call
                for call in bot.api.sent(admin.id)[asked_before[admin.id] :]
                if "sudah ada pertemuan" in call.text
            ]
            for admin in (ADMIN, ADMIN_2)
        }
        [(asked, [question])] = [(a, q) for a, q in questions.items() if q]
        assert question.button_data == [keyboards.CB_SECOND_YES, keyboards.CB_SECOND_NO]
        await bot.send(asked, "/batal")
    assert not any(APOLOGY in text for text in all_texts(bot))


async def test_answers_pressed_while_the_date_changes_neither_deadlock_nor_fail(admins):
    """A date change deletes the meeting's answers while cadres answer it: nothing fails.

    An answer takes the meeting row (the group card's edit is owed) before its own row,
    the order in which the change takes them, so on PostgreSQL neither waits on the
    other in a circle. The interleaving that would deadlock with the opposite order
    depends on timing and is not forced here (it did not show in three runs with the
    order reversed); the test runs the two side by side and guards that none errs.
    """
    bot = admins
    cadres = await add_active_cadres(bot, 6)
    [meeting_id] = await add_meetings(bot, [FIRST_DAY])
    for cadre in cadres:
        await bot.send(cadre, "/jadwal")
    days = ["22-08-2026", "15-08-2026"]
    for round_ in range(4):
        for cadre in cadres:  # answers the change will delete
            await bot.press(cadre, f"rsvp:{meeting_id}:hadir")
        await bot.send(ADMIN, "/jadwal ubah")
        await bot.press(ADMIN, keyboards.CB_FIELD + "date")
        await bot.send(ADMIN, days[round_ % 2])
        assert "Jadwal setelah diubah" in bot.last_text(ADMIN)

        await asyncio.gather(
            bot.press(ADMIN, keyboards.CB_SAVE),
            *(bot.press(cadre, f"rsvp:{meeting_id}:izin") for cadre in cadres),
        )

        async with bot.session() as session:
            meeting = await session.get(Meeting, meeting_id)
            await session.refresh(meeting)
        assert meeting.local_start(bot.app.bot_data.settings.tz).day == (
            22 if round_ % 2 == 0 else 15
        )
    assert not any(APOLOGY in text for text in all_texts(bot))
