"""A keep-alive HTTP/1.1 (optionally HTTPS) server on loopback for the performance tests.

The shared sandbox server (``launchgate.sandbox.web_server``) closes every connection after one
answer, which hides the difference between reused and fresh connections; this one keeps
connections open like a production server and counts them.

    server = PerfServer(ca).start()                 # ca: trustme.CA → HTTPS; None → HTTP
    server.route("/slow", delay=lambda: random.uniform(0.01, 0.05), status=200, body=b"ok")
    server.url("/slow")                             # "https://perf.test:PORT/slow"
    server.connections, server.requests             # counters
"""

from __future__ import annotations

import socket
import socketserver
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler

import trustme

HOST_NAME = "perf.test"


@dataclass
class PerfRoute:
    status: int = 200
    body: bytes = b"ok"
    delay: float | Callable[[], float] = 0.0
    content_type: str = "text/plain"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        self.server.count_connection()
        sock: socket.socket = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.server.tls is not None:
            sock.settimeout(10)
            try:
                self.request = self.server.tls.wrap_socket(sock, server_side=True)
            except (OSError, ssl.SSLError):
                self.request = sock
                self.close_connection = True
                self.broken = True
            self.connection = self.request
        super().setup()

    def handle(self) -> None:
        if not getattr(self, "broken", False):
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.count_request()
        route = self.server.routes.get(self.path.split("?", 1)[0], PerfRoute(404, b"not found"))
        delay = route.delay() if callable(route.delay) else route.delay
        if delay > 0 and self.server.stopping.wait(delay):
            return
        self.send_response(route.status)
        self.send_header("Content-Type", route.content_type)
        self.send_header("Content-Length", str(len(route.body)))
        self.end_headers()
        self.wfile.write(route.body)


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.tls = tls
        self.routes: dict[str, PerfRoute] = {}
        self.stopping = threading.Event()
        self.connections = 0
        self.requests = 0
        self._lock = threading.Lock()

    def count_connection(self) -> None:
        with self._lock:
            self.connections += 1

    def count_request(self) -> None:
        with self._lock:
            self.requests += 1

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class PerfServer:
    """See the module docstring."""

    def __init__(self, ca: trustme.CA | None = None) -> None:
        tls = None
        if ca is not None:
            tls = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ca.issue_cert(HOST_NAME, "127.0.0.1").configure_cert(tls)
        self.scheme = "https" if tls else "http"
        self._server = _Server(tls)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def connections(self) -> int:
        return self._server.connections

    @property
    def requests(self) -> int:
        return self._server.requests

    def start(self) -> PerfServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def route(
        self,
        path: str,
        *,
        status: int = 200,
        body: bytes = b"ok",
        delay: float | Callable[[], float] = 0.0,
        content_type: str = "text/plain",
    ) -> None:
        self._server.routes[path] = PerfRoute(status, body, delay, content_type)

    def url(self, path: str = "/") -> str:
        return f"{self.scheme}://{HOST_NAME}:{self.port}{path}"
