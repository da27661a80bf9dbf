"""Every key of ``http:`` does what the example config's comment says (pass and fail)."""

from __future__ import annotations

from typing import Any

import pytest

from launchgate.sandbox.web_server import Route, redirect, redirect_to_origin
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net, Outcome

W = "https://www.shop.test"
API = "https://api.shop.test"


def _http(net: Net, http: dict[str, Any], **top: Any) -> Outcome:
    return net.gate({"domain": shop.DOMAIN, "http": http, **top}, only=("http",), fail_on="low")


def test_canonical_every_variant_in_one_permanent_hop(net: Net) -> None:
    outcome = _http(net, {"canonical": W})
    variants = ["http://www.shop.test", "https://shop.test", "http://shop.test"]
    assert {outcome.status(f"http.canonical:{v}") for v in variants} == {"pass"}
    assert outcome.status(f"http.canonical:{W}") == "pass"
    assert outcome.status(f"http.canonical.hsts:{W}") == "pass"
    net.web.route("www.shop.test", "*", Route(body="plain http page"), scheme="http")
    found = _http(net, {"canonical": W}).results["http.canonical:http://www.shop.test"]
    assert found["status"] == "fail" and "200" in found["message"]


def test_canonical_probe_keeps_path_and_query(net: Net) -> None:
    _http(net, {"canonical": W})
    probed = [r for r in net.web.requests if r.host == "shop.test"]
    assert probed and all(r.path != "/" and r.query for r in probed), probed


def test_canonical_without_hsts_fails(net: Net) -> None:
    net.web.route("www.shop.test", "/", Route(headers=[("Content-Type", "text/html")], body="x"))
    found = _http(net, {"canonical": W}).results[f"http.canonical.hsts:{W}"]
    assert found["status"] == "fail", found


def test_redirects_from_reaches_to_with_an_allowed_status(net: Net) -> None:
    net.web.route("shop.test", "/old-shop", redirect(f"{W}/shop", 301))
    rule = {"from": "https://shop.test/old-shop", "to": f"{W}/shop", "status": [301, 308]}
    ok = _http(net, {"redirects": [rule]})
    assert ok.status("http.redirect:https://shop.test/old-shop") == "pass"
    net.web.route("shop.test", "/old-shop", redirect(f"{W}/shop", 302))
    found = _http(net, {"redirects": [rule]}).results["http.redirect:https://shop.test/old-shop"]
    assert found["status"] == "fail" and "302" in found["message"]
    net.web.route("shop.test", "/old-shop", redirect("https://shop.test/old-shop", 301))
    looped = _http(net, {"redirects": [rule]}).results["http.redirect:https://shop.test/old-shop"]
    assert looped["status"] == "fail" and "loop" in looped["message"]


def test_redirects_default_status_is_permanent(net: Net) -> None:
    net.web.route("shop.test", "/old", redirect(f"{W}/new", 307))
    rule = {"from": "https://shop.test/old", "to": f"{W}/new"}
    assert _http(net, {"redirects": [rule]}).status("http.redirect:https://shop.test/old") == "fail"


def test_endpoint_status_and_json(net: Net) -> None:
    good = {"url": f"{API}/health", "status": 200, "json": {"checks": {"redis": {"ms": 2}}}}
    ok = _http(net, {"endpoints": [good]})
    assert ok.status(f"http.status:{API}/health") == "pass"
    assert ok.status(f"http.json:{API}/health") == "pass"
    bad = {"url": f"{API}/health", "status": 204, "json": {"v": "1.5"}}
    outcome = _http(net, {"endpoints": [bad]})
    assert outcome.status(f"http.status:{API}/health") == "fail"
    found = outcome.results[f"http.json:{API}/health"]
    assert found["status"] == "fail" and "v" in found["message"]


SECURITY_RULES = ["hsts", "nosniff", "frame", "referrer", "csp", "server_banner"]


def test_endpoint_security_headers(net: Net) -> None:
    page = {"url": f"{W}/", "status": 200, "headers": ["security"]}
    ok = _http(net, {"endpoints": [page]})
    assert {ok.status(f"http.headers.{r}:{W}/") for r in SECURITY_RULES} == {"pass"}
    bare = [("Content-Type", "text/html"), ("Server", "nginx/1.18.0"), ("X-Powered-By", "PHP/8.1")]
    net.web.route("www.shop.test", "/", Route(headers=bare, body="<p>hi</p>"))
    outcome = _http(net, {"endpoints": [page]})
    assert {outcome.status(f"http.headers.{r}:{W}/") for r in SECURITY_RULES} == {"fail"}
    assert outcome.results[f"http.headers.server_banner:{W}/"]["severity"] == "low"


def test_frame_protection_by_x_frame_options_alone_passes(net: Net) -> None:
    headers = [("Content-Type", "text/html"), *shop.SECURITY[:3], ("X-Frame-Options", "DENY"),
               ("Content-Security-Policy", "default-src 'self'")]  # fmt: skip
    net.web.route("www.shop.test", "/", Route(headers=headers, body="<p>hi</p>"))
    page = {"url": f"{W}/", "status": 200, "headers": ["security"]}
    assert _http(net, {"endpoints": [page]}).status(f"http.headers.frame:{W}/") == "pass"


ASSET = f"{W}/assets/app.js"


@pytest.mark.parametrize(
    ("headers", "gzip", "rule"),
    [
        ([("Cache-Control", "no-cache")], True, "http.static.cache"),
        ([("Cache-Control", "public, max-age=31536000")], False, "http.static.compress"),
        ([("Cache-Control", "public, max-age=31536000"), ("Set-Cookie", "sid=1; Secure")],
         True, "http.static.cookie"),
    ],
    ids=["not cacheable", "not compressed", "sets a cookie"],
)  # fmt: skip
def test_static_cacheable_compressed_and_cookieless(
    net: Net, headers: list[tuple[str, str]], gzip: bool, rule: str
) -> None:
    ok = _http(net, {"static": [ASSET]})
    assert ok.problems() == {}, ok.problems()
    base = [("Content-Type", "text/javascript"), ("cf-cache-status", "HIT"), *shop.CDN]
    net.web.route("www.shop.test", "/assets/app.js",
                  Route(headers=base + headers, body=shop.APP_JS, gzip=gzip))  # fmt: skip
    outcome = _http(net, {"static": [ASSET]})
    assert set(outcome.problems("fail")) == {f"{rule}:{ASSET}"}, outcome.problems()


def test_static_without_a_cdn_hit_warns(net: Net) -> None:
    headers = [("Content-Type", "text/javascript"), ("Cache-Control", "public, max-age=86400")]
    net.web.route("www.shop.test", "/assets/app.js",
                  Route(headers=headers, body=shop.APP_JS, gzip=True))  # fmt: skip
    outcome = _http(net, {"static": [ASSET]})
    assert outcome.problems() == {f"http.static.cdn_hit:{ASSET}": outcome.problems()[
        f"http.static.cdn_hit:{ASSET}"]}  # fmt: skip
    assert outcome.status(f"http.static.cdn_hit:{ASSET}") == "warn"


def test_exposed_probes_every_host_and_judges_by_content(net: Net) -> None:
    http = {"exposed": True, "endpoints": [{"url": f"{API}/health"}], "canonical": W}
    ok = _http(net, http)
    assert {ok.status(f"http.exposed:{o}") for o in (W, API)} == {"pass"}
    net.web.route("api.shop.test", "/.git/config", Route(body="[core]\n\tbare = false\n"))
    found = _http(net, http).results[f"http.exposed:{API}/.git/config"]
    assert found["status"] == "fail" and found["severity"] == "critical"


def test_exposed_also_probes_the_tls_hosts(net: Net) -> None:
    net.web.route("app.shop.test", "/.env", Route(body="SECRET_KEY=abc123def456\n"))
    outcome = _http(net, {"exposed": True, "canonical": W}, tls={"hosts": ["app.shop.test"]})
    assert outcome.status("http.exposed:https://app.shop.test/.env") == "fail"


@pytest.mark.parametrize(
    ("route", "status"),
    [
        (Route(status=401, body='{"error":"bad signature"}'), "pass"),
        (Route(status=400, body="missing header"), "pass"),
        (redirect(f"{API}/webhooks/stripe/", 308), "fail"),
        (Route(status=502, body="bad gateway"), "fail"),
        (Route(status=403, headers=[("cf-mitigated", "challenge")], body="Just a moment..."),
         "fail"),
    ],
    ids=["401", "400", "redirect", "5xx", "challenge"],
)  # fmt: skip
def test_webhooks_answer_a_plain_post(net: Net, route: Route, status: str) -> None:
    net.web.route("api.shop.test", "/webhooks/stripe", route)
    hook = f"{API}/webhooks/stripe"
    found = _http(net, {"webhooks": [hook]}).results[f"http.webhook:{hook}"]
    assert found["status"] == status, found
    sent = net.web.hits("api.shop.test", "/webhooks/stripe")[-1]
    assert sent.method == "POST" and sent.header("Cookie") is None and sent.body


def test_cdn_http_twin_needs_cloudflare_headers(net: Net) -> None:
    http = {"endpoints": [{"url": f"{W}/"}, {"url": f"{API}/health"}]}
    outcome = _http(net, http, dns={"cdn": "cloudflare"})
    assert outcome.status(f"http.cdn:{W}") == "pass"
    found = outcome.results[f"http.cdn:{API}"]
    assert found["status"] == "fail" and "cf-ray" in found["message"]


def test_canonical_redirect_keeps_the_apex_behind_cloudflare(net: Net) -> None:
    """A 301 from Cloudflare carries its headers too: the apex passes the twin check."""
    net.web.route("shop.test", "*", Route(handler=lambda r: Route(
        status=301, headers=[("Location", W + r.target), *shop.CDN])))  # fmt: skip
    top = {"dns": {"cdn": "cloudflare"}, "tls": {"hosts": ["shop.test"]}}
    outcome = _http(net, {"canonical": W}, **top)
    assert outcome.status("http.cdn:https://shop.test") == "pass"
    net.web.route("shop.test", "*", redirect_to_origin(W))
    assert _http(net, {"canonical": W}, **top).status("http.cdn:https://shop.test") == "fail"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/.DS_Store", b"\x00\x00\x00\x01Bud1\x00\x00\x10\x00"),
        ("/server-status", b"<h1>Apache Server Status for www.shop.test</h1>Server uptime: 3 days"),
        ("/phpinfo.php", b"<title>PHP 8.2.1 - phpinfo()</title><h1>PHP Version 8.2.1</h1>"),
        ("/.env.production", b"# prod\nSTRIPE_SECRET_KEY=sk_live_x\nAPP_ENV=production\n"),
    ],
)
def test_exposed_judges_each_probe_by_content(net: Net, path: str, body: bytes) -> None:
    """The SPA answers index.html (200) at every path: quiet; the real file: critical."""
    assert _http(net, {"exposed": True, "canonical": W}).status(f"http.exposed:{W}") == "pass"
    net.web.route("www.shop.test", path, Route(body=body))
    found = _http(net, {"exposed": True, "canonical": W}).results[f"http.exposed:{W}{path}"]
    assert found["status"] == "fail" and found["severity"] == "critical"
    assert "sk_live_x" not in str(found)
