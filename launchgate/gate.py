"""One gate run from options to exit code: config, context, runner, reports, console.

``cli.py`` only parses options into ``GateOptions`` and calls ``run``.
"""

from __future__ import annotations

import difflib
import fnmatch
import io
import os
import sys
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TextIO

from launchgate.checks.registry import AREAS, FAMILIES
from launchgate.checks.sites import configures, for_sites
from launchgate.config.load import ConfigError
from launchgate.config.model import GateConfig
from launchgate.config.resolve import check_ca_bundle, default_config, load_or_default
from launchgate.core.exitcodes import (
    EXIT_FAILED,
    EXIT_INTERNAL,
    EXIT_PASSED,
    EXIT_USAGE,
    UsageError,
)
from launchgate.core.model import GateReport, Severity
from launchgate.core.progress import Progress, StderrProgress, silent, wanted
from launchgate.core.redact import Redactor
from launchgate.core.rules import PLAN_RULE, CheckFamily, RunContext
from launchgate.core.runner import RunInterrupted, build_report, run_gate
from launchgate.core.shard import Shard, plan_shard, shard_families
from launchgate.repo.git import foreign_checkouts, ownership_note
from launchgate.report import FORMATS, console, github, markdown
from launchgate.report.write import write_atomic


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
    quiet: bool = False  # no progress lines on stderr
    shard: Shard | None = None


def select_areas(only: Sequence[str], skip: Sequence[str]) -> list[str]:
    for area in [*only, *skip]:
        if area not in AREAS:
            raise UsageError(f"unknown area '{area}': choose from {', '.join(AREAS)}")
    chosen = [a for a in AREAS if not only or a in only]
    return [a for a in chosen if a not in skip]


def resolve_config(options: GateOptions, environ: Mapping[str, str], err: TextIO) -> GateConfig:
    config = load_or_default(options.config, environ, err)
    if not configured_areas(config):
        # A config with no check section would check nothing and pass: run what running
        # with no config runs, and say so.
        defaults = default_config()
        config = replace(config, env=defaults.env, secrets=defaults.secrets)
        err.write(
            f"launchgate: {config.source.path or 'the config'} has no check section "
            f"({', '.join(AREAS)}): ran the built-in default (environment and secret checks).\n"
        )
    return apply_overrides(config, options)


def configured_areas(config: GateConfig) -> list[str]:
    return [a for a in AREAS if configures(config, a)]


def areas_to_run(config: GateConfig, areas: Sequence[str], options: GateOptions) -> list[str]:
    """The selected areas the config configures; none at all is a usage error, never a pass."""
    chosen = [a for a in areas if configures(config, a)]
    if chosen:
        return chosen
    given = " ".join(
        [f"--only {','.join(options.only)}"] * bool(options.only)
        + [f"--skip {','.join(options.skip)}"] * bool(options.skip)
    )
    if not areas:
        raise UsageError(f"{given} leaves no area to check: nothing would run")
    where = config.source.path or "the built-in default"
    raise UsageError(
        f"{given}: {where} has no {' or '.join(areas)} section, so nothing would be checked "
        f"(it configures {', '.join(configured_areas(config))})"
    )


def check_patterns(config: GateConfig) -> None:
    """``severity:`` and ``ignore:`` patterns must name a check: a typo would silently do nothing."""
    from launchgate.checks.registry import all_rules

    rules = sorted(all_rules())
    entries = [(f"severity.{p}", p) for p in config.severity]
    entries += [(f"ignore.{i}", p) for i, p in enumerate(config.ignore)]
    for key, pattern in entries:
        head = pattern.split(":", 1)[0]
        if any(fnmatch.fnmatchcase(rule, head) for rule in rules):
            continue
        close = difflib.get_close_matches(head, rules, n=1, cutoff=0.7)
        hint = f" (did you mean '{close[0]}'?)" if close else ""
        line, column = config.source.locations.get(key, (None, None))
        raise ConfigError(
            f"{key.split('.')[0]}: '{pattern}' matches no check{hint}; "
            "`launchgate explain` lists the check ids",
            config.source.path,
            line,
            column,
        )


def apply_overrides(config: GateConfig, options: GateOptions) -> GateConfig:
    from launchgate.config.convert import parse_nameserver

    if options.fail_on:
        config = replace(config, fail_on=options.fail_on)  # type: ignore[arg-type]
    if options.nameservers:
        try:
            servers = tuple(parse_nameserver(ns) for ns in options.nameservers)
        except ValueError as exc:
            raise UsageError(f"--nameserver: {exc}") from None
        config = replace(config, network=replace(config.network, nameservers=servers))
    return config


def make_context(
    config: GateConfig,
    options: GateOptions,
    environ: Mapping[str, str],
    progress: Progress = silent,
) -> RunContext:
    base_dir = Path(config.source.path).resolve().parent if config.source.path else Path.cwd()
    return RunContext(
        config=config,
        base_dir=base_dir,
        environ=dict(environ),
        redactor=_redactor_for(config),
        offline=options.offline,
        verbose=options.verbose,
        diff_base=options.diff_base,
        update_baseline=options.update_baseline,
        files=tuple(options.files) if options.files else None,
        progress=progress,
    )


AfterRun = Callable[[GateReport, GateConfig, RunContext, TextIO], list[str]]


def _redactor_for(config: GateConfig) -> Redactor:
    """The run's redactor, knowing every password in a configured URL before anything runs."""
    redactor = Redactor(config.secret_values())  # webhook URLs, SMTP login: known first
    redactor.add_userinfo_of(config)
    return redactor


def run(
    options: GateOptions,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    after: AfterRun | None = None,
) -> int:
    """Run the gate; return the exit code. Config and usage problems raise for the CLI (exit 2).

    ``after`` (``check --notify``) gets the report once it is written; the problems it returns
    are reported like an unwritable report (exit 2).
    """
    environ = dict(os.environ if environ is None else environ)
    out = out or sys.stdout
    err = err or sys.stderr
    areas = select_areas(options.only, options.skip)
    check_report_paths(options.reports)
    config = resolve_config(options, environ, err)
    areas = areas_to_run(config, areas, options)
    check_patterns(config)
    check_ca_bundle(config, areas, options.offline)
    progress = StderrProgress(err, environ) if wanted(err, environ, options.quiet) else silent
    ctx = make_context(config, options, environ, progress)
    families = plan_families(config, areas, options.shard, ctx)
    internal_error = False
    try:
        report = run_gate(config, ctx, areas, families)
    except RunInterrupted as exc:  # what finished, marked as interrupted; then the exit
        write_files(exc.report, options, environ)
        raise
    except Exception as exc:  # a bug in the runner itself: still write every report
        internal_error = True
        report = crash_report(config, ctx, exc)
    problems = emit(report, options, ctx, environ, out)
    if after is not None:
        problems += [EmitProblem(message) for message in after(report, config, ctx, err)]
    for root, owner in foreign_checkouts().items():
        err.write(f"launchgate: {ownership_note(root, owner)}\n")
    for problem in problems:
        err.write(f"launchgate: {problem.message}\n")
    if internal_error or any(p.internal for p in problems):
        return EXIT_INTERNAL
    if problems:
        return EXIT_USAGE
    return EXIT_PASSED if report.summary.passed else EXIT_FAILED


def plan_families(
    config: GateConfig, areas: Sequence[str], shard: Shard | None, ctx: RunContext
) -> Mapping[str, CheckFamily]:
    """Every area's family, planning once per site; with a shard, only its share of checks."""
    families = for_sites(FAMILIES)
    if shard is None:
        return families
    plan = plan_shard(config, areas, families, shard)
    ctx.add_inventory("shard", plan.inventory())
    return shard_families(families, plan)


@dataclass(frozen=True)
class EmitProblem:
    """A report that could not be written: a bad path (exit 2) or a bug in a writer (exit 3)."""

    message: str
    internal: bool = False


def check_report_paths(reports: Mapping[str, Path]) -> None:
    """Fail before the run, not after it, on a report path that can never be written."""
    seen: dict[str, str] = {}
    for fmt, path in reports.items():
        if path.is_dir():
            raise UsageError(f"--{fmt} {path}: is a directory; give a file name")
        real = os.path.realpath(path)
        if real in seen:
            raise UsageError(
                f"--{seen[real]} and --{fmt} both write {path}: one would overwrite the other; "
                "give each report its own file"
            )
        seen[real] = fmt


def crash_report(config: GateConfig, ctx: RunContext, exc: Exception) -> GateReport:
    details = traceback.format_exc().splitlines() if ctx.verbose else ()
    message = f"launchgate crashed: {type(exc).__name__}: {exc}"
    # Critical, so no fail_on can turn a run that verified nothing into "GATE PASSED".
    result = PLAN_RULE.error(message, details=details, severity=Severity.CRITICAL)
    now = datetime.now(timezone.utc)
    return build_report(config, ctx, [result], [], now, 0.0)


def emit(
    report: GateReport,
    options: GateOptions,
    ctx: RunContext,
    environ: Mapping[str, str],
    out: TextIO,
) -> list[EmitProblem]:
    """Write every file first (reports, GitHub step files), then talk to the console.

    One report that cannot be written never stops the others, nor the console; a reader
    that goes away (``| head``) changes neither the files nor the verdict.
    """
    problems = write_files(report, options, environ)
    on_github = environ.get("GITHUB_ACTIONS") == "true"
    try:
        _talk(report, options, ctx, environ, out, on_github)
    except BrokenPipeError:
        _detach(out)
    return problems


def write_files(
    report: GateReport, options: GateOptions, environ: Mapping[str, str]
) -> list[EmitProblem]:
    """Every report file, and the GitHub step summary and outputs."""
    problems = [
        p for fmt, path in options.reports.items() if (p := _write_report(fmt, path, report))
    ]
    if environ.get("GITHUB_ACTIONS") == "true":
        try:
            github.write_step_files(report, markdown.render(report), environ)
        except OSError as exc:
            name = exc.filename or "$GITHUB_STEP_SUMMARY/$GITHUB_OUTPUT"
            problems.append(EmitProblem(f"cannot write {name}: {exc.strerror or exc}"))
    return problems


def _talk(
    report: GateReport,
    options: GateOptions,
    ctx: RunContext,
    environ: Mapping[str, str],
    out: TextIO,
    on_github: bool,
) -> None:
    # Masks before any other line, so GitHub hides the values from then on; only on a real
    # runner, which consumes them: anywhere else (a `| tee`, a wrapper) they print the value.
    if github.on_runner(environ):
        for line in github.mask_commands(ctx.redactor.values):
            out.write(line + "\n")
    color = options.color if options.color is not None else _auto_color(out, environ)
    out.write(console.render(report, verbose=options.verbose, color=color))
    if on_github:
        for line in github.annotation_lines(report):
            out.write(line + "\n")
    out.flush()


def _detach(out: TextIO) -> None:
    """Point a closed stdout at /dev/null so the exit flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, out.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _write_report(fmt: str, path: Path, report: GateReport) -> EmitProblem | None:
    try:
        text = FORMATS[fmt](report)
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"
        return EmitProblem(f"internal error writing the {fmt} report (a bug): {reason}", True)
    try:
        write_atomic(path, text)
    except OSError as exc:
        return EmitProblem(f"cannot write the {fmt} report to {path}: {exc.strerror or exc}")
    return None


def _auto_color(out: TextIO, environ: Mapping[str, str]) -> bool:
    if "NO_COLOR" in environ and environ["NO_COLOR"] != "":
        return False
    isatty = getattr(out, "isatty", None)
    return bool(isatty()) if callable(isatty) else False
