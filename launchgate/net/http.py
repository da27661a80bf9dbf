"""The run's HTTP client: pinned addresses, the run's CA bundle, a body cap and hard deadlines.

Built on ``http.client`` and ``ssl`` rather than requests so that every byte is under control:

* the host name is kept for SNI, the ``Host`` header and the certificate check while the
  connection goes to the address ``network.resolve`` pins (like curl ``--resolve``);
* no redirect is followed automatically: ``follow`` walks the chain hop by hop so that checks
  can report it, and stops at loops and after ``MAX_HOPS`` hops;
* a body is read up to a cap and then dropped (``Response.truncated``);
* every request has a hard deadline (the run's timeout): a watchdog shuts the socket down
  when it passes, so a server that hangs, drips or streams forever ends with a
  ``FetchError(kind="timeout")`` instead of a hang.

Public API: ``get_client(ctx) -> HttpClient`` (one per run), ``HttpClient.request/get/follow``,
``Response``, ``Chain``, ``FetchError``.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from launchgate import __version__
from launchgate.net.http_model import MAX_HOPS, Chain, FetchError, Response
from launchgate.net.url import Target

__all__ = ["MAX_BODY", "MAX_HOPS", "Chain", "FetchError", "HttpClient", "Response", "get_client"]

if TYPE_CHECKING:  # launchgate.checks imports this module
    from launchgate.core.rules import RunContext

MAX_BODY = 4 * 1024 * 1024
USER_AGENT = f"launchgate/{__version__} (pre-deploy gate)"
_CHUNK = 64 * 1024
_EAI_NODATA = getattr(socket, "EAI_NODATA", -5)


class _Watchdog:
    """Shuts a socket down when the deadline passes, so blocked reads return."""

    def __init__(self, seconds: float) -> None:
        self.fired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._fire)
        self._timer.daemon = True
        self._timer.start()

    def watch(self, sock: socket.socket) -> None:
        with self._lock:
            self._sock = sock
            if self.fired:
                _shutdown(sock)

    def _fire(self) -> None:
        with self._lock:
            self.fired = True
            if self._sock is not None:
                _shutdown(self._sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shutdown(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


def _parse_target(url: str) -> Target:
    try:
        return Target.parse(url)
    except ValueError as exc:
        raise FetchError("protocol", str(exc), url) from None


class HttpClient:
    """Requests with pinned resolution, a trust store, a body cap and a per-request deadline."""

    def __init__(
        self,
        resolve: Callable[[str, int], list[tuple[str, int]]],
        tls_context: ssl.SSLContext | None,
        timeout: float,
        max_body: int = MAX_BODY,
        tls_error: str | None = None,
    ) -> None:
        """``resolve(host, port)`` gives the (address, port) pairs to try, pins applied.

        ``tls_error`` explains why there is no ``tls_context`` (https then fails with it).
        """
        self._resolve = resolve
        self._tls = tls_context
        self._tls_error = tls_error or "no TLS context"
        self.timeout = timeout
        self.max_body = max_body
        self._memo: dict[tuple[str, str, tuple[tuple[str, str], ...]], _Slot] = {}
        self._memo_lock = threading.Lock()

    def request(
        self,
        url: str,
        method: str = "GET",
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
        max_body: int | None = None,
        timeout: float | None = None,
    ) -> Response:
        """One exchange, no redirect followed; raises FetchError. Gzip/deflate bodies are decoded."""
        target = _parse_target(url)
        limit = self.timeout if timeout is None else timeout
        watchdog = _Watchdog(limit)
        try:
            resp = self._exchange(target, method, headers or {}, body, max_body, watchdog, limit)
            if watchdog.fired:
                raise OSError("deadline passed")
            return resp
        except FetchError as exc:
            if watchdog.fired and exc.kind not in ("dns", "resolver"):
                raise FetchError("timeout", f"no complete answer within {limit:g}s", url) from None
            raise
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise _classify(exc, target.url, watchdog.fired, limit) from None
        finally:
            watchdog.cancel()

    def get(self, url: str, headers: Mapping[str, str] | None = None) -> Response:
        """A GET shared by every check of the run (one request per URL and header set)."""
        key = ("GET", url, tuple(sorted((headers or {}).items())))
        with self._memo_lock:
            slot = self._memo.setdefault(key, _Slot())
        return slot.value(lambda: self.request(url, headers=headers))

    def follow(
        self,
        url: str,
        max_hops: int = MAX_HOPS,
        headers: Mapping[str, str] | None = None,
    ) -> Chain:
        """Walk redirects from ``url`` by GET; never raises for network trouble."""
        hops: list[Response] = []
        seen: set[str] = set()
        current = url
        while True:
            if current in seen:
                return Chain(url, tuple(hops), loop=True)
            if len(hops) > max_hops:
                return Chain(url, tuple(hops), too_many=True)
            seen.add(current)
            try:
                resp = self.get(current, headers)
            except FetchError as exc:
                return Chain(url, tuple(hops), error=exc)
            hops.append(resp)
            if not resp.is_redirect or resp.location is None:
                return Chain(url, tuple(hops))
            current = resp.location

    def _exchange(
        self,
        target: Target,
        method: str,
        headers: Mapping[str, str],
        body: bytes | None,
        max_body: int | None,
        watchdog: _Watchdog,
        limit: float,
    ) -> Response:
        started = time.monotonic()
        sock, address = self._connect(target, watchdog, started + limit)
        timings = {"connect": time.monotonic() - started}
        tls_version = None
        if target.scheme == "https":
            sock = self._handshake(sock, target)
            watchdog.watch(sock)
            tls_version = sock.version() if isinstance(sock, ssl.SSLSocket) else None
            timings["tls"] = time.monotonic() - started
        cap = self.max_body if max_body is None else max_body
        conn = http.client.HTTPConnection(target.host, target.port, timeout=limit)
        conn.sock = sock
        try:
            _send(conn, target, method, headers, body)
            resp = conn.getresponse()
            timings["first_byte"] = time.monotonic() - started
            data, truncated = _read_body(resp, cap)
        finally:
            conn.close()
        resp_headers = tuple((k.lower(), v) for k, v in resp.getheaders())
        data, truncated = _decode(data, truncated, resp_headers, cap)
        return Response(
            url=target.url,
            method=method,
            status=resp.status,
            reason=resp.reason,
            headers=resp_headers,
            body=data,
            truncated=truncated,
            elapsed=time.monotonic() - started,
            address=address,
            tls_version=tls_version,
            timings=timings,
        )

    def _connect(
        self, target: Target, watchdog: _Watchdog, deadline: float
    ) -> tuple[socket.socket, str]:
        try:
            addresses = self._resolve(target.host, target.port)
        except Exception as exc:  # OSError, or the resolver's own (dnspython timeouts, SERVFAIL)
            raise _resolve_error(exc, target) from None
        last: OSError | None = None
        for i, (address, port) in enumerate(addresses):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            share = remaining / (
                len(addresses) - i
            )  # a dead first address leaves time for the next
            try:
                sock = socket.create_connection((address, port), timeout=share)
            except OSError as exc:
                last = exc
                continue
            sock.settimeout(max(0.05, deadline - time.monotonic()))
            watchdog.watch(sock)
            return sock, address
        if last is None:
            raise FetchError("connect", f"could not connect to {target.host} in time", target.url)
        raise last

    def _handshake(self, sock: socket.socket, target: Target) -> ssl.SSLSocket:
        if self._tls is None:
            sock.close()
            raise FetchError("config", self._tls_error, target.url)
        try:
            return self._tls.wrap_socket(sock, server_hostname=target.host)
        except ssl.SSLCertVerificationError as exc:
            sock.close()
            reason = exc.verify_message or str(exc)
            raise FetchError("tls", f"certificate rejected: {reason}", target.url) from None
        except ssl.SSLError as exc:
            sock.close()
            raise FetchError(
                "tls", f"TLS handshake failed: {_ssl_reason(exc)}", target.url
            ) from None


class _Slot:
    """One memoised value computed once, even when several threads ask at the same time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._done = False
        self._value: Response | None = None
        self._error: FetchError | None = None

    def value(self, compute: Callable[[], Response]) -> Response:
        with self._lock:
            if not self._done:
                try:
                    self._value = compute()
                except FetchError as exc:
                    self._error = exc
                self._done = True
        if self._error is not None:
            raise self._error
        assert self._value is not None
        return self._value


def _resolve_error(exc: Exception, target: Target) -> FetchError:
    """``dns`` when the name has no address, ``resolver`` when resolving itself failed."""
    reason = str(exc) or type(exc).__name__
    missing = isinstance(exc, socket.gaierror) and exc.errno in (socket.EAI_NONAME, _EAI_NODATA)
    if missing or "does not resolve" in reason:
        return FetchError("dns", f"{target.host} does not resolve ({reason})", target.url)
    return FetchError("resolver", f"{target.host} could not be resolved ({reason})", target.url)


def _send(
    conn: http.client.HTTPConnection,
    target: Target,
    method: str,
    headers: Mapping[str, str],
    body: bytes | None,
) -> None:
    conn.putrequest(method, target.path, skip_host=True, skip_accept_encoding=True)
    base = {
        "Host": target.host_header,
        "User-Agent": USER_AGENT,
        "Accept": "*/*",
        "Accept-Encoding": "gzip, deflate",
        "Connection": "close",
    }
    merged = {k.lower(): (k, v) for k, v in {**base, **headers}.items()}
    for name, value in merged.values():
        conn.putheader(name, value)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)


def _read_body(resp: http.client.HTTPResponse, cap: int) -> tuple[bytes, bool]:
    chunks: list[bytes] = []
    size = 0
    while size <= cap:
        chunk = resp.read(_CHUNK)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)[:cap], True


def _decode(
    data: bytes, truncated: bool, headers: tuple[tuple[str, str], ...], cap: int
) -> tuple[bytes, bool]:
    """Undo gzip/deflate (bounded: a zip bomb stops at the cap); other encodings stay as sent."""
    encoding = next((v for k, v in headers if k == "content-encoding"), "").strip().lower()
    if encoding not in ("gzip", "x-gzip", "deflate") or not data:
        return data, truncated
    wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
    try:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, cap)
    except zlib.error:
        return data, truncated
    return out, truncated or bool(inflater.unconsumed_tail)


def _classify(exc: BaseException, url: str, deadline_passed: bool, limit: float) -> FetchError:
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
        return FetchError("reset", f"the TLS connection broke: {_ssl_reason(exc)}", url)
    if isinstance(exc, (http.client.HTTPException, ValueError)):
        return FetchError("protocol", f"not a valid HTTP answer ({type(exc).__name__})", url)
    return FetchError("connect", f"could not connect: {getattr(exc, 'strerror', None) or exc}", url)


def _ssl_reason(exc: ssl.SSLError) -> str:
    return str(exc.reason or exc).lower().replace("_", " ")


def get_client(ctx: RunContext) -> HttpClient:
    """The run's client: ``network.resolve`` pins, nameservers, ``ca_bundle``, ``timeout``."""
    from launchgate.net.addr import connect_targets, ssl_context

    def resolve(host: str, port: int) -> list[tuple[str, int]]:
        return connect_targets(ctx, host, port)

    def make() -> HttpClient:
        try:
            context = ssl_context(ctx)
        except (OSError, ssl.SSLError) as exc:
            bundle = ctx.config.network.ca_bundle
            reason = getattr(exc, "strerror", None) or str(exc)
            error = f"network.ca_bundle {bundle} cannot be loaded as PEM certificates ({reason})"
            return HttpClient(resolve, None, ctx.config.timeout, tls_error=error)
        context.set_alpn_protocols(["http/1.1"])
        return HttpClient(resolve, context, ctx.config.timeout)

    return ctx.shared("net.http", make)
