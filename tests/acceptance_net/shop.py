"""The well-run shop: everything right, with the traps real shops contain (CDN headers, SPA
catch-all, HSTS preload, CSP frame-ancestors, 308 redirects, split TXT strings, DKIM by CNAME,
ed25519 DKIM, external DMARC reports with authorization, dual-stack and IPv6-only hosts...).

Tests break one thing at a time on top of it.
"""

from __future__ import annotations

import json
from typing import Any

from launchgate.sandbox.web_server import Route, WebServer, redirect_to_origin
from tests.acceptance_net.harness import Net, ed25519_dkim, rsa_dkim

DOMAIN = "shop.test"
HOSTS = ["shop.test", "www.shop.test", "app.shop.test", "api.shop.test"]
SECURITY = [
    ("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload"),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'self'"),
]
CDN = [("Server", "cloudflare"), ("CF-RAY", "8c1f2a3b4c5d6e7f-CDG"), ("Age", "120")]
INDEX = (
    '<!doctype html><html><head><script type="module" src="/assets/app.js"></script>'
    '<script src="https://js.stripe.test/v3/"></script></head><body><div id="root"></div></body></html>'
)
APP_JS = "export const shop={ready:true};\n" * 60


def _split(text: str, size: int = 255) -> list[str]:
    return [text[i : i + size] for i in range(0, len(text), size)]


def zone() -> dict[str, dict[str, Any]]:
    return {
        "shop.test": {
            "A": ["127.0.0.1"],
            "AAAA": ["::1"],
            "MX": ["10 mx1.mailhost.test.", "20 mx2.mailhost.test."],
            "CAA": [
                '0 issue "letsencrypt.org"',
                '0 issuewild ";"',
                '0 iodef "mailto:sec@shop.test"',
            ],
            "NS": ["ns1.shop.test."],
            "SOA": ["ns1.shop.test. hostmaster.shop.test. 2026112901 3600 600 86400 300"],
            "TXT": [
                [
                    "v=spf1 ip4:192.0.2.0/24 include:_spf.mailhost.test",
                    " include:sendgrid.test -all",
                ],
                "google-site-verification=abcdef123456",
            ],
        },
        "ns1.shop.test": {"A": ["127.0.0.1"]},
        "www.shop.test": {"CNAME": ["shop.cdn.test."]},
        "shop.cdn.test": {"CNAME": ["edge.cdn.test."]},
        "edge.cdn.test": {"A": ["127.0.0.1"], "AAAA": ["::1"]},
        "app.shop.test": {"A": ["127.0.0.1"]},
        "api.shop.test": {"A": ["127.0.0.1"]},
        "v6.shop.test": {"AAAA": ["::1"]},
        "mx1.mailhost.test": {"A": ["127.0.0.1"]},
        "mx2.mailhost.test": {"AAAA": ["::1"]},
        "_spf.mailhost.test": {"TXT": ["v=spf1 ip4:198.51.100.0/24 ip6:2001:db8::/32 ~all"]},
        "sendgrid.test": {"TXT": ["v=spf1 ip4:203.0.113.0/24 ~all"]},
        "s1._domainkey.shop.test": {"CNAME": ["s1.shop.dkim.mailhost.test."]},
        "s1.shop.dkim.mailhost.test": {"TXT": [_split(rsa_dkim(2048))]},
        "ed._domainkey.shop.test": {"TXT": [ed25519_dkim()]},
        "_dmarc.shop.test": {
            "TXT": [
                "v=DMARC1; p=quarantine; sp=quarantine; adkim=s; "
                "rua=mailto:dmarc@shop.test,mailto:x7q@rua.reports.test; fo=1"
            ]
        },
        "shop.test._report._dmarc.rua.reports.test": {"TXT": ["v=DMARC1"]},
        "rua.reports.test": {"MX": ["10 mx1.mailhost.test."]},  # the reports are delivered
    }


def html(headers: list[tuple[str, str]] | None = None, body: str = INDEX) -> Route:
    base = [("Content-Type", "text/html; charset=utf-8"), ("Cache-Control", "no-cache")]
    return Route(headers=[*base, *SECURITY, *CDN, *(headers or [])], body=body)


def _json(data: object, status: int = 200, delay: float = 0.0) -> Route:
    headers = [("Content-Type", "application/json"), ("Cache-Control", "no-store"), *SECURITY[:2]]
    return Route(status=status, headers=headers, body=json.dumps(data), delay=delay)


def configure(web: WebServer) -> None:
    www = "https://www.shop.test"
    web.route(
        "www.shop.test", "*", html(), scheme="https"
    )  # single-page app: index.html everywhere
    static = [
        ("Content-Type", "text/javascript; charset=utf-8"),
        ("Cache-Control", "public, max-age=31536000, immutable"),
        ("cf-cache-status", "HIT"),
        *CDN,
    ]
    web.route("www.shop.test", "/assets/app.js", Route(headers=static, body=APP_JS, gzip=True))
    web.route("www.shop.test", "*", redirect_to_origin(www, 308), scheme="http")
    web.route("shop.test", "*", redirect_to_origin(www, 301))
    web.route("app.shop.test", "*", redirect_to_origin(www, 301), scheme="http")
    login_cookie = ("Set-Cookie", "__Host-session=abc; Path=/; Secure; HttpOnly; SameSite=Lax")
    private = [("Cache-Control", "private, no-store")]
    web.route("app.shop.test", "/login", html([login_cookie, *private]), scheme="https")
    web.route("app.shop.test", "/account", html([login_cookie, *private]), scheme="https")
    health = {
        "status": "ok",
        "checks": {"db": "ok", "redis": {"status": "ok", "ms": 2}},
        "v": "1.4",
    }
    web.route("api.shop.test", "/health", _json(health))
    web.route("api.shop.test", "/products", _json([{"sku": "mug"}], delay=0.03))
    web.route("api.shop.test", "/webhooks/stripe", _json({"error": "no signature"}, status=401))


def config(net: Net) -> dict[str, Any]:
    www = "https://www.shop.test"
    return {
        "domain": DOMAIN,
        "dns": {
            "records": [
                {"name": "Shop.Test.", "type": "A", "values": ["127.0.0.1"]},
                {"name": "www.shop.test", "type": "CNAME", "values": ["SHOP.cdn.test"]},
            ],
            "subdomains": ["www", "app", "api", "v6"],
            "caa": ["letsencrypt.org"],
        },
        "email": {
            "mx": True,
            "spf": {"all": "fail", "authorize": ["192.0.2.25", "198.51.100.7"]},
            "dkim": {"selectors": ["s1", "ed"], "min_key_bits": 2048},
            "dmarc": {"policy": "quarantine", "rua": "required"},
        },
        "tls": {"hosts": HOSTS, "min_days": 14, "min_version": "TLSv1.2"},
        "http": {
            "canonical": www,
            "endpoints": [
                {"url": f"{www}/", "status": 200, "headers": ["security"]},
                {"url": "https://app.shop.test/login", "status": 200, "headers": ["security"]},
                {"url": "https://app.shop.test/account", "status": 200},
                {
                    "url": "https://api.shop.test/health",
                    "status": 200,
                    "json": {"status": "ok", "checks": {"db": "ok"}},
                },
            ],
            "static": [f"{www}/assets/app.js"],
            "exposed": True,
            "webhooks": ["https://api.shop.test/webhooks/stripe"],
        },
        "performance": {
            "samples": 8,
            "warmup": 1,
            "endpoints": [{"url": "https://api.shop.test/products", "p95": "300ms"}],
        },
    }
