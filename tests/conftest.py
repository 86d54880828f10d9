"""Fixtures: a real database (SQLite file, or PostgreSQL via TEST_DATABASE_URL) and a bot."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from bot.config import Settings
from tests.harness import (
    ADMIN,
    ADMIN_2,
    RT_LIST,
    TEST_TOKEN,
    FakeClock,
    Harness,
    make_settings,
    reset_postgres,
    running_bot,
)

__all__ = ["ADMIN", "ADMIN_2", "RT_LIST", "TEST_TOKEN"]  # imported by the tests from here


@pytest.fixture
async def database_url(tmp_path: Path) -> AsyncIterator[str]:
    """An empty database for one test; migrations are applied by the bot itself."""
    external = os.environ.get("TEST_DATABASE_URL", "").strip()
    if external:
        if make_url(external).get_backend_name() == "postgresql":
            await reset_postgres(external)
        yield external
    else:
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 7, 1, 2, 0, tzinfo=UTC))


@pytest.fixture
def settings(database_url: str) -> Settings:
    return make_settings(database_url)


@pytest.fixture
async def bot(settings: Settings, clock: FakeClock) -> AsyncIterator[Harness]:
    async with running_bot(settings, clock) as harness:
        yield harness
