"""The README's GitHub `strategy.matrix` and GitLab `parallel: N` examples: their launchgate
lines, with the matrix values and CI_NODE_* filled in as the CI would, run against the demo
shop; the merge must equal one run. (The CI hosts themselves are not run here.)"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from launchgate.demo import demo_environ
from launchgate.demo.config import demo_config
from launchgate.demo.project import build_project, make_secrets
from launchgate.demo.world import running_world

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.network


def readme_block(marker: str) -> dict[str, object]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(rf"<!-- {marker} -->\n```yaml\n(.*?)```", text, re.S)
    assert match, f"README has no block after <!-- {marker} -->"
    doc = yaml.safe_load(match.group(1))
    assert isinstance(doc, dict)
    return doc


def github_jobs() -> list[tuple[str, list[str]]]:
    """(job, launchgate lines) per matrix entry, then the merge job's."""
    jobs = readme_block("ci-sharding:github")["jobs"]
    assert isinstance(jobs, dict)
    gate, merge = jobs["gate"], jobs["merge"]
    runs = [s["run"] for s in gate["steps"] if "launchgate" in s.get("run", "").split()[:1]]
    out = []
    for shard in gate["strategy"]["matrix"]["shard"]:
        out.append((f"gate {shard}", [r.replace("${{ matrix.shard }}", str(shard)) for r in runs]))
    assert merge["needs"] == "gate" and merge["if"] == "always()"
    out.append(
        ("merge", [s["run"] for s in merge["steps"] if s.get("run", "").startswith("launchgate")])
    )
    return out


def gitlab_jobs() -> list[tuple[str, list[str], dict[str, str]]]:
    doc = readme_block("ci-sharding:gitlab")
    gate, merge = doc["launchgate"], doc["launchgate-merge"]
    assert isinstance(gate, dict) and isinstance(merge, dict)
    total = int(gate["parallel"])
    out = [
        (f"node {i}", list(gate["script"]), {"CI_NODE_INDEX": str(i), "CI_NODE_TOTAL": str(total)})
        for i in range(1, total + 1)
    ]
    assert merge["needs"] == ["launchgate"] and merge["when"] == "always"
    out.append(("merge", list(merge["script"]), {}))
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    workdir = tmp_path_factory.mktemp("ci")
    shop = build_project(workdir / "shop", make_secrets())
    with running_world(workdir) as world:
        (shop / "launchgate.yml").write_text(demo_config(world), encoding="utf-8")
        yield shop


def sh(line: str, cwd: Path, extra: dict[str, str]) -> int:
    """One CI line through bash, `launchgate` being this checkout."""
    shim = f'launchgate() {{ {shlex.quote(sys.executable)} -m launchgate "$@"; }}; '
    env = {**demo_environ(), "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **extra}
    done = subprocess.run(
        ["bash", "-c", shim + line], cwd=cwd, env=env, capture_output=True, timeout=300
    )
    return done.returncode


def results(path: Path) -> set[tuple[str, str]]:
    return {(r["id"], r["status"]) for r in json.loads(path.read_text())["results"]}


@pytest.mark.parametrize("ci", ["github", "gitlab"])
def test_documented_matrix_shards_and_merge_equal_one_run(project: Path, ci: str) -> None:
    run = project / ci
    run.mkdir()
    single = sh("launchgate check -c ../launchgate.yml --json single.json", run, {})
    jobs = [(name, lines, {}) for name, lines in github_jobs()] if ci == "github" else gitlab_jobs()
    codes = {}
    for name, lines, env in jobs:
        for line in lines:
            line = line.replace("launchgate check ", "launchgate check -c ../launchgate.yml ")
            codes[name] = sh(line, run, env)
    assert codes["merge"] == single == 1
    assert results(run / "single.json") == results(run / "shard-1.json") | results(
        run / "shard-2.json"
    ) | results(run / "shard-3.json") | results(run / "shard-4.json")
    assert (run / "junit.xml").stat().st_size > 0 and (run / "summary.md").stat().st_size > 0
    assert (
        "GATE FAILED" in (run / "summary.md").read_text()
        or "fail" in (run / "summary.md").read_text().lower()
    )
    assert os.path.exists(run / "junit.xml")
