"""launchgate and checkdmarc (pointed at the same sandbox DNS server) agree on SPF and DMARC
records, except where launchgate deliberately follows RFC 7489 or is stricter (docs/email.md)."""

from __future__ import annotations

from typing import Any

import checkdmarc.dmarc
import checkdmarc.spf
import checkdmarc.utils
import dns.nameserver
import pytest

from tests.acceptance_net.harness import Net

SPF_RULES = ("record", "syntax", "lookups", "void", "include")
# (case, records at the domain, extra TXT records, launchgate rule expected to fail or None)
SPF_CASES: list[tuple[str, list[str], dict[str, str], str | None]] = [
    ("valid", ["v=spf1 ip4:192.0.2.0/24 include:_spf.mailhost.test include:sendgrid.test -all"],
     {}, None),
    ("redirect", ["v=spf1 redirect=sendgrid.test"], {}, None),
    ("bad ip4", ["v=spf1 ip4:192.0.2.300 -all"], {}, "syntax"),
    ("two records", ["v=spf1 -all", "v=spf1 mx -all"], {}, "record"),
    ("include without spf", ["v=spf1 include:nospf.shop.test -all"],
     {"nospf.shop.test": "verification=1"}, "include"),
    ("three void lookups", ["v=spf1 a:v1.nx.test a:v2.nx.test a:v3.nx.test -all"], {}, "void"),
    ("eleven lookups", ["v=spf1 " + " ".join(f"include:i{i}.inc.test" for i in range(11)) +
                        " -all"], {f"i{i}.inc.test": "v=spf1 -all" for i in range(11)}, "lookups"),
]  # fmt: skip


def _nameservers(net: Net) -> list[dns.nameserver.Nameserver]:
    host, port = net.dns.address.rsplit(":", 1)
    checkdmarc.utils.DNS_CACHE.clear()  # answers of an earlier test's sandbox
    return [dns.nameserver.Do53Nameserver(host, int(port))]


def _launchgate(net: Net, domain: str, email: dict[str, Any]) -> dict[str, str]:
    outcome = net.gate({"domain": domain, "email": email}, only=("email",), fail_on="low")
    return {cid.split(":")[0]: r["status"] for cid, r in outcome.results.items()}


@pytest.mark.parametrize(("records", "extra", "rule"), [c[1:] for c in SPF_CASES],
                         ids=[c[0] for c in SPF_CASES])  # fmt: skip
def test_spf_verdicts_agree(
    net: Net, records: list[str], extra: dict[str, str], rule: str | None
) -> None:
    domain = "peer.test"
    net.dns.set(domain, "TXT", *records)
    for name, text in extra.items():
        net.dns.set(name, "TXT", text)
    peer = checkdmarc.spf.check_spf(domain, nameservers=_nameservers(net))
    ours = _launchgate(net, domain, {"spf": {"all": "softfail"}})
    failing = [r for r in SPF_RULES if ours.get(f"email.spf.{r}") == "fail"]
    assert failing == ([rule] if rule else []), ours
    assert peer["valid"] is (rule is None), peer


DMARC_CASES: list[tuple[str, list[str], str | None]] = [
    ("valid", ["v=DMARC1; p=quarantine; rua=mailto:d@peer.test"], None),
    ("two records", ["v=DMARC1; p=reject", "v=DMARC1; p=none"], "record"),
    ("bad p", ["v=DMARC1; p=bogus"], "syntax"),
]


@pytest.mark.parametrize(("records", "rule"), [c[1:] for c in DMARC_CASES],
                         ids=[c[0] for c in DMARC_CASES])  # fmt: skip
def test_dmarc_verdicts_agree(net: Net, records: list[str], rule: str | None) -> None:
    net.dns.set("peer.test", "MX", "10 mx1.mailhost.test.")
    net.dns.set("_dmarc.peer.test", "TXT", *records)
    peer = checkdmarc.dmarc.check_dmarc("peer.test", nameservers=_nameservers(net))
    ours = _launchgate(net, "peer.test", {"dmarc": {"policy": "none"}})
    failing = [r for r in ("record", "syntax") if ours.get(f"email.dmarc.{r}") == "fail"]
    assert failing == ([rule] if rule else []), ours
    assert peer["valid"] is (rule is None), peer


def test_deliberate_difference_missing_p_follows_rfc_7489(net: Net) -> None:
    """DMARCbis (checkdmarc) reads a missing p= as none; RFC 7489 makes the record invalid."""
    net.dns.set("_dmarc.peer.test", "TXT", "v=DMARC1; rua=mailto:d@peer.test")
    peer = checkdmarc.dmarc.check_dmarc("peer.test", nameservers=_nameservers(net))
    assert peer["valid"] is True and any("p tag" in w for w in peer["warnings"])
    ours = _launchgate(net, "peer.test", {"dmarc": {"policy": "none"}})
    assert ours["email.dmarc.syntax"] == "fail"


def test_deliberate_difference_unauthorized_reports_fail_instead_of_warning(net: Net) -> None:
    net.dns.set("_dmarc.peer.test", "TXT", "v=DMARC1; p=reject; rua=mailto:x@other.test")
    net.dns.set("other.test", "MX", "10 mx1.mailhost.test.")
    peer = checkdmarc.dmarc.check_dmarc("peer.test", nameservers=_nameservers(net))
    assert peer["valid"] is True and any("Authorization record not found" in w
                                         for w in peer["warnings"])  # fmt: skip
    ours = _launchgate(net, "peer.test", {"dmarc": {"policy": "reject"}})
    assert ours["email.dmarc.report_auth"] == "fail"
    assert ours["email.dmarc.rua_mx"] == "pass"


def test_report_domain_that_takes_no_mail_fails(net: Net) -> None:
    """checkdmarc warns "has no MX records"; launchgate fails when mail cannot be delivered."""
    net.dns.set("_dmarc.peer.test", "TXT",
                "v=DMARC1; p=reject; rua=mailto:d@peer.test,mailto:r@null.peer.test")  # fmt: skip
    net.dns.set("peer.test", "A", "127.0.0.1")  # no MX: the address is the implicit MX
    net.dns.set("null.peer.test", "MX", "0 .")
    outcome = net.gate({"domain": "peer.test", "email": {"dmarc": {"policy": "reject"}}},
                       only=("email",))  # fmt: skip
    assert outcome.status("email.dmarc.rua_mx:peer.test") == "pass"
    found = outcome.results["email.dmarc.rua_mx:null.peer.test"]
    assert found["status"] == "fail" and "null MX" in found["message"]
    net.dns.set("_dmarc.peer.test", "TXT", "v=DMARC1; p=reject; rua=mailto:d@typo.peer.test")
    outcome = net.gate({"domain": "peer.test", "email": {"dmarc": {"policy": "reject"}}},
                       only=("email",))  # fmt: skip
    assert outcome.status("email.dmarc.rua_mx:typo.peer.test") == "fail"


def test_spf_lookup_counts_agree_on_a_nested_tree(net: Net) -> None:
    net.dns.set("peer.test", "TXT", "v=spf1 a mx include:n1.peer.test redirect=n3.peer.test")
    net.dns.set("peer.test", "A", "127.0.0.1")
    net.dns.set("peer.test", "MX", "10 mx1.mailhost.test.", "20 mx2.mailhost.test.")
    net.dns.set("n1.peer.test", "TXT", "v=spf1 include:n2.peer.test exists:%{i}.e.peer.test ~all")
    net.dns.set("n2.peer.test", "TXT", "v=spf1 ip4:198.51.100.0/24 a:mx1.mailhost.test ~all")
    net.dns.set("n3.peer.test", "TXT", "v=spf1 include:sendgrid.test -all")
    peer = checkdmarc.spf.check_spf("peer.test", nameservers=_nameservers(net))
    outcome = net.gate({"domain": "peer.test", "email": {"spf": {"all": "fail"}}}, only=("email",))
    ours = outcome.results["email.spf.lookups:peer.test"]
    assert ours["data"]["lookups"] == peer["dns_lookups"] == 8, (ours["message"], peer)
