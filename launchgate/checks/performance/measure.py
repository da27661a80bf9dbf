"""Send warmup and measured requests to one endpoint with N workers, and gather the samples."""

from __future__ import annotations

import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from launchgate.checks.performance.stats import LatencySummary, median, summarize
from launchgate.net.timed import ClientOptions, Sample, Target, TimedConnection

# After this many failed connections in a row (no answer at all) the endpoint is given up.
GIVE_UP_AFTER = 3


@dataclass(frozen=True)
class Plan:
    """How to load one endpoint."""

    samples: int
    warmup: int = 0
    concurrency: int = 1
    fresh: bool = False
    max_errors: int = 0

    @property
    def give_up_after(self) -> int:
        return max(GIVE_UP_AFTER, self.max_errors + 1)


@dataclass(frozen=True)
class Measurement:
    """The measured samples of one endpoint (warmup excluded) and how the run went."""

    samples: tuple[Sample, ...]
    planned: int
    warmup_failures: int = 0
    stopped: str | None = None
    elapsed: float = 0.0

    @property
    def errors(self) -> list[Sample]:
        return [s for s in self.samples if not s.ok]

    @property
    def timed_ms(self) -> list[float]:
        return [s.total * 1000 for s in self.samples if s.timed]

    def summary(self) -> LatencySummary | None:
        return summarize(self.timed_ms)

    def error_kinds(self) -> Counter[str]:
        return Counter(s.error or "" for s in self.errors)

    def phase_medians_ms(self) -> dict[str, float]:
        """Median DNS, connect, TLS and TTFB of answered samples, in ms; and new connections."""
        answered = [s for s in self.samples if s.status is not None]
        return {
            "dns_ms_p50": round(median([s.phases.dns * 1000 for s in answered]), 2),
            "connect_ms_p50": round(median([s.phases.connect * 1000 for s in answered]), 2),
            "tls_ms_p50": round(median([s.phases.tls * 1000 for s in answered]), 2),
            "ttfb_ms_p50": round(median([s.ttfb * 1000 for s in answered]), 2),
            "new_connections": sum(1 for s in self.samples if s.new_connection),
        }


class _Jobs:
    """Hands out measured request numbers to the workers and decides when to give up."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self._next = 0
        self._lock = threading.Lock()
        self._failed_in_row = 0
        self.recorded: dict[int, Sample] = {}
        self.warmup_failures = 0
        self.stopped: str | None = None

    def take(self) -> int | None:
        with self._lock:
            if self.stopped or self._next >= self.plan.samples:
                return None
            self._next += 1
            return self._next - 1

    def record(self, number: int | None, sample: Sample) -> None:
        """Keep a measured sample (``number``) or count a failed warmup one (None)."""
        with self._lock:
            if number is not None:
                self.recorded[number] = sample
            elif not sample.ok:
                self.warmup_failures += 1
            self._failed_in_row = 0 if sample.status is not None else self._failed_in_row + 1
            if self._failed_in_row >= self.plan.give_up_after and not self.stopped:
                self.stopped = (
                    f"stopped after {self._failed_in_row} requests in a row got no answer "
                    f"(last: {sample.error})"
                )


def warmup_share(plan: Plan, workers: int, worker: int) -> int:
    """Warmup requests of one worker: ``warmup`` spread over the workers, and with reused
    connections at least one each, so that no measured request pays for opening one."""
    share = plan.warmup // workers + (1 if worker < plan.warmup % workers else 0)
    return max(share, 1) if plan.warmup > 0 and not plan.fresh else share


def measure(target: Target, options: ClientOptions, plan: Plan) -> Measurement:
    """Run ``plan`` against ``target``; never raises for network trouble (it is in the samples)."""
    jobs = _Jobs(plan)
    workers = max(1, min(plan.concurrency, plan.samples))
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="launchgate-perf") as pool:
        futures = [
            pool.submit(_worker, target, options, warmup_share(plan, workers, i), jobs)
            for i in range(workers)
        ]
        for future in futures:
            future.result()
    ordered = tuple(jobs.recorded[n] for n in sorted(jobs.recorded))
    return Measurement(
        samples=ordered,
        planned=plan.samples,
        warmup_failures=jobs.warmup_failures,
        stopped=jobs.stopped,
        elapsed=time.perf_counter() - start,
    )


def _worker(target: Target, options: ClientOptions, warmup: int, jobs: _Jobs) -> None:
    conn = TimedConnection(target, options)
    fresh = jobs.plan.fresh
    try:
        for _ in range(warmup):
            if jobs.stopped:
                return
            jobs.record(None, conn.request())
            if fresh:
                conn.close()
        while (number := jobs.take()) is not None:
            jobs.record(number, conn.request())
            if fresh:
                conn.close()
    finally:
        conn.close()
