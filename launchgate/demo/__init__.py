"""``launchgate demo``: a complete sandboxed shop on loopback, gated end to end.

No network is needed: DNS, HTTP and HTTPS servers run in this process on 127.0.0.1, with a
throwaway CA. Most checks pass; a handful fail the way real launches fail. Every report format
is written to the output folder, and the exit code is the gate's.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from launchgate import gate
from launchgate.demo.config import demo_config
from launchgate.demo.project import build_project, make_secrets
from launchgate.demo.world import running_world

REPORTS = {
    "junit": "junit.xml",
    "json": "launchgate.json",
    "sarif": "launchgate.sarif",
    "markdown": "summary.md",
    "handover": "handover.md",
}


def demo_environ() -> dict[str, str]:
    """Only what a subprocess needs: the shop's own env file must decide, not this shell."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "NO_COLOR", "TERM")
    return {k: os.environ[k] for k in keep if k in os.environ}


def run_demo(output: Path, out: TextIO | None = None, verbose: bool = False) -> int:
    out = out or sys.stdout
    output = output.resolve()
    output.mkdir(parents=True, exist_ok=True)
    shop = build_project(output / "shop", make_secrets())
    out.write(
        f"launchgate demo: a sandboxed shop in {shop}, its DNS and web servers on 127.0.0.1\n\n"
    )
    with running_world(output) as world:
        config = shop / "launchgate.yml"
        config.write_text(demo_config(world), encoding="utf-8")
        options = gate.GateOptions(
            config=config,
            reports={fmt: output / name for fmt, name in REPORTS.items()},
            verbose=verbose,
        )
        code = gate.run(options, environ=demo_environ(), out=out)
    out.write(f"\nReports: {', '.join(str(output / n) for n in REPORTS.values())}\n")
    return code
