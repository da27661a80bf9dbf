"""Fixtures of the ship tests: a Docker engine, the built image, sample repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ship.tools import (
    REPO,
    SAMPLE,
    docker_env,
    docker_unavailable,
    explain,
    is_private_engine,
    run,
)
from tests.ship.wheelhouse import download_wheels, serve

IMAGE = "launchgate:test"
BASE_IMAGE = "debian:bookworm-slim"
REPO_OWNER = 1234
IMAGE_UID = 10001
BUILD_TIMEOUT = 420


@pytest.fixture(scope="session")
def docker() -> dict[str, str]:
    """The environment under which `docker` reaches a working engine holding the base image."""
    env = docker_env()
    if shutil.which("docker") is None:
        docker_unavailable("no docker client on PATH")
    info = run(["docker", "info", "--format", "{{.ServerVersion}}"], env=env, timeout=30)
    if info.returncode != 0:
        docker_unavailable(f"`docker info` failed: {info.stderr.strip()[:300]}")
    base = run(["docker", "image", "inspect", BASE_IMAGE], env=env, timeout=30)
    if base.returncode != 0:
        docker_unavailable(f"base image {BASE_IMAGE} missing")
    return env


@pytest.fixture(scope="session")
def image(docker: dict[str, str]) -> str:
    """Build the image from the repository with the legacy builder, as a user would."""
    with serve(download_wheels()) as wheels:
        args = ["--force-rm", "--network", "host", "--build-arg", "PIP_NO_INDEX=1",
                "--build-arg", f"PIP_FIND_LINKS={wheels}"]  # fmt: skip
        # Tag the build stage too: its layers stay cached when old images are pruned.
        for target in (["--target", "build", "-t", f"{IMAGE}-build"], ["-t", IMAGE]):
            proc = run(["docker", "build", *args, *target, REPO], env=docker, timeout=BUILD_TIMEOUT)
            assert proc.returncode == 0, explain(proc)
    if is_private_engine(docker):
        run(["docker", "container", "prune", "-f"], env=docker, timeout=120)
        run(["docker", "image", "prune", "-f"], env=docker, timeout=120)
    return IMAGE


def _git(repo: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Sample", "GIT_AUTHOR_EMAIL": "dev@sample.test",
           "GIT_COMMITTER_NAME": "Sample", "GIT_COMMITTER_EMAIL": "dev@sample.test"}  # fmt: skip
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def make_repo(path: Path, extra: dict[str, str] | None = None) -> Path:
    """A git repository with the sample files (plus extra ones), owned by another user."""
    shutil.copytree(SAMPLE, path)
    for name, text in (extra or {}).items():
        (path / name).write_text(text, encoding="utf-8")
    _git(path, "init", "-q", "-b", "main")
    _git(path, "add", "-A")
    _git(path, "commit", "-q", "-m", "sample")
    if os.geteuid() != 0:
        pytest.fail("the ship tests run as root (they chown the sample repository)")
    for item in [path, *path.rglob("*")]:
        os.lchown(item, REPO_OWNER, REPO_OWNER)
    return path


@pytest.fixture
def sample_repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo")


@pytest.fixture
def out_dir(tmp_path: Path) -> Iterator[Path]:
    """A directory the image's user may write reports to."""
    out = tmp_path / "out"
    out.mkdir()
    os.chown(out, IMAGE_UID, IMAGE_UID)
    yield out
