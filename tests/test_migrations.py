"""The Alembic migrations build exactly the schema the models describe."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

import models
from runtime.db import alembic_config, create_engine, upgrade_database

pytestmark = pytest.mark.empty_database  # these tests migrate from nothing themselves


def _diff(connection):
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return compare_metadata(context, models.Base.metadata)


def _downgrade_to_base(connection):
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "base")


async def test_upgrade_matches_models_and_downgrade_is_clean(database_url):
    engine = create_engine(database_url)
    try:
        await upgrade_database(engine)
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
        async with engine.begin() as connection:
            await connection.run_sync(_downgrade_to_base)
        async with engine.connect() as connection:
            tables = await connection.run_sync(lambda c: inspect(c).get_table_names())
        assert set(tables) <= {"alembic_version"}
        await upgrade_database(engine)  # and up again, as at a fresh start
        await upgrade_database(engine)  # idempotent at start-up
    finally:
        await engine.dispose()


def _upgrade_to(revision):
    def run(connection):
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    return run


async def test_the_kampung_of_an_older_database_becomes_the_settings_kampung(database_url):
    """0008 gives the one kampung of a single-kampung database its invite code."""
    engine = create_engine(database_url)
    try:
        async with engine.begin() as connection:
            await connection.run_sync(_upgrade_to("0006"))
            await connection.execute(
                text(
                    "INSERT INTO kampung (name, timezone, rt_order, created_at, updated_at) "
                    "VALUES ('Lama', 'Asia/Jakarta', '01,02', '2026-01-01', '2026-01-01')"
                )
            )
        await upgrade_database(engine)
        async with engine.connect() as connection:
            rows = (
                await connection.execute(text("SELECT invite_code, from_settings FROM kampung"))
            ).all()
        [(code, from_settings)] = rows
        assert len(code) == 16 and bool(from_settings) is True
    finally:
        await engine.dispose()
