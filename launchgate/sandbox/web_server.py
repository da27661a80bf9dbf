"""Sandbox HTTP/HTTPS servers on loopback for tests (TLS, HTTP and performance checks).

One ``WebServer`` listens on ``127.0.0.1`` on an ephemeral port and speaks **both** plain HTTP
and HTTPS on that port (it peeks at the first byte: a TLS ClientHello starts with 0x16), so
``http://host:PORT`` and ``https://host:PORT`` reach the same server and canonical-redirect
tests can keep one port for every variant. Point host names at it with
``network.resolve: {www.acme.test: 127.0.0.1}`` and trust ``ca_pem`` with ``network.ca_bundle``.

API::

    server = WebServer(ca)                       # ca: trustme.CA; started by .start()
    server.host("old.acme.test", cert="expired") # certificate kind per SNI name (certs.KINDS);
                                                 # any other name gets a valid certificate
    server.route("www.acme.test", "/", Route(status=200, headers=[("x", "y")], body="hi"))
    server.route("www.acme.test", "/", redirect("https://..."), scheme="http")
    server.route("acme.test", "*", redirect_to_origin("https://www.acme.test:PORT"))
    server.route("*", "/slow", Route(delay=lambda: random.uniform(0.01, 0.05)))
    server.url("www.acme.test", "/path?q=1")     # "https://www.acme.test:PORT/path?q=1"
    server.requests                              # list[Request] received, in order
    server.connections                           # TCP connections accepted (keep-alive tests)
    server.stop()

Route lookup: (scheme, host, path), then any scheme, then path ``"*"`` of the host, then host
``"*"``; nothing matches → 404. ``Route.handler(request) -> Route`` builds a route per request
(e.g. a cache emulation that answers MISS then HIT). ``Route.behavior``:

* ``normal``    status, headers, body (gzip-compressed when ``gzip=True`` and accepted)
* ``reset``     the connection is reset (RST) after the request is read
* ``hang``      the request is read and never answered
* ``endless``   headers, then a body that never ends (no Content-Length)
* ``drip``      headers with a Content-Length, then one byte every 0.2 s
* ``close``     the connection closes before any answer

A normal answer keeps the connection open for the next request (HTTP/1.1 keep-alive) unless
the client sent ``Connection: close`` or the route sets it; every other behaviour closes it.

``delay`` (seconds, or a callable returning seconds, e.g. drawn from a distribution) is
waited before answering. ``WebServer(ca, tls_versions=(TLSv1, TLSv1_3))`` accepts legacy
protocols (the server lowers OpenSSL's security level for this). ``BlackHole()`` accepts TCP
connections and never sends a byte (a TLS handshake against it hangs).
"""

from __future__ import annotations

import gzip
import socket
import socketserver
import ssl
import struct
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import trustme

from launchgate.sandbox.certs import CertFactory

Headers = list[tuple[str, str]]


@dataclass(frozen=True)
class Request:
    method: str
    scheme: str
    host: str
    path: str
    query: str
    headers: Headers
    body: bytes

    def header(self, name: str) -> str | None:
        return next((v for k, v in self.headers if k.lower() == name.lower()), None)

    @property
    def target(self) -> str:
        return self.path + (f"?{self.query}" if self.query else "")


@dataclass
class Route:
    status: int = 200
    headers: Headers = field(default_factory=list)
    body: bytes | str = b""
    delay: float | Callable[[], float] = 0.0
    behavior: str = "normal"
    gzip: bool = False
    handler: Callable[[Request], Route] | None = None


def redirect(location: str, status: int = 301) -> Route:
    return Route(status=status, headers=[("Location", location)])


def redirect_to_origin(origin: str, status: int = 301) -> Route:
    """Redirect every path to ``origin`` keeping path and query."""
    return Route(handler=lambda req: redirect(origin.rstrip("/") + req.target, status))


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def setup(self) -> None:
        self.scheme = "http"
        self.server.count_connection()
        sock: socket.socket = self.request
        sock.settimeout(10)
        # Headers and body go out in separate writes: without this, Nagle plus delayed ACKs
        # add ~40 ms to every answer on a kept-alive connection.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        try:
            first = sock.recv(1, socket.MSG_PEEK)
            if first == b"\x16":
                self.request = self.server.tls.wrap_socket(sock, server_side=True)
                self.connection = self.request
                self.scheme = "https"
        except (OSError, ssl.SSLError):
            self.request = sock
            self.broken = True
        super().setup()

    def handle(self) -> None:
        if not getattr(self, "broken", False):
            super().handle()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _dispatch(self) -> None:
        self.keep_alive = not self.close_connection  # HTTP/1.1 without "Connection: close"
        self.close_connection = True
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
        req = Request(
            self.command,
            self.scheme,
            host,
            parts.path,
            parts.query,
            list(self.headers.items()),
            body,
        )
        self.server.log(req)
        route = self.server.lookup(req)
        while route.handler is not None:
            route = route.handler(req)
        delay = route.delay() if callable(route.delay) else route.delay
        if delay > 0 and self.server.stopping.wait(delay):
            return
        _BEHAVIORS.get(route.behavior, _normal)(self, route, req)

    do_GET = do_POST = do_HEAD = do_PUT = do_DELETE = do_OPTIONS = do_PATCH = _dispatch

    def start(self, route: Route, extra: Headers) -> None:
        self.send_response_only(route.status)
        names = {k.lower() for k, _ in route.headers + extra}
        if "date" not in names:
            self.send_header("Date", formatdate(usegmt=True))
        for name, value in route.headers + extra:
            self.send_header(name, value)
        if "connection" not in names:
            self.send_header("Connection", "close" if self.close_connection else "keep-alive")
        self.end_headers()


def _body(route: Route) -> bytes:
    return route.body.encode() if isinstance(route.body, str) else route.body


def _normal(h: _Handler, route: Route, req: Request) -> None:
    body = _body(route)
    extra: Headers = []
    if route.gzip and "gzip" in (req.header("Accept-Encoding") or ""):
        body = gzip.compress(body)
        extra += [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
    asked = {v.lower() for k, v in route.headers if k.lower() == "connection"}
    h.close_connection = not h.keep_alive or "close" in asked
    h.start(route, [*extra, ("Content-Length", str(len(body)))])
    if req.method != "HEAD":
        h.wfile.write(body)


def _reset(h: _Handler, route: Route, req: Request) -> None:
    h.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    h.connection.close()


def _hang(h: _Handler, route: Route, req: Request) -> None:
    h.server.stopping.wait(60)


def _close(h: _Handler, route: Route, req: Request) -> None:
    h.connection.close()


def _endless(h: _Handler, route: Route, req: Request) -> None:
    h.start(route, [])
    chunk = b"x" * 65536
    try:
        while not h.server.stopping.is_set():
            h.wfile.write(chunk)
    except OSError:
        pass


def _drip(h: _Handler, route: Route, req: Request) -> None:
    h.start(route, [("Content-Length", "1000000")])
    try:
        while not h.server.stopping.wait(0.2):
            h.wfile.write(b"x")
            h.wfile.flush()
    except OSError:
        pass


_BEHAVIORS: dict[str, Callable[[_Handler, Route, Request], None]] = {
    "normal": _normal,
    "reset": _reset,
    "hang": _hang,
    "close": _close,
    "endless": _endless,
    "drip": _drip,
}


class _Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    tls: ssl.SSLContext
    stopping: threading.Event
    log: Callable[[Request], None]
    lookup: Callable[[Request], Route]
    count_connection: Callable[[], None]

    def handle_error(self, request: object, client_address: object) -> None:
        pass


class WebServer:
    """HTTP and HTTPS on one loopback port, per-host certificates and routes (see module doc)."""

    def __init__(
        self,
        ca: trustme.CA,
        tls_versions: tuple[ssl.TLSVersion, ssl.TLSVersion] | None = None,
    ) -> None:
        self.ca = ca
        self.certs = CertFactory(ca)
        self.requests: list[Request] = []
        self.connections = 0
        self._kinds: dict[str, str] = {}
        self._contexts: dict[str, ssl.SSLContext] = {}
        self._routes: dict[tuple[str | None, str, str], Route] = {}
        self._lock = threading.Lock()
        self._versions = tls_versions or (ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.MAXIMUM_SUPPORTED)
        self._server = _Server(("127.0.0.1", 0), _Handler, bind_and_activate=True)
        self._server.tls = self._context_for("sandbox.invalid")
        self._server.tls.sni_callback = self._sni
        self._server.stopping = threading.Event()
        self._server.log = self._log
        self._server.lookup = self._lookup
        self._server.count_connection = self._count_connection
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def start(self) -> WebServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> WebServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def host(self, name: str, cert: str = "valid") -> None:
        with self._lock:
            self._kinds[name.lower()] = cert
            self._contexts.pop(name.lower(), None)

    def route(self, host: str, path: str, route: Route, scheme: str | None = None) -> None:
        with self._lock:
            self._routes[(scheme, host.lower(), path)] = route

    def url(self, host: str, path: str = "/", scheme: str = "https") -> str:
        return f"{scheme}://{host}:{self.port}{path}"

    def origin(self, host: str, scheme: str = "https") -> str:
        return f"{scheme}://{host}:{self.port}"

    def hits(self, host: str, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if r.host == host and r.path == path]

    def _count_connection(self) -> None:
        with self._lock:
            self.connections += 1

    def _log(self, req: Request) -> None:
        with self._lock:
            self.requests.append(req)

    def _lookup(self, req: Request) -> Route:
        with self._lock:
            for host in (req.host, "*"):
                for path in (req.path, "*"):
                    for scheme in (req.scheme, None):
                        found = self._routes.get((scheme, host, path))
                        if found is not None:
                            return found
        return Route(status=404, headers=[("Content-Type", "text/plain")], body="not found")

    def _sni(self, sslobj: ssl.SSLObject, name: str | None, _ctx: ssl.SSLContext) -> None:
        if name:
            sslobj.context = self._context_for(name.lower())

    def _context_for(self, name: str) -> ssl.SSLContext:
        with self._lock:
            if name not in self._contexts:
                self._contexts[name] = self._build_context(name, self._kinds.get(name, "valid"))
            return self._contexts[name]

    def _build_context(self, name: str, kind: str) -> ssl.SSLContext:
        import tempfile
        from pathlib import Path

        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            context.minimum_version, context.maximum_version = self._versions
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
        chain, key = self.certs.make(kind, name)
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "c.pem").write_bytes(chain)
            (Path(tmp) / "k.pem").write_bytes(key)
            context.load_cert_chain(Path(tmp) / "c.pem", Path(tmp) / "k.pem")
        return context


class BlackHole:
    """Accepts TCP connections on loopback and never sends a byte."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._held: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def _accept(self) -> None:
        self._sock.settimeout(0.2)
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
                self._held.append(conn)
            except OSError:
                continue

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for conn in self._held:
            conn.close()
        self._sock.close()


def wait_port(port: int, timeout: float = 5.0) -> None:
    """Block until something listens on 127.0.0.1:port (for servers started as processes)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port}")
