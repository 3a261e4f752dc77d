"""A moto server on 127.0.0.1 that records every request and response it serves.

Each program under verification signs with its own fake access key, so the recorder
can tell which program sent which request even when one process runs many programs.
"""

from __future__ import annotations

import io
import json
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import moto
from moto.server import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
from werkzeug.serving import BaseWSGIServer, make_server

_CREDENTIAL = re.compile(r"Credential=([^/,\s]+)/")
LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Exchange:
    """One request to moto and its answer."""

    access_key: str
    target: str  # X-Amz-Target, e.g. TrentService.GetKeyPolicy
    request_body: bytes
    status: int
    response_body: bytes

    @property
    def operation(self) -> str:
        return self.target.rsplit(".", 1)[-1]

    @property
    def request(self) -> Any:
        return _json(self.request_body)

    @property
    def response(self) -> Any:
        return _json(self.response_body)


def _json(body: bytes) -> Any:
    try:
        return json.loads(body or b"{}")
    except ValueError:
        return None


class _Recorder:
    def __init__(self, app: Callable[..., Iterable[bytes]]):
        self.app = app
        self.lock = threading.Lock()
        self.exchanges: list[Exchange] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        captured: dict[str, int] = {}

        def recording_start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
            captured["status"] = int(status.split()[0])
            return start_response(status, headers, *args)

        chunks = list(self.app(environ, recording_start))
        match = _CREDENTIAL.search(environ.get("HTTP_AUTHORIZATION", ""))
        if environ.get("PATH_INFO", "").startswith("/moto-api"):
            return chunks
        with self.lock:
            self.exchanges.append(
                Exchange(
                    access_key=match.group(1) if match else "",
                    target=environ.get("HTTP_X_AMZ_TARGET", ""),
                    request_body=body,
                    status=captured.get("status", 0),
                    response_body=b"".join(chunks),
                )
            )
        return chunks

    def for_key(self, access_key: str) -> list[Exchange]:
        with self.lock:
            return [e for e in self.exchanges if e.access_key == access_key]


class RecordingMotoServer:
    """Start with `with RecordingMotoServer() as server:`; server.url is the endpoint."""

    def __init__(self) -> None:
        self.recorder = _Recorder(DomainDispatcherApplication(create_backend_app))
        self._server: BaseWSGIServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def version(self) -> str:
        return str(moto.__version__)

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://{LOOPBACK}:{self._server.server_port}"

    def __enter__(self) -> RecordingMotoServer:
        logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one log line per request otherwise
        self._server = make_server(LOOPBACK, 0, self.recorder, threaded=True, request_handler=MotoRequestHandler)
        # A short poll interval: shutdown otherwise waits up to 0.5 s on every verification.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join()

    def exchanges(self, access_key: str) -> list[Exchange]:
        return self.recorder.for_key(access_key)
