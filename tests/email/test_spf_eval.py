"""check_host() against the sandbox DNS server: RFC 7208 Appendix A and each section."""

from __future__ import annotations

import pytest

from launchgate.checks.email.spf_eval import check_host
from launchgate.net.dns import Resolver
from launchgate.sandbox.dns_server import SandboxDNS

APPENDIX_A = """
$ORIGIN example.com.
@ MX 10 mx.example.com.
@ MX 20 mx2.example.com.
mx A 192.0.2.129
mx2 A 192.0.2.130
amy A 192.0.2.65
bob A 192.0.2.66
@ A 192.0.2.10
@ A 192.0.2.11
$ORIGIN example.org.
@ MX 10 mx.example.org.
mx A 192.0.2.140
$ORIGIN 2.0.192.in-addr.arpa.
10 PTR example.com.
11 PTR example.com.
65 PTR amy.example.com.
66 PTR bob.example.com.
129 PTR mx.example.com.
130 PTR mx2.example.com.
140 PTR mx.example.org.
"""

CASES = [
    ("v=spf1 +all", {"192.0.2.1": "pass", "198.51.100.7": "pass"}),
    ("v=spf1 a -all", {"192.0.2.10": "pass", "192.0.2.11": "pass", "192.0.2.65": "fail"}),
    ("v=spf1 a:example.org -all", {"192.0.2.10": "fail", "192.0.2.140": "fail"}),
    ("v=spf1 mx -all", {"192.0.2.129": "pass", "192.0.2.130": "pass", "192.0.2.140": "fail"}),
    ("v=spf1 mx:example.org -all", {"192.0.2.140": "pass", "192.0.2.129": "fail"}),
    (
        "v=spf1 mx mx:example.org -all",
        {"192.0.2.129": "pass", "192.0.2.140": "pass", "192.0.2.10": "fail"},
    ),
    (
        "v=spf1 mx/30 mx:example.org/30 -all",
        {"192.0.2.131": "pass", "192.0.2.143": "pass", "192.0.2.144": "fail"},
    ),
    ("v=spf1 ptr -all", {"192.0.2.65": "pass", "192.0.2.129": "pass", "192.0.2.140": "fail"}),
    (
        "v=spf1 ip4:192.0.2.128/28 -all",
        {"192.0.2.129": "pass", "192.0.2.143": "pass", "192.0.2.65": "fail"},
    ),
    (
        "v=spf1 ip6:2001:db8::/32 ~all",
        {"2001:db8::1": "pass", "2001:db9::1": "softfail", "192.0.2.1": "softfail"},
    ),
    ("v=spf1 ip4:192.0.2.0/24 ?all", {"::ffff:192.0.2.5": "pass", "198.51.100.1": "neutral"}),
]


@pytest.fixture
def zone(dns_server: SandboxDNS) -> SandboxDNS:
    dns_server.load_zone(APPENDIX_A)
    return dns_server


@pytest.mark.parametrize(("record", "expected"), CASES)
def test_rfc7208_appendix_a(zone: SandboxDNS, record: str, expected: dict[str, str]) -> None:
    zone.set("example.com", "TXT", record)
    resolver = Resolver([zone.address], 1.0)
    got = {
        ip: check_host(ip, "example.com", "a@example.com", "mx.example.com", dns=resolver).result
        for ip in expected
    }
    assert got == expected


def evaluate(server: SandboxDNS, ip: str = "192.0.2.1", domain: str = "acme.test", **kw: str):
    return check_host(
        ip,
        domain,
        kw.get("sender", f"user@{domain}"),
        "mail.acme.test",
        dns=Resolver([server.address], 1.0),
    )


def test_record_selection(dns_server: SandboxDNS) -> None:
    dns_server.add(
        "acme.test", "TXT", "google-site-verification=abc", ["v=spf1 ", "ip4:192.0.2.1 -all"]
    )
    assert evaluate(dns_server).result == "pass"
    dns_server.add("two.test", "TXT", "v=spf1 -all", "v=spf1 +all")
    assert evaluate(dns_server, domain="two.test").result == "permerror"
    dns_server.add("none.test", "TXT", "v=spf10 +all")
    assert evaluate(dns_server, domain="none.test").result == "none"
    assert evaluate(dns_server, domain="missing.test").result == "none"
    assert evaluate(dns_server, domain="single-label").result == "none"


def test_dns_errors_are_temperror(dns_server: SandboxDNS) -> None:
    dns_server.behave("acme.test", "TXT", servfail=True)
    assert evaluate(dns_server).result == "temperror"
    dns_server.add("q.test", "TXT", "v=spf1 a:quiet.q.test -all")
    dns_server.behave("quiet.q.test", silent=True)
    result = evaluate(dns_server, domain="q.test")
    assert result.result == "temperror" and "quiet.q.test" in result.reason


def test_truncated_answers_fall_back_to_tcp(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 include:big.test -all")
    dns_server.add(
        "big.test", "TXT", "v=spf1 " + " ".join(f"ip4:198.51.100.{i}" for i in range(60)) + " -all"
    )
    dns_server.behave("big.test", "TXT", truncate=True)
    assert evaluate(dns_server, ip="198.51.100.59").result == "pass"
    assert dns_server.transports["tcp"] >= 1


def test_include_results(dns_server: SandboxDNS) -> None:
    dns_server.load(
        {
            "acme.test": {"TXT": "v=spf1 include:soft.test include:ok.test -all"},
            "soft.test": {"TXT": "v=spf1 ~all"},
            "ok.test": {"TXT": "v=spf1 ip4:192.0.2.1 -all"},
            "bad.test": {"TXT": "v=spf1 include:nothing.test -all"},
        }
    )
    assert evaluate(dns_server).result == "pass"
    assert evaluate(dns_server, ip="192.0.2.2").result == "fail"
    assert evaluate(dns_server, domain="bad.test").result == "permerror"


def test_redirect_and_exp(dns_server: SandboxDNS) -> None:
    dns_server.load(
        {
            "acme.test": {"TXT": "v=spf1 ip4:192.0.2.1 redirect=_spf.acme.test exp=why.acme.test"},
            "_spf.acme.test": {"TXT": "v=spf1 ip4:192.0.2.2 -all exp=explain.acme.test"},
            "explain.acme.test": {
                "TXT": "%{i} is not allowed to send for %{d} (from %{o}, seen by %{r})"
            },
            "why.acme.test": {"TXT": "never used: redirect target's exp wins"},
            "loop.test": {"TXT": "v=spf1 redirect=nowhere.test"},
        }
    )
    assert evaluate(dns_server, ip="192.0.2.2").result == "pass"
    failed = evaluate(dns_server, ip="192.0.2.9")
    assert failed.result == "fail"
    assert (
        failed.explanation
        == "192.0.2.9 is not allowed to send for _spf.acme.test (from acme.test, seen by unknown)"
    )
    assert evaluate(dns_server, domain="loop.test").result == "permerror"


def test_lookup_limit_and_void_limit(dns_server: SandboxDNS) -> None:
    chain = " ".join(f"a:h{i}.acme.test" for i in range(11))
    dns_server.add("acme.test", "TXT", f"v=spf1 {chain} -all")
    for i in range(11):
        dns_server.add(f"h{i}.acme.test", "A", "198.51.100.1")
    result = evaluate(dns_server)
    assert result.result == "permerror" and "10 DNS lookups" in result.reason
    assert result.lookups == 11
    dns_server.add("void.test", "TXT", "v=spf1 a:x1.void.test a:x2.void.test a:x3.void.test -all")
    voided = evaluate(dns_server, domain="void.test")
    assert voided.result == "permerror" and "void" in voided.reason


def test_macros_in_exists_with_sender(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 exists:%{l}.%{ir}._spf.%{d} -all")
    dns_server.add("alice.1.2.0.192._spf.acme.test", "A", "127.0.0.2")
    assert evaluate(dns_server, sender="alice@acme.test").result == "pass"
    assert evaluate(dns_server, sender="bob@acme.test").result == "fail"


def test_mx_limit_is_permerror(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 mx -all")
    dns_server.add("acme.test", "MX", *[f"{i} mx{i}.acme.test." for i in range(11)])
    assert evaluate(dns_server).result == "permerror"
