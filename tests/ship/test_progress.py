"""Progress on stderr for long runs: areas, the performance phase, GitHub groups, GitLab
sections, a terminal, and silence (``-q``, or neither terminal nor CI). stdout never changes."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from launchgate import gate
from launchgate.core.progress import ProgressEvent, StderrProgress
from tests.performance.server import PerfServer
from tests.ship.planted import sample_repo

GITHUB = {"GITHUB_ACTIONS": "true", "CI": "true"}
GITLAB = {"GITLAB_CI": "true", "CI": "true"}


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(repo: Path, environ: dict[str, str], quiet: bool = False, err: io.StringIO | None = None):
    out, err = io.StringIO(), err if err is not None else io.StringIO()
    config = repo / "launchgate.yml"
    options = gate.GateOptions(config=config, quiet=quiet, color=False)
    code = gate.run(options, environ={**environ, "DATABASE_URL": "x"}, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def steady(text: str) -> str:
    """Console output with its timings blanked (they differ between two runs)."""
    return re.sub(r"\d+(\.\d+)?s\b", "Ns", text)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return sample_repo(tmp_path / "repo", leak=True)


def test_github_groups_the_areas_and_leaves_stdout_alone(repo: Path) -> None:
    code, out, err = run(repo, GITHUB)
    assert code == 1
    lines = err.splitlines()
    assert lines[0].startswith("::group::launchgate: checks phase, ")
    assert "::endgroup::" in lines
    assert any(re.fullmatch(r"launchgate: secrets started \(\d+ checks?\)", x) for x in lines)
    assert any(
        re.match(r"launchgate: secrets done in \d+\.\ds \(\d+ checks?, \d+ results\)", x)
        for x in lines
    )
    assert "::group::" not in out and "launchgate: secrets started" not in out
    _, quiet_out, quiet_err = run(repo, GITHUB, quiet=True)
    assert steady(quiet_out) == steady(out)
    assert "started" not in quiet_err and "::group::" not in quiet_err


def test_gitlab_gets_a_collapsed_section(repo: Path) -> None:
    _, _, err = run(repo, GITLAB)
    start = re.search(
        r"\x1b\[0Ksection_start:\d+:(launchgate_checks)\[collapsed=true\]\r\x1b\[0K", err
    )
    assert start, err
    assert re.search(rf"\x1b\[0Ksection_end:\d+:{start.group(1)}\r\x1b\[0K", err)


def test_a_terminal_gets_plain_lines_and_a_pipe_none(repo: Path) -> None:
    _, _, err = run(repo, {}, err=Terminal())
    assert "launchgate: secrets started" in err and "::group::" not in err and "\x1b" not in err
    _, _, piped = run(repo, {})
    assert "started" not in piped


@pytest.mark.network
def test_the_performance_phase_counts_requests(tmp_path: Path) -> None:
    server = PerfServer().start()
    try:
        url = f"http://127.0.0.1:{server.port}/api"
        config = tmp_path / "launchgate.yml"
        config.write_text(
            "version: 1\nproject: p\nperformance:\n  samples: 6\n  warmup: 1\n"
            f"  endpoints:\n    - {{url: '{url}', p95: 5s}}\n",
            encoding="utf-8",
        )
        err = io.StringIO()
        options = gate.GateOptions(config=config, color=False)
        gate.run(options, environ=GITHUB, out=io.StringIO(), err=err)
    finally:
        server.stop()
    text = err.getvalue()
    assert "::group::launchgate: performance phase, " in text
    assert f"launchgate: performance {url}: 6/6 requests" in text
    assert text.count("::group::") == text.count("::endgroup::")


def test_request_lines_are_throttled_but_the_last_one_always_shows() -> None:
    now = [0.0]
    stream = io.StringIO()
    progress = StderrProgress(stream, {}, clock=lambda: now[0])
    for done in range(1, 101):
        now[0] += 0.05
        progress(ProgressEvent("requests", "https://a.test/", done, 100))
    lines = stream.getvalue().splitlines()
    assert lines[-1].endswith("100/100 requests")
    assert 2 <= len(lines) <= 5, lines
