"""email.mx, email.mta_sts and email.tls_rpt against the sandbox."""

from __future__ import annotations

from launchgate.checks import email as family
from launchgate.core.model import Status
from launchgate.sandbox.dns_server import SandboxDNS
from tests.dns.helpers import config, run


def test_mx_pass_and_expected_list(dns_server: SandboxDNS) -> None:
    dns_server.load(
        {
            "acme.test": {"MX": ["10 mx1.mail.test.", "20 mx2.mail.test."]},
            "mx1.mail.test": {"A": "192.0.2.1"},
            "mx2.mail.test": {"AAAA": "2001:db8::2"},
        }
    )
    assert (
        run(family, config(dns_server, "email: {mx: true}"))["email.mx:acme.test"].status
        is Status.PASS
    )
    listed = run(family, config(dns_server, "email: {mx: [MX1.mail.test., mx2.mail.test]}"))
    assert listed["email.mx:acme.test"].status is Status.PASS
    wrong = run(family, config(dns_server, "email: {mx: [aspmx.google.test]}"))[
        "email.mx:acme.test"
    ]
    assert wrong.status is Status.FAIL and "aspmx.google.test" in wrong.message


def test_mx_missing_null_and_unresolved(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "A", "192.0.2.1")
    assert (
        run(family, config(dns_server, "email: {mx: true}"))["email.mx:acme.test"].status
        is Status.FAIL
    )
    dns_server.add("acme.test", "MX", "0 .")
    null = run(family, config(dns_server, "email: {mx: true}"))["email.mx:acme.test"]
    assert null.status is Status.FAIL and "receives no mail" in null.message
    dns_server.set("acme.test", "MX", "10 gone.mail.test.")
    gone = run(family, config(dns_server, "email: {mx: true}"))["email.mx:acme.test"]
    assert gone.status is Status.FAIL and "gone.mail.test" in gone.message


def test_mta_sts_and_tls_rpt_are_information(dns_server: SandboxDNS) -> None:
    dns_server.add("_mta-sts.acme.test", "TXT", "v=STSv1; id=20260101")
    found = run(family, config(dns_server, "email: {}"))
    assert found["email.mta_sts:acme.test"].status is Status.PASS
    assert found["email.tls_rpt:acme.test"].status is Status.SKIP


def test_null_mx_on_a_no_mail_domain_passes(dns_server: SandboxDNS) -> None:
    """Null MX + SPF -all is the recommended lock-down of a domain that has no mail at all."""
    dns_server.load({"acme.test": {"MX": "0 .", "TXT": "v=spf1 -all"}})
    locked = run(family, config(dns_server, "email: {mx: true}"))["email.mx:acme.test"]
    assert locked.status is Status.PASS and "sends no mail" in locked.message
    listed = run(family, config(dns_server, "email: {mx: [mx1.mail.test]}"))["email.mx:acme.test"]
    assert listed.status is Status.FAIL and "mx1.mail.test" in listed.message
    dns_server.set("acme.test", "TXT", "v=spf1 include:_spf.mail.test -all")
    sender = run(family, config(dns_server, "email: {mx: true}"))["email.mx:acme.test"]
    assert sender.status is Status.FAIL and "RFC 7505" in sender.message
