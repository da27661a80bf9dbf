"""``launchgate watch``: the monitor areas every interval, alerts on confirmed changes."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import click

from launchgate.commands.options import config_option


@click.command(name="watch")
@config_option()
@click.option(
    "--interval",
    metavar="DURATION",
    help="Time between runs, e.g. 30s (default: monitor.interval).",
)
@click.option(
    "--count", type=click.IntRange(min=1), help="Stop after N runs (default: run until stopped)."
)
def command(config: Path | None, interval: str | None, count: int | None) -> None:
    """Check dns, email, tls and http every interval; alert on what goes down or recovers.

    One log line per run. A check is down after monitor.confirm failing runs in a row,
    recovered after as many passing ones; notify: says where alerts go. SIGINT or SIGTERM
    stops it within a second. Exit 0 when stopped, 2 on a config error.
    """
    from launchgate.monitor.service import run_watch

    stop = threading.Event()
    code = run_watch(config, interval, count, stop=stop)
    if stop.is_set():
        # Stopped by a signal, maybe mid-run: that run's threads (a resolver waiting out its
        # timeout) would hold the interpreter's exit, so leave now, output flushed.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise SystemExit(code)
