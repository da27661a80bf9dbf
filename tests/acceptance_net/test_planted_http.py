"""One planted HTTP failure at a time on the well-run shop: caught once, with a clear message."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from launchgate.sandbox.web_server import Route, WebServer, redirect, redirect_to_origin
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net

W = "https://www.shop.test"
Plant = Callable[[WebServer], None]


def _apex(route: Route, scheme: str) -> Plant:
    return lambda web: web.route("shop.test", "*", route, scheme=scheme)


def _www_page(*drop: str, add: tuple[tuple[str, str], ...] = ()) -> Plant:
    kept = [h for h in shop.SECURITY if h[0] not in drop]
    cache = [] if any(k == "Cache-Control" for k, _ in add) else [("Cache-Control", "no-cache")]
    headers = [("Content-Type", "text/html"), *cache, *kept, *add]
    return lambda web: web.route("www.shop.test", "/", Route(headers=headers, body=shop.INDEX))


def _api(path: str, route: Route) -> Plant:
    return lambda web: web.route("api.shop.test", path, route)


PUBLIC_COOKIE = (
    ("Cache-Control", "public, max-age=600"),
    ("Set-Cookie", "sid=s3cr3tc00kie; Path=/; Secure; HttpOnly; SameSite=Lax"),
)
CHALLENGE = Route(
    status=403,
    headers=[
        ("Content-Type", "text/html"),
        ("cf-mitigated", "challenge"),
        ("Server", "cloudflare"),
    ],
    body="<html><title>Just a moment...</title></html>",
)
ENV_FILE = "APP_ENV=production\nDATABASE_URL=postgres://app:hunter2pass@db/shop\n"
MAP = '{"version":3,"sources":["src/app.ts"],"names":[],"mappings":"AAAA;AACA"}'

# (name, plant, check id that must fail, words the message must contain)
PLANTED: list[tuple[str, Plant, str, tuple[str, ...]]] = [
    ("apex serves 200", _apex(shop.html(), "https"), "http.canonical:https://shop.test",
     ("duplicate", "200")),
    ("302 canonical", _apex(redirect_to_origin(W, 302), "http"), "http.canonical:http://shop.test",
     ("302", "temporary")),
    ("two hops", _apex(redirect_to_origin("https://shop.test", 301), "http"),
     "http.canonical:http://shop.test", ("2 hops",)),
    ("query dropped", _apex(Route(handler=lambda r: redirect(W + r.path)), "https"),
     "http.canonical:https://shop.test", ("drops the query string",)),
    ("hsts 300", _www_page("Strict-Transport-Security",
                           add=(("Strict-Transport-Security", "max-age=300"),)),
     f"http.headers.hsts:{W}/", ("max-age", "300")),
    ("no nosniff", _www_page("X-Content-Type-Options"), f"http.headers.nosniff:{W}/",
     ("nosniff",)),
    ("session cookie flags", _www_page(add=(("Set-Cookie", "sessionid=abc; Path=/"),)),
     f"http.cookies:{W}/", ("sessionid",)),
    ("public page with cookie", _www_page(add=PUBLIC_COOKIE), f"http.cacheable_cookie:{W}/",
     ("publicly cacheable", "sid")),
    (".env exposed", lambda web: web.route("www.shop.test", "/.env", Route(body=ENV_FILE)),
     f"http.exposed:{W}/.env", ("environment file",)),
    (".git exposed", lambda web: web.route("app.shop.test", "/.git/HEAD",
                                           Route(body="ref: refs/heads/main\n")),
     "http.exposed:https://app.shop.test/.git/HEAD", ("git",)),
    ("source map", lambda web: web.route("www.shop.test", "/assets/app.js.map", Route(body=MAP)),
     f"http.exposed:{W}/assets/app.js.map", ("source map",)),
    ("webhook challenge", _api("/webhooks/stripe", CHALLENGE),
     "http.webhook:https://api.shop.test/webhooks/stripe", ("challenge",)),
    ("webhook hangs", _api("/webhooks/stripe", Route(behavior="hang")),
     "http.webhook:https://api.shop.test/webhooks/stripe", ("within 2s",)),
    ("health resets", _api("/health", Route(behavior="reset")),
     "http.status:https://api.shop.test/health", ("closed the connection",)),
    ("health degraded", _api("/health", Route(body='{"status":"ok","checks":{"db":"down"}}')),
     "http.json:https://api.shop.test/health", ("checks.db",)),
]  # fmt: skip


@pytest.mark.parametrize(("plant", "check_id", "words"), [p[1:] for p in PLANTED],
                         ids=[p[0] for p in PLANTED])  # fmt: skip
def test_planted_http_failure_is_caught_once(
    net: Net, plant: Plant, check_id: str, words: tuple[str, ...]
) -> None:
    plant(net.web)
    config: dict[str, Any] = shop.config(net)
    sections = {"domain": shop.DOMAIN, "http": config["http"]}
    outcome = net.gate(sections, only=("http",), fail_on="low")
    found = outcome.results[check_id]
    assert found["status"] == "fail", found
    assert all(w in found["message"] for w in words), found["message"]
    assert found["remediation"]
    failing = outcome.problems("fail", "error")
    assert set(failing) == {check_id}, failing
    for secret in ("hunter2pass", "s3cr3tc00kie"):
        assert secret not in outcome.console + str(outcome.results)


def test_missing_asset_behind_a_spa_is_not_judged_as_the_asset(net: Net) -> None:
    """The SPA answers 200 index.html for a stale fingerprinted name: say so, not "no-cache"."""
    missing = f"{W}/assets/app.3f9a1c.js"
    outcome = net.gate({"http": {"static": [missing]}}, only=("http",), fail_on="low")
    found = outcome.results[f"http.static.cache:{missing}"]
    assert found["status"] == "fail" and "HTML page, not the asset" in found["message"]
    assert set(outcome.problems()) == {f"http.static.cache:{missing}"}


def test_bot_challenge_on_pages_is_could_not_verify_not_a_finding(net: Net) -> None:
    """Bot protection challenges launchgate itself: say so, and judge nothing behind it."""
    challenge = Route(
        status=403,
        headers=[
            ("Content-Type", "text/html"),
            ("cf-mitigated", "challenge"),
            ("Set-Cookie", "__cf_bm=x; Path=/"),
        ],
        body="<title>Just a moment...</title>",
    )
    for scheme in ("http", "https"):
        net.web.route("shop.test", "*", challenge, scheme=scheme)
    net.web.route("www.shop.test", "/", challenge, scheme="https")
    config = shop.config(net)["http"]
    http = {"canonical": W, "endpoints": config["endpoints"][:1]}
    outcome = net.gate({"http": http}, only=("http",), fail_on="low")
    problems = outcome.problems()
    assert {r.split(":")[0] for r in problems.values()} == {"error"}, problems
    blocked = outcome.results[f"http.status:{W}/"]
    assert "CDN/WAF challenge" in blocked["message"] and "User-Agent" in blocked["remediation"]
    assert outcome.status("http.canonical:https://shop.test") == "error"
    assert f"http.cookies:{W}/" not in outcome.results


def test_exposed_files_behind_a_challenge_are_unverified(net: Net) -> None:
    """A challenge on every probe hides nothing from a human who passes it: not a pass."""
    wall = Route(status=403, headers=[("cf-mitigated", "challenge")], body="Just a moment...")
    net.web.route("app.shop.test", "*", wall)
    outcome = net.gate(
        {"http": {"exposed": True, "webhooks": ["https://app.shop.test/hook"]}}, only=("http",)
    )
    found = outcome.results["http.exposed:https://app.shop.test"]
    assert found["status"] == "error" and "challenge" in found["message"]
    assert "User-Agent" in found["remediation"]


def test_waf_block_of_dotfiles_is_protection_not_a_gap(net: Net) -> None:
    block = Route(
        status=403,
        headers=[("Server", "cloudflare"), ("Content-Type", "text/html")],
        body="<title>Attention Required! | Cloudflare</title>Sorry, you have been blocked",
    )
    for path in ("/.env", "/.env.production", "/.git/HEAD", "/.git/config"):
        net.web.route("www.shop.test", path, block)
    outcome = net.gate({"http": {"exposed": True, "canonical": W}}, only=("http",))
    assert outcome.status(f"http.exposed:{W}") == "pass"
