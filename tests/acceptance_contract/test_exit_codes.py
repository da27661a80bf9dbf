"""0 passed, 1 failed, 2 usage/config, 3 launchgate bug, 130 interrupted: never confused."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from launchgate import gate
from launchgate.checks import registry
from launchgate.report import FORMATS
from launchgate.sandbox.web_server import BlackHole
from tests.acceptance_contract.harness import Project
from tests.core.helpers import FakeFamily, passing, raising

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("fail_on", "code"), [("high", 1), ("critical", 0)])
def test_a_crashing_check_is_an_error_judged_by_fail_on(
    project: Project, fail_on: str, code: int
) -> None:
    project.monkeypatch.setitem(
        registry.FAMILIES, "dns", FakeFamily({"boom": raising, "ok": passing("ok")})
    )
    project.config(f"version: 1\nfail_on: {fail_on}\ndns: {{}}\n")
    run = project.check("--junit", "junit.xml")
    assert run.code == code
    crashed = run.result("dns.fake:boom")
    assert crashed["status"] == "error" and "crashed" in crashed["message"]
    assert "RuntimeError" in crashed["message"]
    assert "Traceback" not in run.out + run.err
    assert "<error" in (project.root / "junit.xml").read_text()
    assert "Traceback" in project.check("-v").out  # -v adds it


def test_a_bug_in_the_runner_exits_3_with_every_report(project: Project) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("runner bug")

    project.monkeypatch.setattr(gate, "run_gate", broken)
    project.config("version: 1\nfail_on: critical\n")
    run = project.check("--junit", "j.xml", "--sarif", "s.sarif", "--markdown", "m.md")
    assert run.code == 3
    for name in ("j.xml", "s.sarif", "m.md"):
        assert "runner bug" in (project.root / name).read_text()
    assert run.report["summary"]["passed"] is False
    assert "GATE PASSED" not in run.out and "-v" in run.out


def test_a_bug_in_one_writer_exits_3_and_the_others_are_written(project: Project) -> None:
    def broken(report: object) -> str:
        raise ValueError("sarif writer bug")

    project.monkeypatch.setitem(FORMATS, "sarif", broken)
    project.config("version: 1\n")
    run = project.check("--sarif", "s.sarif", "--junit", "j.xml")
    assert run.code == 3
    assert (project.root / "j.xml").is_file() and run.report
    assert "sarif" in run.err and "bug" in run.err


def test_an_unwritable_report_path_is_a_usage_error_not_a_bug(project: Project) -> None:
    project.config("version: 1\n")
    (project.root / "taken").write_text("a file, not a directory")
    run = project.check("--junit", "taken/junit.xml")
    assert run.code == 2
    assert "cannot write the junit report" in run.err and "internal" not in run.err
    assert run.report  # the JSON report beside it was still written
    (project.root / "adir").mkdir()
    run = project.check("--markdown", "adir")
    assert run.code == 2 and "is a directory" in run.err


def test_keyboard_interrupt_in_process_is_130(project: Project) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    project.monkeypatch.setattr(gate, "run_gate", interrupted)
    project.config("version: 1\n")
    run = project.check()
    assert run.code == 130
    assert "interrupted" in run.err and "Traceback" not in run.err


def test_ctrl_c_on_a_real_run_is_130_without_a_traceback(
    project: Project, black_hole: BlackHole
) -> None:
    project.config(
        f"""\
        version: 1
        timeout: 20s
        network: {{resolve: {{www.acme.test: 127.0.0.1}}}}
        http: {{endpoints: [{{url: "http://www.acme.test:{black_hole.port}/"}}]}}
        """
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "launchgate", "check"],
        cwd=project.root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not black_hole_has_client(black_hole):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=15)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "interrupted" in err


def black_hole_has_client(hole: BlackHole) -> bool:
    return bool(hole._held)


def test_unknown_option_and_config_not_found_are_2(project: Project) -> None:
    assert project.cli("check", "--bogus").code == 2
    run = project.check("-c", "missing.yml")
    assert run.code == 2 and "missing.yml" in run.err


def test_config_option_takes_a_directory(project: Project) -> None:
    project.config("version: 1\nproject: sub\n", rel="deploy/launchgate.yml")
    run = project.check("-c", "deploy")
    assert run.code == 0 and run.report["project"] == "sub"
    (project.root / "empty").mkdir()
    run = project.check("-c", "empty")
    assert run.code == 2 and "no config in the directory empty" in run.err


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_changes_neither_files_nor_verdict(project: Project) -> None:
    project.config("version: 1\nenv: {vars: {MISSING_ONE: {}}}\n")
    options = gate.GateOptions(reports={"junit": project.root / "j.xml"})
    code = gate.run(options, environ={}, out=_ClosedPipe(), err=io.StringIO())
    assert code == 1
    assert "MISSING_ONE" in (project.root / "j.xml").read_text()
