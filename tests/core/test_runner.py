from __future__ import annotations

import time
from pathlib import Path

import pytest

from launchgate.checks import registry
from launchgate.config.load import parse_config
from launchgate.core.model import Severity, Status
from launchgate.core.rules import RunContext
from launchgate.core.runner import finalize, matches, run_gate
from tests.core.helpers import RULE, FakeFamily, failing, passing, raising, sleeping


def _run(monkeypatch: pytest.MonkeyPatch, family: FakeFamily, yaml: str = "version: 1\n"):
    monkeypatch.setitem(registry.FAMILIES, "dns", family)
    config = parse_config(yaml, {}, "launchgate.yml")
    ctx = RunContext(config=config, base_dir=Path("."), environ={})
    return run_gate(config, ctx, ["dns"], registry.FAMILIES)


def test_a_check_that_raises_becomes_an_error_and_others_still_run(monkeypatch) -> None:
    report = _run(monkeypatch, FakeFamily({"a": raising, "b": passing("b")}))
    by_id = {r.check_id: r for r in report.results}
    assert by_id["dns.fake:a"].status is Status.ERROR
    assert "RuntimeError" in by_id["dns.fake:a"].message
    assert by_id["dns.fake:b"].status is Status.PASS
    assert not report.summary.passed  # fails closed: an error counts like a failure


def test_a_check_that_hangs_times_out_as_an_error(monkeypatch) -> None:
    family = FakeFamily({"slow": sleeping(30, "slow"), "ok": passing("ok")}, timeouts={"slow": 0.3})
    start = time.monotonic()
    report = _run(monkeypatch, family)
    assert time.monotonic() - start < 5
    slow = next(r for r in report.results if r.check_id == "dns.fake:slow")
    assert slow.status is Status.ERROR and "0.3s timeout" in slow.message


def test_checks_run_concurrently(monkeypatch) -> None:
    family = FakeFamily({f"t{i}": sleeping(0.4, f"t{i}") for i in range(8)})
    start = time.monotonic()
    report = _run(monkeypatch, family)
    elapsed = time.monotonic() - start
    assert all(r.status is Status.PASS for r in report.results)
    assert elapsed < 1.6, f"8 checks of 0.4s took {elapsed:.2f}s: not concurrent"
    assert report.area_durations["dns"] < 1.6


def test_performance_phase_runs_after_the_others_and_alone(monkeypatch) -> None:
    order: list[str] = []

    def record(name: str, seconds: float):
        def run(ctx):
            order.append(f"start {name}")
            time.sleep(seconds)
            order.append(f"end {name}")
            yield RULE.passed("ok", name)

        return run

    family = FakeFamily(
        {"main": record("main", 0.2), "p1": record("p1", 0.05), "p2": record("p2", 0.05)},
        phases={"p1": "performance", "p2": "performance"},
    )
    _run(monkeypatch, family)
    assert order[:2] == ["start main", "end main"]
    assert order[2:] in (
        ["start p1", "end p1", "start p2", "end p2"],
        ["start p2", "end p2", "start p1", "end p1"],
    )


def test_failure_below_fail_on_is_a_warning(monkeypatch) -> None:
    report = _run(monkeypatch, FakeFamily({"x": failing("x", Severity.MEDIUM)}))
    assert report.results[0].status is Status.WARN
    assert report.summary.passed


def test_severity_override_and_ignore_by_glob(monkeypatch) -> None:
    yaml = "version: 1\nseverity:\n  dns.fake: low\nignore: ['dns.fake:gone*']\n"
    family = FakeFamily({"a": failing("a"), "gone1": failing("gone1")})
    report = _run(monkeypatch, family, yaml)
    assert [r.check_id for r in report.results] == ["dns.fake:a"]
    assert report.results[0].severity is Severity.LOW
    assert report.results[0].status is Status.WARN


def test_results_without_a_file_point_at_their_config_line(monkeypatch) -> None:
    report = _run(monkeypatch, FakeFamily({"a": failing("a")}), "version: 1\nproject: p\ndns: {}\n")
    assert report.results[0].file == "launchgate.yml"
    assert report.results[0].line == 3


def test_duplicate_ids_are_made_unique() -> None:
    config = parse_config("version: 1\n", {})
    results = [RULE.fail("x", "a"), RULE.fail("y", "a")]
    assert [r.check_id for r in finalize(results, config, {})] == ["dns.fake:a", "dns.fake:a#2"]


def test_glob_matching_covers_ids_with_and_without_targets() -> None:
    assert matches("dns.caa:acme.test", "dns.caa")
    assert matches("http.headers.csp:https://x/", "http.headers.csp:*")
    assert not matches("dns.caa:acme.test", "dns.ca")
