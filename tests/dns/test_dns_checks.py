"""Every dns.* rule against the sandbox DNS server."""

from __future__ import annotations

from pathlib import Path

import pytest

from launchgate.checks import dns as family
from launchgate.core.model import Severity, Status
from launchgate.sandbox.dns_server import SandboxDNS
from tests.dns.helpers import config, run

ZONE = """
$ORIGIN acme.test.
@ IN SOA ns1 hostmaster 2026112901 3600 600 86400 300
@ NS ns1
ns1 A 127.0.0.1
@ A 104.16.1.1
@ CAA 0 issue "letsencrypt.org"
www CNAME @
app CNAME gone.herokuapp.test.
api A 104.16.1.2
api A 203.0.113.10
shop CNAME acme.test.
shop TXT "beside the cname"
"""


@pytest.fixture
def results(dns_server: SandboxDNS) -> dict:
    dns_server.load_zone(ZONE)
    cfg = config(
        dns_server,
        """
dns:
  records:
    - {name: acme.test, type: A, values: [104.16.1.1]}
    - {name: www.acme.test, type: CNAME, values: [ACME.test]}
    - {name: api.acme.test, type: A, values: [104.16.1.2]}
  subdomains: [www, app, api, shop, nope]
  caa: [letsencrypt.org]
  cdn: cloudflare
""",
    )
    return run(family, cfg)


def test_records_compare_sets(results: dict) -> None:
    assert results["dns.records:acme.test/A"].status is Status.PASS
    assert results["dns.records:www.acme.test/CNAME"].status is Status.PASS
    bad = results["dns.records:api.acme.test/A"]
    assert bad.status is Status.FAIL
    assert "203.0.113.10" in bad.message and "expected ['104.16.1.2']" in bad.message


def test_resolves_and_dns_map_data(results: dict) -> None:
    www = results["dns.resolves:www.acme.test"]
    assert www.status is Status.PASS and www.data["chain"] == ["www.acme.test", "acme.test"]
    assert www.data["addresses"] == ["104.16.1.1"]
    nope = results["dns.resolves:nope.acme.test"]
    assert nope.status is Status.FAIL and "NXDOMAIN" in nope.message


def test_dangling_cname_is_critical(results: dict) -> None:
    dangling = results["dns.dangling:app.acme.test"]
    assert dangling.status is Status.FAIL and dangling.severity is Severity.CRITICAL
    assert "gone.herokuapp.test" in dangling.message
    assert results["dns.dangling:www.acme.test"].status is Status.PASS


def test_cname_conflict(results: dict) -> None:
    conflict = results["dns.cname_conflict:shop.acme.test"]
    assert conflict.status is Status.FAIL and "TXT" in conflict.message
    assert results["dns.cname_conflict:www.acme.test"].status is Status.PASS


def test_conflicting_addresses_warn(results: dict) -> None:
    warn = results["dns.conflicting:api.acme.test"]
    assert warn.status is Status.WARN and "203.0.113.10" in warn.message


def test_cdn_bypass_fails_naming_the_host(results: dict) -> None:
    bypass = results["dns.cdn:api.acme.test"]
    assert bypass.status is Status.FAIL and "api.acme.test" in bypass.message
    assert "203.0.113.10" in bypass.message
    assert results["dns.cdn:acme.test"].status is Status.PASS
    assert "2026" in results["dns.cdn:acme.test"].data["ranges_date"]


def test_caa_and_ns(results: dict) -> None:
    assert results["dns.caa:acme.test"].status is Status.PASS
    ns = results["dns.ns_consistency:acme.test"]
    assert ns.status is Status.PASS and ns.data["serials"] == {"ns1.acme.test": 2026112901}


def test_caa_missing_or_foreign_issuer(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "A", "192.0.2.1")
    cfg = config(dns_server, "dns: {caa: [letsencrypt.org]}")
    assert run(family, cfg)["dns.caa:acme.test"].status is Status.FAIL
    dns_server.add("acme.test", "CAA", '0 issue "letsencrypt.org"', '0 issuewild "digicert.com"')
    dns_server.add("acme.test", "CAA", '0 issue ";"')
    fresh = run(family, config(dns_server, "dns: {caa: [letsencrypt.org]}"))["dns.caa:acme.test"]
    assert fresh.status is Status.FAIL and "digicert.com" in fresh.message


def test_apex_cname(dns_server: SandboxDNS) -> None:
    dns_server.load_zone(
        "$ORIGIN acme.test.\n@ CNAME elsewhere.example.\n@ NS ns1\n@ NS ns2\n"
        "ns1 A 127.0.0.1\nns2 A 127.0.0.1\n@ SOA ns1 h 5 1 1 1 1\n"
    )
    dns_server.add("elsewhere.example", "A", "192.0.2.5")
    found = run(family, config(dns_server, "dns: {subdomains: []}"))
    assert found["dns.cname_conflict:acme.test"].status is Status.FAIL
    assert "apex" in found["dns.cname_conflict:acme.test"].message
    assert found["dns.ns_consistency:acme.test"].status is Status.PASS


def test_ns_serials_disagree() -> None:
    from launchgate.checks.dns.nameservers import judge_serials

    verdict = judge_serials("acme.test", {"ns1.acme.test": 5, "ns2.acme.test": 4})
    assert verdict.status is Status.WARN and "propagating" in verdict.message


def test_ns_silent_warns(dns_server: SandboxDNS) -> None:
    dns_server.load_zone(
        "$ORIGIN acme.test.\n@ NS ns1\n@ NS ns2\nns1 A 127.0.0.1\nns2 A 127.0.0.3\n@ SOA ns1 h 7 1 1 1 1\n"
    )
    found = run(family, config(dns_server, "dns: {subdomains: []}", timeout="300ms"))
    ns = found["dns.ns_consistency:acme.test"]
    assert ns.status is Status.WARN and "ns2.acme.test" in ns.message


def test_timeout_is_error_never_pass_or_missing(dns_server: SandboxDNS) -> None:
    dns_server.behave(silent=True)
    cfg = config(
        dns_server,
        "dns: {records: [{name: acme.test, type: A, values: [192.0.2.1]}], subdomains: [www], caa: [x.test]}",
        timeout="300ms",
    )
    found = run(family, cfg)
    assert found
    assert {r.status for r in found.values()} == {Status.ERROR}
    assert all("Could not verify" in r.message for r in found.values())


def test_servfail_is_error(dns_server: SandboxDNS) -> None:
    dns_server.behave("www.acme.test", servfail=True)
    dns_server.add("acme.test", "A", "104.16.0.1")
    found = run(family, config(dns_server, "dns: {subdomains: [www]}"))
    assert found["dns.resolves:www.acme.test"].status is Status.ERROR
    assert found["dns.resolves:acme.test"].status is Status.PASS


def test_cdn_ranges_override_and_tls_hosts(dns_server: SandboxDNS, tmp_path: Path) -> None:
    (tmp_path / "ranges.txt").write_text("# my CDN, published 2026-01-01\n192.0.2.0/24\n")
    dns_server.load({"acme.test": {"A": "192.0.2.10"}, "edge.other.test": {"A": "198.51.100.1"}})
    cfg = config(
        dns_server,
        "dns: {cdn: cloudflare, cdn_ranges: ranges.txt}\ntls: {hosts: ['edge.other.test:8443']}",
    )
    found = run(family, cfg, tmp_path)
    assert found["dns.cdn:acme.test"].status is Status.PASS
    assert found["dns.cdn:edge.other.test"].status is Status.FAIL


def test_every_rule_is_listed() -> None:
    ids = {r.id for r in family.RULES}
    assert ids == {
        "dns.records", "dns.resolves", "dns.cname_conflict", "dns.dangling",
        "dns.conflicting", "dns.caa", "dns.cdn", "dns.ns_consistency",
    }  # fmt: skip


def test_repeated_record_entries_get_distinct_ids(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "A", "192.0.2.1")
    body = "dns: {records: [{name: acme.test, type: A, values: [192.0.2.1]}, {name: acme.test, type: a, values: [192.0.2.2]}]}"
    found = run(family, config(dns_server, body))
    assert found["dns.records:acme.test/A"].status is Status.PASS
    assert found["dns.records:acme.test/A#2"].status is Status.FAIL


def test_provider_address_pools_are_not_stale_records(dns_server: SandboxDNS) -> None:
    """Cloudflare's proxied answers (two /16s) and a CDN's pool behind a CNAME are one network,
    even without `cdn:` in the config; hand-set spread addresses still warn."""
    dns_server.load(
        {
            "acme.test": {"A": ["104.21.32.1", "172.67.160.1"]},
            "www.acme.test": {"CNAME": "d111.cloudfront.test."},
            "d111.cloudfront.test": {"A": ["13.32.1.1", "18.64.1.1", "52.84.1.1"]},
            "old.acme.test": {"A": ["192.0.2.10", "198.51.100.10"]},
        }
    )
    found = run(family, config(dns_server, "dns: {subdomains: [www, old]}"))
    assert found["dns.conflicting:acme.test"].status is Status.PASS
    pool = found["dns.conflicting:www.acme.test"]
    assert pool.status is Status.PASS and "d111.cloudfront.test" in pool.message
    assert found["dns.conflicting:old.acme.test"].status is Status.WARN
