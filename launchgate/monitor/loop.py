"""``launchgate watch``: run the monitor areas every interval, alert on confirmed changes.

The loop survives everything a long-running monitor meets: a run that crashes, a resolver
that does not answer, a channel that is down (its retries run on their own thread), an
unwritable state file. A stop request (SIGINT/SIGTERM sets ``stop``) ends it within a
fraction of a second, even in the middle of a run: the run's threads are abandoned.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from launchgate.config.model import GateConfig
from launchgate.core.model import GateReport
from launchgate.core.redact import Redactor
from launchgate.monitor.dispatch import BACKOFF, Delivery, Dispatcher, Outcome
from launchgate.monitor.message import Alert, when
from launchgate.monitor.notifier import Sender, alert_for
from launchgate.monitor.state import load_state, save_state
from launchgate.monitor.transitions import CheckState, Step, should_notify, step

POLL = 0.05


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


@dataclass
class Monitor:
    """One monitor: its config, its state, its channels and where it logs."""

    config: GateConfig
    environ: Mapping[str, str]
    run_checks: Callable[[], GateReport]
    log: Callable[[str], None]
    redactor: Redactor
    state_path: Path
    confirm: int
    channels: list[Sender] = field(default_factory=list)
    dispatcher: Dispatcher | None = None
    states: dict[str, CheckState] = field(default_factory=dict)
    now: Callable[[], str] = utc_now

    def load(self) -> None:
        loaded = load_state(self.state_path)
        if loaded.problem:
            self.say(f"warning: {loaded.problem}")
        self.states = dict(loaded.states)

    def say(self, line: str) -> None:
        self.log(self.redactor.scrub(line))

    def advance(self, report: GateReport, started: float) -> Step:
        """Judge one run against the state, save the state, queue the alert, log one line."""
        at = self.now()
        outcome = step(self.states, report.results, report.summary.fail_on, at, self.confirm)
        on = self.config.notify.on if self.config.notify else "change"
        alert = None
        if should_notify(outcome, on):
            outcome, alert = alert_for(outcome, report, self.config, self.environ, at)
        self.states = dict(outcome.states)
        try:
            save_state(self.state_path, self.states, at)
        except OSError as exc:
            self.say(
                f"warning: cannot write the state file {self.state_path}: {exc.strerror or exc}"
            )
        self.say(run_line(at, report, outcome, time.monotonic() - started))
        if alert is not None:
            self.queue(alert)
        return outcome

    def queue(self, alert: Alert) -> None:
        if self.dispatcher is None:
            return
        label = f"{alert.verdict} alert of {when(alert.at)}"
        for channel in self.channels:
            self.dispatcher.submit(Delivery(channel.name, label, bind(channel.send, alert)))

    def report_outcome(self, outcome: Outcome) -> None:
        if outcome.ok:
            tries = f" after {outcome.attempts} attempts" if outcome.attempts > 1 else ""
            self.say(f"notify {outcome.channel}: {outcome.label} delivered{tries}")
        else:
            self.say(f"notify {outcome.channel}: {outcome.label} NOT delivered: {outcome.reason}")


def bind(send: Callable[[Alert], None], alert: Alert) -> Callable[[], None]:
    return lambda: send(alert)


def run_line(at: str, report: GateReport, outcome: Step, seconds: float) -> str:
    """``2026-12-04T17:40:03+00:00 DOWN 2 · 41 pass 2 fail · down: … · recovered: … · 1.4s``."""
    counts = report.summary.counts
    tally = " ".join(f"{n} {k}" for k, n in counts.items() if n) or "no checks"
    down = [c for c in outcome.changes if c.kind in ("down", "still_down")]
    verdict = f"DOWN {len(down)}" if down else "UP"
    parts = [at, verdict, tally]
    for kind, word in (("down", "went down"), ("recovered", "recovered")):
        ids = [c.check_id for c in outcome.of(kind)]
        if ids:
            shown = ", ".join(ids[:5]) + (f" +{len(ids) - 5}" if len(ids) > 5 else "")
            parts.append(f"{word}: {shown}")
    parts.append(f"{seconds:.1f}s")
    return " · ".join(parts)


def run_in_thread(run: Callable[[], GateReport], stop: threading.Event) -> GateReport | None:
    """The run, or None when ``stop`` is set first (the run's thread is left to finish alone)."""
    box: list[GateReport | BaseException] = []
    done = threading.Event()

    def target() -> None:
        try:
            box.append(run())
        except BaseException as exc:
            box.append(exc)
        finally:
            done.set()

    threading.Thread(target=target, daemon=True, name="launchgate run").start()
    while not done.wait(POLL):
        if stop.is_set():
            return None
    value = box[0]
    if isinstance(value, BaseException):
        raise value
    return value


def watch(
    monitor: Monitor,
    interval: float,
    count: int | None,
    stop: threading.Event,
    crash: Callable[[BaseException], GateReport],
) -> int:
    """Run until ``stop`` (or ``count`` runs); returns how many runs completed."""
    monitor.load()
    monitor.say(
        f"watching every {interval:g}s (down after {monitor.confirm} failing runs); "
        f"channels: {', '.join(c.name for c in monitor.channels) or 'none (log only)'}"
    )
    runs = 0
    next_start = time.monotonic()
    while not stop.is_set() and (count is None or runs < count):
        started = time.monotonic()
        try:
            report = run_in_thread(monitor.run_checks, stop)
        except Exception as exc:  # a bug in one run must not end the watch
            report = crash(exc)
        if report is None:
            break
        monitor.advance(report, started)
        runs += 1
        next_start = max(next_start + interval, time.monotonic())
        if count is not None and runs >= count:
            break
        stop.wait(max(0.0, next_start - time.monotonic()))
    return runs


def make_dispatcher(monitor: Monitor, backoff: tuple[float, ...] = BACKOFF) -> Dispatcher:
    dispatcher = Dispatcher(monitor.report_outcome, backoff)
    monitor.dispatcher = dispatcher
    return dispatcher
