"""Count what one update costs the database: SQL statements and sessions (issue 20).

A count is deterministic where a timing is not: the regression tests in
``tests/test_statement_counts.py`` assert that /jadwal and the RSVP press stay within
the figures in docs/performance.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.orm import Session, SessionTransaction


@dataclass
class Counts:
    """What the database saw while counting."""

    statements: list[str] = field(default_factory=list)
    parameters: list[Any] = field(default_factory=list)  # each statement's, in order
    sessions: int = 0  # session transactions begun (one per session that touched the DB)

    def __str__(self) -> str:
        lines = [f"{len(self.statements)} statements in {self.sessions} sessions"]
        lines += [f"  {statement.split()[0]} {_tables(statement)}" for statement in self.statements]
        return "\n".join(lines)


def _tables(statement: str) -> str:
    """A short view of a statement for a failing assertion's message."""
    flat = " ".join(statement.split())
    return flat[:160]


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[Counts]:
    """Count the statements sent through ``engine`` and the sessions begun on it."""
    counts = Counts()
    sync = engine.sync_engine

    def on_statement(
        conn: Connection, cursor: Any, statement: str, parameters: Any, *args: Any
    ) -> None:
        counts.statements.append(statement)
        counts.parameters.append(parameters)

    def on_begin(session: Session, transaction: SessionTransaction, conn: Connection) -> None:
        if conn.engine.pool is sync.pool:  # the reading sessions use an option engine
            counts.sessions += 1

    event.listen(sync, "before_cursor_execute", on_statement)
    event.listen(Session, "after_begin", on_begin)
    try:
        yield counts
    finally:
        event.remove(sync, "before_cursor_execute", on_statement)
        event.remove(Session, "after_begin", on_begin)
