"""Accuracy and overhead of launchgate's latency client, against wrk on the same endpoints.

Run: ``python benchmarks/latency_accuracy.py [--samples 600]`` (needs ``wrk``: apt-get install wrk).

A keep-alive server runs in its own process on loopback with two routes:

* ``/dist``: the server waits a delay drawn from a log-normal distribution (median 20 ms,
  sigma 0.4). Delays are the exact quantiles (i + 0.5)/N in shuffled order, cycled, so any N
  consecutive requests see exactly that distribution: its p95 is known, not estimated.
* ``/zero``: answers at once; its median is the loopback round trip a client cannot avoid.

True p95 seen by a loopback client = known p95 of the delays + the loopback round trip (wrk's
median on /zero). Targets: launchgate's p95 within max(5 %, 3 ms) of it; launchgate's median on
/zero less than 1 ms above wrk's (the client's own overhead per request).
"""

from __future__ import annotations

import argparse
import math
import multiprocessing
import random
import shutil
import ssl
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from multiprocessing.synchronize import Event
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from launchgate.checks.performance.measure import Plan, measure  # noqa: E402
from launchgate.checks.performance.stats import nearest_rank  # noqa: E402
from launchgate.net.timed import ClientOptions, Target  # noqa: E402

MEDIAN_S = 0.020
SIGMA = 0.4
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("RESULT p50=%d p95=%d n=%d\\n",
    latency:percentile(50), latency:percentile(95), summary.requests))
end
"""


def lognormal_quantile(p: float) -> float:
    return MEDIAN_S * math.exp(statistics.NormalDist(0, SIGMA).inv_cdf(p))


def cycled_quantiles(n: int) -> Callable[[], float]:
    delays = [lognormal_quantile((i + 0.5) / n) for i in range(n)]
    random.Random(7).shuffle(delays)
    state = {"i": 0}

    def next_delay() -> float:
        value = delays[state["i"] % n]
        state["i"] += 1
        return value

    return next_delay


def serve(n: int, ca_dir: str | None, ports: multiprocessing.Queue, stop: Event) -> None:
    import trustme

    from tests.performance.server import PerfServer

    plain = PerfServer().start()
    plain.route("/dist", delay=cycled_quantiles(n))
    plain.route("/zero")
    ca = trustme.CA()
    tls = PerfServer(ca).start()
    tls.route("/zero")
    if ca_dir:
        ca.cert_pem.write_to_path(str(Path(ca_dir) / "ca.pem"))
    ports.put((plain.port, tls.port))
    stop.wait()


def run_wrk(url: str, seconds: int) -> tuple[float, float, int]:
    """wrk -t1 -c1 on ``url``: (p50 ms, p95 ms, requests)."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    done = subprocess.run(
        ["wrk", "-t1", "-c1", f"-d{seconds}s", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(script.name).unlink()
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT"))
    fields = dict(part.split("=") for part in line.split()[1:])
    return int(fields["p50"]) / 1000, int(fields["p95"]) / 1000, int(fields["n"])


def ours(
    url: str, samples: int, fresh: bool = False, ca: str | None = None, concurrency: int = 1
) -> list[float]:
    context = ssl.create_default_context(cafile=ca) if ca else None
    options = ClientOptions(
        timeout=5.0, resolve=lambda _h, port: [("127.0.0.1", port)], ssl_context=context
    )
    m = measure(
        Target.parse(url), options, Plan(samples, warmup=5, concurrency=concurrency, fresh=fresh)
    )
    assert not m.errors, m.errors[:3]
    return m.timed_ms


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=600)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk not found: apt-get install -y wrk", file=sys.stderr)
        return 2
    n = args.samples
    ports: multiprocessing.Queue = multiprocessing.Queue()
    stop = multiprocessing.Event()
    ca_dir = tempfile.mkdtemp()
    server = multiprocessing.Process(target=serve, args=(n, ca_dir, ports, stop), daemon=True)
    server.start()
    plain_port, tls_port = ports.get(timeout=20)
    base = f"http://127.0.0.1:{plain_port}"
    try:
        return report(base, f"https://perf.test:{tls_port}", n, str(Path(ca_dir) / "ca.pem"))
    finally:
        stop.set()
        server.join(5)


def report(base: str, tls_base: str, n: int, ca: str) -> int:
    wrk_zero_p50, _, wrk_zero_n = run_wrk(f"{base}/zero", 3)
    our_zero = ours(f"{base}/zero", 2000)
    overhead = nearest_rank(our_zero, 50) - wrk_zero_p50
    wrk_p50, wrk_p95, wrk_n = run_wrk(f"{base}/dist", max(5, int(n * 0.025)))
    our_dist = ours(f"{base}/dist", n)
    true_p95 = lognormal_quantile(0.95) * 1000 + wrk_zero_p50
    our_p95 = nearest_rank(our_dist, 95)
    allowed = max(0.05 * true_p95, 3.0)
    concurrent_p95 = nearest_rank(ours(f"{base}/dist", n, concurrency=10), 95)
    fresh = ours(f"{tls_base}/zero", 200, fresh=True, ca=ca)
    reused = ours(f"{tls_base}/zero", 200, ca=ca)
    print(
        f"/zero  median: launchgate {nearest_rank(our_zero, 50):.3f} ms (2000 req), "
        f"wrk {wrk_zero_p50:.3f} ms ({wrk_zero_n} req) -> client overhead {overhead:+.3f} ms"
    )
    print(
        f"/dist  p95: known {true_p95:.2f} ms (delay p95 {lognormal_quantile(0.95) * 1000:.2f}"
        f" + loopback {wrk_zero_p50:.3f}), launchgate {our_p95:.2f} ms ({n} req), "
        f"wrk {wrk_p95:.2f} ms ({wrk_n} req; p50 {wrk_p50:.2f})"
    )
    print(
        f"/dist  error: {our_p95 - true_p95:+.2f} ms ({(our_p95 / true_p95 - 1) * 100:+.1f} %),"
        f" allowed ±{allowed:.2f} ms"
    )
    print(f"/dist  p95 with concurrency 10: launchgate {concurrent_p95:.2f} ms ({n} req)")
    print(
        f"https /zero median: fresh connection {nearest_rank(fresh, 50):.2f} ms, "
        f"reused {nearest_rank(reused, 50):.2f} ms (handshake shows only when fresh)"
    )
    ok = abs(our_p95 - true_p95) <= allowed and overhead < 1.0
    ok = ok and abs(concurrent_p95 - true_p95) <= allowed
    print("RESULT:", "within targets" if ok else "OUT OF TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
