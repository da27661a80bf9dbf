"""The performance tests' view of the sandbox web server: one host name, routes by path.

The sandbox ``WebServer`` keeps connections alive and counts them, so the latency client's
reuse of connections is measured against the same server the TLS and HTTP checks use.

    server = PerfServer(ca).start()                 # ca: trustme.CA → HTTPS URLs; None → HTTP
    server.route("/slow", delay=lambda: random.uniform(0.01, 0.05), status=200, body=b"ok")
    server.url("/slow")                             # "https://perf.test:PORT/slow"
    server.connections, server.requests             # counters
"""

from __future__ import annotations

from collections.abc import Callable

import trustme

from launchgate.sandbox.web_server import Route, WebServer

HOST_NAME = "perf.test"


class PerfServer:
    """See the module docstring."""

    def __init__(self, ca: trustme.CA | None = None) -> None:
        self.scheme = "https" if ca is not None else "http"
        self._web = WebServer(ca or trustme.CA())

    @property
    def port(self) -> int:
        return self._web.port

    @property
    def connections(self) -> int:
        return self._web.connections

    @property
    def requests(self) -> int:
        return len(self._web.requests)

    def start(self) -> PerfServer:
        self._web.start()
        return self

    def stop(self) -> None:
        self._web.stop()

    def route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes = b"ok",
        delay: float | Callable[[], float] = 0.0,
        content_type: str = "text/plain",
    ) -> None:
        self._web.route(
            HOST_NAME, path, Route(status, [("Content-Type", content_type)], body, delay)
        )

    def url(self, path: str = "/") -> str:
        return self._web.url(HOST_NAME, path, self.scheme)
