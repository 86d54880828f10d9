"""What the tenancy resolver remembers between updates, and when it forgets it.

``models/tenancy.py`` resolves the kampung of every update. Without this cache that is
2–4 SELECTs per update (issue 20); with it a member who writes again costs none. It
holds, per database (the engine's connection pool; tests make many):

- ``kampungs``: a kampung's ``KampungRef`` (id, name, time zone);
- ``users``: a Telegram user's stored choice (``KampungChoice``) and the kampungs she is
  a (not erased) member of;
- ``groups``: which kampung a group chat is bound to (or none);
- ``meetings``: which kampung a meeting belongs to (a meeting never moves);
- ``active_members``: how many active members a kampung has (the RSVP tally's
  "belum menjawab" on every /jadwal and press: counting 10,000 rows each time).

**Correct before fast.** Every write that can change what it holds invalidates it,
through the explicit functions below (``forget_user``, ``forget_users``,
``forget_active_members``, ``forget_kampung``, ``forget_groups``, ``forget_meetings``,
``forget_all``). They are called from one
place, the session events at the bottom of this module, for every write made through
a SQLAlchemy session, whichever module makes it:

- a flushed ``Member`` (new, erased, or its status, Telegram id or kampung changed):
  ``forget_user`` for its Telegram ids, old and new, and ``forget_active_members``;
- a flushed ``KampungChoice``: ``forget_user``;
- a flushed ``Kampung`` (new, renamed, time zone, group, removed): ``forget_kampung``
  and ``forget_groups``;
- a deleted ``Meeting``: ``forget_meetings``;
- a bulk ``INSERT``/``UPDATE``/``DELETE`` statement (the conditional UPDATEs of
  approvals, the upserts of choices, a kampung removed with its cascades): the whole
  part of the cache its table feeds (a removed kampung: everything).

Each is applied at once and again when the transaction ends, and every invalidation
bumps ``generation``: each session notes the generation when its transaction begins
(before its first statement, so before its snapshot of the database), and what it read
is stored only if no invalidation came since, so a value read before a commit is never
stored after it. A write made outside any session (a raw connection, another
process such as a restore) must call ``forget_all`` (or restart the bot).
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction
from sqlalchemy.pool import Pool

if TYPE_CHECKING:
    from models.kampung import Kampung

logger = logging.getLogger(__name__)

# Past this many users remembered, the users part starts afresh (a bound on memory:
# 50,000 members take a few MB).
MAX_USERS = 100_000
_PENDING = "tenancy_cache_pending"
# The tables whose rows it holds (by name: models/rsvp.py reads the cache, so this
# module imports no model).
MEMBER, CHOICE, KAMPUNG, MEETING = "member", "kampung_choice", "kampung", "meeting"


@dataclass(frozen=True)
class KampungRef:
    """What a handler needs of its kampung without loading the row again."""

    id: int
    name: str
    timezone: str

    @classmethod
    def of(cls, kampung: Kampung) -> KampungRef:
        return cls(kampung.id, kampung.name, kampung.timezone)


@dataclass(frozen=True)
class UserTenancy:
    """A Telegram user's stored choice of kampung and her memberships, first joined first."""

    chosen: int | None
    memberships: tuple[int, ...]


@dataclass
class TenancyCache:
    generation: int = 0
    kampungs: dict[int, KampungRef] = field(default_factory=dict)
    users: dict[int, UserTenancy] = field(default_factory=dict)
    groups: dict[int, int | None] = field(default_factory=dict)
    meetings: dict[int, int] = field(default_factory=dict)
    active_members: dict[int, int] = field(default_factory=dict)  # kampung id -> count

    def fresh(self, generation: int | None) -> bool:
        """Nothing was invalidated since ``generation`` was read: a value may be stored."""
        return generation is not None and generation == self.generation

    def store_user(self, generation: int | None, telegram_id: int, value: UserTenancy) -> None:
        if self.fresh(generation):
            if len(self.users) >= MAX_USERS:
                self.users.clear()
            self.users[telegram_id] = value

    def store_kampung(self, generation: int | None, kampung: KampungRef) -> None:
        if self.fresh(generation):
            self.kampungs[kampung.id] = kampung

    def store_group(self, generation: int | None, chat_id: int, kampung_id: int | None) -> None:
        if self.fresh(generation):
            self.groups[chat_id] = kampung_id

    def store_meeting(self, generation: int | None, meeting_id: int, kampung_id: int) -> None:
        if self.fresh(generation):
            self.meetings[meeting_id] = kampung_id

    def store_active_members(self, generation: int | None, kampung_id: int, count: int) -> None:
        if self.fresh(generation):
            self.active_members[kampung_id] = count


_caches: weakref.WeakKeyDictionary[Pool, TenancyCache] = weakref.WeakKeyDictionary()


def _pool_of(bind: Engine | Connection) -> Pool:
    return bind.engine.pool


def cache_of(session: AsyncSession | Session) -> TenancyCache:
    """The cache of the database this session works on (one per connection pool: the
    reading sessions, on an engine with other options, share it with the writing ones)."""
    sync = session.sync_session if isinstance(session, AsyncSession) else session
    pool = _pool_of(sync.get_bind())
    cache = _caches.get(pool)
    if cache is None:
        cache = _caches[pool] = TenancyCache()
    return cache


# --- invalidation: the explicit functions -------------------------------------------------


def forget_user(cache: TenancyCache, telegram_id: int | None) -> None:
    """Her choice or memberships changed (joined, chose, approved, left, erased)."""
    cache.generation += 1
    if telegram_id is not None:
        cache.users.pop(telegram_id, None)


def forget_active_members(cache: TenancyCache) -> None:
    """A member joined, was approved, deactivated, erased: the counts of active members."""
    cache.generation += 1
    cache.active_members.clear()


def forget_users(cache: TenancyCache) -> None:
    """Members changed by a statement that does not say whose rows it touched."""
    cache.generation += 1
    cache.users.clear()
    cache.active_members.clear()


def forget_kampung(cache: TenancyCache, kampung_id: int | None) -> None:
    """A kampung was added, renamed, moved to another time zone or removed."""
    cache.generation += 1
    if kampung_id is not None:
        cache.kampungs.pop(kampung_id, None)


def forget_groups(cache: TenancyCache) -> None:
    """A group was bound, moved (supergroup) or its kampung removed."""
    cache.generation += 1
    cache.groups.clear()


def forget_meetings(cache: TenancyCache) -> None:
    """A meeting was deleted (its id could come back on SQLite)."""
    cache.generation += 1
    cache.meetings.clear()


def forget_all(cache: TenancyCache) -> None:
    """Anything may have changed (a removed kampung and its cascades, a restore)."""
    cache.generation += 1
    cache.kampungs.clear()
    cache.users.clear()
    cache.groups.clear()
    cache.meetings.clear()
    cache.active_members.clear()


# --- invalidation: where it is called from ------------------------------------------------

Forget = Callable[[TenancyCache], None]
_MEMBER_KEYS = ("status", "telegram_id", "kampung_id")


def _forget(session: Session, forget: Forget) -> None:
    """Now, and again once the transaction ends (see the module docstring)."""
    forget(cache_of(session))
    session.info.setdefault(_PENDING, []).append(forget)


def _forget_kampungs_and_groups(cache: TenancyCache) -> None:
    cache.generation += 1
    cache.kampungs.clear()
    cache.groups.clear()


def _telegram_ids(member: Any) -> set[int]:
    history = inspect(member).attrs.telegram_id.history
    ids = {member.telegram_id, *history.added, *history.deleted, *history.unchanged}
    return {i for i in ids if i is not None}


def _member_changed(member: Any) -> bool:
    state = inspect(member)
    return any(state.attrs[key].history.has_changes() for key in _MEMBER_KEYS)


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, flush: UOWTransaction) -> None:
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table == MEMBER:
            if obj in session.dirty and not _member_changed(obj):
                continue  # e.g. blocked_bot, a name: nothing the cache holds
            _forget(session, forget_active_members)
            for telegram_id in _telegram_ids(obj):
                _forget(session, lambda cache, t=telegram_id: forget_user(cache, t))
        elif table == CHOICE:
            _forget(session, lambda cache, t=obj.telegram_id: forget_user(cache, t))
        elif table == KAMPUNG:
            if obj in session.deleted:
                _forget(session, forget_all)
            else:
                _forget(session, lambda cache, k=obj.id: forget_kampung(cache, k))
                _forget(session, forget_groups)
        elif table == MEETING and obj in session.deleted:
            _forget(session, forget_meetings)


@event.listens_for(Session, "do_orm_execute")
def _on_execute(state: ORMExecuteState) -> None:
    """Bulk statements (conditional UPDATEs, upserts, deletes with their cascades)."""
    if not (state.is_insert or state.is_update or state.is_delete):
        return
    table: Any = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if name in (MEMBER, CHOICE):
        _forget(state.session, forget_users)
    elif name == KAMPUNG:
        # A removal cascades to choices and members; an update renames or moves a group.
        _forget(state.session, forget_all if state.is_delete else _forget_kampungs_and_groups)
    elif name == MEETING and state.is_delete:
        _forget(state.session, forget_meetings)


@event.listens_for(Session, "after_transaction_end")
def _after_transaction_end(session: Session, transaction: SessionTransaction) -> None:
    """Once the outermost transaction ends (committed or not), forget it all again."""
    if transaction.parent is not None:
        return
    pending: list[Forget] = session.info.pop(_PENDING, [])
    if pending:
        cache = cache_of(session)
        for forget in pending:
            forget(cache)


# --- reading: the generation a session started from -----------------------------------------

_GENERATION = "tenancy_cache_generation"


@event.listens_for(Session, "after_begin")
def _after_begin(session: Session, transaction: SessionTransaction, connection: Any) -> None:
    # Before the transaction's first statement, so before its snapshot of the database.
    session.info[_GENERATION] = cache_of(session).generation


def generation_of(session: AsyncSession) -> int | None:
    """The generation when this session's transaction began (None: it has not begun)."""
    return session.sync_session.info.get(_GENERATION)
