"""Fixtures: a real database (SQLite file, or PostgreSQL via TEST_DATABASE_URL) and a bot."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from bot.config import Settings, load_settings
from bot.db import create_engine
from tests.harness import FakeClock, Harness, Person, running_bot

TEST_TOKEN = "123456:TEST-token-for-offline-tests-only-xyz"
ADMIN = Person(5001, "Sekretaris", "sekretaris")
ADMIN_2 = Person(5002, "Ketua")
RT_LIST = "01,02,03,04,05,06,07,08,09,10,11,12"


async def _reset_postgres(url: str) -> None:
    engine = create_engine(url)
    async with engine.begin() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database for one test; migrations are applied by the bot itself."""
    external = os.environ.get("TEST_DATABASE_URL", "").strip()
    if external:
        if make_url(external).get_backend_name() == "postgresql":
            await _reset_postgres(external)
        yield external
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return load_settings(
        _env_file=None,
        BOT_TOKEN=TEST_TOKEN,
        DATABASE_URL=database_url,
        ADMIN_IDS=f"{ADMIN.id},{ADMIN_2.id}",
        KAMPUNG_NAME="Kampung KB Penyengat Rendah",
        RT_LIST=RT_LIST,
        TIMEZONE="Asia/Jakarta",
    )


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(settings, clock) as harness:
        yield harness
