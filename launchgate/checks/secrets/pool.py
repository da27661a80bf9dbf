"""Run a scan over many files: worker processes for big scans, in-process for small ones.

detect-secrets is not thread-safe and spends ~20 ms of Python per file, so big scans go to
processes started with ``spawn`` (safe whatever threads the caller runs), each configured
once by its initializer. Small scans (a pull request, a pre-commit hook) stay in-process
under the engine lock: starting workers would cost more than the scan.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from launchgate.checks.secrets import detectors as engine
from launchgate.checks.secrets import filescan as worker
from launchgate.checks.secrets.model import EngineOptions, Outcome, Task

# Below this many files a scan runs in-process.
SERIAL_BELOW = 120


def available_cpus() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def scan(
    tasks: Sequence[Task], options: EngineOptions, workers: int | None = None
) -> list[Outcome]:
    """Scan every task; outcomes come back in the order of ``tasks``."""
    if not tasks:
        return []
    count = workers or available_cpus()
    if count <= 1 or len(tasks) < SERIAL_BELOW:
        return scan_serial(tasks, options)
    try:
        return _scan_parallel(tasks, options, count)
    except (BrokenProcessPool, OSError):
        return scan_serial(tasks, options)  # no processes here (sandbox, no /dev/shm)


def scan_serial(tasks: Sequence[Task], options: EngineOptions) -> list[Outcome]:
    with engine.LOCK:
        worker.init(options)
        return worker.scan_batch(list(tasks))


def _scan_parallel(tasks: Sequence[Task], options: EngineOptions, count: int) -> list[Outcome]:
    batches = _batches(list(tasks), count)
    context = multiprocessing.get_context("spawn")
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=worker.init, initargs=(options,)
    ) as pool:
        for batch in pool.map(worker.scan_batch, batches):
            outcomes.extend(batch)
    return outcomes


def _batches(tasks: list[Task], count: int) -> list[list[Task]]:
    """Small enough batches for the workers to balance, big enough to cut IPC overhead."""
    size = max(1, min(64, len(tasks) // (count * 8)))
    return [tasks[i : i + size] for i in range(0, len(tasks), size)]
