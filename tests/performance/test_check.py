"""The performance family end to end through plan() and RunContext (no CLI)."""

from __future__ import annotations

import json

from launchgate.checks import performance
from launchgate.core.model import Result, Status
from launchgate.core.rules import RunContext
from launchgate.sandbox.web_server import Route, WebServer
from tests.performance.conftest import MakeContext
from tests.performance.server import PerfServer


def run_all(ctx: RunContext) -> dict[str, Result]:
    checks = performance.plan(ctx.config)
    assert all(c.phase == "performance" for c in checks)
    results = [r for check in checks for r in check.run(ctx)]
    by_id = {r.check_id: r for r in results}
    assert len(by_id) == len(results), "check ids must be unique"
    rule_ids = {rule.id for rule in performance.RULES}
    assert {r.rule_id for r in results} <= rule_ids
    return by_id


def endpoints_yaml(server: PerfServer, budget: str, extra: str = "") -> str:
    return (
        "  samples: 8\n  warmup: 1\n"
        f"  endpoints:\n    - {{url: '{server.url('/api')}', p95: {budget}}}\n{extra}"
    )


def test_plan_sets_generous_timeouts(make_ctx: MakeContext, perf_https: PerfServer) -> None:
    ctx = make_ctx(endpoints_yaml(perf_https, "300ms") + "  concurrency: 2\n", timeout="5s")
    check = performance.plan(ctx.config)[0]
    assert check.target == perf_https.url("/api")
    assert check.config_key == "performance.endpoints.0"
    assert check.timeout is not None and check.timeout >= 5 * 5


def test_slow_endpoint_fails_fast_one_passes(make_ctx: MakeContext, perf_https: PerfServer) -> None:
    perf_https.route("/api", delay=0.06)
    url = perf_https.url("/api")
    results = run_all(make_ctx(endpoints_yaml(perf_https, "40ms")))
    latency = results[f"performance.latency:{url}"]
    assert latency.status is Status.FAIL
    assert latency.data["p95_ms"] >= 60 and latency.data["budget_ms"] == 40
    assert latency.data["address"] == f"127.0.0.1:{perf_https.port}"  # the pin was used
    assert len(latency.data["samples_ms"]) == 8
    assert results[f"performance.errors:{url}"].status is Status.PASS
    assert results["performance.baseline"].status is Status.SKIP
    passing = run_all(make_ctx(endpoints_yaml(perf_https, "500ms")))
    assert passing[f"performance.latency:{url}"].status is Status.PASS


def test_errors_fail_unless_allowed(make_ctx: MakeContext, perf_https: PerfServer) -> None:
    perf_https.route("/api", status=503, body=b"down")
    url = perf_https.url("/api")
    results = run_all(make_ctx(endpoints_yaml(perf_https, "1s")))
    assert results[f"performance.latency:{url}"].status is Status.ERROR  # no success to time
    failing = results[f"performance.errors:{url}"]
    assert failing.status is Status.FAIL
    assert failing.data["errors"] == 8
    assert "HTTP 503" in failing.message
    allowed = run_all(make_ctx(endpoints_yaml(perf_https, "1s", "  max_errors: 8\n")))
    assert allowed[f"performance.errors:{url}"].status is Status.PASS


def test_baseline_round_trip_then_regression(make_ctx: MakeContext, perf_https: PerfServer) -> None:
    perf_https.route("/api", delay=0.05)
    url = perf_https.url("/api")
    extra = "  baseline: .launchgate/baseline.json\n  max_regression: 25%\n"
    missing = run_all(make_ctx(endpoints_yaml(perf_https, "1s", extra)))
    assert missing["performance.baseline"].status is Status.PASS
    assert "no baseline" in missing["performance.baseline"].message
    assert f"performance.regression:{url}" not in missing

    ctx = make_ctx(endpoints_yaml(perf_https, "1s", extra), update_baseline=True)
    written = run_all(ctx)
    assert written[f"performance.regression:{url}"].status is Status.PASS
    assert "wrote the figures of 1 endpoint" in written["performance.baseline"].message
    saved = json.loads((ctx.base_dir / ".launchgate/baseline.json").read_text())
    assert 50 <= saved["endpoints"][url]["p95_ms"] < 150
    assert saved["endpoints"][url]["connections"] == "reuse"

    same = run_all(make_ctx(endpoints_yaml(perf_https, "1s", extra)))
    assert same[f"performance.regression:{url}"].status is Status.PASS

    perf_https.route("/api", delay=0.15)
    slower = run_all(make_ctx(endpoints_yaml(perf_https, "1s", extra)))
    regression = slower[f"performance.regression:{url}"]
    assert regression.status is Status.FAIL
    assert "in the baseline" in regression.message
    assert regression.data["p95_ms"] > regression.data["baseline_p95_ms"] * 1.25
    assert slower[f"performance.latency:{url}"].status is Status.PASS


def test_broken_baseline_is_an_error(make_ctx: MakeContext, perf_https: PerfServer) -> None:
    perf_https.route("/api")
    ctx = make_ctx(endpoints_yaml(perf_https, "1s", "  baseline: base.json\n"))
    (ctx.base_dir / "base.json").write_text("not json")
    note = run_all(ctx)["performance.baseline"]
    assert note.status is Status.ERROR and note.file == "base.json"


def test_update_without_baseline_key_warns(make_ctx: MakeContext, perf_https: PerfServer) -> None:
    perf_https.route("/api")
    results = run_all(make_ctx(endpoints_yaml(perf_https, "1s"), update_baseline=True))
    assert results["performance.baseline"].status is Status.WARN


def test_fresh_connections_through_the_check(make_ctx: MakeContext, perf_https: PerfServer) -> None:
    perf_https.route("/api")
    url = perf_https.url("/api")
    yaml = endpoints_yaml(perf_https, "1s", "  connections: fresh\n")
    latency = run_all(make_ctx(yaml))[f"performance.latency:{url}"]
    assert latency.data["new_connections"] == 8
    assert latency.data["tls_ms_p50"] > 0
    assert any("fresh" in d for d in latency.details)


def test_server_without_keep_alive_is_pointed_out(
    make_ctx: MakeContext, web_server: WebServer
) -> None:
    web_server.route("perf.test", "/api", Route(body="ok", headers=[("Connection", "close")]))
    url = web_server.url("perf.test", "/api")
    yaml = f"  samples: 4\n  warmup: 1\n  endpoints:\n    - {{url: '{url}', p95: 1s}}\n"
    latency = run_all(make_ctx(yaml))[f"performance.latency:{url}"]
    assert latency.status is Status.PASS
    assert any("no keep-alive" in d for d in latency.details)


def test_basic_auth_password_is_sent_and_registered(
    make_ctx: MakeContext,
    web_server: WebServer,
) -> None:
    web_server.route("perf.test", "/private", Route(body="ok"))
    url = web_server.url("perf.test", "/private").replace("https://", "https://ops:s3cret-pa55@")
    yaml = f"  samples: 2\n  warmup: 0\n  endpoints:\n    - {{url: '{url}', p95: 1s}}\n"
    ctx = make_ctx(yaml)
    results = run_all(ctx)
    assert f"performance.latency:{url.replace(':s3cret-pa55', '')}" in results
    assert not any("s3cret" in r.check_id + r.message for r in results.values())
    [hit, *_] = web_server.hits("perf.test", "/private")
    assert hit.header("Authorization") == "Basic b3BzOnMzY3JldC1wYTU1"
    assert "s3cret-pa55" not in ctx.redactor.scrub(url)
