"""Typed settings read from the environment and ``.env``."""

from __future__ import annotations

import re
from datetime import time, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from sqlalchemy.engine import make_url

from models.offsets import parse_offsets
from models.rules.rotation import normalize_rt

DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///data/kampungkb.db"
_TOKEN = re.compile(r"^\d{3,20}:[A-Za-z0-9_-]{30,}$")
_LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
# What Telegram accepts as a webhook's secret_token.
_WEBHOOK_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

# What to tell the operator, per setting, when it is missing or wrong.
FIXES: dict[str, str] = {
    "BOT_TOKEN": (
        "get a token from @BotFather in Telegram (/newbot) and put BOT_TOKEN=<token> in .env"
    ),
    "DATABASE_URL": (
        "use sqlite+aiosqlite:///data/kampungkb.db or postgresql+asyncpg://user:pass@host/db"
    ),
    "TIMEZONE": "use an IANA zone name such as Asia/Jakarta, Asia/Makassar or Asia/Jayapura",
    "ADMIN_IDS": "list Telegram user ids separated by commas, e.g. ADMIN_IDS=12345678,23456789",
    "OPERATOR_IDS": (
        "list the operators' (PKB/PLKB, Dinas) Telegram user ids, positive numbers separated "
        "by commas, e.g. OPERATOR_IDS=34567890"
    ),
    "KAMPUNG_NAME": "give the kampung's name, e.g. KAMPUNG_NAME=Kampung KB Penyengat Rendah",
    "RT_LIST": "list the RTs in host-rotation order, e.g. RT_LIST=01,02,03,04",
    "GROUP_CHAT_ID": "use the group's numeric id (negative, e.g. -1001234567890) or leave it empty",
    "REMINDER_OFFSETS": "list offsets before the meeting with units d/h/m/s, e.g. 7d,1d,3h",
    "CHECKIN_OPENS_BEFORE": "use one duration with unit d/h/m/s, e.g. 1h or 30m",
    "CHECKIN_CLOSES_AFTER": "use one duration with unit d/h/m/s, e.g. 4h",
    "QUARTER_NUDGE_DAYS": "use a whole number of days from 0 (no nudge) to 90, e.g. 21",
    "TELEGRAM_API_BASE_URL": "use the root URL of a Bot API server, e.g. http://127.0.0.1:8081",
    "TELEGRAM_HTTP_CLIENT": "use aiohttp (the default) or httpx",
    "LOG_LEVEL": "use one of DEBUG, INFO, WARNING, ERROR",
    "WEBHOOK_URL": "use the public https:// URL Telegram should post to, or leave it empty",
    "WEBHOOK_LISTEN": "use the address the webhook server binds to, e.g. 127.0.0.1 or 0.0.0.0",
    "WEBHOOK_PORT": "use a TCP port from 1 to 65535, e.g. 8443",
    "WEBHOOK_SECRET": "use 1-256 letters, digits, _ or -, or leave it empty to generate one",
    "BACKUP_DIR": "name a folder for the database copies, e.g. BACKUP_DIR=data/backups",
    "BACKUP_KEEP": "use how many daily copies to keep (0: no daily backup), e.g. 14",
    "BACKUP_TIME": "use the local time of the daily backup as HH:MM, e.g. 02:30",
    "OUTBOX_RETENTION_DAYS": "use a whole number of days from 1 to 3650, e.g. 30",
    "PHOTO_DIR": "use a folder the bot may write to, e.g. data/photos, or leave it empty",
}


def normalize_database_url(url: str) -> str:
    """Accept the plain URL forms people copy from elsewhere; pick the async driver."""
    url = url.strip()
    for plain, driver in (
        ("sqlite://", "sqlite+aiosqlite://"),
        ("postgresql://", "postgresql+asyncpg://"),
        ("postgres://", "postgresql+asyncpg://"),
    ):
        if url.startswith(plain):
            return driver + url[len(plain) :]
    return url


def _split_list(value: Any) -> Any:
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    """Everything the bot reads from its environment. See ``.env.example``."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=True
    )

    BOT_TOKEN: SecretStr
    DATABASE_URL: str = DEFAULT_DATABASE_URL
    TIMEZONE: str = "Asia/Jakarta"
    ADMIN_IDS: Annotated[frozenset[int], NoDecode] = frozenset()
    # Operators (PKB/PLKB, Dinas): /kampung and /ringkasan over every kampung of the bot.
    OPERATOR_IDS: Annotated[frozenset[int], NoDecode] = frozenset()
    KAMPUNG_NAME: str = Field(default="Kampung KB", min_length=1, max_length=120)
    RT_LIST: Annotated[tuple[str, ...], NoDecode] = tuple(f"{n:02d}" for n in range(1, 11))
    GROUP_CHAT_ID: int | None = None
    REMINDER_OFFSETS: Annotated[tuple[timedelta, ...], NoDecode] = (
        timedelta(days=7),
        timedelta(days=1),
        timedelta(hours=3),
    )
    CHECKIN_OPENS_BEFORE: Annotated[timedelta, NoDecode] = timedelta(hours=1)
    CHECKIN_CLOSES_AFTER: Annotated[timedelta, NoDecode] = timedelta(hours=4)
    # Days before a quarter starts to remind the admins if it has no meeting yet; 0: never.
    QUARTER_NUDGE_DAYS: int = Field(default=21, ge=0, le=90)
    # At most one edit of the group's meeting card (its RSVP tally) per this many seconds:
    # a group takes 20 messages a minute, announcements and reminders included.
    GROUP_CARD_EDIT_SECONDS: int = Field(default=15, ge=3, le=3600)
    TELEGRAM_API_BASE_URL: str | None = None
    # The HTTP client under python-telegram-bot: aiohttp (lighter per request, see
    # runtime/telegram_http.py) or httpx (python-telegram-bot's own).
    TELEGRAM_HTTP_CLIENT: Literal["aiohttp", "httpx"] = "aiohttp"
    LOG_LEVEL: str = "INFO"
    # Webhook mode instead of long polling when WEBHOOK_URL is set (see README).
    WEBHOOK_URL: str | None = None
    WEBHOOK_LISTEN: str = "127.0.0.1"
    WEBHOOK_PORT: int = Field(default=8443, ge=1, le=65535)
    WEBHOOK_SECRET: SecretStr | None = None
    # Daily copies of a SQLite database (python -m bot backup makes one at any time).
    BACKUP_DIR: str = "data/backups"
    BACKUP_KEEP: int = Field(default=14, ge=0, le=3650)
    BACKUP_TIME: time = time(2, 30)
    # Days a sent message's text and chat id are kept in the outbox (its row stays).
    OUTBOX_RETENTION_DAYS: int = Field(default=30, ge=1, le=3650)
    # Where copies of meeting photos are kept; empty: "photos" next to the SQLite file
    # (data/photos with PostgreSQL).
    PHOTO_DIR: Path | None = None

    @field_validator("BOT_TOKEN")
    @classmethod
    def _token_shape(cls, value: SecretStr) -> SecretStr:
        if not _TOKEN.match(value.get_secret_value().strip()):
            # Never echo the value: it may be a real token with a typo.
            raise ValueError("does not look like a bot token (digits, a colon, then 30+ chars)")
        return SecretStr(value.get_secret_value().strip())

    @field_validator("DATABASE_URL")
    @classmethod
    def _async_driver(cls, value: str) -> str:
        value = normalize_database_url(value)
        if not value.startswith(("sqlite+aiosqlite://", "postgresql+asyncpg://")):
            raise ValueError("only SQLite and PostgreSQL URLs are supported")
        return value

    @field_validator("TIMEZONE")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value.strip()

    @field_validator("ADMIN_IDS", mode="before")
    @classmethod
    def _split_admins(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("OPERATOR_IDS", mode="before")
    @classmethod
    def _split_operators(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("OPERATOR_IDS")
    @classmethod
    def _operators_are_users(cls, value: frozenset[int]) -> frozenset[int]:
        wrong = sorted(user_id for user_id in value if user_id <= 0)
        if wrong:
            raise ValueError(f"{wrong[0]} is not a user id (user ids are positive)")
        return value

    @field_validator("RT_LIST", mode="before")
    @classmethod
    def _split_rts(cls, value: Any) -> Any:
        return _split_list(value)

    @field_validator("RT_LIST")
    @classmethod
    def _rts_valid(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("must name at least one RT")
        for rt in value:
            if not re.fullmatch(r"[0-9A-Za-z]{1,8}", rt):
                raise ValueError(f"{rt!r} is not an RT number")
        for index, rt in enumerate(value):
            same = normalize_rt(rt, value[:index])
            if same is not None:
                # The bot reads "1", "01" and "RT 1" as one RT: listing both stalls rotation.
                raise ValueError(f"lists one RT twice ({same!r} and {rt!r} are the same RT)")
        return value

    @field_validator("ADMIN_IDS")
    @classmethod
    def _user_ids(cls, value: frozenset[int]) -> frozenset[int]:
        wrong = sorted(user_id for user_id in value if user_id <= 0)
        if wrong:
            # Group and channel ids are negative; user ids never are.
            raise ValueError(
                f"holds {', '.join(map(str, wrong))}, which cannot be a user id (user ids are"
                " positive)"
            )
        return value

    @field_validator("GROUP_CHAT_ID", mode="before")
    @classmethod
    def _empty_group(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("GROUP_CHAT_ID")
    @classmethod
    def _group_negative(cls, value: int | None) -> int | None:
        if value is not None and value >= 0:
            raise ValueError(f"is {value}, but group ids are negative (a positive id is a user)")
        return value

    @field_validator("WEBHOOK_URL", "WEBHOOK_SECRET", mode="before")
    @classmethod
    def _empty_none(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("WEBHOOK_URL")
    @classmethod
    def _webhook_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = value.strip()
        if not value.startswith(("https://", "http://")) or len(value) < 10:
            raise ValueError("must be a full URL starting with https://")
        return value

    @field_validator("WEBHOOK_SECRET")
    @classmethod
    def _webhook_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and not _WEBHOOK_SECRET.match(value.get_secret_value().strip()):
            raise ValueError("has characters Telegram does not accept in a secret token")
        return None if value is None else SecretStr(value.get_secret_value().strip())

    @field_validator("BACKUP_DIR")
    @classmethod
    def _backup_dir(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("is empty")
        return value.strip()

    @field_validator("BACKUP_TIME", mode="before")
    @classmethod
    def _backup_time(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = re.fullmatch(r"\s*(\d{1,2})[:.](\d{2})\s*", value)
            if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
                raise ValueError(f"{value.strip()!r} is not a time of day")
            return time(int(match.group(1)), int(match.group(2)))
        return value

    @field_validator("REMINDER_OFFSETS", mode="before")
    @classmethod
    def _offsets(cls, value: Any) -> Any:
        return parse_offsets(value) if isinstance(value, str) else value

    @field_validator("CHECKIN_OPENS_BEFORE", "CHECKIN_CLOSES_AFTER", mode="before")
    @classmethod
    def _one_offset(cls, value: Any) -> Any:
        if isinstance(value, str):
            offsets = parse_offsets(value)
            if len(offsets) != 1:
                raise ValueError("must be one duration such as 1h or 30m")
            return offsets[0]
        return value

    @field_validator("TELEGRAM_API_BASE_URL", mode="before")
    @classmethod
    def _base_url(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip().rstrip("/")
            if not value:
                return None
            if not value.startswith(("http://", "https://")):
                raise ValueError("must start with http:// or https://")
        return value

    @field_validator("LOG_LEVEL")
    @classmethod
    def _log_level(cls, value: str) -> str:
        value = value.strip().upper()
        if value not in _LOG_LEVELS:
            raise ValueError(f"unknown log level {value!r}")
        return value

    @field_validator("PHOTO_DIR", mode="before")
    @classmethod
    def _empty_photo_dir(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.TIMEZONE)

    @property
    def photo_dir(self) -> Path:
        """The folder for photo copies: PHOTO_DIR, else next to the SQLite file."""
        if self.PHOTO_DIR is not None:
            return self.PHOTO_DIR
        url = make_url(self.DATABASE_URL)
        if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
            return Path(url.database).parent / "photos"
        return Path("data/photos")


class SettingsError(Exception):
    """The settings cannot be used; ``str()`` is one line per problem, for the operator."""


def load_settings(**overrides: Any) -> Settings:
    """Read the settings, turning pydantic's report into short operator lines."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for error in exc.errors(include_input=False, include_url=False):
            name = str(error["loc"][0]) if error["loc"] else "settings"
            problem = "is missing" if error["type"] == "missing" else error["msg"]
            problem = problem.removeprefix("Value error, ")
            lines.append(f"{name} {problem}: {FIXES.get(name, 'see .env.example')}.")
        raise SettingsError("\n".join(lines)) from None
