"""What the acceptance suites share: run the gate as the CLI does, and check what it wrote.

``tests/acceptance_contract`` drives ``launchgate check`` in-process, ``acceptance_local`` gates
a project on disk with every report, ``acceptance_net`` gates a shop on loopback servers; all
three run through ``run_gate`` or the CLI and hold every JSON report to ``assert_well_formed``.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, TextIO

from launchgate import gate
from launchgate.checks.registry import all_rules


@contextlib.contextmanager
def working_dir(path: Path | None) -> Iterator[None]:
    """Run the block in ``path`` (as a CI job runs in its checkout); None stays put."""
    if path is None:
        yield
        return
    cwd = Path.cwd()
    os.chdir(path)
    try:
        yield
    finally:
        os.chdir(cwd)


def run_gate(
    config: Path,
    reports: Mapping[str, Path],
    *,
    environ: Mapping[str, str],
    cwd: Path | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    **options: Any,
) -> tuple[int, str, str]:
    """One ``gate.run`` as the CLI makes it (no colour): (exit code, stdout, stderr)."""
    out = out if out is not None else io.StringIO()
    err = err if err is not None else io.StringIO()
    opts = gate.GateOptions(config=config, reports=dict(reports), color=False, **options)
    with working_dir(cwd):
        code = gate.run(opts, environ=dict(environ), out=out, err=err)
    return code, _text(out), _text(err) if err is not out else ""


def _text(stream: TextIO) -> str:
    return stream.getvalue() if isinstance(stream, io.StringIO) else ""


def assert_well_formed(report: Mapping[str, Any]) -> None:
    """Every run: unique ids, every rule explainable, one-line messages."""
    rules = all_rules()
    ids = [r["id"] for r in report.get("results", [])]
    assert len(ids) == len(set(ids)), ids
    for result in report.get("results", []):
        assert result["rule"] in rules, f"unregistered rule {result['rule']}"
        assert "\n" not in result["message"], result["message"]
