"""The run's DNS resolver: timeouts, retries across nameservers, TCP fallback, cache, single-flight.

Public API other modules rely on:
  get_resolver(ctx) -> Resolver          one per run (ctx.shared)
  Resolver.addresses(host) -> list[str]  A and AAAA answers, CNAMEs followed
  Resolver.query(name, rdtype) -> Answer typed outcome, never raises for DNS conditions

An :class:`Answer` tells NXDOMAIN (the name does not exist) from NODATA (it exists, without
records of that type), SERVFAIL and timeout, so a check can say "could not verify" instead of
a false "missing record".
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rcode
import dns.rdata
import dns.rdatatype
import dns.resolver
import dns.reversename
import dns.rrset

from launchgate.core.hostport import split_host_port

if TYPE_CHECKING:
    from launchgate.core.rules import RunContext

OK = "ok"
NXDOMAIN = "nxdomain"
NODATA = "nodata"
SERVFAIL = "servfail"
TIMEOUT = "timeout"
ERROR = "error"

_EXPLAIN = {
    NXDOMAIN: "the name does not exist (NXDOMAIN)",
    NODATA: "the name exists but has no {type} record",
    SERVFAIL: "the resolver failed to answer (SERVFAIL)",
    TIMEOUT: "no answer from the resolver in time (timeout)",
    ERROR: "the DNS query failed",
}


class DnsError(OSError):
    """A lookup that could not be answered (SERVFAIL, timeout, refused, bad reply)."""

    def __init__(self, answer: Answer) -> None:
        super().__init__(f"{answer.name} {answer.rdtype}: {answer.explain()}")
        self.answer = answer


@dataclass(frozen=True)
class Answer:
    """The outcome of one question. ``rdatas`` are of ``rdtype`` at the end of ``cnames``."""

    name: str
    rdtype: str
    status: str
    rdatas: tuple[dns.rdata.Rdata, ...] = ()
    cnames: tuple[str, ...] = ()
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def failed(self) -> bool:
        """True when nothing can be concluded (SERVFAIL, timeout, error)."""
        return self.status in (SERVFAIL, TIMEOUT, ERROR)

    @property
    def void(self) -> bool:
        """NXDOMAIN or NODATA: a definite "nothing here"."""
        return self.status in (NXDOMAIN, NODATA)

    @property
    def target(self) -> str:
        """The name the answer is really about, after CNAMEs."""
        return self.cnames[-1] if self.cnames else self.name

    def texts(self) -> list[str]:
        """Records as text; TXT strings of one record joined without separator (RFC 7208 3.3)."""
        if self.rdtype in ("TXT", "SPF"):
            return [b"".join(r.strings).decode("utf-8", "replace") for r in self.rdatas]  # type: ignore[attr-defined]
        return [r.to_text() for r in self.rdatas]

    def raw_texts(self) -> list[bytes]:
        return [b"".join(r.strings) for r in self.rdatas]  # type: ignore[attr-defined]

    def explain(self) -> str:
        if self.ok:
            return f"{len(self.rdatas)} record(s)"
        text = _EXPLAIN[self.status].format(type=self.rdtype)
        return f"{text}: {self.detail}" if self.detail else text

    def raise_for_failure(self) -> Answer:
        if self.failed:
            raise DnsError(self)
        return self


def normalise_name(name: str) -> str:
    return name.strip().lower().rstrip(".")


@dataclass
class _Server:
    host: str
    port: int


def _servers(nameservers: Sequence[str]) -> list[_Server]:
    if not nameservers:
        try:
            system = dns.resolver.Resolver()
        except dns.exception.DNSException:
            return []
        return [_Server(str(ns), int(system.port)) for ns in system.nameservers]
    out = []
    for entry in nameservers:
        host, port = split_host_port(entry)
        out.append(_Server(_address_of(host), port or 53))
    return out


def _address_of(host: str) -> str:
    """A nameserver given by name is looked up once, by the system resolver."""
    try:
        ipaddress.ip_address(host)
        return host
    except ValueError:
        pass
    try:
        return str(socket.getaddrinfo(host, 53, type=socket.SOCK_DGRAM)[0][4][0])
    except OSError:
        return host


@dataclass
class Resolver:
    """One per run. ``timeout`` bounds one question (all tries); each try gets a share of it."""

    nameservers: Sequence[str] = ()
    timeout: float = 10.0
    workers: int = 32
    _servers: list[_Server] = field(init=False)
    _cache: dict[tuple[str, str], Answer] = field(default_factory=dict, init=False)
    _inflight: dict[tuple[str, str], Future[Answer]] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)
    _pool: ThreadPoolExecutor | None = field(default=None, init=False)
    sent: int = field(default=0, init=False)

    def __post_init__(self) -> None:
        self._servers = _servers(self.nameservers)

    # -- public ---------------------------------------------------------------------

    def query(self, name: str, rdtype: str) -> Answer:
        """The answer to one question: cached, and asked once even if several threads ask."""
        key = (normalise_name(name), rdtype.upper())
        with self._lock:
            if key in self._cache:
                return self._cache[key]
            future = self._inflight.get(key)
            owner = future is None
            if future is None:
                future = self._inflight[key] = Future()
        if not owner:
            return future.result()
        try:
            answer = self._ask(*key)
        except BaseException as exc:
            future.set_exception(exc)
            with self._lock:
                self._inflight.pop(key, None)
            raise
        with self._lock:
            self._cache[key] = answer
            self._inflight.pop(key, None)
        future.set_result(answer)
        return answer

    def prefetch(self, questions: Iterable[tuple[str, str]]) -> list[Future[Answer]]:
        """Ask many questions at once in the background; results land in the cache."""
        pool = self._executor()
        return [pool.submit(self.query, name, rdtype) for name, rdtype in questions]

    def query_many(self, questions: Iterable[tuple[str, str]]) -> list[Answer]:
        """Answers to several independent questions, asked concurrently."""
        return [f.result() for f in self.prefetch(list(questions))]

    def addresses(self, host: str) -> list[str]:
        """A and AAAA answers, CNAMEs followed; [] when the name has none; DnsError if unsure."""
        answers = self.query_many([(host, "A"), (host, "AAAA")])
        for answer in answers:
            answer.raise_for_failure()
        return [text for answer in answers for text in answer.texts()]

    def ask_at(self, host: str, port: int, name: str, rdtype: str) -> Answer:
        """One uncached question to one server (e.g. an authoritative NS), within the timeout."""
        try:
            qname = dns.name.from_text(name)
        except (dns.exception.DNSException, ValueError) as exc:
            return Answer(name, rdtype, ERROR, detail=str(exc))
        return self._ask_server(qname, name, rdtype, _Server(host, port), self.timeout)

    @property
    def port(self) -> int:
        """The port of the first configured nameserver (53 for the system resolver)."""
        return self._servers[0].port if self._servers else 53

    def ptr(self, ip: str) -> Answer:
        return self.query(dns.reversename.from_address(ip).to_text(), "PTR")

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)

    # -- wire -----------------------------------------------------------------------

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.workers, thread_name_prefix="lg-dns")
            return self._pool

    def _ask(self, name: str, rdtype: str) -> Answer:
        try:
            qname = dns.name.from_text(name)
        except (dns.exception.DNSException, ValueError) as exc:
            return Answer(name, rdtype, ERROR, detail=f"not a valid DNS name ({exc})")
        if not self._servers:
            return Answer(name, rdtype, ERROR, detail="no nameserver (set network.nameservers)")
        deadline = time.monotonic() + self.timeout
        tries = max(2, len(self._servers))
        per_try = max(self.timeout / tries, 0.05)
        last = Answer(name, rdtype, TIMEOUT)
        attempt = 0
        while time.monotonic() < deadline:
            server = self._servers[attempt % len(self._servers)]
            attempt += 1
            wait = min(per_try, deadline - time.monotonic())
            last = self._ask_server(qname, name, rdtype, server, wait)
            if last.status not in (SERVFAIL, TIMEOUT, ERROR):
                return last
            if attempt >= tries and last.status != TIMEOUT:
                return last
        return last

    def _ask_server(
        self, qname: dns.name.Name, name: str, rdtype: str, server: _Server, wait: float
    ) -> Answer:
        query = dns.message.make_query(qname, rdtype, use_edns=0, payload=1232)
        with self._lock:
            self.sent += 1
        try:
            response = dns.query.udp(query, server.host, timeout=wait, port=server.port)
            if response.flags & dns.flags.TC:
                response = dns.query.tcp(query, server.host, timeout=wait, port=server.port)
        except dns.exception.Timeout:
            return Answer(name, rdtype, TIMEOUT, detail=f"{server.host}:{server.port}")
        except (OSError, dns.exception.DNSException) as exc:
            return Answer(name, rdtype, ERROR, detail=f"{server.host}:{server.port}: {exc}")
        return _to_answer(response, qname, name, rdtype)


def _to_answer(
    response: dns.message.Message, qname: dns.name.Name, name: str, rdtype: str
) -> Answer:
    rcode = response.rcode()
    wanted = dns.rdatatype.from_text(rdtype)
    cnames: list[str] = []
    current = qname
    for _ in range(16):
        rrset = _find(response, current, wanted)
        if rrset is not None:
            return Answer(name, rdtype, OK, tuple(rrset), tuple(cnames))
        cname = (
            _find(response, current, dns.rdatatype.CNAME) if wanted != dns.rdatatype.CNAME else None
        )
        if cname is None:
            break
        current = cname[0].target  # type: ignore[attr-defined]
        cnames.append(normalise_name(current.to_text()))
    if rcode == dns.rcode.NXDOMAIN:
        return Answer(name, rdtype, NXDOMAIN, cnames=tuple(cnames))
    if rcode == dns.rcode.NOERROR:
        return Answer(name, rdtype, NODATA, cnames=tuple(cnames))
    status = SERVFAIL if rcode == dns.rcode.SERVFAIL else ERROR
    return Answer(name, rdtype, status, detail=dns.rcode.to_text(rcode))


def _find(
    response: dns.message.Message, name: dns.name.Name, rdtype: int
) -> dns.rrset.RRset | None:
    for rrset in response.answer:
        if rrset.name == name and rrset.rdtype == rdtype:
            return rrset
    return None


def get_resolver(ctx: RunContext) -> Resolver:
    return ctx.shared(
        "dns.resolver",
        lambda: Resolver(tuple(ctx.config.network.nameservers), ctx.config.timeout),
    )
