"""Start-up checks that turn a bad world into one line and a documented exit status.

``python -m bot`` runs these before it builds the application: the database must
open, migrate and be writable (else exit with a status per cause), and the Bot API
must answer ``getMe`` (retried with backoff while the network or the API is down;
given up only when Telegram refuses the token). Every failure is one line that says
what is wrong and how to fix it; the traceback only with ``LOG_LEVEL=DEBUG``.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import sqlite3
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

from sqlalchemy.engine import make_url
from telegram import Bot, User
from telegram.error import InvalidToken, NetworkError, RetryAfter, TelegramError

from runtime.config import Settings
from runtime.db import UpgradeRefused, create_engine, upgrade_database
from runtime.telegram_http import telegram_requests
from scheduler.instance import EXIT_STATUS as INSTANCE_LOCKED
from scheduler.instance import InstanceLocked

logger = logging.getLogger("bot")

# Exit statuses of ``python -m bot`` (listed in README.md, "Exit statuses").
EXIT_UNEXPECTED = 1  # a bug or a failure not classified below
EXIT_SETTINGS = 2  # bad settings (one line per problem)
EXIT_INSTANCE_LOCKED = INSTANCE_LOCKED  # 3: another bot process runs on the same database
EXIT_DATABASE_UNREACHABLE = 4  # the database server does not answer
EXIT_DATABASE_READ_ONLY = 5  # the database file or its folder cannot be written
EXIT_DATABASE_CORRUPT = 6  # the SQLite file is not a (healthy) database
EXIT_DATABASE_REFUSED = 7  # the URL names no usable database: wrong name, user, password
EXIT_INVALID_TOKEN = 8  # Telegram refused the token (401) or the API URL is wrong (404)
EXIT_WEBHOOK_PORT = 9  # the webhook server cannot listen on WEBHOOK_LISTEN:WEBHOOK_PORT
EXIT_BACKUP_FAILED = 10  # python -m bot backup could not make its copy
EXIT_UPGRADE_REFUSED = 11  # an upgrade would have lost rows: rolled back, nothing changed
EXIT_RESTORE_REFUSED = 12  # python -m bot restore: the file is no usable backup

RETRY_FIRST = 1.0  # seconds before the first retry of getMe
RETRY_CAP = 60.0  # the longest wait between two tries
POSTGRES_CONNECT_TIMEOUT = 10.0  # seconds; asyncpg's own default is 60


class StartupFailure(Exception):
    """The bot cannot start; ``line`` tells the operator why and what to do."""

    def __init__(self, status: int, line: str) -> None:
        super().__init__(line)
        self.status = status
        self.line = line


# --- the database ----------------------------------------------------------------------


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception, the driver errors SQLAlchemy wraps, and what they were raised from."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [exc]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending.extend(
            [getattr(current, "orig", None), current.__cause__, current.__context__]  # type: ignore[list-item]
        )


def _describe_database(url: str) -> tuple[str, str]:
    """(what the database is, in words; the SQLite file path or '')."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = (parsed.database or "").removeprefix("file:")  # URI form: file:x.db?mode=ro
        return f"the SQLite file {path}", path
    socket_dir = parsed.query.get("host")  # ?host=/var/run/postgresql: a Unix socket
    where = (
        f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
        if not socket_dir
        else f"the socket in {socket_dir}"
    )
    return f"PostgreSQL database {parsed.database!r} on {where}", ""


def classify_database_error(exc: BaseException, url: str) -> StartupFailure:
    """Map a failure to open or migrate the database to its exit status and one line."""
    what, path = _describe_database(url)
    folder = str(Path(path).parent) if path else ""
    messages = " | ".join(str(cause) for cause in _causes(exc)).lower()
    names = {type(cause).__name__ for cause in _causes(exc)}

    if path:  # SQLite
        if "not a database" in messages or "malformed" in messages or "corrupt" in messages:
            return StartupFailure(
                EXIT_DATABASE_CORRUPT,
                f"{what} is damaged or not a SQLite database: restore the latest copy from"
                " BACKUP_DIR (see README, 'Backups'), or move the file away to start empty.",
            )
        if Path(path).is_dir() or "is a directory" in messages:
            return StartupFailure(
                EXIT_DATABASE_REFUSED,
                f"{what} is a folder, not a file: put a file name at the end of DATABASE_URL,"
                " e.g. sqlite+aiosqlite:///data/kampungkb.db.",
            )
        if (
            "readonly" in messages
            or "read-only" in messages
            or "unable to open" in messages
            or "permission denied" in messages
            or any(isinstance(c, PermissionError) for c in _causes(exc))
        ):
            return StartupFailure(
                EXIT_DATABASE_READ_ONLY,
                f"{what} cannot be written: let the user running the bot write the folder"
                f" {folder} and the file (chown/chmod), or point DATABASE_URL at a writable"
                " place.",
            )
        if "disk i/o" in messages or "database or disk is full" in messages:
            return StartupFailure(
                EXIT_DATABASE_READ_ONLY,
                f"{what} cannot be written (disk full or failing): free space in {folder}.",
            )
    else:  # PostgreSQL
        if names & {"InvalidCatalogNameError"} or "does not exist" in messages:
            return StartupFailure(
                EXIT_DATABASE_REFUSED,
                f"{what} does not exist: create it (createdb) or fix its name in DATABASE_URL.",
            )
        if names & {"InvalidPasswordError", "InvalidAuthorizationSpecificationError"} or (
            "password" in messages or "authentication" in messages or "no pg_hba" in messages
        ):
            return StartupFailure(
                EXIT_DATABASE_REFUSED,
                f"{what} refused the user or password in DATABASE_URL: fix them, or the"
                " server's pg_hba.conf.",
            )
        if names & {"InsufficientPrivilegeError", "ReadOnlySQLTransactionError"}:
            return StartupFailure(
                EXIT_DATABASE_READ_ONLY,
                f"{what} does not let this user create or change tables: grant it ownership"
                " of the database (ALTER DATABASE ... OWNER TO ...).",
            )
        unreachable = (
            ConnectionError,
            TimeoutError,
            socket.gaierror,
        )
        if (
            any(isinstance(c, unreachable) for c in _causes(exc))
            or any(
                isinstance(c, OSError)
                and c.errno
                in (errno.ECONNREFUSED, errno.EHOSTUNREACH, errno.ENETUNREACH, errno.ENOENT)
                for c in _causes(exc)
            )
            or "connect call failed" in messages
            or "connection refused" in messages
            or "name or service not known" in messages
            or "cannotconnectnow" in messages
            or names & {"CannotConnectNowError", "ConnectionDoesNotExistError"}
        ):
            return StartupFailure(
                EXIT_DATABASE_UNREACHABLE,
                f"{what} does not answer: start PostgreSQL (systemctl start postgresql) or fix"
                " the host and port in DATABASE_URL.",
            )
    first = next(iter(_causes(exc)))
    return StartupFailure(
        EXIT_UNEXPECTED,
        f"{what} could not be opened ({type(first).__name__}: {_short(first)}):"
        " run with LOG_LEVEL=DEBUG for the details.",
    )


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


async def check_database(url: str, settings: Settings | None = None) -> None:
    """Open the database, apply the migrations and prove it is writable and whole.

    Nothing is migrated while a live bot holds the database (exit status 3), nor
    when a table would lose rows (exit status 11); a SQLite file is copied into
    ``BACKUP_DIR`` before it is migrated.
    """
    what, path = _describe_database(url)
    kwargs: dict[str, object] = {}
    if path:
        _check_sqlite_file(path, url)
    else:
        kwargs["connect_args"] = {"timeout": POSTGRES_CONNECT_TIMEOUT}
    try:
        engine = create_engine(url, **kwargs)
    except OSError as exc:  # the SQLite file's folder cannot be made
        raise classify_database_error(exc, url) from exc
    try:
        if settings is None:
            await upgrade_database(engine)
        else:
            await upgrade_database(engine, backup_dir=Path(settings.BACKUP_DIR), tz=settings.tz)
    except InstanceLocked as exc:
        raise StartupFailure(EXIT_INSTANCE_LOCKED, str(exc)) from exc
    except UpgradeRefused as exc:
        raise StartupFailure(EXIT_UPGRADE_REFUSED, exc.line) from exc
    except Exception as exc:
        raise classify_database_error(exc, url) from exc
    finally:
        await engine.dispose()
    logger.debug("Database %s opened and migrated", what)


def _check_sqlite_file(path: str, url: str) -> None:
    """A folder instead of a file, or a damaged file: fail before migrations write to it."""
    file = Path(path)
    if file.is_dir():
        raise classify_database_error(IsADirectoryError(path), url)
    if not file.is_file() or file.stat().st_size == 0:
        return  # a new database
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise classify_database_error(exc, url) from exc
    if not result or result[0] != "ok":
        raise classify_database_error(
            sqlite3.DatabaseError(f"database disk image is malformed: {result}"), url
        )


# --- the Bot API -----------------------------------------------------------------------


def _bot_for(settings: Settings) -> Bot:
    kwargs = {}
    if settings.TELEGRAM_API_BASE_URL:
        kwargs["base_url"] = f"{settings.TELEGRAM_API_BASE_URL}/bot"
        kwargs["base_file_url"] = f"{settings.TELEGRAM_API_BASE_URL}/file/bot"
    # The bot's own HTTP client (TELEGRAM_HTTP_CLIENT): what fails here fails the same
    # way for the bot, and the line names it.
    sending, polling = telegram_requests(settings)
    return Bot(
        settings.BOT_TOKEN.get_secret_value(),
        request=sending,
        get_updates_request=polling,
        **kwargs,
    )


async def wait_for_telegram(
    settings: Settings,
    *,
    sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> User:
    """Ask the Bot API who the bot is, until it answers; raise on a refused token.

    Waits 1, 2, 4 … seconds between tries, at most ``RETRY_CAP``, and says so in one
    line each time: a modem that comes up after the PC still gets a bot.
    """
    api = settings.TELEGRAM_API_BASE_URL or "https://api.telegram.org"
    delay = RETRY_FIRST
    tries = 0
    while True:
        tries += 1
        bot = _bot_for(settings)
        try:
            async with bot:  # initialize() calls getMe
                return bot.bot
        except InvalidToken as exc:
            # Bot.initialize re-raises with its own words; the server's answer is the cause.
            # (Its own words quote the token: never look at them, never print them.)
            said = " ".join(str(cause) for cause in list(_causes(exc))[1:]).lower()
            not_found = "not found" in said or "404" in said
            raise StartupFailure(
                EXIT_INVALID_TOKEN,
                (
                    f"the Bot API at {api} does not know this path (404): fix"
                    " TELEGRAM_API_BASE_URL, or leave it empty for api.telegram.org."
                )
                if not_found and settings.TELEGRAM_API_BASE_URL
                else (
                    "Telegram refused BOT_TOKEN (401 Unauthorized): copy the token again from"
                    " @BotFather (/mybots → API Token), or /revoke it and use the new one."
                ),
            ) from exc
        except RetryAfter as exc:
            after = exc.retry_after
            seconds = after.total_seconds() if hasattr(after, "total_seconds") else after
            wait = max(float(seconds), delay)
            reason = "asks to wait (flood control)"
        except NetworkError as exc:  # TimedOut, connection refused, 5xx, bad gateway
            wait = delay
            reason = f"is not reachable ({_short(exc)})"
        except TelegramError as exc:
            raise StartupFailure(
                EXIT_UNEXPECTED,
                f"the Bot API at {api} refused getMe ({_short(exc)}): check"
                " TELEGRAM_API_BASE_URL and BOT_TOKEN.",
            ) from exc
        logger.warning(
            "Telegram Bot API at %s %s; try %d failed, trying again in %g s",
            api,
            reason,
            tries,
            wait,
        )
        await sleep(wait)
        delay = min(delay * 2, RETRY_CAP)
