"""Every key of ``email:`` does what the example config's comment says (pass and fail)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome, rsa_dkim

D = shop.DOMAIN


def _email(net: Net, email: dict[str, Any]) -> Outcome:
    return net.gate({"domain": D, "email": email}, only=("email",), fail_on="low")


def test_mx_true_and_expected_exchanges(net: Net) -> None:
    assert _email(net, {"mx": True}).status(f"email.mx:{D}") == "pass"
    listed = {"mx": ["MX2.mailhost.test.", "mx1.mailhost.test"]}
    assert _email(net, listed).status(f"email.mx:{D}") == "pass"
    found = _email(net, {"mx": ["mx1.mailhost.test"]}).results[f"email.mx:{D}"]
    assert found["status"] == "fail" and "mx2.mailhost.test" in str(found["details"])
    net.dns.set(D, "MX")
    assert _email(net, {"mx": True}).status(f"email.mx:{D}") == "fail"


SENDERS = ["ip4:192.0.2.0/24", "include:_spf.mailhost.test", "include:sendgrid.test"]


def test_spf_senders_only_these_may_authorize(net: Net) -> None:
    spf = {"senders": SENDERS, "all": "fail"}
    assert _email(net, {"spf": spf}).status(f"email.spf.senders:{D}") == "pass"
    net.dns.set(D, "TXT", "v=spf1 ip4:192.0.2.0/24 include:_spf.mailhost.test "
                "include:sendgrid.test a:crm.shop.test -all")  # fmt: skip
    found = _email(net, {"spf": spf}).results[f"email.spf.senders:{D}"]
    assert found["status"] == "fail" and "a:crm.shop.test" in found["message"]


def test_spf_senders_accepts_an_address_inside_an_approved_range(net: Net) -> None:
    net.dns.set(D, "TXT", "v=spf1 ip4:192.0.2.25 +IP4:192.0.2.128/25 include:sendgrid.test -all")
    spf = {"senders": SENDERS, "all": "fail"}
    assert _email(net, {"spf": spf}).status(f"email.spf.senders:{D}") == "pass"
    net.dns.set(D, "TXT", "v=spf1 ip4:192.0.0.0/16 -all")  # wider than approved
    assert _email(net, {"spf": spf}).status(f"email.spf.senders:{D}") == "fail"


@pytest.mark.parametrize(
    ("published", "required", "status"),
    [
        ("-all", "fail", "pass"),
        ("~all", "fail", "fail"),
        ("~all", "softfail", "pass"),
        ("-all", "softfail", "pass"),
        ("?all", "softfail", "fail"),
    ],
)
def test_spf_all_required_final_qualifier(
    net: Net, published: str, required: str, status: str
) -> None:
    net.dns.set(D, "TXT", f"v=spf1 ip4:192.0.2.0/24 {published}")
    found = _email(net, {"spf": {"all": required}}).results[f"email.spf.all:{D}"]
    assert found["status"] == status, found


def test_spf_authorize_needs_pass_from_check_host(net: Net) -> None:
    spf = {"authorize": ["192.0.2.25", "2001:db8::25", "198.18.0.9"]}
    outcome = _email(net, {"spf": spf})
    assert outcome.status("email.spf.authorize:192.0.2.25") == "pass"
    assert outcome.status("email.spf.authorize:2001:db8::25") == "pass"  # via the include's ip6
    found = outcome.results["email.spf.authorize:198.18.0.9"]
    assert found["status"] == "fail" and "gives fail" in found["message"]
    assert "ip4:198.18.0.9" in found["remediation"]


def test_dkim_selectors_and_min_key_bits(net: Net) -> None:
    net.dns.set("k1024._domainkey.shop.test", "TXT", rsa_dkim(1024))
    ok = _email(net, {"dkim": {"selectors": ["s1", "ed", "k1024"], "min_key_bits": 1024}})
    assert {ok.status(f"email.dkim:{s}") for s in ("s1", "ed", "k1024")} == {"pass"}
    strict = _email(net, {"dkim": {"selectors": ["s1", "k1024", "none"], "min_key_bits": 2048}})
    assert strict.status("email.dkim:s1") == "pass"
    assert strict.status("email.dkim:k1024") == "fail"
    assert strict.status("email.dkim:none") == "fail"  # a configured selector without a key


@pytest.mark.parametrize(
    ("p", "weakest", "status"),
    [("quarantine", "quarantine", "pass"), ("reject", "quarantine", "pass"),
     ("quarantine", "reject", "fail"), ("none", "none", "pass"), ("none", "quarantine", "fail")],
)  # fmt: skip
def test_dmarc_policy_is_the_weakest_acceptable(
    net: Net, p: str, weakest: str, status: str
) -> None:
    net.dns.set("_dmarc.shop.test", "TXT", f"v=DMARC1; p={p}; rua=mailto:d@shop.test")
    found = _email(net, {"dmarc": {"policy": weakest}}).results[f"email.dmarc.policy:{D}"]
    assert found["status"] == status, found


def test_dmarc_rua_required_must_reach_an_accepting_address(net: Net) -> None:
    dmarc = {"policy": "quarantine", "rua": "required"}
    ok = _email(net, {"dmarc": dmarc})
    assert ok.status(f"email.dmarc.rua:{D}") == "pass"
    assert ok.status("email.dmarc.report_auth:rua.reports.test") == "pass"
    net.dns.set("_dmarc.shop.test", "TXT", "v=DMARC1; p=quarantine")
    assert _email(net, {"dmarc": dmarc}).status(f"email.dmarc.rua:{D}") == "fail"
    net.dns.set("_dmarc.shop.test", "TXT", "v=DMARC1; p=quarantine; rua=mailto:x@elsewhere.test")
    found = _email(net, {"dmarc": dmarc}).results["email.dmarc.report_auth:elsewhere.test"]
    assert found["status"] == "fail" and "dropped" in found["message"]


def test_mta_sts_and_tls_rpt_are_information(net: Net) -> None:
    outcome = _email(net, {"mx": True})
    assert outcome.status(f"email.mta_sts:{D}") == "skip"
    net.dns.set("_mta-sts.shop.test", "TXT", "v=STSv1; id=20261129")
    net.dns.set("_smtp._tls.shop.test", "TXT", "v=TLSRPTv1; rua=mailto:tls@shop.test")
    outcome = _email(net, {"mx": True})
    assert outcome.status(f"email.mta_sts:{D}") == "pass"
    assert outcome.status(f"email.tls_rpt:{D}") == "pass"
    assert outcome.results[f"email.tls_rpt:{D}"]["severity"] == "info"
