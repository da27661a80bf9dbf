"""The example config against a resolver that never answers and servers that accept connections
and never answer: bounded wall time; DNS, email and TLS say "could not verify", never a pass."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from typing import Any

import yaml

from launchgate import gate
from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import BlackHole

EXAMPLE = Path(__file__).parents[2] / "docs" / "launchgate.example.yml"
HOSTS = ["acme.test", "www.acme.test", "app.acme.test", "api.acme.test"]
TIMEOUT = 1.0


def _config(dns: SandboxDNS, hole: BlackHole) -> dict[str, Any]:
    text = EXAMPLE.read_text().replace("${LAUNCHGATE_NS:-1.1.1.1}", dns.address)
    doc: dict[str, Any] = yaml.safe_load(text)
    for section in ("env", "secrets"):
        doc.pop(section)
    doc["performance"].pop("baseline")
    doc["timeout"] = f"{TIMEOUT:g}s"
    pins = {f"{h}:{p}": f"127.0.0.1:{hole.port}" for h in HOSTS for p in (80, 443)}
    doc["network"]["resolve"] = pins
    return doc


def _run(tmp_path: Path, doc: dict[str, Any]) -> tuple[float, list[dict[str, Any]]]:
    config = tmp_path / "launchgate.yml"
    config.write_text(yaml.safe_dump(doc))
    options = gate.GateOptions(config=config, reports={"json": tmp_path / "out.json"}, color=False)
    started = time.monotonic()
    code = gate.run(options, environ={}, out=io.StringIO(), err=io.StringIO())
    wall = time.monotonic() - started
    assert code == 1
    return wall, json.loads((tmp_path / "out.json").read_text())["results"]


def test_everything_black_holed_ends_in_bounded_time_unverified(tmp_path: Path) -> None:
    dns = SandboxDNS().start()
    dns.behave("*", "*", silent=True)
    hole = BlackHole()
    try:
        wall, results = _run(tmp_path, _config(dns, hole))
    finally:
        hole.stop()
        dns.stop()
    # Measured ~9 timeouts: 3 waves of the runner's 16 parallel checks, then 2 performance
    # endpoints of 3 unanswered requests each.
    assert wall < 14 * TIMEOUT + 4, wall
    assert not [r["id"] for r in results if r["status"] == "pass"]
    by_area: dict[str, list[dict[str, Any]]] = {}
    for r in results:
        by_area.setdefault(r["id"].split(".")[0], []).append(r)
    for area in ("dns", "email", "tls"):
        assert by_area[area], area
        for r in by_area[area]:
            assert r["status"] == "error", r
            assert "could not" in r["message"].lower(), r["message"]
    for r in by_area["http"]:  # accepted, then silent: a finding (docs/http.md)
        assert "no complete answer within 1s" in r["message"], r["message"]
    latency = [r for r in by_area["performance"] if r["id"].startswith("performance.latency")]
    assert len(latency) == 2 and {r["status"] for r in latency} == {"error"}
