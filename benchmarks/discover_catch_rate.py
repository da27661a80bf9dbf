"""How many of the demo shop's planted failures a discovered config catches, against the
hand-written demo config.

1. Start the demo shop's healthy twin (no planted failure) on loopback.
2. ``launchgate init --discover acme.test`` against it; both configs must pass on the twin.
3. Plant each failure alone (``world.replant``), run the network checks of both configs, and
   count a catch when the gate fails with a result it did not have on the healthy twin.
4. The same for drift a deploy causes that the demo does not plant (a re-pointed CNAME, a
   removed DKIM key, a health endpoint gone bad, a dropped security header, a new SPF sender,
   a moved MX or API address).

Usage: python benchmarks/discover_catch_rate.py
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from launchgate import gate
from launchgate.demo.config import demo_config
from launchgate.demo.world import PLANTED, World, replant, running_world
from launchgate.discover import DiscoverOptions, write_config
from launchgate.discover.probe import parse_pin
from launchgate.sandbox.web_server import Route

NETWORK = ("dns", "email", "tls", "http", "performance")


def failing(config: Path, workdir: Path) -> set[str]:
    """Ids of the results that fail the gate (network areas only)."""
    report = workdir / "report.json"
    options = gate.GateOptions(config=config, reports={"json": report}, only=NETWORK)
    gate.run(options, environ={}, out=io.StringIO(), err=io.StringIO())
    doc = json.loads(report.read_text())
    fail_on = doc["summary"]["fail_on"]
    order = ["info", "low", "medium", "high", "critical"]
    return {
        r["id"]
        for r in doc["results"]
        if r["status"] in ("fail", "error") and order.index(r["severity"]) >= order.index(fail_on)
    }


def discover_config(world: World, workdir: Path) -> Path:
    path = workdir / "discovered.yml"
    options = DiscoverOptions(
        domain="acme.test",
        project_dir=workdir / "empty",
        nameservers=(world.dns_address,),
        pins=(parse_pin(f"*=127.0.0.1:{world.web_port}"),),
        ca_bundle=str(world.ca_pem),
        ca_path=str(world.ca_pem),
    )
    (workdir / "empty").mkdir(exist_ok=True)
    _, draft = write_config(options, path, environ={})
    path.write_text(draft.text, encoding="utf-8")
    return path


def _drop_dkim(world: World) -> None:
    assert world.dns is not None
    world.dns.set("google._domainkey.acme.test", "TXT")


def _repoint_www(world: World) -> None:
    assert world.dns is not None
    world.dns.set("www.acme.test", "CNAME", "old-host.acme.test.")
    world.dns.set("old-host.acme.test", "A", "127.0.0.1")


def _health_degraded(world: World) -> None:
    assert world.web is not None
    body = json.dumps({"status": "degraded", "version": "1.4.3"})
    headers = [("Content-Type", "application/json")]
    world.web.route("api.acme.test", "/health", Route(headers=headers, body=body))


def _no_hsts(world: World) -> None:
    assert world.web is not None
    html = [("Content-Type", "text/html; charset=utf-8"), ("X-Content-Type-Options", "nosniff")]
    world.web.route("www.acme.test", "/", Route(headers=html, body="<p>shop</p>"), scheme="https")


def _new_sender(world: World) -> None:
    assert world.dns is not None
    spf = "v=spf1 include:_spf.mailhost.test include:sendgrid.test include:crm.test ip4:192.0.2.0/24 -all"
    world.dns.set("acme.test", "TXT", spf)


def _mx_moved(world: World) -> None:
    assert world.dns is not None
    world.dns.set("acme.test", "MX", "10 mx.other-host.test.")


def _api_moved(world: World) -> None:
    assert world.dns is not None
    world.dns.set("api.acme.test", "A", "127.0.0.2")


DRIFT: dict[str, Callable[[World], None]] = {
    "MX re-pointed": _mx_moved,
    "api address changed": _api_moved,
    "www CNAME re-pointed": _repoint_www,
    "DKIM key removed": _drop_dkim,
    "health endpoint degraded": _health_degraded,
    "HSTS and CSP dropped": _no_hsts,
    "new SPF sender": _new_sender,
}


def measure(world: World, workdir: Path, configs: dict[str, Path]) -> dict[str, dict[str, bool]]:
    baseline = {name: failing(path, workdir) for name, path in configs.items()}
    for name, found in baseline.items():
        print(f"healthy twin, {name} config: {'PASSES' if not found else 'FAILS ' + str(found)}")
    caught: dict[str, dict[str, bool]] = {}
    cases: list[tuple[str, Callable[[World], None]]] = [
        (p, lambda w, p=p: replant(w, {p})) for p in PLANTED
    ]
    cases += list(DRIFT.items())
    for label, introduce in cases:
        introduce(world)
        caught[label] = {}
        for name, path in configs.items():
            new = failing(path, workdir) - baseline[name]
            caught[label][name] = bool(new)
        replant(world, ())
    return caught


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with running_world(workdir, planted=()) as world:
            start = time.perf_counter()
            discovered = discover_config(world, workdir)
            took = time.perf_counter() - start
            print(f"discovery + verification: {took:.1f} s")
            handwritten = workdir / "handwritten.yml"
            handwritten.write_text(demo_config(world), encoding="utf-8")
            configs = {"discovered": discovered, "hand-written": handwritten}
            caught = measure(world, workdir, configs)
    width = max(map(len, caught)) + 2
    print(f"\n{'failure introduced':<{width}} discovered  hand-written")
    for label, by in caught.items():
        marks = ["caught" if by[name] else "MISSED" for name in configs]
        print(f"{label:<{width}} {marks[0]:<11} {marks[1]}")
    for group, labels in (("planted", list(PLANTED)), ("drift", list(DRIFT))):
        for name in configs:
            n = sum(caught[label][name] for label in labels)
            print(f"{group}: {name} config catches {n}/{len(labels)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
