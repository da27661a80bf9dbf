"""Every key of ``performance:`` does what the example config says, through the real gate."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from launchgate.checks.performance.baseline import FORMAT_VERSION
from launchgate.checks.performance.judge import latency_result
from launchgate.checks.performance.measure import Measurement
from launchgate.core.model import Status
from launchgate.net.timed import Sample
from launchgate.sandbox.web_server import Request, Route
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome

P = "https://api.shop.test/products"
PATH = "/products"


def _perf(net: Net, endpoints: list[dict[str, Any]] | None = None, **keys: Any) -> Outcome:
    section = {"samples": 6, "warmup": 2, "endpoints": endpoints or [{"url": P, "p95": "300ms"}]}
    return net.gate({"performance": {**section, **keys}}, only=("performance",))


def test_samples_and_warmup_are_what_the_server_sees(net: Net) -> None:
    outcome = _perf(net, samples=7, warmup=3)
    assert len(net.web.hits("api.shop.test", PATH)) == 10
    found = outcome.results[f"performance.latency:{P}"]
    assert found["data"]["samples"] == 7 and len(found["data"]["samples_ms"]) == 7


def test_concurrency_runs_workers_in_parallel(net: Net) -> None:
    lock, state = threading.Lock(), {"now": 0, "peak": 0}

    def handler(_req: Request) -> Route:
        with lock:
            state["now"] += 1
            state["peak"] = max(state["peak"], state["now"])
        time.sleep(0.04)
        with lock:
            state["now"] -= 1
        return Route(body="[]", headers=[("Content-Type", "application/json")])

    net.web.route("api.shop.test", PATH, Route(handler=handler))
    _perf(net, samples=8, warmup=0, concurrency=1)
    assert state["peak"] == 1
    _perf(net, samples=8, warmup=0, concurrency=4)
    assert state["peak"] >= 3


def test_p95_budget_passes_and_fails(net: Net) -> None:
    assert _perf(net).status(f"performance.latency:{P}") == "pass"  # ~30 ms
    slow = _perf(net, [{"url": P, "p95": "10ms"}]).results[f"performance.latency:{P}"]
    assert slow["status"] == "fail" and "over the 10 ms budget" in slow["message"]


def test_budget_is_at_most_not_strictly_less_than_k6() -> None:
    """``p95: 300ms`` means p95 ≤ 300 ms; k6's ``p(95)<300`` would fail at exactly 300 ms."""
    samples = tuple(Sample(total=v / 1000, ttfb=v / 1000, status=200) for v in [300.0] * 20)
    m = Measurement(samples=samples, planned=20)
    assert latency_result(P, m, 300.0, "reuse").status is Status.PASS
    assert latency_result(P, m, 299.9, "reuse").status is Status.FAIL


def test_baseline_and_max_regression(net: Net) -> None:
    baseline = net.workdir / "baseline.json"
    keys: dict[str, Any] = {"baseline": str(baseline), "max_regression": "25%"}
    missing = _perf(net, **keys)
    assert missing.status("performance.baseline") == "pass"
    assert missing.problems() == {}, missing.problems()
    _write_baseline(baseline, 250.0)  # now ~30 ms: faster than before
    faster = _perf(net, **keys).results[f"performance.regression:{P}"]
    assert faster["status"] == "pass", faster
    _write_baseline(baseline, 5.0)  # the endpoint "used to" take 5 ms
    found = _perf(net, **keys).results[f"performance.regression:{P}"]
    assert found["status"] == "fail" and "5.0 ms in the baseline" in found["message"], found
    lax = _perf(net, **{**keys, "max_regression": "2000%"})
    assert lax.status(f"performance.regression:{P}") == "pass"


def _write_baseline(path: Path, p95: float) -> None:
    entry = {"p95_ms": p95, "samples": 6, "connections": "reuse", "concurrency": 1}
    path.write_text(json.dumps({"version": FORMAT_VERSION, "endpoints": {P: entry}}))


def test_max_errors_allows_that_many_failed_requests(net: Net) -> None:
    count = {"n": 0}

    def flaky(_req: Request) -> Route:
        count["n"] += 1
        return Route(status=503 if count["n"] % 4 == 0 else 200, body="[]")

    net.web.route("api.shop.test", PATH, Route(handler=flaky))
    strict = _perf(net, samples=8, warmup=0)
    found = strict.results[f"performance.errors:{P}"]
    assert found["status"] == "fail" and "503" in str(found["details"]), found
    count["n"] = 0
    assert _perf(net, samples=8, warmup=0, max_errors=2).status(f"performance.errors:{P}") == "pass"


def test_connections_fresh_shows_the_handshake(net: Net) -> None:
    reuse = _perf(net, samples=6, warmup=1).results[f"performance.latency:{P}"]
    assert reuse["data"]["new_connections"] == 0 and reuse["data"]["tls_ms_p50"] == 0, reuse
    fresh = _perf(net, samples=6, warmup=1, connections="fresh")
    found = fresh.results[f"performance.latency:{P}"]
    assert found["data"]["new_connections"] == 6 and found["data"]["tls_ms_p50"] > 0
    assert "TLS handshake counted" in str(found["details"])


def test_a_server_without_keep_alive_is_pointed_out(net: Net) -> None:
    closing = shop._json([{"sku": "mug"}])
    closing.headers.append(("Connection", "close"))
    net.web.route("api.shop.test", PATH, Route(handler=lambda _r: closing))
    reuse = _perf(net, samples=6, warmup=1).results[f"performance.latency:{P}"]
    assert "no keep-alive" in str(reuse["details"]), reuse


def test_slow_endpoint_over_budget_fails_the_gate(net: Net) -> None:
    net.web.route("api.shop.test", PATH, shop._json([], delay=0.08))
    outcome = _perf(net, [{"url": P, "p95": "50ms"}], samples=4, warmup=0)
    assert outcome.code == 1 and outcome.status(f"performance.latency:{P}") == "fail"
