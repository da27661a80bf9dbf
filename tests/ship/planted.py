"""Small git repositories for the host tests: a clean one and one with a planted secret."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.ship.tools import SAMPLE

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Sample",
    "GIT_AUTHOR_EMAIL": "dev@sample.test",
    "GIT_COMMITTER_NAME": "Sample",
    "GIT_COMMITTER_EMAIL": "dev@sample.test",
}


def secret_pair() -> tuple[str, str]:
    """An AWS-shaped key pair, built at run time: no credential-shaped literal in the repository."""
    return "AKIA" + "Z7QW3R5T6Y7U8I9O", "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzQ8aB3xT9k"


def leaky_settings() -> str:
    key_id, secret = secret_pair()
    return f'AWS_ACCESS_KEY_ID = "{key_id}"\nAWS_SECRET_ACCESS_KEY = "{secret}"\n'


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
    )
    return proc.stdout.strip()


def commit_all(repo: Path, message: str = "sample") -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def sample_repo(path: Path, leak: bool = False, extra: dict[str, str] | None = None) -> Path:
    """The sample application as a git repository; ``leak`` adds settings.py with a secret."""
    shutil.copytree(SAMPLE, path)
    files = dict(extra or {})
    if leak:
        files["settings.py"] = leaky_settings()
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    git(path, "init", "-q", "-b", "main")
    commit_all(path)
    return path
