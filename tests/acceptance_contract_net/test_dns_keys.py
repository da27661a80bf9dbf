"""Every key of ``dns:`` does what the example config's comment says: one passing and one
failing value each, against the sandbox DNS server (through the real gate)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome


def _dns(net: Net, dns: dict[str, Any], **top: Any) -> Outcome:
    top.setdefault("fail_on", "low")
    return net.gate({"domain": shop.DOMAIN, "dns": dns, **top}, only=("dns",))


def test_records_exact_answer_set(net: Net) -> None:
    good = {"records": [{"name": "shop.test", "type": "MX",
                         "values": ["20 MX2.mailhost.test", "10 mx1.mailhost.test."]}]}  # fmt: skip
    assert _dns(net, good).status("dns.records:shop.test/MX") == "pass"
    subset = {"records": [{"name": "shop.test", "type": "MX", "values": ["10 mx1.mailhost.test"]}]}
    found = _dns(net, subset).results["dns.records:shop.test/MX"]
    assert found["status"] == "fail" and "mx2.mailhost.test" in found["message"], found
    absent = {"records": [{"name": "nope.shop.test", "type": "A", "values": ["127.0.0.1"]}]}
    found = _dns(net, absent).results["dns.records:nope.shop.test/A"]
    assert found["status"] == "fail" and "127.0.0.1" in found["remediation"]


def test_subdomains_must_resolve(net: Net) -> None:
    ok = _dns(net, {"subdomains": ["www", "app"]})
    assert ok.status("dns.resolves:www.shop.test") == "pass"
    assert ok.problems() == {}, ok.problems()
    found = _dns(net, {"subdomains": ["ghost"]}).results["dns.resolves:ghost.shop.test"]
    assert found["status"] == "fail" and "does not resolve" in found["message"]


def test_subdomains_none_may_dangle_or_conflict(net: Net) -> None:
    net.dns.set("app.shop.test", "A")
    net.dns.set("app.shop.test", "CNAME", "gone.pages.test.")
    net.dns.add("api.shop.test", "CNAME", "edge.cdn.test.")  # beside its A record
    outcome = _dns(net, {"subdomains": ["app", "api"]})
    assert outcome.results["dns.dangling:app.shop.test"]["severity"] == "critical"
    assert outcome.status("dns.dangling:app.shop.test") == "fail"
    assert outcome.status("dns.cname_conflict:api.shop.test") == "fail"


def test_unrelated_networks_warn_and_one_network_passes(net: Net) -> None:
    net.dns.set("app.shop.test", "A", "127.0.0.1", "127.0.0.2")
    assert _dns(net, {"subdomains": ["app"]}).status("dns.conflicting:app.shop.test") == "pass"
    net.dns.set("app.shop.test", "A", "127.0.0.1", "127.9.0.1")  # two /16s, hand-set
    found = _dns(net, {"subdomains": ["app"]}).results["dns.conflicting:app.shop.test"]
    assert found["status"] == "warn" and "unrelated networks" in found["message"]


CAA_CASES = [
    ("allowed issuer", ['0 issue "letsencrypt.org; validationmethods=dns-01"'], "pass"),
    ("no issuance at all", ['0 issue ";"'], "pass"),
    ("other issuer", ['0 issue "letsencrypt.org"', '0 issue "digicert.com"'], "fail"),
    ("other wildcard issuer", ['0 issue "letsencrypt.org"', '0 issuewild "sectigo.com"'], "fail"),
    ("iodef only: anyone may issue", ['0 iodef "mailto:sec@shop.test"'], "fail"),
    ("issuewild only: anyone may issue", ['0 issuewild "letsencrypt.org"'], "fail"),
]


@pytest.mark.parametrize(("records", "status"), [c[1:] for c in CAA_CASES],
                         ids=[c[0] for c in CAA_CASES])  # fmt: skip
def test_caa_must_exist_and_allow_only_these_issuers(
    net: Net, records: list[str], status: str
) -> None:
    net.dns.set("shop.test", "CAA", *records)
    found = _dns(net, {"caa": ["LetsEncrypt.org"]}).results["dns.caa:shop.test"]
    assert found["status"] == status, found
    if status == "fail":
        assert "letsencrypt.org" in found["remediation"].lower()


def test_caa_absent_fails(net: Net) -> None:
    net.dns.set("shop.test", "CAA")
    found = _dns(net, {"caa": ["letsencrypt.org"]}).results["dns.caa:shop.test"]
    assert found["status"] == "fail" and "no CAA" in found["message"]


def _ranges(tmp: Path, *cidrs: str) -> str:
    path = tmp / "cdn-ranges.txt"
    path.write_text("# test CDN ranges, 2026-11-29\n" + "\n".join(cidrs) + "\n")
    return str(path)


def test_cdn_every_public_host_inside_the_ranges(net: Net) -> None:
    """cdn_ranges stands in for Cloudflare's list (the sandbox only has loopback)."""
    ranges = _ranges(net.workdir, "127.0.0.0/8", "::1/128")
    dns = {"subdomains": ["www", "app"], "cdn": "cloudflare", "cdn_ranges": ranges}
    ok = _dns(net, dns)
    assert {ok.status(f"dns.cdn:{h}") for h in shop.HOSTS[:3]} == {"pass"}
    net.dns.set("app.shop.test", "A", "127.0.0.1")
    net.dns.set("app.shop.test", "AAAA", "::2")  # origin exposed over IPv6
    found = _dns(net, dns).results["dns.cdn:app.shop.test"]
    assert found["status"] == "fail" and "::2" in found["message"], found
    tls_only = _dns(net, {"cdn": "cloudflare", "cdn_ranges": ranges},
                    tls={"hosts": ["app.shop.test"]})  # fmt: skip
    assert tls_only.status("dns.cdn:app.shop.test") == "fail"  # tls.hosts are public too


def test_nameservers_must_agree(net: Net) -> None:
    assert _dns(net, {}).status("dns.ns_consistency:shop.test") == "pass"
    net.dns.set("shop.test", "NS", "ns1.shop.test.", "ns2.shop.test.")
    net.dns.set("ns2.shop.test", "A", "127.0.0.9")  # does not answer
    found = _dns(net, {}).results["dns.ns_consistency:shop.test"]
    assert found["status"] == "warn", found


def test_records_compare_split_txt_and_ipv6_spelling(net: Net) -> None:
    spf = "v=spf1 ip4:192.0.2.0/24 include:_spf.mailhost.test include:sendgrid.test -all"
    dns = {"records": [
        {"name": "shop.test", "type": "TXT", "values": [spf, "google-site-verification=abcdef123456"]},
        {"name": "v6.shop.test", "type": "AAAA", "values": ["0:0:0:0:0:0:0:0001"]},
    ]}  # fmt: skip
    outcome = _dns(net, dns)
    assert outcome.status("dns.records:shop.test/TXT") == "pass", outcome.problems()
    assert outcome.status("dns.records:v6.shop.test/AAAA") == "pass"
    dns["records"][0]["values"] = [spf.upper()]
    assert _dns(net, dns).status("dns.records:shop.test/TXT") == "fail"  # TXT keeps its case
