"""Consistent copies of the SQLite database while the bot runs, and their rotation.

SQLite's online backup API copies the database page by page under its own locks,
so a copy taken while the bot writes is a database as it was at one commit, never
a half-written file (copying the file with ``cp`` while the bot runs is not safe
in WAL mode). PostgreSQL is backed up with its own tool, ``pg_dump`` (README).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url

PREFIX = "kampungkb-"
SUFFIX = ".db"
PART = ".part"


class BackupError(Exception):
    """The copy could not be made; ``str()`` says why, for the operator."""


def sqlite_path(database_url: str) -> Path | None:
    """The SQLite file of ``database_url``, or None for another backend."""
    parsed = make_url(database_url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backup_name(at: datetime) -> str:
    """``kampungkb-2026-11-30-023000.db``: the local date and time; sorts by age."""
    return f"{PREFIX}{at:%Y-%m-%d-%H%M%S}{SUFFIX}"


def backup_sqlite(source: Path, folder: Path, at: datetime) -> Path:
    """Copy the live database ``source`` into ``folder``; return the copy's path.

    The copy is written under a temporary name, checked with ``PRAGMA
    integrity_check`` and only then renamed, so a file with the final name is
    always a whole, healthy database.
    """
    if not source.is_file():
        raise BackupError(f"the database file {source} does not exist")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot make the backup folder {folder}: {exc.strerror}") from exc
    target = folder / backup_name(at)
    partial = target.with_name(target.name + PART)
    partial.unlink(missing_ok=True)
    try:
        src = sqlite3.connect(source, timeout=60)
        try:
            dst = sqlite3.connect(partial)
            try:
                # One step: a read transaction on a snapshot of the database. In WAL mode
                # it does not hold up the bot's writers, and a copy in small steps would
                # start over after every write the bot makes meanwhile.
                src.backup(dst, pages=-1)
                verdict = dst.execute("PRAGMA integrity_check").fetchone()
            finally:
                dst.close()
        finally:
            src.close()
    except (sqlite3.Error, OSError) as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"copying {source} to {folder} failed: {exc}") from exc
    if not verdict or verdict[0] != "ok":
        partial.unlink(missing_ok=True)
        raise BackupError(f"the copy of {source} failed its integrity check: {verdict}")
    partial.replace(target)
    return target


def backups_in(folder: Path) -> list[Path]:
    """The finished copies in ``folder``, oldest first."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.name.startswith(PREFIX) and path.name.endswith(SUFFIX) and path.is_file()
    )


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` copies (``keep`` ≥ 1); return the deleted."""
    keep = max(keep, 1)
    copies = backups_in(folder)
    doomed = copies[:-keep] if len(copies) > keep else []
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
