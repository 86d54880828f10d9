"""Every SQLite connection of the bot keeps a small page cache (issue 20: memory).

Each pooled connection fills a page cache of its own, which stays resident for as long
as the connection lives; SQLite's default of ~2 MB each made a burst of updates cost
the bot ~22 MB at 10,000 members. (No figure is asserted here: bench.memory measures.)
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from runtime.context import BotContext
from runtime.db import SQLITE_CACHE_KB


async def test_writing_and_reading_sessions_use_the_small_page_cache(bot):
    if bot.app.bot_data.engine.dialect.name != "sqlite":
        pytest.skip("a SQLite setting")
    context = BotContext(bot.app)
    async with context.reading() as reading, bot.app.bot_data.sessionmaker() as writing:
        # Two sessions open at once hold two different pooled connections.
        for session in (reading, writing):
            assert await session.scalar(text("PRAGMA cache_size")) == -SQLITE_CACHE_KB
