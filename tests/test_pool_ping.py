"""PostgreSQL: a pooled connection that sat idle is pinged before use, and a dead one is
replaced (``runtime/db.py``: ``pool_pre_ping`` only for idle connections, issue 20)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.dialects.postgresql.asyncpg import AsyncAdapt_asyncpg_connection
from sqlalchemy.engine import make_url

from runtime import db
from runtime.db import create_engine


async def _backend_pid(engine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("SELECT pg_backend_pid()")))


async def test_an_idle_connection_killed_on_the_server_is_replaced(database_url, monkeypatch):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    other = create_engine(database_url)
    try:
        pid = await _backend_pid(engine)  # the pool keeps this one connection
        async with other.connect() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)  # it has been idle "long"
        assert await _backend_pid(engine) != pid  # pinged, found dead, connected afresh
    finally:
        await engine.dispose()
        await other.dispose()


async def test_a_connection_in_steady_use_is_not_pinged(database_url, monkeypatch):
    if make_url(database_url).get_backend_name() != "postgresql":
        pytest.skip("PostgreSQL only (TEST_DATABASE_URL)")
    engine = create_engine(database_url, pool_size=1, max_overflow=0)
    pings: list[object] = []
    try:
        original = AsyncAdapt_asyncpg_connection.ping
        monkeypatch.setattr(
            AsyncAdapt_asyncpg_connection, "ping", lambda self: pings.append(self) or original(self)
        )
        for _ in range(3):
            await _backend_pid(engine)
        assert pings == []
        monkeypatch.setattr(db, "PING_AFTER_IDLE_SECONDS", 0.0)
        await _backend_pid(engine)
        assert len(pings) == 1
    finally:
        await engine.dispose()
