"""The report libraries load on first use, not at start-up, and Alembic only when the
schema needs upgrading (issue 20: memory).

matplotlib, fpdf2 (with numpy and Pillow) and XlsxWriter add ~40–80 MB to the bot's
resident memory; most updates never need them. A fresh interpreter (this test process
has long imported them for other tests) builds and starts the bot as ``python -m bot``
does, handles a /jadwal, and reports what is loaded; then /laporan loads them and
still sends its chart and workbook.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from runtime.db import create_engine, head_revision, schema_head, upgrade_database

REPORT_LIBRARIES = ("matplotlib", "fpdf", "xlsxwriter", "numpy", "PIL")

SCRIPT = """
import asyncio, json, sys
from datetime import UTC, datetime
from tests.harness import ADMIN, FakeClock, make_settings, running_bot

LIBRARIES = {libraries!r}

def loaded():
    return sorted(name for name in LIBRARIES if name in sys.modules)

async def main():
    clock = FakeClock(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))
    result = {{}}
    async with running_bot(make_settings({url!r}), clock) as bot:
        await bot.send(ADMIN, "/start")
        await bot.send(ADMIN, "/jadwal")
        result["after_start"] = loaded()
        # Only now: the report tests' module reads PNGs and workbooks (Pillow, openpyxl).
        from tests.test_reports import documents, seed_year
        await seed_year(bot)
        await bot.send(ADMIN, "/laporan")
        result["after_report"] = loaded()
        result["files"] = sorted(documents(bot))
    print(json.dumps(result))

asyncio.run(main())
"""


def run_fresh(script: str) -> Any:
    """Run ``script`` in a fresh interpreter; what it printed last, as JSON."""
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={**os.environ, "PYTHONPATH": str(root)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_report_libraries_load_on_the_first_report_only(database_url: str) -> None:
    result = run_fresh(SCRIPT.format(libraries=REPORT_LIBRARIES, url=database_url))
    assert result["after_start"] == []
    assert result["files"] == ["laporan-kehadiran-2026.png", "laporan-kehadiran-2026.xlsx"]
    assert {"matplotlib", "xlsxwriter"} <= set(result["after_report"])


MIGRATION_LIBRARIES = ("alembic", "mako")

UP_TO_DATE_SCRIPT = """
import asyncio, json, sys
from datetime import UTC, datetime
from bot.preflight import check_database
from tests.harness import ADMIN, FakeClock, make_settings, running_bot

async def main():
    clock = FakeClock(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))
    settings = make_settings({url!r})
    await check_database(settings.DATABASE_URL, settings)  # as python -m bot does first
    async with running_bot(settings, clock) as bot:
        await bot.send(ADMIN, "/start")
        await bot.send(ADMIN, "/jadwal")
    print(json.dumps(sorted(name for name in {libraries!r} if name in sys.modules)))

asyncio.run(main())
"""


async def _migrate(url: str) -> None:
    engine = create_engine(url)
    try:
        await upgrade_database(engine)
    finally:
        await engine.dispose()


def test_a_bot_on_an_up_to_date_schema_never_loads_alembic(database_url: str) -> None:
    """Alembic and Mako (~10 MB) load only when there is something to migrate."""
    asyncio.run(_migrate(database_url))  # beforehand, in this process
    script = UP_TO_DATE_SCRIPT.format(libraries=MIGRATION_LIBRARIES, url=database_url)
    assert run_fresh(script) == []


def test_the_head_read_from_the_migration_files_is_alembics() -> None:
    assert schema_head() == head_revision()
