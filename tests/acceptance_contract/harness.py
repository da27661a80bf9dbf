"""Run the real CLI in-process, in a temporary project directory, and read what it wrote."""

from __future__ import annotations

import json
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from launchgate.cli import main
from tests.harness import assert_well_formed

CI_VARS = ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_OUTPUT", "NO_COLOR", "CI")


@dataclass
class Run:
    code: int
    out: str
    err: str
    report: dict[str, Any]

    def result(self, check_id: str) -> dict[str, Any]:
        found = [r for r in self.report.get("results", []) if r["id"] == check_id]
        assert found, f"no result {check_id}; have {self.ids()}"
        return found[0]

    def ids(self) -> list[str]:
        return [r["id"] for r in self.report.get("results", [])]


class Project:
    """A temporary project directory the CLI runs in."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.capsys = capsys
        monkeypatch.chdir(root)
        for name in CI_VARS:
            monkeypatch.delenv(name, raising=False)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def config(self, text: str, rel: str = "launchgate.yml") -> Path:
        return self.write(rel, text)

    def git(self, *args: str) -> None:
        subprocess.run(["git", *args], cwd=self.root, check=True, capture_output=True)

    def git_init(self) -> None:
        self.git("init", "-q", "-b", "main")
        self.git("config", "user.email", "t@example.com")
        self.git("config", "user.name", "t")

    def commit(self, *paths: str) -> None:
        self.git("add", *(paths or (".",)))
        self.git("commit", "-q", "-m", "c")

    def check(self, *argv: str, env: dict[str, str] | None = None) -> Run:
        for name, value in (env or {}).items():
            self.monkeypatch.setenv(name, value)
        self.capsys.readouterr()
        report_path = self.root / ".lg-report.json"
        report_path.unlink(missing_ok=True)
        args = ["check", *argv]
        if argv[:1] != ("--help",) and "--json" not in argv:
            args[1:1] = ["--json", str(report_path)]
        code = main(args)
        captured = self.capsys.readouterr()
        report = json.loads(report_path.read_text()) if report_path.exists() else {}
        assert_well_formed(report)
        return Run(code, captured.out, captured.err, report)

    def cli(self, *argv: str) -> Run:
        self.capsys.readouterr()
        code = main(list(argv))
        captured = self.capsys.readouterr()
        return Run(code, captured.out, captured.err, {})


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> Project:
    return Project(tmp_path, monkeypatch, capsys)
