"""A well-configured shop on the sandbox server; tests break one thing at a time."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from launchgate.checks import http
from launchgate.core.model import Result, Status
from launchgate.sandbox.web_server import Request, Route, WebServer, redirect, redirect_to_origin
from tests.sandbox.web_config import run_checks, sandbox_context

HOSTS = (
    "www.shop.test",
    "shop.test",
    "api.shop.test",
    "app.shop.test",
    "static.shop.test",
    "cdn.other.test",
)
SECURITY = [
    ("Strict-Transport-Security", "max-age=31536000; includeSubDomains"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"),
    ("Server", "nginx"),
]
INDEX = '<!doctype html><html><head><script src="/assets/app.js"></script></head><body>shop</body></html>'
APP_JS = "console.log('shop');\n" * 200


def cdn(miss_then_hit: Route) -> Route:
    """A route that answers with x-cache MISS the first time and HIT afterwards."""
    seen: list[int] = []

    def handle(_req: Request) -> Route:
        seen.append(1)
        state = "HIT" if len(seen) > 1 else "MISS"
        return Route(
            miss_then_hit.status,
            [*miss_then_hit.headers, ("X-Cache", state)],
            miss_then_hit.body,
            gzip=miss_then_hit.gzip,
        )

    return Route(handler=handle)


@dataclass
class Shop:
    server: WebServer
    ca_pem: Path

    @property
    def www(self) -> str:
        return self.server.origin("www.shop.test")

    def url(self, host: str, path: str = "/", scheme: str = "https") -> str:
        return self.server.url(host, path, scheme)

    def run(self, http_config: dict[str, Any], **extra: Any) -> dict[str, Result]:
        ctx = sandbox_context({"http": http_config, **extra}, self.ca_pem, HOSTS)
        return run_checks(ctx, http.plan(ctx.config))

    def status(self, http_config: dict[str, Any], check_id: str, **extra: Any) -> Status:
        results = self.run(http_config, **extra)
        assert check_id in results, sorted(results)
        return results[check_id].status


@pytest.fixture
def shop(web_server: WebServer, web_ca_pem: Path) -> Shop:
    s = web_server
    www = s.origin("www.shop.test")
    s.route(
        "www.shop.test", "*", Route(200, [*SECURITY, ("Content-Type", "text/html")], INDEX), "https"
    )
    s.route("www.shop.test", "*", redirect_to_origin(www), "http")
    s.route("shop.test", "*", redirect_to_origin(www))
    js = Route(
        200,
        [
            ("Content-Type", "application/javascript"),
            ("Cache-Control", "public, max-age=31536000, immutable"),
        ],
        APP_JS,
        gzip=True,
    )
    s.route("www.shop.test", "/assets/app.js", cdn(js))
    s.route("www.shop.test", "/old-shop", redirect(f"{www}/shop", 301))
    health = json.dumps({"status": "ok", "checks": {"db": "ok", "queue": 3}})
    s.route(
        "api.shop.test",
        "/health",
        Route(200, [*SECURITY, ("Content-Type", "application/json")], health),
    )
    bad_sig = Route(400, [("Content-Type", "application/json")], '{"error":"bad signature"}')
    s.route("api.shop.test", "/webhooks/stripe", bad_sig)
    s.route(
        "api.shop.test",
        "*",
        Route(404, [("Content-Type", "application/json")], '{"error":"not found"}'),
    )
    return Shop(s, web_ca_pem)


ShopFactory = Callable[[], Shop]
