"""Start-up checks: which exit status each database failure gets, and the getMe backoff."""

from __future__ import annotations

import errno
import socket
import sqlite3

import asyncpg
import pytest
from sqlalchemy.exc import OperationalError

from bot import preflight
from runtime.config import load_settings
from tests.conftest import TEST_TOKEN

SQLITE = "sqlite+aiosqlite:///data/kampungkb.db"
POSTGRES = "postgresql+asyncpg://kb:secret@db.example:5432/kampungkb"


def _wrapped(error: BaseException) -> OperationalError:
    """How SQLAlchemy hands a driver's error up: the original in ``.orig``."""
    return OperationalError("SELECT 1", {}, error)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "error", "status"),
    [
        (SQLITE, sqlite3.DatabaseError("file is not a database"), preflight.EXIT_DATABASE_CORRUPT),
        (
            SQLITE,
            sqlite3.DatabaseError("database disk image is malformed"),
            preflight.EXIT_DATABASE_CORRUPT,
        ),
        (
            SQLITE,
            sqlite3.OperationalError("attempt to write a readonly database"),
            preflight.EXIT_DATABASE_READ_ONLY,
        ),
        (
            SQLITE,
            sqlite3.OperationalError("unable to open database file"),
            preflight.EXIT_DATABASE_READ_ONLY,
        ),
        (
            SQLITE,
            PermissionError(errno.EACCES, "Permission denied"),
            preflight.EXIT_DATABASE_READ_ONLY,
        ),
        (
            POSTGRES,
            ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"),
            preflight.EXIT_DATABASE_UNREACHABLE,
        ),
        (
            POSTGRES,
            socket.gaierror(-2, "Name or service not known"),
            preflight.EXIT_DATABASE_UNREACHABLE,
        ),
        (POSTGRES, TimeoutError(), preflight.EXIT_DATABASE_UNREACHABLE),
        (
            POSTGRES,
            asyncpg.InvalidCatalogNameError('database "kampungkb" does not exist'),
            preflight.EXIT_DATABASE_REFUSED,
        ),
        (
            POSTGRES,
            asyncpg.InvalidPasswordError('password authentication failed for user "kb"'),
            preflight.EXIT_DATABASE_REFUSED,
        ),
        (
            POSTGRES,
            asyncpg.InsufficientPrivilegeError("permission denied for schema public"),
            preflight.EXIT_DATABASE_READ_ONLY,
        ),
        (SQLITE, RuntimeError("something else"), preflight.EXIT_UNEXPECTED),
    ],
)
def test_each_database_failure_has_its_exit_status(url, error, status):
    for raised in (error, _wrapped(error)):
        failure = preflight.classify_database_error(raised, url)
        assert failure.status == status, failure.line
        assert "\n" not in failure.line
        assert "secret" not in failure.line  # the password in the URL is never shown


def test_exit_statuses_are_distinct():
    statuses = [value for name, value in vars(preflight).items() if name.startswith("EXIT_")]
    assert len(statuses) == len(set(statuses)) == 12
    assert preflight.EXIT_SETTINGS == 2 and preflight.EXIT_INSTANCE_LOCKED == 3


async def test_get_me_is_retried_with_a_capped_backoff_and_one_line_each(caplog):
    with socket.socket() as probe:  # a port nobody listens on: connection refused at once
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = load_settings(
        _env_file=None, BOT_TOKEN=TEST_TOKEN, TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}"
    )
    waits: list[float] = []

    class GaveUp(Exception):
        pass

    async def sleep(seconds: float) -> None:  # the test's clock: no real waiting
        waits.append(seconds)
        if len(waits) == 9:
            raise GaveUp

    with pytest.raises(GaveUp):
        await preflight.wait_for_telegram(settings, sleep=sleep)
    assert waits == [1, 2, 4, 8, 16, 32, 60, 60, 60]
    lines = [r.getMessage() for r in caplog.records if r.name == "bot"]
    assert len(lines) == 9
    assert all("not reachable" in line and "trying again" in line for line in lines)
    assert all(TEST_TOKEN not in line for line in lines)
