"""The only way discovery touches the network: bounded, logged, read-only.

Every DNS question and HTTP request goes through one :class:`Probe`, which counts them against
a budget, gives up when the deadline passes, and remembers what it asked so the command can say
so. Pins (``--resolve``, ``network.resolve``) send a host, or every host with ``*``, to a fixed
address, as curl ``--connect-to`` does, so discovery can run against a staging server or the
sandbox before DNS points there.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from launchgate.config.convert import split_host_port
from launchgate.net.dns import Answer, Resolver
from launchgate.net.http import Chain, FetchError, HttpClient, Response

MAX_DNS = 400
MAX_HTTP = 120
MAX_BODY = 512 * 1024
ANY_HOST = "*"


class BudgetSpent(Exception):
    """The request budget or the deadline is used up: discovery stops asking."""


@dataclass(frozen=True)
class Pin:
    """``host[:port]=address[:port]``; host ``*`` matches every host, a missing port every port."""

    host: str
    port: int | None
    address: str
    to_port: int | None

    def matches(self, host: str, port: int) -> bool:
        return self.host in (ANY_HOST, host) and self.port in (None, port)

    def target(self, port: int) -> tuple[str, int]:
        return self.address, self.to_port or port


def parse_pin(text: str) -> Pin:
    """``www.shop.example:443=10.0.0.5:8443``, ``*:443=127.0.0.1:8443``, ``*=10.0.0.5``."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip() or not value.strip():
        raise ValueError(f"{text!r}: expected HOST[:PORT]=ADDRESS[:PORT] (HOST may be *)")
    try:
        host, port = split_host_port(key.strip())
        address, to_port = split_host_port(value.strip())
    except ValueError:
        raise ValueError(f"{text!r}: a port is not a number") from None
    return Pin(host.lower().rstrip("."), port, address, to_port)


def pins_from_config(resolve: Mapping[str, str]) -> list[Pin]:
    return [parse_pin(f"{key}={value}") for key, value in resolve.items()]


@dataclass
class Probe:
    """Bounded DNS and HTTP for one discovery run."""

    nameservers: Sequence[str] = ()
    pins: Sequence[Pin] = ()
    ca_bundle: str | None = None
    timeout: float = 5.0
    deadline: float = 120.0
    max_dns: int = MAX_DNS
    max_http: int = MAX_HTTP
    counts: Counter[str] = field(default_factory=Counter)
    pinned: dict[str, str] = field(default_factory=dict)  # "host:port" -> "address:port" used
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ends: float = 0.0

    def __post_init__(self) -> None:
        self._ends = time.monotonic() + self.deadline
        self.resolver = Resolver(tuple(self.nameservers), self.timeout)
        self.client = HttpClient(self.connect_targets, self.tls_context(), self.timeout, MAX_BODY)

    # -- budget ---------------------------------------------------------------------

    def _spend(self, kind: str, limit: int) -> None:
        with self._lock:
            if time.monotonic() > self._ends:
                raise BudgetSpent(f"discovery stopped at its {self.deadline:g}s deadline")
            if self.counts[kind] >= limit:
                raise BudgetSpent(f"discovery stopped after {limit} {kind} requests (its budget)")
            self.counts[kind] += 1

    def tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context()
        if self.ca_bundle:
            context.load_verify_locations(cafile=self.ca_bundle)
        context.set_alpn_protocols(["http/1.1"])
        return context

    # -- DNS ------------------------------------------------------------------------

    def ask(self, questions: Sequence[tuple[str, str]]) -> list[Answer]:
        """Several questions at once; raises BudgetSpent before asking more than allowed."""
        for _ in questions:
            self._spend("DNS", self.max_dns)
        return self.resolver.query_many(list(questions))

    def connect_targets(self, host: str, port: int) -> list[tuple[str, int]]:
        name = host.lower().rstrip(".")
        for pin in self.pins:
            if pin.matches(name, port):
                address, to_port = pin.target(port)
                with self._lock:
                    self.pinned[f"{name}:{port}"] = f"{address}:{to_port}"
                return [(address, to_port)]
        if self.nameservers:
            found = self.resolver.addresses(name)
            if not found:
                raise OSError(f"{name} does not resolve (no A or AAAA record)")
            return [(address, port) for address in found]
        infos = socket.getaddrinfo(name, port, type=socket.SOCK_STREAM)
        return [(str(info[4][0]), port) for info in infos]

    # -- HTTP -----------------------------------------------------------------------

    def fetch(self, url: str, method: str = "GET") -> Response | FetchError:
        """One request (GET memoised per URL); a network failure is returned, not raised."""
        self._spend("HTTP", self.max_http)
        try:
            if method == "GET":
                response: Response = self.client.get(url)
                return response
            return self.client.request(url, method=method)
        except FetchError as exc:
            return exc

    def follow(self, url: str, max_hops: int = 5) -> Chain:
        """Walk redirects by GET, each hop counted against the budget."""
        hops: list[Response] = []
        current, seen = url, set()
        while True:
            if current in seen:
                return Chain(url, tuple(hops), loop=True)
            if len(hops) > max_hops:
                return Chain(url, tuple(hops), too_many=True)
            seen.add(current)
            answer = self.fetch(current)
            if isinstance(answer, FetchError):
                return Chain(url, tuple(hops), error=answer)
            hops.append(answer)
            if not answer.is_redirect or answer.location is None:
                return Chain(url, tuple(hops))
            current = answer.location

    def spend_http(self, count: int) -> None:
        """Reserve ``count`` requests (a latency measurement) before sending them."""
        for _ in range(count):
            self._spend("HTTP", self.max_http)

    def summary(self) -> str:
        return f"{self.counts['DNS']} DNS questions, {self.counts['HTTP']} HTTP requests"

    def close(self) -> None:
        self.resolver.close()
