"""``launchgate merge``: one verdict and one set of reports from the JSON reports of
``check --shard I/N`` jobs, with the exit code a single run would give.

Every report format in ``launchgate.report.FORMATS`` gets its ``--<format> PATH`` option here,
so a format added there is available to merge too.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from launchgate.core.exitcodes import (
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_PASSED,
    EXIT_USAGE,
    UsageError,
)
from launchgate.core.model import GateReport
from launchgate.core.shard import ShardError, check_complete, merge_reports
from launchgate.report import FORMATS


def read_report(path: Path) -> GateReport:
    from launchgate.report.json import from_dict

    try:
        return from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{path} is not a launchgate JSON report ({exc})") from None


def merge_files(
    paths: list[Path], reports: dict[str, Path], verbose: bool, color: bool | None
) -> int:
    from launchgate import gate
    from launchgate.config.model import GateConfig
    from launchgate.core.rules import RunContext

    if not paths:
        raise UsageError("merge needs the JSON reports of every shard (check --shard I/N --json …)")
    loaded = [(str(p), read_report(p)) for p in paths]
    try:
        check_complete(loaded)
        merged = merge_reports([report for _, report in loaded])
    except ShardError as exc:
        raise UsageError(str(exc)) from None
    gate.check_report_paths(reports)
    environ = dict(os.environ)
    options = gate.GateOptions(reports=reports, verbose=verbose, color=color)
    ctx = RunContext(config=GateConfig(version=1), base_dir=Path.cwd(), environ=environ)
    problems = gate.emit(merged, options, ctx, environ, sys.stdout)
    for problem in problems:
        click.echo(f"launchgate: {problem.message}", err=True)
    if any(p.internal for p in problems):
        return EXIT_INTERNAL
    if problems:
        return EXIT_USAGE
    return EXIT_PASSED if merged.summary.passed else EXIT_FAILED


def _format_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for fmt in reversed(list(FORMATS)):
        func = click.option(
            f"--{fmt}",
            f"report_{fmt}",
            type=click.Path(path_type=Path),
            help=f"Write the merged {fmt} report here.",
        )(func)
    return func


@click.command(name="merge")
@click.argument("shard_reports", nargs=-1, type=click.Path(path_type=Path, dir_okay=False))
@_format_options
@click.option("-v", "--verbose", is_flag=True, help="Show passes and every detail.")
@click.option("--no-color", is_flag=True, help="No colours (NO_COLOR is honoured too).")
def command(
    shard_reports: tuple[Path, ...], verbose: bool, no_color: bool, **formats: Path | None
) -> None:
    """Merge the JSON reports of `check --shard I/N` jobs into one verdict and report set.

    \b
    Exit codes: 0 passed · 1 failed · 2 a shard missing, doubled or from another run,
    or a report that cannot be written · 3 a bug in launchgate.
    """
    reports = {
        name.removeprefix("report_"): path for name, path in formats.items() if path is not None
    }
    color = False if no_color else None
    raise SystemExit(merge_files(list(shard_reports), reports, verbose, color))
