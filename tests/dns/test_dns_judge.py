"""Pure DNS judgements."""

from __future__ import annotations

from launchgate.checks.dns.judge import (
    Caa,
    compare_sets,
    conflicting_groups,
    judge_caa,
    load_ranges,
    network_groups,
)


def test_compare_sets_is_case_dot_and_order_insensitive() -> None:
    assert compare_sets("CNAME", ["ACME.test."], ["acme.test."]) == (set(), set())
    assert compare_sets(
        "MX", ["10 MX.acme.test", "20 b.acme.test."], ["20 b.acme.test.", "10 mx.acme.test."]
    ) == (set(), set())
    assert compare_sets("TXT", ['"v=spf1 -all"'], ["v=spf1 -all"]) == (set(), set())
    assert compare_sets("A", ["192.0.2.1"], ["192.0.2.2"]) == ({"192.0.2.1"}, {"192.0.2.2"})
    assert compare_sets("TXT", ["Hello"], ["hello"]) == ({"Hello"}, {"hello"})


def test_network_groups() -> None:
    assert len(network_groups(["192.0.2.1", "192.0.3.1"])) == 1
    assert len(network_groups(["192.0.2.1", "198.51.100.1"])) == 2
    ranges = load_ranges(None)
    assert len(network_groups(["104.16.1.1", "172.67.1.1"], ranges)) == 1
    assert ranges.contains("2606:4700::1") and not ranges.contains("203.0.113.1")


def test_caa_judgement() -> None:
    ok = [Caa(0, "issue", "letsencrypt.org; validationmethods=dns-01"), Caa(0, "issuewild", ";")]
    assert judge_caa(ok, ["LetsEncrypt.org"]).ok
    bad = judge_caa(
        [Caa(0, "issue", "digicert.com"), Caa(0, "iodef", "mailto:x@y")], ["letsencrypt.org"]
    )
    assert not bad.ok and bad.bad == ['issue "digicert.com"']


def test_dual_stack_is_not_a_conflict() -> None:
    assert conflicting_groups(["192.0.2.1", "2001:db8::1"]) == []
    assert conflicting_groups(["192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8::2"]) == []
    assert len(conflicting_groups(["192.0.2.1", "2001:db8::1", "2a00:1450::1"])) == 2
    cloudflare = load_ranges(None)
    assert conflicting_groups(["104.16.1.1", "172.67.1.1", "2606:4700::1"], cloudflare) == []
