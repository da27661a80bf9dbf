"""Fuzz the config loader and the gate with hostile launchgate.yml files; print the outcomes.

Every config must end in exit 0, 1 or 2 (never 3, never a traceback) within a time bound.
The strategy is the test suite's (tests/hostile/config_strategy.py); the suite runs a quick
pass, this runs as many as asked (default 10,000):

    python benchmarks/config_fuzz.py [--examples 10000] [--seed 0] [--processes 4]

Each config runs through ``launchgate.cli.main(["check", "--offline", ...])`` in-process on
an empty project, as tests/hostile/test_fuzz_config.py does.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.hostile.config_strategy import configs
from tests.hostile.test_fuzz_config import BOUND, run_config


def fuzz(examples: int, seed_value: int) -> tuple[Counter[str], list[str], float]:
    """Outcome counts, failing configs, and the slowest config's seconds."""
    outcomes: Counter[str] = Counter()
    bad: list[str] = []
    slowest = [0.0]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        run_config("version: 1\n", root)  # imports: not part of the first example's time

        @seed(seed_value)
        @settings(
            max_examples=examples, deadline=None, database=None,
            suppress_health_check=list(HealthCheck), phases=[Phase.generate],
        )  # fmt: skip
        @given(text=configs())
        def one(text: str) -> None:
            start = time.monotonic()
            try:
                code, err = run_config(text, root)
            except TimeoutError:
                outcomes["hang (over the bound)"] += 1
                bad.append(text)
                return
            slowest[0] = max(slowest[0], time.monotonic() - start)
            if "Traceback" in err or "internal error" in err or code not in (0, 1, 2):
                outcomes[f"exit {code} / traceback"] += 1
                bad.append(f"{text}\n--- {err[-600:]}")
                return
            outcomes[f"exit {code}"] += 1

        one()
    return outcomes, bad, slowest[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--processes", type=int, default=4, help="shards with their own seeds, run at once"
    )
    args = parser.parse_args()
    t0 = time.monotonic()
    share = -(-args.examples // args.processes)
    context = multiprocessing.get_context("fork")  # nothing runs threads yet
    with ProcessPoolExecutor(args.processes, mp_context=context) as pool:
        shards = list(pool.map(fuzz, [share] * args.processes,
                               [args.seed * 1000 + i for i in range(args.processes)]))  # fmt: skip
    outcomes: Counter[str] = sum((s[0] for s in shards), Counter())
    bad = [text for s in shards for text in s[1]]
    total = sum(outcomes.values())
    print(f"{total} configs in {time.monotonic() - t0:.0f}s ({args.processes} processes, "
          f"bound {BOUND}s each)")  # fmt: skip
    for outcome, count in sorted(outcomes.items()):
        print(f"  {outcome:<24} {count:>6}")
    print(f"  slowest: {max(s[2] for s in shards):.2f}s")
    for text in bad[:5]:
        print("---- failing config ----\n" + text)
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
