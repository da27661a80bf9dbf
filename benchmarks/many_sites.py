"""Many sites in one config, on the sandbox: one run against 4 shards plus merge.

Each site (s0.test, s1.test, …) has the usual DNS and mail records on the sandbox DNS server,
which delays every answer by 50 ms (a real resolver's round trip), and a www site with a
health endpoint on one loopback HTTPS server. The config lists the sites once
(``sites: [{domain: …}]``) under shared blocks using ``{domain}``.

Prints: wall time, CPU and peak memory (max RSS of the launchgate process) of one run over
every site, and of 4 shards (each run alone, as on its own CI runner) plus the merge; how one
run grows from 10 to 50 to 200 sites; DNS queries per site (the cache at work); and the peer:
the first 10 sites as 10 separate runs, one config each.
Usage: python benchmarks/many_sites.py [SITES]   (default 200)
"""

from __future__ import annotations

import base64
import json
import os
import socket
import ssl
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import trustme
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import Route, WebServer, redirect_to_origin

DNS_DELAY = 0.05
SHARDS = 4
HEADERS = [
    ("Content-Type", "text/html; charset=utf-8"),
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Content-Security-Policy", "default-src 'self'"),
]
SHARED_BLOCKS = """\
dns:
  subdomains: [www]
  caa: [letsencrypt.org]
  records:
    - {name: "www.{domain}", type: CNAME, values: ["{domain}."]}
email:
  mx: true
  spf: {all: fail, senders: ["ip4:192.0.2.0/24"]}
  dkim: {selectors: [s1]}
  dmarc: {policy: quarantine, rua: required}
tls:
  hosts: ["{domain}", "www.{domain}"]
http:
  canonical: "https://www.{domain}"
  endpoints:
    - {url: "https://www.{domain}/", headers: [security]}
    - {url: "https://www.{domain}/health", json: {status: ok}}
performance:
  samples: 5
  warmup: 1
  endpoints:
    - {url: "https://www.{domain}/health", p95: 500ms}
"""


def dkim_record() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def site_names(count: int) -> list[str]:
    return [f"s{i}.test" for i in range(count)]


def publish(dns: SandboxDNS, web: WebServer, domains: Sequence[str]) -> None:
    dkim = dkim_record()
    for d in domains:
        dns.load(
            {
                d: {
                    "A": ["127.0.0.1"],
                    "MX": [f"10 mail.{d}."],
                    "CAA": ['0 issue "letsencrypt.org"'],
                    "NS": ["ns1.sandbox.test."],
                    "SOA": [f"ns1.sandbox.test. hostmaster.{d}. 2026120401 3600 600 86400 300"],
                    "TXT": ["v=spf1 ip4:192.0.2.0/24 -all"],
                },
                f"www.{d}": {"CNAME": [f"{d}."]},
                f"mail.{d}": {"A": ["127.0.0.1"]},
                f"s1._domainkey.{d}": {"TXT": [dkim]},
                f"_dmarc.{d}": {"TXT": [f"v=DMARC1; p=quarantine; rua=mailto:dmarc@{d}"]},
            }
        )
        www = f"www.{d}"
        web.route(www, "/", Route(headers=HEADERS, body="<p>shop</p>"), scheme="https")
        health = [("Content-Type", "application/json"), ("Cache-Control", "no-store")]
        web.route(www, "/health", Route(headers=health, body='{"status": "ok"}'), scheme="https")
        web.route(www, "*", redirect_to_origin(f"https://{www}"), scheme="http")
        web.route(d, "*", redirect_to_origin(f"https://{www}"))
    dns.load({"ns1.sandbox.test": {"A": ["127.0.0.1"]}})


def warm_certificates(web: WebServer, ca: trustme.CA, hosts: Sequence[str]) -> None:
    """One handshake per host name, so the sandbox makes its certificates before the clock
    starts (it makes them one at a time: its cost, not the gate's)."""
    context = ssl.create_default_context()
    ca.configure_trust(context)

    def shake(host: str) -> None:
        with socket.create_connection(("127.0.0.1", web.port), timeout=30) as sock:
            context.wrap_socket(sock, server_hostname=host).close()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(shake, hosts))


def config_text(domains: Sequence[str], dns: SandboxDNS, web: WebServer, ca: Path) -> str:
    pins = "\n".join(
        f'    "{h}:{p}": "127.0.0.1:{web.port}"'
        for d in domains
        for h in (d, f"www.{d}")
        for p in (80, 443)
    )
    sites = "\n".join(f"  - {{domain: {d}}}" for d in domains)
    return (
        f"version: 1\nproject: agency\ntimeout: 10s\n"
        f'network:\n  nameservers: ["{dns.address}"]\n  ca_bundle: {ca}\n  resolve:\n{pins}\n'
        f"{SHARED_BLOCKS}sites:\n{sites}\n"
    )


def launchgate(args: Sequence[str], cwd: Path) -> subprocess.Popen[bytes]:
    env = {**os.environ, "NO_COLOR": "1"}
    return subprocess.Popen(
        [sys.executable, "-m", "launchgate", *args],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait(process: subprocess.Popen[bytes]) -> tuple[int, float, float]:
    """Exit code, peak RSS (MiB) and CPU seconds of a finished child."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def one_run(workdir: Path, config: Path, name: str) -> tuple[int, float, float, float]:
    start = time.perf_counter()
    code, rss, cpu = wait(
        launchgate(["check", "-c", str(config), "--json", f"{name}.json"], workdir)
    )
    return code, time.perf_counter() - start, rss, cpu


def separate_runs(workdir: Path, texts: Sequence[str]) -> tuple[float, float]:
    """The peer: one config and one run per site, one after the other (wall, CPU)."""
    start, cpu = time.perf_counter(), 0.0
    for i, text in enumerate(texts):
        config = workdir / f"alone-{i}.yml"
        config.write_text(text)
        cpu += wait(launchgate(["check", "-c", str(config)], workdir))[2]
    return time.perf_counter() - start, cpu


def sharded_run(workdir: Path, config: Path) -> dict[str, float]:
    """Each shard alone, as on its own CI machine (side by side here they would only share
    two cores); the matrix waits for the slowest, then the merge."""
    walls, rss = [], []
    for i in range(1, SHARDS + 1):
        start = time.perf_counter()
        args = ["check", "-c", str(config), "--shard", f"{i}/{SHARDS}", "--json", f"shard{i}.json"]
        _, peak, _ = wait(launchgate(args, workdir))
        walls.append(time.perf_counter() - start)
        rss.append(peak)
    start = time.perf_counter()
    files = [f"shard{i}.json" for i in range(1, SHARDS + 1)]
    code, merge_rss, _ = wait(launchgate(["merge", *files, "--json", "merged.json"], workdir))
    return {
        "slowest": max(walls),
        "fastest": min(walls),
        "shard_rss": max(rss),
        "merge_wall": time.perf_counter() - start,
        "merge_rss": merge_rss,
        "merge_code": code,
    }


def problems(doc: dict[str, object]) -> list[str]:
    results = doc["results"]
    assert isinstance(results, list)
    return [f"{r['id']}: {r['message']}" for r in results if r["status"] in ("fail", "error")]


def differences(a: Path, b: Path) -> list[str]:
    """Results whose status differs between two reports (none: the same verdicts)."""

    def key(p: Path) -> dict[str, tuple[str, str]]:
        return {r["id"]: (r["status"], r["message"]) for r in json.loads(p.read_text())["results"]}

    one, two = key(a), key(b)
    return [
        f"{i}: {one.get(i, ('absent', ''))[0]} vs {two.get(i, ('absent', ''))} "
        for i in sorted(set(one) | set(two))
        if one.get(i, ("absent",))[0] != two.get(i, ("absent",))[0]
    ]


def main(total: int) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        ca = trustme.CA()
        ca_pem = workdir / "ca.pem"
        ca.cert_pem.write_to_path(str(ca_pem))
        dns = SandboxDNS(default_delay=DNS_DELAY).start()
        web = WebServer(ca).start()
        try:
            publish(dns, web, site_names(total))
            warm_certificates(web, ca, [h for d in site_names(total) for h in (d, f"www.{d}")])
            print(
                f"sandbox: {total} sites, DNS answers delayed {DNS_DELAY * 1000:.0f} ms, HTTPS on loopback"
            )
            for count in sorted({c for c in (10, 50, total) if c <= total}):
                config = workdir / f"sites{count}.yml"
                config.write_text(config_text(site_names(count), dns, web, ca_pem))
                dns.reset_counts()
                served = time.process_time()
                code, wall, rss, cpu = one_run(workdir, config, f"single{count}")
                served = time.process_time() - served
                doc = json.loads((workdir / f"single{count}.json").read_text())
                perf = doc["summary"]["area_durations"].get("performance", 0.0)
                print(
                    f"{count:>4} sites, one run: {wall:6.1f} s wall (latency runs, one at a time: "
                    f"{perf:.1f} s), CPU {cpu:.1f} s gate + {served:.1f} s sandbox servers, "
                    f"{rss:.0f} MiB peak, "
                    f"{len(doc['results'])} results, exit {code}, "
                    f"{dns.count() / count:.1f} DNS queries per site"
                )
                for bad in problems(doc)[:3]:
                    print("      not passed:", bad)
            peer = site_names(min(10, total))
            texts = [config_text([d], dns, web, ca_pem) for d in peer]
            wall, cpu = separate_runs(workdir, texts)
            print(
                f"{len(peer):>4} sites as {len(peer)} separate runs (the peer: one config per site): "
                f"{wall:.1f} s wall, {cpu:.1f} s CPU"
            )
            config = workdir / f"sites{total}.yml"
            shards = sharded_run(workdir, config)
            print(
                f"{total:>4} sites, {SHARDS} shards (each alone, as on its own runner): "
                f"{shards['fastest']:.1f}-{shards['slowest']:.1f} s wall each, "
                f"{shards['shard_rss']:.0f} MiB peak; merge {shards['merge_wall']:.1f} s, "
                f"{shards['merge_rss']:.0f} MiB, exit {shards['merge_code']:.0f}; "
                f"matrix + merge {shards['slowest'] + shards['merge_wall']:.1f} s"
            )
            diff = differences(workdir / f"single{total}.json", workdir / "merged.json")
            print("shards + merge give the single run's verdicts:", not diff)
            for line in diff[:5]:
                print("      differs:", line)
        finally:
            web.stop()
            dns.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 200))
