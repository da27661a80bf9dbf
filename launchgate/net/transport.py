"""One connect/TLS/read layer for every HTTP client of a run (the checks' and the latency one).

* ``open_socket`` resolves (``network.resolve`` pins, the run's resolver, the system's), connects
  to the addresses in turn before a deadline and, for https, handshakes with the run's SSL
  context; it returns the socket and the time each phase took;
* ``read_capped`` reads a body up to a cap, so a server that streams forever costs nothing;
* ``FetchError`` is the one error type, with one vocabulary of ``kind`` (see its docstring),
  and ``classify`` maps what the socket, ssl and http.client layers raise onto it;
* ``USER_AGENT`` and the request headers every client sends live here.

The checks' client (``net.http``) adds redirect walking and a watchdog; the latency client
(``net.timed``) adds keep-alive connections and per-sample timings.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from launchgate import __version__
from launchgate.net.url import Target

MAX_BODY = 4 * 1024 * 1024
CHUNK = 64 * 1024
USER_AGENT = f"launchgate/{__version__} (pre-deploy gate)"
_EAI_NODATA = getattr(socket, "EAI_NODATA", -5)

Resolve = Callable[[str, int], list[tuple[str, int]]]


class FetchError(Exception):
    """A request that got no complete answer. ``kind`` says why, for judging.

    Kinds: ``config`` (e.g. an unreadable CA bundle), ``dns`` (the name has no address),
    ``resolver`` (resolving failed: resolver unreachable, SERVFAIL),
    ``refused``, ``connect`` (other connect failure), ``timeout`` (no complete answer before
    the deadline), ``reset``, ``tls`` (handshake or certificate failure), ``protocol`` (not a
    valid HTTP answer).
    """

    def __init__(self, kind: str, message: str, url: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.url = url


@dataclass(frozen=True)
class Phases:
    """Seconds spent opening a connection; all zero when a request reused one."""

    dns: float = 0.0
    connect: float = 0.0
    tls: float = 0.0
    address: str = ""


def base_headers(target: Target) -> dict[str, str]:
    """What every request of the run sends unless the caller overrides it."""
    return {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept": "*/*",
        "Accept-Encoding": "gzip, deflate",
    }


def remaining(deadline: float) -> float:
    """Seconds left before ``deadline`` (``time.perf_counter``); raises a timeout when none."""
    left = deadline - time.perf_counter()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


def open_socket(
    target: Target,
    resolve: Resolve,
    context: ssl.SSLContext | None,
    deadline: float,
    on_socket: Callable[[socket.socket], None] | None = None,
    no_context: str = "no TLS context",
) -> tuple[socket.socket, Phases]:
    """Resolve, connect and (for https) handshake before ``deadline``; raises FetchError or the
    OSError of the last address tried (for ``classify``). ``on_socket`` sees each new socket;
    ``no_context`` explains why there is no ``context`` (https then fails with it)."""
    t0 = time.perf_counter()
    try:
        addresses = resolve(target.host, target.port)
    except Exception as exc:  # OSError, or the resolver's own (dnspython timeouts, SERVFAIL)
        raise resolve_error(exc, target) from None
    t1 = time.perf_counter()
    sock, address = _connect_any(target, addresses, deadline)
    if on_socket is not None:
        on_socket(sock)
    t2 = time.perf_counter()
    if target.scheme == "https":
        if context is None:
            sock.close()
            raise FetchError("config", no_context, target.url)
        sock.settimeout(max(0.05, deadline - time.perf_counter()))
        sock = handshake(sock, target, context)
        if on_socket is not None:
            on_socket(sock)
    return sock, Phases(t1 - t0, t2 - t1, time.perf_counter() - t2, address)


def _connect_any(
    target: Target, addresses: list[tuple[str, int]], deadline: float
) -> tuple[socket.socket, str]:
    last: OSError | None = None
    for i, (address, port) in enumerate(addresses):
        left = deadline - time.perf_counter()
        if left <= 0:
            break
        share = left / (len(addresses) - i)  # a dead first address leaves time for the next
        try:
            sock = socket.create_connection((address, port), timeout=share)
        except OSError as exc:
            last = exc
            continue
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(max(0.05, deadline - time.perf_counter()))
        return sock, address
    if last is None:
        raise FetchError("connect", f"could not connect to {target.host} in time", target.url)
    raise last


def handshake(sock: socket.socket, target: Target, context: ssl.SSLContext) -> ssl.SSLSocket:
    """TLS with SNI and the host name check; certificate and handshake failures are ``tls``."""
    try:
        return context.wrap_socket(sock, server_hostname=target.host)
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        reason = exc.verify_message or str(exc)
        raise FetchError("tls", f"certificate rejected: {reason}", target.url) from None
    except ssl.SSLError as exc:
        sock.close()
        raise FetchError("tls", f"TLS handshake failed: {ssl_reason(exc)}", target.url) from None
    except OSError:
        sock.close()
        raise


def read_capped(
    read: Callable[[int], bytes], cap: int, keep: bool = True
) -> tuple[bytes, int, bool]:
    """Read with ``read(n)`` until the end or past ``cap``: (data kept, size, truncated)."""
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = read(min(CHUNK, cap + 1 - size))
        if not chunk:
            return b"".join(chunks), size, False
        size += len(chunk)
        if keep:
            chunks.append(chunk)
        if size > cap:
            return b"".join(chunks)[:cap], cap, True


def resolve_error(exc: Exception, target: Target) -> FetchError:
    """``dns`` when the name has no address, ``resolver`` when resolving itself failed."""
    reason = str(exc) or type(exc).__name__
    missing = isinstance(exc, socket.gaierror) and exc.errno in (socket.EAI_NONAME, _EAI_NODATA)
    if missing or "does not resolve" in reason:
        return FetchError("dns", f"{target.host} does not resolve ({reason})", target.url)
    return FetchError("resolver", f"{target.host} could not be resolved ({reason})", target.url)


def classify(exc: BaseException, url: str, deadline_passed: bool, limit: float) -> FetchError:
    """What went wrong after the connection was asked for, in the one vocabulary."""
    if deadline_passed or isinstance(exc, (socket.timeout, TimeoutError)):
        return FetchError("timeout", f"no complete answer within {limit:g}s", url)
    if isinstance(exc, ConnectionRefusedError):
        return FetchError("refused", "connection refused", url)
    if isinstance(exc, http.client.IncompleteRead):
        return FetchError("reset", "the connection closed before the body was complete", url)
    if isinstance(exc, http.client.RemoteDisconnected):
        return FetchError("reset", "the server closed the connection without answering", url)
    if isinstance(exc, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError)):
        return FetchError("reset", "the server reset the connection", url)
    if isinstance(exc, ssl.SSLError):  # handshake errors were classified already: this is later
        return FetchError("reset", f"the TLS connection broke: {ssl_reason(exc)}", url)
    if isinstance(exc, (http.client.HTTPException, ValueError)):
        return FetchError("protocol", f"not a valid HTTP answer ({type(exc).__name__})", url)
    return FetchError("connect", f"could not connect: {getattr(exc, 'strerror', None) or exc}", url)


def ssl_reason(exc: ssl.SSLError) -> str:
    return str(exc.reason or exc).lower().replace("_", " ")
