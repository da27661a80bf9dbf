"""The Dockerfile and its lock file, statically: hadolint, the shape the issue asks for, the pins."""

from __future__ import annotations

import re
from pathlib import Path

from tests.ship.tools import REPO, explain, run, tool

DOCKERFILE = REPO / "Dockerfile"
LOCK = REPO / "docker" / "requirements.txt"


def instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def project_dependencies() -> list[str]:
    """[project].dependencies of pyproject.toml (no tomllib: the tests run on Python 3.10)."""
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies\s*=\s*\[(.*?)^\]", text, re.S | re.M)
    assert block, "no [project].dependencies in pyproject.toml"
    return re.findall(r'"([^"]+)"', block.group(1))


def test_hadolint_passes() -> None:
    proc = run([tool("hadolint"), DOCKERFILE])
    assert proc.returncode == 0, explain(proc)


def test_hadolint_catches_a_bad_dockerfile(tmp_path: Path) -> None:
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM debian:latest\nRUN apt-get install git\n", encoding="utf-8")
    assert run([tool("hadolint"), bad]).returncode != 0


def test_multi_stage_on_bookworm_slim_as_non_root() -> None:
    steps = instructions()
    assert ("ARG", "BASE_IMAGE=debian:bookworm-slim") in steps
    froms = [args for name, args in steps if name == "FROM"]
    assert len(froms) >= 2, "multi-stage: build dependencies stay out of the runtime image"
    assert any("--from=build" in args for name, args in steps if name == "COPY")
    users = [args for name, args in steps if name == "USER"]
    assert users and not users[-1].startswith(("root", "0")), "the image must not run as root"
    assert ("ENTRYPOINT", '["launchgate"]') in steps


def test_git_inside_and_mounted_checkouts_trusted() -> None:
    runs = " ".join(args for name, args in instructions() if name == "RUN")
    assert re.search(r"apt-get install [^&]*\bgit\b", runs)
    assert "git config --system --add safe.directory '*'" in runs


def test_dependencies_installed_from_the_lock_with_hashes() -> None:
    runs = " ".join(args for name, args in instructions() if name == "RUN")
    assert "--require-hashes" in runs and "requirements.txt" in runs
    assert "--no-build-isolation" in runs, "the build backend must come from the lock too"


def test_lock_pins_every_dependency_by_hash() -> None:
    text = re.sub(r"\\\n\s*", " ", LOCK.read_text(encoding="utf-8"))
    pins = {}
    for line in text.splitlines():
        if line and not line.startswith(("#", " ")):
            name, _, rest = line.partition("==")
            assert rest, f"not pinned with ==: {line}"
            assert "--hash=sha256:" in rest, f"no hash: {line}"
            pins[re.sub(r"[-_.]+", "-", name.strip().lower())] = rest.split()[0]
    for requirement in project_dependencies():
        name = re.sub(r"[-_.]+", "-", re.split(r"[<>=!~;\[ ]", requirement)[0].lower())
        assert name in pins, (
            f"{name} (pyproject.toml) is missing from docker/requirements.txt: "
            "run scripts/lock-deps.sh"
        )
    assert "setuptools" in pins, "the build backend must be pinned (--no-build-isolation)"


def test_build_context_is_an_allow_list() -> None:
    lines = (REPO / ".dockerignore").read_text(encoding="utf-8").splitlines()
    rules = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert rules[0] == "*", "everything is excluded unless listed (no .env, no .git in the image)"
    assert {"!pyproject.toml", "!launchgate/", "!docker/requirements.txt"} <= set(rules)
