"""The pre-commit hooks (.pre-commit-hooks.yaml): the manifest, and each hook run for real with
``pre-commit try-repo`` on a project with a staged secret."""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

import launchgate
from tests.ship.planted import commit_all, git, leaky_settings, sample_repo, secret_pair
from tests.ship.tools import REPO, explain, run, tool
from tests.ship.wheelhouse import download_wheels

MANIFEST = REPO / ".pre-commit-hooks.yaml"
LOCK = REPO / "docker" / "requirements.txt"


def hooks() -> dict[str, dict]:
    return {hook["id"]: hook for hook in yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))}


def test_manifest_validates() -> None:
    assert MANIFEST.is_file(), "the issue ships pre-commit hooks: .pre-commit-hooks.yaml is missing"
    proc = run([tool("pre-commit"), "validate-manifest", MANIFEST])
    assert proc.returncode == 0, explain(proc)


def test_validate_manifest_rejects_a_broken_one(tmp_path: Path) -> None:
    bad = tmp_path / ".pre-commit-hooks.yaml"
    bad.write_text("- id: launchgate\n  entry: launchgate check\n", encoding="utf-8")
    assert run([tool("pre-commit"), "validate-manifest", bad]).returncode != 0


def test_three_variants_on_commit_push_and_demand() -> None:
    found = hooks()
    assert set(found) == {"launchgate", "launchgate-docker", "launchgate-system"}
    assert {h["language"] for h in found.values()} == {"python", "docker_image", "system"}
    for hook in found.values():
        assert hook["stages"] == ["pre-commit", "pre-push", "manual"]
        assert hook["entry"].endswith("check --offline --only env,secrets --no-color -q")


def test_the_python_hook_pins_exactly_the_lock() -> None:
    locked = dict(re.findall(r"^([A-Za-z0-9_.-]+)==([^\s\\]+)", LOCK.read_text(), re.M))
    runtime = {
        name: version for name, version in locked.items() if name not in ("setuptools", "wheel")
    }
    pinned = dict(dep.split("==") for dep in hooks()["launchgate"]["additional_dependencies"])
    assert pinned == runtime, "regenerate additional_dependencies from docker/requirements.txt"


def test_the_docker_hook_runs_this_release() -> None:
    image = hooks()["launchgate-docker"]["entry"].split()[0]
    assert image == f"ghcr.io/launchgate/launchgate:{launchgate.__version__}"


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """This project as pre-commit clones it: the package, its metadata and the manifest."""
    repo = tmp_path_factory.mktemp("hooks") / "launchgate"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(REPO / "launchgate", repo / "launchgate", ignore=ignore)
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "LICENSE"):
        shutil.copy(REPO / name, repo / name)
    git(repo, "init", "-q", "-b", "main")
    commit_all(repo, "hooks")
    return repo


def staged_secret(path: Path) -> Path:
    """A project whose next commit adds settings.py with a secret (staged, not committed)."""
    project = sample_repo(path)
    (project / "settings.py").write_text(leaky_settings(), encoding="utf-8")
    git(project, "add", "settings.py")
    return project


def try_repo(hook_repo: Path, project: Path, hook: str, env: dict[str, str], *args: str):
    full = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PIP_"))}
    full.update(PRE_COMMIT_HOME=str(project.parent / "pre-commit-home"), NO_COLOR="1", **env)
    return run(
        [sys.executable, "-m", "pre_commit", "try-repo", hook_repo, hook, *args],
        cwd=project,
        env=full,
        timeout=400,
    )


def assert_blocked_without_leaking(proc) -> None:
    output = proc.stdout + proc.stderr
    assert proc.returncode == 1, explain(proc)
    assert "secrets.repo:settings.py:1" in output
    for value in secret_pair():
        assert value not in output


def test_the_system_hook_uses_the_launchgate_on_path(hook_repo: Path, tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    wrapper = bindir / "launchgate"
    wrapper.write_text(
        f'#!/bin/sh\nPYTHONPATH="{REPO}" exec "{sys.executable}" -m launchgate "$@"\n'
    )
    wrapper.chmod(0o755)
    env = {"PATH": f"{bindir}:{os.environ['PATH']}"}
    project = staged_secret(tmp_path / "project")
    assert_blocked_without_leaking(try_repo(hook_repo, project, "launchgate-system", env))
    # On demand (manual stage), over every file: the committed sample alone passes.
    git(project, "rm", "-q", "--cached", "settings.py")
    (project / "settings.py").unlink()
    proc = try_repo(
        hook_repo, project, "launchgate-system", env, "--hook-stage", "manual", "--all-files"
    )
    assert proc.returncode == 0, explain(proc)


@pytest.mark.timeout(600)
def test_the_python_hook_installs_the_locked_versions(hook_repo: Path, tmp_path: Path) -> None:
    """(tests/precommit/test_hook.py runs this hook with try-repo, which throws its environment
    away; here it is installed through a config, to look inside, and run on a staged secret.)"""
    env = {"PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(download_wheels())}
    project = staged_secret(tmp_path / "project")
    sha = git(hook_repo, "rev-parse", "HEAD")
    config = {"repos": [{"repo": str(hook_repo), "rev": sha, "hooks": [{"id": "launchgate"}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    home = tmp_path / "pre-commit-home"
    full = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "PIP_"))}
    full.update(env, PRE_COMMIT_HOME=str(home))
    command = [sys.executable, "-m", "pre_commit", "run", "launchgate"]
    assert_blocked_without_leaking(run(command, cwd=project, env=full, timeout=400))
    (python,) = home.glob("repo*/py_env-*/bin/python")
    freeze = run([python, "-m", "pip", "freeze", "--disable-pip-version-check"])
    installed = dict(
        line.lower().split("==") for line in freeze.stdout.splitlines() if "==" in line
    )
    for dep in hooks()["launchgate"]["additional_dependencies"]:
        name, version = dep.lower().split("==")
        assert installed.get(name.replace("_", "-")) == version, f"{name}: {installed.get(name)}"


@pytest.mark.docker
@pytest.mark.timeout(900)
def test_the_docker_hook_runs_the_image(
    hook_repo: Path, tmp_path: Path, docker: dict[str, str], image: str
) -> None:
    released = hooks()["launchgate-docker"]["entry"].split()[0]
    proc = run(["docker", "tag", image, released], env=docker, timeout=60)
    assert proc.returncode == 0, explain(proc)
    project = staged_secret(tmp_path / "project")
    assert_blocked_without_leaking(
        try_repo(hook_repo, project, "launchgate-docker", {"DOCKER_HOST": docker["DOCKER_HOST"]})
    )
