"""``tls:`` keys: hosts, min_days (warning under twice), min_version, and testssl.sh-like
certificate findings (not yet valid, short RSA key, SHA-1 signature)."""

from __future__ import annotations

import ssl
import time

import pytest

from launchgate.sandbox.web_server import BlackHole, WebServer
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome

H = "app.shop.test"


def _tls(net: Net, **tls: object) -> Outcome:
    section = {"hosts": [H], "min_days": 14, "min_version": "TLSv1.2", **tls}
    return net.gate({"tls": section}, only=("tls",))


@pytest.mark.parametrize(("min_days", "status"), [(3, "pass"), (6, "warn"), (14, "fail")])
def test_min_days_against_a_certificate_ten_days_from_expiry(
    net: Net, min_days: int, status: str
) -> None:
    net.web.host(H, cert="soon")
    found = _tls(net, min_days=min_days).results[f"tls.expiry:{H}"]
    assert found["status"] == status, found
    assert found["data"]["not_after"] and 9 <= found["data"]["days_left"] <= 10


@pytest.mark.parametrize(
    ("kind", "check_id"),
    [("not_yet_valid", "tls.not_yet_valid"), ("rsa1024", "tls.key"), ("sha1", "tls.signature")],
)
def test_certificate_findings_testssl_would_flag(net: Net, kind: str, check_id: str) -> None:
    assert _tls(net).status(f"{check_id}:{H}") == "pass"
    net.web.host(H, cert=kind)
    outcome = _tls(net)
    assert outcome.status(f"{check_id}:{H}") == "fail", outcome.problems()


def _serve(net: Net, low: ssl.TLSVersion, high: ssl.TLSVersion) -> None:
    net.web.stop()
    net.web = WebServer(net.web.ca, tls_versions=(low, high)).start()
    shop.configure(net.web)


def test_min_version_older_protocols_must_be_refused(net: Net) -> None:
    _serve(net, ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_3)
    ok = _tls(net, min_version="TLSv1.2")
    assert ok.status(f"tls.protocol:{H}") == "pass"
    assert "TLSv1.1" in ok.results[f"tls.protocol:{H}"]["message"]
    found = _tls(net, min_version="TLSv1.3").results[f"tls.protocol:{H}"]
    assert found["status"] == "fail" and "TLSv1.2" in found["message"], found


def test_handshake_reports_protocol_issuer_and_expiry(net: Net) -> None:
    found = _tls(net).results[f"tls.handshake:{H}"]
    assert found["status"] == "pass" and "TLSv1.3" in found["message"]
    assert found["data"]["issuer"] and found["data"]["not_after"]


def test_https_hosts_named_elsewhere_are_checked_too(net: Net) -> None:
    net.web.host("api.shop.test", cert="expired")
    sections = {"tls": {"hosts": [H]}, "http": {"webhooks": ["https://api.shop.test/hook"]}}
    outcome = net.gate(sections, only=("tls",))
    assert outcome.status("tls.expiry:api.shop.test") == "fail"


def test_a_server_that_never_answers_the_handshake_is_unverified(net: Net) -> None:
    hole = BlackHole()
    try:
        net.hosts = []
        pins = {f"{H}:443": f"127.0.0.1:{hole.port}"}
        started = time.monotonic()
        outcome = net.gate({"network": {**net.network(), "resolve": pins},
                            "tls": {"hosts": [H]}}, only=("tls",), timeout="1s")  # fmt: skip
        assert time.monotonic() - started < 10
    finally:
        hole.stop()
    assert outcome.status(f"tls.handshake:{H}") == "error"
    protocol = outcome.results.get(f"tls.protocol:{H}")
    assert protocol is None or protocol["status"] == "error", protocol  # never "refused"


def test_a_legacy_probe_that_times_out_is_not_counted_as_refused() -> None:
    from launchgate.checks.tls.facts import PROBE_TIMED_OUT, ProbeResult
    from launchgate.checks.tls.judge import judge_protocols

    probes = (ProbeResult("TLSv1", False, "alert"), ProbeResult("TLSv1.1", None, PROBE_TIMED_OUT))
    verdict = judge_protocols(probes, "TLSv1.2")
    assert verdict.status == "error" and "TLSv1.1" in verdict.message
    accepted = (ProbeResult("TLSv1", True), ProbeResult("TLSv1.1", None, PROBE_TIMED_OUT))
    assert judge_protocols(accepted, "TLSv1.2").status == "fail"
