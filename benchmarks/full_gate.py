"""Wall time of a full gate: the demo shop (every area, 120+ results) run N times on loopback.

Prints each run's wall time, the per-area wall times of the last run, and the median.
Usage: python benchmarks/full_gate.py [RUNS]
"""

from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from launchgate.demo import run_demo


def one_run(base: Path, index: int) -> tuple[float, dict[str, float], int]:
    output = base / f"run{index}"
    start = time.perf_counter()
    run_demo(output, out=io.StringIO())
    wall = time.perf_counter() - start
    doc = json.loads((output / "launchgate.json").read_text())
    return wall, doc["summary"]["area_durations"], len(doc["results"])


def main(runs: int) -> None:
    walls = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(runs):
            wall, areas, count = one_run(Path(tmp), i)
            walls.append(wall)
            print(f"run {i + 1}: {wall:.2f} s wall for {count} results (servers, repo and gate)")
    print(
        "last run, wall time per area (s):",
        ", ".join(f"{a} {t:.2f}" for a, t in sorted(areas.items())),
    )
    print(
        f"median {statistics.median(walls):.2f} s, min {min(walls):.2f} s, max {max(walls):.2f} s over {runs} runs"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
