"""The CI examples of docs/ship.md are valid: users copy them as they are."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.ship.tools import REPO, explain, run, tool

DOC = REPO / "docs" / "ship.md"


def examples() -> list[tuple[str, str]]:
    """(file name, text) of every yaml block whose first line names the file it goes to."""
    blocks = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    named = [re.match(r"# (\S+)\n", block) for block in blocks]
    return [(m.group(1), block) for m, block in zip(named, blocks, strict=True) if m]


def test_every_yaml_block_names_its_file() -> None:
    blocks = re.findall(r"```yaml\n", DOC.read_text(encoding="utf-8"))
    assert len(examples()) == len(blocks) >= 3


@pytest.mark.parametrize(
    ("name", "text"),
    [e for e in examples() if e[0].startswith(".github/workflows/")],
    ids=lambda v: v if v.startswith(".github") else "",
)
def test_github_example_is_valid(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    lint = run([tool("actionlint"), "-no-color", name], cwd=tmp_path)
    assert lint.returncode == 0, explain(lint)
    schema = run([tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", path])
    assert schema.returncode == 0, explain(schema)


def test_github_examples_use_the_action() -> None:
    uses = [e for e in examples() if "uses: launchgate/launchgate@v1" in e[1]]
    assert len(uses) >= 2
    pull_request = next(text for name, text in uses if "pull_request" in text)
    assert "upload-artifact" in pull_request and "upload-sarif" in pull_request
    monitor = next(text for name, text in uses if "schedule" in text)
    assert 'cron: "*/10 * * * *"' in monitor and "only: dns,email,tls,http" in monitor


def test_gitlab_example_is_valid(tmp_path: Path) -> None:
    (text,) = [text for name, text in examples() if name == ".gitlab-ci.yml"]
    document = yaml.safe_load(text)
    assert document["include"][0]["component"].endswith("/launchgate@1.0.0")
    path = tmp_path / "gitlab-ci.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    proc = run([tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", path])
    assert proc.returncode == 0, explain(proc)
