"""The shipped pre-commit hook, for real: `pre-commit try-repo` against a copy of this project
committed in a temporary git repository, run in another temporary repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.secrets.gitrepo import AWS_KEY, DB_URL, git, make_repo

ROOT = Path(__file__).resolve().parents[2]


def test_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    hook = next(h for h in hooks if h["id"] == "launchgate")
    assert hook["entry"] == "launchgate check --offline --only env,secrets --no-color -q"
    assert hook["language"] == "python" and hook["pass_filenames"] is True


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    repo = tmp_path_factory.mktemp("hook") / "launchgate"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "launchgate", repo / "launchgate", ignore=ignore)
    for name in ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md"):
        shutil.copy(ROOT / name, repo / name)
    make_repo(repo, {})
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hook")
    return repo


def _try_repo(
    hook_repo: Path, project: Path, home: Path, *files: str
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    env.pop("GITHUB_BASE_REF", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pre_commit",
            "try-repo",
            str(hook_repo),
            "launchgate",
            "--files",
            *files,
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )


def test_hook_blocks_a_staged_secret_and_passes_clean_files(
    hook_repo: Path, tmp_path: Path
) -> None:
    project = make_repo(
        tmp_path / "project",
        {
            "ok.py": "x = 1\n",
            "bad.py": f'\n\nAWS = "{AWS_KEY}"\n',
            ".env": f"DATABASE_URL={DB_URL}\n",
        },
        commit=False,
    )
    home = tmp_path / "pre-commit-home"
    failed = _try_repo(hook_repo, project, home, "ok.py", "bad.py", ".env")
    output = failed.stdout + failed.stderr
    assert failed.returncode == 1, output
    assert "secrets.repo:bad.py:3" in output
    assert "env.committed:.env" in output
    assert AWS_KEY not in output and DB_URL not in output
    git(project, "rm", "-q", "--cached", ".env")
    (project / ".gitignore").write_text(".env\n")
    passed = _try_repo(hook_repo, project, home, "ok.py")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
