"""Settings: defaults, parsing, and one clear line per problem (exit status 2)."""

import logging
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from bot.logging_setup import RedactFilter
from runtime.config import DEFAULT_DATABASE_URL, SettingsError, load_settings
from tests.conftest import TEST_TOKEN

REPO = Path(__file__).resolve().parent.parent
ALL_SETTINGS = (
    "BOT_TOKEN",
    "DATABASE_URL",
    "TIMEZONE",
    "ADMIN_IDS",
    "OPERATOR_IDS",
    "KAMPUNG_NAME",
    "RT_LIST",
    "GROUP_CHAT_ID",
    "REMINDER_OFFSETS",
    "TELEGRAM_API_BASE_URL",
    "LOG_LEVEL",
    "WEBHOOK_URL",
    "WEBHOOK_LISTEN",
    "WEBHOOK_PORT",
    "WEBHOOK_SECRET",
    "BACKUP_DIR",
    "BACKUP_KEEP",
    "BACKUP_TIME",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ALL_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def test_defaults():
    settings = load_settings(_env_file=None, BOT_TOKEN=TEST_TOKEN)
    assert settings.DATABASE_URL == DEFAULT_DATABASE_URL
    assert settings.TIMEZONE == "Asia/Jakarta"
    assert settings.REMINDER_OFFSETS == (timedelta(days=7), timedelta(days=1), timedelta(hours=3))
    assert settings.RT_LIST[0] == "01"
    assert settings.ADMIN_IDS == frozenset()
    assert settings.GROUP_CHAT_ID is None
    assert settings.TELEGRAM_API_BASE_URL is None
    assert settings.WEBHOOK_URL is None  # long polling
    assert (settings.BACKUP_DIR, settings.BACKUP_KEEP) == ("data/backups", 14)
    assert settings.BACKUP_TIME.isoformat() == "02:30:00"


def test_distinct_rts_with_suffixes_are_accepted():
    settings = load_settings(_env_file=None, BOT_TOKEN=TEST_TOKEN, RT_LIST="1,1A,2,10")
    assert settings.RT_LIST == ("1", "1A", "2", "10")


def test_values_from_the_environment(monkeypatch):
    monkeypatch.setenv("BOT_TOKEN", TEST_TOKEN)
    monkeypatch.setenv("ADMIN_IDS", " 111, 222 ,333")
    monkeypatch.setenv("RT_LIST", "01,02,03")
    monkeypatch.setenv("REMINDER_OFFSETS", "3h, 7d,30m,1d")
    monkeypatch.setenv("DATABASE_URL", "postgresql://kb:secret@localhost/kampungkb")
    monkeypatch.setenv("GROUP_CHAT_ID", "-1001234567890")
    monkeypatch.setenv("TELEGRAM_API_BASE_URL", "http://127.0.0.1:8081/")
    monkeypatch.setenv("LOG_LEVEL", "debug")
    settings = load_settings(_env_file=None)
    assert settings.ADMIN_IDS == {111, 222, 333}
    assert settings.RT_LIST == ("01", "02", "03")
    assert settings.REMINDER_OFFSETS == (
        timedelta(days=7),
        timedelta(days=1),
        timedelta(hours=3),
        timedelta(minutes=30),
    )
    assert settings.DATABASE_URL == "postgresql+asyncpg://kb:secret@localhost/kampungkb"
    assert settings.GROUP_CHAT_ID == -1001234567890
    assert settings.TELEGRAM_API_BASE_URL == "http://127.0.0.1:8081"
    assert settings.LOG_LEVEL == "DEBUG"


def test_settings_come_from_a_dotenv_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(f"BOT_TOKEN={TEST_TOKEN}\nKAMPUNG_NAME=Kampung KB Contoh\n")
    settings = load_settings(_env_file=env_file)
    assert settings.KAMPUNG_NAME == "Kampung KB Contoh"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BOT_TOKEN", "not-a-token"),
        ("DATABASE_URL", "mysql://x@y/z"),
        ("TIMEZONE", "Asia/Atlantis"),
        ("ADMIN_IDS", "12,abc"),
        ("OPERATOR_IDS", "12,-5"),
        ("OPERATOR_IDS", "0"),
        ("RT_LIST", "01,02,01"),
        ("RT_LIST", ","),
        ("GROUP_CHAT_ID", "grup"),
        ("REMINDER_OFFSETS", "7x"),
        ("REMINDER_OFFSETS", "0h"),
        ("TELEGRAM_API_BASE_URL", "ftp://example"),
        ("LOG_LEVEL", "LOUD"),
        ("KAMPUNG_NAME", ""),
        ("RT_LIST", "01,1,02"),  # the bot reads "1" as "01": the rotation would stall
        ("RT_LIST", "7,RT 07"),
        ("RT_LIST", "01A,1a"),
        ("GROUP_CHAT_ID", "1234567"),  # positive: a user, not a group
        ("GROUP_CHAT_ID", "0"),
        ("ADMIN_IDS", "0,-5"),
        ("ADMIN_IDS", "123,-1001234567890"),  # a group id among the admins
        ("WEBHOOK_URL", "bot.example.org/hook"),
        ("WEBHOOK_SECRET", "not allowed!"),
        ("WEBHOOK_PORT", "70000"),
        ("BACKUP_TIME", "25:00"),
        ("BACKUP_KEEP", "-1"),
    ],
)
def test_an_invalid_setting_names_the_variable_and_the_fix(name, value):
    values = {"BOT_TOKEN": TEST_TOKEN, name: value}
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **values)
    lines = str(caught.value).splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{name} ")
    if name == "BOT_TOKEN":
        assert value not in lines[0]


def _run_bot(env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot"],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_token_exits_2_with_one_line_and_no_traceback(tmp_path):
    result = _run_bot({}, tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: BOT_TOKEN is missing: get a token from @BotFather in Telegram (/newbot) "
        "and put BOT_TOKEN=<token> in .env."
    ]


def test_bad_token_is_not_echoed(tmp_path):
    secret = "98765:short"
    result = _run_bot({"BOT_TOKEN": secret, "TIMEZONE": "Mars/Base"}, tmp_path)
    assert result.returncode == 2
    assert secret not in result.stderr
    assert "Traceback" not in result.stderr
    assert {line.split()[1] for line in result.stderr.splitlines()} == {"BOT_TOKEN", "TIMEZONE"}


def test_the_token_is_redacted_from_log_lines_and_tracebacks(caplog):
    logger = logging.getLogger("test.redact")
    redact = RedactFilter(TEST_TOKEN)
    logger.addFilter(redact)
    try:
        logger.warning("calling https://api.telegram.org/bot%s/getMe", TEST_TOKEN)
        try:
            raise RuntimeError(f"failed https://api.telegram.org/bot{TEST_TOKEN}/getMe")
        except RuntimeError:
            logger.exception("request failed")
    finally:
        logger.removeFilter(redact)
    text = "\n".join(caplog.text.splitlines())
    assert TEST_TOKEN not in text
    assert "<BOT_TOKEN>" in text


def test_operator_ids_are_read_like_admin_ids(monkeypatch):
    monkeypatch.setenv("OPERATOR_IDS", " 444, 555")
    settings = load_settings(_env_file=None, BOT_TOKEN=TEST_TOKEN)
    assert settings.OPERATOR_IDS == {444, 555}
    assert (
        load_settings(_env_file=None, BOT_TOKEN=TEST_TOKEN, OPERATOR_IDS="").OPERATOR_IDS == set()
    )
