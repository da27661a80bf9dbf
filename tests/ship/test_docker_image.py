"""The Docker image, built and run for real on a private engine (scripts/docker-test-env.sh)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from lxml import etree

import launchgate
from tests.ship.conftest import IMAGE_UID, REPO_OWNER, make_repo
from tests.ship.tools import REPO, explain, is_private_engine, run

RUN_TIMEOUT = 120
# The first test also waits for the image build (fixture), which the default timeout can't hold.
pytestmark = pytest.mark.timeout(600)


def docker_run(
    docker: dict[str, str], image: str, repo: Path, *args: str, out: Path | None = None
) -> tuple[int, str, str]:
    """`docker run` the image on a mounted repository (read-only), with no network."""
    mounts = ["-v", f"{repo}:/work:ro"]
    if out is not None:
        mounts += ["-v", f"{out}:/out"]
    proc = run(
        ["docker", "run", "--rm", "--network", "none", *mounts, image, *args],
        env=docker,
        timeout=RUN_TIMEOUT,
    )
    return proc.returncode, proc.stdout, proc.stderr


def inspect(docker: dict[str, str], image: str) -> dict:
    proc = run(["docker", "image", "inspect", image], env=docker, timeout=30)
    assert proc.returncode == 0, explain(proc)
    return json.loads(proc.stdout)[0]["Config"]


def junit_suites(path: Path) -> list[etree._Element]:
    assert path.is_file(), f"no JUnit report at {path}"
    root = etree.parse(str(path)).getroot()
    return [root] if root.tag == "testsuite" else root.findall("testsuite")


def source_files() -> set[str]:
    package = REPO / "launchgate"
    return {
        f"./{path.relative_to(package).as_posix()}"
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_image_runs_launchgate_as_non_root(docker: dict[str, str], image: str) -> None:
    config = inspect(docker, image)
    assert config["Entrypoint"] == ["launchgate"]
    assert config["User"] == f"{IMAGE_UID}:{IMAGE_UID}"
    proc = run(
        ["docker", "run", "--rm", "--network", "none", "--entrypoint", "sh", image, "-c",
         "id -u; readlink -f /opt/launchgate/bin/python; grep VERSION_CODENAME /etc/os-release; "
         "python -c 'import click; print(click.__version__)'; launchgate --version; "
         "cd /opt/launchgate/lib/python3*/site-packages/launchgate && find . -type f | sort"],
        env=docker,
    )  # fmt: skip
    assert proc.returncode == 0, explain(proc)
    uid, python, codename, click_version, version, *files = proc.stdout.splitlines()
    assert uid == str(IMAGE_UID)
    assert python.startswith("/usr/bin/python3"), "the image must use Debian's Python"
    assert codename == "VERSION_CODENAME=bookworm"
    lock = (REPO / "docker" / "requirements.txt").read_text(encoding="utf-8")
    assert f"click=={click_version} " in lock, "dependencies must come from the lock file"
    assert launchgate.__version__ in version
    assert set(files) >= source_files(), "every file of the package must be in the image"


def test_git_trusts_a_mounted_checkout_owned_by_another_user(
    docker: dict[str, str], image: str, sample_repo: Path
) -> None:
    assert sample_repo.stat().st_uid == REPO_OWNER
    proc = run(
        ["docker", "run", "--rm", "--network", "none", "-v", f"{sample_repo}:/work:ro",
         "--entrypoint", "git", image, "ls-files"],
        env=docker,
    )  # fmt: skip
    assert proc.returncode == 0, explain(proc)
    assert "dubious ownership" not in proc.stderr
    assert set(proc.stdout.split()) == {"README.md", "app.py", "launchgate.yml"}


def test_check_passes_a_clean_repository_and_writes_junit(
    docker: dict[str, str], image: str, sample_repo: Path, out_dir: Path
) -> None:
    code, stdout, stderr = docker_run(
        docker, image, sample_repo, "check", "--no-color",
        "--junit", "/out/junit.xml", "--json", "/out/report.json", out=out_dir,
    )  # fmt: skip
    assert code == 0, f"exit {code}\n{stdout}\n{stderr}"
    suites = junit_suites(out_dir / "junit.xml")
    assert suites, "the JUnit report has no testsuite"
    assert all(int(s.get("failures", "0")) == 0 for s in suites)
    report = json.loads((out_dir / "report.json").read_text(encoding="utf-8"))
    assert "sample" in json.dumps(report)


def test_check_exit_code_reports_a_broken_config(
    docker: dict[str, str], image: str, tmp_path: Path, out_dir: Path
) -> None:
    repo = make_repo(tmp_path / "broken")
    (repo / "launchgate.yml").write_text("version: 1\nsecrets: {paths: 3}\n", encoding="utf-8")
    code, stdout, stderr = docker_run(docker, image, repo, "check", "--no-color")
    assert code == 2, f"exit {code}\n{stdout}\n{stderr}"
    assert "launchgate.yml" in stderr + stdout


def test_check_fails_on_a_committed_secret_and_never_prints_it(
    docker: dict[str, str], image: str, tmp_path: Path, out_dir: Path
) -> None:
    # Built at run time: no credential-shaped literal in this repository.
    key_id, secret = "AKIA" + "Z7QW3R5T6Y7U8I9O", "wJalrXUtnFEMI/K7MDENG/" + "bPxRfiCYzQ8aB3xT9k"
    settings = f'AWS_ACCESS_KEY_ID = "{key_id}"\nAWS_SECRET_ACCESS_KEY = "{secret}"\n'
    repo = make_repo(tmp_path / "leaky", {"settings.py": settings})
    code, stdout, stderr = docker_run(
        docker, image, repo, "check", "--no-color", "--junit", "/out/junit.xml", out=out_dir
    )
    assert code == 1, f"exit {code}\n{stdout}\n{stderr}"
    assert "settings.py" in stdout
    failures = sum(int(s.get("failures", "0")) for s in junit_suites(out_dir / "junit.xml"))
    assert failures >= 1
    junit = (out_dir / "junit.xml").read_text(encoding="utf-8")
    for value in (key_id, secret):
        assert value not in stdout + stderr + junit, "a secret value leaked into the output"


def test_docker_preparation_is_idempotent_and_fast(docker: dict[str, str]) -> None:
    """Once prepared, `up` again only checks: CI may call it before every test run."""
    started = time.monotonic()
    proc = run(["bash", REPO / "scripts" / "docker-test-env.sh", "up"], env=docker, timeout=120)
    assert proc.returncode == 0, explain(proc)
    assert proc.stdout.strip() == f"export DOCKER_HOST={docker['DOCKER_HOST']}"
    assert time.monotonic() - started < 30
    if is_private_engine(docker):
        assert "starting a private dockerd" not in proc.stderr
        assert "debootstrap" not in proc.stderr
