"""The run's resolver against the sandbox: typed outcomes, TCP fallback, retries, dedup."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from launchgate.core.rules import RunContext
from launchgate.net.addr import resolve_host
from launchgate.net.dns import (
    NODATA,
    NXDOMAIN,
    OK,
    SERVFAIL,
    TIMEOUT,
    DnsError,
    Resolver,
    get_resolver,
)
from launchgate.sandbox.dns_server import SandboxDNS
from tests.dns.helpers import config


@pytest.fixture
def resolver(dns_server: SandboxDNS) -> Resolver:
    return Resolver([dns_server.address], timeout=1.0)


def test_statuses_are_distinguished(dns_server: SandboxDNS, resolver: Resolver) -> None:
    dns_server.add("acme.test", "A", "192.0.2.1")
    dns_server.behave("broken.acme.test", servfail=True)
    dns_server.behave("quiet.acme.test", silent=True)
    assert resolver.query("acme.test", "A").status == OK
    assert resolver.query("acme.test", "MX").status == NODATA
    assert resolver.query("nope.acme.test", "A").status == NXDOMAIN
    assert resolver.query("broken.acme.test", "A").status == SERVFAIL
    start = time.monotonic()
    quiet = resolver.query("quiet.acme.test", "A")
    assert quiet.status == TIMEOUT and quiet.failed and not quiet.void
    assert time.monotonic() - start < 1.5
    assert "timeout" in quiet.explain()


def test_tcp_fallback_on_truncation(dns_server: SandboxDNS, resolver: Resolver) -> None:
    dns_server.add("acme.test", "TXT", ["v=spf1 ", "ip4:192.0.2.0/24 -all"])
    dns_server.behave("acme.test", "TXT", truncate=True)
    answer = resolver.query("acme.test", "TXT")
    assert answer.texts() == ["v=spf1 ip4:192.0.2.0/24 -all"]
    assert dns_server.transports["tcp"] == 1


def test_large_answer_over_tcp_without_injection(
    dns_server: SandboxDNS, resolver: Resolver
) -> None:
    dns_server.add("acme.test", "TXT", *[f"token-{i}-" + "x" * 200 for i in range(10)])
    assert len(resolver.query("acme.test", "TXT").texts()) == 10
    assert dns_server.transports["tcp"] == 1


def test_cache_and_single_flight(dns_server: SandboxDNS, resolver: Resolver) -> None:
    dns_server.add("slow.acme.test", "A", "192.0.2.9")
    dns_server.behave("slow.acme.test", "A", delay=0.2)
    threads = [
        threading.Thread(target=resolver.query, args=("slow.acme.test", "A")) for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    resolver.query("SLOW.acme.test.", "a")
    assert dns_server.count("slow.acme.test", "A") == 1


def test_retries_the_next_nameserver(dns_server: SandboxDNS) -> None:
    other = SandboxDNS().start()
    try:
        other.behave(servfail=True)
        dns_server.add("acme.test", "A", "192.0.2.1")
        resolver = Resolver([other.address, dns_server.address], timeout=1.0)
        assert resolver.query("acme.test", "A").texts() == ["192.0.2.1"]
        assert other.count() == 1
    finally:
        other.stop()


def test_silent_nameserver_then_good_one(dns_server: SandboxDNS) -> None:
    other = SandboxDNS().start()
    try:
        other.behave(silent=True)
        dns_server.add("acme.test", "A", "192.0.2.1")
        resolver = Resolver([other.address, dns_server.address], timeout=1.0)
        assert resolver.query("acme.test", "A").ok
    finally:
        other.stop()


def test_addresses_api_follows_cnames_and_raises_when_unsure(
    dns_server: SandboxDNS, resolver: Resolver
) -> None:
    dns_server.load(
        {
            "www.acme.test": {"CNAME": "acme.test."},
            "acme.test": {"A": "192.0.2.1", "AAAA": "2001:db8::1"},
        }
    )
    dns_server.behave("quiet.acme.test", silent=True)
    assert resolver.addresses("www.acme.test") == ["192.0.2.1", "2001:db8::1"]
    assert resolver.addresses("nope.acme.test") == []
    with pytest.raises(DnsError):
        resolver.addresses("quiet.acme.test")
    with pytest.raises(OSError):
        resolver.addresses("quiet.acme.test")


def test_one_resolver_per_run_used_by_addr(dns_server: SandboxDNS) -> None:
    dns_server.add("www.acme.test", "A", "192.0.2.7")
    ctx = RunContext(config(dns_server, ""), Path("."), {})
    assert get_resolver(ctx) is get_resolver(ctx)
    assert resolve_host(ctx, "www.acme.test") == ["192.0.2.7"]
    with pytest.raises(OSError):
        resolve_host(ctx, "nope.acme.test")


def test_invalid_name_is_an_error_not_a_crash(resolver: Resolver) -> None:
    answer = resolver.query("a" * 70 + ".acme.test", "A")
    assert answer.status == "error" and answer.failed
