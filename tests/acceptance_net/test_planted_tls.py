"""Certificates and protocols: planted failures are caught, a soon-but-fine certificate warns."""

from __future__ import annotations

import ssl

import pytest

from launchgate.sandbox.web_server import WebServer
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome

ONE_HOST = {"hosts": ["app.shop.test"], "min_days": 14, "min_version": "TLSv1.2"}


def _tls(net: Net, tls: dict[str, object] = ONE_HOST) -> Outcome:
    return net.gate({"tls": tls}, only=("tls",))


@pytest.mark.parametrize(
    ("kind", "check_id", "words"),
    [
        ("expired", "tls.expiry:app.shop.test", ("expired",)),
        ("wrong_host", "tls.hostname:app.shop.test", ("other.invalid", "not app.shop.test")),
        ("incomplete", "tls.chain:app.shop.test", ("does not verify",)),
        ("soon", "tls.expiry:app.shop.test", ("in 10 days", "minimum 14")),
    ],
)
def test_planted_certificate_failure(
    net: Net, kind: str, check_id: str, words: tuple[str, ...]
) -> None:
    net.web.host("app.shop.test", cert=kind)
    outcome = _tls(net)
    found = outcome.results[check_id]
    assert found["status"] == "fail" and all(w in found["message"] for w in words), found
    assert set(outcome.problems()) == {check_id}
    assert outcome.code == 1


def test_certificate_twenty_days_from_expiry_warns_only(net: Net) -> None:
    net.web.host("app.shop.test", cert="warn")
    outcome = _tls(net)
    assert outcome.problems() == {
        "tls.expiry:app.shop.test": outcome.problems()["tls.expiry:app.shop.test"]
    }
    assert outcome.status("tls.expiry:app.shop.test") == "warn"
    assert outcome.code == 0


def _swap(net: Net, low: ssl.TLSVersion, high: ssl.TLSVersion) -> None:
    net.web.stop()
    net.web = WebServer(net.web.ca, tls_versions=(low, high)).start()
    shop.configure(net.web)


def test_tls10_accepted_fails(net: Net) -> None:
    _swap(net, ssl.TLSVersion.TLSv1, ssl.TLSVersion.MAXIMUM_SUPPORTED)
    outcome = _tls(net)
    found = outcome.results["tls.protocol:app.shop.test"]
    assert found["status"] == "fail" and "TLSv1," in found["message"] + ","
    assert set(outcome.problems()) == {"tls.protocol:app.shop.test"}


def test_tls13_only_server_passes_a_tls12_minimum(net: Net) -> None:
    _swap(net, ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_3)
    outcome = _tls(net)
    assert outcome.problems() == {}
    assert "TLSv1.3" in outcome.results["tls.handshake:app.shop.test"]["message"]
