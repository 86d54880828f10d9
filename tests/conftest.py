"""Fixtures: a real database (SQLite file, or PostgreSQL via TEST_DATABASE_URL) and a bot."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy.engine import make_url

from runtime.config import Settings
from tests.harness import (
    ADMIN,
    ADMIN_2,
    RT_LIST,
    TEST_TOKEN,
    FakeClock,
    Harness,
    ensure_postgres_database,
    make_settings,
    migrated_postgres,
    migrated_sqlite,
    reset_postgres,
    running_bot,
)

__all__ = ["ADMIN", "ADMIN_2", "RT_LIST", "TEST_TOKEN"]  # imported by the tests from here

# Hypothesis fails an example that takes over 200 ms by default: a timed assertion, which
# the house does not make in tests (speed is measured in bench/). On a loaded CI machine
# it failed text tests that have nothing to do with time.
hypothesis_settings.register_profile("house", deadline=None)
hypothesis_settings.load_profile("house")


def pytest_configure(config: pytest.Config) -> None:
    """Under pytest-xdist every worker gets a PostgreSQL database of its own.

    Tests reset their database (``reset_postgres``); two workers on one database
    would wipe each other's. The worker's database is made next to the one named
    in ``TEST_DATABASE_URL`` (``<name>_gw0``, …) and put in the environment, so
    every reader of ``TEST_DATABASE_URL``, end-to-end tests included, uses it.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    external = os.environ.get("TEST_DATABASE_URL", "").strip()
    if not worker or not external or make_url(external).get_backend_name() != "postgresql":
        return
    url = make_url(external)
    own = url.set(database=f"{url.database}_{worker}")
    asyncio.run(ensure_postgres_database(own))
    os.environ["TEST_DATABASE_URL"] = own.render_as_string(hide_password=False)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``long`` first: they mostly wait for real time (a reminder's due time
    in the real process), so started first under pytest-xdist they wait beside the
    other workers' tests instead of after them."""
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


@pytest.fixture
async def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[str]:
    """A database of this test's own, already at the head revision.

    It is a copy of one template migrated per test process (the bot finds nothing to
    migrate and starts as on an up-to-date database). A test marked ``empty_database``
    gets an empty one instead: the tests of migrations themselves.
    """
    empty = request.node.get_closest_marker("empty_database") is not None
    external = os.environ.get("TEST_DATABASE_URL", "").strip()
    if external and make_url(external).get_backend_name() == "postgresql":
        if empty:
            await reset_postgres(external)
        else:
            await migrated_postgres(external)
        yield external
    elif external:
        yield external
    elif empty:
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.db'}"
    else:
        yield await migrated_sqlite(tmp_path / "test.db", tmp_path_factory.getbasetemp())


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
