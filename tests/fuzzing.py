"""Shared by the rights matrix (``test_rights.py``) and the fuzz tests (``test_fuzz.py``).

- ``StrictFakeBotAPI``: the offline fake, but it answers 400, as Telegram does, to
  what Telegram refuses — texts over 4096 characters (as Telegram counts them),
  HTML it cannot parse, callback data over 64 bytes, popups over 200 characters,
  more than 100 inline buttons — and keeps a list of those problems.
- ``snapshot`` / ``changes`` / ``restore``: every row of every table, as sorted tuples.
- ``build_world``: through the real flows, an admin, an active cadre, a pending
  registration, the bound group, two meetings, check-in open (everyone prompted)
  and a guest. ``build_template`` does it once per module; ``bot_in_world`` starts
  a fresh bot on a copy of it (a SQLite file copy, or the rows put back on
  PostgreSQL) for each test or Hypothesis example.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Table, delete, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from models import Base
from models.attendance import Guest
from models.meeting import Meeting
from runtime.db import create_engine
from tests.conftest import ADMIN
from tests.fakeapi import Call, FakeBotAPI
from tests.flows import register, register_active
from tests.harness import (
    GROUP_CHAT_ID,
    FakeClock,
    Harness,
    Person,
    make_settings,
    reset_postgres,
    running_bot,
)
from ui import keyboards, texts

CADRE = Person(7101, "Siti")
PENDING = Person(7102, "Budi")
STRANGER = Person(7999, "Orang")

MEETING_LINE = "/jadwal baru 15-08-2026 09.00 RT07 Rumah Data RT 07 | Pembinaan Poktan"
LATER_MEETING_LINE = "/jadwal baru 13-02-2027 09.00 RT02 Balai RW 02 | Gizi Balita"
START = datetime(2026, 7, 1, 2, 0, tzinfo=UTC)  # the clock fixture's start: 1 July, 09.00 WIB
# 15 August 2026, 08.30 WIB: the meeting starts at 09.00, check-in opened at 08.00.
DURING_CHECK_IN = datetime(2026, 8, 15, 1, 30, tzinfo=UTC)

# What a refused user is told (a message, or a popup for a button).
REFUSALS = frozenset(
    {
        texts.ADMIN_ONLY,
        texts.NOT_REGISTERED,
        texts.ALREADY_PENDING,
        texts.REJECTED_INFO,
        texts.STALE_BUTTON,
        texts.ATTENDANCE_MARK_OTHERS,
        texts.RSVP_NOT_MEMBER,
        texts.PRIVATE_ONLY,
    }
)

# --- what Telegram refuses -------------------------------------------------------------

MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_POPUP = 200
# Not in the Bot API documentation, but Telegram answers "reply markup is too long" past
# 100 inline buttons (see github.com/tginfo/Telegram-Limits, issue 228).
MAX_BUTTONS = 100
TEXT_METHODS = {"sendMessage": "text", "editMessageText": "text", "sendDocument": "caption"}
HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "a",
        "code",
        "pre",
        "span",
        "tg-spoiler",
        "tg-emoji",
        "blockquote",
    }
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s[^<>]*)?)>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});")


def html_problem(html: str) -> str | None:
    """Why Telegram's HTML parser would refuse ``html``; None if it parses.

    Stricter than Telegram in one way: a bare ``&`` counts as a problem, because
    the bot's own rule is that user text always goes through ``texts.esc``.
    """
    stack: list[str] = []
    position = 0
    while position < len(html):
        char = html[position]
        if char == "<":
            tag = _TAG.match(html, position)
            if tag is None:
                return f"unescaped '<' at {position}: {html[position : position + 20]!r}"
            closing, name = tag.group(1), tag.group(2).lower()
            if name not in HTML_TAGS:
                return f"unsupported tag <{closing}{name}>"
            if closing:
                if not stack or stack[-1] != name:
                    return f"unbalanced </{name}>"
                stack.pop()
            else:
                stack.append(name)
            position = tag.end()
        elif char == "&":
            entity = _ENTITY.match(html, position)
            if entity is None:
                return f"bare '&' at {position}: {html[position : position + 20]!r}"
            position = entity.end()
        elif char == ">":
            return f"unescaped '>' at {position}"
        else:
            position += 1
    if stack:
        return f"unclosed <{stack[-1]}>"
    return None


def _markup(params: dict[str, Any]) -> dict[str, Any] | None:
    markup = params.get("reply_markup")
    if isinstance(markup, str):
        markup = json.loads(markup)
    return markup or None


def telegram_problem(method: str, params: dict[str, Any]) -> str | None:
    """What Telegram would answer 400 to in this request; None if it is fine."""
    field_name = TEXT_METHODS.get(method)
    if field_name is not None and params.get(field_name) is not None:
        body = str(params[field_name])
        if params.get("parse_mode") == "HTML":
            problem = html_problem(body)
            if problem is not None:
                return f"can't parse entities: {problem}"
            length = texts.visible_length(body)
        else:
            length = len(body)
        limit = MAX_CAPTION if field_name == "caption" else MAX_TEXT
        if length > limit:
            return f"{field_name} too long: {length} > {limit}"
        if field_name == "text" and not body.strip():
            return "message text is empty"
    if method == "answerCallbackQuery" and len(str(params.get("text") or "")) > MAX_POPUP:
        return f"popup too long: {len(params['text'])} > {MAX_POPUP}"
    markup = _markup(params)
    buttons = sum(len(row) for row in (markup or {}).get("inline_keyboard", []))
    if buttons > MAX_BUTTONS:
        return f"reply markup is too long: {buttons} buttons > {MAX_BUTTONS}"
    for row in (markup or {}).get("inline_keyboard", []):
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= keyboards.MAX_CALLBACK_BYTES:
                return f"BUTTON_DATA_INVALID: {data!r}"
            if not str(button.get("text", "")).strip():
                return "button text is empty"
    return None


class StrictFakeBotAPI(FakeBotAPI):
    """``FakeBotAPI`` that answers 400 where Telegram would, and keeps the reasons."""

    def __init__(self, clock: Any = None) -> None:
        super().__init__(clock)
        self.problems: list[str] = []

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: Any = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        problem = telegram_problem(api_method, params)
        if problem is None:
            return await super().do_request(
                url,
                method,
                request_data,
                read_timeout,
                write_timeout,
                connect_timeout,
                pool_timeout,
            )
        self.problems.append(f"{api_method}: {problem}")
        self.calls.append(Call(api_method, params, at=self._clock()))
        body = {"ok": False, "error_code": 400, "description": f"Bad Request: {problem}"}
        return 400, json.dumps(body).encode()


# --- what the bot did ---------------------------------------------------------------------


def popups(calls: Iterable[Call]) -> list[Call]:
    return [c for c in calls if c.method == "answerCallbackQuery"]


def outgoing(calls: Iterable[Call]) -> list[Call]:
    """Every request that shows something to someone (sends, edits, popups)."""
    return [
        c
        for c in calls
        if c.method in {"sendMessage", "sendDocument", "sendPhoto", "answerCallbackQuery"}
        or c.method.startswith("editMessage")
    ]


def apologies(calls: Iterable[Call]) -> list[Call]:
    """Requests carrying the error handler's apology."""
    return [c for c in calls if texts.ERROR_APOLOGY in (c.text or str(c.params.get("text", "")))]


def button_data(calls: Iterable[Call]) -> set[str]:
    return {data for call in calls for data in call.button_data if data}


class ErrorRecorder:
    """An extra error handler: every exception that reached the error handlers."""

    def __init__(self) -> None:
        self.errors: list[tuple[object, BaseException]] = []

    async def __call__(self, update: object, context: Any) -> None:
        if context.error is not None:
            self.errors.append((update, context.error))

    def describe(self) -> list[str]:
        result = []
        for update, error in self.errors:
            where = ""
            if isinstance(update, Update):
                if update.callback_query is not None:
                    where = f"press {update.callback_query.data!r}"
                elif update.effective_message is not None:
                    where = f"message {(update.effective_message.text or '')[:80]!r}"
            result.append(f"{type(error).__name__}: {error} ({where})")
        return result


def record_errors(bot: Harness) -> ErrorRecorder:
    recorder = ErrorRecorder()
    bot.app.add_error_handler(recorder)
    return recorder


# --- the database, whole ------------------------------------------------------------------

Snapshot = dict[str, list[tuple[Any, ...]]]


async def _all_tables(engine: AsyncEngine) -> tuple[list[Table], list[str]]:
    async with engine.connect() as connection:
        present = set(await connection.run_sync(lambda sync: inspect(sync).get_table_names()))
    modelled = list(Base.metadata.sorted_tables)
    extra = sorted(present - {t.name for t in modelled} - {"alembic_version"})
    return modelled, extra


async def snapshot(engine: AsyncEngine) -> Snapshot:
    """Every row of every table (those of ``models.Base.metadata`` and any other)."""
    modelled, extra = await _all_tables(engine)
    result: Snapshot = {}
    async with engine.connect() as connection:
        for table in modelled:
            rows = (await connection.execute(select(table))).all()
            result[table.name] = sorted((tuple(row) for row in rows), key=repr)
        for name in extra:
            rows = (await connection.execute(text(f'SELECT * FROM "{name}"'))).all()
            result[name] = sorted((tuple(row) for row in rows), key=repr)
    return result


async def restore(engine: AsyncEngine, rows: Snapshot) -> None:
    """Put the modelled tables back to ``rows`` (taken by ``snapshot``)."""
    modelled, _ = await _all_tables(engine)
    async with engine.begin() as connection:
        for table in reversed(modelled):
            await connection.execute(delete(table))
        for table in modelled:
            names = [column.name for column in table.columns]
            values = [dict(zip(names, row, strict=True)) for row in rows.get(table.name, [])]
            if "id" in names:
                values.sort(key=lambda value: value["id"])
            for value in values:  # one by one: self-references need their target first
                await connection.execute(insert(table).values(value))
            if connection.dialect.name == "postgresql" and "id" in names:
                # Rows came back with their ids: move the id sequence past them.
                await connection.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                        f'(SELECT COALESCE(MAX(id), 0) + 1 FROM "{table.name}"), false)'
                    )
                )


def changes(before: Snapshot, after: Snapshot) -> dict[str, dict[str, list[tuple[Any, ...]]]]:
    """Per table, the rows that went away and the rows that appeared."""
    result = {}
    for name in sorted(before.keys() | after.keys()):
        old, new = before.get(name, []), after.get(name, [])
        if old != new:
            result[name] = {
                "removed": [row for row in old if row not in new],
                "added": [row for row in new if row not in old],
            }
    return result


# --- the world ---------------------------------------------------------------------------------


@dataclass
class World:
    """The ids a test needs, read back from the database."""

    admin_id: int
    cadre_id: int
    pending_id: int
    meeting_id: int
    later_meeting_id: int
    guest_id: int
    kampung_id: int
    callback_data: set[str] = field(default_factory=set)

    def fill(self, template: str) -> str:
        """``template`` with ``{admin}``, ``{cadre}``, ``{pending}``, ``{meeting}``,
        ``{later}`` (the second meeting), ``{guest}`` and ``{kampung}`` replaced by their ids."""
        return template.format(
            kampung=self.kampung_id,
            admin=self.admin_id,
            cadre=self.cadre_id,
            pending=self.pending_id,
            meeting=self.meeting_id,
            later=self.later_meeting_id,
            guest=self.guest_id,
        )

    def ids(self) -> list[int]:
        return sorted(
            {
                self.admin_id,
                self.cadre_id,
                self.pending_id,
                self.meeting_id,
                self.later_meeting_id,
                self.guest_id,
            }
        )


async def build_world(bot: Harness) -> World:
    """Admin, active cadre, pending user, the group, two meetings, check-in open, a guest.

    The clock ends at 08.30 WIB on the meeting day (``DURING_CHECK_IN``); the
    admin's ``/hadir`` has opened attendance and prompted everyone.
    """
    await register(bot, ADMIN, "Rina Sekretaris", "01", "Pokja")
    await register_active(bot, ADMIN, CADRE, "Siti Aminah", "03", "BKB")
    await register(bot, PENDING, "Budi Santoso", "05", "BKR")
    await bot.send(ADMIN, "/ikat_grup", chat_id=GROUP_CHAT_ID)
    for line in (MEETING_LINE, LATER_MEETING_LINE):
        await bot.send(ADMIN, line)
        await bot.press(ADMIN, keyboards.CB_SAVE)
    bot.clock.set(DURING_CHECK_IN)
    await bot.send(ADMIN, "/hadir")
    await bot.send(ADMIN, "/tamu Drs. Hasan - Sekretaris Lurah")
    async with bot.session() as session:
        meetings = list(await session.scalars(select(Meeting).order_by(Meeting.starts_at)))
        guest = await session.scalar(select(Guest))
    admin, cadre, pending = [await bot.member(person.id) for person in (ADMIN, CADRE, PENDING)]
    assert admin and cadre and pending and guest and len(meetings) == 2
    assert meetings[0].attendance_opened_at is not None
    assert not getattr(bot.api, "problems", [])
    return World(
        admin_id=admin.id,
        cadre_id=cadre.id,
        pending_id=pending.id,
        meeting_id=meetings[0].id,
        later_meeting_id=meetings[1].id,
        guest_id=guest.id,
        kampung_id=admin.kampung_id,
        callback_data=button_data(bot.api.calls),
    )


# --- one world, built once, put back as often as needed -----------------------------------


def _is_postgres(url: str) -> bool:
    return make_url(url).get_backend_name() == "postgresql"


def _copy_sqlite(source: Path, folder: Path) -> Path:
    """Copy a SQLite database (and its WAL files, if any) into ``folder``."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", folder / f"world.db{suffix}")
    return folder / "world.db"


@dataclass
class Template:
    """A world built once through the real flows: its ids, its rows, its database."""

    world: World
    rows: Snapshot
    url: str

    async def fresh_database(self, folder: Path) -> str:
        """A database holding exactly the world, for one test or example; its URL.

        SQLite: a copy of the world's file in ``folder``. PostgreSQL (one shared
        database): the world's rows put back in place of whatever is there.
        """
        if _is_postgres(self.url):
            engine = create_engine(self.url)
            try:
                await restore(engine, self.rows)
                assert await snapshot(engine) == self.rows, "the world did not come back whole"
            finally:
                await engine.dispose()
            return self.url
        copy = _copy_sqlite(Path(str(make_url(self.url).database)), folder)
        return f"sqlite+aiosqlite:///{copy}"


async def build_template(folder: Path) -> Template:
    """Build the world (``TEST_DATABASE_URL`` when set, else SQLite in ``folder``)."""
    url = os.environ.get("TEST_DATABASE_URL", "").strip()
    url = url or f"sqlite+aiosqlite:///{folder / 'template.db'}"
    if _is_postgres(url):
        await reset_postgres(url)
    clock = FakeClock(START)
    async with running_bot(make_settings(url), clock, StrictFakeBotAPI(clock)) as bot:
        world = await build_world(bot)
    # Start once more at check-in time: the scheduler catches up on the reminders the
    # jump in time skipped, here and once, rather than at the start of every test.
    async with running_bot(make_settings(url), clock, StrictFakeBotAPI(clock)):
        pass
    engine = create_engine(url)
    try:
        rows = await snapshot(engine)
    finally:
        await engine.dispose()
    return Template(world, rows, url)


@asynccontextmanager
async def bot_in_world(template: Template, folder: Path) -> AsyncIterator[Harness]:
    """A bot freshly started on a copy of the world, at check-in time, strict fake API."""
    url = await template.fresh_database(folder)
    clock = FakeClock(DURING_CHECK_IN)
    async with running_bot(make_settings(url), clock, StrictFakeBotAPI(clock)) as bot:
        bot.api.clear()  # what the start-up sent (commands, catch-up notices) is not under test
        yield bot
