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
# The copy taken before an upgrade migrates the file (runtime/db.py): beside the daily
# copies, named after the revisions, and rotated out with them (see ``rotate``).
PRE_UPGRADE_PREFIX = f"{PREFIX}before-"


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


def pre_upgrade_name(from_revision: str, to_revision: str, at: datetime) -> str:
    """``kampungkb-before-0009-to-0013-2026-12-06-200102.db``.

    The time is part of the name: a database restored from an old copy and upgraded
    again along the same path must not overwrite the first pre-upgrade copy.
    """
    return f"{PRE_UPGRADE_PREFIX}{from_revision}-to-{to_revision}-{at:%Y-%m-%d-%H%M%S}{SUFFIX}"


def backup_sqlite(source: Path, folder: Path, at: datetime, *, name: str | None = None) -> Path:
    """Copy the live database ``source`` into ``folder``; return the copy's path.

    The copy is checked before it gets its name (``_copy_checked``). ``name``
    replaces the daily copy's name.
    """
    if not source.is_file():
        raise BackupError(f"the database file {source} does not exist")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(f"cannot make the backup folder {folder}: {exc.strerror}") from exc
    target = folder / (name or backup_name(at))
    try:
        _copy_checked(sqlite3.connect(source, timeout=60), target)
    except (sqlite3.Error, OSError) as exc:
        raise BackupError(f"copying {source} to {folder} failed: {exc}") from exc
    except _Unhealthy as exc:
        raise BackupError(f"the copy of {source} failed its integrity check: {exc}") from exc
    return target


class _Unhealthy(Exception):
    """The copy failed ``PRAGMA integrity_check`` (the verdict is the message)."""


def _copy_checked(source: sqlite3.Connection, target: Path) -> None:
    """Copy the database open on ``source`` (then closed) to ``target``, checked first.

    The copy is written under a temporary name, checked with ``PRAGMA
    integrity_check`` and only then renamed, so a file with the final name is
    always a whole, healthy database.
    """
    partial = target.with_name(target.name + PART)
    partial.unlink(missing_ok=True)
    try:
        try:
            dst = sqlite3.connect(partial)
            try:
                # One step: a read transaction on a snapshot of the database. In WAL mode
                # it does not hold up the bot's writers, and a copy in small steps would
                # start over after every write the bot makes meanwhile.
                source.backup(dst, pages=-1)
                verdict = dst.execute("PRAGMA integrity_check").fetchone()
            finally:
                dst.close()
        finally:
            source.close()
        if not verdict or verdict[0] != "ok":
            raise _Unhealthy(str(verdict))
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.replace(target)


def _copies(folder: Path, prefix: str) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.iterdir()
        if path.name.startswith(prefix) and path.name.endswith(SUFFIX) and path.is_file()
    )


def backups_in(folder: Path) -> list[Path]:
    """The finished daily copies in ``folder``, oldest first (not the pre-upgrade ones)."""
    # Daily names go on with the date; "kampungkb-before-…" and "kampungkb-replaced-…" do not.
    return [p for p in _copies(folder, PREFIX) if p.name[len(PREFIX) : len(PREFIX) + 1].isdigit()]


def pre_upgrade_backups_in(folder: Path) -> list[Path]:
    """The copies taken before upgrades, in ``folder``."""
    return _copies(folder, PRE_UPGRADE_PREFIX)


def rotate(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` daily copies (``keep`` ≥ 1); return the deleted.

    A pre-upgrade copy goes once it is older than the oldest daily copy kept: by
    then ``keep`` newer whole copies exist, and it holds no data (erased names
    included) longer than a daily copy would.
    """
    keep = max(keep, 1)
    copies = backups_in(folder)
    doomed = copies[:-keep] if len(copies) > keep else []
    kept = copies[len(doomed) :]
    if len(kept) == keep:
        oldest_kept = kept[0].stat().st_mtime
        doomed += [p for p in pre_upgrade_backups_in(folder) if p.stat().st_mtime < oldest_kept]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed


def backup_revision(path: Path) -> str:
    """The schema revision of the backup ``path``, once it proved a whole database of ours."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = connection.execute("PRAGMA integrity_check").fetchone()
            if not verdict or verdict[0] != "ok":
                raise BackupError(f"{path} is damaged (integrity_check: {verdict})")
            rows = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        finally:
            connection.close()
    except sqlite3.Error as exc:
        raise BackupError(f"{path} is not a database of this bot ({exc})") from exc
    if len(rows) != 1:
        raise BackupError(f"{path} has no schema revision: it is not a database of this bot")
    return str(rows[0][0])


def replaced_name(live: Path, at: datetime) -> Path:
    """``data/kampungkb-replaced-2026-12-06-200102.db``: beside the database it was."""
    return live.with_name(f"{live.stem}-replaced-{at:%Y-%m-%d-%H%M%S}{live.suffix}")


def restore_sqlite(backup: Path, live: Path, at: datetime) -> Path | None:
    """Put ``backup`` in place of ``live``; return where the replaced database is kept.

    No bot may run on ``live`` (the caller checks the instance lock). The live file
    is checkpointed, so its write-ahead log is in it, and renamed beside itself
    with any ``-wal``/``-shm`` left (a log left under the old name would be applied
    to the restored file); the backup is copied with the backup API under a
    temporary name, checked, and only then renamed into place.
    """
    kept = None
    if live.is_file():
        try:
            connection = sqlite3.connect(live, timeout=30)
            try:
                connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                connection.close()
        except sqlite3.Error as exc:
            raise BackupError(f"cannot read the database {live}: {exc}") from exc
        kept = replaced_name(live, at)
        _move_database(live, kept)
    try:
        live.parent.mkdir(parents=True, exist_ok=True)
        _copy_checked(sqlite3.connect(f"file:{backup}?mode=ro", uri=True), live)
    except (sqlite3.Error, OSError, _Unhealthy) as exc:
        if kept is not None:  # put the database back as it was
            _move_database(kept, live)
        raise BackupError(f"copying {backup} to {live} failed: {exc}") from exc
    return kept


def _move_database(source: Path, target: Path) -> None:
    """Rename a database file with the journal files SQLite keeps beside it."""
    source.replace(target)
    for tail in ("-wal", "-shm", "-journal"):
        side = source.with_name(source.name + tail)
        if side.exists():
            side.replace(target.with_name(target.name + tail))
