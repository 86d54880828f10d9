"""Run the benchmarks, print a table per benchmark and write ``bench/results.json``.

From the repository root::

    .venv/bin/python -m bench.run            # full sizes (a few minutes)
    .venv/bin/python -m bench.run --quick    # small sizes, a smoke run
    .venv/bin/python -m bench.run --only burst --only recap
    .venv/bin/python -m bench.run --only yearly            # the year report (/laporan)
    .venv/bin/python -m bench.run --only register          # a Poktan's monthly register
    .venv/bin/python -m bench.run --only month   # the 1st of the month: 2,500 registers sent
    .venv/bin/python -m bench.run --only latency           # python -m bot over HTTP vs echo
    .venv/bin/python -m bench.run --only updates --profile   # + where the time goes

A benchmark is a ``Benchmark(name, title, coroutine)`` in ``BENCHMARKS``; the
coroutine gets the ``Options`` and returns a ``Section`` (tables, notes, figures).
Timings are printed against their targets (met / MISSED); a missed target never
fails the run, only a benchmark that could not run does (exit status 1).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import subprocess
import sys
import time
import traceback
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import (
    ROOT,
    broadcast,
    burst,
    latency,
    memory,
    month,
    recap,
    register,
    updates,
    yearly,
)
from bench.common import FULL, QUICK, Benchmark, Options, Section, Table

RESULTS = ROOT / "bench" / "results.json"

BENCHMARKS: list[Benchmark] = [
    latency.BENCHMARK,
    updates.BENCHMARK,
    burst.BENCHMARK,
    recap.BENCHMARK,
    yearly.BENCHMARK,
    register.BENCHMARK,
    broadcast.BENCHMARK,
    month.BENCHMARK,
    memory.BENCHMARK,
]


# --- printing ------------------------------------------------------------------------------------


def cell(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def render(table: Table) -> str:
    cells = [[cell(v) for v in row] for row in table.rows]
    widths = [
        max([len(name)] + [len(row[i]) for row in cells]) for i, name in enumerate(table.columns)
    ]

    def line(values: list[str]) -> str:
        parts = [
            value.ljust(width) if i == 0 else value.rjust(width)
            for i, (value, width) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([table.title, line(table.columns), rule, *(line(row) for row in cells)])


def show(section: Section, seconds: float, load: float) -> None:
    print(f"\n=== {section.title} [{section.name}] ({seconds:.1f} s, load average {load:.2f}) ===")
    for table in section.tables:
        print()
        print(render(table))
    if section.notes:
        print()
        for note in section.notes:
            print(f"  * {note}")
    for text in section.appendix:
        print()
        print(text)
    sys.stdout.flush()


# --- results.json --------------------------------------------------------------------------------


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip() or None


def save(path: Path, sections: dict[str, dict[str, Any]]) -> None:
    """Write the figures; sections not run this time are kept from the previous file."""
    previous: dict[str, Any] = {}
    if path.exists():
        try:
            previous = json.loads(path.read_text(encoding="utf-8")).get("benchmarks", {})
        except (json.JSONDecodeError, AttributeError):
            previous = {}
    document = {
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python -m bench.run", *sys.argv[1:]]),
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
        "git_commit": _git_commit(),
        "benchmarks": previous | sections,
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


# --- main ----------------------------------------------------------------------------------------


def parse(argv: list[str] | None) -> argparse.Namespace:
    names = [b.name for b in BENCHMARKS]
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument(
        "--only", action="append", choices=names, metavar="NAME", help=f"one of {', '.join(names)}"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile the update-handling scenarios (pyinstrument, else cProfile)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help="where to write the figures")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    options = Options(sizes=QUICK if args.quick else FULL, quick=args.quick, profile=args.profile)
    chosen = [b for b in BENCHMARKS if not args.only or b.name in args.only]
    print(
        f"Kampung KB bot benchmarks ({'quick' if args.quick else 'full'} sizes) — "
        f"Python {platform.python_version()}, {os.cpu_count()} CPUs"
    )
    sections: dict[str, dict[str, Any]] = {}
    failed: list[str] = []
    started = time.perf_counter()
    for benchmark in chosen:
        load = os.getloadavg()[0]
        began = time.perf_counter()
        try:
            section = asyncio.run(benchmark.run(options))
        except Exception:
            traceback.print_exc()
            print(f"\n!!! benchmark {benchmark.name} could not run")
            failed.append(benchmark.name)
            continue
        seconds = time.perf_counter() - began
        show(section, seconds, load)
        sections[section.name] = {
            "title": section.title,
            "measured": section.measured,
            "quick": options.quick,
            "seconds": round(seconds, 1),
            "load_average_at_start": round(load, 2),
            "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "tables": [
                {
                    "title": t.title,
                    "columns": t.columns,
                    "rows": [[cell(v) for v in r] for r in t.rows],
                }
                for t in section.tables
            ],
            "notes": section.notes,
            "figures": section.data,
        }
    save(args.output, sections)
    print(f"\nFigures written to {args.output} — total {time.perf_counter() - started:.0f} s")
    if failed:
        print(f"Could not run: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
