"""An offline, recording fake of the Telegram Bot API.

``FakeBotAPI`` is a python-telegram-bot ``BaseRequest``: the real ``Bot`` and
``Application`` talk to it instead of the network. It answers every method the
bot uses with a valid result, keeps every request for assertions, and can be
told to fail chosen requests (403, 429 with ``retry_after``, 5xx, timeouts).
"""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from telegram.error import TimedOut
from telegram.request import BaseRequest, RequestData

BOT_ID = 700001
BOT_USERNAME = "kampungkb_test_bot"
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "Bot Kampung KB",
    "username": BOT_USERNAME,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
SENDING_METHODS = frozenset({"sendMessage", "sendDocument", "sendPhoto", "sendMediaGroup"})
EDITING_METHODS = frozenset({"editMessageText", "editMessageReplyMarkup", "editMessageCaption"})
NOT_MODIFIED = (
    "Bad Request: message is not modified: specified new message content and reply markup "
    "are exactly the same as a current content and reply markup of the message"
)


@dataclass
class SentDocument:
    """A document the bot sent: its chat, file name, bytes, caption, and the album's
    call when it came in one (None: sent alone)."""

    chat_id: int | None
    name: str
    content: bytes
    caption: str
    album: Call | None


@dataclass
class Call:
    """One request the bot made."""

    method: str
    params: dict[str, Any]
    files: dict[str, Any] = field(default_factory=dict)
    result: Any = None
    at: datetime | None = None

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return int(value) if value is not None else None

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def media(self) -> list[dict[str, Any]]:
        """The items of a sendMediaGroup, as sent (type, media, caption, …)."""
        media = self.params.get("media") or []
        return json.loads(media) if isinstance(media, str) else list(media)

    def attached(self, item: dict[str, Any]) -> tuple[str, bytes]:
        """(file name, bytes) of an album item uploaded with the call (``attach://…``)."""
        name = str(item["media"]).removeprefix("attach://")
        upload = self.files[name]
        return str(upload[0]), upload[1]

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data or url) of every inline button, row by row."""
        markup = self.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        if not markup:
            return []
        return [
            (b["text"], b.get("callback_data") or b.get("url") or "")
            for row in markup.get("inline_keyboard", [])
            for b in row
        ]

    @property
    def button_data(self) -> list[str]:
        return [data for _, data in self.buttons]


@dataclass
class Fault:
    """A failure to inject: which requests, how, and how many times."""

    matches: Callable[[Call], bool]
    status: int
    description: str
    retry_after: int | None = None
    timeout: bool = False
    migrate_to: int | None = None
    times: int | None = None  # None: every time


class FakeBotAPI(BaseRequest):
    """The recording fake. One instance serves one bot (token-independent)."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        self.calls: list[Call] = []
        self.faults: list[Fault] = []
        self._message_ids = itertools.count(1000)
        self._file_ids = itertools.count(1)
        self._clock = clock or (lambda: datetime.now(UTC))
        self._sends = 0
        self._freeze_at: int | None = None
        self._frozen_delivered = False
        self._never = asyncio.Event()
        self.hanging = 0
        self.hung: list[Call] = []  # sends that never got their answer
        self.held_chats: set[int] = set()
        self.held_methods: frozenset[str] = frozenset({"sendMessage"})
        self.held: list[Call] = []  # calls that waited (or wait) for ``release()``
        self._release = asyncio.Event()
        self._hung = asyncio.Condition()
        self._watchers: list[asyncio.Event] = []
        # Photos "on Telegram's servers": file id -> bytes, served by getFile + download.
        self.files: dict[str, bytes] = {}
        self.downloads: list[str] = []
        # What each message the bot sent reads now, (chat, message id) -> (text, markup):
        # an edit to exactly that is refused with "message is not modified", as Telegram does.
        self.shown: dict[tuple[int, int], tuple[Any, Any]] = {}

    # --- BaseRequest --------------------------------------------------------

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        if "/file/bot" in url:  # a file download (getFile's file_path under the file URL)
            return self._download(url)
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = dict(request_data.multipart_data) if request_data else {}
        call = Call(api_method, params, files, at=self._clock())
        if api_method in self.held_methods and call.chat_id in self.held_chats:
            self.held.append(call)
            self._notify()
            await self._release.wait()  # a slow chat: answered once the test releases it
        if api_method == "sendMessage":
            self._sends += 1
            if self._freeze_at is not None and self._sends >= self._freeze_at:
                if self._frozen_delivered:
                    call.result = self._result(call)
                    self._record(call)
                async with self._hung:
                    self.hung.append(call)
                    self.hanging += 1
                    self._hung.notify_all()
                await self._never.wait()  # the answer never comes: killed meanwhile
        fault = self._fault_for(call)
        if fault is not None:
            self._record(call)
            if fault.timeout:
                raise TimedOut("fake timeout")
            body: dict[str, Any] = {
                "ok": False,
                "error_code": fault.status,
                "description": fault.description,
            }
            if fault.retry_after is not None:
                body["parameters"] = {"retry_after": fault.retry_after}
            if fault.migrate_to is not None:
                body["parameters"] = {"migrate_to_chat_id": fault.migrate_to}
            return fault.status, json.dumps(body).encode()
        if api_method in EDITING_METHODS and self._unchanged(call):
            self._record(call)
            body = {"ok": False, "error_code": 400, "description": NOT_MODIFIED}
            return 400, json.dumps(body).encode()
        if api_method == "sendMediaGroup" and (problem := _media_group_problem(call)):
            self._record(call)
            body = {"ok": False, "error_code": 400, "description": problem}
            return 400, json.dumps(body).encode()
        if api_method == "getFile" and str(params.get("file_id")) not in self.files:
            self._record(call)
            body = {"ok": False, "error_code": 400, "description": "Bad Request: invalid file_id"}
            return 400, json.dumps(body).encode()
        result = self._result(call)
        call.result = result
        self._remember(call)
        self._record(call)
        return 200, json.dumps({"ok": True, "result": result}).encode()

    @staticmethod
    def _markup_of(call: Call) -> Any:
        markup = call.params.get("reply_markup")
        if isinstance(markup, str):
            markup = json.loads(markup)
        return markup if isinstance(markup, dict) and markup.get("inline_keyboard") else None

    def _after_edit(self, call: Call, key: tuple[int, int]) -> tuple[Any, Any] | None:
        """What the message would read after ``call``; None if it is not one we know."""
        current = self.shown.get(key)
        if current is None:
            return None
        text = current[0]
        if call.method == "editMessageText":
            text = call.params.get("text")
        elif call.method == "editMessageCaption":
            text = call.params.get("caption")
        # Any edit without a reply_markup removes the inline keyboard.
        return text, self._markup_of(call)

    def _key(self, call: Call) -> tuple[int, int] | None:
        if call.chat_id is None or call.params.get("message_id") is None:
            return None
        return call.chat_id, int(call.params["message_id"])

    def _unchanged(self, call: Call) -> bool:
        key = self._key(call)
        return key is not None and self._after_edit(call, key) == self.shown.get(key)

    def _remember(self, call: Call) -> None:
        if call.method == "sendMessage" and isinstance(call.result, dict):
            key = (int(call.result["chat"]["id"]), int(call.result["message_id"]))
            self.shown[key] = (call.params.get("text"), self._markup_of(call))
        elif call.method in EDITING_METHODS:
            key = self._key(call)
            after = None if key is None else self._after_edit(call, key)
            if key is not None and after is not None:
                self.shown[key] = after

    def _download(self, url: str) -> tuple[int, bytes]:
        file_id = url.rsplit("/", 1)[-1].removesuffix(".jpg")
        self.downloads.append(file_id)
        if file_id not in self.files:
            body = {"ok": False, "error_code": 404, "description": "Not Found"}
            return 404, json.dumps(body).encode()
        return 200, self.files[file_id]

    def _record(self, call: Call) -> None:
        self.calls.append(call)
        self._notify()

    def _notify(self) -> None:
        for watcher in self._watchers:
            watcher.set()

    async def wait_for(self, condition: Callable[[], bool]) -> None:
        """Return once ``condition`` holds, checked again after every request the bot makes
        (and whenever a request starts to wait in ``hold``)."""
        watcher = asyncio.Event()
        self._watchers.append(watcher)
        try:
            while not condition():
                await watcher.wait()
                watcher.clear()
        finally:
            self._watchers.remove(watcher)

    # --- faults -------------------------------------------------------------

    def fail(
        self,
        *,
        method: str | None = None,
        chat_id: int | None = None,
        status: int = 400,
        description: str = "Bad Request: injected",
        retry_after: int | None = None,
        timeout: bool = False,
        times: int | None = None,
        migrate_to: int | None = None,
    ) -> Fault:
        def matches(call: Call) -> bool:
            return (method is None or call.method == method) and (
                chat_id is None or call.chat_id == chat_id
            )

        fault = Fault(matches, status, description, retry_after, timeout, migrate_to, times)
        self.faults.append(fault)
        return fault

    def freeze_after(self, sends: int, *, delivered: bool) -> None:
        """From the ``sends``-th sendMessage on, no answer ever comes back: the process is
        about to be killed. With ``delivered`` Telegram got those messages (they are in
        the log); without, they were lost on the way."""
        self._freeze_at = self._sends + sends
        self._frozen_delivered = delivered

    def thaw(self) -> None:
        """Answer again (the restarted process has a working network)."""
        self._freeze_at = None

    def hold(
        self, chat_ids: set[int] | list[int], *, methods: tuple[str, ...] = ("sendMessage",)
    ) -> None:
        """Calls of ``methods`` to these chats wait for ``release()`` (a slow network to
        them); each such call is added to ``held``."""
        self.held_chats = set(chat_ids)
        self.held_methods = frozenset(methods)
        self._release.clear()

    def release(self) -> None:
        self._release.set()

    async def until_hanging(self, count: int) -> None:
        """Wait until ``count`` sends are stuck without an answer (after ``freeze_after``)."""
        async with asyncio.timeout(30), self._hung:  # a guard, not a timing assertion
            await self._hung.wait_for(lambda: self.hanging >= count)

    def block(self, chat_id: int) -> Fault:
        """The user behind ``chat_id`` blocked the bot."""
        return self.fail(
            chat_id=chat_id, status=403, description="Forbidden: bot was blocked by the user"
        )

    def _fault_for(self, call: Call) -> Fault | None:
        for fault in self.faults:
            if fault.matches(call) and (fault.times is None or fault.times > 0):
                if fault.times is not None:
                    fault.times -= 1
                return fault
        return None

    # --- results ------------------------------------------------------------

    def _chat(self, chat_id: Any) -> dict[str, Any]:
        chat_id = int(chat_id)
        if chat_id > 0:
            return {"id": chat_id, "type": "private", "first_name": f"User{chat_id}"}
        return {"id": chat_id, "type": "supergroup", "title": "Grup Kampung KB"}

    def _message(self, call: Call, **extra: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": int(call.params.get("message_id") or next(self._message_ids)),
            "date": int(self._clock().timestamp()),
            "chat": self._chat(call.params["chat_id"]),
            "from": BOT_USER,
        }
        if "text" in call.params:
            message["text"] = call.params["text"]
        markup = call.params.get("reply_markup")
        if isinstance(markup, dict) and "inline_keyboard" in markup:
            message["reply_markup"] = markup
        message.update(extra)
        return message

    def _result(self, call: Call) -> Any:
        method = call.method
        if method == "getMe":
            return BOT_USER
        if method == "sendMessage":
            return self._message(call)
        if method in {"editMessageText", "editMessageReplyMarkup", "editMessageCaption"}:
            if "inline_message_id" in call.params:
                return True
            return self._message(call)
        if method == "sendDocument":
            number = next(self._file_ids)
            name = next(iter(call.files.values()), ("document.bin",))[0]
            document = {"file_id": f"doc{number}", "file_unique_id": f"u{number}"}
            document["file_name"] = name
            return self._message(call, document=document)
        if method == "sendPhoto":
            return self._message(call, photo=[self._photo_size(str(call.params["photo"]))])
        if method == "sendMediaGroup":
            messages = []
            for item in call.media:
                if item.get("type") == "document":
                    number = next(self._file_ids)
                    document = {"file_id": f"doc{number}", "file_unique_id": f"u{number}"}
                    document["file_name"] = call.attached(item)[0]
                    messages.append(self._message(call, document=document))
                else:
                    photo = [self._photo_size(str(item["media"]))]
                    messages.append(self._message(call, photo=photo))
            return messages
        if method == "getFile":
            file_id = str(call.params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self.files[file_id]),
                "file_path": f"photos/{file_id}.jpg",
            }
        if method == "getUpdates":
            return []
        if method == "getChat":
            return self._chat(call.params["chat_id"])
        # answerCallbackQuery, setMyCommands, deleteMessage, … all answer True.
        return True

    @staticmethod
    def _photo_size(file_id: str) -> dict[str, Any]:
        return {"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 1280, "height": 960}

    # --- assertions ---------------------------------------------------------

    def of(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method and call.result is not None]

    def sent(self, chat_id: int | None = None) -> list[Call]:
        """Messages successfully sent, optionally to one chat."""
        return [
            call
            for call in self.calls
            if call.method in SENDING_METHODS
            and call.result is not None
            and (chat_id is None or call.chat_id == chat_id)
        ]

    def last_sent(self, chat_id: int) -> Call:
        sent = self.sent(chat_id)
        assert sent, f"nothing was sent to {chat_id}"
        return sent[-1]

    def texts(self, chat_id: int) -> list[str]:
        return [call.text for call in self.sent(chat_id)]

    def documents(self, chat_id: int | None = None) -> list[SentDocument]:
        """Every document sent, alone (sendDocument) or in an album, in order."""
        found: list[SentDocument] = []
        for call in self.sent(chat_id):
            if call.method == "sendDocument":
                name, content = call.files["document"][0], call.files["document"][1]
                caption = str(call.params.get("caption") or "")
                found.append(SentDocument(call.chat_id, name, content, caption, None))
            elif call.method == "sendMediaGroup":
                for item in call.media:
                    if item.get("type") == "document":
                        name, content = call.attached(item)
                        caption = str(item.get("caption") or "")
                        found.append(SentDocument(call.chat_id, name, content, caption, call))
        return found

    def answers(self) -> list[Call]:
        return self.of("answerCallbackQuery")

    def last_answer(self) -> Call:
        answers = self.answers()
        assert answers, "no callback query was answered"
        return answers[-1]

    def edits(self, chat_id: int | None = None) -> list[Call]:
        return [
            call
            for call in self.calls
            if call.method.startswith("editMessage")
            and (chat_id is None or call.chat_id == chat_id)
        ]

    def clear(self) -> None:
        self.calls.clear()


def _media_group_problem(call: Call) -> str | None:
    """What Telegram refuses in an album: fewer than 2 or more than 10 items, or
    documents mixed with other media (https://core.telegram.org/bots/api#sendmediagroup)."""
    media = call.media
    if not 2 <= len(media) <= 10:
        return "Bad Request: wrong number of media in the album"
    kinds = {item.get("type") for item in media}
    if "document" in kinds and kinds != {"document"}:
        return "Bad Request: documents can't be mixed with other media types"
    return None
