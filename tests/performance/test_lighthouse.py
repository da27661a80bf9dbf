"""Lighthouse: report parsing, missing tools, and one real audit of a heavy loopback page."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from launchgate.checks import performance
from launchgate.checks.performance.judge import lighthouse_result
from launchgate.checks.performance.lighthouse import (
    Tooling,
    build_command,
    find_tooling,
    parse_report,
)
from launchgate.core.model import Status
from tests.performance.conftest import MakeContext
from tests.performance.server import PerfServer

URL = "https://www.acme.test/"


def lhr(score: float | None, runtime_error: str | None = None) -> dict[str, Any]:
    def opportunity(title: str, ms: float, size: float) -> dict[str, Any]:
        details = {"type": "opportunity", "overallSavingsMs": ms, "overallSavingsBytes": size}
        return {"title": title, "score": 0.3, "details": details}

    return {
        "lighthouseVersion": "12.2.3",
        "finalDisplayedUrl": URL,
        "categories": {"performance": {"score": score}},
        "runtimeError": {"code": "X", "message": runtime_error} if runtime_error else None,
        "audits": {
            "largest-contentful-paint": {"numericValue": 4210.7},
            "cumulative-layout-shift": {"numericValue": 0.1234},
            "a": opportunity("Reduce unused JavaScript", 1200, 300_000),
            "b": opportunity("Serve images in next-gen formats", 2400, 900_000),
            "c": opportunity("Minify CSS", 0, 0),
            "d": opportunity("Enable text compression", 300, 40_000),
            "e": opportunity("Preconnect to required origins", 150, 0),
            "f": {"title": "Not an opportunity", "details": {"type": "table"}},
        },
    }


def test_parse_report_orders_opportunities_by_savings() -> None:
    report = parse_report(lhr(0.42))
    assert report.score == 42
    assert report.metrics == {"lcp_ms": 4211.0, "cls": 0.123}
    titles = [o.title for o in report.opportunities]
    assert titles == [
        "Serve images in next-gen formats",
        "Reduce unused JavaScript",
        "Enable text compression",
        "Preconnect to required origins",
    ]


def test_score_below_minimum_fails_with_three_opportunities() -> None:
    result = lighthouse_result(URL, parse_report(lhr(0.42)), 85, "mobile")
    assert result.status is Status.FAIL
    assert result.check_id == f"performance.lighthouse:{URL}"
    assert "score 42 (mobile) is below the minimum 85" in result.message
    assert result.remediation.startswith("Heaviest opportunities first: 1. Serve images")
    assert "3. Enable text compression" in result.remediation
    assert "Preconnect" not in result.remediation
    assert result.data["score"] == 42 and len(result.data["opportunities"]) == 3


def test_passing_score_and_unscored_page() -> None:
    assert lighthouse_result(URL, parse_report(lhr(0.9)), 85, "desktop").status is Status.PASS
    broken = lighthouse_result(URL, parse_report(lhr(None, "NO_FCP")), 85, "mobile")
    assert broken.status is Status.ERROR and "NO_FCP" in broken.message


def test_command_line() -> None:
    tooling = Tooling(("lighthouse",), "/usr/bin/chromium")
    desktop = build_command(tooling, URL, "desktop", pins={"www.acme.test": "127.0.0.1"})
    assert "--preset=desktop" in desktop and "--output-path=stdout" in desktop
    flags = desktop[-1]
    assert flags.startswith("--chrome-flags=--headless=new")
    assert '--host-resolver-rules="MAP www.acme.test 127.0.0.1"' in flags
    assert "--ignore-certificate-errors" not in flags
    assert "--form-factor=mobile" in build_command(tooling, URL, "mobile")


def test_missing_lighthouse_is_an_error_saying_how_to_install(
    make_ctx: MakeContext, tmp_path: Path
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    assert "npm install -g lighthouse" in str(find_tooling({"PATH": str(empty)}, tmp_path))
    ctx = make_ctx(f"  lighthouse: {{url: '{URL}'}}\n")
    ctx.environ = {"PATH": str(empty)}
    [check] = performance.plan(ctx.config)
    [result] = check.run(ctx)
    assert result.status is Status.ERROR
    assert "lighthouse and Chrome/Chromium not found" in result.message
    assert "apt-get install -y chromium" in result.message


def heavy_page(server: PerfServer) -> None:
    functions = "".join(
        f"function unused_{i}(a, b) {{\n    var total = 0;\n"
        f"    for (var k = 0; k < a; k++) {{ total += b * k; }}\n    return total;\n}}\n"
        for i in range(4000)
    )
    script = f"/* not minified */\n{functions}var end = Date.now() + 1500; while (Date.now() < end) {{}}\n"
    html = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Heavy</title>'
        '<meta name="viewport" content="width=device-width"><script src="/app.js"></script>'
        "</head><body><h1>Heavy page</h1></body></html>"
    )
    server.route("/", body=html.encode(), content_type="text/html")
    server.route("/app.js", body=script.encode(), content_type="application/javascript")


def test_real_audit_of_a_heavy_page(make_ctx: MakeContext, perf_http: PerfServer) -> None:
    """Needs `lighthouse` (npm) and Chromium (Debian) installed, as CI does."""
    heavy_page(perf_http)
    url = perf_http.url("/")  # http://perf.test:PORT/, pinned to 127.0.0.1 for Chrome too
    ctx = make_ctx(f"  lighthouse: {{url: '{url}', min_score: 90}}\n")
    ctx.environ = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME")}
    [check] = performance.plan(ctx.config)
    [result] = check.run(ctx)
    assert result.status is Status.FAIL, result.message
    assert result.data["score"] < 90
    assert result.data["lcp_ms"] > 1000
    assert "Reduce unused JavaScript" in result.remediation
    assert len(result.data["opportunities"]) == 3


def test_close_failing_scores_are_audited_again_and_the_median_kept() -> None:
    from launchgate.checks.performance.lighthouse import median_report, needs_another_run

    def report(score: int | None) -> Any:
        return parse_report(lhr(None if score is None else score / 100))

    assert needs_another_run([], 85)
    assert not needs_another_run([report(90)], 85)
    assert not needs_another_run([report(40)], 85)  # far below: no doubt
    assert needs_another_run([report(80)], 85)
    assert needs_another_run([report(80), report(88)], 85)
    assert not needs_another_run([report(80), report(88), report(82)], 85)
    assert not needs_another_run([report(None)], 85)
    assert median_report([report(80), report(88), report(84)]).score == 84
    result = lighthouse_result(URL, report(84), 85, "mobile", [80, 88, 84])
    assert result.details[0] == "median of 3 runs: scores 80, 88, 84"
