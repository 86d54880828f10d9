"""What every benchmark shares: sizes, result tables, percentiles, a seeded offline bot."""

from __future__ import annotations

import gc
import itertools
import logging
import math
import random
import statistics
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from telegram.ext import BaseRateLimiter
from telegram.request import RequestData

from bot.app import BotApplication, build_application, prepare
from models.kampung import Kampung
from models.meeting import Meeting, MeetingStatus, Rsvp, RsvpAnswer, Sector, Speaker
from models.member import Member, MemberRole, MemberStatus, Poktan
from runtime.config import Settings, load_settings
from tests.fakeapi import BOT_USER, FakeBotAPI
from tests.harness import GROUP_CHAT_ID, FakeClock, Harness, Person

TOKEN = "123456:BENCH-token-for-offline-benchmarks-xyz"
ADMIN = Person(5001, "Sekretaris", "sekretaris")
KAMPUNG_NAME = "Kampung KB Penyengat Rendah"
RT_LIST = tuple(f"{n:02d}" for n in range(1, 13))
TIMEZONE = "Asia/Jakarta"
# The benchmark's "now": the first day of a quarter, 09:00 in Jakarta.
NOW = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)
CADRE_FIRST_ID = 100_000

FIRST_NAMES = (  # noqa: SIM905
    "Siti Aminah Budi Ani Dewi Rina Agus Sri Wahyu Yuni Eko Lestari Nur Rahmat Indah "
    "Hendra Fitri Joko Ratna Bambang Wulan Dedi Ayu Slamet Endang Yusuf Kartini Ahmad "
    "Suharti Imam Rini Made Ketut Putu Wayan Fajar Nining Asep Euis Ujang"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Santoso Lestari Wijaya Hidayat Saputra Kurniawan Rahayu Susanti Pratama Setiawan "
    "Nugroho Wulandari Siregar Nasution Harahap Simanjuntak Sembiring Ginting Daulay "
    "Lubis Hasibuan Purba Tarigan Manurung Sitompul Panjaitan Rangkuti Batubara Matondang "
    "Pohan"
).split()


def person_name(index: int) -> str:
    """A plausible, deterministic Indonesian full name (not unique, like real ones)."""
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return f"{first} {last}"


# --- sizes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    """How big each benchmark is: the full run, or a smoke run (``--quick``)."""

    members: int  # active cadres in the benchmark database
    meetings: int  # meetings in the database (three quarters of them in the past)
    updates: int  # measured updates per update-handling scenario
    warmup: int  # updates handled (not measured) before each scenario
    burst: int  # presses arriving at once
    group_burst_cap: float  # seconds the group burst is given before it is called off
    attendees: int  # attendees (members present + guests) of the recap meeting
    recap_repeats: int
    xlsx_repeats: int


FULL = Sizes(
    members=10_000,
    meetings=40,
    updates=1_000,
    warmup=100,
    burst=500,
    group_burst_cap=60.0,
    attendees=1_000,
    recap_repeats=10,
    xlsx_repeats=3,
)
QUICK = Sizes(
    members=1_000,
    meetings=40,
    updates=150,
    warmup=30,
    burst=100,
    group_burst_cap=30.0,
    attendees=200,
    recap_repeats=3,
    xlsx_repeats=2,
)


@dataclass(frozen=True)
class Options:
    sizes: Sizes
    quick: bool = False
    profile: bool = False  # also profile the update-handling scenarios


# --- results -------------------------------------------------------------------------------------


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)

    def add(self, *values: Any) -> None:
        if len(values) != len(self.columns):
            raise ValueError(f"{len(values)} values for {len(self.columns)} columns")
        self.rows.append(list(values))


@dataclass
class Section:
    """What one benchmark returns: tables to print, notes, and figures for results.json."""

    name: str
    title: str
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    measured: bool = True
    appendix: list[str] = field(default_factory=list)  # printed after the tables, not saved


@dataclass(frozen=True)
class Benchmark:
    """One entry of ``bench.run.BENCHMARKS``: a name for ``--only`` and the coroutine."""

    name: str
    title: str
    run: Callable[[Options], Awaitable[Section]]


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


@dataclass(frozen=True)
class Stats:
    """Latency figures in milliseconds (nearest-rank percentiles)."""

    n: int
    p50: float
    p95: float
    p99: float
    max: float
    mean: float

    @classmethod
    def of(cls, samples_ms: Sequence[float]) -> Stats:
        if not samples_ms:
            raise ValueError("no samples")
        ordered = sorted(samples_ms)

        def rank(q: float) -> float:
            return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

        return cls(
            n=len(ordered),
            p50=rank(0.50),
            p95=rank(0.95),
            p99=rank(0.99),
            max=ordered[-1],
            mean=statistics.fmean(ordered),
        )

    def as_dict(self) -> dict[str, float | int]:
        return {
            "n": self.n,
            "p50_ms": round(self.p50, 3),
            "p95_ms": round(self.p95, 3),
            "p99_ms": round(self.p99, 3),
            "max_ms": round(self.max, 3),
            "mean_ms": round(self.mean, 3),
        }


def ms_since(start: float) -> float:
    return (time.perf_counter() - start) * 1000.0


@contextmanager
def fresh_heap() -> Iterator[None]:
    """Start a measured phase as ``python -m bot`` runs: garbage collected, the rest frozen.

    ``bot/__main__.py`` freezes what is loaded at start (``gc.freeze``) so full
    collections do not pause updates; the measured phase does the same, and
    unfreezes afterwards so one benchmark's objects do not stay for the next.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class ErrorCount(logging.Handler):
    """Counts ERROR records (the bot's error handler logs every unhandled exception)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.count = 0
        self.first: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1
        if self.first is None:
            self.first = record.getMessage()
            if record.exc_info and record.exc_info[1] is not None:
                self.first += f": {record.exc_info[1]!r}"


@contextmanager
def counting_errors() -> Iterator[ErrorCount]:
    handler = ErrorCount()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)


# --- the offline Telegram side -------------------------------------------------------------------


class TimedFakeBotAPI(FakeBotAPI):
    """``FakeBotAPI`` that also notes when (``time.perf_counter``) each request was answered."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(clock)
        self.stamps: list[tuple[str, float, dict[str, Any]]] = []

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        answer = await super().do_request(
            url,
            method,
            request_data,
            read_timeout=read_timeout,
            write_timeout=write_timeout,
            connect_timeout=connect_timeout,
            pool_timeout=pool_timeout,
        )
        self.stamps.append((self.calls[-1].method, time.perf_counter(), self.calls[-1].params))
        return answer

    def count(self, method: str) -> int:
        return sum(1 for call in self.calls if call.method == method)

    def reset(self) -> None:
        self.calls.clear()
        self.stamps.clear()


def bench_settings(database: Path) -> Settings:
    return load_settings(
        _env_file=None,
        BOT_TOKEN=TOKEN,
        DATABASE_URL=f"sqlite+aiosqlite:///{database}",
        ADMIN_IDS=str(ADMIN.id),
        KAMPUNG_NAME=KAMPUNG_NAME,
        RT_LIST=",".join(RT_LIST),
        TIMEZONE=TIMEZONE,
        GROUP_CHAT_ID=GROUP_CHAT_ID,
    )


# --- the seeded database -------------------------------------------------------------------------


@dataclass
class Seeded:
    kampung_id: int
    cadres: list[Person]  # active cadres, in member-id order
    member_ids: dict[int, int]  # Telegram id -> member id
    meeting_ids: list[int]  # by start
    next_meeting_id: int  # the one /jadwal shows and cadres answer
    last_past_meeting_id: int
    rows: dict[str, int]
    seconds: float


@dataclass
class BenchBot:
    harness: Harness
    api: TimedFakeBotAPI
    settings: Settings
    seeded: Seeded

    @property
    def app(self) -> BotApplication:
        return self.harness.app


def _quarter_meeting_day(year: int, quarter: int) -> date:
    """The 15th of the quarter's middle month (a stand-in for the usual Saturday)."""
    return date(year, 3 * quarter - 1, 15)


def _quarters_around(now: datetime, count: int) -> list[tuple[int, int]]:
    """``count`` consecutive quarters, three quarters of them before ``now``'s."""
    current = now.year * 4 + (now.month - 1) // 3
    first = current - (count * 3) // 4
    return [(index // 4, index % 4 + 1) for index in range(first, first + count)]


async def seed(harness: Harness, sizes: Sizes) -> Seeded:
    """Fill the bot's database in bulk: the admin, the cadres, the meetings and their RSVPs."""
    return await seed_database(
        harness.session, harness.app.bot_data.kampung_id, harness.clock(), sizes
    )


async def seed_database(
    sessionmaker: Callable[[], AbstractAsyncContextManager[AsyncSession]],
    kampung_id: int,
    now: datetime,
    sizes: Sizes,
) -> Seeded:
    """Fill a kampung in bulk: the admin, the cadres, the meetings (around ``now``), RSVPs."""
    started = time.perf_counter()
    rng = random.Random(20260701)
    poktans = list(Poktan)
    member_rows = [
        {
            "kampung_id": kampung_id,
            "telegram_id": ADMIN.id,
            "full_name": "Rina Sekretaris",
            "rt": "01",
            "poktan": Poktan.POKJA,
            "role": MemberRole.ADMIN,
            "status": MemberStatus.ACTIVE,
            "consent_at": now,
            "blocked_bot": False,
            "decided_at": now,
            "created_at": now,
            "updated_at": now,
        }
    ]
    cadres = [Person(CADRE_FIRST_ID + i, f"K{i}") for i in range(sizes.members)]
    member_rows += [
        {
            "kampung_id": kampung_id,
            "telegram_id": person.id,
            "full_name": person_name(i),
            "rt": RT_LIST[i % len(RT_LIST)],
            "poktan": poktans[i % len(poktans)],
            "role": MemberRole.CADRE,
            "status": MemberStatus.ACTIVE,
            "consent_at": now,
            "blocked_bot": False,
            "decided_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for i, person in enumerate(cadres)
    ]
    async with sessionmaker() as session, session.begin():
        await session.execute(Member.__table__.insert(), member_rows)
        member_ids = dict(
            (
                await session.execute(
                    select(Member.telegram_id, Member.id).where(Member.kampung_id == kampung_id)
                )
            )
            .tuples()
            .all()
        )
        meetings = []
        rotation = itertools.cycle(RT_LIST)
        for year, quarter in _quarters_around(now, sizes.meetings):
            host = next(rotation)
            starts_at = datetime.combine(
                _quarter_meeting_day(year, quarter), datetime.min.time(), tzinfo=UTC
            ) + timedelta(hours=2)
            meetings.append(
                Meeting(
                    kampung_id=kampung_id,
                    starts_at=starts_at,
                    host_rt=host,
                    proposed_host_rt=host,
                    venue=f"Rumah Data RT {host}",
                    topic=f"Pertemuan rutin triwulan {quarter} tahun {year}",
                    status=MeetingStatus.SCHEDULED,
                    created_at=now,
                    updated_at=now,
                    speakers=[
                        Speaker(
                            position=0,
                            name="dr. Maria Ulfa",
                            institution="Puskesmas Penyengat Rendah",
                            sector=Sector.GOVERNMENT,
                        ),
                        Speaker(
                            position=1,
                            name="Hendra Wijaya",
                            institution="Penyuluh KB Kecamatan",
                            sector=Sector.GOVERNMENT,
                        ),
                    ],
                )
            )
        session.add_all(meetings)
        await session.flush()
        cadre_member_ids = [member_ids[person.id] for person in cadres]
        answers = list(RsvpAnswer)
        rsvp_rows = []
        upcoming = [m for m in meetings if m.starts_at > now]
        for meeting in meetings:
            if meeting.starts_at <= now:
                share = 0.40
            elif meeting is upcoming[0]:
                share = 0.25
            else:
                share = 0.05
            for member_id in rng.sample(cadre_member_ids, int(len(cadre_member_ids) * share)):
                rsvp_rows.append(
                    {
                        "meeting_id": meeting.id,
                        "member_id": member_id,
                        "answer": rng.choice(answers),
                        "answered_at": now,
                    }
                )
        await session.execute(Rsvp.__table__.insert(), rsvp_rows)
    past = [m for m in meetings if m.starts_at <= now]
    return Seeded(
        kampung_id=kampung_id,
        cadres=cadres,
        member_ids=member_ids,
        meeting_ids=[m.id for m in meetings],
        next_meeting_id=upcoming[0].id,
        last_past_meeting_id=past[-1].id,
        rows={"member": len(member_rows), "meeting": len(meetings), "rsvp": len(rsvp_rows)},
        seconds=time.perf_counter() - started,
    )


async def forget_rsvps(bench: BenchBot, meeting_id: int, people: Sequence[Person]) -> None:
    """Remove these cadres' answers to a meeting, so their next press inserts a row."""
    ids = [bench.seeded.member_ids[p.id] for p in people]
    async with bench.harness.session() as session, session.begin():
        await session.execute(
            delete(Rsvp).where(Rsvp.meeting_id == meeting_id, Rsvp.member_id.in_(ids))
        )


@asynccontextmanager
async def seeded_bot(
    sizes: Sizes,
    *,
    rate_limiter: bool | BaseRateLimiter[Any] = False,
    fake: Callable[[FakeClock], TimedFakeBotAPI] = TimedFakeBotAPI,
) -> AsyncIterator[BenchBot]:
    """The real application on a fresh SQLite file, offline, with the database seeded.

    Like ``tests.harness.running_bot`` (build, initialise, ``prepare``), plus the
    choice of the production rate limiter and of the fake Bot API (``fake`` makes
    it from the clock).
    """
    with tempfile.TemporaryDirectory(prefix="kampungkb-bench-") as folder:
        settings = bench_settings(Path(folder) / "bench.db")
        clock = FakeClock(NOW)
        api = fake(clock)
        app = build_application(settings, request=api, clock=clock, rate_limiter=rate_limiter)
        async with app:
            await prepare(app)
            try:
                harness = Harness(app, api, clock)
                seeded = await seed(harness, sizes)
                api.reset()
                yield BenchBot(harness, api, settings, seeded)
            finally:
                # As the bot's own shutdown does: a worker left running would be
                # destroyed pending with the application (an ERROR in the figures).
                await app.bot_data.delivery.stop()
                await app.bot_data.engine.dispose()


def private_message(person: Person, text: str, markup: dict[str, Any] | None) -> dict[str, Any]:
    """A message the bot sent to ``person`` (what a press arrives on)."""
    message: dict[str, Any] = {
        "message_id": 4242,
        "date": int(NOW.timestamp()),
        "chat": {"id": person.id, "type": "private", "first_name": person.first_name},
        "from": BOT_USER,
        "text": text,
    }
    if markup is not None:
        message["reply_markup"] = markup
    return message


def group_message(text: str, markup: dict[str, Any] | None) -> dict[str, Any]:
    """The announcement the bot posted in the kampung's group."""
    message: dict[str, Any] = {
        "message_id": 777,
        "date": int(NOW.timestamp()),
        "chat": {"id": GROUP_CHAT_ID, "type": "supergroup", "title": "Grup Kampung KB"},
        "from": BOT_USER,
        "text": text,
    }
    if markup is not None:
        message["reply_markup"] = markup
    return message


async def kampung_of(bench: BenchBot) -> Kampung:
    async with bench.harness.session() as session:
        return await session.get_one(Kampung, bench.seeded.kampung_id)
