"""Alembic environment: async engine, URL from DATABASE_URL, metadata from models."""

import asyncio
import os
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection

import models  # noqa: F401  (registers every table on Base.metadata)
from models.base import Base, UTCDateTime
from runtime.config import DEFAULT_DATABASE_URL
from runtime.db import create_migration_engine

config = context.config
target_metadata = Base.metadata

if config.config_file_name is not None and config.attributes.get("connection") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            url = driver + url[len(plain) :]
    return url


def _render_item(type_: str, obj: object, autogen_context: object) -> str | bool:
    # Migrations must not import our column types: render UTCDateTime as what it is.
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_item=_render_item,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=_database_url(),
        target_metadata=target_metadata,
        literal_binds=True,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_async() -> None:
    # The alembic command line: foreign keys off on SQLite, as when the bot upgrades
    # (runtime/db.py), or a table rebuild deletes the rows referring to the table.
    engine = create_migration_engine(_database_url())
    async with engine.begin() as connection:
        await connection.run_sync(_configure)
    await engine.dispose()


def run_migrations_online() -> None:
    # The bot and the tests hand over an open connection (see runtime/db.py).
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
    else:
        asyncio.run(_run_async())


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
