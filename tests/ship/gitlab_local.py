"""Running the GitLab component with gitlab-ci-local, in Docker, offline.

gitlab-ci-local (npm, 4.52.0: the last release for Node 20) runs a .gitlab-ci.yml's jobs in
containers as GitLab's Docker executor does. Two things GitLab does are done here instead:
``$[[ component.version ]]`` is replaced by the version a released component would have
(gitlab-ci-local interpolates only ``inputs``), and the helper image it copies files with is
built locally (fixtures/gitlab-ci-local-util).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests.ship.tools import REPO, explain, run

GCL_VERSION = "4.52.0"
UTIL_IMAGE = "firecow/gitlab-ci-local-util:latest"
UTIL_DIR = Path(__file__).resolve().parent / "fixtures" / "gitlab-ci-local-util"
COMPONENT = REPO / "templates" / "launchgate.yml"
GITLAB_HOST = "gitlab.test"
PROJECT = "acme/shop"


def gitlab_ci_local() -> str:
    """The gitlab-ci-local executable (scripts/setup-test-env.sh installs it); missing fails in CI."""
    found = shutil.which("gitlab-ci-local")
    if found is None or shutil.which("rsync") is None:
        message = "gitlab-ci-local or rsync missing: run scripts/setup-test-env.sh"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def ensure_util_image(docker: dict[str, str]) -> None:
    if run(["docker", "image", "inspect", UTIL_IMAGE], env=docker, timeout=30).returncode == 0:
        return
    proc = run(
        ["docker", "build", "--network", "host", "-t", UTIL_IMAGE, UTIL_DIR],
        env=docker,
        timeout=300,
    )
    assert proc.returncode == 0, explain(proc)


def released_component(version: str) -> str:
    """The component as GitLab hands it to a pipeline that includes ``@<version>``."""
    text = COMPONENT.read_text(encoding="utf-8")
    assert "$[[ component.version ]]" in text
    return text.replace("$[[ component.version ]]", version)


def pipeline(sha: str, image: str, extra_inputs: str = "") -> str:
    """A .gitlab-ci.yml including the component from this project at ``sha``, and a later job
    that reads the verdict the component exports (artifacts:reports:dotenv)."""
    return (
        "stages: [test, report]\n"
        "include:\n"
        f"  - component: {GITLAB_HOST}/{PROJECT}/launchgate@{sha}\n"
        "    inputs:\n"
        f"      image: {image}\n"
        f"{extra_inputs}"
        "after-gate:\n"
        "  stage: report\n"
        "  image: debian:bookworm-slim\n"
        "  needs: [launchgate]\n"
        "  rules:\n"
        "    - when: always\n"
        "  script:\n"
        '    - echo "verdict=$LAUNCHGATE_VERDICT failures=$LAUNCHGATE_FAILURES"\n'
    )


def run_pipeline(
    repo: Path, docker: dict[str, str], *args: str, timeout: float = 300
) -> tuple[int, str]:
    env = {**docker, "HOME": str(repo.parent / "home"), "FORCE_COLOR": "0", "NO_COLOR": "1"}
    proc = run(
        [gitlab_ci_local(), "--pull-policy", "if-not-present", "--max-job-name-padding", "0",
         "--no-artifacts-to-source", "--cleanup", *args],
        env=env,
        cwd=repo,
        timeout=timeout,
    )  # fmt: skip
    return proc.returncode, proc.stdout + proc.stderr


def job_list(repo: Path, docker: dict[str, str], **variables: str) -> dict[str, str]:
    """Job name -> ``when`` after rules, for a pipeline with these predefined variables."""
    args = [arg for name, value in variables.items() for arg in ("--variable", f"{name}={value}")]
    code, output = run_pipeline(repo, docker, "--list-json", *args, timeout=120)
    assert code == 0, output
    start = output.index("[")
    jobs = json.loads(output[start : output.rindex("]") + 1])
    return {job["name"]: job["when"] for job in jobs}


def artifacts(repo: Path, job: str = "launchgate") -> Path:
    return repo / ".gitlab-ci-local" / "artifacts" / job


def preview(repo: Path, docker: dict[str, str]) -> dict:
    """The pipeline as GitLab would expand it (includes, inputs, extends)."""
    import yaml

    env = {**docker, "HOME": str(repo.parent / "home"), "NO_COLOR": "1"}
    proc = run([gitlab_ci_local(), "--preview"], env=env, cwd=repo, timeout=120)
    assert proc.returncode == 0, explain(proc)
    document: dict = yaml.safe_load(proc.stdout)
    return document
