"""Reading, comparing and (with ``--update-baseline``) writing the baseline during a run.

Each endpoint check writes its own entry as soon as it is measured (read, merge, atomic write,
under one lock), so the file is right whatever order the checks run in. The single
``performance.baseline`` result, planned after the endpoints, says what was read or written.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from launchgate.checks.performance import baseline as store
from launchgate.checks.performance import judge
from launchgate.checks.performance.measure import Measurement
from launchgate.checks.performance.rules import BASELINE, REGRESSION
from launchgate.core.model import Result, Severity
from launchgate.core.rules import RunContext
from launchgate.net.timed import display_url

UPDATE_HINT = "run `launchgate check --only performance --update-baseline` and commit the file"


@dataclass
class _State:
    """The baseline as read at the start of the run, and what this run wrote."""

    path: Path
    shown: str
    baseline: store.Baseline | None = None
    problem: str | None = None
    written: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def _state(ctx: RunContext) -> _State | None:
    perf = ctx.config.performance
    if perf is None or not perf.baseline:
        return None
    return ctx.shared("performance.baseline", lambda: _load(ctx, perf.baseline or ""))


def _load(ctx: RunContext, configured: str) -> _State:
    state = _State(path=ctx.path(configured), shown=configured)
    try:
        state.baseline = store.load(state.path)
    except store.BaselineError as exc:
        state.problem = str(exc)
    return state


def baseline_step(ctx: RunContext, url: str, m: Measurement) -> Iterator[Result]:
    """Compare one endpoint with the baseline, or record it there with --update-baseline."""
    state = _state(ctx)
    if state is None:
        return
    summary = m.summary()
    if ctx.update_baseline:
        yield _record(ctx, state, url, m)
        return
    if state.baseline is None or summary is None:
        return  # the baseline note or the latency error already says why
    old = state.baseline.endpoints.get(url, {})
    old_p95 = state.baseline.p95_ms(url)
    perf = ctx.config.performance
    assert perf is not None
    if old_p95 is None:
        yield REGRESSION.skip(f"no baseline figure for {url} yet: {UPDATE_HINT}", url)
    elif old.get("connections", perf.connections) != perf.connections:
        yield REGRESSION.skip(
            f"the baseline of {url} was measured with connections: {old.get('connections')}, "
            f"this run uses {perf.connections}; {UPDATE_HINT}",
            url,
        )
    else:
        yield judge.regression_result(url, summary.p95, old_p95, perf.max_regression)


def _record(ctx: RunContext, state: _State, url: str, m: Measurement) -> Result:
    perf = ctx.config.performance
    assert perf is not None
    summary = m.summary()
    if summary is None or len(m.errors) > perf.max_errors:
        return REGRESSION.skip(f"baseline not updated for {url}: its requests failed", url)
    how = {"connections": perf.connections, "concurrency": perf.concurrency}
    figures = store.entry(judge.figures(m, 0.0), how)
    keep = [display_url(e.url) for e in perf.endpoints]
    with state.lock:
        try:
            current = store.load(state.path)
        except store.BaselineError:
            current = None  # replaced by a good one
        try:
            store.save(state.path, store.merged(current, {url: figures}, keep))
        except OSError as exc:
            return REGRESSION.error(f"could not write the baseline {state.shown}: {exc}", url)
        state.written.append(url)
    was = state.baseline.p95_ms(url) if state.baseline else None
    before = f" (was {was:.1f} ms)" if was is not None else ""
    return REGRESSION.passed(
        f"baseline updated: p95 {summary.p95:.1f} ms{before}", url, data=figures
    )


def baseline_note(ctx: RunContext) -> Iterator[Result]:
    """performance.baseline: what was read or written (a missing baseline is only a note)."""
    state = _state(ctx)
    if ctx.offline:
        yield BASELINE.skip("offline run: no latency was measured, so the baseline was not used")
    elif state is None:
        yield _unconfigured(ctx)
    elif ctx.update_baseline:
        yield _written_note(state)
    elif state.problem:
        yield BASELINE.error(
            f"the baseline {state.shown} cannot be used, so regressions were not checked: "
            f"{state.problem}",
            severity=Severity.HIGH,
            file=state.shown,
            remediation=f"Fix or delete the file, then {UPDATE_HINT}.",
        )
    elif state.baseline is None:
        yield BASELINE.passed(
            f"no baseline at {state.shown} yet, so regressions were not checked; {UPDATE_HINT}",
            data={"path": state.shown},
        )
    else:
        count = len(state.baseline.endpoints)
        yield BASELINE.passed(
            f"read the baseline {state.shown} (figures of {count} endpoint(s))",
            file=state.shown,
            data={"path": state.shown, "endpoints": count},
        )


def _unconfigured(ctx: RunContext) -> Result:
    if ctx.update_baseline:
        return BASELINE.warn(
            "--update-baseline was given but performance.baseline is not set: nothing was written",
            severity=Severity.LOW,
            remediation="Add `baseline: .launchgate/baseline.json` under `performance:`.",
        )
    return BASELINE.skip(
        "no performance.baseline configured: p95 regressions between deploys are not checked",
        remediation="Add `baseline: .launchgate/baseline.json` under `performance:`.",
    )


def _written_note(state: _State) -> Result:
    if not state.written:
        return BASELINE.warn(
            f"nothing written to {state.shown}: no endpoint was measured without errors",
            severity=Severity.LOW,
        )
    return BASELINE.passed(
        f"wrote the figures of {len(state.written)} endpoint(s) to {state.shown}; commit it",
        file=state.shown,
        data={"path": state.shown, "endpoints": len(state.written)},
    )
