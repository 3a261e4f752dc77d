"""A moto server on 127.0.0.1 that records every request and response it serves.

Each program under verification signs with its own fake access key, so the recorder
can tell which program sent which request even when one process runs many programs.
Every request is recorded, including unsigned ones and calls to moto's own /moto-api,
with its arrival time, so that verification can refuse requests it cannot attribute.

Every program runs in a fresh world: verification calls fresh_world() (moto's own reset,
then its random generator seeded with a fixed number, all in this process, so no request
to /moto-api is needed) and creates the program's fixtures. Seeded, the fixtures get the
same ids and ARNs on every run. A runner that executes many programs in one process
cannot pause between them, so the recorder calls a hook with each request's access key
before serving it: the first request of a program that has not had its world yet is
where verification swaps the previous program's world for a new one.

The HTTP side is a threaded server that keeps connections alive the way HTTP/1.1
clients expect (the Go and Java SDKs pool connections): the request body is always read
in full (Content-Length or chunked), the response is sent with an exact Content-Length,
the connection is closed only when the client asks for it (or speaks HTTP/1.0), idle
connections time out, and every open connection is shut down when the server stops.
"""

from __future__ import annotations

import io
import json
import logging
import re
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import moto
from moto.moto_api._internal import mock_random
from moto.moto_api._internal.models import moto_api_backend
from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import ThreadedWSGIServer

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")
LOOPBACK = "127.0.0.1"
_IDLE_SECONDS = 300.0  # a kept-alive connection with no request for this long is closed (longer than any program)
_BACKLOG = 1024  # pending connections the listening socket queues
SEED = 20260101  # moto's random generator starts here in every fresh world
_FRAMING_HEADERS = {"content-length", "connection", "transfer-encoding", "keep-alive", "date"}  # set here


@dataclass(frozen=True)
class Exchange:
    """One request to moto and its answer."""

    access_key: str  # from the request's signature; "" when unsigned
    target: str  # X-Amz-Target, e.g. TrentService.GetKeyPolicy
    request_body: bytes
    status: int
    response_body: bytes
    method: str = ""
    path: str = ""
    at: float = 0.0  # time.monotonic() when the request arrived
    query: str = ""  # the raw query string
    raw_path: str = ""  # the path as sent, still percent-encoded (path is decoded)
    headers: tuple[tuple[str, str], ...] = ()  # request headers, names in lower case
    response_headers: tuple[tuple[str, str], ...] = ()  # names in lower case
    moto_error: str = ""  # when moto itself raised (answered as a 500): "NotImplementedError: …"
    # Set by decoding against the service model (REST and query protocols): the operation,
    # its parameters and its output as the JSON protocols would carry them.
    decoded: tuple[str, Any, Any] | None = None

    @property
    def operation(self) -> str:
        if self.decoded is not None:
            return self.decoded[0]
        return self.target.rsplit(".", 1)[-1]

    @property
    def request(self) -> Any:
        if self.decoded is not None:
            return self.decoded[1]
        return _json(self.request_body)

    @property
    def response(self) -> Any:
        if self.decoded is not None:
            return self.decoded[2]
        return _json(self.response_body)

    def header(self, name: str, response: bool = False) -> str | None:
        for key, value in self.response_headers if response else self.headers:
            if key == name.lower():
                return value
        return None

    def describe(self) -> str:
        """The request as a reader can recognise it: operation (or method and path) and signer."""
        what = self.operation or f"{self.method} {self.path}".strip()
        signer = f"signed with access key {self.access_key!r}" if self.access_key else "unsigned"
        return f"{what} ({signer})"


def _json(body: bytes) -> Any:
    try:
        return json.loads(body or b"{}")
    except ValueError:
        return None


def _request_headers(environ: dict[str, Any]) -> tuple[tuple[str, str], ...]:
    headers = [(k[5:].replace("_", "-").lower(), str(v)) for k, v in environ.items() if k.startswith("HTTP_")]
    for key in ("CONTENT_TYPE", "CONTENT_LENGTH"):
        if environ.get(key):
            headers.append((key.replace("_", "-").lower(), str(environ[key])))
    return tuple(headers)


class _Recorder:
    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app
        self.lock = threading.Lock()
        self.exchanges: list[Exchange] = []
        self.arrived = 0  # requests that reached the recorder, counted before any is served
        self.before: Callable[[str], None] | None = None  # called with the access key before moto serves

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        arrived = time.monotonic()
        with self.lock:
            self.arrived += 1
        body = environ["wsgi.input"].read()
        environ["wsgi.input"] = io.BytesIO(body)
        environ["CONTENT_LENGTH"] = str(len(body))
        captured: dict[str, Any] = {}

        def recording_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            captured["status"] = int(status.split()[0])
            captured["headers"] = tuple((k.lower(), str(v)) for k, v in headers)
            return start_response(status, headers, *args)

        match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        chunks: list[bytes] = []
        raised = ""
        try:
            before = self.before
            if before is not None:
                before(match.group(1) if match else "")
            chunks = list(self.app(environ, recording_start))
        except Exception as exc:
            raised = f"{type(exc).__name__}: {exc}"
            raise
        finally:  # a request moto fails on is recorded too (as a 500)
            exchange = Exchange(
                access_key=match.group(1) if match else "",
                target=environ.get("HTTP_X_AMZ_TARGET", ""),
                request_body=body,
                status=captured.get("status", 500),
                response_body=b"".join(chunks),
                method=environ.get("REQUEST_METHOD", ""),
                path=environ.get("PATH_INFO", ""),
                at=arrived,
                query=environ.get("QUERY_STRING", ""),
                raw_path=str(environ.get("RAW_URI") or environ.get("REQUEST_URI") or "").split("?", 1)[0],
                headers=_request_headers(environ),
                response_headers=captured.get("headers", ()),
                moto_error=raised,
            )
            with self.lock:
                self.exchanges.append(exchange)
        return chunks

    def for_key(self, access_key: str) -> list[Exchange]:
        with self.lock:
            return [e for e in self.exchanges if e.access_key == access_key]

    def all(self) -> list[Exchange]:
        with self.lock:
            return list(self.exchanges)


class _KeepAliveHandler(MotoRequestHandler):
    """werkzeug's request handler closes every connection after one response; this one
    serves any number of requests per connection, with exact framing both ways."""

    protocol_version = "HTTP/1.1"
    timeout = _IDLE_SECONDS  # socket timeout: an idle kept-alive connection ends

    def setup(self) -> None:
        super().setup()
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        server = self.server
        if isinstance(server, _Server):
            server.opened(self.connection)

    def finish(self) -> None:
        server = self.server
        if isinstance(server, _Server):
            server.closed(self.connection)
        super().finish()

    def run_wsgi(self) -> None:
        if self.headers.get("Expect", "").lower().strip() == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.make_environ()
        if environ.get("wsgi.input_terminated"):  # chunked: werkzeug decodes it until the last chunk
            body = environ["wsgi.input"].read()
        else:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
        environ["wsgi.input"] = io.BytesIO(body)
        environ["wsgi.input_terminated"] = True
        status_line = "500 INTERNAL SERVER ERROR"
        headers: list[tuple[str, str]] = []

        def start_response(status: str, response_headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            nonlocal status_line, headers
            status_line, headers = status, list(response_headers)
            return lambda data: None  # the write() callable: every app here returns its body instead

        try:
            iterator = self.server.app(environ, start_response)
            try:
                payload = b"".join(iterator)
            finally:
                close = getattr(iterator, "close", None)
                if close is not None:
                    close()
        except Exception as exc:  # an error in moto becomes a 500, as werkzeug would answer
            logging.getLogger(__name__).error("moto failed on %s %s: %r", self.command, self.path, exc)
            status_line, headers, payload = "500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")], b""
        code, _, reason = status_line.partition(" ")
        status = int(code)
        lines = [f"{self.protocol_version} {status} {reason}", f"Date: {self.date_time_string()}"]
        lines += [f"{name}: {value}" for name, value in headers if name.lower() not in _FRAMING_HEADERS]
        bodyless = self.command == "HEAD" or status in {204, 304} or 100 <= status < 200
        if not bodyless or self.command == "HEAD":
            lines.append(f"Content-Length: {len(payload)}")
        if self.close_connection:
            lines.append("Connection: close")
        # Head and body leave in one write (one TCP segment when it fits), not two.
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")
        self.wfile.write(head if bodyless else head + payload)
        self.wfile.flush()

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None  # one log line per request otherwise

    def log_error(self, format: str, *args: Any) -> None:
        if not format.startswith("Request timed out"):  # an idle kept-alive connection: expected
            super().log_error(format, *args)


class _Server(ThreadedWSGIServer):
    request_queue_size = _BACKLOG

    def __init__(self, app: Callable[..., Iterable[bytes]]):
        super().__init__(LOOPBACK, 0, app, handler=_KeepAliveHandler)
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()

    def opened(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def closed(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)

    def close_connections(self) -> None:
        """End every connection a client still holds open, so no handler thread lingers."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def _quiet_moto_prints() -> None:
    """moto's dispatcher print()s "Unable to find appropriate backend for <host>" to stdout
    from the server thread, which would corrupt `polysnip verify --json`: send its prints
    to a debug logger instead (the request itself still fails, and that is reported)."""
    from moto.moto_server import werkzeug_app

    log = logging.getLogger("polysnip.moto")

    def to_log(*parts: object, **_: object) -> None:
        log.debug(" ".join(str(part) for part in parts))

    werkzeug_app.print = to_log  # type: ignore[attr-defined]


class _KeyPairWhenUsed:
    """Stands in for the key pair moto makes for every KMS key (a 2048-bit RSA key even for
    symmetric keys, 30-150 ms of CreateKey here) until something uses it: Sign, Verify and
    GetPublicKey make the same pair moto would, on their first use of it."""

    def __init__(self, make: Callable[[str], Any], key_spec: str):
        self._make, self._key_spec = make, key_spec
        self._pair: Any = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        with self._lock:
            if self._pair is None:
                self._pair = self._make(self._key_spec)
        return getattr(self._pair, name)


def _key_pairs_when_used() -> None:
    """Make moto's KMS key pairs lazily (once per process; the answers are the same)."""
    from moto.kms import models

    make = models.generate_private_key
    if getattr(make, "when_used", False):
        return

    def lazily(key_spec: str) -> Any:
        return _KeyPairWhenUsed(make, key_spec)

    lazily.when_used = True  # type: ignore[attr-defined]
    models.generate_private_key = lazily


class RecordingMotoServer:
    """Start with `with RecordingMotoServer() as server:`; server.url is the endpoint."""

    def __init__(self) -> None:
        self.recorder = _Recorder(DomainDispatcherApplication(create_backend_app))
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def version(self) -> str:
        return str(moto.__version__)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://{LOOPBACK}:{self._server.server_port}"

    def __enter__(self) -> RecordingMotoServer:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)
        _quiet_moto_prints()
        _key_pairs_when_used()
        self._server = _Server(self.recorder)
        # A short poll interval: shutdown waits for the loop to notice, up to one interval (0.5 s
        # by default, on every verification); 10 ms costs a hundred idle wake-ups a second.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.close_connections()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def fresh_world(self, seed: int = SEED) -> None:
        """Forget every resource moto holds (all services, accounts and regions) and seed
        its random generator, so the next resources get the same ids as last time."""
        moto_api_backend.reset()
        mock_random.seed(seed)

    def on_request(self, hook: Callable[[str], None] | None) -> None:
        """Call hook(access key) before moto serves each request (None: no hook). The hook
        may itself send requests to this server: they are served by other threads."""
        self.recorder.before = hook

    def exchanges(self, access_key: str) -> list[Exchange]:
        return self.recorder.for_key(access_key)

    def arrivals(self) -> int:
        """How many requests have reached the server so far, counted when each arrives
        (before the hook and moto see it), whether or not it has been answered yet."""
        with self.recorder.lock:
            return self.recorder.arrived

    def all_exchanges(self) -> list[Exchange]:
        """Every request served so far, in order of arrival."""
        return self.recorder.all()
