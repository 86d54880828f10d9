"""The single-instance lock: one row in the database names the running bot process.

Two processes on one database would send every reminder twice, so the second
one must refuse to start. A row (not a file lock) works wherever the database
is, on SQLite and PostgreSQL alike. The holder refreshes ``heartbeat_at``; a
holder whose heartbeat is older than the stale limit, or whose process is
known to be gone (same host, no such pid), may be replaced.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Integer, String, delete, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, Session, mapped_column

from models.base import Base, UTCDateTime

LOCK_NAME = "bot"
# A holder that has not refreshed its heartbeat for this long is taken to be gone.
STALE_AFTER = timedelta(minutes=2)


class InstanceLocked(RuntimeError):
    """Another bot process holds the database; this one must not start (exit status 3)."""


def process_alive(pid: int) -> bool:
    """Whether a process with this id exists on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it is just not ours
    except OSError:
        return True  # cannot tell: assume alive, the stale limit still applies
    return True


def this_process(token: str = "") -> Holder:
    """Where this process runs, as the lock names a holder."""
    return Holder(token=token, hostname=socket.gethostname()[:255], pid=os.getpid())


def refusal(other: Holder, heartbeat: datetime, now: datetime) -> str:
    """The operator's line when a live bot holds the database."""
    age = max(int((now - heartbeat).total_seconds()), 0)
    return (
        "another instance of the bot is running on this database "
        f"(host {other.hostname}, pid {other.pid}, last seen {age} s "
        "ago). Stop it first: two instances would send every reminder twice. If it "
        f"crashed, start again in {int(STALE_AFTER.total_seconds())} s."
    )


class InstanceLock(Base):
    __tablename__ = "instance_lock"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    holder: Mapped[str] = mapped_column(String(64))
    hostname: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    acquired_at: Mapped[datetime] = mapped_column(UTCDateTime())
    heartbeat_at: Mapped[datetime] = mapped_column(UTCDateTime())


@dataclass(frozen=True)
class Holder:
    """Who holds (or wants) the lock: a token unique to one running bot, and where it runs."""

    token: str
    hostname: str
    pid: int


@dataclass(frozen=True)
class LockOutcome:
    acquired: bool
    # The holder found in the row: the one refusing us, or the one we replaced.
    other: Holder | None = None
    other_heartbeat: datetime | None = None


def holder_gone(
    row: InstanceLock,
    me: Holder,
    *,
    now: datetime,
    stale_after: timedelta,
    process_alive: Callable[[int], bool],
) -> bool:
    """May ``me`` take the lock from the row's holder?

    Yes when its heartbeat is stale; or when it ran on this host and its pid is
    ours (a previous life of this very process id, e.g. pid 1 in a restarted
    container) or names no living process (it was killed).
    """
    if now - row.heartbeat_at > stale_after:
        return True
    if row.hostname == me.hostname:
        return row.pid == me.pid or not process_alive(row.pid)
    return False


async def acquire_lock(
    session: AsyncSession,
    me: Holder,
    *,
    now: datetime,
    stale_after: timedelta,
    process_alive: Callable[[int], bool],
) -> LockOutcome:
    """Take the lock, or say who holds it. Race-free on both backends.

    The row is created once (primary key: a second insert raises
    ``IntegrityError``, try again) and taken over with a conditional update on
    the holder it was read with, so of two starters only one wins.
    """
    row = await session.get(InstanceLock, LOCK_NAME, populate_existing=True)
    if row is None:
        # Two starters racing here: the second insert fails on the primary key
        # (IntegrityError), and its caller tries again and finds the row.
        session.add(
            InstanceLock(
                name=LOCK_NAME,
                holder=me.token,
                hostname=me.hostname,
                pid=me.pid,
                acquired_at=now,
                heartbeat_at=now,
            )
        )
        await session.flush()
        return LockOutcome(acquired=True)
    other = Holder(row.holder, row.hostname, row.pid)
    if row.holder != me.token and not holder_gone(
        row, me, now=now, stale_after=stale_after, process_alive=process_alive
    ):
        return LockOutcome(acquired=False, other=other, other_heartbeat=row.heartbeat_at)
    taken = await session.execute(
        update(InstanceLock)
        .where(InstanceLock.name == LOCK_NAME, InstanceLock.holder == row.holder)
        .values(
            holder=me.token, hostname=me.hostname, pid=me.pid, acquired_at=now, heartbeat_at=now
        )
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        return LockOutcome(acquired=False, other=other, other_heartbeat=row.heartbeat_at)
    replaced = other if row.holder != me.token else None
    return LockOutcome(acquired=True, other=replaced, other_heartbeat=row.heartbeat_at)


async def refresh_lock(session: AsyncSession, me: Holder, *, now: datetime) -> bool:
    """Renew the heartbeat; False if the lock is no longer ours (someone took it over)."""
    result = await session.execute(
        update(InstanceLock)
        .where(InstanceLock.name == LOCK_NAME, InstanceLock.holder == me.token)
        .values(heartbeat_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def release_lock(session: AsyncSession, me: Holder) -> bool:
    """Give the lock up if we hold it (never someone else's)."""
    result = await session.execute(
        delete(InstanceLock)
        .where(InstanceLock.name == LOCK_NAME, InstanceLock.holder == me.token)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def current_holder(session: AsyncSession) -> InstanceLock | None:
    return await session.scalar(select(InstanceLock).where(InstanceLock.name == LOCK_NAME))


def refuse_if_held(
    connection: Connection,
    *,
    now: datetime,
    process_alive: Callable[[int], bool] = process_alive,
) -> None:
    """Raise ``InstanceLocked`` when a live bot holds the lock (before touching the schema).

    For work that must not run beside a bot (upgrading the schema, restoring a
    backup); it does not take the lock. A database older than the lock table
    (revision 0004) has no holder to ask: its callers exclude each other with the
    database's own write lock instead (``runtime/db.py``).
    """
    if not connection.dialect.has_table(connection, InstanceLock.__tablename__):
        return
    with Session(bind=connection) as session:
        row = session.get(InstanceLock, LOCK_NAME)
    if row is None:
        return
    me = this_process()
    if holder_gone(row, me, now=now, stale_after=STALE_AFTER, process_alive=process_alive):
        return
    raise InstanceLocked(refusal(Holder(row.holder, row.hostname, row.pid), row.heartbeat_at, now))
