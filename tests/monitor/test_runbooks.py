"""Runbooks in the handover: built from what the run checked, causes only, dates that matter."""

from __future__ import annotations

from launchgate.core.diagnosis import diagnose
from launchgate.core.model import GateReport, Result, Severity, Status, Summary
from launchgate.report import handover


def _report(*results: Result) -> GateReport:
    summary = Summary(passed=False, fail_on=Severity.HIGH, counts={}, failing=1, duration=1.0)
    return GateReport("shop", tuple(diagnose(results)), summary, "2026-12-04T10:00:00+00:00", "h")


def r(check_id: str, status: Status, message: str, **data: object) -> Result:
    return Result(check_id, check_id, status, Severity.HIGH, message, data=dict(data))


def test_runbooks_name_the_commands_the_checked_targets_the_causes_and_the_dates() -> None:
    report = _report(
        r(
            "dns.resolves:www.shop.example",
            Status.FAIL,
            "www.shop.example does not resolve: it has no A or AAAA record",
        ),
        r("tls.handshake:www.shop.example", Status.FAIL, "www.shop.example does not resolve"),
        r("tls.handshake:shop.example", Status.PASS, "ok", not_after="2027-01-31T00:00:00+00:00"),
        r("email.dkim:google", Status.PASS, "key ok"),
        r("email.mx:shop.example", Status.PASS, "mx ok"),
        r(
            "performance.latency:https://shop.example/",
            Status.FAIL,
            "p95 900 ms is over the 300 ms budget",
        ),
    )
    text = handover.render(report)
    book = text[text.index("## Runbooks") :]
    for title in ("### Site down", "### Email failing", "### Deploy broken", "### Slow app"):
        assert title in book
    assert "Run: `launchgate check --only dns,tls`" in book  # no http section configured
    assert "Run: `launchgate check --only email,dns`" in book
    site = book[book.index("### Site down") : book.index("### Email failing")]
    assert "`www.shop.example`" in site
    assert "- `dns.resolves:www.shop.example`: DNS: www.shop.example does not resolve" in site
    assert "- `tls.handshake:www.shop.example`" not in site  # a consequence, not a second cause
    slow = book[book.index("### Slow app") : book.index("### Dates")]
    assert "performance.latency:https://shop.example/" in slow
    assert "Certificate of shop.example expires 2027-01-31" in book
    assert "DKIM keys (google)" in book
