"""The bot's HTTP client for the Bot API: python-telegram-bot's ``BaseRequest`` on aiohttp.

python-telegram-bot ships one networking backend, ``HTTPXRequest``, and documents
``BaseRequest`` as the place to plug in another. Issue 20 measured httpx (with
httpcore and h11, pure Python) as the largest single part of the bot's CPU per update
(31 % of the main thread in the real process, docs/performance.md, "sixth pass");
aiohttp parses HTTP in C and costs a fraction of that per request. The bot makes two
to four requests per update (``getUpdates``, the reply, an answered button, an edited
card) and tens of thousands on the 1st of the month, so the client is on every path.

What this class keeps of ``HTTPXRequest``'s contract (``tests/test_telegram_http.py``
drives each against the fake Bot API server over real HTTP):

- the same default timeouts (read, write and connect 5 s, pool 1 s, 20 s to write a
  request that uploads files) and the same per-call overrides;
- parameters form-encoded, files as ``multipart/form-data``; the raw status and body
  are returned, so python-telegram-bot still turns 4xx/5xx into its own errors;
- a timeout raises ``TimedOut``, any other failure of the connection ``NetworkError``
  (the delivery engine retries both);
- proxies from the environment (``HTTPS_PROXY``/``HTTP_PROXY``/``NO_PROXY``, as httpx
  honours them), read once: aiohttp's own ``trust_env`` reads them, and ``~/.netrc``,
  in a thread on every request, which cost more than the client saved.

``TELEGRAM_HTTP_CLIENT=httpx`` brings python-telegram-bot's own client back (README).
"""

from __future__ import annotations

import urllib.request
from typing import Final
from urllib.parse import urlsplit

import aiohttp
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, HTTPXRequest, RequestData

from runtime.config import Settings

# python-telegram-bot's defaults (``HTTPXRequest`` and ``ApplicationBuilder``).
DEFAULT_TIMEOUT: Final = 5.0
DEFAULT_POOL_TIMEOUT: Final = 1.0
DEFAULT_MEDIA_WRITE_TIMEOUT: Final = 20.0
POOL_SIZE: Final = 256  # sends run side by side (the delivery engine, the presses)
GET_UPDATES_POOL_SIZE: Final = 1  # one long poll at a time


def _given(value: ODVInput[float], default: float | None) -> float | None:
    """A timeout passed to the call, else the client's (python-telegram-bot marks "not
    passed" with ``BaseRequest.DEFAULT_NONE``)."""
    return default if value is BaseRequest.DEFAULT_NONE else value  # type: ignore[return-value]


def _total(*parts: float | None) -> float | None:
    """A bound on the whole request: the sum of its phases' bounds (none if one is none)."""
    if any(part is None for part in parts):
        return None
    return sum(part for part in parts if part is not None)


class AiohttpRequest(BaseRequest):
    """One pool of keep-alive connections to the Bot API, on aiohttp."""

    __slots__ = (
        "_connect_timeout",
        "_media_write_timeout",
        "_pool_size",
        "_pool_timeout",
        "_proxies",
        "_proxy_of",
        "_read_timeout",
        "_session",
        "_write_timeout",
    )

    def __init__(
        self,
        connection_pool_size: int = POOL_SIZE,
        read_timeout: float | None = DEFAULT_TIMEOUT,
        write_timeout: float | None = DEFAULT_TIMEOUT,
        connect_timeout: float | None = DEFAULT_TIMEOUT,
        pool_timeout: float | None = DEFAULT_POOL_TIMEOUT,
        media_write_timeout: float | None = DEFAULT_MEDIA_WRITE_TIMEOUT,
    ) -> None:
        self._pool_size = connection_pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_write_timeout = media_write_timeout
        self._session: aiohttp.ClientSession | None = None
        self._proxies: dict[str, str] = {}
        self._proxy_of: dict[tuple[str, str], str | None] = {}

    @property
    def read_timeout(self) -> float | None:
        """The default read timeout (``Bot.get_updates`` adds the long poll's to it)."""
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            # Made on the running loop: aiohttp binds the session to it.
            connector = aiohttp.TCPConnector(limit=self._pool_size, limit_per_host=0)
            self._session = aiohttp.ClientSession(
                connector=connector,
                headers={"User-Agent": self.USER_AGENT},
                timeout=aiohttp.ClientTimeout(total=None),
            )
            self._proxies = urllib.request.getproxies_environment()
            self._proxy_of = {}

    def _proxy(self, url: str) -> str | None:
        """The proxy for ``url``'s scheme and host from the environment, or None."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.hostname or "")
        if key not in self._proxy_of:
            proxy = self._proxies.get(parts.scheme)
            if proxy and urllib.request.proxy_bypass_environment(key[1], self._proxies):
                proxy = None
            self._proxy_of[key] = proxy or None
        return self._proxy_of[key]

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()
        self._session = None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        session = self._session
        if session is None or session.closed:
            raise RuntimeError("This AiohttpRequest is not initialized!")
        files = request_data.multipart_data if request_data is not None else None
        read = _given(read_timeout, self._read_timeout)
        connect = _given(connect_timeout, self._connect_timeout)
        pool = _given(pool_timeout, self._pool_timeout)
        write = _given(write_timeout, self._media_write_timeout if files else self._write_timeout)
        # aiohttp bounds waiting for a connection (pool and connect), connecting, and
        # each read; writing has no bound of its own, so the whole request is bounded
        # by the sum of its phases.
        timeout = aiohttp.ClientTimeout(
            total=_total(pool, connect, write, read),
            connect=_total(pool, connect),
            sock_connect=connect,
            sock_read=read,
        )
        body: aiohttp.FormData | dict[str, str] | None = None
        if request_data is not None:
            body = request_data.json_parameters
            if files:
                form = aiohttp.FormData(body)
                for name, (filename, content, mimetype) in files.items():
                    form.add_field(name, content, filename=filename, content_type=mimetype)
                body = form
        try:
            # No redirects followed, as httpx: Telegram never redirects the Bot API.
            async with session.request(
                method,
                url,
                data=body,
                timeout=timeout,
                allow_redirects=False,
                proxy=self._proxy(url),
            ) as response:
                return response.status, await response.read()
        except TimeoutError as error:  # aiohttp's timeouts are TimeoutErrors
            raise TimedOut from error
        except (aiohttp.ClientError, OSError) as error:
            raise network_error(error, url) from error


def network_error(error: BaseException, url: str) -> NetworkError:
    """``NetworkError`` naming aiohttp's error, never the URL: it holds the bot's token
    (``InvalidURL`` and the response errors put the URL in their text) and the error is
    logged."""
    text = str(error)
    for secret in (url, url.rsplit("/", 1)[0]):
        text = text.replace(secret, "<Bot API URL>")
    return NetworkError(f"aiohttp.{error.__class__.__name__}: {text}")


def telegram_requests(settings: Settings) -> tuple[BaseRequest, BaseRequest]:
    """The requests for sending and for ``getUpdates``, of the configured client."""
    if settings.TELEGRAM_HTTP_CLIENT == "httpx":
        return (
            HTTPXRequest(connection_pool_size=POOL_SIZE),
            HTTPXRequest(connection_pool_size=GET_UPDATES_POOL_SIZE),
        )
    return AiohttpRequest(POOL_SIZE), AiohttpRequest(GET_UPDATES_POOL_SIZE)
