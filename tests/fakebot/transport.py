"""Two ways to reach a :class:`FakeTelegram`: in process, or over HTTP.

* :class:`FakeRequest` is a python-telegram-bot transport (``telegram.request.BaseRequest``):
  ``ApplicationBuilder().token(fake.token).request(FakeRequest(fake))
  .get_updates_request(FakeRequest(fake))``. It hands the fake exactly the strings PTB would put
  on the wire (``RequestData.json_parameters`` plus multipart files).
* :class:`FakeBotAPIServer` serves the fake at ``http://127.0.0.1:PORT/bot{token}/{method}``
  from a thread, for end-to-end runs: ``BOT_API_URL=server.url`` (PTB gets
  ``base_url=f"{BOT_API_URL}/bot"`` and appends the token itself). It accepts what PTB's
  HTTPXRequest sends (urlencoded form, multipart) and JSON bodies.

Both check the token in the URL (401 Unauthorized otherwise, as Telegram answers) and honour
``FakeTelegram.timeout_next`` and ``lose_response_next``; ``refuse_next`` is in process only.
In process, failures reach python-telegram-bot as its own HTTPXRequest raises them: a timeout is
``TimedOut`` caused by ``httpx.ReadTimeout``, a refused connection ``NetworkError`` caused by
``httpx.ConnectError``. Neither logs anything: URLs contain the token.
"""

import asyncio
import json
import threading
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import httpx
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from .core import FakeTelegram
from .spec import ApiError, UploadedFile

_UNAUTHORIZED = ApiError(401, "Unauthorized")
_NOT_FOUND = ApiError(404, "Not Found")


def split_url(url: str) -> tuple[str, str] | None:
    """``(token, method)`` from ``.../bot{token}/{method}``, or None for other URLs."""
    parts = urlsplit(url).path.rstrip("/").split("/")
    if len(parts) < 2 or not parts[-2].startswith("bot") or not parts[-1]:
        return None
    return parts[-2][len("bot") :], parts[-1]


def _encode(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False).encode("utf-8")


class FakeRequest(BaseRequest):
    """In-process transport from python-telegram-bot to a :class:`FakeTelegram`."""

    def __init__(self, fake: FakeTelegram, *, read_timeout: float | None = 5.0) -> None:
        self.fake = fake
        self._read_timeout = read_timeout

    @property
    def read_timeout(self) -> float | None:
        return self._read_timeout

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE,
        write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE,
        pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        target = split_url(url)
        if target is None:
            return 404, _encode(_NOT_FOUND.body())
        token, api_method = target
        if token != self.fake.token:
            return 401, _encode(_UNAUTHORIZED.body())
        if self.fake.take_refusal(api_method):
            raise NetworkError(
                "httpx.ConnectError: [Errno 111] Connection refused"
            ) from httpx.ConnectError("[Errno 111] Connection refused (injected)")
        if self.fake.take_timeout(api_method):
            raise TimedOut() from httpx.ReadTimeout("injected by the fake Bot API")
        params: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
        files = _files(request_data) if request_data else {}
        if api_method.lower() == "getupdates":
            # A long poll waits for pushes; waiting in a thread keeps the event loop running.
            status, body = await asyncio.to_thread(self.fake.handle, api_method, params, files)
        else:
            status, body = self.fake.handle(api_method, params, files)
        if self.fake.take_lost_response(api_method):
            raise TimedOut() from httpx.ReadTimeout("answer lost (injected by the fake Bot API)")
        return status, _encode(body)


def _files(request_data: RequestData) -> dict[str, UploadedFile]:
    files = {}
    for part, (filename, content, mime_type) in request_data.multipart_data.items():
        size = len(content) if isinstance(content, bytes) else len(content.read())
        files[part] = UploadedFile(part, filename, size, mime_type)
    return files


class FakeBotAPIServer:
    """A :class:`FakeTelegram` served over HTTP on 127.0.0.1 (a free port) from a thread.

    Use as a context manager, or call :meth:`start` / :meth:`stop`. ``url`` is what
    ``BOT_API_URL`` should be. An injected timeout makes the server wait ``timeout_delay``
    seconds (longer than the client's read timeout, PTB's default is 5 s) and then hang up
    without processing the call; a lost response processes the call first, then does the same.
    """

    def __init__(
        self,
        fake: FakeTelegram,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        timeout_delay: float = 6.0,
    ) -> None:
        self.fake = fake
        self.timeout_delay = timeout_delay
        self._server = ThreadingHTTPServer((host, port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The Bot API root, e.g. ``http://127.0.0.1:54321`` (the value for BOT_API_URL)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def base_url(self) -> str:
        """What PTB's ``base_url`` should be: ``{url}/bot`` (PTB appends the token)."""
        return f"{self.url}/bot"

    def start(self) -> "FakeBotAPIServer":
        if self._thread is None:
            # A short poll interval makes stop() quick (shutdown waits for one interval).
            self._thread = threading.Thread(
                target=self._server.serve_forever,
                args=(0.02,),
                name="fake-bot-api",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()

    def __enter__(self) -> "FakeBotAPIServer":
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _handler_for(server: FakeBotAPIServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        # HTTP/1.0: one request per connection, so no idle keep-alive thread outlives stop().
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:
            """Silent: request lines contain the token."""

        def do_GET(self) -> None:
            self._answer()

        def do_POST(self) -> None:
            self._answer()

        def _answer(self) -> None:
            target = split_url(self.path)
            if target is None:
                return self._send(404, _NOT_FOUND.body())
            token, method = target
            if token != server.fake.token:
                return self._send(401, _UNAUTHORIZED.body())
            try:
                params, files = self._read_params()
            except ValueError as error:
                return self._send(400, ApiError(400, f"Bad Request: {error}").body())
            if server.fake.take_timeout(method):
                time.sleep(server.timeout_delay)
                self.close_connection = True
                return None
            status, body = server.fake.handle(method, params, files)
            if server.fake.take_lost_response(method):
                time.sleep(server.timeout_delay)
                self.close_connection = True
                return None
            return self._send(status, body)

        def _read_params(self) -> tuple[dict[str, Any], dict[str, UploadedFile]]:
            params: dict[str, Any] = dict(parse_qsl(urlsplit(self.path).query, True))
            files: dict[str, UploadedFile] = {}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            content_type = self.headers.get("Content-Type", "")
            if not body:
                pass
            elif content_type.startswith("application/json"):
                decoded = json.loads(body)
                if not isinstance(decoded, dict):
                    raise ValueError("the JSON body must be an object")
                params.update(decoded)
            elif content_type.startswith("multipart/form-data"):
                head = f"Content-Type: {content_type}\r\n\r\n".encode()
                message = BytesParser(policy=HTTP).parsebytes(head + body)
                for part in message.iter_parts():
                    name = part.get_param("name", header="content-disposition")
                    payload = part.get_payload(decode=True) or b""
                    filename = part.get_filename()
                    if filename is None:
                        params[name] = payload.decode("utf-8")
                    else:
                        files[name] = UploadedFile(
                            name, filename, len(payload), part.get_content_type()
                        )
            else:  # application/x-www-form-urlencoded, PTB's choice without files
                params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
            return params, files

        def _send(self, status: int, body: dict[str, Any]) -> None:
            payload = _encode(body)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
            except ConnectionError:
                pass  # the client gave up (e.g. a long poll cancelled at shutdown)

    return Handler
