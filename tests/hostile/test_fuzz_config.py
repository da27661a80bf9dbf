"""A quick fuzz pass over the config loader and the gate: every config ends in exit 0, 1 or
2, never 3 and never a traceback, within a time bound. ``benchmarks/config_fuzz.py`` runs
the same strategy over at least 10,000 configs and prints the outcome counts.

In-process (``launchgate.cli.main``, as the console script calls it), offline, on an empty
project: a subprocess per example would make a useful number of examples take minutes."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings

from launchgate.cli import main
from tests.hostile.config_strategy import configs

BOUND = 20  # seconds one config may take


def run_config(text: str, root: Path) -> tuple[int | None, str]:
    """Exit code and stderr of ``launchgate check --offline`` on this config text; a check
    that crashed (an ERROR result saying so) counts as a traceback."""
    (root / "launchgate.yml").write_text(text, encoding="utf-8", errors="surrogatepass")
    (root / "r.json").unlink(missing_ok=True)
    out, err = io.StringIO(), io.StringIO()

    def too_slow(signum: int, frame: object) -> None:
        raise TimeoutError(f"a config took more than {BOUND}s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    cwd = os.getcwd()
    os.chdir(root)
    signal.alarm(BOUND)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["check", "--offline", "--json", "r.json"])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        os.chdir(cwd)
    return code, err.getvalue() + _crashes(root / "r.json")


def _crashes(report: Path) -> str:
    if not report.is_file():
        return ""
    results = json.loads(report.read_text())["results"]
    crashed = [r["message"] for r in results if "crashed" in r["message"] or r["id"] == "core.plan"]
    return "".join(f"\nTraceback (a check crashed): {m}" for m in crashed)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=configs())
# Shapes that once crashed or hung: always tried, whatever the draw.
@example(text="version: 1\nsecrets: {max_file_size: 100000000000000000000000000000MiB}\n")
@example(text="version: 1\ntimeout: 99999999999d\nenv: {vars: {A: {required: false}}}\n")
@example(text="version: 1\nperformance: {samples: 100000000000000000000, endpoints: []}\n")
def test_every_config_ends_in_0_1_or_2_without_a_traceback(tmp_path: Path, text: str) -> None:
    code, err = run_config(text, tmp_path)
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err and "internal error" not in err, err
