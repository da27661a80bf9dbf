"""Servers that hang, stream forever or are slow but within budget: bounded time, right verdict."""

from __future__ import annotations

import time

from launchgate.sandbox.web_server import Route, redirect
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome

PRODUCTS = "https://api.shop.test/products"


def _perf(net: Net, p95: str = "300ms") -> Outcome:
    section = {"samples": 6, "warmup": 1, "endpoints": [{"url": PRODUCTS, "p95": p95}]}
    return net.gate({"performance": section}, only=("performance",))


def test_body_that_never_ends_fails_the_latency_check(net: Net) -> None:
    net.web.route("api.shop.test", "/products", Route(behavior="endless"))
    started = time.monotonic()
    outcome = _perf(net)
    assert time.monotonic() - started < 10
    found = outcome.results[f"performance.latency:{PRODUCTS}"]
    assert found["status"] == "fail" and "larger than 4 MB" in found["message"], found
    assert found["data"]["truncated"] == 6


def test_slow_but_in_budget_endpoint_passes(net: Net) -> None:
    net.web.route("api.shop.test", "/products", shop._json([{"sku": "mug"}], delay=0.12))
    outcome = _perf(net, p95="400ms")
    assert outcome.problems() == {}, outcome.problems()


def test_endless_and_huge_bodies_end_within_the_timeout(net: Net) -> None:
    net.web.route("api.shop.test", "/health", Route(behavior="endless"))
    net.web.route("api.shop.test", "/webhooks/stripe", Route(behavior="drip"))
    http = {
        "endpoints": [{"url": "https://api.shop.test/health", "status": 200, "json": {"a": 1}}],
        "webhooks": ["https://api.shop.test/webhooks/stripe"],
    }
    started = time.monotonic()
    outcome = net.gate({"http": http}, only=("http",))
    assert time.monotonic() - started < 8
    assert outcome.status("http.status:https://api.shop.test/health") == "pass"  # it did answer 200
    json_result = outcome.results["http.json:https://api.shop.test/health"]
    assert json_result["status"] == "fail" and "larger than the cap" in json_result["message"]
    webhook = outcome.results["http.webhook:https://api.shop.test/webhooks/stripe"]
    assert webhook["status"] == "fail" and "within 2s" in webhook["message"], webhook


def test_silent_resolver_makes_every_network_check_unverified_not_failed(net: Net) -> None:
    """No pins, a resolver that never answers: "could not verify" everywhere, in bounded time."""
    net.dns.behave("*", "*", silent=True)
    net.hosts = []
    started = time.monotonic()
    outcome = net.gate(shop.config(net))
    assert time.monotonic() - started < 15
    assert outcome.code == 1  # the gate fails closed
    statuses = {r["status"] for r in outcome.results.values()}
    assert statuses <= {"error", "skip"}, outcome.problems("fail", "warn")
    for result in outcome.results.values():
        if result["status"] == "error":
            assert "does not resolve" not in result["message"], result["message"]
            assert (
                "Nothing was judged" in result["remediation"]
                or "reachable" in result["remediation"]
            ), result


def test_tls_host_without_address_fails(net: Net) -> None:
    net.hosts = []
    outcome = net.gate({"tls": {"hosts": ["gone.shop.test"]}}, only=("tls",))
    found = outcome.results["tls.handshake:gone.shop.test"]
    assert found["status"] == "fail" and "does not resolve" in found["message"], found


def test_perf_endpoint_that_redirects_says_to_measure_the_final_url(net: Net) -> None:
    net.web.route("api.shop.test", "/products", redirect("https://api.shop.test/products/"))
    outcome = _perf(net)
    errors = outcome.results[f"performance.errors:{PRODUCTS}"]
    assert errors["status"] == "fail" and "301" in errors["message"]
    latency = outcome.results[f"performance.latency:{PRODUCTS}"]
    assert latency["status"] == "error" and "final URL" in latency["remediation"]
