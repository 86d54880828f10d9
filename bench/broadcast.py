"""An announcement to 1,000 recipients by the real ``python -m bot``, over HTTP, at real latencies.

What is judged is what a secretary lives: she saves a meeting and every cadre's phone
gets the announcement. So the benchmark drives the bot process exactly as an operator
runs it, and Telegram as a fake that behaves like the real one on the points that set
the pace of a broadcast.

**The bot.** A fresh SQLite file in a temporary folder is migrated by the bot's own
migrations (``runtime.db.upgrade_database``) and seeded straight with SQLAlchemy
(``models.kampung``, ``models.member``): one kampung with its group bound
(``GROUP_CHAT_ID``), the secretary (an admin, her id in ``ADMIN_IDS``) and
``recipients - 2`` active cadres with Telegram ids — with the group, ``recipients``
chats (1,000 by default). Then ``python -m bot`` starts from the repository root with
every setting in its environment (``TELEGRAM_API_BASE_URL`` pointing at the fake; the
application's own rate limiter on, as in production; ``REMINDER_OFFSETS=1s`` and
``QUARTER_NUDGE_DAYS=0`` so nothing else is sent). It is killed at the end of each run
(and dies with the benchmark if that is killed: ``PR_SET_PDEATHSIG`` on Linux).

**Telegram.** ``tests.e2e.fake_server.FakeTelegramServer`` on 127.0.0.1 with its two
opt-in behaviours: a round trip ``L`` added to every call (half before the server sees
the request, half before the answer leaves), and Telegram's limits enforced on arrival
(``Limits()``: at most 30 messages in any 1 s window over all chats, 1 per second to a
private chat, 20 per minute to a group; beyond them 429 "Too Many Requests: retry after
N" with ``parameters.retry_after``; a 429 is not a delivered message).

**The scenario.** Once the bot long-polls, the secretary types the one-line
``/jadwal baru <date> <time> RT07 <venue> | <topic>`` (a day 30 days ahead), gets the
summary with its buttons, reads it for 1.5 s and presses **Simpan**. From that press
(the moment the update is queued at the fake) the benchmark watches the fake's request
log until every recipient has the announcement (a message with the RSVP buttons) and
the secretary has the broadcast summary, or until ``timeout`` (120 s) after the press.

**The figures**, all from the fake's clock, i.e. when a request *reached* Telegram:

- ``msg/s``: chats that got the announcement / (arrival of the last − arrival of the
  first). When some never got it within the timeout, the rate is over those that did;
- ``ratio to 30``: that rate over Telegram's 30 messages/s;
- ``total s``: from the press to the last announcement delivered (only when all were);
- ``429s``: every 429 the fake answered during the run (start-up included), enforced or
  not; ``dups``: chats that got the announcement more than once; ``lost``: recipients
  that never got it within the timeout;
- ``reply s``: from the press to the first message to the secretary that is not the
  announcement (today "✅ Jadwal tersimpan" with the card);
- ``summary s``: from the press to the secretary's broadcast summary (a later message to
  her that says "terkirim ke …"; "-" if none came within the timeout).

The target, per latency: ≥ 28.5 messages/s with 0 × 429, 0 duplicates and 0 lost.

**The reference**, in the same run and at the same latency and limits (a fresh fake):
a plain python-telegram-bot ``ExtBot`` in this process sends the same message (the
bot's own announcement text and buttons, taken from the run) to the same chats, with
several sends in flight (one task per message, 64 connections) through a limiter:

- ``smooth`` (default): one send every 1/29 s, whatever is in flight, at most one per
  second to a chat, a 429 waited out and sent again;
- ``ptb``: python-telegram-bot's own ``AIORateLimiter`` (a leaky bucket of 30/s that
  may start with a burst), 429s waited out by it;
- ``app``: the application's own ``SendLimiter`` (``delivery/limiter.py``) without the
  rest of the bot: what the limiter alone allows with several sends in flight.

The smooth reference has no margin against a sliding window judged on arrival: a send
held back by more than ~35–70 ms (the machine's or the event loop's jitter; this
process runs the fake too) lets 31 arrive within one second, and that one gets a 429.
Its 429s are printed; the rate hardly suffers (only the refused message waits).

Under a sliding window of 30 per second, 1,000 messages need at least 33 s (30 at once,
then 30 a second): 30.3 messages/s is the ceiling of this formula; the smooth reference
aims at 29.

Run all latencies (0, 50, 150 ms) with ``python -m bench.run --only broadcast``
(``--quick``: 100 recipients; ``BENCH_BROADCAST_LATENCIES=0,150`` picks the latencies),
or one run with ``python -m bench.broadcast --latency 150 --recipients 1000``
(``--help`` for the rest, e.g. ``--set KEY=VALUE`` for a setting of the bot).
"""

from __future__ import annotations

import argparse
import asyncio
import ctypes
import logging
import os
import re
import signal
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Coroutine, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter, ExtBot
from telegram.request import HTTPXRequest

from bench.common import (
    ADMIN,
    CADRE_FIRST_ID,
    KAMPUNG_NAME,
    RT_LIST,
    TIMEZONE,
    Benchmark,
    Options,
    Section,
    Table,
    person_name,
)
from models.kampung import ensure_kampung
from models.member import Member, MemberRole, MemberStatus, Poktan
from runtime.config import Settings
from runtime.db import create_engine, create_sessionmaker, upgrade_database
from tests.e2e.fake_server import (
    FakeTelegramServer,
    Limits,
    Request,
    counts_as_message,
    private_chat,
    user,
)
from tests.e2e.test_process import REPO_ROOT, BotProcess
from ui import keyboards

TOKEN = "123456:BENCH-broadcast-token-not-real-abcdefgh"
GROUP: dict[str, Any] = {"id": -1009876543210, "type": "supergroup", "title": "Kader Kampung KB"}
LATENCIES_MS: tuple[float, ...] = (0.0, 50.0, 150.0)
RECIPIENTS = {False: 1_000, True: 100}  # full, --quick
TIMEOUT = 120.0  # seconds after the press before the missing recipients count as lost
TARGET = 28.5  # messages per second
CEILING = 30.0  # Telegram: messages per second, all chats together
START_WAIT = 60.0  # for the bot to long-poll, and to answer the one-line plan
READING = 1.5  # seconds the secretary reads the summary before she presses Simpan
SUMMARY_GRACE = 15.0  # how long after the last announcement a summary is waited for
SETTLE = 1.0  # seconds to keep watching after everything came, for late duplicates
POLL = 0.1
REFERENCE_RATE = 29.0
REFERENCE_CONNECTIONS = 64
SUMMARY_WORDS = re.compile(r"terkirim ke", re.IGNORECASE)
MEETING_IN = timedelta(days=30)

LOG = logging.getLogger(__name__)


def mark(met: bool) -> str:
    return "MET" if met else "MISSED"


def seconds_of(error: RetryAfter) -> float:
    """``retry_after`` in seconds (an int in PTB 22, a timedelta later)."""
    value: Any = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# --- the database --------------------------------------------------------------------------------


async def seed(url: str, recipients: int, now: datetime) -> list[int]:
    """Migrate the database and fill a kampung: group, secretary, ``recipients - 2`` cadres.

    Returns the cadres' Telegram ids.
    """
    if recipients < 3:
        raise ValueError("at least 3 recipients: the group, the secretary and one cadre")
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
        sessionmaker = create_sessionmaker(engine)
        cadre_ids = [CADRE_FIRST_ID + i for i in range(recipients - 2)]
        poktans = [p for p in Poktan if p is not Poktan.POKJA] or list(Poktan)
        common = {
            "status": MemberStatus.ACTIVE,
            "consent_at": now,
            "blocked_bot": False,
            "decided_at": now,
            "created_at": now,
            "updated_at": now,
        }
        async with sessionmaker() as session, session.begin():
            kampung = await ensure_kampung(
                session,
                name=KAMPUNG_NAME,
                timezone=TIMEZONE,
                rt_list=RT_LIST,
                group_chat_id=int(GROUP["id"]),
                now=now,
            )
            rows: list[dict[str, Any]] = [
                {
                    "kampung_id": kampung.id,
                    "telegram_id": ADMIN.id,
                    "full_name": "Rina Sekretaris",
                    "rt": RT_LIST[0],
                    "poktan": Poktan.POKJA,
                    "role": MemberRole.ADMIN,
                    **common,
                }
            ]
            rows += [
                {
                    "kampung_id": kampung.id,
                    "telegram_id": telegram_id,
                    "full_name": person_name(i),
                    "rt": RT_LIST[i % len(RT_LIST)],
                    "poktan": poktans[i % len(poktans)],
                    "role": MemberRole.CADRE,
                    **common,
                }
                for i, telegram_id in enumerate(cadre_ids)
            ]
            await session.execute(Member.__table__.insert(), rows)
        return cadre_ids
    finally:
        await engine.dispose()


# --- the bot process -----------------------------------------------------------------------------


def _parent_death_signal() -> Callable[[], None] | None:
    """A pre-exec hook that kills the child when this process dies (Linux only)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL("libc.so.6", use_errno=True).prctl
    except (OSError, AttributeError):
        return None

    def arm() -> None:
        prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG

    return arm


class BenchBotProcess(BotProcess):
    """``python -m bot`` as ``tests.e2e`` starts it, but it dies with the benchmark."""

    async def start(self) -> None:
        with self.log_path.open("wb") as log:
            self.process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                cwd=self.cwd,
                env=self.env,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                preexec_fn=_parent_death_signal(),
            )


def bot_environment(
    server: FakeTelegramServer, url: str, extra: dict[str, str]
) -> tuple[dict[str, str], list[str]]:
    """Nothing from our environment but what Python needs; every known setting given.

    Returns the environment and the settings it leaves to their defaults (or to a
    ``.env`` in the repository root).
    """
    env = {key: os.environ[key] for key in ("PATH", "HOME", "TMPDIR") if key in os.environ}
    env.update(
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
    )
    settings = {
        "BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": server.base_url,
        "DATABASE_URL": url,
        "ADMIN_IDS": str(ADMIN.id),
        "KAMPUNG_NAME": KAMPUNG_NAME,
        "RT_LIST": ",".join(RT_LIST),
        "TIMEZONE": TIMEZONE,
        "GROUP_CHAT_ID": str(GROUP["id"]),
        "REMINDER_OFFSETS": "1s",  # the meeting is 30 days ahead: nothing fires
        "CHECKIN_OPENS_BEFORE": "1h",
        "CHECKIN_CLOSES_AFTER": "4h",
        "QUARTER_NUDGE_DAYS": "0",
        "LOG_LEVEL": "INFO",
        **extra,
    }
    env.update(settings)
    unset = sorted(set(Settings.model_fields) - set(settings))
    return env, unset


# --- what the fake saw ---------------------------------------------------------------------------


def is_announcement(request: Request) -> bool:
    """A delivered message carrying the meeting's RSVP buttons."""
    return (
        request.ok
        and counts_as_message(request.method)
        and any(data.startswith(keyboards.CB_RSVP) for data in request.button_data)
    )


def _to_admin(request: Request) -> bool:
    return request.ok and counts_as_message(request.method) and request.chat_id == ADMIN.id


def _is_plan_summary(request: Request) -> bool:
    return _to_admin(request) and any(
        data == keyboards.CB_SAVE or "simpan" in label.lower() for label, data in request.buttons
    )


class Watch:
    """The announcement's deliveries and the secretary's messages, from the press on.

    Reads the fake's request log incrementally (``update``), so watching costs the
    event loop that also runs the fake next to nothing: a long scan would delay
    arrivals and make the fake's clock, not the bot, bunch them up.
    """

    def __init__(self, server: FakeTelegramServer, since: int, query_id: str) -> None:
        self.server = server
        self.query_id = query_id
        self.announced: Counter[int] = Counter()
        self.first_at: float | None = None
        self.last_at: float | None = None
        self.press_answered_at: float | None = None
        self.sample: Request | None = None  # one announcement, for the reference to send
        self.too_many = 0  # 429s answered from the press on
        self._to_admin: list[Request] = []
        self._cursor = since
        self._unanswered: list[Request] = []

    def update(self) -> None:
        fresh = self.server.requests[self._cursor :]
        self._cursor += len(fresh)
        waiting, self._unanswered = self._unanswered + fresh, []
        for request in waiting:
            if request.answered:
                self._take(request)
            else:
                self._unanswered.append(request)

    def _take(self, request: Request) -> None:
        if request.status == 429:
            self.too_many += 1
        elif (
            request.method == "answerCallbackQuery"
            and request.params.get("callback_query_id") == self.query_id
        ):
            self.press_answered_at = request.at
        elif is_announcement(request):
            self.announced[int(request.chat_id)] += 1  # type: ignore[arg-type]
            self.first_at = min(self.first_at or request.at, request.at)
            self.last_at = max(self.last_at or request.at, request.at)
            self.sample = self.sample or request
        elif _to_admin(request):
            self._to_admin.append(request)

    @property
    def reply(self) -> Request | None:
        """The first message to the secretary, after the press, that is not the announcement."""
        return min(self._to_admin, key=lambda r: r.index, default=None)

    @property
    def summary(self) -> Request | None:
        """A later message to the secretary that reports the broadcast."""
        reply = self.reply
        later = [
            r
            for r in self._to_admin
            if reply is not None and r.index > reply.index and SUMMARY_WORDS.search(r.text)
        ]
        return min(later, key=lambda r: r.index, default=None)

    def delivered(self, recipients: Iterable[int]) -> int:
        return sum(1 for chat in recipients if self.announced[chat] > 0)


@dataclass
class Outcome:
    """One run's figures, the bot's or the reference's."""

    who: str
    latency_ms: float
    recipients: int
    delivered: int
    duplicates: int
    too_many: int
    first_at: float | None
    last_at: float | None
    started_at: float  # the press (bot) or the first send (reference)
    reply_s: float | None = None
    summary_s: float | None = None
    press_answered_s: float | None = None
    too_many_after_press: int | None = None
    errors_in_log: int = 0
    note: str = ""

    @property
    def lost(self) -> int:
        return self.recipients - self.delivered

    @property
    def rate(self) -> float | None:
        if self.first_at is None or self.last_at is None or self.last_at <= self.first_at:
            return None
        return self.delivered / (self.last_at - self.first_at)

    @property
    def total_s(self) -> float | None:
        if self.lost or self.last_at is None:
            return None
        return self.last_at - self.started_at

    def criteria(self) -> dict[str, bool]:
        rate = self.rate or 0.0
        return {
            f"≥ {TARGET:g} msg/s": rate >= TARGET,
            "0 × 429": self.too_many == 0,
            "0 dups": self.duplicates == 0,
            "0 lost": self.lost == 0,
        }

    @property
    def met(self) -> bool:
        return all(self.criteria().values())

    def as_dict(self) -> dict[str, Any]:
        def r(value: float | None, digits: int = 2) -> float | None:
            return None if value is None else round(value, digits)

        return {
            "latency_ms": self.latency_ms,
            "recipients": self.recipients,
            "delivered": self.delivered,
            "messages_per_s": r(self.rate),
            "ratio_to_30": r(self.rate / CEILING if self.rate else None, 3),
            "total_s": r(self.total_s),
            "responses_429": self.too_many,
            "responses_429_after_press": self.too_many_after_press,
            "duplicates": self.duplicates,
            "lost": self.lost,
            "reply_to_admin_s": r(self.reply_s),
            "summary_s": r(self.summary_s),
            "press_answered_s": r(self.press_answered_s),
            "errors_in_log": self.errors_in_log,
            "target_met": self.met,
            "criteria": self.criteria(),
            "note": self.note,
        }


class BotExited(RuntimeError):
    pass


async def _until(
    bot: BotProcess,
    found: Callable[[], Any],
    what: str,
    timeout: float,  # noqa: ASYNC109
) -> Any:
    """Poll ``found`` until it gives something true; fail if the bot exits or time is up."""
    assert bot.process is not None
    deadline = time.monotonic() + timeout
    while not (value := found()):
        if bot.process.returncode is not None:
            raise BotExited(f"the bot exited ({bot.process.returncode}) while {what}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"the bot did not finish {what} within {timeout:g} s")
        await asyncio.sleep(POLL)
    return value


def _log_errors(log: str) -> int:
    return sum(1 for line in log.splitlines() if " ERROR " in line or "Traceback" in line)


def _tail(log: str, lines: int = 30) -> str:
    return "\n".join(log.splitlines()[-lines:])


async def _announce(
    server: FakeTelegramServer,
    bot: BotProcess,
    recipients: list[int],
    latency_ms: float,
    timeout: float,  # noqa: ASYNC109
) -> tuple[Outcome, Watch]:
    """The secretary plans and saves a meeting; watch the announcement go out."""
    admin = user(ADMIN.id, "Rina", ADMIN.username)
    await _until(
        bot,
        lambda: any(
            r.method == "getUpdates" and int(r.params.get("timeout", 0)) > 0
            for r in server.requests
        ),
        "starting (long polling)",
        START_WAIT,
    )
    starts = (datetime.now(UTC) + MEETING_IN).astimezone(ZoneInfo(TIMEZONE))
    line = (
        f"/jadwal baru {starts:%d-%m-%Y} 09.00 RT07 Rumah Data RT 07 | "
        "Pembinaan Poktan dan pencegahan stunting"
    )
    since = server.mark()
    await server.push_message(admin, line)
    plan: Request = await _until(
        bot,
        lambda: next((r for r in server.requests[since:] if _is_plan_summary(r)), None),
        "answering the one-line /jadwal baru with its summary",
        START_WAIT,
    )
    save = next(
        (d for label, d in plan.buttons if d == keyboards.CB_SAVE or "simpan" in label.lower()),
        keyboards.CB_SAVE,
    )
    await asyncio.sleep(READING)

    since = server.mark()
    pressed_at = server.clock()
    update = await server.push_press(admin, save, plan.result)
    watch = Watch(server, since, str(update["callback_query"]["id"]))
    deadline = pressed_at + timeout
    everyone_at: float | None = None
    assert bot.process is not None
    while True:
        await asyncio.sleep(POLL)
        now = server.clock()
        watch.update()
        if bot.process.returncode is not None or now >= deadline:
            break
        if (
            everyone_at is None
            and len(watch.announced) >= len(recipients)
            and watch.delivered(recipients) == len(recipients)
        ):
            everyone_at = now
        if everyone_at is not None and (
            (watch.summary is not None and now - everyone_at >= SETTLE)
            or now - everyone_at >= SUMMARY_GRACE
        ):
            break
    watch.update()
    reply, summary = watch.reply, watch.summary
    refused = server.too_many
    outcome = Outcome(
        who="bot",
        latency_ms=latency_ms,
        recipients=len(recipients),
        delivered=watch.delivered(recipients),
        duplicates=sum(1 for chat in recipients if watch.announced[chat] > 1),
        too_many=refused,
        first_at=watch.first_at,
        last_at=watch.last_at,
        started_at=pressed_at,
        reply_s=reply.at - pressed_at if reply else None,
        summary_s=summary.at - pressed_at if summary else None,
        too_many_after_press=watch.too_many,
        press_answered_s=(
            watch.press_answered_at - pressed_at if watch.press_answered_at else None
        ),
    )
    if bot.process.returncode is not None:
        outcome.note = f"the bot exited ({bot.process.returncode}) during the broadcast"
    return outcome, watch


async def measure_bot(
    latency_ms: float,
    recipients: int,
    *,
    timeout: float = TIMEOUT,  # noqa: ASYNC109
    extra_env: dict[str, str] | None = None,
) -> tuple[Outcome, Watch | None, list[str]]:
    """One run of the real bot process; returns its figures, what the fake saw, unset settings."""
    with tempfile.TemporaryDirectory(prefix="kampungkb-broadcast-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'runtime.db'}"
        cadre_ids = await seed(url, recipients, datetime.now(UTC))
        async with FakeTelegramServer(
            TOKEN, latency=latency_ms / 1000.0, limits=Limits()
        ) as server:
            server.add_chat(GROUP)
            server.add_chat(private_chat(user(ADMIN.id, "Rina", ADMIN.username)))
            for telegram_id in cadre_ids:
                server.add_chat(private_chat(user(telegram_id, f"K{telegram_id}")))
            env, unset = bot_environment(server, url, extra_env or {})
            bot = BenchBotProcess(env, REPO_ROOT, Path(folder) / "bot.log")
            chats = [int(GROUP["id"]), ADMIN.id, *cadre_ids]
            watch: Watch | None = None
            await bot.start()
            try:
                outcome, watch = await _announce(server, bot, chats, latency_ms, timeout)
            except (BotExited, TimeoutError) as error:
                LOG.error("%s; the bot's log ends:\n%s", error, _tail(bot.log()))
                outcome = Outcome(
                    "bot", latency_ms, len(chats), 0, 0, server.too_many, None, None, 0.0
                )
                outcome.note = str(error)
            finally:
                status = await bot.kill()
            log = bot.log()
        outcome.errors_in_log = _log_errors(log)
        if status not in (0, -signal.SIGKILL) and not outcome.note:
            outcome.note = f"exit status {status}"
        return outcome, watch, unset


# --- the reference: plain python-telegram-bot with several sends in flight -----------------------


class SmoothLimiter(BaseRateLimiter[None]):
    """One message every ``1 / rate`` seconds, however many are in flight.

    Each message takes the next free slot when it asks (no lock held while it is
    sent), so at ``rate`` 29 no 1 s window holds more than 30 arrivals unless the
    network reorders them by more than 34 ms. At most one message per
    ``chat_interval`` to a chat; a 429 is waited out and sent again.
    """

    def __init__(self, rate: float = REFERENCE_RATE, chat_interval: float = 1.0) -> None:
        self.interval = 1.0 / rate
        self.chat_interval = chat_interval
        self.max_retries = 5
        self._next = 0.0
        self._next_to_chat: dict[Any, float] = {}

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    async def _turn(self, chat_id: Any) -> None:
        loop = asyncio.get_running_loop()
        if chat_id is not None:
            ready = self._next_to_chat.get(chat_id, 0.0)
            if ready > loop.time():
                await asyncio.sleep(ready - loop.time())
        now = loop.time()
        slot = max(now, self._next)
        self._next = slot + self.interval
        if chat_id is not None:
            self._next_to_chat[chat_id] = slot + self.chat_interval
        if slot > now:
            await asyncio.sleep(slot - now)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[Any] | None]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> bool | dict[str, Any] | list[Any] | None:
        if not counts_as_message(endpoint):
            return await callback(*args, **kwargs)
        chat_id = data.get("chat_id")
        for attempt in range(self.max_retries + 1):
            await self._turn(chat_id)
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                if attempt == self.max_retries:
                    raise
                await asyncio.sleep(seconds_of(error))
        raise AssertionError("unreachable")


REFERENCES = {
    "smooth": "one send every 1/29 s, several in flight",
    "ptb": "python-telegram-bot's AIORateLimiter, several in flight",
    "app": "the application's own SendLimiter (delivery/limiter.py), several in flight",
}


def reference_limiter(kind: str) -> BaseRateLimiter[Any]:
    if kind == "smooth":
        return SmoothLimiter()
    if kind == "ptb":
        return AIORateLimiter(max_retries=5)
    if kind == "app":
        # Imported here: the delivery rewrite may move the limiter, and only this
        # diagnostic variant needs it.
        from delivery.limiter import SendLimiter

        return SendLimiter()
    raise ValueError(f"unknown reference limiter {kind!r}")


def _fallback_message() -> tuple[str, InlineKeyboardMarkup, str | None]:
    buttons = [
        InlineKeyboardButton(label, callback_data=f"{keyboards.CB_RSVP}1:{answer}")
        for label, answer in (("Hadir", "hadir"), ("Izin", "izin"), ("Tidak hadir", "tidak"))
    ]
    return "Pengumuman pertemuan Kampung KB (teks pengganti)", InlineKeyboardMarkup([buttons]), None


async def measure_reference(
    latency_ms: float,
    chats: Sequence[int],
    sample: Request | None,
    *,
    kind: str = "smooth",
    timeout: float = TIMEOUT,  # noqa: ASYNC109
) -> Outcome:
    """The same message to the same chats from a plain PTB ``ExtBot``, several in flight."""
    limiter = reference_limiter(kind)
    async with FakeTelegramServer(TOKEN, latency=latency_ms / 1000.0, limits=Limits()) as server:
        for chat in chats:
            server.add_chat(GROUP if chat == GROUP["id"] else private_chat(user(chat, "K")))
        request = HTTPXRequest(
            connection_pool_size=REFERENCE_CONNECTIONS, pool_timeout=timeout, read_timeout=30.0
        )
        bot: ExtBot[Any] = ExtBot(
            TOKEN, base_url=f"{server.base_url}/bot", request=request, rate_limiter=limiter
        )
        async with bot:
            if sample is not None:
                text = sample.text
                markup = InlineKeyboardMarkup.de_json(sample.params.get("reply_markup"), bot)
                parse_mode = sample.params.get("parse_mode")
            else:
                text, markup, parse_mode = _fallback_message()
            since = server.mark()
            started = server.clock()
            sends = [
                asyncio.ensure_future(
                    bot.send_message(chat, text, parse_mode=parse_mode, reply_markup=markup)
                )
                for chat in chats
            ]
            done, pending = await asyncio.wait(sends, timeout=timeout)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            failures = [
                t.exception() for t in done if not t.cancelled() and t.exception() is not None
            ]
        announced: Counter[int] = Counter()
        first = last = None
        for r in server.requests[since:]:
            if r.ok and counts_as_message(r.method):
                announced[int(r.chat_id)] += 1  # type: ignore[arg-type]
                first = r.at if first is None else min(first, r.at)
                last = r.at if last is None else max(last, r.at)
        outcome = Outcome(
            who=f"reference ({kind})",
            latency_ms=latency_ms,
            recipients=len(chats),
            delivered=sum(1 for chat in chats if announced[chat] > 0),
            duplicates=sum(1 for chat in chats if announced[chat] > 1),
            too_many=server.too_many,
            first_at=first,
            last_at=last,
            started_at=started,
        )
    if failures:
        kinds = Counter(type(f).__name__ for f in failures)
        outcome.note = "failed sends: " + ", ".join(f"{n} × {k}" for k, n in kinds.items())
    if pending:
        outcome.note += (
            f"{'; ' if outcome.note else ''}{len(pending)} not sent within {timeout:g} s"
        )
    return outcome


# --- the benchmark -------------------------------------------------------------------------------


@dataclass
class Config:
    latencies_ms: tuple[float, ...] = LATENCIES_MS
    recipients: int = RECIPIENTS[False]
    timeout: float = TIMEOUT
    reference: str | None = "smooth"  # "smooth", "ptb" or None
    extra_env: dict[str, str] = field(default_factory=dict)


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


async def measure(config: Config) -> Section:
    n = config.recipients
    section = Section(
        "broadcast",
        f"Announcement to {n:,} recipients by python -m bot over HTTP, "
        f"Telegram's limits enforced, round trip {', '.join(f'{x:g}' for x in config.latencies_ms)}"
        " ms",
    )
    load_before = os.getloadavg()[0]
    rows: list[tuple[Outcome, Outcome | None]] = []
    unset: list[str] = []
    for latency in config.latencies_ms:
        began = time.perf_counter()
        bot, watch, unset = await measure_bot(
            latency, n, timeout=config.timeout, extra_env=config.extra_env
        )
        LOG.info("bot at %g ms: %.1f s", latency, time.perf_counter() - began)
        reference = None
        if config.reference:
            chats = [int(GROUP["id"]), ADMIN.id, *(CADRE_FIRST_ID + i for i in range(n - 2))]
            reference = await measure_reference(
                latency,
                chats,
                watch.sample if watch else None,
                kind=config.reference,
                timeout=config.timeout,
            )
        rows.append((bot, reference))
    load_after = os.getloadavg()[0]

    table = Table(
        f"python -m bot, one announcement to {n:,} chats; seconds from the Simpan press",
        [
            "latency ms",
            "bot msg/s",
            "ratio to 30",
            "reference msg/s",
            "bot/reference",
            "429s",
            "dups",
            "lost",
            "total s",
            "reply to admin s",
            "summary s",
        ],
    )
    for bot, reference in rows:
        ref_rate = reference.rate if reference else None
        table.add(
            f"{bot.latency_ms:g}",
            _num(bot.rate),
            _num(bot.rate / CEILING if bot.rate else None, 3),
            _num(ref_rate),
            _num(bot.rate / ref_rate if bot.rate and ref_rate else None, 3),
            bot.too_many,
            bot.duplicates,
            bot.lost,
            _num(bot.total_s, 1),
            _num(bot.reply_s),
            _num(bot.summary_s, 1),
        )
    section.tables.append(table)

    verdicts = Table(
        f"Target per latency: ≥ {TARGET:g} messages/s with 0 × 429, 0 duplicates, 0 lost",
        ["latency ms", *rows[0][0].criteria().keys(), "all"] if rows else ["latency ms"],
    )
    for bot, _ in rows:
        verdicts.add(
            f"{bot.latency_ms:g}", *(mark(v) for v in bot.criteria().values()), mark(bot.met)
        )
    section.tables.append(verdicts)

    if config.reference:
        ref_table = Table(
            f"Reference: plain python-telegram-bot ExtBot in this process, "
            f"{REFERENCES[config.reference]}, same fake",
            ["latency ms", "msg/s", "ratio to 30", "429s", "dups", "lost", "total s", "note"],
        )
        for _, reference in rows:
            if reference is None:
                continue
            ref_table.add(
                f"{reference.latency_ms:g}",
                _num(reference.rate),
                _num(reference.rate / CEILING if reference.rate else None, 3),
                reference.too_many,
                reference.duplicates,
                reference.lost,
                _num(reference.total_s, 1),
                reference.note or "-",
            )
        section.tables.append(ref_table)

    ideal = max((n - 1) // 30, 1)
    section.notes += [
        f"Recipients: the group, the secretary and {n - 2:,} active cadres (seeded in SQLite "
        "through the bot's migrations); the secretary sends '/jadwal baru <date> 09.00 RT07 … | …' "
        f"and presses Simpan {READING:g} s after the summary arrives.",
        "The fake (tests/e2e/fake_server.py) adds the round trip to every call (half before "
        "arrival, half before the answer) and enforces 30 messages in any 1 s window, 1/s per "
        "private chat, 20/min per group on arrival; 429 with retry_after beyond.",
        "msg/s = chats that got the announcement / (arrival of the last − arrival of the first); "
        f"with some lost, over those delivered. At best {n:,} messages need {ideal} s under a "
        f"sliding 30/s window: {n / ideal:.1f} msg/s.",
        "429s: every 429 the fake answered during the run, start-up included. reply to admin: "
        "the first message to the secretary after the press that is not the announcement; "
        "summary: a later one saying 'terkirim' or 'ringkasan' ('-': none within "
        f"{config.timeout:g} s of the press, when the run stops and the rest count as lost).",
        f"Load average (1 min) before/after: {load_before:.2f}/{load_after:.2f} on "
        f"{os.cpu_count()} CPUs. Errors in the bot's log per latency: "
        + ", ".join(f"{b.latency_ms:g} ms: {b.errors_in_log}" for b, _ in rows)
        + ".",
    ]
    for bot, reference in rows:
        for outcome in (bot, reference):
            if outcome is not None and outcome.note:
                section.notes.append(f"{outcome.who} at {outcome.latency_ms:g} ms: {outcome.note}")
    if unset:
        section.notes.append(
            "Settings of the bot left to their defaults (or a .env in the repository root): "
            + ", ".join(unset)
        )
    section.data = {
        "target_messages_per_s": TARGET,
        "recipients": n,
        "timeout_s": config.timeout,
        "reference_limiter": config.reference,
        "target_met": all(bot.met for bot, _ in rows),
        "runs": [
            {
                "bot": bot.as_dict(),
                "reference": reference.as_dict() if reference else None,
                "bot_to_reference": (
                    round(bot.rate / reference.rate, 3)
                    if reference and bot.rate and reference.rate
                    else None
                ),
            }
            for bot, reference in rows
        ],
    }
    return section


def _latencies_from_env() -> tuple[float, ...]:
    value = os.environ.get("BENCH_BROADCAST_LATENCIES", "").strip()
    if not value:
        return LATENCIES_MS
    return tuple(float(part) for part in value.split(",") if part.strip())


async def run(options: Options) -> Section:
    """``python -m bench.run --only broadcast``: every latency, 1,000 (or 100) recipients."""
    return await measure(
        Config(latencies_ms=_latencies_from_env(), recipients=RECIPIENTS[options.quick])
    )


BENCHMARK = Benchmark(
    "broadcast", "Announcement to 1,000 recipients by python -m bot over HTTP", run
)


# --- one run from the command line ---------------------------------------------------------------


def _setting(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def parse(argv: list[str] | None) -> Config:
    parser = argparse.ArgumentParser(
        prog="python -m bench.broadcast",
        description="An announcement by the real python -m bot, Telegram's limits enforced.",
    )
    parser.add_argument(
        "--latency",
        type=float,
        action="append",
        metavar="MS",
        help="round trip in milliseconds; repeat for several (default: 0, 50 and 150)",
    )
    parser.add_argument("--recipients", type=int, default=RECIPIENTS[False], metavar="N")
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT,
        metavar="S",
        help="seconds after the press before missing recipients count as lost",
    )
    parser.add_argument(
        "--reference",
        choices=[*REFERENCES, "none"],
        default="smooth",
        help="the plain PTB sender's limiter: smooth 29/s (default), PTB's AIORateLimiter "
        "(ptb), the bot's own SendLimiter without the bot (app), or none",
    )
    parser.add_argument(
        "--set",
        type=_setting,
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a setting for the bot process (environment variable), e.g. LOG_LEVEL=WARNING",
    )
    args = parser.parse_args(argv)
    if args.recipients < 3:
        parser.error("--recipients: at least 3 (the group, the secretary, one cadre)")
    return Config(
        latencies_ms=tuple(args.latency) if args.latency else LATENCIES_MS,
        recipients=args.recipients,
        timeout=args.timeout,
        reference=None if args.reference == "none" else args.reference,
        extra_env=dict(args.set),
    )


def main(argv: list[str] | None = None) -> int:
    from bench.run import show  # the runner imports this module; print as it does

    config = parse(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    began = time.perf_counter()
    load = os.getloadavg()[0]
    section = asyncio.run(measure(config))
    show(section, time.perf_counter() - began, load)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
