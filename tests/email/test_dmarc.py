"""DMARC: mox and checkdmarc vectors (RFC 7489 wins), lookups and email.dmarc.* rules."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from launchgate.checks import email as family
from launchgate.checks.email.dmarc import DmarcError, find_dmarc, parse_dmarc, report_authorized
from launchgate.core.model import Status
from launchgate.net.dns import Resolver
from launchgate.sandbox.dns_server import SandboxDNS
from tests.dns.helpers import config, run

DATA = Path(__file__).parent / "data"
MOX = yaml.safe_load((DATA / "mox_dmarc_parse_test.vectors.yml").read_text())
CHECKDMARC = yaml.safe_load((DATA / "checkdmarc_test_dmarc.vectors.yml").read_text())
# checkdmarc follows DMARCbis; under RFC 7489 these records are invalid.
RFC7489_INVALID = {
    "v=DMARC1; p=reject; pct=150", "v=DMARC1; p=reject; pct=-1", "v=DMARC1; p=reject; pct=abc",
    "v=DMARC1; p=reject; ri=abc", "v=DMARC1; sp=none; p=reject",
}  # fmt: skip
# DMARCbis tags: unknown to RFC 7489, whose receivers ignore them, so not an error here.
RFC7489_IGNORED = {"v=DMARC1; p=reject; psd=x", "v=DMARC1; p=reject; t=x"}
# p is required by RFC 7489: without it receivers act as p=none (6.6.3), and the gate says so.
RFC7489_NO_P = {"v=DMARC1; rua=mailto:dmarc@example.com"}


@pytest.mark.parametrize("vector", MOX["parse"]["invalid"], ids=lambda v: repr(v["record"]))
def test_mox_invalid(vector: dict[str, Any]) -> None:
    with pytest.raises(DmarcError):
        parse_dmarc(vector["record"])


@pytest.mark.parametrize("vector", MOX["parse"]["valid"], ids=lambda v: repr(v["record"][:40]))
def test_mox_valid(vector: dict[str, Any]) -> None:
    record = parse_dmarc(vector["record"])
    assert record.policy == vector["parsed"]["p"]
    assert record.pct == vector["parsed"].get("pct", 100)
    assert [u.uri for u in record.rua] == [u.split(" ")[0] for u in vector["parsed"].get("rua", [])]


def _checkdmarc_cases() -> list[tuple[str, bool]]:
    cases = []
    for vector in CHECKDMARC["vectors"]:
        valid = vector["expect"].startswith("parses")
        for record in vector["records"]:
            if record in RFC7489_INVALID or record in RFC7489_NO_P:
                valid = False
            elif record in RFC7489_IGNORED:
                valid = True
            cases.append((record, valid))
    return cases


@pytest.mark.parametrize(("record", "valid"), _checkdmarc_cases())
def test_checkdmarc_vectors(record: str, valid: bool) -> None:
    """Invalid: discarded, or (RFC 7489 6.6.3, bad p/sp with a usable rua) acted on as p=none."""
    if valid:
        assert not parse_dmarc(record).problems
        return
    try:
        found = parse_dmarc(record)
    except DmarcError:
        return
    assert found.problems and found.policy == "none"


def _zone(server: SandboxDNS, section: dict[str, Any]) -> Resolver:
    for name, texts in section["zone_txt"].items():
        # An RRset holds no duplicates, so identical strings become distinct by a space.
        server.add(name, "TXT", *[t + " " * i for i, t in enumerate(texts)])
    for entry in section["servfail"]:
        rdtype, name = entry.split()
        server.behave(name, rdtype, servfail=True)
    return Resolver([server.address], 1.0)


def test_mox_lookup_cases(dns_server: SandboxDNS) -> None:
    resolver = _zone(dns_server, MOX["lookup"])
    for case in MOX["lookup"]["cases"]:
        found = find_dmarc(resolver, case["domain"])
        assert found.policy_domain == case["policy_domain"], case
        if case.get("record"):
            assert found.record is not None and found.record.policy == "none"
        expected = {
            "no record": "none",
            "multiple records": "none",
            "syntax": "permerror",
            "dns": "temperror",
        }
        if case.get("error"):
            assert found.status == expected[case["error"]] and found.record is None, case


def test_mox_report_authorization(dns_server: SandboxDNS) -> None:
    resolver = _zone(dns_server, MOX["external_report_authorization"])
    for case in MOX["external_report_authorization"]["cases"]:
        accepted, status = report_authorized(resolver, case["policy_domain"], case["report_domain"])
        assert accepted == case["accepts"], case
        if not accepted:
            assert (
                status
                == {"no record": "none", "syntax": "permerror", "dns": "temperror"}[case["error"]]
            )


def _results(
    server: SandboxDNS, body: str = "email: {dmarc: {policy: quarantine, rua: required}}"
) -> dict:
    return run(family, config(server, body))


def test_dmarc_rules(dns_server: SandboxDNS) -> None:
    dns_server.add(
        "_dmarc.acme.test",
        "TXT",
        "v=DMARC1; p=quarantine; sp=none; pct=50; rua=mailto:d@acme.test,mailto:r@reports.test; ruf=mailto:f@acme.test",
    )
    dns_server.add("acme.test._report._dmarc.other.test", "TXT", "v=DMARC1;")
    found = _results(dns_server)
    assert found["email.dmarc.record:acme.test"].status is Status.PASS
    assert found["email.dmarc.syntax:acme.test"].status is Status.PASS
    assert found["email.dmarc.policy:acme.test"].status is Status.PASS
    assert found["email.dmarc.subdomain:acme.test"].status is Status.WARN
    assert found["email.dmarc.pct:acme.test"].status is Status.WARN
    assert found["email.dmarc.rua:acme.test"].status is Status.PASS
    dropped = found["email.dmarc.report_auth:reports.test"]
    assert (
        dropped.status is Status.FAIL and "acme.test._report._dmarc.reports.test" in dropped.message
    )


def test_dmarc_weak_policy_and_missing_rua(dns_server: SandboxDNS) -> None:
    dns_server.add("_dmarc.acme.test", "TXT", "v=DMARC1; p=none")
    found = _results(dns_server)
    assert found["email.dmarc.policy:acme.test"].status is Status.FAIL
    assert "p=none" in found["email.dmarc.policy:acme.test"].message
    assert found["email.dmarc.rua:acme.test"].status is Status.FAIL


def test_dmarc_missing_invalid_and_fallback(dns_server: SandboxDNS) -> None:
    assert _results(dns_server)["email.dmarc.record:acme.test"].status is Status.FAIL
    dns_server.add("_dmarc.acme.test", "TXT", "v=DMARC1; p=reject; p=none")
    bad = _results(dns_server)["email.dmarc.syntax:acme.test"]
    assert bad.status is Status.FAIL and "twice" in bad.message
    sub = run(family, config(dns_server, "email: {dmarc: {}}", domain="shop.acme.test"))
    assert sub["email.dmarc.record:shop.acme.test"].data["policy_domain"] == "acme.test"


def test_dmarc_dns_failure_is_error(dns_server: SandboxDNS) -> None:
    dns_server.behave("_dmarc.acme.test", servfail=True)
    assert _results(dns_server)["email.dmarc.record:acme.test"].status is Status.ERROR


def test_subdomain_inherits_sp_not_p(dns_server: SandboxDNS) -> None:
    """A subdomain without its own record gets the organizational domain's sp= (RFC 7489 6.6.3)."""
    dns_server.add("_dmarc.acme.test", "TXT", "v=DMARC1; p=reject; sp=none; rua=mailto:d@acme.test")
    body = "email: {dmarc: {policy: quarantine}}"
    sub = run(family, config(dns_server, body, domain="eu.acme.test"))
    weak = sub["email.dmarc.policy:eu.acme.test"]
    assert weak.status is Status.FAIL
    assert "sp=none" in weak.message and "inherited from _dmarc.acme.test" in weak.message
    assert weak.remediation and "_dmarc.eu.acme.test" in weak.remediation
    dns_server.set("_dmarc.acme.test", "TXT", "v=DMARC1; p=quarantine; rua=mailto:d@acme.test")
    inherited = run(family, config(dns_server, body, domain="eu.acme.test"))
    assert inherited["email.dmarc.policy:eu.acme.test"].status is Status.PASS
    apex = run(family, config(dns_server, body))["email.dmarc.policy:acme.test"]
    assert apex.status is Status.PASS and "inherited" not in apex.message
