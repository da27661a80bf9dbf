"""A small HTTP/1.1 client that times every phase of a request: DNS, connect, TLS, TTFB, total.

Built on ``socket``/``ssl``/``http.client`` rather than requests so that each phase is measured
where it happens and nothing (pools, retries, redirects) hides in between. One
``TimedConnection`` is one keep-alive connection: it opens itself again when the server closed
it, and the sample that paid for the new connection shows the handshake.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from launchgate.net.transport import (
    MAX_BODY,
    FetchError,
    Phases,
    Resolve,
    base_headers,
    classify,
    open_socket,
    read_capped,
    remaining,
)
from launchgate.net.url import Target

__all__ = ["BODY_CAP", "ClientOptions", "Phases", "Sample", "Target", "TimedConnection"]

BODY_CAP = MAX_BODY


def display_url(url: str) -> str:
    """``url`` without a password in its user info: what ids, messages and the baseline show."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = f"{parts.username}@{parts.netloc.rsplit('@', 1)[1]}"
    return parts._replace(netloc=netloc).geturl()


@dataclass(frozen=True)
class ClientOptions:
    """How to reach the server: ``resolve(host, port)`` gives (address, port) pairs to try
    (``network.resolve`` pins, the run's resolver, the system's)."""

    timeout: float
    resolve: Resolve
    ssl_context: ssl.SSLContext | None = None
    expected_status: int = 200
    body_cap: int = BODY_CAP
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sample:
    """One request. Times in seconds from the start of the request; ``kind`` names a failure."""

    total: float
    ttfb: float = 0.0
    phases: Phases = field(default_factory=Phases)
    new_connection: bool = False
    status: int | None = None
    size: int = 0
    truncated: bool = False
    error: str | None = None
    kind: str | None = None
    peer: str = ""

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def timed(self) -> bool:
        """Counted in the latency figures: a response arrived, or the request ran out of time."""
        return self.status is not None or self.kind == "timeout"


class _Connection(http.client.HTTPConnection):
    """An HTTPConnection whose ``connect`` is timed phase by phase and bounded by a deadline."""

    def __init__(self, target: Target, options: ClientOptions) -> None:
        super().__init__(target.host, target.port, timeout=options.timeout)
        self.target = target
        self.options = options
        self.deadline = 0.0
        self.opened: Phases | None = None
        self.raw: socket.socket | None = None
        self.peer = ""

    def connect(self) -> None:
        options = self.options
        context = options.ssl_context
        if context is None and self.target.scheme == "https":
            context = ssl.create_default_context()
        sock, self.opened = open_socket(self.target, options.resolve, context, self.deadline)
        self.sock = self.raw = sock
        self.peer = _where(self.opened.address, self.target.port, sock)


def _where(address: str, port: int, sock: socket.socket) -> str:
    """``address:port`` of the peer as connected (``[v6]:port`` for IPv6)."""
    with contextlib.suppress(OSError):
        port = sock.getpeername()[1]
    return f"[{address}]:{port}" if ":" in address else f"{address}:{port}"


class TimedConnection:
    """One client connection; ``request()`` sends one GET and returns its Sample."""

    def __init__(self, target: Target, options: ClientOptions) -> None:
        self.target = target
        self.options = options
        self._conn = _Connection(target, options)

    def close(self) -> None:
        self._conn.close()

    def request(self) -> Sample:
        reused = self._conn.sock is not None
        sample = self._attempt()
        if reused and sample.kind in ("reset", "protocol") and sample.status is None:
            # An idle keep-alive connection the server had closed: browsers retry these too.
            self._conn.close()
            sample = self._attempt()
        return sample

    def _attempt(self) -> Sample:
        start = time.perf_counter()
        conn = self._conn
        conn.deadline = start + self.options.timeout
        conn.opened = None
        try:
            return self._exchange(start)
        except FetchError as exc:
            conn.close()
            return self._failed(start, exc.kind, exc.message)
        except (http.client.HTTPException, OSError, ValueError) as exc:
            conn.close()
            error = classify(exc, self.target.url, False, self.options.timeout)
            return self._failed(start, error.kind, error.message)

    def _failed(self, start: float, kind: str, message: str) -> Sample:
        opened = self._conn.opened
        return Sample(
            total=time.perf_counter() - start,
            phases=opened or Phases(),
            new_connection=opened is not None,
            error=message,
            kind=kind,
        )

    def _exchange(self, start: float) -> Sample:
        conn = self._conn
        headers = {**base_headers(self.target), **self.options.headers}
        if conn.sock is not None:
            conn.sock.settimeout(remaining(conn.deadline))
        conn.request("GET", self.target.path, headers=headers)
        _set_timeout(conn, conn.deadline)
        response = conn.getresponse()
        ttfb = time.perf_counter() - start
        size, truncated = _read_body(conn, response, self.options.body_cap)
        if truncated:
            response.close()
            conn.close()
        opened = conn.opened
        status = response.status
        error = None
        if status != self.options.expected_status:
            location = response.getheader("Location")
            moved = f" to {location}" if location and 300 <= status < 400 else ""
            error = (
                f"HTTP {status} {response.reason}{moved} (expected {self.options.expected_status})"
            )
        return Sample(
            total=time.perf_counter() - start,
            ttfb=ttfb,
            phases=opened or Phases(),
            new_connection=opened is not None,
            status=status,
            size=size,
            truncated=truncated,
            error=error,
            kind="status" if error else None,
            peer=conn.peer,
        )


def _set_timeout(conn: _Connection, deadline: float) -> None:
    if conn.raw is not None:
        conn.raw.settimeout(remaining(deadline))


def _read_body(conn: _Connection, response: http.client.HTTPResponse, cap: int) -> tuple[int, bool]:
    """Count up to ``cap`` bytes (not kept) before the deadline; True when the body was longer."""

    def read(n: int) -> bytes:
        if conn.raw is not None:
            conn.raw.settimeout(remaining(conn.deadline))
        return response.read1(n)

    _, size, truncated = read_capped(read, cap, keep=False)
    if not truncated:
        response.close()  # read1 leaves a finished body open, which blocks keep-alive
    return size, truncated
