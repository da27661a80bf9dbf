"""Alert latency and the cost of a long-running `launchgate watch`, on the loopback shop.

1. Latency: time from breaking the shop (its health route answers 503) to the alert arriving
   at a webhook, for `interval: 30s, confirm: 2` (the defaults), the issue's example
   `interval: 60s, confirm: 2`, and Gatus's defaults (`interval: 60s`, failure-threshold 3)
   run through the same loop. Each trial breaks the shop at a random moment of the interval.

   Time is scaled: intervals run ``--scale`` times faster (30s becomes 30s/scale), while the
   check runs and the delivery take their real time. The real-time latency is rebuilt as
   ``(measured - d) * scale + d``, with ``d`` the measured run-and-delivery time of the run
   that confirmed the outage. ``--real`` adds one unscaled trial of the defaults to check it.

2. Footprint: RSS, threads and CPU of a `launchgate watch --count N` process (read from
   /proc) over an hour-equivalent of runs (120 runs of 30s, run back to back), the shop
   breaking and recovering every 20 runs so alerts go out; growth from the first quarter to
   the end must be ~0.

    python benchmarks/alert_latency.py [--trials 8] [--scale 30] [--runs 120] [--real]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import trustme

from launchgate.monitor.service import run_watch
from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import WebServer
from tests.monitor.servers import Hook, webhook_receiver
from tests.monitor.shop import BROKEN, WWW, Shop, start_shop

ROOT = Path(__file__).resolve().parents[1]
POLICIES = {
    "defaults (30s, confirm 2)": (30.0, 2),
    "issue example (60s, confirm 2)": (60.0, 2),
    "Gatus defaults (60s, threshold 3)": (60.0, 3),
}
CI_CRON = 600.0  # the README's earlier advice: a scheduled CI job every 10 minutes


class Log:
    """Lines of the watch with the time each was written."""

    def __init__(self) -> None:
        self.lines: list[tuple[float, str]] = []
        self.lock = threading.Lock()

    def write(self, text: str) -> None:
        now = time.monotonic()
        with self.lock:
            self.lines += [(now, line) for line in text.splitlines()]

    def flush(self) -> None:
        pass

    def runs(self) -> int:
        with self.lock:
            return sum(1 for _, line in self.lines if " · UP · " in line or " · DOWN " in line)


def _wait(predicate: object, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise TimeoutError("no alert")
        time.sleep(0.005)


def _config(shop: Shop, hook_url: str, interval: float, confirm: int, directory: Path) -> Path:
    notify = f'notify:\n  webhooks:\n    - {{url: "{hook_url}/hook", format: generic}}\n'
    text = shop.config(notify, confirm=confirm, interval=f"{interval:g}s")
    path = directory / "launchgate.yml"
    path.write_text(text)
    return path


def trial(
    shop: Shop, hook: Hook, config: Path, interval: float, rng: random.Random
) -> tuple[float, float]:
    """Break the shop at a random moment; (measured latency, run-and-delivery time)."""
    (config.parent / "state" / "monitor.json").unlink(missing_ok=True)  # every trial starts up
    log, stop = Log(), threading.Event()
    thread = threading.Thread(
        target=run_watch, args=(config, None, None, {}, log, stop), daemon=True
    )
    thread.start()

    def downs() -> int:
        return sum(1 for _, body in list(hook.requests) if body["verdict"] == "down")

    try:
        _wait(lambda: log.runs() >= 2, 60 + 3 * interval)
        time.sleep(rng.uniform(0, interval))
        seen = downs()
        broke = time.monotonic()
        shop.web.route(WWW, "/health", BROKEN)
        _wait(lambda: downs() > seen, 10 * interval + 60)
        arrived = time.monotonic()
        with log.lock:
            written, line = next((t, text) for t, text in log.lines if "went down" in text)
        run_seconds = float(line.rsplit(" · ", 1)[1].rstrip("s"))
        return arrived - broke, arrived - written + run_seconds
    finally:
        stop.set()
        thread.join(5)
        shop.healthy()


def latency(
    shop: Shop, hook: Hook, hook_url: str, directory: Path, args: argparse.Namespace
) -> None:
    rng = random.Random(13)
    print(
        f"alert latency (health route → 503), {args.trials} trials each, time scaled {args.scale:g}x"
    )
    print(f"  {'policy':36} {'median':>8} {'p90':>8} {'max':>8}   bound")
    for name, (interval, confirm) in POLICIES.items():
        scaled = interval / args.scale
        config = _config(shop, hook_url, scaled, confirm, directory)
        real = []
        for _ in range(args.trials):
            measured, overhead = trial(shop, hook, config, scaled, rng)
            real.append((measured - overhead) * args.scale + overhead)
        real.sort()
        p90 = real[min(len(real) - 1, int(0.9 * len(real)))]
        bound = confirm * interval
        print(
            f"  {name:36} {statistics.median(real):7.1f}s {p90:7.1f}s {max(real):7.1f}s"
            f"   ≤ {bound:.0f}s + one run"
        )
    print(
        f"  {'scheduled CI every 10 min (before)':36} {CI_CRON / 2:7.1f}s {0.9 * CI_CRON:7.1f}s {CI_CRON:7.1f}s   + job start-up"
    )
    if args.real:
        config = _config(shop, hook_url, 30.0, 2, directory)
        measured, overhead = trial(shop, hook, config, 30.0, rng)
        print(
            f"  one unscaled trial of the defaults: {measured:.1f}s (run + delivery {overhead:.2f}s)"
        )


def _proc(pid: int) -> tuple[int, int, float]:
    """RSS (KiB), threads and CPU seconds (user + system) of a process, from /proc."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    return int(status["VmRSS"].split()[0]), int(status["Threads"]), cpu


def footprint(shop: Shop, hook_url: str, directory: Path, runs: int) -> None:
    """A real `launchgate watch --count N` process, sampled from /proc at every quarter."""
    config = _config(shop, hook_url, 0.05, 2, directory)
    (directory / "state" / "monitor.json").unlink(missing_ok=True)
    command = [sys.executable, "-m", "launchgate", "watch", "-c", str(config), "--count", str(runs)]
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    marks = sorted({runs // 4, runs // 2, 3 * runs // 4, runs - 1})
    samples: dict[int, tuple[int, int, float]] = {}
    n = alerts = 0
    for line in proc.stdout:
        if "delivered" in line:
            alerts += 1
        if " · UP · " not in line and " · DOWN " not in line:
            continue
        n += 1
        if n in marks:
            samples[n] = _proc(proc.pid)
        if n % 20 == 0:  # break for 20 runs, then recover for 20: alerts go out
            if (n // 20) % 2:
                shop.web.route(WWW, "/health", BROKEN)
            else:
                shop.healthy()
    proc.wait()
    shop.healthy()
    print(
        f"watch process over {runs} runs (= {runs * 30 / 3600:g} h at the default 30s), {alerts} alerts delivered"
    )
    print(f"  {'after run':>10} {'RSS MiB':>9} {'threads':>8} {'CPU s':>7}")
    for mark in marks:
        rss, threads, cpu = samples[mark]
        print(f"  {mark:>10} {rss / 1024:9.1f} {threads:>8} {cpu:7.2f}")
    (rss0, threads0, cpu0), (rss1, threads1, cpu1) = samples[marks[0]], samples[marks[-1]]
    per_run = (cpu1 - cpu0) / (marks[-1] - marks[0])
    print(
        f"  growth from run {marks[0]} to {marks[-1]}: RSS {(rss1 - rss0) / 1024:+.1f} MiB, "
        f"threads {threads1 - threads0:+d}"
    )
    print(
        f"  CPU per run {per_run * 1000:.0f} ms = {per_run / 30 * 100:.2f}% of one core "
        "at the default 30s interval"
    )


def heap(shop: Shop, directory: Path, runs: int) -> None:
    """The Python heap of the same loop, in this process, after each quarter of the runs."""
    config = directory / "quiet.yml"
    config.write_text(shop.config(interval="50ms"))
    (directory / "state" / "monitor.json").unlink(missing_ok=True)
    tracemalloc.start()
    sizes = []
    for _ in range(4):
        run_watch(config, None, max(1, runs // 4), {}, Log(), threading.Event())
        shop.web.requests.clear()  # the sandbox server's own request log, not the monitor's
        gc.collect()
        sizes.append(tracemalloc.get_traced_memory()[0] / 2**20)
    tracemalloc.stop()
    shown = " → ".join(f"{size:.2f}" for size in sizes)
    print(f"  Python heap after each quarter (MiB, tracemalloc): {shown}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=8)
    parser.add_argument("--scale", type=float, default=30.0)
    parser.add_argument("--runs", type=int, default=120)
    parser.add_argument(
        "--real", action="store_true", help="also one unscaled trial (about a minute)"
    )
    parser.add_argument("--skip-latency", action="store_true")
    args = parser.parse_args()
    ca = trustme.CA()
    with tempfile.TemporaryDirectory() as tmp, webhook_receiver() as (hook, hook_url):
        directory = Path(tmp)
        ca.cert_pem.write_to_path(str(directory / "ca.pem"))
        dns = SandboxDNS().start()
        web = WebServer(ca).start()
        try:
            shop = start_shop(dns, web, directory / "ca.pem")
            footprint(shop, hook_url, directory, args.runs)
            heap(shop, directory, args.runs)
            if not args.skip_latency:
                latency(shop, hook, hook_url, directory, args)
        finally:
            web.stop()
            dns.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
