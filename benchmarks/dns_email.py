"""DNS + email checks against a slow sandbox DNS server (50 ms per answer).

A domain with 4 subdomains, SPF with nested includes, 2 DKIM selectors and DMARC. Prints the
wall time of launchgate's dns and email checks next to the longest chain of dependent lookups
(target: within 1.5x) and next to checkdmarc on the same domain (target: at least 3x faster).

    python benchmarks/dns_email.py [--delay 0.05] [--runs 3]
"""

from __future__ import annotations

import argparse
import base64
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from launchgate.checks.registry import FAMILIES
from launchgate.config.load import parse_config
from launchgate.core.model import Status
from launchgate.core.rules import RunContext
from launchgate.core.runner import run_gate
from launchgate.sandbox.dns_server import SandboxDNS

# Longest chain of lookups that depend on each other in this zone: TXT acme.test →
# TXT _spf.acme.test → TXT _spf2.acme.test → A/AAAA out.acme.test (void-lookup check).
CHAIN = 4

ZONE = """
$ORIGIN acme.test.
@ SOA ns1 hostmaster 2026112901 3600 600 86400 300
@ NS ns1
ns1 A 127.0.0.1
@ A 104.16.1.1
@ CAA 0 issue "letsencrypt.org"
www CNAME @
app A 104.16.1.2
api A 104.16.1.3
shop CNAME shops.provider.test.
@ MX 10 mx1.acme.test.
@ MX 20 mx2.acme.test.
mx1 A 192.0.2.25
mx2 A 192.0.2.26
out A 192.0.2.30
@ TXT "v=spf1 include:_spf.acme.test include:mail.provider.test mx -all"
_spf TXT "v=spf1 include:_spf2.acme.test ip4:198.51.100.0/24 ~all"
_spf2 TXT "v=spf1 a:out.acme.test ip4:203.0.113.0/24 -all"
_dmarc TXT "v=DMARC1; p=reject; rua=mailto:dmarc@acme.test"
$ORIGIN provider.test.
shops A 104.16.1.4
mail TXT "v=spf1 ip4:192.0.2.128/25 -all"
"""

CONFIG = """
version: 1
domain: acme.test
timeout: 5s
network: {{nameservers: ["{address}"]}}
dns:
  subdomains: [www, app, api, shop]
  caa: [letsencrypt.org]
  cdn: cloudflare
email:
  mx: true
  spf: {{all: softfail}}
  dkim: {{selectors: [s1, s2], min_key_bits: 2048}}
  dmarc: {{policy: quarantine, rua: required}}
"""


def _key() -> str:
    public = rsa.generate_private_key(65537, 2048).public_key()
    return base64.b64encode(
        public.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    ).decode()


def start(delay: float) -> SandboxDNS:
    server = SandboxDNS(default_delay=delay).start()
    server.load_zone(ZONE)
    for selector in ("s1", "s2"):
        server.add(f"{selector}._domainkey.acme.test", "TXT", f"v=DKIM1; k=rsa; p={_key()}")
    return server


def run_launchgate(server: SandboxDNS) -> tuple[float, int]:
    config = parse_config(CONFIG.format(address=server.address), {})
    ctx = RunContext(config, Path("."), {})
    server.reset_counts()
    t0 = time.perf_counter()
    report = run_gate(config, ctx, ["dns", "email"], FAMILIES)
    wall = time.perf_counter() - t0
    bad = [r for r in report.results if r.status in (Status.FAIL, Status.ERROR)]
    assert not bad, [f"{r.check_id}: {r.message}" for r in bad]
    return wall, server.count()


def run_checkdmarc(server: SandboxDNS) -> float | None:
    try:
        import checkdmarc
        import dns.resolver
    except ImportError:
        return None
    import dns.nameserver

    loopback = [dns.nameserver.Do53Nameserver("127.0.0.1", server.port)]
    resolver = dns.resolver.Resolver(configure=False)
    resolver.nameservers = loopback  # type: ignore[assignment]
    resolver.timeout = resolver.lifetime = 5.0
    server.reset_counts()
    t0 = time.perf_counter()
    checkdmarc.check_domains(
        ["acme.test"], resolver=resolver, nameservers=loopback, skip_tls=True, timeout=5.0
    )
    return time.perf_counter() - t0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.05)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    server = start(args.delay)
    try:
        runs = [run_launchgate(server) for _ in range(args.runs)]
        walls = [wall for wall, _ in runs]
        ours = statistics.median(walls)
        chain = CHAIN * args.delay
        print(f"answer delay            {args.delay * 1000:.0f} ms")
        print(f"longest dependent chain {CHAIN} lookups = {chain * 1000:.0f} ms")
        print(
            f"launchgate dns+email    median {ours * 1000:.0f} ms of {args.runs} runs "
            f"({', '.join(f'{w * 1000:.0f}' for w in walls)}); {runs[0][1]} queries per run"
        )
        print(f"  ratio to chain        {ours / chain:.2f}x (target <= 1.5x)")
        theirs = run_checkdmarc(server)
        if theirs is None:
            print("checkdmarc              not installed (pip install checkdmarc)")
            return 0 if ours <= 1.5 * chain else 1
        print(f"checkdmarc              {theirs * 1000:.0f} ms ({server.count()} queries)")
        print(f"  launchgate speed-up   {theirs / ours:.1f}x (target >= 3x)")
        return 0 if ours <= 1.5 * chain and theirs >= 3 * ours else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
