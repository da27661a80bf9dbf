"""A slow endpoint failing its budget through the real command line, with every report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lxml import etree

from tests.performance.server import PerfServer

ROOT = Path(__file__).resolve().parents[2]


def test_slow_endpoint_fails_the_gate_through_the_cli(
    tmp_path: Path, perf_https: PerfServer, web_ca_pem: Path
) -> None:
    perf_https.route("/products", delay=0.08)
    url = perf_https.url("/products")
    config = tmp_path / "launchgate.yml"
    config.write_text(
        "version: 1\nproject: shop\ntimeout: 2s\n"
        f"network:\n  resolve: {{perf.test: 127.0.0.1}}\n  ca_bundle: {web_ca_pem}\n"
        "performance:\n  samples: 6\n  warmup: 1\n"
        f"  endpoints:\n    - {{url: '{url}', p95: 30ms}}\n"
    )
    reports = {fmt: tmp_path / f"report.{fmt}" for fmt in ("json", "junit", "markdown")}
    done = subprocess.run(
        [sys.executable, "-m", "launchgate", "check", "-c", str(config), "--only", "performance"]
        + [arg for fmt, path in reports.items() for arg in (f"--{fmt}", str(path))]
        + ["--no-color"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "over the 30 ms budget" in done.stdout
    assert "budget 30 ms" in done.stdout  # the one-line histogram under the result

    found = json.loads(reports["json"].read_text())
    [latency] = [r for r in found["results"] if r["id"] == f"performance.latency:{url}"]
    assert latency["status"] == "fail"
    assert latency["data"]["p95_ms"] >= 80 and len(latency["data"]["samples_ms"]) == 6

    junit = etree.parse(str(reports["junit"]))
    names = set(junit.xpath("//property/@name"))
    assert f"performance.latency:{url}.p95_ms" in names

    markdown = reports["markdown"].read_text()
    assert "```mermaid" in markdown and "xychart-beta" in markdown
