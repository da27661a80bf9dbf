"""Real git repositories in temp directories, run contexts and leak assertions for tests."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from launchgate.config.load import parse_config
from launchgate.core.model import Result
from launchgate.core.rules import RunContext

# Test secrets are assembled at run time so that this source holds none of them.
AWS_KEY = "AKIA" + "Z3MPLQ7RT4XW2N6B"
GITHUB_TOKEN = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"  # pragma: allowlist secret
STRIPE_LIVE = "sk_live_" + "51Hq8ZtKp3Vw7Yx2Rb4Nd6Mf"  # pragma: allowlist secret
STRIPE_TEST = "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc"
DB_URL = "postgres://shop:" + "Xq9-vR2mT8wLp4Kz" + "@db.internal:5432/shop"


def git(root: Path, *args: str) -> str:
    proc = subprocess.run(
        ["git", "-c", "user.email=test@test.invalid", "-c", "user.name=test", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def write(root: Path, files: Mapping[str, str | bytes]) -> None:
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def make_repo(root: Path, files: Mapping[str, str | bytes], commit: bool = True) -> Path:
    """A git repository with ``files`` added (and committed unless told not to)."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    write(root, files)
    if files:
        git(root, "add", "-A")
        if commit:
            git(root, "commit", "-q", "-m", "initial")
    return root


def commit_all(root: Path, message: str = "change") -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)


def context(
    root: Path, config: str, environ: Mapping[str, str] | None = None, **kw: object
) -> RunContext:
    gate = parse_config(config, environ or {}, str(root / "launchgate.yml"))
    return RunContext(config=gate, base_dir=root, environ=dict(environ or {}), **kw)  # type: ignore[arg-type]


def run(fn: Callable[[RunContext], Iterable[Result]], ctx: RunContext) -> list[Result]:
    return list(fn(ctx))


def by_id(results: Iterable[Result]) -> dict[str, Result]:
    return {r.check_id: r for r in results}


def problems(results: Iterable[Result]) -> dict[str, Result]:
    return {r.check_id: r for r in results if r.is_problem}


def assert_no_leak(results: Iterable[Result], values: Iterable[str]) -> None:
    """No planted value anywhere in the results, scrubbed or not."""
    text = json.dumps([repr(r) for r in results])
    for value in values:
        assert value not in text
