"""Scheduling: run checks concurrently with timeouts, isolate failures, build the GateReport.

Checks wait on the network, so threads are right. A thread cannot be killed: a check that
overruns its timeout is abandoned (daemon thread) and reported as an ERROR, and its slot is
given to the next check, so one hanging server can never stall the gate.
"""

from __future__ import annotations

import fnmatch
import socket
import threading
import time
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from launchgate import __version__
from launchgate.core.diagnosis import blocking_roots, diagnose
from launchgate.core.model import GateReport, Result, Severity, Status, Summary
from launchgate.core.rules import PLAN_RULE, Check, CheckFamily, RunContext

if TYPE_CHECKING:
    from launchgate.config.model import GateConfig

MAX_PARALLEL = 48  # checks wait on the network, not the CPU
MIN_CHECK_TIMEOUT = 30.0
POLL_INTERVAL = 0.01

OFFLINE_NOTE = "not run: --offline was given and this check needs the network"


@dataclass
class _Job:
    check: Check
    timeout: float
    started: float | None = None
    finished: float | None = None
    results: list[Result] = field(default_factory=list)
    done: threading.Event = field(default_factory=threading.Event)


def check_timeout(check: Check, config: GateConfig) -> float:
    """A check's own timeout, else several network operations' worth of the run's timeout."""
    if check.timeout is not None:
        return check.timeout
    return max(MIN_CHECK_TIMEOUT, 6 * config.timeout)


def plan(
    config: GateConfig, areas: Sequence[str], families: Mapping[str, CheckFamily], verbose: bool
) -> tuple[list[Check], list[Result]]:
    """Every area's checks; an area whose planning raises becomes one ERROR result."""
    checks: list[Check] = []
    problems: list[Result] = []
    for area in areas:
        try:
            checks.extend(families[area].plan(config))
        except Exception as exc:  # a bug in one family must not lose the others
            details = traceback.format_exc().splitlines() if verbose else ()
            problems.append(
                PLAN_RULE.error(
                    f"could not plan the {area} checks: {_reason(exc)}", area, details=details
                )
            )
    return checks, problems


def execute(check: Check, ctx: RunContext) -> list[Result]:
    """Run one check; an exception becomes its ERROR result with a short reason."""
    try:
        return list(check.run(ctx))
    except Exception as exc:
        details = traceback.format_exc().splitlines() if ctx.verbose else ()
        return [
            check.rule.error(
                f"could not verify: the check crashed ({_reason(exc)})",
                check.target,
                details=details,
                remediation="This is a bug in launchgate or an input it does not handle; "
                "run with -v for the traceback and report it.",
            )
        ]


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _worker(job: _Job, ctx: RunContext) -> None:
    try:
        job.results = execute(job.check, ctx)
    finally:
        job.finished = time.monotonic()
        job.done.set()


def run_jobs(checks: Sequence[Check], ctx: RunContext, parallel: int) -> list[_Job]:
    """Run checks with at most ``parallel`` at once; overrunning ones are abandoned as errors."""
    jobs = [_Job(c, check_timeout(c, ctx.config)) for c in checks]
    pending = list(jobs)
    running: list[_Job] = []
    while pending or running:
        while pending and len(running) < parallel:
            job = pending.pop(0)
            job.started = time.monotonic()
            threading.Thread(
                target=_worker, args=(job, ctx), daemon=True, name=job.check.id
            ).start()
            running.append(job)
        time.sleep(POLL_INTERVAL)
        running = [j for j in running if not _settled(j)]
    return jobs


def _settled(job: _Job) -> bool:
    if job.done.is_set():
        return True
    assert job.started is not None
    if time.monotonic() - job.started <= job.timeout:
        return False
    job.finished = time.monotonic()
    job.results = [
        job.check.rule.error(
            f"could not verify: the check did not finish within its {job.timeout:g}s timeout",
            job.check.target,
            remediation="A server or resolver is not answering. Check that it is up and "
            "reachable from here, or raise `timeout` in launchgate.yml.",
        )
    ]
    job.done.set()
    return True


def run_gate(
    config: GateConfig,
    ctx: RunContext,
    areas: Sequence[str],
    families: Mapping[str, CheckFamily],
    parallel: int = MAX_PARALLEL,
) -> GateReport:
    """Plan, run (main phase concurrently, then performance alone) and judge the gate."""
    started_at = datetime.now(timezone.utc)
    t0 = time.monotonic()
    checks, results = plan(config, areas, families, ctx.verbose)
    offline = [c for c in checks if ctx.offline and c.network]
    runnable = [c for c in checks if c not in offline]
    main_jobs = run_jobs([c for c in runnable if c.phase != "performance"], ctx, parallel)
    perf_jobs = run_jobs([c for c in runnable if c.phase == "performance"], ctx, 1)
    jobs = main_jobs + perf_jobs
    for job in jobs:
        duration = (job.finished or time.monotonic()) - (job.started or t0)
        results.extend(_with_duration(r, duration) for r in job.results)
    results.extend(c.rule.skip(OFFLINE_NOTE, c.target) for c in offline)
    final = finalize(results, config, {c.id: c for c in checks})
    return build_report(config, ctx, final, jobs, started_at, time.monotonic() - t0)


def _with_duration(result: Result, duration: float) -> Result:
    return result if result.duration else result.with_changes(duration=round(duration, 6))


def matches(check_id: str, pattern: str) -> bool:
    """A pattern matches a whole check id or its rule id (the id without ``:target``);
    ``rule:*`` also matches the rule's results that have no target."""
    rule_id = check_id.split(":", 1)[0]
    if fnmatch.fnmatchcase(check_id, pattern) or fnmatch.fnmatchcase(rule_id, pattern):
        return True
    return pattern.endswith(":*") and fnmatch.fnmatchcase(rule_id, pattern[:-2])


def finalize(
    results: Iterable[Result], config: GateConfig, checks: dict[str, Check]
) -> list[Result]:
    """Apply ignore and severity overrides, demote failures below fail_on, locate, de-duplicate,
    then name each failure's layer and tie consequences to their cause."""
    out: list[Result] = []
    seen: dict[str, int] = {}
    for result in results:
        if any(matches(result.check_id, p) for p in config.ignore):
            continue
        result = _override_severity(result, config)
        result = _demote_below_threshold(result, config.fail_on_severity)
        result = _locate(result, config, checks)
        seen[result.check_id] = seen.get(result.check_id, 0) + 1
        if seen[result.check_id] > 1:
            result = result.with_changes(check_id=f"{result.check_id}#{seen[result.check_id]}")
        out.append(result)
    return diagnose(out)


def _override_severity(result: Result, config: GateConfig) -> Result:
    chosen = None
    for pattern, severity in config.severity.items():
        if matches(result.check_id, pattern):
            chosen = severity  # the last matching pattern wins, as in most ignore files
    return result.with_changes(severity=Severity(chosen)) if chosen else result


def _demote_below_threshold(result: Result, fail_on: Severity) -> Result:
    """A failure below fail_on is reported as a warning and does not fail the build."""
    if result.status is Status.FAIL and not result.severity.at_least(fail_on):
        return result.with_changes(status=Status.WARN)
    return result


def _locate(result: Result, config: GateConfig, checks: dict[str, Check]) -> Result:
    """Point a result with no file at the line of launchgate.yml that asked for it."""
    if result.file or not config.source.path:
        return result
    check = checks.get(result.check_id) or _check_of_rule(result, checks)
    key = check.config_key if check and check.config_key else result.area
    line = config.source.line_of(key)
    return result.with_changes(file=config.source.path, line=line) if line else result


def _check_of_rule(result: Result, checks: dict[str, Check]) -> Check | None:
    for check in checks.values():
        if check.rule.area == result.area and check.target and check.target == result.target:
            return check
    for check in checks.values():
        if check.rule.area == result.area:
            return check
    return None


def build_report(
    config: GateConfig,
    ctx: RunContext,
    results: list[Result],
    jobs: Sequence[_Job],
    started_at: datetime,
    duration: float,
) -> GateReport:
    """Summarise, then pass everything through the redactor: reporters only see this."""
    fail_on = config.fail_on_severity
    failing = len(blocking_roots(results, fail_on))  # a cause counts once, with its consequences
    counts = {s.value: sum(1 for r in results if r.status is s) for s in Status}
    report = GateReport(
        project=config.project,
        results=tuple(results),
        summary=Summary(
            passed=failing == 0,
            fail_on=fail_on,
            counts=counts,
            failing=failing,
            duration=round(duration, 3),
        ),
        started_at=started_at.isoformat(timespec="seconds"),
        hostname=socket.gethostname(),
        config_file=config.source.path,
        area_durations=area_wall_times(jobs),
        inventories=dict(ctx.inventories),
        version=__version__,
    )
    scrubbed: GateReport = ctx.redactor.scrub_any(report)
    return scrubbed


def area_wall_times(jobs: Sequence[_Job]) -> dict[str, float]:
    """Per area, first start to last finish: the wall time, not the sum of concurrent checks."""
    spans: dict[str, tuple[float, float]] = {}
    for job in jobs:
        if job.started is None or job.finished is None:
            continue
        lo, hi = spans.get(job.check.area, (job.started, job.finished))
        spans[job.check.area] = (min(lo, job.started), max(hi, job.finished))
    return {area: round(hi - lo, 3) for area, (lo, hi) in spans.items()}
