"""Latency of one update through the real ``python -m bot`` over HTTP, against an echo bot.

The goals of issue 20, at a 0 ms round trip (so the figure is the bot's own work):
``/jadwal`` and the RSVP press with p99 ≤ 3× the p99 of a bare python-telegram-bot
echo bot measured in the same run (``bench/echo_bot.py``), and p50 ≤ 10 ms on SQLite.

- **SQLite**: one kampung of 10,000 members (``--quick``: 1,000), a SQLite file in
  a temporary folder.
- **PostgreSQL**: 500 kampungs × 100 members (``--quick``: 20 × 50) in the database
  named by ``--pg-url`` (default ``KKB_BENCH_PG_URL`` or the dev server's
  ``kkb_perf_bench``); dropped and created afresh. Skipped when it cannot be reached.

How each update is measured is ``bench/scale.py``'s ``measure_updates``: one cadre at
a time sends ``/jadwal`` (timed from the update being queued at the fake to the card
arriving there) and presses Hadir on that card (to ``answerCallbackQuery``). Each
database is measured ``--repeats`` times (a fresh bot and a fresh echo each time);
the figures printed are per repetition, beside the goal and the echo.

Run: ``python -m bench.latency [--quick] [--only sqlite|postgresql] [--profile DIR]
[--http-client aiohttp|httpx|both]`` (``--profile``: py-spy records the bot while it is
measured, one file per run; ``--http-client``: the bot's ``TELEGRAM_HTTP_CLIENT``, or
both interleaved, for the client's share; the echo bot is stock python-telegram-bot on
httpx either way), or
``python -m bench.run --only latency``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url

from bench.common import Benchmark, Options, Section, Table
from bench.scale import Size, run_latency, seed

P99_RATIO_GOAL = 3.0
CLIENTS = ("aiohttp", "httpx")  # TELEGRAM_HTTP_CLIENT; the echo bot is always on httpx
DEFAULT_CLIENT = "aiohttp"
P50_GOAL_MS = 10.0  # SQLite only
DEFAULT_PG_URL = os.environ.get(
    "KKB_BENCH_PG_URL", "postgresql+asyncpg://postgres@127.0.0.1:55432/kkb_perf_bench"
)
SQLITE_FULL = Size(kampungs=1, members=10_000, updates=200, reminder_kampungs=0)
SQLITE_QUICK = Size(kampungs=1, members=1_000, updates=60, reminder_kampungs=0)
PG_FULL = Size(kampungs=500, members=100, updates=200, reminder_kampungs=0)
PG_QUICK = Size(kampungs=20, members=50, updates=60, reminder_kampungs=0)


async def fresh_postgres(url: str) -> bool:
    """Drop and create the database of ``url``; False when the server cannot be reached."""
    target = make_url(url)
    try:
        admin = await asyncpg.connect(
            host=target.host, port=target.port, user=target.username, database="postgres"
        )
    except (OSError, asyncpg.PostgresError) as error:
        logging.getLogger("bench.latency").warning("PostgreSQL skipped: %s", error)
        return False
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)')
        await admin.execute(f'CREATE DATABASE "{target.database}"')
    finally:
        await admin.close()
    return True


async def one_database(
    name: str,
    url: str,
    size: Size,
    repeats: int,
    folder: Path,
    profile: Path | None,
    clients: list[str],
) -> list[dict[str, Any]]:
    """``repeats`` runs of each HTTP client in ``clients``, interleaved."""
    world = await seed(url, size, datetime.now(UTC))
    runs = []
    for repeat in range(repeats):
        for turn, client in enumerate(clients):
            load = os.getloadavg()[0]
            spy = None if profile is None else profile / f"bot-{name}-{client}-{repeat + 1}.txt"
            offset = (repeat * len(clients) + turn) * (size.updates + 5)
            figures = await run_latency(
                url,
                size,
                world,
                folder,
                latency=0.0,
                profile=spy,
                offset=offset,
                extra={"TELEGRAM_HTTP_CLIENT": client},
            )
            figures["load_average"] = round(load, 2)
            figures["database"] = name
            figures["client"] = client
            runs.append(figures)
    return runs


def table(runs: list[dict[str, Any]], sizes: dict[str, Size]) -> Table:
    result = Table(
        "p50 / p99 in ms, the bot (python -m bot) beside the echo bot of the same run, 0 ms"
        " round trip",
        [
            "database",
            "HTTP client",
            "run",
            "load",
            "update",
            "n",
            "bot p50",
            "bot p99",
            "echo p50",
            "echo p99",
            "p99 ratio",
            "p99 ≤ 3× echo",
            "p50 ≤ 10 ms",
            "peak MB",
            "CPU ms/update bot / echo",
        ],
    )
    for index, run in enumerate(runs):
        name = run["database"]
        size = sizes[name]
        for update in ("/jadwal", "RSVP press"):
            row = run[update]
            p50_goal = (
                ("met" if row["bot_p50_ms"] <= P50_GOAL_MS else "MISSED")
                if name == "sqlite"
                else ""
            )
            result.add(
                f"{name} ({size.kampungs}×{size.members})",
                run["client"],
                index + 1,
                run["load_average"],
                update,
                row["n"],
                row["bot_p50_ms"],
                row["bot_p99_ms"],
                row["echo_p50_ms"],
                row["echo_p99_ms"],
                f"{row['p99_ratio']:.2f}×",
                "met" if row["goal_met"] else "MISSED",
                p50_goal,
                round(run["bot_peak_mb"] or 0, 1),
                "{bot} / {echo}".format(**run["cpu_ms_per_update"]),
            )
    return result


async def measure(
    quick: bool,
    only: list[str] | None,
    repeats: int,
    pg_url: str,
    profile: Path | None,
    clients: list[str] | None = None,
) -> Section:
    section = Section("latency", "One update through python -m bot over HTTP, against echo")
    clients = clients or [DEFAULT_CLIENT]
    sizes = {
        "sqlite": SQLITE_QUICK if quick else SQLITE_FULL,
        "postgresql": PG_QUICK if quick else PG_FULL,
    }
    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="kampungkb-latency-") as name:
        folder = Path(name)
        if not only or "sqlite" in only:
            url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
            runs += await one_database(
                "sqlite", url, sizes["sqlite"], repeats, folder, profile, clients
            )
        if not only or "postgresql" in only:
            if await fresh_postgres(pg_url):
                runs += await one_database(
                    "postgresql", pg_url, sizes["postgresql"], repeats, folder, profile, clients
                )
            else:
                section.notes.append(f"PostgreSQL at {pg_url} could not be reached: skipped")
    section.tables.append(table(runs, sizes))
    section.data["runs"] = runs
    section.notes.append(
        f"Goals: p99 ≤ {P99_RATIO_GOAL:g}× the echo bot's p99 (both databases); p50 ≤"
        f" {P50_GOAL_MS:g} ms on SQLite. Figures on a shared machine: compare the ratio."
    )
    return section


async def run(options: Options) -> Section:
    return await measure(options.quick, None, 2, DEFAULT_PG_URL, None)


BENCHMARK = Benchmark("latency", "One update through python -m bot over HTTP", run)


def main(argv: list[str] | None = None) -> int:
    from bench.run import show

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", action="append", choices=["sqlite", "postgresql"])
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL)
    parser.add_argument("--profile", type=Path, help="a folder for py-spy's collapsed stacks")
    parser.add_argument(
        "--http-client",
        choices=[*CLIENTS, "both"],
        default=DEFAULT_CLIENT,
        help="the bot's TELEGRAM_HTTP_CLIENT; both: each repetition runs both, interleaved",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()[0]
    with contextlib.suppress(KeyboardInterrupt):
        section = asyncio.run(
            measure(
                args.quick,
                args.only,
                args.repeats,
                args.pg_url,
                args.profile,
                list(CLIENTS) if args.http_client == "both" else [args.http_client],
            )
        )
        show(section, 0.0, load)
        return 0
    return 1


if __name__ == "__main__":
    sys.exit(main())
