"""HTTP checks against the sandbox shop: every rule passes on the good shop and fails when broken."""

from __future__ import annotations

from launchgate.checks import http
from launchgate.core.model import Severity, Status
from launchgate.sandbox.web_server import Route, redirect, redirect_to_origin
from tests.http.conftest import HOSTS, INDEX, SECURITY, Shop
from tests.sandbox.web_config import run_checks, sandbox_context


def _headers_without(name: str) -> list[tuple[str, str]]:
    return [(k, v) for k, v in SECURITY if k.lower() != name.lower()]


def test_good_shop_passes_everything(shop: Shop) -> None:
    www, api = shop.www, shop.server.origin("api.shop.test")
    results = shop.run(
        {
            "canonical": www,
            "redirects": [{"from": f"{www}/old-shop", "to": f"{www}/shop"}],
            "endpoints": [
                {"url": f"{www}/", "headers": ["security"]},
                {"url": f"{api}/health", "json": {"status": "ok", "checks": {"db": "ok"}}},
            ],
            "static": [f"{www}/assets/app.js"],
            "exposed": True,
            "webhooks": [f"{api}/webhooks/stripe"],
        }
    )
    bad = {cid: (r.status, r.message) for cid, r in results.items() if r.status != Status.PASS}
    assert not bad
    rules = {r.rule_id for r in results.values()}
    assert {"http.canonical", "http.redirect", "http.status", "http.json",
            "http.headers.hsts", "http.headers.csp", "http.cookies", "http.static.cache",
            "http.static.compress", "http.static.cookie", "http.static.cdn_hit",
            "http.cacheable_cookie", "http.exposed", "http.webhook"} <= rules  # fmt: skip
    canonical = results[f"http.canonical:http://shop.test:{shop.server.port}"]
    assert canonical.data["chain"][0]["status"] == 301
    # the endpoint {www}/ judges HSTS and cookies of the canonical page: reported once, there
    assert "http.canonical.hsts" not in rules and f"http.cacheable_cookie:{www}" not in results
    alone = shop.run({"canonical": www})
    assert alone[f"http.canonical.hsts:{www}"].status == Status.PASS
    assert alone[f"http.cacheable_cookie:{www}"].status == Status.PASS
    assert canonical.data["chain"][0]["location"].endswith("/launchgate-probe/page?lg=1&utm=x")


def test_canonical_variant_serving_content_fails(shop: Shop) -> None:
    shop.server.route("shop.test", "*", Route(200, [("Content-Type", "text/html")], INDEX), "https")
    results = shop.run({"canonical": shop.www})
    apex = results[f"http.canonical:https://shop.test:{shop.server.port}"]
    assert apex.status == Status.FAIL and "duplicate" in apex.message
    assert results[f"http.canonical:http://shop.test:{shop.server.port}"].status == Status.PASS


def test_canonical_temporary_and_multi_hop_fail(shop: Shop) -> None:
    port = shop.server.port
    shop.server.route("shop.test", "*", redirect_to_origin(shop.www, 302), "https")
    shop.server.route(
        "shop.test", "*", redirect_to_origin(f"https://shop.test:{port}", 301), "http"
    )
    results = shop.run({"canonical": shop.www})
    assert "302" in results[f"http.canonical:https://shop.test:{port}"].message
    multi = results[f"http.canonical:http://shop.test:{port}"]
    assert multi.status == Status.FAIL
    assert len(multi.details) == 3  # two redirects and the final answer


def test_canonical_losing_the_path_fails(shop: Shop) -> None:
    shop.server.route("shop.test", "*", redirect(shop.www + "/", 301))
    result = shop.run({"canonical": shop.www})[
        f"http.canonical:https://shop.test:{shop.server.port}"
    ]
    assert result.status == Status.FAIL and "drops the path and the query string" in result.message


def test_canonical_itself_redirecting_and_missing_hsts_fail(shop: Shop) -> None:
    shop.server.route("www.shop.test", "/", redirect(shop.www + "/home", 302), "https")
    shop.server.route(
        "www.shop.test", "*", Route(200, [("Content-Type", "text/html")], INDEX), "https"
    )
    results = shop.run({"canonical": shop.www + "/"})
    assert results[f"http.canonical:{shop.www}/"].status == Status.FAIL
    assert results[f"http.canonical.hsts:{shop.www}"].status == Status.FAIL


def test_redirect_loop_and_wrong_target(shop: Shop) -> None:
    www = shop.www
    shop.server.route("www.shop.test", "/a", redirect(f"{www}/b"))
    shop.server.route("www.shop.test", "/b", redirect(f"{www}/a"))
    shop.server.route("www.shop.test", "/elsewhere", redirect(f"{www}/other"))
    results = shop.run(
        {
            "redirects": [
                {"from": f"{www}/a", "to": f"{www}/shop"},
                {"from": f"{www}/elsewhere", "to": f"{www}/shop"},
                {"from": f"{www}/none", "to": f"{www}/shop"},
            ]
        }
    )
    loop = results[f"http.redirect:{www}/a"]
    assert loop.status == Status.FAIL and "loop" in loop.message
    assert loop.data["chain"][0]["status"] == 301
    assert "ends at" in results[f"http.redirect:{www}/elsewhere"].message
    assert results[f"http.redirect:{www}/none"].status == Status.FAIL


def test_redirect_temporary_status_fails(shop: Shop) -> None:
    www = shop.www
    shop.server.route("www.shop.test", "/temp", redirect(f"{www}/shop", 302))
    status = shop.status(
        {"redirects": [{"from": f"{www}/temp", "to": f"{www}/shop"}]}, f"http.redirect:{www}/temp"
    )
    assert status == Status.FAIL
    allowed = {"redirects": [{"from": f"{www}/temp", "to": f"{www}/shop", "status": [302]}]}
    assert shop.status(allowed, f"http.redirect:{www}/temp") == Status.PASS


def test_redirect_more_than_ten_hops_fails(shop: Shop) -> None:
    www = shop.www
    for i in range(12):
        shop.server.route("www.shop.test", f"/hop{i}", redirect(f"{www}/hop{i + 1}"))
    result = shop.run({"redirects": [{"from": f"{www}/hop0", "to": f"{www}/hop12"}]})[
        f"http.redirect:{www}/hop0"
    ]
    assert result.status == Status.FAIL and "more than 10" in result.message


def test_endpoint_status_and_json_failures(shop: Shop) -> None:
    api = shop.server.origin("api.shop.test")
    shop.server.route("api.shop.test", "/down", Route(503, [], "oops"))
    shop.server.route(
        "api.shop.test", "/html", Route(200, [("Content-Type", "text/html")], "<p>hi</p>")
    )
    results = shop.run(
        {
            "endpoints": [
                {"url": f"{api}/down"},
                {"url": f"{api}/html", "json": {"status": "ok"}},
                {"url": f"{api}/health", "json": {"status": "ok", "checks": {"db": "down"}}},
            ]
        }
    )
    assert results[f"http.status:{api}/down"].status == Status.FAIL
    assert "503" in results[f"http.status:{api}/down"].message
    assert results[f"http.json:{api}/html"].status == Status.FAIL
    nested = results[f"http.json:{api}/health"]
    assert nested.status == Status.FAIL and "checks.db" in nested.message


def test_each_security_header_fails_alone(shop: Shop) -> None:
    cases = {
        "http.headers.hsts": _headers_without("strict-transport-security"),
        "http.headers.nosniff": _headers_without("x-content-type-options"),
        "http.headers.referrer": [
            *_headers_without("referrer-policy"),
            ("Referrer-Policy", "unsafe-url"),
        ],
        "http.headers.csp": [
            *_headers_without("content-security-policy"),
            ("X-Frame-Options", "DENY"),
        ],
        "http.headers.frame": [
            *_headers_without("x-frame-options"),
        ],
        "http.headers.server_banner": [*_headers_without("server"), ("Server", "nginx/1.22.1")],
    }
    # frame: the CSP of SECURITY has frame-ancestors, so drop both
    cases["http.headers.frame"] = [
        (k, v) for k, v in cases["http.headers.frame"] if k != "Content-Security-Policy"
    ] + [("Content-Security-Policy", "default-src 'self'")]
    for i, (rule, headers) in enumerate(cases.items()):
        path = f"/page{i}"
        shop.server.route(
            "www.shop.test", path, Route(200, [*headers, ("Content-Type", "text/html")], "x")
        )
        results = shop.run({"endpoints": [{"url": shop.www + path, "headers": ["security"]}]})
        failing = {r.rule_id for r in results.values() if r.status != Status.PASS}
        assert failing == {rule}, (rule, failing)


def test_cookie_flags(shop: Shop) -> None:
    cookie = ("Set-Cookie", "sessionid=abc123secretvalue; Path=/")
    shop.server.route(
        "app.shop.test", "/login", Route(200, [cookie, ("Cache-Control", "no-store")], "x")
    )
    url = shop.url("app.shop.test", "/login")
    result = shop.run({"endpoints": [{"url": url}]})[f"http.cookies:{url}"]
    assert result.status == Status.FAIL
    assert (
        "sessionid" in result.message and "abc123" not in " ".join(result.details) + result.message
    )
    assert any("HttpOnly" in d for d in result.details) and any(
        "SameSite" in d for d in result.details
    )
    good = ("Set-Cookie", "sessionid=abc; Path=/; Secure; HttpOnly; SameSite=Lax")
    shop.server.route("app.shop.test", "/login", Route(200, [good], "x"))
    assert shop.status({"endpoints": [{"url": url}]}, f"http.cookies:{url}") == Status.PASS


def test_cacheable_page_with_cookie_is_critical(shop: Shop) -> None:
    headers = [
        ("Set-Cookie", "cart=1; Secure; SameSite=Lax"),
        ("Cache-Control", "public, max-age=600"),
    ]
    shop.server.route("www.shop.test", "/cart", Route(200, headers, "x"))
    url = shop.www + "/cart"
    result = shop.run({"endpoints": [{"url": url}]})[f"http.cacheable_cookie:{url}"]
    assert result.status == Status.FAIL and result.severity == Severity.CRITICAL


def test_static_asset_failures(shop: Shop) -> None:
    headers = [("Content-Type", "text/css"), ("Cache-Control", "no-cache"), ("Set-Cookie", "s=1")]
    shop.server.route("www.shop.test", "/assets/site.css", Route(200, headers, "body{}" * 500))
    url = shop.www + "/assets/site.css"
    results = shop.run({"static": [url]})
    assert results[f"http.static.cache:{url}"].status == Status.FAIL
    assert results[f"http.static.compress:{url}"].status == Status.FAIL
    assert results[f"http.static.cookie:{url}"].status == Status.WARN
    assert results[f"http.static.cdn_hit:{url}"].status == Status.WARN


def test_cacheable_static_with_cookie_is_critical(shop: Shop) -> None:
    headers = [
        ("Content-Type", "image/png"),
        ("Cache-Control", "public, max-age=86400"),
        ("Set-Cookie", "s=1"),
    ]
    shop.server.route("www.shop.test", "/logo.png", Route(200, headers, b"\x89PNG" + b"0" * 3000))
    url = shop.www + "/logo.png"
    results = shop.run({"static": [url]})
    assert results[f"http.static.cookie:{url}"].status == Status.FAIL
    assert results[f"http.static.cookie:{url}"].severity == Severity.CRITICAL
    assert results[f"http.static.compress:{url}"].status == Status.PASS


def test_webhook_failures(shop: Shop) -> None:
    api = shop.server.origin("api.shop.test")
    s = shop.server
    challenge = (
        '<html><title>Just a moment...</title><script src="/cdn-cgi/challenge-platform/x"></script>'
    )
    s.route(
        "api.shop.test", "/wh/challenge", Route(403, [("cf-mitigated", "challenge")], challenge)
    )
    s.route("api.shop.test", "/wh/page", Route(503, [("Server", "cloudflare")], challenge))
    s.route("api.shop.test", "/wh/redirect", redirect(f"{api}/webhooks/stripe", 301))
    s.route("api.shop.test", "/wh/error", Route(500, [], "boom"))
    s.route("api.shop.test", "/wh/ok", Route(200, [], "{}"))
    urls = [f"{api}/wh/{n}" for n in ("challenge", "page", "redirect", "error", "ok")]
    results = shop.run({"webhooks": urls})
    statuses = [results[f"http.webhook:{u}"].status for u in urls]
    assert statuses == [Status.FAIL] * 4 + [Status.PASS]
    posts = s.hits("api.shop.test", "/wh/ok")
    assert posts[0].method == "POST" and posts[0].header("Cookie") is None
    assert posts[0].header("Content-Type") == "application/json"


def test_webhook_with_bad_certificate_fails(shop: Shop) -> None:
    shop.server.host("hooks.shop.test", cert="expired")
    url = shop.url("hooks.shop.test", "/stripe")
    ctx = sandbox_context({"http": {"webhooks": [url]}}, shop.ca_pem, [*HOSTS, "hooks.shop.test"])
    result = run_checks(ctx, http.plan(ctx.config))[f"http.webhook:{url}"]
    assert result.status == Status.FAIL and "expired" in result.message


def test_cdn_twin_of_dns_cdn(shop: Shop) -> None:
    s = shop.server
    s.route(
        "app.shop.test",
        "/",
        Route(200, [("Server", "cloudflare"), ("CF-RAY", "8a1b2c3d4e5f-AMS")], "x"),
    )
    app, www = s.origin("app.shop.test"), shop.www
    results = shop.run(
        {"endpoints": [{"url": app + "/"}, {"url": www + "/"}]}, dns={"cdn": "cloudflare"}
    )
    assert results[f"http.cdn:{app}"].status == Status.PASS
    assert results[f"http.cdn:{www}"].status == Status.FAIL
