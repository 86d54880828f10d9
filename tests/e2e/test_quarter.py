"""A whole quarter through the real ``python -m bot`` process, over HTTP, with a crash.

The bot runs as an operator runs it (``python -m bot``, settings in environment
variables) against ``FakeTelegramServer`` on 127.0.0.1. One scenario, in the order
a kampung lives it:

1. the secretary (admin) and 30 cadres register and are approved, side by side;
2. the meeting is planned with the one-line ``/jadwal baru`` a couple of minutes
   ahead and announced to the group and all 31 members;
3. cadres answer Hadir / Izin / Tidak hadir on the announcement;
4. three reminders fire at their offsets (seconds), each to everyone but those who
   declined;
5. during the first reminder's broadcast the process is killed (SIGKILL) while
   cadres are still answering, and started again on the same database: the
   instance lock is taken over, the reminder is finished, every recipient has it
   exactly once but the single one in flight, and no answer is lost;
6. the second reminder meets Telegram's faults (429 with ``retry_after``, 500s, a
   slow answer, a timeout, two cadres who blocked the bot): it still reaches
   everyone else once and the secretary's summary names the two;
7. attendance: ``/hadir`` asks everyone, cadres press Hadir, the secretary ticks
   one on the roll, adds guests with a multi-line ``/tamu``, closes the roll and
   gets ``/hadir rekap``: the recap, the portal paragraph, the .xlsx and the .csv.

Every wait is for a condition, bounded; the only long waits are for the
reminders' due times, a couple of minutes ahead. Runs on SQLite, or on
PostgreSQL with TEST_DATABASE_URL (see ``fresh_database_url``).
"""

from __future__ import annotations

import asyncio
import csv
import io
import json
import time
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from delivery.worker import MAX_IN_FLIGHT
from tests.e2e.fake_server import FakeTelegramServer, Request, user
from tests.e2e.test_process import (
    ADMIN,
    REPO_ROOT,
    TOKEN,
    WAIT,
    BotProcess,
    Driver,
    bot_env,
    fresh_database_url,
)
from ui import keyboards, texts
from ui.export import ATTENDEE_HEADER

pytestmark = [pytest.mark.e2e, pytest.mark.long]

TIMEZONE = "Asia/Jakarta"
TZ = ZoneInfo(TIMEZONE)
GROUP: dict[str, Any] = {
    "id": -1001234567890,
    "type": "supergroup",
    "title": "Kader Kampung KB Uji Ujung",
}
RT_LIST = "01,02,03,04,05,06,07,08,09,10"
# Seconds before the start: R1 (the process is killed during it), R2 (Telegram's
# faults), R3. Far enough apart that one reminder is done before the next is due.
OFFSETS = (100, 60, 25)
# At least this long between saving the meeting and R1: the answers go in between.
MARGIN = 20
# The slowest step of registration: the secretary's chat takes one message a
# second (Telegram's limit), and all 30 approval requests go there.
REGISTRATION_WAIT = 120.0
# How slow Telegram answers during the broadcast that is killed, and when to kill.
KILL_SLOWNESS = 0.5
KILL_AFTER = 5
# Longer than python-telegram-bot's read timeout (5 s): the bot sees a timeout.
TIMEOUT_DELAY = 6.0
FLOOD_RETRY_AFTER = 2

ADMIN_NAME = "Rina Sekretaris"
NAMES = (
    "Siti Aminah",
    "Dewi Kartika",
    "Sri Wahyuni",
    "Nur Hidayah",
    "Endang Susilowati",
    "Yuliani",
    "Ratna Sari",
    "Wati Suryani",
    "Lilis Suryati",
    "Neneng Hasanah",
    "Eka Pratiwi",
    "Fitri Handayani",
    "Ani Rahmawati",
    "Tuti Alawiyah",
    "Rini Astuti",
    "Dian Puspita",
    "Maya Anggraini",
    "Indah Permata",
    "Yanti Kurniasih",
    "Ayu Lestari",
    "Rosmawati",
    "Nining Kartini",
    "Heni Marlina",
    "Ika Setiawati",
    "Lina Herlina",
    "Desi Ratnasari",
    "Umi Kalsum",
    "Asih Wulandari",
    "Mega Utami",
    "Nurul Aini",
)
POKTANS = ("BKB", "BKR", "BKL", "UPPKS", "PIK-R", "Lainnya")


@dataclass(frozen=True)
class Cadre:
    number: int
    person: dict[str, Any]
    name: str
    rt: str
    poktan: str

    @property
    def id(self) -> int:
        return int(self.person["id"])


CADRES = [
    Cadre(n, user(7000 + n, name.split()[0]), name, f"{(n - 1) % 10 + 1:02d}", POKTANS[(n - 1) % 6])
    for n, name in enumerate(NAMES, start=1)
]


def cadre(number: int) -> Cadre:
    return CADRES[number - 1]


# --- the cast's answers ----------------------------------------------------------------

# Answers on the announcement (last one counts: cadre 20 first says Hadir).
FIRST_ANSWERS = {
    **dict.fromkeys(range(1, 16), "hadir"),
    **dict.fromkeys(range(16, 20), "izin"),
    **dict.fromkeys(range(20, 25), "tidak"),
}  # 25..30 do not answer
CHANGES_BEFORE_KILL = {21: "hadir", 16: "hadir", 25: "izin"}
FINAL_ANSWERS = {**FIRST_ANSWERS, **CHANGES_BEFORE_KILL}
BLOCKED = (14, 27)  # blocked the bot before R2 (403 for everything)
FLOODED, SERVER_ERRORS, TIMED_OUT, SLOW = 3, 5, 7, (9, 11)
CHECK_IN = (*range(1, 14), 15, 16, 21, 26)  # press Hadir on the attendance prompt
SAY_ABSENT = 17  # presses Tidak
TICKED_BY_ADMIN = 29  # no phone at hand: the secretary ticks her on the roll
TOO_LATE = 30  # presses Hadir after the roll was closed
GUEST_LINES = (
    "Drs. Hasan - Sekretaris Lurah",
    "Pak Rahmat - Ketua RT 07",
    "3. Ustaz Fauzi | Tokoh Agama",
    "Bu Yati tanpa jabatan",
)
PRESENT = {*CHECK_IN, TICKED_BY_ADMIN}


def reminder_chats(answers: dict[int, str], blocked: Iterable[int] = ()) -> set[int]:
    """Chats a reminder reaches: the group, the secretary, and every cadre who did not
    decline (nor block the bot)."""
    left_out = set(blocked)
    cadres = {c.id for c in CADRES if answers.get(c.number) != "tidak" and c.number not in left_out}
    return cadres | {ADMIN["id"], GROUP["id"]}


# --- reading what happened -------------------------------------------------------------------


def is_reminder(request: Request) -> bool:
    return request.method == "sendMessage" and "Pengingat pertemuan (" in request.text


def to_admin(request: Request) -> bool:
    return request.method == "sendMessage" and request.ok and request.chat_id == ADMIN["id"]


def is_reminder_report(request: Request) -> bool:
    return to_admin(request) and request.text.startswith("📣 Pengingat ")


def copies(requests: Iterable[Request], kind: Callable[[Request], bool]) -> Counter[int]:
    """Messages of one kind that reached each chat (answered 200 by Telegram)."""
    return Counter(int(r.chat_id) for r in requests if kind(r) and r.ok)


def message_buttons(message: dict[str, Any]) -> list[tuple[str, str]]:
    markup = message.get("reply_markup") or {}
    return [
        (str(button.get("text", "")), str(button.get("callback_data", "")))
        for row in markup.get("inline_keyboard", [])
        for button in row
    ]


async def rows(url: str, sql: str, **params: Any) -> list[Any]:
    """Rows straight from the bot's database."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as connection:
            return list((await connection.execute(text(sql), params)).all())
    finally:
        await engine.dispose()


async def stored_answers(url: str, meeting_id: int) -> dict[int, str]:
    found = await rows(
        url,
        "SELECT m.telegram_id, r.answer FROM rsvp r JOIN member m ON m.id = r.member_id"
        " WHERE r.meeting_id = :meeting",
        meeting=meeting_id,
    )
    return {int(telegram_id): answer for telegram_id, answer in found}


def answers_by_id(answers: dict[int, str]) -> dict[int, str]:
    return {cadre(number).id: answer for number, answer in answers.items()}


# --- the scenario's moving parts ---------------------------------------------------------------


class Quarter:
    """The fake Telegram, the bot process(es) on one database, and the people."""

    def __init__(
        self,
        server: FakeTelegramServer,
        env: dict[str, str],
        logs: Path,
        processes: list[BotProcess],
        database_url: str,
    ) -> None:
        self.server = server
        self.env = env
        self.logs = logs
        self.processes = processes
        self.database_url = database_url
        self.meeting_id = 0
        self.starts = datetime.now(TZ)
        self._bot: BotProcess | None = None
        self._people: Driver | None = None

    @property
    def bot(self) -> BotProcess:
        assert self._bot is not None
        return self._bot

    @property
    def people(self) -> Driver:
        assert self._people is not None
        return self._people

    async def start_bot(self) -> BotProcess:
        bot = BotProcess(self.env, REPO_ROOT, self.logs / f"bot-{len(self.processes) + 1}.log")
        self.processes.append(bot)
        await bot.start()
        self._bot, self._people = bot, Driver(self.server, bot)
        return bot

    async def wait(
        self,
        predicate: Callable[[Request], bool],
        *,
        what: str,
        since: int = 0,
        timeout: float = WAIT,  # noqa: ASYNC109
        answered: bool = True,
    ) -> Request:
        return await self.bot.expect(
            self.server.wait_for(
                predicate, since=since, timeout=timeout, answered=answered, what=what
            )
        )

    async def message(
        self,
        chat_id: int,
        *,
        since: int,
        containing: str | None = None,
        timeout: float = WAIT,  # noqa: ASYNC109
    ) -> Request:
        return await self.bot.expect(
            self.server.wait_for_message(
                chat_id, since=since, containing=containing, timeout=timeout
            )
        )

    async def press(self, person: dict[str, Any], data: str) -> tuple[Request, int]:
        """``person`` presses ``data`` on the latest message showing it; the bot's answer
        to the press (``answerCallbackQuery``) and the update's id."""
        shown = self.server.message_with_button(person["id"], data)
        assert shown is not None, f"no message to {person['id']} shows a button {data!r}"
        since = self.server.mark()
        update = await self.server.push_press(person, data, shown)
        query_id = update["callback_query"]["id"]
        answer = await self.wait(
            lambda r: (
                r.method == "answerCallbackQuery" and r.params.get("callback_query_id") == query_id
            ),
            since=since,
            what=f"answering {person['id']}'s press on {data}",
        )
        assert answer.ok, answer.summary()
        return answer, int(update["update_id"])

    async def answer_rsvp(self, number: int, answer: str) -> int:
        reply, update_id = await self.press(
            cadre(number).person, f"{keyboards.CB_RSVP}{self.meeting_id}:{answer}"
        )
        label = texts.RSVP_LABELS[answer]
        assert reply.params.get("text") == texts.RSVP_THANKS.format(answer=label), reply.summary()
        return update_id

    def due(self, offset: int) -> datetime:
        return self.starts - timedelta(seconds=offset)

    def until(self, moment: datetime) -> float:
        """Seconds from now until ``moment``, plus the usual wait, as a bound."""
        return max((moment - datetime.now(UTC)).total_seconds(), 0.0) + WAIT

    def assert_on_time(self, first: Request, offset: int) -> None:
        """The reminder's first message went out at its due time (not before, soon after)."""
        due_in = (self.due(offset) - datetime.now(UTC)).total_seconds()
        due_at = time.monotonic() + due_in  # the due time on the server's clock
        assert due_at - 1.0 <= first.at <= due_at + 5.0, (
            f"reminder {offset}s before the start went out {first.at - due_at:+.1f}s "
            "from its due time"
        )

    async def reminder(self, offset: int, since: int) -> tuple[Request, Request]:
        """Wait for a reminder to start going out, then for the secretary's summary of it."""
        first = await self.wait(
            is_reminder,
            since=since,
            answered=False,
            timeout=self.until(self.due(offset)),
            what=f"sending the reminder {offset}s before the start",
        )
        self.assert_on_time(first, offset)
        report = await self.wait(
            is_reminder_report,
            since=first.index,
            timeout=60.0,
            what=f"summing up the reminder {offset}s before the start",
        )
        return first, report


# --- fixtures ----------------------------------------------------------------------------------


@pytest.fixture
async def server() -> AsyncIterator[FakeTelegramServer]:
    async with FakeTelegramServer(TOKEN) as fake:
        fake.add_chat(GROUP)  # the bot is a member of the kampung's group
        yield fake


@pytest.fixture
async def processes(server: FakeTelegramServer) -> AsyncIterator[list[BotProcess]]:
    """Every bot process a test starts; each is stopped (SIGTERM, then SIGKILL) at the end."""
    started: list[BotProcess] = []
    try:
        yield started
    finally:
        for number, bot in enumerate(started, start=1):
            if bot.process is None:
                continue
            status = await bot.stop()
            print(f"--- bot process {number} (exit status {status}) ---\n{bot.log()}")


@pytest.fixture
async def quarter(
    server: FakeTelegramServer, processes: list[BotProcess], tmp_path: Path
) -> Quarter:
    database_url = await fresh_database_url(tmp_path)
    env = bot_env(
        server,
        database_url,
        RT_LIST=RT_LIST,
        TIMEZONE=TIMEZONE,
        GROUP_CHAT_ID=str(GROUP["id"]),
        REMINDER_OFFSETS=",".join(f"{offset}s" for offset in OFFSETS),
        CHECKIN_OPENS_BEFORE="10m",
        CHECKIN_CLOSES_AFTER="4h",
        QUARTER_NUDGE_DAYS="0",  # no nudge: it would depend on today's date
    )
    return Quarter(server, env, tmp_path, processes, database_url)


# --- the phases ----------------------------------------------------------------------------------


async def register_everyone(q: Quarter) -> None:
    """The secretary registers first (an admin at once), then 30 cadres at the same
    time, each approved by the secretary as soon as the request reaches her."""
    await q.wait(
        lambda r: r.method == "getUpdates" and int(r.params.get("timeout", 0)) > 0,
        answered=False,
        what="long polling",
    )
    await q.people.register(ADMIN, ADMIN_NAME, "01", "Pokja", done=texts.REGISTERED_ADMIN)
    await asyncio.gather(*(register_and_approve(q, c) for c in CADRES))

    members = await rows(
        q.database_url, "SELECT telegram_id, full_name, rt, poktan, role, status FROM member"
    )
    assert sorted(members) == sorted(
        [(ADMIN["id"], ADMIN_NAME, "01", "Pokja", "admin", "active")]
        + [(c.id, c.name, c.rt, c.poktan, "cadre", "active") for c in CADRES]
    )


async def register_and_approve(q: Quarter, who: Cadre) -> None:
    await q.people.register(
        who.person,
        who.name,
        who.rt,
        who.poktan,
        done=texts.REGISTERED_PENDING,
        done_timeout=REGISTRATION_WAIT,
    )
    request = await q.wait(
        lambda r: (
            to_admin(r)
            and who.name in r.text
            and any(d.startswith(keyboards.CB_APPROVE) for d in r.button_data)
        ),
        what=f"asking the secretary to approve {who.name}",
        # The request is queued in the outbox: 30 of them reach her chat at 1/s.
        timeout=REGISTRATION_WAIT,
    )
    approve = next(d for d in request.button_data if d.startswith(keyboards.CB_APPROVE))
    since = q.server.mark()
    await q.press(ADMIN, approve)
    welcome = await q.message(who.id, since=since, containing="disetujui")
    assert "/profil" in welcome.text
    decided = q.server.message(ADMIN["id"], request.result["message_id"])
    assert decided is not None and f"Disetujui oleh {ADMIN_NAME}" in decided["text"]


async def plan_and_announce(q: Quarter) -> None:
    """``/jadwal baru`` in one line, the next whole minute that leaves room for R1."""
    earliest = datetime.now(TZ) + timedelta(seconds=OFFSETS[0] + MARGIN)
    q.starts = earliest.replace(second=0, microsecond=0) + timedelta(minutes=1)
    line = (
        f"/jadwal baru {q.starts:%d-%m-%Y} {q.starts:%H.%M} "
        "RT07 Rumah Data RT 07 | Pembinaan Poktan"
    )
    summary = await q.people.say(ADMIN, line, button=keyboards.CB_SAVE)
    assert f"{q.starts:%H.%M}" in summary.text and "Rumah Data RT 07" in summary.text

    since = q.server.mark()
    await q.press(ADMIN, keyboards.CB_SAVE)
    report = await q.message(ADMIN["id"], since=since, containing="Pengumuman terkirim")
    assert "terkirim ke <b>31</b> kader" in report.text, report.text
    assert "Grup: terkirim ✅" in report.text and "Memblokir" not in report.text

    announcements = [
        r for r in q.server.requests[since : report.index] if r.method == "sendMessage" and r.ok
    ]
    announcements = [
        r for r in announcements if any(d.startswith(keyboards.CB_RSVP) for d in r.button_data)
    ]
    assert announcements, q.server.describe(last=40)
    q.meeting_id = int(announcements[0].button_data[0].split(":")[1])
    everyone = {ADMIN["id"], GROUP["id"]} | {c.id for c in CADRES}
    assert copies(announcements, lambda r: True) == Counter(dict.fromkeys(everyone, 1))
    assert all("Pembinaan Poktan" in r.text for r in announcements)


async def answer_announcement(q: Quarter) -> None:
    """Cadres answer side by side; cadre 20 changes her mind (the last answer counts)."""

    async def answer(number: int, choice: str) -> None:
        if number == 20:
            await q.answer_rsvp(number, "hadir")
        await q.answer_rsvp(number, choice)

    await asyncio.gather(*(answer(n, choice) for n, choice in FIRST_ANSWERS.items()))
    assert await stored_answers(q.database_url, q.meeting_id) == answers_by_id(FIRST_ANSWERS)


async def kill_during_first_reminder(q: Quarter) -> None:
    """R1 goes out slowly; cadres answer meanwhile; SIGKILL after KILL_AFTER sends; restart."""
    offset = OFFSETS[0]
    slowness = q.server.slow(KILL_SLOWNESS, method="sendMessage")
    since = q.server.mark()
    first = await q.wait(
        is_reminder,
        since=since,
        answered=False,
        timeout=q.until(q.due(offset)),
        what="sending the first reminder",
    )
    q.assert_on_time(first, offset)
    tally = "Konfirmasi: ✅ Hadir 15 · 🙏 Izin 4 · ❌ Tidak 5 · ⏳ Belum menjawab 7"
    assert tally in first.text, first.text

    # Answers given while the reminder is going out are stored before the kill.
    update_ids = await asyncio.gather(
        *(q.answer_rsvp(n, choice) for n, choice in CHANGES_BEFORE_KILL.items())
    )
    # ... and confirmed to Telegram (the next getUpdates carries a higher offset), so
    # the restarted bot does not receive them again.
    await q.wait(
        lambda r: r.method == "getUpdates" and int(r.params.get("offset") or 0) > max(update_ids),
        since=since,
        answered=False,
        what="confirming the answers",
    )
    # Kill right after a send went out, so that it is in flight (Telegram is slow).
    received = sum(1 for r in q.server.requests[since:] if is_reminder(r))
    await q.bot.expect(
        q.server.wait_for_count(
            is_reminder,
            max(KILL_AFTER, received + 1),
            since=since,
            answered=False,
            what="sending the reminder",
        )
    )
    assert await q.bot.kill() == -9
    sent_before_kill = [r for r in q.server.requests[since:] if is_reminder(r)]
    in_flight = [r for r in sent_before_kill if not r.answered]
    killed_at = q.server.mark()
    slowness.times = 0  # Telegram answers at full speed again
    # What the dead process had claimed without recording an answer: only these may
    # go twice (an answer can reach the process and die with it before it is stored).
    unrecorded = {
        int(chat)
        for (chat,) in await rows(
            q.database_url, "SELECT chat_id FROM delivery WHERE status = 'sending'"
        )
    }
    assert {int(r.chat_id) for r in in_flight} <= unrecorded, (in_flight, unrecorded)
    assert len(unrecorded) <= MAX_IN_FLIGHT, unrecorded

    expected = reminder_chats(FIRST_ANSWERS)
    assert KILL_AFTER <= len(sent_before_kill) < len(expected), "not killed mid-broadcast"
    assert not any(is_reminder_report(r) for r in q.server.requests[since:])
    # Several sends are in flight at once: at most MAX_IN_FLIGHT were unanswered.
    assert len(in_flight) <= MAX_IN_FLIGHT, [r.summary() for r in in_flight]

    # The same command again, on the same database: the dead holder's lock is taken
    # over at once (same host, no such pid), and the reminder is finished.
    second = await q.start_bot()
    report = await q.wait(
        lambda r: is_reminder_report(r) and texts.RESUMED_NOTE in r.text,
        since=killed_at,
        timeout=60.0,
        what="finishing the interrupted reminder",
    )
    assert "Took over the instance lock" in second.log(), second.log()
    # The resumed copies are the message as it was written to the outbox (the card
    # with its tally of then; its last line is the recipient's answer or the question).
    resumed = [r for r in q.server.requests[killed_at : report.index] if is_reminder(r)]

    def card(text: str) -> str:
        return text.rsplit("\n", 1)[0]

    assert resumed and {card(r.text) for r in resumed} <= {card(r.text) for r in sent_before_kill}

    # Every recipient has the reminder exactly once, but those in flight at the kill,
    # who may have it twice; nobody lacks it; nobody who declined got it.
    got = copies(q.server.requests[since : report.index], is_reminder)
    assert set(got) == expected, sorted(set(got) ^ expected)
    doubled = {chat for chat, n in got.items() if n == 2}
    assert all(n in (1, 2) for n in got.values()), got
    assert doubled <= unrecorded, (doubled, unrecorded)
    assert "terkirim ke <b>26</b> kader" in report.text, report.text
    assert "Grup: terkirim ✅" in report.text

    # Nothing answered before the kill is lost.
    assert await stored_answers(q.database_url, q.meeting_id) == answers_by_id(FINAL_ANSWERS)
    deliveries = await rows(
        q.database_url,
        "SELECT d.chat_id, d.status, d.attempts FROM reminder r"
        " JOIN delivery d ON d.broadcast_id = r.broadcast_id"
        " WHERE r.meeting_id = :meeting AND r.offset_seconds = :offset",
        meeting=q.meeting_id,
        offset=offset,
    )
    assert {int(chat) for chat, _, _ in deliveries} == expected
    assert {status for _, status, _ in deliveries} == {"sent"}
    # Claimed twice: those on the wire at the kill, and those claimed but still
    # waiting for their turn (never sent before the kill).
    twice = {int(chat) for chat, _, attempts in deliveries if attempts == 2}
    assert twice <= unrecorded, deliveries
    assert all(attempts in (1, 2) for _, _, attempts in deliveries)


async def second_reminder_with_faults(q: Quarter) -> None:
    """Telegram misbehaves during R2; it still reaches everyone else exactly once (the
    timed-out send may arrive twice: the bot cannot know), and the blocked are named."""
    offset = OFFSETS[1]
    blocked = {cadre(n).id for n in BLOCKED}
    flooded, erring, timed_out = (cadre(n).id for n in (FLOODED, SERVER_ERRORS, TIMED_OUT))
    q.server.block(*blocked)
    flood = q.server.rate_limit(FLOOD_RETRY_AFTER, chat_id=flooded, times=1)
    errors = q.server.server_error(chat_id=erring, status=500, times=2)
    timeout = q.server.slow(TIMEOUT_DELAY, chat_id=timed_out, times=1)
    slow = q.server.slow(1.5, chat_id=[cadre(n).id for n in SLOW], times=len(SLOW))
    since = q.server.mark()
    _, report = await q.reminder(offset, since)
    window = q.server.requests[since : report.index]
    assert (flood.hits, errors.hits, timeout.hits, slow.hits) == (1, 2, 1, len(SLOW))

    planned = reminder_chats(FINAL_ANSWERS)
    expected = planned - blocked
    got = copies(window, is_reminder)
    assert set(got) == expected, sorted(set(got) ^ expected)
    assert all(n == 1 for chat, n in got.items() if chat != timed_out), got
    assert got[timed_out] in (1, 2)

    def tries(chat: int) -> list[Request]:
        return [r for r in window if is_reminder(r) and r.chat_id == chat]

    # Blocked: tried once each, never again. 429: sent again after retry_after.
    assert [[r.status for r in tries(chat)] for chat in sorted(blocked)] == [[403], [403]]
    refused, accepted = tries(flooded)
    assert (refused.status, accepted.status) == (429, 200)
    assert accepted.at - refused.at >= FLOOD_RETRY_AFTER - 0.05
    # 500: tried again after 1 s, then 2 s.
    statuses = [r.status for r in tries(erring)]
    assert statuses == [500, 500, 200], statuses
    first, second, third = tries(erring)
    assert second.at - first.at >= 0.95 and third.at - second.at >= 1.95
    # A timeout: tried again (the first may or may not have arrived).
    attempts = tries(timed_out)
    assert len(attempts) == 2 and attempts[1].at - attempts[0].at >= 5.0
    assert attempts[1].status == 200

    assert "terkirim ke <b>25</b> kader" in report.text, report.text
    assert "Memblokir bot (2)" in report.text, report.text
    for number in BLOCKED:
        assert f"• {cadre(number).name}" in report.text
    assert "Gagal" not in report.text
    members = await rows(q.database_url, "SELECT telegram_id, blocked_bot FROM member")
    assert {int(t) for t, flag in members if flag} == blocked


async def third_reminder(q: Quarter) -> None:
    """R3 from the restarted process: on time, once each; the blocked are skipped and named."""
    since = q.server.mark()
    _, report = await q.reminder(OFFSETS[2], since)
    window = q.server.requests[since : report.index]
    blocked = {cadre(n).id for n in BLOCKED}
    expected = reminder_chats(FINAL_ANSWERS, BLOCKED)
    assert copies(window, is_reminder) == Counter(dict.fromkeys(expected, 1))
    assert not any(is_reminder(r) and r.chat_id in blocked for r in window)
    assert "terkirim ke <b>25</b> kader" in report.text, report.text
    assert "Memblokir bot (2)" in report.text

    statuses = await rows(
        q.database_url,
        "SELECT offset_seconds, status FROM reminder WHERE meeting_id = :meeting",
        meeting=q.meeting_id,
    )
    assert sorted(statuses) == sorted((offset, "sent") for offset in OFFSETS)


async def take_attendance(q: Quarter) -> None:
    m = q.meeting_id
    blocked = {cadre(n).id for n in BLOCKED}
    close = f"{keyboards.CB_ATT_CLOSE}{m}"

    # /hadir: everyone is asked (but the blocked), the secretary gets the roll.
    since = q.server.mark()
    await q.server.push_message(ADMIN, "/hadir")
    roll = await q.bot.expect(
        q.server.wait_for_message(ADMIN["id"], since=since, button=close, timeout=WAIT)
    )
    summary = await q.message(
        ADMIN["id"], since=since, containing="Ajakan mengisi daftar hadir terkirim"
    )
    assert "terkirim ke <b>29</b> kader" in summary.text and "Memblokir bot (2)" in summary.text
    # The prompts go out from the outbox, around the roll; all before the summary.
    prompts = [r for r in q.server.requests[since : summary.index] if r.method == "sendMessage"]
    prompts = [r for r in prompts if f"{keyboards.CB_ATT_SELF}{m}:y" in r.button_data]
    everyone = {ADMIN["id"], GROUP["id"]} | {c.id for c in CADRES}
    assert copies(prompts, lambda r: True) == Counter(dict.fromkeys(everyone - blocked, 1))
    assert "Hadir: <b>0</b> dari 31 kader" in roll.text

    # Cadres press Hadir (one presses Tidak), side by side.
    async def check_in(number: int, present: bool) -> None:
        data = f"{keyboards.CB_ATT_SELF}{m}:{'y' if present else 'n'}"
        answer, _ = await q.press(cadre(number).person, data)
        expected = "✅ Kehadiran Anda tercatat" if present else "Baik, Anda tercatat tidak hadir"
        assert str(answer.params.get("text", "")).startswith(expected), answer.summary()

    await asyncio.gather(
        *(check_in(n, present=True) for n in CHECK_IN), check_in(SAY_ABSENT, present=False)
    )

    # The secretary ticks one cadre on the roll (turning pages to find her).
    await tick_on_roll(q, cadre(TICKED_BY_ADMIN), roll.result["message_id"])

    # Guests typed from the paper sheet, one per line; the bad line is pointed out.
    since = q.server.mark()
    await q.server.push_message(ADMIN, "/tamu " + "\n".join(GUEST_LINES))
    added = await q.message(ADMIN["id"], since=since, containing="tamu ditambahkan")
    assert "✅ 3 tamu ditambahkan. Jumlah tamu sekarang: 3." in added.text, added.text
    assert "Baris 4" in added.text and "1 baris tidak bisa dibaca" in added.text

    # Close the roll (asked once first); a press afterwards is refused and changes nothing.
    since = q.server.mark()
    await q.press(ADMIN, close)
    await q.message(ADMIN["id"], since=since, containing="Tutup absensi sekarang?")
    await q.press(ADMIN, f"{keyboards.CB_ATT_CLOSE_YES}{m}")
    closed = await q.message(ADMIN["id"], since=since, containing="Absensi ditutup")
    assert texts.attendance_closed_now(len(PRESENT), 3) in closed.text
    late, _ = await q.press(cadre(TOO_LATE).person, f"{keyboards.CB_ATT_SELF}{m}:y")
    assert late.params.get("text") == texts.ATTENDANCE_CLOSED

    present = await rows(
        q.database_url,
        "SELECT m.telegram_id, a.present, a.source FROM attendance a"
        " JOIN member m ON m.id = a.member_id WHERE a.meeting_id = :meeting",
        meeting=m,
    )
    assert {int(t) for t, flag, _ in present if flag} == {cadre(n).id for n in PRESENT}
    assert {(int(t), s) for t, flag, s in present if not flag} == {(cadre(SAY_ABSENT).id, "self")}
    assert (cadre(TICKED_BY_ADMIN).id, True, "admin") in {
        (int(t), bool(f), s) for t, f, s in present
    }

    await recap(q)


async def tick_on_roll(q: Quarter, who: Cadre, roll_id: int) -> None:
    m = q.meeting_id
    for page in range(5):
        shown = q.server.message(ADMIN["id"], roll_id)
        assert shown is not None
        buttons = message_buttons(shown)
        toggle = next(
            (
                data
                for label, data in buttons
                if data.startswith(f"{keyboards.CB_ATT_TOGGLE}{m}:") and who.name in label
            ),
            None,
        )
        since = q.server.mark()
        if toggle is not None:
            answer, _ = await q.press(ADMIN, toggle)
            assert answer.params.get("text") == texts.attendance_marked(who.name, True)
            await q.wait(
                lambda r: r.method == "editMessageText" and r.params.get("message_id") == roll_id,
                since=since,
                what="refreshing the roll",
            )
            shown = q.server.message(ADMIN["id"], roll_id)
            assert shown is not None and f"✅ {who.name}" in json.dumps(
                shown["reply_markup"], ensure_ascii=False
            )
            return
        await q.press(ADMIN, f"{keyboards.CB_ATT_PAGE}{m}:{page + 1}")
        await q.wait(
            lambda r: r.method == "editMessageText" and r.params.get("message_id") == roll_id,
            since=since,
            what="turning the roll's page",
        )
    raise AssertionError(f"{who.name} is on no page of the roll")


async def recap(q: Quarter) -> None:
    since = q.server.mark()
    await q.server.push_message(ADMIN, "/hadir rekap")
    text_ = await q.message(ADMIN["id"], since=since, containing="Rekap kehadiran")
    # The portal post replaced the portal paragraph; the three files are one album.
    paragraph = await q.message(ADMIN["id"], since=since, containing="Posting portal Kampung KB")
    [album] = await q.bot.expect(
        q.server.wait_for_count(
            lambda r: r.method.lower() == "sendmediagroup" and r.ok and r.chat_id == ADMIN["id"],
            1,
            since=since,
            what="sending the recap files",
        )
    )

    members, guests = len(PRESENT), 3
    assert (
        f"Hadir: <b>{members + guests}</b> orang ({members} kader, {guests} tamu) "
        "dari 31 kader terdaftar."
    ) in text_.text, text_.text
    lines = text_.text.splitlines()
    promised = next(line for line in lines if "Konfirmasi hadir tetapi tidak datang" in line)
    assert promised.startswith("• Konfirmasi hadir tetapi tidak datang: 1 — ")
    assert cadre(14).name in promised
    excused = next(line for line in lines if line.startswith("• Izin:"))
    assert excused.startswith("• Izin: 4 — ")
    assert all(cadre(n).name in excused for n in (17, 18, 19, 25))
    assert "• Sudah memberi tahu tidak hadir: 4" in lines
    assert "• Hadir tanpa konfirmasi hadir: 2" in lines
    assert "• Hadir sesuai konfirmasi: 16" in lines
    assert "• Sekretaris Lurah: 1" in lines
    assert f"dihadiri {members + guests} orang" in paragraph.text
    assert "Rumah Data RT 07" in paragraph.text and "Pembinaan Poktan" in paragraph.text

    day = q.starts.date().isoformat()
    media = album.params["media"]
    items = json.loads(media) if isinstance(media, str) else media
    assert [item["type"] for item in items] == ["document"] * 3
    xlsx, csv_file, sheet_pdf = (
        album.files[item["media"].removeprefix("attach://")] for item in items
    )
    assert xlsx.filename == f"rekap-kehadiran-{day}-RT07.xlsx"
    assert csv_file.filename == f"rekap-kehadiran-{day}-RT07.csv"
    assert sheet_pdf.filename == f"daftar-hadir-{day}-RT07.pdf"
    assert sheet_pdf.content.startswith(b"%PDF")
    captions = [item.get("caption") for item in items]
    assert captions == [texts.RECAP_FILES_CAPTION] * 2 + [texts.SHEET_FILLED_CAPTION]

    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["Kehadiran", "Rekap"]
    sheet = book["Kehadiran"]
    table = [tuple(cell if cell is not None else "" for cell in row) for row in sheet.values]
    top = next(i for i, row in enumerate(table) if row[0] == "No")  # under the meeting header
    assert table[top] == ATTENDEE_HEADER
    body = table[top + 1 :]
    assert len(body) == 31 + guests
    by_name = {row[1]: row for row in body}
    first = by_name[cadre(1).name]
    assert first[3:7] == ("BKB", "01", "Hadir", "Ya") and first[7].startswith(day)
    assert by_name[cadre(SAY_ABSENT).name][5:8] == ("Izin", "Tidak", "")
    assert by_name[cadre(TICKED_BY_ADMIN).name][5:7] == ("Belum menjawab", "Ya")
    assert by_name["Drs. Hasan"][1:] == (
        "Drs. Hasan",
        "Sekretaris Lurah",
        "Tamu",
        "",
        "",
        "Ya",
        "",
        "",
    )
    totals = {(row[0], row[1]): row[2] for row in book["Rekap"].values}
    assert totals[("Jumlah", "Hadir (kader + tamu)")] == members + guests
    assert totals[("Jumlah", "Kader hadir")] == members

    assert csv_file.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM, for Excel
    csv_rows = list(csv.reader(io.StringIO(csv_file.content.decode("utf-8-sig")), delimiter=";"))
    assert tuple(csv_rows[0]) == ATTENDEE_HEADER[:-1]
    assert [tuple(row) for row in csv_rows[1:]] == [
        tuple(str(cell) for cell in row[:-1]) for row in body
    ]

    stored = await rows(
        q.database_url,
        "SELECT name, role FROM guest WHERE meeting_id = :meeting ORDER BY id",
        meeting=q.meeting_id,
    )
    assert [tuple(row) for row in stored] == [
        ("Drs. Hasan", "Sekretaris Lurah"),
        ("Pak Rahmat", "Ketua RT 07"),
        ("Ustaz Fauzi", "Tokoh Agama"),
    ]


def unexpected_failures(server: FakeTelegramServer) -> list[str]:
    """Refusals Telegram gave that no fault injection and no restart explains."""
    blocked = {cadre(n).id for n in BLOCKED}
    explained = {(403, chat): "blocked" for chat in blocked} | {
        (429, cadre(FLOODED).id): "flood",
        (500, cadre(SERVER_ERRORS).id): "5xx",
    }
    unexplained = []
    for request in server.requests:
        if not request.answered or request.ok:
            continue
        chat = request.chat_id
        if (request.status, chat) in explained:
            continue
        if request.method == "getUpdates" and request.status == 409:
            continue  # the killed process's long poll, ended by its successor's
        if (
            request.method == "setMyCommands"
            and request.status == 400
            and request.params.get("scope", {}).get("chat_id") == ADMIN["id"]
        ):
            continue  # the admin's menu before the admin ever wrote to the bot
        unexplained.append(request.summary())
    return unexplained


# --- the test ------------------------------------------------------------------------------------


def check_the_cast() -> None:
    """Names are unique and none contains another (messages are matched by name)."""
    names = [ADMIN_NAME, *NAMES]
    assert len(set(names)) == len(names) == 31
    assert not [(a, b) for a in names for b in names if a != b and a in b]
    assert TICKED_BY_ADMIN not in CHECK_IN and TOO_LATE not in CHECK_IN
    assert not set(BLOCKED) & (PRESENT | {TOO_LATE, FLOODED, SERVER_ERRORS, TIMED_OUT, *SLOW})


# PTB itself warns, building RetryAfter, that retry_after will become a timedelta.
@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_a_quarter_with_a_crash_and_faults(quarter: Quarter):
    check_the_cast()
    q = quarter
    began = time.monotonic()
    first = await q.start_bot()
    for phase in (
        register_everyone,
        plan_and_announce,
        answer_announcement,
        kill_during_first_reminder,
        second_reminder_with_faults,
        third_reminder,
        take_attendance,
    ):
        await phase(q)
        print(f"{phase.__name__}: done {time.monotonic() - began:.1f} s after the start")

    assert unexpected_failures(q.server) == [], q.server.describe(last=40)
    assert await q.bot.stop() == 0
    assert q.server.pending_updates == []
    log = q.bot.log()
    assert "Traceback" not in log and " ERROR " not in log, log
    assert "Traceback" not in first.log(), first.log()
