"""Placeholders for the benchmarks that wait on work still in progress.

- Broadcast: 1,000 recipients against a fake that enforces 30 messages/s overall
  and 1/s per chat and answers 429 beyond; achieved messages/s and count of 429s
  (target ≥ 28.5 messages/s, zero 429s). Depends on issue 5's rate limiter.
- Peak memory of the bot process in the end-to-end scenario with 10,000 members
  (target < 150 MB). Depends on the end-to-end scenario.

To add one: write ``async def run(options: Options) -> Section`` in a module of
``bench/``, and replace the entry here in ``bench.run.BENCHMARKS`` with
``Benchmark("broadcast", "…", run)`` (keep the name, ``--only`` uses it).
"""

from __future__ import annotations

from bench.common import Benchmark, Options, Section

NOT_YET = "not measured yet (depends on issue 5's rate limiter / the e2e scenario)"


def placeholder(name: str, title: str, target: str) -> Benchmark:
    async def run(options: Options) -> Section:
        section = Section(name, title, measured=False)
        section.notes += [NOT_YET, f"Target: {target}."]
        section.data = {"measured": False, "target": target}
        return section

    return Benchmark(name, title, run)


BROADCAST = placeholder(
    "broadcast",
    "Broadcast to 1,000 recipients under Telegram's limits",
    "at least 28.5 messages/s (95% of 30/s) with zero 429s",
)
MEMORY = placeholder(
    "memory",
    "Peak memory of the bot process, end-to-end scenario with 10,000 members",
    "peak RSS under 150 MB",
)
