"""Verdicts on synthetic samples: budget, errors, regression and the baseline file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from launchgate.checks.performance import baseline as store
from launchgate.checks.performance.judge import (
    errors_result,
    latency_result,
    regression_limit_ms,
    regression_result,
)
from launchgate.checks.performance.measure import Measurement
from launchgate.core.model import Status
from launchgate.net.timed import Phases, Sample

URL = "https://api.acme.test/products"


def ok(ms: float, tls_ms: float = 0.0) -> Sample:
    return Sample(
        total=ms / 1000,
        ttfb=ms / 1000,
        status=200,
        phases=Phases(tls=tls_ms / 1000),
        new_connection=tls_ms > 0,
    )


def failed(kind: str, message: str, status: int | None = None) -> Sample:
    return Sample(total=0.001, status=status, error=message, kind=kind)


def measurement(samples: list[Sample]) -> Measurement:
    return Measurement(samples=tuple(samples), planned=len(samples))


def test_budget_passes_at_the_limit_and_fails_above() -> None:
    samples = [ok(float(v)) for v in range(10, 210, 10)]  # 10..200 ms, p95 = 190 ms
    passing = latency_result(URL, measurement(samples), 190.0, "reuse")
    assert passing.status is Status.PASS
    assert passing.check_id == f"performance.latency:{URL}"
    assert passing.data["p95_ms"] == 190.0
    assert passing.data["samples_ms"][:2] == [10.0, 20.0]
    assert "budget 190 ms" in passing.data["console"]
    assert "```mermaid" in passing.data["markdown"]
    failing = latency_result(URL, measurement(samples), 150.0, "reuse")
    assert failing.status is Status.FAIL
    assert "p95 190 ms is over the 150 ms budget" in failing.message
    assert any(d.startswith("slowest: 200 ms, 190 ms, 180 ms") for d in failing.details)
    assert "server takes most of the time" in failing.remediation


def test_handshake_heavy_requests_get_a_connection_remediation() -> None:
    samples = [ok(100.0, tls_ms=80.0) for _ in range(20)]
    failing = latency_result(URL, measurement(samples), 50.0, "fresh")
    assert failing.data["tls_ms_p50"] == 80.0
    assert failing.data["new_connections"] == 20
    assert "Connection setup" in failing.remediation


def test_nothing_answered_is_an_error_not_a_pass() -> None:
    samples = [failed("connect", "cannot connect to port 443 (Connection refused)")] * 3
    result = latency_result(URL, measurement(samples), 300.0, "reuse")
    assert result.status is Status.ERROR
    assert "Connection refused" in result.message


def test_error_count_against_max_errors() -> None:
    samples = [ok(10.0)] * 17 + [
        failed("status", "HTTP 500 Internal Server Error (expected 200)", 500)
    ] * 3
    m = measurement(samples)
    assert errors_result(URL, m, 0).status is Status.FAIL
    assert "3 of 20 requests" in errors_result(URL, m, 0).message
    assert "3× HTTP 500" in errors_result(URL, m, 2).details[0]
    assert errors_result(URL, m, 3).status is Status.PASS
    assert errors_result(URL, measurement([ok(10.0)] * 5), 0).data["errors"] == 0


def test_timed_out_requests_count_in_latency() -> None:
    samples = [ok(10.0)] * 19 + [Sample(total=2.0, error="no answer", kind="timeout")]
    result = latency_result(URL, measurement(samples), 100.0, "reuse")
    assert result.data["max_ms"] == 2000.0
    assert any("timed out" in d for d in result.details)


def test_regression_shows_both_numbers() -> None:
    failing = regression_result(URL, 243.0, 150.0, 0.25)
    assert failing.status is Status.FAIL
    assert failing.check_id == f"performance.regression:{URL}"
    assert "243 ms now, 150 ms in the baseline" in failing.message
    assert failing.data["baseline_p95_ms"] == 150.0
    assert regression_result(URL, 180.0, 150.0, 0.25).status is Status.PASS
    assert regression_result(URL, 190.0, 150.0, None).status is Status.FAIL  # default 25%


def test_tiny_figures_need_more_than_jitter_to_regress() -> None:
    assert regression_limit_ms(2.0, 0.25) == 7.0
    assert regression_result(URL, 6.0, 2.0, 0.25).status is Status.PASS
    assert regression_result(URL, 8.0, 2.0, 0.25).status is Status.FAIL


def test_baseline_round_trip_is_stable(tmp_path: Path) -> None:
    path = tmp_path / ".launchgate" / "baseline.json"
    figures = {"p95_ms": 120.5, "p50_ms": 80.0, "samples": 20, "errors": 0, "console": "x"}
    entry = store.entry(figures, {"connections": "reuse", "concurrency": 1})
    assert "console" not in entry
    first = store.merged(
        None, {URL: entry, "https://b.test/": entry}, keep=[URL, "https://b.test/"]
    )
    store.save(path, first)
    loaded = store.load(path)
    assert loaded == first
    assert loaded is not None and loaded.p95_ms(URL) == 120.5
    text = path.read_text()
    assert text == first.to_json() and text.endswith("}\n")
    assert list(json.loads(text)["endpoints"]) == sorted([URL, "https://b.test/"])
    pruned = store.merged(loaded, {}, keep=[URL])
    assert list(pruned.endpoints) == [URL]


def test_missing_and_broken_baselines(tmp_path: Path) -> None:
    assert store.load(tmp_path / "none.json") is None
    (tmp_path / "bad.json").write_text("{\n  'x': 1\n}")
    with pytest.raises(store.BaselineError, match="line 2"):
        store.load(tmp_path / "bad.json")
    with pytest.raises(store.BaselineError, match="endpoints"):
        store.parse("[]")


def test_figures_that_round_alike_keep_a_decimal() -> None:
    samples = [ok(300.4)] * 20
    result = latency_result(URL, measurement(samples), 300.0, "reuse")
    assert result.status is Status.FAIL
    assert result.message.startswith("p95 300.4 ms is over the 300.0 ms budget")
