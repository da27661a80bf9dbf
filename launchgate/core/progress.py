"""Progress of a long run, on stderr: each area's start and end with counts, and the
performance phase's requests done out of planned.

The runner and the latency check call a ``Progress`` callback with events; ``StderrProgress``
turns them into lines. Areas run concurrently, so their lines interleave: the main phase and
the performance phase are each one collapsible block (``::group::`` on GitHub, a collapsed
section on GitLab), not one block per area. Nothing here writes to stdout.
"""

from __future__ import annotations

import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TextIO

from launchgate.core.model import Result


@dataclass(frozen=True)
class ProgressEvent:
    """One thing that happened: ``kind`` is phase-start, phase-end, area-start, area-end or
    requests; ``name`` the phase, area or URL; ``done``/``total`` counts; ``results`` the
    raw outcomes of a finished area (status value -> number; before ``ignore`` and
    ``fail_on`` are applied, so the lines count results rather than judge them)."""

    kind: str
    name: str
    done: int = 0
    total: int = 0
    results: Mapping[str, int] = field(default_factory=dict)


Progress = Callable[[ProgressEvent], None]


def silent(event: ProgressEvent) -> None:
    """The callback when progress is off."""


class AreaTracker:
    """Turns check starts and finishes into area-start/area-end events (first start, last end)."""

    def __init__(self, areas: Iterable[str], progress: Progress) -> None:
        self._planned = Counter(areas)
        self._started: Counter[str] = Counter()
        self._finished: Counter[str] = Counter()
        self._outcomes: dict[str, Counter[str]] = defaultdict(Counter)
        self._progress = progress

    def started(self, area: str) -> None:
        self._started[area] += 1
        if self._started[area] == 1:
            self._progress(ProgressEvent("area-start", area, 0, self._planned[area]))

    def finished(self, area: str, results: Sequence[Result]) -> None:
        self._finished[area] += 1
        self._outcomes[area].update(r.status.value for r in results)
        if self._finished[area] == self._planned[area]:
            total = self._planned[area]
            outcome = dict(self._outcomes[area])
            self._progress(ProgressEvent("area-end", area, total, total, outcome))


def host_of(environ: Mapping[str, str]) -> str:
    """github, gitlab, ci (another CI) or "" (a terminal)."""
    if environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    if environ.get("GITLAB_CI") == "true":
        return "gitlab"
    return "ci" if environ.get("CI", "").lower() in ("true", "1", "yes") else ""


def wanted(stream: TextIO, environ: Mapping[str, str], quiet: bool) -> bool:
    """On when stderr is a terminal or the run is in CI, unless ``--quiet``."""
    if quiet:
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(host_of(environ)) or (callable(isatty) and bool(isatty()))


class StderrProgress:
    """Writes progress lines; thread-safe, since checks report from their own threads."""

    # A requests line at most this often per URL (and always the last one).
    REQUEST_INTERVAL = 2.0

    def __init__(
        self,
        stream: TextIO,
        environ: Mapping[str, str],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._host = host_of(environ)
        self._clock = clock
        self._lock = threading.Lock()
        self._started: dict[str, float] = {}
        self._last_request_line: dict[str, float] = {}

    def __call__(self, event: ProgressEvent) -> None:
        with self._lock:
            for line in self._lines(event):
                self._stream.write(line + "\n")
            self._stream.flush()

    def _lines(self, event: ProgressEvent) -> list[str]:
        now = self._clock()
        if event.kind == "phase-start":
            self._started[event.name] = now
            title = f"launchgate: {event.name} phase, {_checks(event.total)}"
            return [self._open(event.name, title)]
        if event.kind == "phase-end":
            took = now - self._started.pop(event.name, now)
            return [f"launchgate: {event.name} done in {took:.1f}s", *self._close(event.name)]
        if event.kind == "area-start":
            self._started[f"area:{event.name}"] = now
            return [f"launchgate: {event.name} started ({_checks(event.total)})"]
        if event.kind == "area-end":
            took = now - self._started.pop(f"area:{event.name}", now)
            found = sum(event.results.values())
            return [
                f"launchgate: {event.name} done in {took:.1f}s ({_checks(event.total)}, {found} results)"
            ]
        if event.kind == "requests":
            last = self._last_request_line.get(event.name)
            if event.done < event.total and last is not None and now - last < self.REQUEST_INTERVAL:
                return []
            self._last_request_line[event.name] = now
            return [f"launchgate: performance {event.name}: {event.done}/{event.total} requests"]
        return []

    def _open(self, name: str, title: str) -> str:
        if self._host == "github":
            return f"::group::{title}"
        if self._host == "gitlab":
            return f"\x1b[0Ksection_start:{int(time.time())}:{_section(name)}[collapsed=true]\r\x1b[0K{title}"
        return title

    def _close(self, name: str) -> list[str]:
        if self._host == "github":
            return ["::endgroup::"]
        if self._host == "gitlab":
            return [f"\x1b[0Ksection_end:{int(time.time())}:{_section(name)}\r\x1b[0K"]
        return []


def _checks(count: int) -> str:
    return f"{count} check" + ("" if count == 1 else "s")


def _section(name: str) -> str:
    """GitLab section names: letters, digits, ``_``, ``.`` and ``-`` only."""
    return "launchgate_" + "".join(c if c.isalnum() or c in "_.-" else "_" for c in name)
