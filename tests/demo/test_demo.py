"""The README's first command: the sandboxed shop, gated end to end, with its planted failures."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from lxml import etree

from launchgate.cli import main
from launchgate.demo import REPORTS, run_demo
from tests.junit_schema import junit_schema

VECTORS = Path(__file__).resolve().parents[1] / "data"
PLANTED = {
    "secrets.env_value_in_artifact:dist/assets/app.js:1",
    "email.dmarc.rua:acme.test",
    "email.spf.lookups:acme.test",
    "http.canonical:http://acme.test",
    "performance.latency:https://api.acme.test/products",
    "tls.expiry:app.acme.test",
}


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    output = tmp_path_factory.mktemp("demo") / "launchgate-demo"
    out = io.StringIO()
    code = run_demo(output, out=out)
    return code, out.getvalue(), output


def test_demo_fails_exactly_on_the_planted_problems(demo_run) -> None:
    code, _, output = demo_run
    assert code == 1
    doc = json.loads((output / "launchgate.json").read_text())
    blocking = {
        r["id"]
        for r in doc["results"]
        if r["status"] in ("fail", "error") and r["severity"] in ("critical", "high")
    }
    assert blocking == PLANTED
    statuses = {r["status"] for r in doc["results"]}
    assert "error" not in statuses, [r["id"] for r in doc["results"] if r["status"] == "error"]
    assert doc["summary"]["counts"]["pass"] > 60


def test_demo_writes_every_report(demo_run) -> None:
    _, stdout, output = demo_run
    for name in REPORTS.values():
        assert (output / name).stat().st_size > 0, name
    schema = junit_schema()
    assert schema.validate(etree.parse(str(output / "junit.xml"))), schema.error_log
    handover = (output / "handover.md").read_text()
    for section in (
        "## DNS map",
        "## Redirect map",
        "## TLS certificates",
        "## Email authentication",
        "## Environment inventory",
        "## Endpoints and latency",
        "## Open risks",
    ):
        assert section in handover
    assert "GATE FAILED" in stdout


def test_demo_leaks_no_secret(demo_run) -> None:
    _, stdout, output = demo_run
    env = (output / "shop" / ".env.production").read_text()
    values = [
        line.split("=", 1)[1]
        for line in env.splitlines()
        if "=" in line and len(line.split("=", 1)[1]) > 8
    ]
    assert len(values) == 3
    texts = [stdout] + [(output / name).read_text() for name in REPORTS.values()]
    for value in values:
        for text in texts:
            assert value not in text


def test_report_command_rebuilds_the_handover_from_json(demo_run, tmp_path: Path) -> None:
    _, _, output = demo_run
    target = tmp_path / "handover.md"
    assert main(["report", "--from", str(output / "launchgate.json"), "-o", str(target)]) == 0
    assert (
        target.read_text().split("\n", 3)[3]
        == (output / "handover.md").read_text().split("\n", 3)[3]
    )
