"""Peak memory of the real ``python -m bot`` process with 10,000 members.

The bot runs as an operator runs it (``python -m bot``, settings in environment
variables), as in ``tests/e2e``: against ``tests.e2e.fake_server.FakeTelegramServer``
on 127.0.0.1, which answers at once and does not rate-limit (the bot's own
``SendLimiter`` still paces it at 30 messages/s and 1/s per chat). Its SQLite
database is seeded before the start with 10,000 active cadres, the secretary,
quarterly meetings with their RSVPs, and a meeting held this morning (5 h
ago) with 1,000 attendees. Then, one phase after the other:

1. start-up, until it long-polls;
2. ``/jadwal`` from 500 cadres at once (each gets the card);
3. a burst of 500 RSVP presses at once, on those cards;
4. ``/hadir rekap`` from the secretary, the first report: the recap of this
   morning's meeting (it lists all 10,001 members) in several messages, the .xlsx
   and the .csv;
5. the secretary plans a meeting (``/jadwal baru`` in one line, Simpan): its
   announcement is planned for all 10,001 members and the group, and measured
   until 1,000 have gone out (at 30/s, all 10,002 would take 5.5 minutes; the rest
   goes on sending during the next phase);
6. ``/laporan``: the year report's text, chart (matplotlib) and workbook.

Goal (issue 20): the peak until the first report (phases 1–3) ≤ 120 MB; the report
libraries load on first use, and the peak after the reports is printed too. The announcement
(phase 5) comes after the first report here; its own RSS maximum is printed beside the
goal. ``/hadir rekap`` asks which meeting when several could be meant: the benchmark
presses the first (newest) one, this morning's.

The figure is the kernel's high-water mark of the process's resident memory
(``VmHWM`` in ``/proc/<pid>/status``) just before it is stopped; ``VmRSS`` is
sampled every 0.1 s for the phases. Not ``getrusage(RUSAGE_CHILDREN).ru_maxrss``:
the child is started by vfork and exec, and Linux carries the parent's peak
resident memory at the exec into the child's ``ru_maxrss``, so it reports the
benchmark process's own peak when that is larger. ``REMINDER_OFFSETS=1s`` and
``QUARTER_NUDGE_DAYS=0``, so nothing but these phases sends anything.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from bench.common import (
    ADMIN,
    KAMPUNG_NAME,
    RT_LIST,
    TIMEZONE,
    Benchmark,
    Options,
    Section,
    Seeded,
    Table,
    seed_database,
    verdict,
)
from bench.recap import _mark
from models.kampung import ensure_kampung
from models.meeting import Meeting, MeetingStatus, Sector, Speaker
from models.rules.quarters import Quarter
from runtime.db import create_engine, create_sessionmaker, upgrade_database
from tests.e2e.fake_server import FakeTelegramServer, Request, private_chat, user
from tests.e2e.test_process import REPO_ROOT, BotProcess
from ui import keyboards, texts

TARGET_MB = 120.0  # until the first report (issue 20)
TOKEN = "123456:BENCH-memory-token-not-real-abcdefghij"
GROUP: dict[str, Any] = {"id": -1009876543210, "type": "supergroup", "title": "Kader Kampung KB"}
MEETINGS = 16  # quarterly: 12 past, 4 ahead (so a free quarter stays within 2 years)
ATTENDEES = 1_000  # of the meeting under way, for the recap
ANNOUNCED = {False: 1_000, True: 100}  # announcements to wait for before stopping
PHASE_WAIT = 120.0  # the longest any phase may take
SAMPLE_EVERY = 0.1


def read_status(pid: int) -> dict[str, int]:
    """``VmRSS`` and ``VmHWM`` of a live process, in kB (empty once it is gone)."""
    figures: dict[str, int] = {}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    key, value = line.split(":", 1)
                    figures[key] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        return {}
    return figures


@dataclass
class Phase:
    name: str
    seconds: float
    rss_max_kb: int  # highest VmRSS sampled during the phase
    rss_end_kb: int
    hwm_end_kb: int  # VmHWM (peak so far) at the end of the phase
    detail: str = ""


@dataclass
class Sampler:
    """Samples the child's ``VmRSS`` in the background; ``phase()`` closes a phase."""

    pid: int
    phases: list[Phase] = field(default_factory=list)
    _max: int = 0
    _began: float = field(default_factory=time.perf_counter)

    async def run(self) -> None:
        while True:
            figures = read_status(self.pid)
            if not figures:
                return
            self._max = max(self._max, figures.get("VmRSS", 0))
            await asyncio.sleep(SAMPLE_EVERY)

    def phase(self, name: str, detail: str = "") -> Phase:
        figures = read_status(self.pid)
        rss = figures.get("VmRSS", 0)
        phase = Phase(
            name,
            time.perf_counter() - self._began,
            max(self._max, rss),
            rss,
            figures.get("VmHWM", 0),
            detail,
        )
        self.phases.append(phase)
        self._max = 0
        self._began = time.perf_counter()
        return phase


class Stopped(RuntimeError):
    pass


async def until(
    bot: BotProcess,
    found: Callable[[], bool],
    what: str,
    timeout: float = PHASE_WAIT,  # noqa: ASYNC109
) -> None:
    """Poll ``found`` until true; fail with the bot's log if it exits or time is up."""
    deadline = time.monotonic() + timeout
    assert bot.process is not None
    while not found():
        if bot.process.returncode is not None:
            raise Stopped(f"the bot exited ({bot.process.returncode}) while {what}:\n{bot.log()}")
        if time.monotonic() > deadline:
            log = bot.log()[-3000:]
            raise TimeoutError(f"the bot did not finish {what} within {timeout:g} s:\n{log}")
        await asyncio.sleep(0.05)


def count(server: FakeTelegramServer, since: int, match: Callable[[Request], bool]) -> int:
    return sum(1 for r in server.requests[since:] if r.answered and match(r))


# --- the database --------------------------------------------------------------------------------


async def prepare_database(url: str, options: Options, now: datetime) -> tuple[Seeded, int]:
    """Migrate and seed the database the bot will open; the attendees of this morning's meeting."""
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session, session.begin():
            kampung = await ensure_kampung(
                session,
                name=KAMPUNG_NAME,
                timezone=TIMEZONE,
                rt_list=RT_LIST,
                group_chat_id=int(GROUP["id"]),
                now=now,
            )
            kampung_id = kampung.id
        sizes = dataclasses.replace(options.sizes, meetings=MEETINGS)
        seeded = await seed_database(sessionmaker, kampung_id, now, sizes)
        async with sessionmaker() as session, session.begin():
            held = Meeting(
                kampung_id=kampung_id,
                starts_at=now - timedelta(hours=5),  # over (4 h), roll still open
                host_rt="05",
                proposed_host_rt="05",
                venue="Balai Kampung KB",
                topic="Stunting dan gizi keluarga",
                status=MeetingStatus.SCHEDULED,
                created_at=now,
                updated_at=now,
                speakers=[
                    Speaker(
                        position=0,
                        name="dr. Maria Ulfa",
                        institution="Puskesmas Penyengat Rendah",
                        sector=Sector.GOVERNMENT,
                    )
                ],
            )
            session.add(held)
            await session.flush()
            cadre_ids = [seeded.member_ids[p.id] for p in seeded.cadres]
            admin_id = seeded.member_ids[ADMIN.id]
            attendees = min(ATTENDEES, len(cadre_ids) // 2)
            await _mark(session, held, cadre_ids, attendees, admin_id, random.Random(7))
            return seeded, attendees
    finally:
        await engine.dispose()


def free_quarter_day(now: datetime, tz: ZoneInfo) -> datetime:
    """10:00 on the 10th of the middle month of the first quarter after the seeded ones."""
    local = now.astimezone(tz)
    current = Quarter.of(local.date())
    index = current.year * 4 + current.number - 1 + MEETINGS - (MEETINGS * 3) // 4
    year, zero_based = divmod(index, 4)
    return datetime(year, zero_based * 3 + 2, 10, 10, 0, tzinfo=tz)


# --- the process ---------------------------------------------------------------------------------


def bot_environment(server: FakeTelegramServer, url: str) -> dict[str, str]:
    """Nothing from our environment but what Python needs; every setting given."""
    env = {key: os.environ[key] for key in ("PATH", "HOME", "TMPDIR") if key in os.environ}
    env.update(
        LANG="C.UTF-8",
        PYTHONIOENCODING="utf-8",
        PYTHONUNBUFFERED="1",
        PYTHONDONTWRITEBYTECODE="1",
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL=server.base_url,
        DATABASE_URL=url,
        ADMIN_IDS=str(ADMIN.id),
        KAMPUNG_NAME=KAMPUNG_NAME,
        RT_LIST=",".join(RT_LIST),
        TIMEZONE=TIMEZONE,
        GROUP_CHAT_ID=str(GROUP["id"]),
        REMINDER_OFFSETS="1s",  # nothing fires during the run
        QUARTER_NUDGE_DAYS="0",
        CHECKIN_CLOSES_AFTER="1d",  # the recap's meeting, 5 h ago, still counts
        LOG_LEVEL="INFO",
    )
    return env


def _people(seeded: Seeded) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    admin = user(ADMIN.id, "Rina", ADMIN.username)
    cadres = [user(p.id, p.first_name) for p in seeded.cadres]
    return admin, cadres


def _is_card(request: Request) -> bool:
    return (
        request.method == "sendMessage"
        and request.ok
        and any(d.startswith(keyboards.CB_RSVP) for d in request.button_data)
    )


def _to(chats: Iterable[int], match: Callable[[Request], bool]) -> Callable[[Request], bool]:
    wanted = set(chats)
    return lambda r: match(r) and r.chat_id in wanted


async def scenario(
    server: FakeTelegramServer,
    bot: BotProcess,
    sampler: Sampler,
    seeded: Seeded,
    options: Options,
) -> dict[str, Any]:
    admin, cadres = _people(seeded)
    tz = ZoneInfo(TIMEZONE)
    n = options.sizes.burst
    askers = cadres[:n]
    figures: dict[str, Any] = {}

    await until(
        bot,
        lambda: any(
            r.method == "getUpdates" and int(r.params.get("timeout", 0)) > 0
            for r in server.requests
        ),
        "starting",
    )
    sampler.phase("start-up, until it long-polls")

    # /jadwal from n cadres at once: each gets the card with the RSVP buttons.
    since = server.mark()
    for person in askers:
        await server.push_message(person, "/jadwal")
    ids = {p["id"] for p in askers}
    await until(bot, lambda: count(server, since, _to(ids, _is_card)) >= n, "answering /jadwal")
    cards = {r.chat_id: r for r in server.requests[since:] if _is_card(r)}
    sampler.phase(f"/jadwal from {n:,} cadres at once", f"{len(cards):,} cards")

    # n RSVP presses at once, each on the cadre's card.
    since = server.mark()
    answers = ("hadir", "izin", "tidak")
    for i, person in enumerate(askers):
        card = cards[person["id"]]
        meeting_id = card.button_data[0].removeprefix(keyboards.CB_RSVP).split(":")[0]
        data = f"{keyboards.CB_RSVP}{meeting_id}:{answers[i % 3]}"
        await server.push_press(person, data, card.result)

    def answered(r: Request) -> bool:
        return r.method == "answerCallbackQuery" and r.ok

    def edited(r: Request) -> bool:
        return r.method == "editMessageText"

    # A press that changes the answer also refreshes the tally on the card (an edit).
    thanks = {texts.RSVP_THANKS.format(answer=label) for label in texts.RSVP_LABELS.values()}

    def changed(r: Request) -> bool:
        return answered(r) and r.params.get("text") in thanks

    await until(bot, lambda: count(server, since, answered) >= n, "answering the presses")
    changes = count(server, since, changed)
    await until(bot, lambda: count(server, since, edited) >= changes, "editing the cards")
    sampler.phase(
        f"burst of {n:,} RSVP presses",
        f"{count(server, since, answered):,} answered, {count(server, since, edited):,} edits",
    )

    def sent_documents(r: Request) -> list[dict[str, Any]]:
        """The files of one answered request to the secretary: a single document, or
        the documents of an album (the recap's files come as one ``sendMediaGroup``)."""
        if not r.ok or r.chat_id != admin["id"]:
            return []
        if r.method == "sendDocument":
            return [r.result["document"]]
        if r.method == "sendMediaGroup":
            return [m["document"] for m in r.result if "document" in m]
        return []

    # Everything so far is what the bot does all year; the reports come now, the
    # first of them (the recap's .xlsx) loads the report libraries (issue 20).
    figures["peak_before_report_kb"] = sampler.phases[-1].hwm_end_kb

    # /hadir rekap: the recap text, the portal paragraph, the .xlsx and the .csv.
    since = server.mark()
    await server.push_message(admin, "/hadir rekap")

    # The bot asks which meeting (newest first): this morning's is the first button.
    def choice(r: Request) -> bool:
        return r.method == "sendMessage" and r.ok and r.chat_id == admin["id"]

    await until(bot, lambda: count(server, since, choice) >= 1, "asking which meeting")
    asked = next(r for r in server.requests[since:] if r.answered and choice(r))
    if asked.button_data and asked.button_data[0].startswith(keyboards.CB_RECAP_PICK):
        await server.push_press(admin, asked.button_data[0], asked.result)

    def documents_since() -> list[dict[str, Any]]:
        return [d for r in server.requests[since:] if r.answered for d in sent_documents(r)]

    await until(bot, lambda: len(documents_since()) >= 2, "sending the recap")
    files = documents_since()
    messages = count(server, since, lambda r: r.method == "sendMessage" and r.ok)
    sizes = {f["file_name"]: f["file_size"] for f in files}
    xlsx = next((size for name, size in sizes.items() if name.endswith(".xlsx")), 0)
    sampler.phase(
        "/hadir rekap (10,001 rows: text, .xlsx, .csv)"
        if not options.quick
        else "/hadir rekap (text, .xlsx, .csv)",
        f"{messages} messages, .xlsx {xlsx / 1024:.0f} KB",
    )
    figures["recap_messages"] = messages
    figures["recap_files"] = sizes

    # The secretary plans a meeting; its announcement goes to every member and the group.
    starts = free_quarter_day(datetime.now(UTC), tz)
    line = f"/jadwal baru {starts:%d-%m-%Y} {starts:%H.%M} RT07 Rumah Data RT 07 | Pembinaan Poktan"
    since = server.mark()
    await server.push_message(admin, line)

    def summary(r: Request) -> bool:
        return (
            r.method == "sendMessage"
            and r.ok
            and r.chat_id == admin["id"]
            and keyboards.CB_SAVE in r.button_data
        )

    await until(bot, lambda: count(server, since, summary) >= 1, "summing up the plan")
    plan = next(r for r in server.requests[since:] if r.answered and summary(r))
    since = server.mark()
    began = time.perf_counter()
    await server.push_press(admin, keyboards.CB_SAVE, plan.result)
    wanted = ANNOUNCED[options.quick]
    await until(bot, lambda: count(server, since, _is_card) >= wanted, "announcing", 180.0)
    sent = count(server, since, _is_card)
    seconds = time.perf_counter() - began
    sampler.phase(
        f"announcement to all, until {wanted:,} sent",
        f"{sent:,} sent in {seconds:.0f} s",
    )
    figures["announced"] = sent
    figures["announcement_seconds"] = round(seconds, 1)

    # /laporan: the year report's text, chart (matplotlib) and workbook.
    since = server.mark()
    began = time.perf_counter()
    await server.push_message(admin, "/laporan")
    await until(bot, lambda: len(documents_since()) >= 2, "sending the year report")
    reports = documents_since()
    sampler.phase(
        "/laporan (year report: text, chart PNG, .xlsx)",
        f"{len(reports)} files in {time.perf_counter() - began:.1f} s",
    )
    return figures


async def run(options: Options) -> Section:
    sizes = options.sizes
    section = Section(
        "memory",
        f"Peak memory of python -m bot with {sizes.members:,} members (end-to-end scenario)",
    )
    load_before = os.getloadavg()[0]
    now = datetime.now(UTC)
    with tempfile.TemporaryDirectory(prefix="kampungkb-memory-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'runtime.db'}"
        started = time.perf_counter()
        seeded, attendees = await prepare_database(url, options, now)
        seed_seconds = time.perf_counter() - started
        async with FakeTelegramServer(TOKEN) as server:
            server.add_chat(GROUP)
            admin, cadres = _people(seeded)
            for person in (admin, *cadres):
                server.add_chat(private_chat(person))
            bot = BotProcess(bot_environment(server, url), REPO_ROOT, Path(folder) / "bot.log")
            own_kb = read_status(os.getpid()).get("VmHWM", 0)  # our peak, as the child starts
            await bot.start()
            assert bot.process is not None
            pid = bot.process.pid
            sampler = Sampler(pid)
            sampling = asyncio.create_task(sampler.run())
            try:
                figures = await scenario(server, bot, sampler, seeded, options)
                peak_kb = read_status(pid).get("VmHWM", 0)
            finally:
                sampling.cancel()
                status = await bot.kill()  # the announcement is still going out
            log = bot.log()
    children_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    errors = sum(1 for line in log.splitlines() if " ERROR " in line or "Traceback" in line)
    load_after = os.getloadavg()[0]
    peak_mb = peak_kb / 1024
    before_mb = figures.pop("peak_before_report_kb") / 1024
    met = 0 < before_mb <= TARGET_MB

    table = Table(
        f"Resident memory of the bot process (MB); target: peak ≤ {TARGET_MB:g} MB until the"
        " first report",
        ["phase", "seconds", "RSS max", "RSS at end", "peak so far", "what happened"],
    )
    for phase in sampler.phases:
        table.add(
            phase.name,
            phase.seconds,
            phase.rss_max_kb / 1024,
            phase.rss_end_kb / 1024,
            phase.hwm_end_kb / 1024,
            phase.detail,
        )
    section.tables.append(table)
    verdict_table = Table("Peak", ["figure", "MB", f"≤ {TARGET_MB:g} MB", "margin"])
    verdict_table.add(
        "VmHWM until the first report (phases 1-3)",
        before_mb,
        verdict(met),
        f"{TARGET_MB - before_mb:+.1f} MB",
    )
    announcing = next((p for p in sampler.phases if p.name.startswith("announcement")), None)
    if announcing is not None:
        verdict_table.add(
            "RSS max while announcing (after the recap)", announcing.rss_max_kb / 1024, "", ""
        )
    verdict_table.add("VmHWM after /hadir rekap, the announcement and /laporan", peak_mb, "", "")
    section.tables.append(verdict_table)
    section.notes += [
        f"Database seeded in {seed_seconds:.1f} s before the start: "
        + ", ".join(f"{c:,} {name}" for name, c in seeded.rows.items())
        + f" rows, and this morning's meeting with {attendees:,} attendees.",
        "The fake Bot API (aiohttp, 127.0.0.1) answers at once and sets no limits; the bot's "
        "SendLimiter paces it (30 messages/s, 1/s per chat), which sets most phase lengths.",
        f"The announcement was planned for all {sizes.members + 1:,} members and the group "
        "(plan_broadcast writes one delivery per recipient with one INSERT … SELECT, before "
        f"the first send); {figures['announced']:,} had gone out when /laporan was asked"
        f" for, the rest kept going out meanwhile; the process was stopped (SIGKILL, exit"
        f" {status}) after /laporan.",
        "Not getrusage(RUSAGE_CHILDREN).ru_maxrss, which says "
        f"{children_kb / 1024:.0f} MB: the child is started by vfork and exec, and Linux "
        "carries the parent's peak resident memory at the exec into the child's ru_maxrss "
        f"(this benchmark process's peak was {own_kb / 1024:.0f} MB then).",
        f"Python {sys.version.split()[0]}; the bot freezes its start-up heap (gc.freeze). "
        f"Errors in the bot's log: {errors}. Load average (1 min) before/after: "
        f"{load_before:.2f}/{load_after:.2f} on {os.cpu_count()} CPUs.",
    ]
    section.data = {
        "members": sizes.members + 1,
        "target_mb": TARGET_MB,
        "peak_rss_mb": round(peak_mb, 1),
        "peak_rss_before_report_mb": round(before_mb, 1),
        "target_met": met,
        "bench_process_rss_at_spawn_mb": round(own_kb / 1024, 1),
        "rusage_children_maxrss_mb": round(children_kb / 1024, 1),
        "phases": [
            {
                "phase": p.name,
                "seconds": round(p.seconds, 1),
                "rss_max_mb": round(p.rss_max_kb / 1024, 1),
                "rss_end_mb": round(p.rss_end_kb / 1024, 1),
                "peak_so_far_mb": round(p.hwm_end_kb / 1024, 1),
                "detail": p.detail,
            }
            for p in sampler.phases
        ],
        "errors_in_log": errors,
        **figures,
    }
    return section


BENCHMARK = Benchmark("memory", "Peak memory of the bot process, end-to-end scenario", run)
