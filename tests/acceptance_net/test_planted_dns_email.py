"""DNS and email authentication: one planted failure at a time, and the traps that must pass."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from launchgate.sandbox.dns_server import SandboxDNS
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome, rsa_dkim

Plant = Callable[[SandboxDNS], Any]


def _email(net: Net, email: dict[str, Any] | None = None, domain: str = shop.DOMAIN) -> Outcome:
    section = email if email is not None else shop.config(net)["email"]
    return net.gate({"domain": domain, "email": section}, only=("email",))


def _includes(n: int) -> Plant:
    def plant(dns: SandboxDNS) -> None:
        terms = " ".join(f"include:s{i}.shop.test" for i in range(n))
        dns.set("shop.test", "TXT", f"v=spf1 ip4:192.0.2.0/24 {terms} -all")
        for i in range(n):
            dns.set(f"s{i}.shop.test", "TXT", f"v=spf1 ip4:10.0.{i}.0/24 -all")

    return plant


def _txt(name: str, *values: str) -> Plant:
    return lambda dns: dns.set(name, "TXT", *values)


EMAIL_PLANTED: list[tuple[str, Plant, str, tuple[str, ...]]] = [
    ("spf +all", _txt("shop.test", "v=spf1 include:sendgrid.test +all"),
     "email.spf.all:shop.test", ("+all",)),
    ("spf 11 lookups", _includes(11), "email.spf.lookups:shop.test", ("11 DNS lookups",)),
    ("two spf", _txt("shop.test", "v=spf1 ip4:192.0.2.0/24 -all", "v=spf1 mx -all"),
     "email.spf.record:shop.test", ("2 SPF records",)),
    ("include without spf", _txt("sendgrid.test", "sendgrid-verification=1"),
     "email.spf.include:sendgrid.test", ("no SPF record",)),
    ("p=none", _txt("_dmarc.shop.test", "v=DMARC1; p=none; rua=mailto:d@shop.test"),
     "email.dmarc.policy:shop.test", ("p=none", "quarantine")),
    ("rua without authorization", _txt("shop.test._report._dmarc.rua.reports.test"),
     "email.dmarc.report_auth:rua.reports.test", ("dropped",)),
    ("revoked dkim", _txt("ed._domainkey.shop.test", "v=DKIM1; k=ed25519; p="),
     "email.dkim:ed", ("revoked",)),
    ("1024-bit dkim", _txt("s1.shop.dkim.mailhost.test", rsa_dkim(1024)),
     "email.dkim:s1", ("1024", "2048")),
]  # fmt: skip
# SPF errors also make the authorize checks fail (mail really is rejected): allowed companions.
AUTHORIZE = {"email.spf.authorize:192.0.2.25", "email.spf.authorize:198.51.100.7"}


@pytest.mark.parametrize(("plant", "check_id", "words"), [p[1:] for p in EMAIL_PLANTED],
                         ids=[p[0] for p in EMAIL_PLANTED])  # fmt: skip
def test_planted_email_failure(
    net: Net, plant: Plant, check_id: str, words: tuple[str, ...]
) -> None:
    plant(net.dns)
    outcome = _email(net)
    found = outcome.results[check_id]
    assert found["status"] == "fail", found
    assert all(w in found["message"] for w in words), found["message"]
    assert set(outcome.problems()) - AUTHORIZE == {check_id}, outcome.problems()


def test_spf_with_exactly_ten_lookups_passes(net: Net) -> None:
    _includes(10)(net.dns)
    email = {"spf": {"all": "fail", "authorize": ["192.0.2.25", "10.0.9.1"]}}
    assert _email(net, email).problems() == {}


def test_spf_redirect_and_macros_pass(net: Net) -> None:
    net.dns.set("shop.test", "TXT", "v=spf1 redirect=_spf.shop.test")
    net.dns.set(
        "_spf.shop.test",
        "TXT",
        "v=spf1 ip4:192.0.2.0/24 include:_spf.mailhost.test exists:%{i}._ok.%{d} -all",
    )
    assert _email(net, {"spf": {"all": "fail", "authorize": ["198.51.100.7"]}}).problems() == {}


def test_spf_authorize_on_broken_record_points_at_the_record(net: Net) -> None:
    _includes(11)(net.dns)
    outcome = _email(net)
    early = outcome.results["email.spf.authorize:192.0.2.25"]
    assert early["status"] == "pass"  # ip4 matches before the 11th lookup (RFC 7208 4.6.4)
    found = outcome.results["email.spf.authorize:198.51.100.7"]
    assert found["status"] == "fail" and "permerror" in found["message"]
    assert "ip4:198.51.100.7" not in found["remediation"]


def test_null_mx_on_a_no_mail_domain_passes(net: Net) -> None:
    net.dns.set("shop.test", "MX", "0 .")
    net.dns.set("shop.test", "TXT", "v=spf1 -all")
    net.dns.set("_dmarc.shop.test", "TXT", "v=DMARC1; p=reject;")
    email = {"mx": True, "spf": {"all": "fail"}, "dmarc": {"policy": "reject"}}
    outcome = _email(net, email)
    assert outcome.problems() == {}
    assert "receives and sends no mail" in outcome.results["email.mx:shop.test"]["message"]


def test_subdomain_dmarc_inherits_and_sp_none_is_caught(net: Net) -> None:
    net.dns.set("eu.shop.test", "MX", "10 mx1.mailhost.test.")
    net.dns.set("eu.shop.test", "TXT", "v=spf1 include:_spf.mailhost.test -all")
    email = {"mx": True, "spf": {"all": "fail"}, "dmarc": {"policy": "quarantine"}}
    assert _email(net, email, "eu.shop.test").problems() == {}
    net.dns.set("_dmarc.shop.test", "TXT", "v=DMARC1; p=reject; sp=none; rua=mailto:d@shop.test")
    outcome = _email(net, email, "eu.shop.test")
    found = outcome.results["email.dmarc.policy:eu.shop.test"]
    assert found["status"] == "fail" and "sp=none" in found["message"]


def _dns(net: Net) -> Outcome:
    return net.gate({"domain": shop.DOMAIN, "dns": shop.config(net)["dns"]}, only=("dns",))


def test_dangling_cname_is_critical(net: Net) -> None:
    net.dns.set("app.shop.test", "A")
    net.dns.set("app.shop.test", "CNAME", "shop-app.herokudns.test.")
    found = _dns(net).results["dns.dangling:app.shop.test"]
    assert found["status"] == "fail" and found["severity"] == "critical"
    assert "shop-app.herokudns.test" in found["message"]


def test_cname_at_the_apex_fails(net: Net) -> None:
    net.dns.add("shop.test", "CNAME", "edge.cdn.test.")
    found = _dns(net).results["dns.cname_conflict:shop.test"]
    assert found["status"] == "fail" and "apex" in found["message"]


def test_silent_resolver_is_could_not_verify_in_bounded_time(net: Net) -> None:
    net.dns.behave("*", "*", silent=True)
    outcome = net.gate(
        {"domain": shop.DOMAIN, "dns": shop.config(net)["dns"], "email": shop.config(net)["email"]},
        only=("dns", "email"),
    )
    statuses = {r["status"] for r in outcome.results.values()}
    assert statuses == {"error"}, outcome.problems()
    assert outcome.code == 1
    for result in outcome.results.values():
        assert "missing" not in result["message"].lower() and "no " not in result["message"][:3]
        assert "resolver" in result["remediation"], result


def test_dmarc_provider_with_wildcard_authorization_passes(net: Net) -> None:
    net.dns.set("shop.test._report._dmarc.rua.reports.test", "TXT")
    net.dns.add("*._report._dmarc.rua.reports.test", "TXT", "v=DMARC1;")
    outcome = _email(net)
    assert outcome.problems() == {}
    assert outcome.status("email.dmarc.report_auth:rua.reports.test") == "pass"
