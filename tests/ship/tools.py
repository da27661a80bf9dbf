"""Helpers for the ship tests: the repository's paths, external linters, the Docker engine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLE = Path(__file__).resolve().parent / "fixtures" / "sample"
CACHE = Path(os.environ.get("LAUNCHGATE_TEST_CACHE", "/var/cache/launchgate-test"))
PRIVATE_SOCKET = CACHE / "docker" / "docker.sock"
PREPARE_HINT = 'run `eval "$(scripts/docker-test-env.sh up)"` first (CI: .ci/run does)'


def tool(name: str) -> str:
    """Path of a linter installed with the test dependencies; a missing one fails the test."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail(f"{name} is not installed: it comes with launchgate's test dependencies")
    return found


def run(
    cmd: Sequence[str | Path],
    *,
    timeout: float = 120,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run a command, capturing text output; never raises on a non-zero exit."""
    return subprocess.run(
        [str(c) for c in cmd],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=dict(env) if env is not None else None,
        cwd=cwd,
        check=False,
    )


def explain(proc: subprocess.CompletedProcess[str]) -> str:
    """The command, exit code and output of a finished process, for assertion messages."""
    return (
        f"$ {' '.join(proc.args)}\nexit {proc.returncode}\n"
        f"--- stdout\n{proc.stdout[-4000:]}\n--- stderr\n{proc.stderr[-4000:]}"
    )


def docker_env() -> dict[str, str]:
    """The environment for `docker`: DOCKER_HOST if set, else the private engine's socket."""
    env = dict(os.environ)
    if not env.get("DOCKER_HOST") and PRIVATE_SOCKET.exists():
        env["DOCKER_HOST"] = f"unix://{PRIVATE_SOCKET}"
    env["DOCKER_BUILDKIT"] = "0"
    return env


def docker_unavailable(reason: str) -> None:
    """Fail under CI (the image must be tested there); skip with a hint on a developer machine."""
    message = f"Docker engine not usable: {reason}; {PREPARE_HINT}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def is_private_engine(env: Mapping[str, str]) -> bool:
    return env.get("DOCKER_HOST") == f"unix://{PRIVATE_SOCKET}"
