"""The demo shop's internet, on loopback: an authoritative DNS server and one web server.

Most things are right; a handful are wrong the way real launches go wrong:
- http://acme.test/ serves the shop itself instead of redirecting (duplicate site);
- the certificate of app.acme.test expires in 10 days;
- SPF needs more than 10 DNS lookups;
- DMARC sends its reports nowhere;
- the products API is slower than its 300 ms budget.
"""

from __future__ import annotations

import base64
import itertools
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
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
BUNDLE = "(()=>{window.shop={ready:true}})();\n" * 40


@dataclass(frozen=True)
class World:
    dns_address: str
    web_port: int
    ca_pem: Path


def _dkim_record() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()


def _spf_includes() -> dict[str, str]:
    """Four mail providers whose nested includes add up to 12 lookups (the limit is 10)."""
    records = {
        "acme.test": "v=spf1 include:_spf.mailhost.test include:sendgrid.test "
        "include:helpdesk.test include:crm.test ip4:192.0.2.0/24 -all",
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


def zone() -> dict[str, dict[str, list[str]]]:
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
        "_dmarc.acme.test": {"TXT": ["v=DMARC1; p=quarantine; adkim=r; aspf=r"]},
    }
    for name, spf in _spf_includes().items():
        records.setdefault(name, {}).setdefault("TXT", []).append(spf)
    return records


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


def configure_site(web: WebServer) -> None:
    web.host("app.acme.test", cert="soon")
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
    web.route("acme.test", "*", Route(headers=html[:1], body=PAGE), scheme="http")  # planted
    login_headers = [
        *html,
        ("Set-Cookie", "session=demo; Path=/; Secure; HttpOnly; SameSite=Lax"),
    ]
    web.route("app.acme.test", "/login", Route(headers=login_headers, body=PAGE), scheme="https")
    web.route("api.acme.test", "/health", _json({"status": "ok", "version": "1.4.2"}))
    rng = random.Random(7)
    slow = _json([{"sku": "mug"}])
    web.route(
        "api.acme.test",
        "/products",
        Route(headers=slow.headers, body=slow.body, delay=lambda: rng.uniform(0.33, 0.45)),
    )
    web.route("api.acme.test", "/webhooks/stripe", _json({"error": "bad signature"}, status=400))


@contextmanager
def running_world(workdir: Path) -> Iterator[World]:
    """Start the DNS and web servers; stop them on exit."""
    ca = trustme.CA(organization_name="launchgate demo CA")
    ca_pem = workdir / "demo-ca.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    dns = SandboxDNS()
    dns.load(zone())  # type: ignore[arg-type]
    dns.start()
    web = WebServer(ca).start()
    configure_site(web)
    try:
        yield World(dns_address=dns.address, web_port=web.port, ca_pem=ca_pem)
    finally:
        web.stop()
        dns.stop()
