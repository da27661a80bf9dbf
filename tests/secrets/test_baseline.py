"""detect-secrets baselines: audited findings do not fail, new ones do, the format round-trips."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from detect_secrets.core import baseline as ds_baseline
from detect_secrets.settings import default_settings

from launchgate.checks.secrets.facts import run_secrets
from launchgate.cli import cli
from launchgate.core.model import Status
from tests.secrets.gitrepo import (
    AWS_KEY,
    GITHUB_TOKEN,
    assert_no_leak,
    by_id,
    commit_all,
    context,
    make_repo,
    problems,
    run,
    write,
)

CONFIG = "version: 1\nsecrets: {baseline: .secrets.baseline}\n"


def _repo(tmp_path: Path) -> Path:
    files = {"launchgate.yml": CONFIG, "src/aws.py": f'KEY = "{AWS_KEY}"\n', "src/ok.py": "x = 1\n"}
    return make_repo(tmp_path / "shop", files)


def _baseline_cli(root: Path, *args: str) -> str:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, ["secrets", "baseline", *args])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return result.output


def test_baseline_command_writes_detect_secrets_format(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    output = _baseline_cli(root)
    assert "Wrote 1 finding(s) to .secrets.baseline" in output
    raw = json.loads((root / ".secrets.baseline").read_text())
    assert list(raw["results"]) == ["src/aws.py"]
    entry = raw["results"]["src/aws.py"][0]
    assert entry["type"] == "AWS Access Key" and entry["line_number"] == 1
    with default_settings():
        loaded = ds_baseline.load(raw, ".secrets.baseline")  # detect-secrets reads it back
    assert len(list(loaded)) == 1
    assert AWS_KEY not in (root / ".secrets.baseline").read_text()
    again = CliRunner().invoke(cli, ["secrets", "baseline", "-c", str(root / "launchgate.yml")])
    assert again.exit_code == 2 and "use --update" in again.output


def test_baselined_finding_passes_even_when_its_line_moves(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _baseline_cli(root)
    write(root, {"src/aws.py": f'"""docs"""\n\n\nKEY = "{AWS_KEY}"\n'})
    results = run(run_secrets, context(root, CONFIG))
    assert "accepted by the baseline" in by_id(results)["secrets.repo"].message
    assert not problems(results)


def test_new_finding_fails_with_file_and_line(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _baseline_cli(root)
    write(root, {"src/gh.py": f'\nTOKEN = "{GITHUB_TOKEN}"\n'})
    commit_all(root)
    results = run(run_secrets, context(root, CONFIG))
    failed = problems(results)["secrets.repo:src/gh.py:2"]
    assert (failed.status, failed.file, failed.line) == (Status.FAIL, "src/gh.py", 2)
    assert "GitHub Token" in failed.message
    assert_no_leak(results, [GITHUB_TOKEN, AWS_KEY])


def _audit(root: Path, verdict: bool) -> None:
    path = root / ".secrets.baseline"
    raw = json.loads(path.read_text())
    raw["results"]["src/aws.py"][0]["is_secret"] = verdict
    path.write_text(json.dumps(raw))


def test_audited_verdicts(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _baseline_cli(root)
    _audit(root, False)
    assert not problems(run(run_secrets, context(root, CONFIG)))
    _audit(root, True)
    found = problems(run(run_secrets, context(root, CONFIG)))
    real = found["secrets.repo:src/aws.py:1"]
    assert real.status is Status.WARN and "audited as a real secret" in real.message
    _baseline_cli(root, "--update")
    raw = json.loads((root / ".secrets.baseline").read_text())
    assert raw["results"]["src/aws.py"][0]["is_secret"] is True  # --update keeps audits


def test_baseline_written_by_detect_secrets_itself(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    cwd = os.getcwd()
    os.chdir(root)
    try:
        with default_settings():
            collection = ds_baseline.create("src/aws.py")
            ds_baseline.save_to_file(collection, ".secrets.baseline")
    finally:
        os.chdir(cwd)
    assert not problems(run(run_secrets, context(root, CONFIG)))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not valid JSON"),
        ('{"version": "1.5.0"}', "is not a detect-secrets baseline"),
    ],
)
def test_invalid_baseline_is_said_and_scan_goes_on(
    tmp_path: Path, content: str, expected: str
) -> None:
    root = _repo(tmp_path)
    (root / ".secrets.baseline").write_text(content)
    found = problems(run(run_secrets, context(root, CONFIG)))
    assert expected in found["secrets.baseline:.secrets.baseline"].message
    assert "secrets.repo:src/aws.py:1" in found


def test_foreign_version_is_read_best_effort(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    _baseline_cli(root)
    raw = json.loads((root / ".secrets.baseline").read_text())
    raw["version"] = "9.0.0"
    (root / ".secrets.baseline").write_text(json.dumps(raw))
    found = problems(run(run_secrets, context(root, CONFIG)))
    assert list(found) == ["secrets.baseline:.secrets.baseline"]
    assert "newer than" in found["secrets.baseline:.secrets.baseline"].message


def test_missing_baseline_warns(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    found = problems(run(run_secrets, context(root, CONFIG)))
    assert "does not exist" in found["secrets.baseline:.secrets.baseline"].message
