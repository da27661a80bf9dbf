"""The sandbox DNS server itself: records, behaviours, counters, both transports."""

from __future__ import annotations

import time

import dns.flags
import dns.message
import dns.query
import dns.rcode
import pytest

from launchgate.sandbox.dns_server import SandboxDNS


def ask(server: SandboxDNS, name: str, rdtype: str, tcp: bool = False) -> dns.message.Message:
    query = dns.message.make_query(name, rdtype)
    send = dns.query.tcp if tcp else dns.query.udp
    return send(query, "127.0.0.1", timeout=2, port=server.port)


def test_answers_records_and_follows_cnames(dns_server: SandboxDNS) -> None:
    dns_server.load({"acme.test": {"A": "192.0.2.1"}, "www.acme.test": {"CNAME": "acme.test."}})
    reply = ask(dns_server, "www.acme.test", "A")
    assert [r.to_text() for r in reply.answer] == [
        "www.acme.test. 300 IN CNAME acme.test.",
        "acme.test. 300 IN A 192.0.2.1",
    ]
    assert reply.flags & dns.flags.AA
    assert dns_server.address == f"127.0.0.1:{dns_server.port}"


def test_nxdomain_versus_nodata(dns_server: SandboxDNS) -> None:
    dns_server.add("a.b.acme.test", "A", "192.0.2.1")
    assert ask(dns_server, "nope.acme.test", "A").rcode() == dns.rcode.NXDOMAIN
    empty_non_terminal = ask(dns_server, "b.acme.test", "A")
    assert empty_non_terminal.rcode() == dns.rcode.NOERROR and not empty_non_terminal.answer


def test_long_txt_is_split_and_lists_give_several_strings(dns_server: SandboxDNS) -> None:
    dns_server.add("long.acme.test", "TXT", "x" * 600)
    dns_server.add("split.acme.test", "TXT", ["v=spf1 ", "-all"])
    strings = ask(dns_server, "long.acme.test", "TXT", tcp=True).answer[0][0].strings
    assert [len(s) for s in strings] == [255, 255, 90]
    assert ask(dns_server, "split.acme.test", "TXT").answer[0][0].strings == (b"v=spf1 ", b"-all")


def test_truncation_sets_tc_on_udp_only(dns_server: SandboxDNS) -> None:
    dns_server.add("big.acme.test", "TXT", "v=spf1 -all")
    dns_server.behave("big.acme.test", "TXT", truncate=True)
    assert ask(dns_server, "big.acme.test", "TXT").flags & dns.flags.TC
    assert ask(dns_server, "big.acme.test", "TXT", tcp=True).answer
    assert dns_server.transports["udp"] == 1 and dns_server.transports["tcp"] == 1


def test_servfail_delay_and_silence(dns_server: SandboxDNS) -> None:
    dns_server.behave("bad.acme.test", servfail=True)
    dns_server.behave("slow.acme.test", "A", delay=0.2)
    dns_server.behave("quiet.acme.test", silent=True)
    assert ask(dns_server, "bad.acme.test", "TXT").rcode() == dns.rcode.SERVFAIL
    start = time.monotonic()
    ask(dns_server, "slow.acme.test", "A")
    assert time.monotonic() - start >= 0.2
    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(
            dns.message.make_query("quiet.acme.test", "A"), "127.0.0.1", 0.3, dns_server.port
        )
    assert dns_server.count("quiet.acme.test", "A") == 1


def test_zone_text_accepts_broken_zones(dns_server: SandboxDNS) -> None:
    dns_server.load_zone(
        '$ORIGIN acme.test.\n@ 300 IN A 192.0.2.1\nwww CNAME @\nwww TXT "beside" ; conflict\n'
        "mx MX 10 mail.acme.test.\n"
    )
    assert ask(dns_server, "www.acme.test", "TXT").answer[0][0].strings == (b"beside",)
    assert (
        ask(dns_server, "mx.acme.test", "MX").answer[0][0].exchange.to_text() == "mail.acme.test."
    )
    assert dns_server.count() == 2


def test_stop_is_clean() -> None:
    server = SandboxDNS().start()
    server.add("acme.test", "A", "192.0.2.1")
    assert ask(server, "acme.test", "A").answer
    server.stop()
    with pytest.raises(dns.exception.Timeout):
        dns.query.udp(dns.message.make_query("acme.test", "A"), "127.0.0.1", 0.2, server.port)


def test_wildcard_records_answer_names_that_do_not_exist(dns_server: SandboxDNS) -> None:
    """DMARC report providers publish *._report._dmarc.<provider>: the sandbox answers it too."""
    dns_server.add("*._report._dmarc.reports.test", "TXT", "v=DMARC1")
    dns_server.add("own._report._dmarc.reports.test", "A", "192.0.2.1")
    found = ask(dns_server, "acme.test._report._dmarc.reports.test", "TXT")
    assert found.rcode() == dns.rcode.NOERROR
    assert found.answer[0].name.to_text() == "acme.test._report._dmarc.reports.test."
    assert found.answer[0][0].to_text() == '"v=DMARC1"'
    existing = ask(dns_server, "own._report._dmarc.reports.test", "TXT")  # exists: no wildcard
    assert existing.rcode() == dns.rcode.NOERROR and not existing.answer
    assert ask(dns_server, "x.elsewhere.test", "TXT").rcode() == dns.rcode.NXDOMAIN
