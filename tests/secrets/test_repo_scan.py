"""secrets.repo and secrets.scan on real repositories: coverage, excludes, pre-commit files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from launchgate.checks.secrets.facts import run_secrets
from launchgate.core.model import Status
from tests.secrets.gitrepo import (
    AWS_KEY,
    GITHUB_TOKEN,
    by_id,
    context,
    make_repo,
    problems,
    run,
)

CONFIG = """
version: 1
secrets:
  exclude: ["tests/fixtures/**", "*.pem"]
  max_file_size: 2KiB
"""


def _repo(tmp_path: Path) -> Path:
    return make_repo(
        tmp_path / "r",
        {
            "launchgate.yml": CONFIG,
            "src/a.py": f'TOKEN = "{GITHUB_TOKEN}"\n',
            "src/placeholder.py": 'AWS = "AKIAIOSFODNN7EXAMPLE"\napi_key = "your-api-key-here"\n',
            "tests/fixtures/keys.py": f'K = "{AWS_KEY}"\n',
            "certs/dev.pem": f"{AWS_KEY}\n",
            "big.txt": "x = 1\n" * 1000,
            "logo.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        },
    )


def test_summary_counts_what_was_skipped(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    results = run(run_secrets, context(root, CONFIG))
    assert list(problems(results)) == ["secrets.repo:src/a.py:1"]
    summary = by_id(results)["secrets.scan"]
    assert summary.status is Status.PASS
    assert summary.data["skipped"] == {"too large": 1}
    # launchgate.yml, src/a.py, src/placeholder.py, and the text runs of logo.png
    assert summary.data["scanned"] == 4 and summary.data["partial"] == 1
    assert "skipped 1 too large" in summary.message


def test_precommit_files_are_the_only_ones_scanned(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    (root / "new.py").write_text(f'K = "{AWS_KEY}"\n')  # not tracked yet: pre-commit passes it
    cwd = os.getcwd()
    os.chdir(root)
    try:
        files = ("new.py", "tests/fixtures/keys.py", "src/placeholder.py")
        results = run(run_secrets, context(root, CONFIG, files=files))
    finally:
        os.chdir(cwd)
    assert list(problems(results)) == ["secrets.repo:new.py:1"]
    assert by_id(results)["secrets.scan"].data["scanned"] == 2


def test_baseline_filters_apply(tmp_path: Path) -> None:
    root = _repo(tmp_path)
    baseline = {
        "version": "1.5.0",
        "plugins_used": [{"name": "GitHubTokenDetector"}, {"name": "AWSKeyDetector"}],
        "filters_used": [
            {
                "path": "detect_secrets.filters.regex.should_exclude_file",
                "pattern": ["^src/a\\.py$"],
            }
        ],
        "results": {},
    }
    (root / ".secrets.baseline").write_text(json.dumps(baseline))
    config = CONFIG + "  baseline: .secrets.baseline\n"
    assert not problems(run(run_secrets, context(root, config)))
