"""One gate run from options to exit code: config, context, runner, reports, console.

``cli.py`` only parses options into ``GateOptions`` and calls ``run``.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from launchgate.checks.base import PLAN_RULE, RunContext
from launchgate.config import EnvConfig, GateConfig, SecretsConfig
from launchgate.configload import ConfigError, find_config, load_config
from launchgate.model import AREAS, GateReport
from launchgate.redact import Redactor
from launchgate.report import FORMATS, console, github, markdown
from launchgate.report.write import write_atomic
from launchgate.runner import build_report, run_gate

EXIT_PASSED, EXIT_FAILED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3
DEFAULT_NOTE = (
    "No launchgate.yml here: ran the built-in default (environment and secret checks on this "
    "directory). Run `launchgate init --domain example.com` to write a config with every check."
)


class UsageError(Exception):
    """Bad options: exit code 2."""


@dataclass(frozen=True)
class GateOptions:
    config: Path | None = None
    reports: Mapping[str, Path] = field(default_factory=dict)
    only: Sequence[str] = ()
    skip: Sequence[str] = ()
    offline: bool = False
    fail_on: str | None = None
    nameservers: Sequence[str] = ()
    verbose: bool = False
    color: bool | None = None
    diff_base: str | None = None
    update_baseline: bool = False
    files: Sequence[str] | None = None


def default_config() -> GateConfig:
    """What runs with no config file: the local checks on the current directory."""
    return GateConfig(version=1, env=EnvConfig(), secrets=SecretsConfig())


def select_areas(only: Sequence[str], skip: Sequence[str]) -> list[str]:
    for area in [*only, *skip]:
        if area not in AREAS:
            raise UsageError(f"unknown area '{area}': choose from {', '.join(AREAS)}")
    chosen = [a for a in AREAS if not only or a in only]
    return [a for a in chosen if a not in skip]


def resolve_config(options: GateOptions, environ: Mapping[str, str], err: TextIO) -> GateConfig:
    path = options.config or find_config(Path.cwd())
    if options.config is not None and not options.config.is_file():
        raise ConfigError(f"config file not found: {options.config}")
    if path is None:
        err.write(DEFAULT_NOTE + "\n")
        config = default_config()
    else:
        config = load_config(path, environ)
    return apply_overrides(config, options)


def apply_overrides(config: GateConfig, options: GateOptions) -> GateConfig:
    from launchgate.schema import parse_host_port

    if options.fail_on:
        config = replace(config, fail_on=options.fail_on)  # type: ignore[arg-type]
    if options.nameservers:
        try:
            servers = tuple(parse_host_port(ns) for ns in options.nameservers)
        except ValueError as exc:
            raise UsageError(f"--nameserver: {exc}") from None
        config = replace(config, network=replace(config.network, nameservers=servers))
    return config


def make_context(
    config: GateConfig, options: GateOptions, environ: Mapping[str, str]
) -> RunContext:
    base_dir = Path(config.source.path).resolve().parent if config.source.path else Path.cwd()
    return RunContext(
        config=config,
        base_dir=base_dir,
        environ=dict(environ),
        redactor=Redactor(),
        offline=options.offline,
        verbose=options.verbose,
        diff_base=options.diff_base,
        update_baseline=options.update_baseline,
        files=tuple(options.files) if options.files else None,
    )


def run(
    options: GateOptions,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Run the gate; return the exit code. Config and usage problems raise for the CLI (exit 2)."""
    environ = dict(os.environ if environ is None else environ)
    out = out or sys.stdout
    err = err or sys.stderr
    areas = select_areas(options.only, options.skip)
    config = resolve_config(options, environ, err)
    ctx = make_context(config, options, environ)
    internal_error = False
    try:
        report = run_gate(config, ctx, areas)
    except Exception as exc:  # a bug in the runner itself: still write every report
        internal_error = True
        report = crash_report(config, ctx, exc)
    emit(report, options, ctx, environ, out)
    if internal_error:
        return EXIT_INTERNAL
    return EXIT_PASSED if report.summary.passed else EXIT_FAILED


def crash_report(config: GateConfig, ctx: RunContext, exc: Exception) -> GateReport:
    details = traceback.format_exc().splitlines() if ctx.verbose else ()
    result = PLAN_RULE.error(f"launchgate crashed: {type(exc).__name__}: {exc}", details=details)
    now = datetime.now(timezone.utc)
    return build_report(config, ctx, [result], [], now, 0.0)


def emit(
    report: GateReport,
    options: GateOptions,
    ctx: RunContext,
    environ: Mapping[str, str],
    out: TextIO,
) -> None:
    """Write report files first (they must survive a broken pipe), then talk to the console."""
    for fmt, path in options.reports.items():
        write_atomic(path, FORMATS[fmt](report))
    on_github = environ.get("GITHUB_ACTIONS") == "true"
    if on_github:
        for line in github.mask_commands(ctx.redactor.values):
            out.write(line + "\n")
    color = options.color if options.color is not None else _auto_color(out, environ)
    out.write(console.render(report, verbose=options.verbose, color=color))
    if on_github:
        for line in github.annotation_lines(report):
            out.write(line + "\n")
        github.write_step_files(report, markdown.render(report), environ)
    out.flush()


def _auto_color(out: TextIO, environ: Mapping[str, str]) -> bool:
    if "NO_COLOR" in environ and environ["NO_COLOR"] != "":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty()) if callable(isatty) else False
