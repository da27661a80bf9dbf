"""The demo shop's internet, on loopback: an authoritative DNS server and one web server.

Most things are right; a handful are wrong the way real launches go wrong (``PLANTED``):
- http://acme.test/ serves the shop itself instead of redirecting (duplicate site);
- the certificate of app.acme.test expires in 10 days;
- SPF needs more than 10 DNS lookups;
- DMARC sends its reports nowhere;
- the products API is slower than its 300 ms budget.

``running_world(planted=...)`` starts the shop with any subset of them (none: its healthy
twin), and ``replant`` switches a running world to another subset.
"""

from __future__ import annotations

import base64
import itertools
import json
import random
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import trustme
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import Request, Route, WebServer, redirect, redirect_to_origin

DOMAIN = "acme.test"
HOSTS = ("acme.test", "www.acme.test", "app.acme.test", "api.acme.test")
SECURITY_HEADERS = [
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
]
PAGE = '<!doctype html><html><head><script src="/assets/app.js"></script></head><body>Acme shop</body></html>'
BUNDLE = (
    "(()=>{window.shop={ready:true}})();\n" * 40
    + 'window.products=()=>fetch("https://api.acme.test/products").then(r=>r.json());\n'
)
DUPLICATE_SITE = "duplicate-site"
EXPIRING_CERT = "expiring-cert"
SPF_LOOKUPS = "spf-lookups"
DMARC_NO_RUA = "dmarc-no-rua"
SLOW_API = "slow-api"
PLANTED = (DUPLICATE_SITE, EXPIRING_CERT, SPF_LOOKUPS, DMARC_NO_RUA, SLOW_API)


@dataclass(frozen=True)
class World:
    dns_address: str
    web_port: int
    ca_pem: Path
    dns: SandboxDNS | None = field(default=None, compare=False, repr=False)
    web: WebServer | None = field(default=None, compare=False, repr=False)


def _dkim_record() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


HEALTHY_SPF = "v=spf1 include:_spf.mailhost.test include:sendgrid.test ip4:192.0.2.0/24 -all"


def _spf_includes(planted: Collection[str] = PLANTED) -> dict[str, str]:
    """Four mail providers whose nested includes add up to 12 lookups (the limit is 10);
    healthy: two of them (4 lookups)."""
    records = {
        "acme.test": "v=spf1 include:_spf.mailhost.test include:sendgrid.test "
        "include:helpdesk.test include:crm.test ip4:192.0.2.0/24 -all"
        if SPF_LOOKUPS in planted
        else HEALTHY_SPF,
        "_spf.mailhost.test": "v=spf1 include:_netblocks.mailhost.test include:_netblocks2.mailhost.test ~all",
        "_netblocks.mailhost.test": "v=spf1 ip4:198.51.100.0/24 ~all",
        "_netblocks2.mailhost.test": "v=spf1 ip6:2001:db8::/32 ~all",
        "sendgrid.test": "v=spf1 ip4:203.0.113.0/25 ~all",
        "helpdesk.test": "v=spf1 include:a.helpdesk.test include:b.helpdesk.test a mx ~all",
        "a.helpdesk.test": "v=spf1 ip4:203.0.113.128/26 ~all",
        "b.helpdesk.test": "v=spf1 ip4:203.0.113.192/26 ~all",
        "crm.test": "v=spf1 include:mail.crm.test ~all",
        "mail.crm.test": "v=spf1 ip4:192.0.2.128/25 exists:%{i}.allow.crm.test ~all",
    }
    return records


def zone(planted: Collection[str] = PLANTED) -> dict[str, dict[str, list[str]]]:
    records: dict[str, dict[str, list[str]]] = {
        "acme.test": {
            "A": ["127.0.0.1"],
            "MX": ["10 mail.acme.test."],
            "CAA": ['0 issue "letsencrypt.org"'],
            "NS": ["ns1.acme.test."],
            "SOA": ["ns1.acme.test. hostmaster.acme.test. 2026112901 3600 600 86400 300"],
        },
        "www.acme.test": {"CNAME": ["acme.test."]},
        "app.acme.test": {"A": ["127.0.0.1"]},
        "api.acme.test": {"A": ["127.0.0.1"]},
        "mail.acme.test": {"A": ["127.0.0.1"]},
        "ns1.acme.test": {"A": ["127.0.0.1"]},
        "helpdesk.test": {"A": ["127.0.0.1"], "MX": ["10 mail.acme.test."]},
        "google._domainkey.acme.test": {"TXT": [_dkim_record()]},
        "_dmarc.acme.test": {"TXT": [_dmarc(planted)]},
    }
    for name, spf in _spf_includes(planted).items():
        records.setdefault(name, {}).setdefault("TXT", []).append(spf)
    return records


def _dmarc(planted: Collection[str]) -> str:
    if DMARC_NO_RUA in planted:
        return "v=DMARC1; p=quarantine; adkim=r; aspf=r"
    return "v=DMARC1; p=quarantine; adkim=r; aspf=r; rua=mailto:dmarc@acme.test"


def _cdn_cache() -> Route:
    """The bundle behind a cache: the first request misses, later ones hit."""
    counter = itertools.count()

    def answer(request: Request) -> Route:
        state = "MISS" if next(counter) == 0 else "HIT"
        headers = [
            ("Content-Type", "application/javascript"),
            ("Cache-Control", "public, max-age=31536000, immutable"),
            ("X-Cache", state),
        ]
        return Route(headers=headers, body=BUNDLE, gzip=True)

    return Route(handler=answer)


def _json(data: object, status: int = 200, delay: float = 0.0, cache: str = "no-store") -> Route:
    headers = [
        ("Content-Type", "application/json"),
        ("Cache-Control", cache),
        *SECURITY_HEADERS[:2],
    ]
    return Route(status=status, headers=headers, body=json.dumps(data), delay=delay)


def configure_site(web: WebServer, planted: Collection[str] = PLANTED) -> None:
    web.host("app.acme.test", cert="soon" if EXPIRING_CERT in planted else "valid")
    html = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Cache-Control", "no-cache"),
        *SECURITY_HEADERS,
    ]
    web.route("www.acme.test", "/", Route(headers=html, body=PAGE), scheme="https")
    web.route("www.acme.test", "/shop", Route(headers=html, body=PAGE), scheme="https")
    web.route("www.acme.test", "/assets/app.js", _cdn_cache(), scheme="https")
    web.route("www.acme.test", "*", redirect_to_origin("https://www.acme.test", 301), scheme="http")
    web.route("acme.test", "/old-shop", redirect("https://www.acme.test/shop", 301), scheme="https")
    web.route("acme.test", "*", redirect_to_origin("https://www.acme.test", 301), scheme="https")
    if DUPLICATE_SITE in planted:
        web.route("acme.test", "*", Route(headers=html[:1], body=PAGE), scheme="http")
    else:
        web.route("acme.test", "*", redirect_to_origin("https://www.acme.test", 301), scheme="http")
    login_headers = [
        *html,
        ("Set-Cookie", "session=demo; Path=/; Secure; HttpOnly; SameSite=Lax"),
    ]
    web.route("app.acme.test", "/login", Route(headers=login_headers, body=PAGE), scheme="https")
    web.route("api.acme.test", "/health", _json({"status": "ok", "version": "1.4.2"}))
    rng = random.Random(7)
    low, high = (0.33, 0.45) if SLOW_API in planted else (0.005, 0.02)
    slow = _json([{"sku": "mug"}])
    web.route(
        "api.acme.test",
        "/products",
        Route(headers=slow.headers, body=slow.body, delay=lambda: rng.uniform(low, high)),
    )
    web.route("api.acme.test", "/webhooks/stripe", _json({"error": "bad signature"}, status=400))


def replant(world: World, planted: Collection[str]) -> None:
    """Switch a running world to another set of planted failures (none: the healthy twin)."""
    assert world.dns is not None and world.web is not None
    for name, by_type in zone(planted).items():
        for rdtype, values in by_type.items():
            world.dns.set(name, rdtype, *values)
    configure_site(world.web, planted)


@contextmanager
def running_world(workdir: Path, planted: Collection[str] = PLANTED) -> Iterator[World]:
    """Start the DNS and web servers with these planted failures; stop them on exit."""
    unknown = set(planted) - set(PLANTED)
    assert not unknown, f"no such planted failure: {sorted(unknown)}"
    ca = trustme.CA(organization_name="launchgate demo CA")
    ca_pem = workdir / "demo-ca.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    dns = SandboxDNS()
    dns.load(zone(planted))  # type: ignore[arg-type]
    dns.start()
    web = WebServer(ca).start()
    configure_site(web, planted)
    try:
        yield World(dns.address, web.port, ca_pem, dns, web)
    finally:
        web.stop()
        dns.stop()
