"""A small HTTP/1.1 client that times every phase of a request: DNS, connect, TLS, TTFB, total.

Built on ``socket``/``ssl``/``http.client`` rather than requests so that each phase is measured
where it happens and nothing (pools, retries, redirects) hides in between. One
``TimedConnection`` is one keep-alive connection: it opens itself again when the server closed
it, and the sample that paid for the new connection shows the handshake.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from launchgate import __version__
from launchgate.net.dns import DnsError
from launchgate.net.url import Target

BODY_CAP = 4 * 1024 * 1024
CHUNK = 64 * 1024
USER_AGENT = f"launchgate/{__version__} (latency check)"


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
    resolve: Callable[[str, int], list[tuple[str, int]]]
    ssl_context: ssl.SSLContext | None = None
    expected_status: int = 200
    body_cap: int = BODY_CAP
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Phases:
    """Seconds spent opening a connection; all zero when the sample reused one."""

    dns: float = 0.0
    connect: float = 0.0
    tls: float = 0.0
    address: str = ""


@dataclass(frozen=True)
class Sample:
    """One request. Times in seconds from the start of the request; ``kind`` names a failure."""

    total: float
    ttfb: float = 0.0
    phases: Phases = Phases()
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


class RequestFailed(Exception):
    """A request that got no usable response; ``kind`` is dns, resolver (the lookup itself
    failed), connect, tls, timeout or protocol."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


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
        self.opened = open_socket(self, self.deadline)


def _remaining(deadline: float) -> float:
    left = deadline - time.perf_counter()
    if left <= 0:
        raise RequestFailed("timeout", "no complete answer within the timeout")
    return left


def open_socket(conn: _Connection, deadline: float) -> Phases:
    """Resolve, connect and (for https) handshake; sets ``conn.sock``."""
    target, options = conn.target, conn.options
    t0 = time.perf_counter()
    try:
        addresses = options.resolve(target.host, target.port)
    except DnsError as exc:
        raise RequestFailed("resolver", f"{target.host} could not be resolved: {exc}") from None
    except OSError as exc:
        raise RequestFailed("dns", f"{target.host} does not resolve: {exc}") from None
    t1 = time.perf_counter()
    sock, address = _connect_any(addresses, deadline)
    t2 = time.perf_counter()
    if target.scheme == "https":
        sock = _handshake(sock, target.host, options, deadline)
    conn.sock = conn.raw = sock
    conn.peer = address
    return Phases(t1 - t0, t2 - t1, time.perf_counter() - t2, address)


def _connect_any(addresses: list[tuple[str, int]], deadline: float) -> tuple[socket.socket, str]:
    last: OSError | None = None
    where = "no address"
    for address, port in addresses:
        where = f"[{address}]:{port}" if ":" in address else f"{address}:{port}"
        try:
            sock = socket.create_connection((address, port), timeout=_remaining(deadline))
        except TimeoutError:
            raise RequestFailed("timeout", f"connecting to {where} timed out") from None
        except OSError as exc:
            last = exc
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock, where
    reason = last.strerror if last and last.strerror else str(last or "no address")
    raise RequestFailed("connect", f"cannot connect to {where} ({reason})")


def _handshake(
    sock: socket.socket, host: str, options: ClientOptions, deadline: float
) -> socket.socket:
    context = options.ssl_context or ssl.create_default_context()
    sock.settimeout(_remaining(deadline))
    try:
        return context.wrap_socket(sock, server_hostname=host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        raise RequestFailed("tls", f"certificate not trusted: {exc.verify_message}") from None
    except TimeoutError:
        sock.close()
        raise RequestFailed("timeout", "the TLS handshake timed out") from None
    except (ssl.SSLError, OSError) as exc:
        sock.close()
        raise RequestFailed("tls", f"TLS handshake failed: {exc}") from None


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
        if reused and sample.kind == "protocol" and sample.status is None:
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
        except RequestFailed as exc:
            conn.close()
            return self._failed(start, exc.kind, str(exc))
        except TimeoutError:
            conn.close()
            return self._failed(start, "timeout", "no complete answer within the timeout")
        except (http.client.HTTPException, OSError) as exc:
            conn.close()
            return self._failed(start, "protocol", _protocol_message(exc))

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
        headers = {
            "Host": self.target.host_header,
            "User-Agent": USER_AGENT,
            "Accept": "*/*",
            "Accept-Encoding": "gzip, deflate",
            **self.options.headers,
        }
        if conn.sock is not None:
            conn.sock.settimeout(_remaining(conn.deadline))
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
        conn.raw.settimeout(_remaining(deadline))


def _read_body(conn: _Connection, response: http.client.HTTPResponse, cap: int) -> tuple[int, bool]:
    """Read up to ``cap`` bytes before the deadline; True when the body was longer."""
    size = 0
    while True:
        if conn.raw is not None:
            conn.raw.settimeout(_remaining(conn.deadline))
        chunk = response.read1(min(CHUNK, cap + 1 - size))
        if not chunk:
            response.close()  # read1 leaves a finished body open, which blocks keep-alive
            return size, False
        size += len(chunk)
        if size > cap:
            return cap, True


def _protocol_message(exc: BaseException) -> str:
    if isinstance(exc, http.client.RemoteDisconnected):
        return "the server closed the connection without answering"
    if isinstance(exc, ConnectionResetError):
        return "the server reset the connection"
    if isinstance(exc, http.client.IncompleteRead):
        return "the body ended before its announced length"
    if isinstance(exc, http.client.HTTPException):
        return f"not a valid HTTP answer ({type(exc).__name__}: {exc})"
    return f"network error: {exc}"
