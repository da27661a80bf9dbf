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

from launchgate.net.http_model import MAX_HOPS, Chain, Response
from launchgate.net.transport import (
    MAX_BODY,
    FetchError,
    Resolve,
    base_headers,
    classify,
    open_socket,
    read_capped,
)
from launchgate.net.url import Target

__all__ = ["MAX_BODY", "MAX_HOPS", "Chain", "FetchError", "HttpClient", "Response", "get_client"]

if TYPE_CHECKING:  # launchgate.checks imports this module
    from launchgate.core.rules import RunContext


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
        resolve: Resolve,
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
            raise classify(exc, target.url, watchdog.fired, limit) from None
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
        started = time.perf_counter()
        sock, phases = open_socket(
            target, self._resolve, self._tls, started + limit, watchdog.watch, self._tls_error
        )
        timings = {"connect": phases.dns + phases.connect}
        tls_version = None
        if isinstance(sock, ssl.SSLSocket):
            tls_version = sock.version()
            timings["tls"] = timings["connect"] + phases.tls
        cap = self.max_body if max_body is None else max_body
        conn = http.client.HTTPConnection(target.host, target.port, timeout=limit)
        conn.sock = sock
        try:
            _send(conn, target, method, headers, body)
            resp = conn.getresponse()
            timings["first_byte"] = time.perf_counter() - started
            data, _, truncated = read_capped(resp.read, cap)
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
            elapsed=time.perf_counter() - started,
            address=phases.address,
            tls_version=tls_version,
            timings=timings,
        )


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


def _send(
    conn: http.client.HTTPConnection,
    target: Target,
    method: str,
    headers: Mapping[str, str],
    body: bytes | None,
) -> None:
    conn.putrequest(method, target.path, skip_host=True, skip_accept_encoding=True)
    base = {**base_headers(target), "Connection": "close"}
    merged = {k.lower(): (k, v) for k, v in {**base, **headers}.items()}
    for name, value in merged.values():
        conn.putheader(name, value)
    if body is not None:
        conn.putheader("Content-Length", str(len(body)))
    conn.endheaders(body)


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
