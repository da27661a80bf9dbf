"""The three ways in: ``watch`` (the loop), ``check --notify`` (one run in scheduled CI) and
``notify --test``. Config and usage problems raise for the CLI (exit 2)."""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from launchgate.checks.registry import FAMILIES
from launchgate.checks.sites import configures, for_sites
from launchgate.config.convert import parse_duration
from launchgate.config.model import GateConfig
from launchgate.config.monitoring import MonitorConfig
from launchgate.config.resolve import check_ca_bundle, load_or_default
from launchgate.core.exitcodes import UsageError
from launchgate.core.model import GateReport
from launchgate.core.redact import Redactor
from launchgate.core.rules import RunContext
from launchgate.core.runner import run_gate
from launchgate.gate import GateOptions, crash_report, make_context
from launchgate.monitor.channels import DeliveryError
from launchgate.monitor.dispatch import BACKOFF, ONE_SHOT_BACKOFF, Dispatcher, Outcome
from launchgate.monitor.loop import Monitor, make_dispatcher, utc_now, watch
from launchgate.monitor.notifier import senders, test_alert

ONE_SHOT_WAIT = 60.0  # `check --notify`: the most a CI job waits for its alerts


def base_dir_of(config: GateConfig) -> Path:
    return Path(config.source.path).resolve().parent if config.source.path else Path.cwd()


def settings_of(config: GateConfig) -> MonitorConfig:
    return config.monitor or MonitorConfig()


def watched_areas(config: GateConfig) -> list[str]:
    areas: list[str] = [a for a in settings_of(config).areas if configures(config, a)]
    if not areas:
        wanted = ", ".join(settings_of(config).areas)
        raise UsageError(
            f"watch has nothing to check: the config has none of the monitor areas ({wanted}); "
            "add a dns, email, tls or http section (`launchgate init` writes them)"
        )
    return areas


def interval_of(config: GateConfig, given: str | None) -> float:
    if given is None:
        return settings_of(config).interval
    try:
        return parse_duration(given)
    except ValueError as exc:
        raise UsageError(f"--interval: {exc}") from None


def new_monitor(
    config: GateConfig,
    environ: Mapping[str, str],
    log: Callable[[str], None],
    run_checks: Callable[[], GateReport],
) -> Monitor:
    redactor = Redactor(config.secret_values())
    base = base_dir_of(config)
    monitor = Monitor(
        config=config,
        environ=environ,
        run_checks=run_checks,
        log=log,
        redactor=redactor,
        state_path=base / settings_of(config).state,
        confirm=settings_of(config).confirm,
    )
    monitor.channels = senders(config, base, redactor)
    return monitor


def line_writer(out: TextIO) -> Callable[[str], None]:
    def write(line: str) -> None:
        try:
            out.write(line + "\n")
            out.flush()
        except (OSError, ValueError):
            pass  # a closed log stream must not end the monitor

    return write


@contextmanager
def stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT and SIGTERM set ``stop`` (only the main thread may install handlers)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}

    def handler(signum: int, frame: Any) -> None:
        stop.set()

    for sig in previous:
        signal.signal(sig, handler)
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def run_watch(
    config_path: Path | None,
    interval: str | None,
    count: int | None,
    environ: Mapping[str, str] | None = None,
    out: TextIO | None = None,
    stop: threading.Event | None = None,
    backoff: Sequence[float] = BACKOFF,
) -> int:
    """``launchgate watch``: exit 0 when stopped (or after ``count`` runs)."""
    environ = dict(os.environ if environ is None else environ)
    out = out or sys.stdout
    config = load_or_default(config_path, environ, sys.stderr)
    areas = watched_areas(config)
    check_ca_bundle(config, areas, False)
    seconds = interval_of(config, interval)

    def run_checks() -> GateReport:
        ctx = make_context(config, GateOptions(), environ)
        try:
            return run_gate(config, ctx, areas, for_sites(FAMILIES))
        finally:
            ctx.close()

    def crash(exc: BaseException) -> GateReport:
        ctx = make_context(config, GateOptions(), environ)
        return crash_report(config, ctx, exc if isinstance(exc, Exception) else Exception(exc))

    monitor = new_monitor(config, environ, line_writer(out), run_checks)
    dispatcher = make_dispatcher(monitor, tuple(backoff))
    stop = stop or threading.Event()
    with stop_on_signals(stop):
        runs = watch(monitor, seconds, count, stop, crash)
        if count is not None and not stop.is_set():
            dispatcher.wait(ONE_SHOT_WAIT)  # a bounded run ends once its alerts are out
    dispatcher.close()
    monitor.say(f"stopped after {runs} run(s)")
    return 0


def notify_after_check(
    report: GateReport, config: GateConfig, ctx: RunContext, err: TextIO
) -> list[str]:
    """``check --notify``: compare with the state file, send what changed, wait for it.
    Returns the deliveries that failed (the CLI reports them and exits 2)."""
    failed: list[str] = []
    monitor = new_monitor(config, ctx.environ, line_writer(err), lambda: report)
    for secret in monitor.redactor.values:
        ctx.redactor.add(secret)

    def record(outcome: Outcome) -> None:
        monitor.report_outcome(outcome)
        if not outcome.ok:
            failed.append(f"{outcome.channel}: {outcome.reason}")

    dispatcher = Dispatcher(record, ONE_SHOT_BACKOFF)
    monitor.dispatcher = dispatcher
    if config.notify is None or not monitor.channels:
        monitor.say("check --notify: no notify: channel in the config; the state file is kept")
    monitor.load()
    monitor.advance(report, time.monotonic() - report.summary.duration)
    if not dispatcher.wait(ONE_SHOT_WAIT):
        failed.append(f"alerts still not delivered after {ONE_SHOT_WAIT:g}s")
    dispatcher.close()
    return [monitor.redactor.scrub(f) for f in failed]


def send_test(
    config_path: Path | None, environ: Mapping[str, str] | None = None, out: TextIO | None = None
) -> int:
    """``notify --test``: one message per channel, no retries; exit 1 if any failed."""
    environ = dict(os.environ if environ is None else environ)
    out = out or sys.stdout
    config = load_or_default(config_path, environ, sys.stderr)
    redactor = Redactor(config.secret_values())
    channels = senders(config, base_dir_of(config), redactor)
    if not channels:
        raise UsageError("no channel to test: add a notify: section with webhooks or email")
    alert = test_alert(config, environ, utc_now())
    write = line_writer(out)
    failures = 0
    for channel in channels:
        try:
            channel.send(alert)
            write(redactor.scrub(f"ok    {channel.name}: test message delivered"))
        except DeliveryError as exc:
            failures += 1
            write(redactor.scrub(f"FAIL  {channel.name}: {exc.reason}"))
    return 1 if failures else 0
