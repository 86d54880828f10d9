"""A fake Telegram Bot API server over real HTTP, for end-to-end tests of the bot process.

``FakeTelegramServer`` listens on ``127.0.0.1`` (an ephemeral port) and answers
``/bot<token>/<method>`` the way Telegram does, closely enough for the bot:

* bodies may be JSON, ``application/x-www-form-urlencoded`` or multipart (what
  python-telegram-bot sends); in a form, complex values (``reply_markup``,
  ``scope``, …) and numbers arrive as JSON text and are decoded, while text
  parameters (``text``, ``caption``, …) stay strings, see ``STRING_PARAMS``;
* every answer is ``{"ok": true, "result": ...}`` with valid objects, or
  ``{"ok": false, "error_code": ..., "description": ...}`` with the HTTP status
  set to the error code;
* ``getUpdates`` long-polls honestly: ``offset`` confirms (drops) updates with a
  lower id, ``timeout`` waits until an update is queued or the time is up, and a
  newer ``getUpdates`` ends a waiting one with 409 Conflict, as Telegram does;
* it keeps the messages the bot sent, so edits change them, presses can only
  come from buttons a message still shows, and Telegram's refusals are real:
  unknown chat, message not modified, HTML that does not parse, text too long,
  callback data over 64 bytes, a callback query answered twice;
* it logs every request (``Request``) and lets a test wait for one
  (``wait_for``), queue updates (``push_update``, ``push_message``,
  ``push_press``) and inject faults (``fail``, ``rate_limit``,
  ``server_error``, ``block``, ``slow``);
* two opt-in behaviours, off by default, model the real network and Telegram:
  ``latency`` (a round trip L: half of it before the request arrives, half
  before the answer leaves) and ``limits`` (``Limits``: Telegram's sending
  limits enforced on arrival, 429 with ``retry_after`` beyond them). It counts
  every 429 it gave (``too_many``), and the ones ``limits`` gave with the limit
  exceeded and by how much (``floods``), and every message delivered per chat
  (``delivered``) either way.

Only what the bot uses is modelled; any other method answers ``True``.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import itertools
import json
import math
import socket
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any, Self

from aiohttp import web

BOT_ID = 700001
BOT_USERNAME = "kampungkb_e2e_bot"
BOT_USER: dict[str, Any] = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Bot Kampung KB",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}

# Form values of these parameters are plain strings; every other form value is JSON
# text (numbers, booleans, objects), as python-telegram-bot encodes it.
STRING_PARAMS = frozenset(
    [
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "title",
        "description",
        "short_description",
        "name",
        "language_code",
        "business_connection_id",
        "message_effect_id",
        "emoji",
        "question",
        "explanation",
        "first_name",
        "last_name",
        "phone_number",
        "address",
        "secret_token",
        "custom_title",
        "document",
        "photo",
        "sticker",
    ]
)
# Methods whose result is the Message they send.
SEND_METHODS = frozenset(
    [
        "sendmessage",
        "senddocument",
        "sendphoto",
        "sendaudio",
        "sendvideo",
        "sendvoice",
        "sendanimation",
        "sendsticker",
        "sendlocation",
        "sendcontact",
        "sendpoll",
        "senddice",
    ]
)
EDIT_METHODS = frozenset({"editmessagetext", "editmessagecaption", "editmessagereplymarkup"})
# Methods that put a message in a chat besides the send* ones (sendChatAction does not).
OTHER_MESSAGE_METHODS = frozenset(
    {"copymessage", "copymessages", "forwardmessage", "forwardmessages"}
)
# Methods that do not name a chat in ``chat_id`` but in ``scope``.
SCOPED_METHODS = frozenset({"setmycommands", "deletemycommands", "getmycommands"})
ALLOWED_HTML_TAGS = frozenset(
    [
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "tg-emoji",
        "code",
        "pre",
        "blockquote",
    ]
)
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA = 64
MAX_ANSWER_TEXT = 200
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


class ApiError(Exception):
    """A refusal the way Telegram words it."""

    def __init__(self, status: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.retry_after = retry_after


@dataclass
class UploadedFile:
    filename: str | None
    content: bytes
    content_type: str


@dataclass
class Request:
    """One request the bot made, in arrival order; ``status`` is None until answered."""

    method: str
    params: dict[str, Any]
    files: dict[str, UploadedFile] = field(default_factory=dict)
    at: float = 0.0  # time.monotonic() on arrival
    status: int | None = None
    result: Any = None
    description: str | None = None
    index: int = -1  # position in the log

    @property
    def answered(self) -> bool:
        return self.status is not None

    @property
    def ok(self) -> bool:
        return self.status == 200

    @property
    def chat_id(self) -> int | str | None:
        return self.params.get("chat_id")

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data or url) of every inline button, row by row."""
        return _buttons(self.params.get("reply_markup"))

    @property
    def button_data(self) -> list[str]:
        return [data for _, data in self.buttons]

    def summary(self) -> str:
        parts = [f"#{self.index}", self.method, str(self.status if self.answered else "…")]
        if self.chat_id is not None:
            parts.append(f"chat={self.chat_id}")
        for key in ("offset", "timeout", "message_id", "callback_query_id", "scope"):
            if key in self.params:
                parts.append(f"{key}={self.params[key]}")
        if self.text:
            parts.append(repr(self.text[:70]))
        if self.button_data:
            parts.append(f"buttons={self.button_data}")
        if self.description:
            parts.append(f"error={self.description!r}")
        return " ".join(parts)


@dataclass
class Fault:
    """A failure to inject into matching requests; ``times=None`` means every time."""

    method: str | None
    chat_ids: frozenset[int] | None
    status: int | None  # None: answer normally (after ``delay``)
    description: str = ""
    retry_after: int | None = None
    delay: float = 0.0
    times: int | None = None
    hits: int = 0

    def matches(self, request: Request) -> bool:
        if self.times is not None and self.times <= 0:
            return False
        if self.method is not None and request.method.lower() != self.method.lower():
            return False
        return self.chat_ids is None or _as_int(request.chat_id) in self.chat_ids


def counts_as_message(method: str) -> bool:
    """Whether Telegram counts ``method`` against its sending limits (a message in a chat)."""
    method = method.lower()
    return (
        method.startswith("send") and method != "sendchataction"
    ) or method in OTHER_MESSAGE_METHODS


@dataclass(frozen=True)
class Limits:
    """Telegram's sending limits, as the server enforces them when given ``limits=``.

    Judged when a message-sending request arrives: at most ``per_second``
    messages in any ``window`` (sliding, all chats together), one message per
    ``chat_interval`` to one private chat (positive id), at most ``per_group``
    in any ``group_window`` to one group (negative id). Beyond them the answer is
    429 with ``retry_after``: the whole seconds (at least 1, rounded up) until
    the request would have been let in. Only requests let in count.
    """

    per_second: int = 30
    window: float = 1.0
    chat_interval: float = 1.0
    per_group: int = 20
    group_window: float = 60.0


@dataclass(frozen=True)
class Flood:
    """One message refused for exceeding ``Limits``: which limit, and by how much."""

    method: str
    chat_id: int | None
    limit: str  # "overall", "chat" (a private chat's 1/s) or "group" (20/min)
    wait: float  # seconds it arrived too early
    at: float  # when it arrived (the server's clock)


class _LimitBook:
    """The messages let in recently, to judge the next one against ``Limits``."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self._overall: deque[float] = deque()
        self._last_to_chat: dict[int, float] = {}
        self._to_group: dict[int, deque[float]] = {}

    def wait(self, chat_id: int | None, now: float) -> float:
        """Seconds until a message to ``chat_id`` arriving at ``now`` would be let in."""
        return self.judge(chat_id, now)[0]

    def judge(self, chat_id: int | None, now: float) -> tuple[float, str]:
        """The wait (as ``wait``) and the limit that imposes it: overall, chat or group."""
        limits = self.limits
        waits = [(0.0, "")]
        overall = self._overall
        while overall and overall[0] <= now - limits.window:
            overall.popleft()
        if len(overall) >= limits.per_second:
            waits.append((overall[-limits.per_second] + limits.window - now, "overall"))
        if chat_id is not None and chat_id > 0:
            last = self._last_to_chat.get(chat_id)
            if last is not None and now - last < limits.chat_interval:
                waits.append((last + limits.chat_interval - now, "chat"))
        elif chat_id is not None and chat_id < 0:
            group = self._to_group.get(chat_id)
            while group and group[0] <= now - limits.group_window:
                group.popleft()
            if group is not None and len(group) >= limits.per_group:
                waits.append((group[-limits.per_group] + limits.group_window - now, "group"))
        return max(waits)

    def let_in(self, chat_id: int | None, now: float) -> None:
        self._overall.append(now)
        if chat_id is not None and chat_id > 0:
            self._last_to_chat[chat_id] = now
        elif chat_id is not None and chat_id < 0:
            self._to_group.setdefault(chat_id, deque()).append(now)


def _as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _buttons(markup: Any) -> list[tuple[str, str]]:
    if isinstance(markup, str):
        markup = json.loads(markup)
    if not isinstance(markup, dict):
        return []
    return [
        (str(button.get("text", "")), str(button.get("callback_data") or button.get("url") or ""))
        for row in markup.get("inline_keyboard", [])
        for button in row
    ]


def _data(markup: Any) -> list[str]:
    return [data for _, data in _buttons(markup)]


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


class _TelegramHTML(HTMLParser):
    """Turn Telegram HTML into its plain text, refusing what Telegram refuses."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_HTML_TAGS:
            raise ApiError(
                400, f'Bad Request: can\'t parse entities: Unsupported start tag "{tag}"'
            )
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            raise ApiError(400, f'Bad Request: can\'t parse entities: Unexpected end tag "{tag}"')
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(text: str, parse_mode: Any) -> str:
    """The text Telegram would show (and return) for ``text`` in ``parse_mode``."""
    if not isinstance(parse_mode, str) or parse_mode.upper() != "HTML":
        return text
    parser = _TelegramHTML()
    parser.feed(text)
    parser.close()
    if parser.open:
        raise ApiError(
            400,
            "Bad Request: can't parse entities: Can't find end tag corresponding to start tag "
            f'"{parser.open[-1]}"',
        )
    return "".join(parser.parts)


def user(user_id: int, first_name: str, username: str | None = None) -> dict[str, Any]:
    """A Telegram ``User`` object for a person in a test."""
    data: dict[str, Any] = {
        "id": user_id,
        "is_bot": False,
        "first_name": first_name,
        "language_code": "id",
    }
    if username:
        data["username"] = username
    return data


def private_chat(person: dict[str, Any]) -> dict[str, Any]:
    chat = {"id": person["id"], "type": "private", "first_name": person["first_name"]}
    if "username" in person:
        chat["username"] = person["username"]
    return chat


class FakeTelegramServer:
    """The fake Bot API. Use ``async with FakeTelegramServer(token) as server``.

    Point the bot at ``server.base_url`` (``TELEGRAM_API_BASE_URL``). Requests
    with another token get 401 Unauthorized, like Telegram.

    ``latency``: seconds of round trip added to every request, half before the
    server sees it (its ``Request.at``, the moment it counts against the
    limits) and half before the answer leaves. ``limits``: enforce Telegram's
    sending limits on arrival (``Limits()`` for Telegram's own numbers). Both
    off by default. ``clock`` (``time.monotonic``) times arrivals and judges
    the limits; a test may pass a frozen one. ``port``: a fixed port (e.g. one the
    bot was told before the server came up), else an ephemeral one.
    """

    def __init__(
        self,
        token: str,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        latency: float = 0.0,
        limits: Limits | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.host = host
        self.port = port  # 0: an ephemeral port, chosen at start()
        self.latency = latency
        self.limits = limits
        self.clock = clock
        self.requests: list[Request] = []
        self.faults: list[Fault] = []
        self.too_many = 0  # 429 answers given, enforced or injected
        self.floods: list[Flood] = []  # the 429s given for exceeding ``limits``
        self.delivered: Counter[int] = Counter()  # messages delivered (200), by chat id
        self._limit_book = _LimitBook(limits) if limits is not None else None
        self._updates: list[dict[str, Any]] = []  # queued, not yet confirmed
        self._last_update_id = 0
        self._message_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self._open_queries: set[str] = set()
        self._chats: dict[int, dict[str, Any]] = {}
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}
        self._commands: dict[str, list[dict[str, Any]]] = {}
        self._poll_generation = 0
        self._changed = asyncio.Condition()
        self._closing = asyncio.Event()
        self._runner: web.AppRunner | None = None

    # --- lifecycle -----------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """The root URL for ``TELEGRAM_API_BASE_URL`` (no ``/bot`` suffix)."""
        return f"http://{self.host}:{self.port}"

    async def start(self) -> Self:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        # No access log: the request path carries the token.
        self._runner = web.AppRunner(
            app, access_log=None, handle_signals=False, shutdown_timeout=2.0
        )
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock)
        await site.start()
        return self

    async def close(self) -> None:
        """Stop serving; waiting long polls and slow answers end at once."""
        self._closing.set()
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    # --- updates (what users do) ---------------------------------------------------

    def add_chat(self, chat: dict[str, Any]) -> None:
        """Make a chat known, as if it had talked to the bot (else: "chat not found")."""
        self._chats[int(chat["id"])] = chat

    async def push_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue one update for ``getUpdates``; ``update_id`` is assigned if missing."""
        update = copy.deepcopy(update)
        if "update_id" not in update:
            update["update_id"] = self._last_update_id + 1
        if update["update_id"] <= self._last_update_id:
            raise ValueError(f"update ids must increase: {update['update_id']}")
        self._last_update_id = update["update_id"]
        for value in update.values():
            if not isinstance(value, dict):
                continue
            message = value.get("message", value)
            if isinstance(message, dict) and isinstance(message.get("chat"), dict):
                self._chats.setdefault(int(message["chat"]["id"]), message["chat"])
            if "chat_instance" in value:  # a callback query
                self._open_queries.add(str(value["id"]))
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    async def push_message(
        self,
        sender: dict[str, Any],
        text: str,
        *,
        chat: dict[str, Any] | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """``sender`` types ``text`` (a command if it starts with ``/``) in ``chat``.

        ``chat`` defaults to the sender's private chat.
        """
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or private_chat(sender),
            "from": sender,
            "text": text,
        }
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_length(command)}
            ]
        message.update(extra)
        update = await self.push_update({"message": message})
        self._messages[(message["chat"]["id"], message["message_id"])] = copy.deepcopy(message)
        return update

    async def push_press(
        self, sender: dict[str, Any], data: str, message: dict[str, Any]
    ) -> dict[str, Any]:
        """``sender`` presses the button with ``data`` under ``message`` (a bot message)."""
        query = {
            "id": f"{BOT_ID}{next(self._query_ids):06d}",
            "from": sender,
            "chat_instance": f"ci{message['chat']['id']}",
            "data": data,
            "message": copy.deepcopy(message),
        }
        return await self.push_update({"callback_query": query})

    @property
    def pending_updates(self) -> list[dict[str, Any]]:
        """Updates queued and not yet confirmed by an ``offset``."""
        return list(self._updates)

    # --- what the bot sent -----------------------------------------------------------

    def mark(self) -> int:
        """A position in the request log, for ``since=``."""
        return len(self.requests)

    def of(self, method: str, *, since: int = 0) -> list[Request]:
        return [r for r in self.requests[since:] if r.method.lower() == method.lower()]

    def sent(self, chat_id: int | None = None, *, since: int = 0) -> list[Request]:
        """Messages the bot sent successfully, optionally to one chat."""
        return [
            r
            for r in self.requests[since:]
            if r.method.lower() in SEND_METHODS
            and r.ok
            and (chat_id is None or _as_int(r.chat_id) == chat_id)
        ]

    def message(self, chat_id: int, message_id: int) -> dict[str, Any] | None:
        """The bot's message as it is now (after edits), or None if unknown or deleted."""
        stored = self._messages.get((chat_id, message_id))
        return copy.deepcopy(stored) if stored is not None else None

    def message_with_button(self, chat_id: int, data: str) -> dict[str, Any] | None:
        """The latest bot message in ``chat_id`` that still shows a button with ``data``."""
        for (chat, _), message in reversed(self._messages.items()):
            from_bot = message.get("from", {}).get("id") == BOT_ID
            if chat == chat_id and from_bot and data in _data(message.get("reply_markup")):
                return copy.deepcopy(message)
        return None

    def commands(self, scope: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        return list(self._commands.get(_scope_key(scope), []))

    async def wait_for(
        self,
        predicate: Callable[[Request], bool],
        *,
        timeout: float = 20.0,  # noqa: ASYNC109 (the timeout is part of the assertion)
        since: int = 0,
        answered: bool = True,
        what: str | None = None,
    ) -> Request:
        """The first logged request from ``since`` on that matches ``predicate``.

        With ``answered`` (the default) only requests already answered count, so
        their ``result`` is there. Raises AssertionError after ``timeout`` seconds,
        listing the latest requests.
        """

        def find() -> Request | None:
            for request in self.requests[since:]:
                if (request.answered or not answered) and predicate(request):
                    return request
            return None

        async with self._changed:
            try:
                async with asyncio.timeout(timeout):
                    found = await self._changed.wait_for(find)
            except TimeoutError:
                raise AssertionError(
                    f"no request {what or 'matching the predicate'} within {timeout:g}s "
                    f"(looked from #{since}); latest requests:\n{self.describe(last=20)}"
                ) from None
        assert found is not None
        return found

    async def wait_for_count(
        self,
        predicate: Callable[[Request], bool],
        count: int,
        *,
        timeout: float = 20.0,  # noqa: ASYNC109
        since: int = 0,
        answered: bool = True,
        what: str | None = None,
    ) -> list[Request]:
        """The first ``count`` logged requests from ``since`` on that match ``predicate``
        (only answered ones with ``answered``), once there are that many."""

        def find() -> list[Request] | None:
            found = [
                request
                for request in self.requests[since:]
                if (request.answered or not answered) and predicate(request)
            ]
            return found[:count] if len(found) >= count else None

        async with self._changed:
            try:
                async with asyncio.timeout(timeout):
                    matched = await self._changed.wait_for(find)
            except TimeoutError:
                raise AssertionError(
                    f"fewer than {count} requests {what or 'matching the predicate'} within "
                    f"{timeout:g}s (looked from #{since}); latest requests:\n"
                    f"{self.describe(last=20)}"
                ) from None
        assert matched is not None
        return matched

    async def wait_for_message(
        self,
        chat_id: int,
        *,
        since: int = 0,
        containing: str | None = None,
        button: str | None = None,
        timeout: float = 20.0,  # noqa: ASYNC109
    ) -> Request:
        """The first message successfully sent to ``chat_id`` from ``since`` on, whose
        text contains ``containing`` and which carries a button with data ``button``."""

        def matches(request: Request) -> bool:
            return (
                request.method.lower() in SEND_METHODS
                and request.ok
                and _as_int(request.chat_id) == chat_id
                and (containing is None or containing in request.text)
                and (button is None or button in request.button_data)
            )

        wanted = [f"to {chat_id}"]
        if containing is not None:
            wanted.append(f"containing {containing!r}")
        if button is not None:
            wanted.append(f"with button {button!r}")
        return await self.wait_for(
            matches, timeout=timeout, since=since, what="sending a message " + " ".join(wanted)
        )

    def describe(self, *, last: int = 20) -> str:
        return "\n".join(f"  {r.summary()}" for r in self.requests[-last:]) or "  none"

    # --- faults ----------------------------------------------------------------------

    def fail(
        self,
        *,
        method: str | None = None,
        chat_id: int | Iterable[int] | None = None,
        status: int = 400,
        description: str = "Bad Request: injected failure",
        retry_after: int | None = None,
        times: int | None = None,
    ) -> Fault:
        """Answer matching requests with an error. With neither ``method`` nor
        ``chat_id`` every request matches, ``getUpdates`` included."""
        fault = Fault(method, _chat_set(chat_id), status, description, retry_after, times=times)
        self.faults.append(fault)
        return fault

    def rate_limit(
        self,
        retry_after: int = 1,
        *,
        method: str | None = "sendMessage",
        chat_id: int | Iterable[int] | None = None,
        times: int | None = 1,
    ) -> Fault:
        """429 Too Many Requests with ``parameters.retry_after``."""
        return self.fail(
            method=method,
            chat_id=chat_id,
            status=429,
            description=f"Too Many Requests: retry after {retry_after}",
            retry_after=retry_after,
            times=times,
        )

    def server_error(
        self,
        *,
        method: str | None = "sendMessage",
        chat_id: int | Iterable[int] | None = None,
        status: int = 500,
        times: int | None = 1,
    ) -> Fault:
        return self.fail(
            method=method,
            chat_id=chat_id,
            status=status,
            description="Internal Server Error",
            times=times,
        )

    def block(self, *chat_ids: int) -> Fault:
        """These users blocked the bot: 403 for everything addressed to their chats."""
        return self.fail(
            chat_id=chat_ids, status=403, description="Forbidden: bot was blocked by the user"
        )

    def slow(
        self,
        seconds: float,
        *,
        method: str | None = "sendMessage",
        chat_id: int | Iterable[int] | None = None,
        times: int | None = None,
    ) -> Fault:
        """Answer matching requests normally, but only after ``seconds``."""
        fault = Fault(method, _chat_set(chat_id), None, delay=seconds, times=times)
        self.faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        self.faults.clear()

    def _fault_for(self, request: Request) -> Fault | None:
        for fault in self.faults:
            if fault.matches(request):
                fault.hits += 1
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    # --- HTTP ------------------------------------------------------------------------

    async def _network(self) -> None:
        """One way of the round trip (half of ``latency``); cut short when closing."""
        if self.latency > 0:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.latency / 2):
                    await self._closing.wait()

    def _judge_limits(self, request: Request) -> None:
        """Let a message in, or refuse it with 429 as Telegram does beyond its limits."""
        if self._limit_book is None or not counts_as_message(request.method):
            return
        chat_id = _as_int(request.chat_id)
        wait, limit = self._limit_book.judge(chat_id, request.at)
        if wait > 0:
            self.floods.append(Flood(request.method, chat_id, limit, wait, request.at))
            retry_after = max(1, math.ceil(wait))
            raise ApiError(429, f"Too Many Requests: retry after {retry_after}", retry_after)
        self._limit_book.let_in(chat_id, request.at)

    async def _handle(self, http: web.Request) -> web.Response:
        method = http.match_info["method"]
        await self._network()  # on its way to the server
        try:
            params, files = await _parse(http)
        except ApiError as error:
            params, files, parse_error = {}, {}, error
        except ConnectionError:
            # The client went away (e.g. the bot was killed) before its request was
            # whole: it never arrived, and nobody will read an answer.
            return web.Response(status=499)
        else:
            parse_error = None
        request = Request(method, params, files, at=self.clock())
        async with self._changed:
            request.index = len(self.requests)
            self.requests.append(request)
            self._changed.notify_all()

        retry_after = None
        try:
            if http.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if parse_error is not None:
                raise parse_error
            self._judge_limits(request)
            fault = self._fault_for(request)
            if fault is not None and fault.delay:
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(fault.delay):
                        await self._closing.wait()
            if fault is not None and fault.status is not None:
                raise ApiError(fault.status, fault.description, fault.retry_after)
            result = await self._answer(request)
        except ApiError as error:
            status, result, retry_after = error.status, None, error.retry_after
            request.description = error.description
        else:
            status = 200

        if status == 429:
            self.too_many += 1
        elif status == 200 and counts_as_message(method):
            chat_id = _as_int(request.chat_id)
            if chat_id is not None:
                self.delivered[chat_id] += 1
        async with self._changed:
            request.status = status
            request.result = result
            self._changed.notify_all()
        if status == 200:
            response = web.json_response({"ok": True, "result": result})
        else:
            body: dict[str, Any] = {
                "ok": False,
                "error_code": status,
                "description": request.description,
            }
            if retry_after is not None:
                body["parameters"] = {"retry_after": retry_after}
            response = web.json_response(body, status=status)
        await self._network()  # the answer on its way back
        return response

    # --- the methods -----------------------------------------------------------------

    async def _answer(self, request: Request) -> Any:
        method = request.method.lower()
        params = request.params
        if method == "getupdates":
            return await self._get_updates(params)
        if method == "getme":
            return BOT_USER
        if method in SEND_METHODS:
            return self._send(request)
        if method == "sendmediagroup":
            return self._send_media_group(request)
        if method in EDIT_METHODS:
            return self._edit(method, params)
        if method == "answercallbackquery":
            return self._answer_query(params)
        if method == "deletemessage":
            key = (self._known_chat(params)["id"], int(params.get("message_id", 0)))
            if self._messages.pop(key, None) is None:
                raise ApiError(400, "Bad Request: message to delete not found")
            return True
        if method == "getwebhookinfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        if method in SCOPED_METHODS:
            return self._my_commands(method, params)
        if method == "getchat":
            chat = self._known_chat(params)
            return {**chat, "accent_color_id": 0, "max_reaction_count": 11, **_GIFT_TYPES}
        # deleteWebhook, sendChatAction, setChatMenuButton, … answer True.
        return True

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = _as_int(params.get("offset")) or 0
        limit = min(max(_as_int(params.get("limit")) or 100, 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        async with self._changed:
            # A newer getUpdates ends any older one still waiting (409 Conflict).
            self._poll_generation += 1
            generation = self._poll_generation
            self._changed.notify_all()
            if offset > 0:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            elif offset < 0:
                self._updates = self._updates[offset:]

            def ready() -> bool:
                return (
                    bool(self._updates)
                    or self._closing.is_set()
                    or generation != self._poll_generation
                )

            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(timeout):
                    await self._changed.wait_for(ready)
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; make sure that only "
                    "one bot instance is running",
                )
            return copy.deepcopy(self._updates[:limit])

    def _known_chat(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = _as_int(params.get("chat_id"))
        if chat_id is None or chat_id not in self._chats:
            raise ApiError(400, "Bad Request: chat not found")
        return self._chats[chat_id]

    def _send(self, request: Request) -> dict[str, Any]:
        params = request.params
        chat = self._known_chat(params)
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat,
            "from": BOT_USER,
        }
        if request.method.lower() == "sendmessage":
            text = plain_text(str(params.get("text", "")), params.get("parse_mode"))
            if not text.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            if _utf16_length(text) > MAX_TEXT:
                raise ApiError(400, "Bad Request: message is too long")
            message["text"] = text
        elif "caption" in params:
            caption = plain_text(str(params["caption"]), params.get("parse_mode"))
            if _utf16_length(caption) > MAX_CAPTION:
                raise ApiError(400, "Bad Request: message caption is too long")
            message["caption"] = caption
        if "document" in request.files:
            upload = request.files["document"]
            message["document"] = {
                "file_id": f"doc{message['message_id']}",
                "file_unique_id": f"udoc{message['message_id']}",
                "file_name": upload.filename or "document",
                "mime_type": upload.content_type,
                "file_size": len(upload.content),
            }
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            message["reply_markup"] = markup
        self._messages[(chat["id"], message["message_id"])] = message
        return copy.deepcopy(message)

    def _send_media_group(self, request: Request) -> list[dict[str, Any]]:
        """An album: 2–10 items, documents only with documents; one message per item
        (https://core.telegram.org/bots/api#sendmediagroup)."""
        media = request.params.get("media")
        items = json.loads(media) if isinstance(media, str) else media
        if not isinstance(items, list) or not 2 <= len(items) <= 10:
            raise ApiError(400, "Bad Request: wrong number of media in the album")
        kinds = {item.get("type") for item in items}
        if "document" in kinds and kinds != {"document"}:
            raise ApiError(400, "Bad Request: documents can't be mixed with other media types")
        chat = self._known_chat(request.params)
        sent = []
        for item in items:
            message: dict[str, Any] = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
            }
            if "caption" in item:
                caption = plain_text(str(item["caption"]), item.get("parse_mode"))
                if _utf16_length(caption) > MAX_CAPTION:
                    raise ApiError(400, "Bad Request: message caption is too long")
                message["caption"] = caption
            reference = str(item.get("media", ""))
            upload = request.files.get(reference.removeprefix("attach://"))
            if item.get("type") == "document":
                if upload is None:
                    raise ApiError(400, "Bad Request: document not uploaded")
                message["document"] = {
                    "file_id": f"doc{message['message_id']}",
                    "file_unique_id": f"udoc{message['message_id']}",
                    "file_name": upload.filename or "document",
                    "mime_type": upload.content_type,
                    "file_size": len(upload.content),
                }
            else:
                message["photo"] = [
                    {
                        "file_id": reference,
                        "file_unique_id": f"u{reference}",
                        "width": 1280,
                        "height": 960,
                    }
                ]
            self._messages[(chat["id"], message["message_id"])] = message
            sent.append(copy.deepcopy(message))
        return sent

    def _edit(self, method: str, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True
        chat = self._known_chat(params)
        key = (chat["id"], _as_int(params.get("message_id")) or 0)
        stored = self._messages.get(key)
        if stored is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        if stored.get("from", {}).get("id") != BOT_ID:
            raise ApiError(400, "Bad Request: message can't be edited")
        edited = copy.deepcopy(stored)
        # Any edit without a reply_markup removes the inline keyboard.
        edited.pop("reply_markup", None)
        markup = _inline_markup(params.get("reply_markup"))
        if markup is not None:
            edited["reply_markup"] = markup
        if method == "editmessagetext":
            text = plain_text(str(params.get("text", "")), params.get("parse_mode"))
            if not text.strip():
                raise ApiError(400, "Bad Request: message text is empty")
            if _utf16_length(text) > MAX_TEXT:
                raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
            if "text" not in stored:
                raise ApiError(400, "Bad Request: there is no text in the message to edit")
            edited["text"] = text
        elif method == "editmessagecaption":
            edited["caption"] = plain_text(str(params.get("caption", "")), params.get("parse_mode"))
        if edited == stored:
            raise ApiError(400, NOT_MODIFIED)
        edited["edit_date"] = int(time.time())
        self._messages[key] = edited
        return copy.deepcopy(edited)

    def _answer_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id", ""))
        if query_id not in self._open_queries:
            raise ApiError(
                400,
                "Bad Request: query is too old and response timeout expired or query ID is invalid",
            )
        if _utf16_length(str(params.get("text") or "")) > MAX_ANSWER_TEXT:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._open_queries.discard(query_id)
        return True

    def _my_commands(self, method: str, params: dict[str, Any]) -> Any:
        scope = params.get("scope")
        if isinstance(scope, dict) and "chat_id" in scope:
            self._known_chat(scope)
        key = _scope_key(scope if isinstance(scope, dict) else None)
        if method == "getmycommands":
            return self._commands.get(key, [])
        if method == "deletemycommands":
            self._commands.pop(key, None)
            return True
        commands = params.get("commands")
        if not isinstance(commands, list) or len(commands) > 100:
            raise ApiError(400, "Bad Request: commands must be a list of at most 100")
        self._commands[key] = commands
        return True


_GIFT_TYPES = {
    "accepted_gift_types": {
        "unlimited_gifts": False,
        "limited_gifts": False,
        "unique_gifts": False,
        "premium_subscription": False,
    }
}


def _scope_key(scope: dict[str, Any] | None) -> str:
    return json.dumps(scope or {"type": "default"}, sort_keys=True)


def _chat_set(chat_id: int | Iterable[int] | None) -> frozenset[int] | None:
    if chat_id is None:
        return None
    if isinstance(chat_id, int):
        return frozenset({chat_id})
    return frozenset(chat_id)


def _inline_markup(markup: Any) -> dict[str, Any] | None:
    """The inline keyboard a message keeps from ``reply_markup``, checked like Telegram."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    for row in markup["inline_keyboard"]:
        for button in row:
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
    return {"inline_keyboard": copy.deepcopy(markup["inline_keyboard"])}


def _decode(key: str, value: str) -> Any:
    if key in STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value  # e.g. chat_id="@channelname"


async def _parse(http: web.Request) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
    """Parameters from the query string and a JSON, form or multipart body."""
    params: dict[str, Any] = {key: _decode(key, value) for key, value in http.query.items()}
    files: dict[str, UploadedFile] = {}
    if http.content_type == "application/json":
        try:
            body = await http.json()
        except ValueError as error:
            raise ApiError(400, "Bad Request: invalid JSON body") from error
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: the JSON body must be an object")
        for key, value in body.items():
            # Some clients send complex values as JSON text even inside JSON.
            is_json_text = isinstance(value, str) and value.startswith(("{", "["))
            params[key] = _decode(key, value) if is_json_text else value
        return params, files
    form = await http.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = UploadedFile(value.filename, value.file.read(), value.content_type)
        else:
            params[key] = _decode(key, str(value))
    return params, files
