"""Ctrl-C (SIGINT to the process group, as a terminal sends it) and SIGTERM (what CI sends on
cancel) end the run within 2 s whatever it waits on, with 130/143, no traceback, and no
report that is half written or reads as a verdict."""

from __future__ import annotations

import json
import os
import signal
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.harness import BlackHole, SilentDns, SlowHttp, Stopped, interrupt, start

BOUND = 2.0  # seconds from the signal to the exit


@dataclass
class Shape:
    """One way a run can wait: its config, extra files, and what says it is waiting now."""

    name: str
    config: str
    ready: threading.Event
    environ: dict[str, str]
    setup: Callable[[Path], None] = lambda root: None
    ends_alone: bool = False  # fixed so that it no longer waits: it may finish first


def _after(seconds: float) -> threading.Event:
    event = threading.Event()
    threading.Timer(seconds, event.set).start()
    return event


@pytest.fixture
def make_shapes() -> Iterator[Callable[[], list[Shape]]]:
    """Each call: every shape with servers of its own, so "ready" means this run is waiting."""
    servers: list[BlackHole | SilentDns | SlowHttp] = []

    def make() -> list[Shape]:
        holes = [BlackHole(), BlackHole()]
        dns = SilentDns()
        slow = SlowHttp(delay=0.3)
        servers.extend([*holes, dns, slow])
        return _shapes(holes, dns, slow)

    yield make
    for server in servers:
        server.close()


def _shapes(holes: list[BlackHole], dns: SilentDns, slow: SlowHttp) -> list[Shape]:
    return [
        Shape(
            "HTTP server that accepts and never answers",
            f"version: 1\ntimeout: 60s\nhttp:\n  endpoints: [{{url: 'http://127.0.0.1:{holes[0].port}/'}}]\n",
            holes[0].seen, {},
        ),
        Shape(
            "TLS handshake that never comes",
            f"version: 1\ntimeout: 60s\ntls:\n  hosts: ['127.0.0.1:{holes[1].port}']\n",
            holes[1].seen, {},
        ),
        Shape(
            "resolver that never answers",
            "version: 1\ntimeout: 60s\ndomain: shop.test\n"
            f"network: {{nameservers: ['127.0.0.1:{dns.port}']}}\n"
            "dns: {records: [{name: shop.test, type: A, values: [192.0.2.1]}]}\n",
            dns.seen, {},
        ),
        Shape(
            "performance phase with many slow samples",
            "version: 1\nperformance:\n  samples: 10000\n  warmup: 0\n  concurrency: 4\n"
            f"  endpoints: [{{url: 'http://127.0.0.1:{slow.port}/', p95: 1s}}]\n",
            slow.seen, {},
        ),
        Shape(
            "catastrophic user regex",
            "version: 1\nenv:\n  vars:\n    SLUG: {pattern: '^(a+)+$'}\n",
            _after(2.5), {"SLUG": "a" * 48 + "!"}, ends_alone=True,
        ),
        Shape(
            "env file that is a FIFO",
            "version: 1\nenv:\n  files: [.env.fifo]\n  vars: {A: {required: false}}\n",
            _after(2.5), {}, setup=lambda root: os.mkfifo(root / ".env.fifo"), ends_alone=True,
        ),
    ]  # fmt: skip


def _run(shape: Shape, root: Path, signum: int, twice: bool = False) -> tuple[Stopped, Path]:
    root.mkdir(parents=True)
    (root / "launchgate.yml").write_text(shape.config)
    shape.setup(root)
    proc = start(["check", "--json", "r.json", "--junit", "j.xml"], root, shape.environ)
    return interrupt(proc, signum, shape.ready, bound=BOUND, twice=twice), root


def _problems(shape: Shape, signum: int, stopped: Stopped, root: Path) -> list[str]:
    label = f"{shape.name} / {signal.Signals(signum).name}"
    if stopped.code is None:
        return [f"{label}: still running {BOUND}s after the signal (killed)"]
    out = []
    if "Traceback" in stopped.err:
        out.append(f"{label}: traceback on stderr: {stopped.err[-500:]}")
    if stopped.after_signal is None:  # it finished before the signal could be sent
        if not shape.ends_alone or stopped.code not in (0, 1, 2):
            out.append(f"{label}: ended alone with {stopped.code}: {stopped.err[-300:]}")
        return out
    if stopped.code not in (128 + signum,) and not (shape.ends_alone and stopped.code in (0, 1, 2)):
        out.append(f"{label}: exit {stopped.code}, expected {128 + signum}: {stopped.err[-300:]}")
    if stopped.after_signal > BOUND:
        out.append(f"{label}: took {stopped.after_signal:.1f}s after the signal")
    leftovers = [p.name for p in root.iterdir() if p.name.endswith(".tmp")]
    if leftovers:
        out.append(f"{label}: half-written files left: {leftovers}")
    report = root / "r.json"
    if stopped.code == 128 + signum and report.exists():
        ids = {r["id"] for r in json.loads(report.read_text())["results"]}
        if "core.interrupted" not in ids:
            out.append(f"{label}: a report was written that does not say it was interrupted")
    return out


def test_every_hang_shape_ends_within_2s_of_sigint_and_sigterm(
    make_shapes: Callable[[], list[Shape]], tmp_path: Path
) -> None:
    jobs = [
        (shape, signum, tmp_path / f"{i}-{int(signum)}")
        for signum in (signal.SIGINT, signal.SIGTERM)
        for i, shape in enumerate(make_shapes())
    ]
    shapes = make_shapes()
    with ThreadPoolExecutor(len(jobs) + 1) as pool:
        futures = [(s, n, pool.submit(_run, s, root, n)) for s, n, root in jobs]
        twice = pool.submit(_run, shapes[3], tmp_path / "twice", signal.SIGINT, True)
        problems = [p for s, n, f in futures for p in _problems(s, n, *f.result())]
    stopped, root = twice.result()
    problems += _problems(shapes[3], signal.SIGINT, stopped, root)
    assert not problems, "\n".join(problems)
    # The interrupted report says so, and gives no verdict that reads as a pass.
    report = json.loads((tmp_path / "3-2" / "r.json").read_text())
    interrupted = next(r for r in report["results"] if r["id"] == "core.interrupted")
    assert "SIGINT" in interrupted["message"] and report["summary"]["passed"] is False
