"""email.spf.* rules of the gate, against the sandbox DNS server."""

from __future__ import annotations

from launchgate.checks import email as family
from launchgate.core.model import Result, Severity, Status
from launchgate.sandbox.dns_server import SandboxDNS
from tests.dns.helpers import config, run

SPF = "email: {spf: {all: fail}}"


def results(server: SandboxDNS, body: str = SPF, timeout: str = "2s") -> dict[str, Result]:
    return run(family, config(server, body, timeout=timeout))


def test_good_record_with_split_strings(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", ["v=spf1 ip4:192.0.2.0/24 ", "include:_spf.mail.test -all"])
    dns_server.add("_spf.mail.test", "TXT", "v=spf1 ip4:198.51.100.0/24 -all")
    found = results(dns_server)
    assert found["email.spf.record:acme.test"].status is Status.PASS
    assert (
        "ip4:192.0.2.0/24 include:_spf.mail.test -all"
        in found["email.spf.record:acme.test"].message
    )
    assert found["email.spf.lookups:acme.test"].status is Status.PASS
    assert found["email.spf.lookups:acme.test"].data["lookups"] == 1
    assert found["email.spf.all:acme.test"].status is Status.PASS
    assert found["email.spf.include:_spf.mail.test"].status is Status.PASS
    assert found["email.spf.ptr:acme.test"].status is Status.PASS
    assert found["email.spf.void:acme.test"].status is Status.PASS


def test_missing_and_multiple_records(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "some-verification=1")
    assert results(dns_server)["email.spf.record:acme.test"].status is Status.FAIL
    dns_server.add("acme.test", "TXT", "v=spf1 -all", "v=spf1 mx -all")
    found = results(dns_server)["email.spf.record:acme.test"]
    assert found.status is Status.FAIL and "2 SPF records" in found.message


def test_syntax_error_names_the_term(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 ip4:192.0.2.0/33 -all")
    found = results(dns_server)["email.spf.syntax:acme.test"]
    assert found.status is Status.FAIL and "ip4:192.0.2.0/33" in found.message


def test_too_many_lookups_shows_the_tree(dns_server: SandboxDNS) -> None:
    dns_server.add(
        "acme.test",
        "TXT",
        "v=spf1 include:_spf.google.test include:mailgun.test include:sendgrid.test mx -all",
    )
    dns_server.add("sendgrid.test", "TXT", "v=spf1 a ~all")
    dns_server.add("sendgrid.test", "A", "192.0.2.3")
    dns_server.add(
        "_spf.google.test",
        "TXT",
        "v=spf1 include:a.google.test include:b.google.test include:c.google.test ~all",
    )
    for name in ("a", "b", "c"):
        dns_server.add(f"{name}.google.test", "TXT", "v=spf1 ip4:192.0.2.0/24 ~all")
    dns_server.add("mailgun.test", "TXT", "v=spf1 a a:x.mailgun.test mx exists:y.mailgun.test ~all")
    dns_server.add("mailgun.test", "A", "192.0.2.1")
    dns_server.add("mailgun.test", "MX", "10 mailgun.test.")
    dns_server.add("x.mailgun.test", "A", "192.0.2.2")
    dns_server.add("y.mailgun.test", "A", "127.0.0.2")
    dns_server.add("acme.test", "MX", "10 mailgun.test.")
    found = results(dns_server)["email.spf.lookups:acme.test"]
    assert found.status is Status.FAIL
    assert found.message.startswith("SPF for acme.test needs 12 DNS lookups (limit 10): ")
    assert (
        "include:_spf.google.test (4)" in found.message
        and "include:mailgun.test (5)" in found.message
    )
    assert "include:sendgrid.test (2), mx (1) — flatten or drop a sender" in found.message
    assert any("include:a.google.test" in line for line in found.details)
    assert found.data["tree"]["children"][0]["domain"] == "_spf.google.test"


def test_void_lookups(dns_server: SandboxDNS) -> None:
    dns_server.add(
        "acme.test", "TXT", "v=spf1 a:gone1.acme.test a:gone2.acme.test mx:gone3.acme.test -all"
    )
    found = results(dns_server)["email.spf.void:acme.test"]
    assert found.status is Status.FAIL and "3 void lookups" in found.message


def test_all_qualifiers(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 +all")
    plus = results(dns_server)["email.spf.all:acme.test"]
    assert plus.status is Status.FAIL and plus.severity is Severity.CRITICAL
    dns_server.set("acme.test", "TXT", "v=spf1 ip4:192.0.2.1 ~all")
    assert results(dns_server)["email.spf.all:acme.test"].status is Status.FAIL
    assert (
        results(dns_server, "email: {spf: {all: softfail}}")["email.spf.all:acme.test"].status
        is Status.PASS
    )
    dns_server.set("acme.test", "TXT", "v=spf1 ip4:192.0.2.1")
    assert "no final" in results(dns_server)["email.spf.all:acme.test"].message
    dns_server.set("acme.test", "TXT", "v=spf1 redirect=_spf.acme.test")
    dns_server.add("_spf.acme.test", "TXT", "v=spf1 ip4:192.0.2.1 -all")
    redirected = results(dns_server)["email.spf.all:acme.test"]
    assert redirected.status is Status.PASS and "redirect=" in redirected.message


def test_ptr_warns_and_missing_include_fails(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 ptr include:sendgrid.test -all")
    found = results(dns_server)
    assert found["email.spf.ptr:acme.test"].status is Status.WARN
    include = found["email.spf.include:sendgrid.test"]
    assert include.status is Status.FAIL and "does not exist (NXDOMAIN)" in include.message
    dns_server.add("sendgrid.test", "TXT", "sendgrid-verification=1")
    include = results(dns_server)["email.spf.include:sendgrid.test"]
    assert include.status is Status.FAIL and "has no SPF record" in include.message


def test_senders_must_be_approved(dns_server: SandboxDNS) -> None:
    dns_server.add(
        "acme.test",
        "TXT",
        "v=spf1 include:_spf.google.test ip4:192.0.2.0/24 include:newvendor.test -all",
    )
    for name in ("_spf.google.test", "newvendor.test"):
        dns_server.add(name, "TXT", "v=spf1 -all")
    body = 'email: {spf: {senders: ["include:_spf.google.test", "+ip4:192.0.2.0/24"]}}'
    found = results(dns_server, body)["email.spf.senders:acme.test"]
    assert found.status is Status.FAIL and found.data["unknown"] == ["include:newvendor.test"]
    body = 'email: {spf: {senders: ["include:_spf.google.test", "ip4:192.0.2.0/24", "include:newvendor.test"]}}'
    assert results(dns_server, body)["email.spf.senders:acme.test"].status is Status.PASS


def test_authorize_runs_check_host(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 include:_spf.mail.test -all")
    dns_server.add("_spf.mail.test", "TXT", "v=spf1 ip4:192.0.2.0/28 -all")
    found = results(dns_server, "email: {spf: {authorize: [192.0.2.5, 192.0.2.99]}}")
    assert found["email.spf.authorize:192.0.2.5"].status is Status.PASS
    refused = found["email.spf.authorize:192.0.2.99"]
    assert (
        refused.status is Status.FAIL
        and "fail" in refused.message
        and "ip4:192.0.2.99" in refused.remediation
    )


def test_authorize_on_a_broken_record_points_at_the_record(dns_server: SandboxDNS) -> None:
    """Two SPF records give permerror: the fix is the record, not adding the IP."""
    dns_server.add("acme.test", "TXT", "v=spf1 ip4:192.0.2.0/24 -all", "v=spf1 mx -all")
    refused = results(dns_server, "email: {spf: {authorize: [192.0.2.5]}}")
    found = refused["email.spf.authorize:192.0.2.5"]
    assert found.status is Status.FAIL and "permerror" in found.message
    assert found.remediation and "broken for every receiver" in found.remediation
    assert "ip4:192.0.2.5" not in found.remediation


def test_dns_failures_are_errors(dns_server: SandboxDNS) -> None:
    dns_server.behave("acme.test", "TXT", servfail=True)
    found = results(dns_server, "email: {spf: {authorize: [192.0.2.5]}}")
    assert found["email.spf.record:acme.test"].status is Status.ERROR
    assert found["email.spf.authorize:192.0.2.5"].status is Status.ERROR
    assert "email.spf.lookups:acme.test" not in found


def test_silent_server_is_error_never_missing(dns_server: SandboxDNS) -> None:
    dns_server.behave(silent=True)
    found = results(
        dns_server,
        "email: {spf: {authorize: [192.0.2.5]}, mx: true, dmarc: {}, dkim: {selectors: [s1]}}",
        "300ms",
    )
    problems = {cid: r.status for cid, r in found.items() if r.status is not Status.ERROR}
    assert problems == {}


def test_truncated_spf_answer(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 ip4:192.0.2.1 -all")
    dns_server.behave("acme.test", "TXT", truncate=True)
    assert results(dns_server)["email.spf.record:acme.test"].status is Status.PASS
    assert dns_server.transports["tcp"] >= 1


def test_unanswered_include_makes_counts_errors(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 include:_spf.slow.test a:host.slow.test -all")
    dns_server.behave("_spf.slow.test", servfail=True)
    dns_server.behave("host.slow.test", servfail=True)
    found = results(dns_server)
    assert found["email.spf.record:acme.test"].status is Status.PASS
    assert found["email.spf.lookups:acme.test"].status is Status.ERROR
    assert found["email.spf.void:acme.test"].status is Status.ERROR
    assert found["email.spf.include:_spf.slow.test"].status is Status.ERROR


def test_misspelt_mechanism_names_the_fix(dns_server: SandboxDNS) -> None:
    dns_server.add("acme.test", "TXT", "v=spf1 ip4:192.0.2.0/24 inlcude:_spf.mail.test -all")
    found = results(dns_server)["email.spf.syntax:acme.test"]
    assert found.status is Status.FAIL
    assert found.message.count("inlcude:_spf.mail.test") == 1, found.message
    assert found.remediation and "did you mean include:_spf.mail.test?" in found.remediation
