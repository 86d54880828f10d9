"""The 1st of the month for 2,500 Poktan registers by the real ``python -m bot`` (issue 18).

Goal (issue 18, *Performance*): "The 1st of the month for 500 kampungs × 5 groups (2,500
registers) on PostgreSQL: every chair reached once, 0 × 429, the rate ≥ 95% of Telegram's
30 msg/s, and a meeting reminder falling due in the middle still goes out on time."

**The bot.** The database (PostgreSQL with ``--database-url``, else a fresh SQLite file)
is migrated by the bot's own migrations and seeded through the models: ``kampungs``
kampungs, each with ``groups`` Poktan groups (BKB, BKR, BKL, UPPKA, PIK-R), each group
with one chair (an active member with her own Telegram chat: 2,500 distinct chats), four
member families, and (nine groups in ten) one session held in the previous month, the
tenth with none (the "was there really none?" question). The groups were made before
the previous month and no month row exists, so the first run of the Poktan month job
(``scheduler/poktan_month.py``, due as soon as the bot polls) owes every chair her
register for the previous month at once: the late-register path, the same code as 07.00
on the 1st. It writes 20 kampungs at a time and wakes the delivery worker after each batch, so
the registers are being sent while the rest are written. Being past the 4th,
the operator (``OPERATOR_IDS``) also gets the list of groups still missing.

**Meeting reminders in the middle.** Each of the first ``--reminders`` kampungs has a
meeting whose only reminder (``REMINDER_OFFSETS=1h``) falls due ``--reminder-lead``
seconds after the bot is launched, the next one ``--reminder-step`` seconds later, and
so on: the registers go out from a few seconds after the launch for about a minute and a
half at full size (longer under load), so the reminders are spread to have some fall
due while the registers are going out. The
first kampung's reminder goes to its group, its secretary, a few cadres and its
chairs; the others' to their chairs. For each reminder due between the first and the
last register's arrival, its delay is measured from its due time to its arrival at the
fake, for its first and its last recipient (goal: within ``ON_TIME``). Without the
outbox's paperwork tier it would queue behind the registers still waiting; that delay
is estimated from the registers that arrived after its due time (not measured).

**Telegram.** ``tests.e2e.fake_server.FakeTelegramServer`` with its round trip
(``--latency``) and Telegram's limits enforced on arrival (30 messages in any 1 s
window, 1 per second to a private chat, 20 per minute to a group; 429 beyond).

**The figures**, from the fake's clock (when a request reached Telegram): registers
delivered, duplicates, lost, every 429 of the run, the registers' rate (registers /
(last − first arrival)), the sending rate (every message that arrived from the first
register to the last, the reminders and lists included: they take their turns in the
same 30 per second, so this is the one the goal of 95 % of 30 is judged on), its ratio
to 30, the seconds from the first register to the last, and from the launch to the
first register (start-up and the month job writing the first kampung's registers).

**The reference**, in the same run: ``bench.broadcast.measure_reference`` (its smooth
limiter: one send every 1/29 s, several in flight) sends one of the bot's registers to
the same chats through a fresh fake with the same latency and limits.

From the repository root::

    .venv/bin/python -m bench.month --database-url postgresql+asyncpg://…/benchmonth
    .venv/bin/python -m bench.month --quick        # 40 kampungs × 5 groups, SQLite
    .venv/bin/python -m bench.run --only month      # in the suite (BENCH_MONTH_DATABASE_URL)

Longer than ~600 lines on purpose: one benchmark is one module here (as
``bench/broadcast.py``), its seeding, watching and report read top to bottom.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import signal
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import inspect, text, update
from sqlalchemy.engine import make_url

from bench.broadcast import (
    CEILING,
    GROUP,
    TARGET,
    TOKEN,
    BenchBotProcess,
    BotExited,
    Outcome,
    _log_errors,
    _num,
    _tail,
    bot_environment,
    mark,
    measure_reference,
)
from bench.common import (
    ADMIN,
    KAMPUNG_NAME,
    RT_LIST,
    TIMEZONE,
    Benchmark,
    Options,
    Section,
    Table,
    person_name,
)
from models.kampung import Kampung, ensure_kampung
from models.meeting import Meeting, MeetingStatus
from models.member import Member, MemberRole, MemberStatus, Poktan
from models.poktan.families import FamilyStatus, PoktanFamily
from models.poktan.groups import PoktanChair, PoktanGroup
from models.poktan.kinds import PoktanKind
from models.poktan.months import last_day, previous_month
from models.poktan.sessions import PoktanPresence, PoktanSession, SessionStatus
from runtime.db import create_engine, create_sessionmaker, upgrade_database
from tests.e2e.fake_server import (
    FakeTelegramServer,
    Limits,
    Request,
    counts_as_message,
    private_chat,
    user,
)
from tests.e2e.test_process import REPO_ROOT
from ui import keyboards

KAMPUNGS = {False: 500, True: 40}  # full, --quick
GROUPS = 5
LATENCY_MS = 50.0
OPERATOR_ID = 4001
CHAIR_FIRST_ID = 300_000
CADRE_FIRST_ID = 900_000
CADRES = 8  # cadres of the first kampung, who get the meeting reminder
FAMILIES = 4  # member families per group
NONE_HELD_EVERY = 10  # one group in ten held no session last month
REMINDER_OFFSET = timedelta(hours=1)
REMINDERS = 14  # meetings, one per kampung from the first, each with one reminder
# Seconds from the launch to the first reminder's due time, and between two reminders:
# the registers start a few seconds after the launch (the month job's first run) and take
# about a minute and a half at full size, longer under load, so the reminders are spread
# to have some fall due while the registers go out.
REMINDER_LEAD = {False: 20.0, True: 10.0}
REMINDER_STEP = {False: 10.0, True: 3.0}
REMINDER_GIVE_UP = 60.0  # seconds after its due time: a reminder not come by then never will
ON_TIME = 5.0  # seconds: the reminder's last recipient reached within this of its due time
FIRST_WAIT = 600.0  # seconds from the launch for the first register (the first kampung's)
TIMEOUT = 300.0  # seconds from the first register before the missing count as lost
SETTLE = 2.0  # seconds of watching after everything came, for late duplicates
POLL = 0.1

LOG = logging.getLogger(__name__)

KINDS: tuple[tuple[PoktanKind, Poktan], ...] = (
    (PoktanKind.BKB, Poktan.BKB),
    (PoktanKind.BKR, Poktan.BKR),
    (PoktanKind.BKL, Poktan.BKL),
    (PoktanKind.UPPKA, Poktan.UPPKS),
    (PoktanKind.PIK_R, Poktan.PIK_R),
)


# --- the database --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Seeded:
    chairs: list[int]  # the chairs' Telegram ids, one per group
    # Who gets each meeting's reminder: the first kampung's group, secretary, cadres and
    # chairs; another kampung's chairs.
    reminder_chats: dict[int, list[int]]
    month: date


async def prepare_database(url: str, *, reset: bool) -> None:
    """PostgreSQL: refuse a database that holds tables unless ``reset`` (drop them all)."""
    if make_url(url).get_backend_name() != "postgresql":
        return
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            tables = await conn.run_sync(lambda c: inspect(c).get_table_names())
            if tables and not reset:
                raise SystemExit(
                    f"the database holds {len(tables)} tables; pass --reset to drop them "
                    "(only on a database made for this benchmark)"
                )
            if tables:
                await conn.execute(text("DROP SCHEMA public CASCADE"))
                await conn.execute(text("CREATE SCHEMA public"))
    finally:
        await engine.dispose()


async def seed(url: str, kampungs: int, groups: int, now: datetime, reminders: int) -> Seeded:
    """Migrate, then ``kampungs`` × ``groups`` groups with a chair each, and the meeting
    (a day ahead here; ``place_meeting`` moves it just before the launch)."""
    engine = create_engine(url)
    local_today = now.astimezone(ZoneInfo(TIMEZONE)).date()
    month = previous_month(local_today)
    made = datetime.combine(month - timedelta(days=60), datetime.min.time(), tzinfo=UTC)
    common = {"created_at": made, "updated_at": made}
    member_common = {
        "status": MemberStatus.ACTIVE,
        "consent_at": made,
        "blocked_bot": False,
        "decided_at": made,
        **common,
    }
    chairs: list[int] = []
    try:
        await upgrade_database(engine)
        sessionmaker = create_sessionmaker(engine)
        async with sessionmaker() as session, session.begin():
            first = await ensure_kampung(
                session,
                name=KAMPUNG_NAME,
                timezone=TIMEZONE,
                rt_list=RT_LIST,
                group_chat_id=int(GROUP["id"]),
                now=made,
            )
            places = [first]
            for k in range(1, kampungs):
                places.append(
                    Kampung(
                        name=f"Kampung KB Bench {k:04d}",
                        timezone=TIMEZONE,
                        rt_order=",".join(RT_LIST[:6]),
                        from_settings=False,
                        **common,
                    )
                )
            session.add_all(places[1:])
            await session.flush()
            secretary = Member(
                kampung_id=first.id,
                telegram_id=ADMIN.id,
                full_name="Rina Sekretaris",
                rt=RT_LIST[0],
                poktan=Poktan.POKJA,
                role=MemberRole.ADMIN,
                **member_common,
            )
            cadres = [
                Member(
                    kampung_id=first.id,
                    telegram_id=CADRE_FIRST_ID + i,
                    full_name=person_name(i + 7),
                    rt=RT_LIST[i % len(RT_LIST)],
                    poktan=Poktan.POKJA,
                    role=MemberRole.CADRE,
                    **member_common,
                )
                for i in range(CADRES)
            ]
            session.add_all([secretary, *cadres])
            pairs: list[tuple[PoktanGroup, Member]] = []
            for k, kampung in enumerate(places):
                for g in range(groups):
                    kind, poktan = KINDS[g % len(KINDS)]
                    index = k * groups + g
                    chair = Member(
                        kampung_id=kampung.id,
                        telegram_id=CHAIR_FIRST_ID + index,
                        full_name=person_name(index),
                        rt=kampung.rt_list[g % len(kampung.rt_list)],
                        poktan=poktan,
                        role=MemberRole.CADRE,
                        **member_common,
                    )
                    group = PoktanGroup(
                        kampung_id=kampung.id,
                        kind=kind,
                        name=kind.value
                        if g < len(KINDS)
                        else f"{kind.value} {g // len(KINDS) + 1}",
                        rt_order="",
                        active=True,
                        families_consent_at=made,
                        **common,
                    )
                    pairs.append((group, chair))
                    chairs.append(CHAIR_FIRST_ID + index)
            session.add_all([x for pair in pairs for x in pair])
            await session.flush()
            session.add_all(
                PoktanChair(group_id=group.id, member_id=chair.id, created_at=made)
                for group, chair in pairs
            )
            families: list[tuple[int, list[PoktanFamily]]] = []
            for index, (group, chair) in enumerate(pairs):
                kin = [
                    PoktanFamily(
                        group_id=group.id,
                        name=f"Ibu {person_name(index * FAMILIES + f + 11)}",
                        rt=chair.rt or RT_LIST[0],
                        details={"balita": 1 + f % 3} if group.kind is PoktanKind.BKB else {},
                        status=FamilyStatus.ACTIVE,
                        **common,
                    )
                    for f in range(FAMILIES)
                ]
                families.append((index, kin))
            session.add_all(f for _, kin in families for f in kin)
            await session.flush()
            held: list[tuple[PoktanSession, list[PoktanFamily]]] = []
            for index, kin in families:
                if index % NONE_HELD_EVERY == NONE_HELD_EVERY - 1:
                    continue  # no session: the "was there really none?" question
                group, chair = pairs[index]
                day = month.replace(day=1 + index % last_day(month).day)
                held.append(
                    (
                        PoktanSession(
                            group_id=group.id,
                            status=SessionStatus.HELD,
                            held_on=day,
                            topic="Pertemuan rutin bulanan",
                            created_by_id=chair.id,
                            **common,
                        ),
                        kin[: 1 + index % FAMILIES],
                    )
                )
            session.add_all(s for s, _ in held)
            await session.flush()
            session.add_all(
                PoktanPresence(session_id=s.id, family_id=f.id) for s, kin in held for f in kin
            )
            meetings = [
                Meeting(
                    kampung_id=kampung.id,
                    starts_at=now + timedelta(days=1),
                    host_rt=kampung.rt_list[0],
                    venue="Balai RW",
                    topic="Rapat Pokja Kampung KB",
                    status=MeetingStatus.SCHEDULED,
                    created_by_id=secretary.id if k == 0 else None,
                    **common,
                )
                for k, kampung in enumerate(places[:reminders])
            ]
            session.add_all(meetings)
            await session.flush()
            reminder_chats = {
                meeting.id: chairs[k * groups : (k + 1) * groups]
                for k, meeting in enumerate(meetings)
            }
            if meetings:
                reminder_chats[meetings[0].id] = [
                    int(GROUP["id"]),
                    ADMIN.id,
                    *(CADRE_FIRST_ID + i for i in range(CADRES)),
                    *reminder_chats[meetings[0].id],
                ]
        return Seeded(chairs, reminder_chats, month)
    finally:
        await engine.dispose()


# --- what the fake saw ---------------------------------------------------------------------------


def process_cpu(pid: int) -> float | None:
    """CPU seconds (user + system) a process used so far, from /proc (Linux); else None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _reminder_of(request: Request) -> int | None:
    """The meeting id of a message with RSVP buttons (``rsvp:<meeting id>:<answer>``)."""
    for data in request.button_data:
        if data.startswith(keyboards.CB_RSVP):
            meeting = data[len(keyboards.CB_RSVP) :].split(":", 1)[0]
            return int(meeting) if meeting.isdigit() else -1
    return None


class Watch:
    """Registers, the reminder and the operator's list, read incrementally from the log."""

    def __init__(self, server: FakeTelegramServer, chairs: list[int]) -> None:
        self.server = server
        self.chair_set = set(chairs)
        self.registers: Counter[int] = Counter()
        self.register_arrivals: list[float] = []
        self.message_arrivals: list[float] = []  # every message, registers or not
        # meeting id → chat → arrivals of its reminder
        self.reminders: dict[int, dict[int, list[float]]] = {}
        self.to_operator = 0
        self.others = 0  # any other delivered message
        self.sample: Request | None = None
        # The bot process's CPU seconds (user + system) at the first and the last register.
        self.cpu_at_first: float | None = None
        self.cpu_at_last: float | None = None
        self.none_questions = 0
        self._cursor = 0
        self._unanswered: list[Request] = []

    def update(self) -> None:
        fresh = self.server.requests[self._cursor :]
        self._cursor += len(fresh)
        waiting, self._unanswered = self._unanswered + fresh, []
        for request in waiting:
            if not request.answered:
                self._unanswered.append(request)
            elif request.ok and counts_as_message(request.method):
                self._take(request)

    def _take(self, request: Request) -> None:
        chat = int(request.chat_id)  # type: ignore[arg-type]
        self.message_arrivals.append(request.at)
        meeting = _reminder_of(request)
        if meeting is not None:
            self.reminders.setdefault(meeting, {}).setdefault(chat, []).append(request.at)
        elif chat in self.chair_set:
            self.registers[chat] += 1
            self.register_arrivals.append(request.at)
            if any(d.startswith(keyboards.CB_PKM_NONE) for d in request.button_data):
                self.none_questions += 1
            elif self.sample is None:
                self.sample = request
        elif chat == OPERATOR_ID:
            self.to_operator += 1
        else:
            self.others += 1


# --- one run -------------------------------------------------------------------------------------


@dataclass
class Config:
    kampungs: int = KAMPUNGS[False]
    groups: int = GROUPS
    latency_ms: float = LATENCY_MS
    database_url: str | None = None  # None: a fresh SQLite file
    reset: bool = False
    reminders: int = REMINDERS
    reminder_lead: float = REMINDER_LEAD[False]
    reminder_step: float = REMINDER_STEP[False]
    timeout: float = TIMEOUT
    reference: bool = True
    extra_env: dict[str, str] = field(default_factory=dict)


@dataclass
class ReminderResult:
    """One meeting's reminder, timed on the fake's clock."""

    due: float  # its due time
    recipients: int
    arrivals: dict[int, float]  # chat → first arrival
    registers_after_due: int  # registers that reached Telegram after its due time

    def delay(self, last: bool) -> float | None:
        if not self.arrivals:
            return None
        return (max if last else min)(self.arrivals.values()) - self.due

    @property
    def on_time(self) -> bool:
        last = self.delay(True)
        return len(self.arrivals) == self.recipients and last is not None and last <= ON_TIME


@dataclass
class Run:
    registers: Outcome
    watch: Watch | None
    launch_to_first_s: float | None
    reminders: list[ReminderResult]
    unset: list[str]
    backend: str

    @property
    def sending_rate(self) -> float | None:
        """Every message that reached Telegram from the first register to the last (the
        reminders and lists take their turns in the same 30 per second), per second."""
        first, last = self.registers.first_at, self.registers.last_at
        if self.watch is None or first is None or last is None or last <= first:
            return None
        return sum(first <= at <= last for at in self.watch.message_arrivals) / (last - first)

    def in_middle(self, reminder: ReminderResult) -> bool:
        """Due while registers were still arriving."""
        first, last = self.registers.first_at, self.registers.last_at
        return first is not None and last is not None and first < reminder.due < last


async def _watch_run(
    server: FakeTelegramServer,
    bot: BenchBotProcess,
    seeded: Seeded,
    config: Config,
    launched_at: float,
    dues: dict[int, float],
) -> Watch:
    """Until every chair has her register and every reminder due before the last register
    has reached its recipients (or ``REMINDER_GIVE_UP`` passed), or the timeout."""
    watch = Watch(server, seeded.chairs)
    assert bot.process is not None
    first_deadline = launched_at + FIRST_WAIT
    done_at: float | None = None
    while True:
        await asyncio.sleep(POLL)
        watch.update()
        now = server.clock()
        if bot.process.returncode is not None:
            raise BotExited(f"the bot exited ({bot.process.returncode}) during the run")
        if watch.register_arrivals and watch.cpu_at_first is None:
            watch.cpu_at_first = process_cpu(bot.process.pid)
        if not watch.register_arrivals:
            if now > first_deadline:
                raise TimeoutError(f"no register within {FIRST_WAIT:g} s of the launch")
            continue
        if now > watch.register_arrivals[0] + config.timeout:
            break
        if done_at is None and len(watch.registers) == len(seeded.chairs):
            if watch.cpu_at_last is None:
                watch.cpu_at_last = process_cpu(bot.process.pid)
            last = max(watch.register_arrivals)
            owed = [
                meeting
                for meeting, due in dues.items()
                if due < last
                and now < due + REMINDER_GIVE_UP
                and len(watch.reminders.get(meeting, {})) < len(seeded.reminder_chats[meeting])
            ]
            if not owed:
                done_at = now
        if done_at is not None and now - done_at >= SETTLE:
            break
    watch.update()
    return watch


async def measure_bot(config: Config) -> Run:
    with tempfile.TemporaryDirectory(prefix="kampungkb-month-") as folder:
        url = config.database_url or f"sqlite+aiosqlite:///{Path(folder) / 'runtime.db'}"
        backend = make_url(url).get_backend_name()
        await prepare_database(url, reset=config.reset)
        began = time.perf_counter()
        seeded = await seed(
            url, config.kampungs, config.groups, datetime.now(UTC), config.reminders
        )
        LOG.info("seeded in %.1f s", time.perf_counter() - began)
        async with FakeTelegramServer(
            TOKEN, latency=config.latency_ms / 1000.0, limits=Limits()
        ) as server:
            server.add_chat(GROUP)
            server.add_chat(private_chat(user(ADMIN.id, "Rina", ADMIN.username)))
            server.add_chat(private_chat(user(OPERATOR_ID, "PKB")))
            for chat in [*seeded.chairs, *(CADRE_FIRST_ID + i for i in range(CADRES))]:
                server.add_chat(private_chat(user(chat, f"K{chat}")))
            extra = {
                "OPERATOR_IDS": str(OPERATOR_ID),
                "REMINDER_OFFSETS": f"{int(REMINDER_OFFSET.total_seconds() // 60)}m",
                "CHECKIN_OPENS_BEFORE": "30m",
                **config.extra_env,
            }
            env, unset = bot_environment(server, url, extra)
            bot = BenchBotProcess(env, REPO_ROOT, Path(folder) / "bot.log")
            launch = datetime.now(UTC)
            due_at = {
                meeting: launch + timedelta(seconds=config.reminder_lead + i * config.reminder_step)
                for i, meeting in enumerate(seeded.reminder_chats)
            }
            await place_meetings(url, due_at)
            wall, mono = time.time(), server.clock()
            dues = {m: mono + (at.timestamp() - wall) for m, at in due_at.items()}
            launched_at = server.clock()
            await bot.start()
            watch: Watch | None = None
            note = ""
            try:
                watch = await _watch_run(server, bot, seeded, config, launched_at, dues)
            except (BotExited, TimeoutError) as error:
                LOG.error("%s; the bot's log ends:\n%s", error, _tail(bot.log()))
                note = str(error)
            finally:
                status = await bot.kill()
            log = bot.log()
            too_many = server.too_many
    chairs = seeded.chairs
    arrivals = watch.register_arrivals if watch else []
    first = min(arrivals) if arrivals else None
    outcome = Outcome(
        who="bot",
        latency_ms=config.latency_ms,
        recipients=len(chairs),
        delivered=sum(1 for c in chairs if watch and watch.registers[c] > 0),
        duplicates=sum(1 for c in chairs if watch and watch.registers[c] > 1),
        too_many=too_many,
        first_at=first,
        last_at=max(arrivals) if arrivals else None,
        started_at=first or 0.0,
        errors_in_log=_log_errors(log),
        note=note,
    )
    if status not in (0, -signal.SIGKILL) and not outcome.note:
        outcome.note = f"exit status {status}"
    reminders = [
        ReminderResult(
            due=due,
            recipients=len(seeded.reminder_chats[meeting]),
            arrivals={
                chat: min(ats)
                for chat, ats in (watch.reminders.get(meeting, {}) if watch else {}).items()
            },
            registers_after_due=sum(1 for at in arrivals if at > due),
        )
        for meeting, due in dues.items()
    ]
    return Run(
        registers=outcome,
        watch=watch,
        launch_to_first_s=first - launched_at if first is not None else None,
        reminders=reminders,
        unset=unset,
        backend=backend,
    )


async def place_meetings(url: str, due_at: dict[int, datetime]) -> None:
    """Move the seeded meetings so their reminders fall due at ``due_at`` (set just
    before the launch; the bot plans the reminders itself at start-up)."""
    engine = create_engine(url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            for meeting, due in due_at.items():
                await session.execute(
                    update(Meeting)
                    .where(Meeting.id == meeting)
                    .values(starts_at=due + REMINDER_OFFSET)
                )
    finally:
        await engine.dispose()


# --- the benchmark -------------------------------------------------------------------------------


async def measure(config: Config) -> Section:
    n = config.kampungs * config.groups
    section = Section(
        "month",
        f"The 1st of the month: {n:,} Poktan registers ({config.kampungs} kampungs × "
        f"{config.groups} groups) by python -m bot over HTTP, Telegram's limits enforced, "
        f"round trip {config.latency_ms:g} ms",
    )
    load_before = os.getloadavg()
    run = await measure_bot(config)
    bot = run.registers
    reference = None
    if config.reference:
        chats = [CHAIR_FIRST_ID + i for i in range(n)]
        reference = await measure_reference(
            config.latency_ms,
            chats,
            run.watch.sample if run.watch else None,
            kind="smooth",
            timeout=config.timeout,
        )
    load_after = os.getloadavg()
    ref_rate = reference.rate if reference else None

    table = Table(
        f"python -m bot, {n:,} registers to {n:,} chairs ({run.backend}); seconds from the "
        "first register's arrival",
        [
            "latency ms",
            "registers/s",
            "all msg/s",
            "ratio to 30",
            "reference msg/s",
            "bot/reference",
            "429s",
            "dups",
            "lost",
            "total s",
            "launch to first s",
        ],
    )
    sending = run.sending_rate
    table.add(
        f"{bot.latency_ms:g}",
        _num(bot.rate),
        _num(sending),
        _num(sending / CEILING if sending else None, 3),
        _num(ref_rate),
        _num(sending / ref_rate if sending and ref_rate else None, 3),
        bot.too_many,
        bot.duplicates,
        bot.lost,
        _num(bot.total_s, 1),
        _num(run.launch_to_first_s, 1),
    )
    section.tables.append(table)

    middle = [r for r in run.reminders if run.in_middle(r)]
    on_time = bool(middle) and all(r.on_time for r in middle)
    reminder = Table(
        "Meeting reminders falling due while the registers go out (one meeting per "
        f"kampung, {len(run.reminders)} spread from the launch); goal: each one's last "
        f"recipient within {ON_TIME:g} s of its due time",
        [
            "due after 1st register s",
            "first arrival − due s",
            "last arrival − due s",
            "reached",
            "registers after due",
            "without the tier ≈ s",
            "goal",
        ],
    )
    first_at = bot.first_at or 0.0
    for r in middle:
        reminder.add(
            _num(r.due - first_at, 1),
            _num(r.delay(False)),
            _num(r.delay(True)),
            f"{len(r.arrivals)}/{r.recipients}",
            r.registers_after_due,
            _num(r.registers_after_due / bot.rate if bot.rate else None, 1),
            mark(r.on_time),
        )
    if not middle:
        reminder.add("-", "-", "-", "-", "-", "-", "none due in the middle")
    section.tables.append(reminder)

    # The rate is the bot's use of Telegram's 30 per second: every message it sent while
    # the registers went out, the reminders falling due among them included.
    criteria = {
        **bot.criteria(),
        f"≥ {TARGET:g} msg/s": (sending or 0.0) >= TARGET,
        "reminders on time": on_time,
    }
    verdicts = Table(
        f"Goal: every chair once, 0 × 429, ≥ {TARGET:g} msg/s (95% of 30), reminders on time",
        [*criteria.keys(), "all"],
    )
    verdicts.add(*(mark(v) for v in criteria.values()), mark(all(criteria.values())))
    section.tables.append(verdicts)

    if reference is not None:
        ref_table = Table(
            "Reference: plain python-telegram-bot ExtBot in this process, one send every "
            "1/29 s, several in flight (bench.broadcast), one register to the same chats",
            ["latency ms", "msg/s", "ratio to 30", "429s", "dups", "lost", "total s", "note"],
        )
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

    watch = run.watch
    before = [r for r in run.reminders if r.due <= first_at and r.arrivals]
    ideal = max((n - 1) // 30, 1)
    section.notes += [
        f"Seeded in {run.backend} through the bot's migrations and models: {config.kampungs} "
        f"kampungs × {config.groups} groups, one chair each ({n:,} chats), {FAMILIES} "
        f"families per group, one session last month in 9 groups of 10. The bot starts "
        "with no month row: every register is owed at once (the late path of the 1st), "
        "written by the month job's first run, due as soon as the bot polls, which wakes "
        "the sender after each batch of 20 kampungs; 'launch to first' is start-up and "
        "the first batch.",
        f"Messages seen: {len(watch.register_arrivals) if watch else 0} registers "
        f"({watch.none_questions if watch else 0} of them the none-held question), "
        f"{sum(len(c) for c in watch.reminders.values()) if watch else 0} reminder messages, "
        f"{watch.to_operator if watch else 0} to the operator (the list still missing, past "
        f"the 4th), {watch.others if watch else 0} other(s) (the secretary's reminder "
        "report).",
        "The bot's CPU while the registers went out (user + system, /proc): "
        + (
            f"{watch.cpu_at_last - watch.cpu_at_first:.1f} s over {bot.total_s:.1f} s, "
            f"{(watch.cpu_at_last - watch.cpu_at_first) / bot.delivered * 1000:.1f} ms per "
            "register."
            if watch
            and watch.cpu_at_first is not None
            and watch.cpu_at_last is not None
            and bot.total_s
            and bot.delivered
            else "-."
        ),
        f"At best {n:,} messages need {ideal} s under a sliding 30/s window: "
        f"{n / ideal:.1f} msg/s. 429s: every 429 the fake answered during the run.",
        f"Reminders: REMINDER_OFFSETS=1h, meetings placed just before the launch so that "
        f"they fall due {config.reminder_lead:g} s after it and every "
        f"{config.reminder_step:g} s after that; the first kampung's goes to its group, "
        f"secretary, {CADRES} cadres and chairs, the others' to their chairs. 'without the "
        "tier' estimates the wait had it queued behind the registers still pending at its "
        "due time (registers arriving after it / the rate); it is not measured. "
        f"{len(before)} reminder(s) fell due before the first register arrived.",
        f"Load average (1, 5, 15 min) before: {', '.join(f'{x:.2f}' for x in load_before)}; "
        f"after: {', '.join(f'{x:.2f}' for x in load_after)} on {os.cpu_count()} CPUs "
        "(shared with other work). Errors in the bot's log: "
        f"{bot.errors_in_log}.",
    ]
    for outcome in (bot, reference):
        if outcome is not None and outcome.note:
            section.notes.append(f"{outcome.who}: {outcome.note}")
    if run.unset:
        section.notes.append(
            "Settings of the bot left to their defaults (or a .env in the repository root): "
            + ", ".join(run.unset)
        )
    section.data = {
        "kampungs": config.kampungs,
        "groups": config.groups,
        "registers": n,
        "backend": run.backend,
        "target_messages_per_s": TARGET,
        "bot": bot.as_dict(),
        "reference": reference.as_dict() if reference else None,
        "bot_to_reference": (round(sending / ref_rate, 3) if sending and ref_rate else None),
        "all_messages_per_s": round(sending, 2) if sending else None,
        "launch_to_first_register_s": run.launch_to_first_s,
        "bot_cpu_while_sending_s": (
            watch.cpu_at_last - watch.cpu_at_first
            if watch and watch.cpu_at_first is not None and watch.cpu_at_last is not None
            else None
        ),
        "reminders": [
            {
                "due_after_first_register_s": round(r.due - first_at, 2),
                "first_arrival_delay_s": r.delay(False),
                "last_arrival_delay_s": r.delay(True),
                "reached": len(r.arrivals),
                "recipients": r.recipients,
                "registers_after_due": r.registers_after_due,
                "in_the_middle": run.in_middle(r),
                "on_time": r.on_time,
            }
            for r in run.reminders
        ],
        "load_average_before": list(load_before),
        "load_average_after": list(load_after),
        "target_met": all(criteria.values()),
    }
    return section


async def run(options: Options) -> Section:
    """``python -m bench.run --only month``: ``BENCH_MONTH_DATABASE_URL`` picks PostgreSQL."""
    url = os.environ.get("BENCH_MONTH_DATABASE_URL") or None
    return await measure(
        Config(
            kampungs=KAMPUNGS[options.quick],
            database_url=url,
            reset=url is not None,
            reminder_lead=REMINDER_LEAD[options.quick],
            reminder_step=REMINDER_STEP[options.quick],
        )
    )


BENCHMARK = Benchmark("month", "The 1st of the month: 2,500 Poktan registers by python -m bot", run)


# --- one run from the command line ---------------------------------------------------------------


def _setting(text_: str) -> tuple[str, str]:
    key, sep, value = text_.partition("=")
    if not sep or not key:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text_!r}")
    return key, value


def parse(argv: list[str] | None) -> Config:
    parser = argparse.ArgumentParser(
        prog="python -m bench.month",
        description="The 1st of the month's Poktan registers by the real python -m bot.",
    )
    parser.add_argument("--kampungs", type=int, default=None, metavar="N")
    parser.add_argument("--groups", type=int, default=GROUPS, metavar="N", help="per kampung")
    parser.add_argument("--latency", type=float, default=LATENCY_MS, metavar="MS")
    parser.add_argument("--quick", action="store_true", help=f"{KAMPUNGS[True]} kampungs")
    parser.add_argument(
        "--database-url",
        default=None,
        help="e.g. postgresql+asyncpg://postgres@127.0.0.1:55432/benchmonth (default: SQLite)",
    )
    parser.add_argument(
        "--reset", action="store_true", help="drop every table of the PostgreSQL database first"
    )
    parser.add_argument(
        "--reminders", type=int, default=REMINDERS, metavar="N", help="meetings, one per kampung"
    )
    parser.add_argument(
        "--reminder-lead",
        type=float,
        default=None,
        metavar="S",
        help="seconds from the launch to the first reminder's due time "
        f"(default {REMINDER_LEAD[False]:g}, --quick {REMINDER_LEAD[True]:g})",
    )
    parser.add_argument(
        "--reminder-step",
        type=float,
        default=None,
        metavar="S",
        help="seconds between two reminders' due times "
        f"(default {REMINDER_STEP[False]:g}, --quick {REMINDER_STEP[True]:g})",
    )
    parser.add_argument("--timeout", type=float, default=TIMEOUT, metavar="S")
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--set", type=_setting, action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args(argv)
    kampungs = args.kampungs or KAMPUNGS[args.quick]
    if kampungs < 1 or args.groups < 1:
        parser.error("at least one kampung and one group")
    return Config(
        kampungs=kampungs,
        groups=args.groups,
        latency_ms=args.latency,
        database_url=args.database_url,
        reset=args.reset,
        reminders=args.reminders,
        reminder_lead=REMINDER_LEAD[args.quick]
        if args.reminder_lead is None
        else args.reminder_lead,
        reminder_step=REMINDER_STEP[args.quick]
        if args.reminder_step is None
        else args.reminder_step,
        timeout=args.timeout,
        reference=not args.no_reference,
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
