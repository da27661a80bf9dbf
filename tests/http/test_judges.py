"""Pure judges with plain data (no network)."""

from __future__ import annotations

import pytest

from launchgate.net.http import Chain, FetchError, Response
from launchgate.web import caching, edge, headers, redirects


def resp(
    status: int = 200,
    hdrs: list[tuple[str, str]] | None = None,
    body: bytes = b"",
    url: str = "https://w.test/",
) -> Response:
    return Response(url, "GET", status, "OK", tuple((k.lower(), v) for k, v in hdrs or []), body)


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("max-age=31536000; includeSubDomains", "pass"),
        ('max-age="15552000"', "pass"),
        ("max-age=86400", "fail"),
        ("includeSubDomains", "fail"),
        (None, "fail"),
    ],
)
def test_hsts(value: str | None, status: str) -> None:
    assert headers.judge_hsts(value, https=True).status == status


def test_hsts_over_http_fails() -> None:
    assert headers.judge_hsts("max-age=31536000", https=False).status == "fail"


def test_frame_referrer_csp_banner() -> None:
    assert headers.judge_frame(None, "default-src 'self'; frame-ancestors 'self'").status == "pass"
    assert headers.judge_frame("ALLOW-FROM https://x", None).status == "fail"
    assert headers.judge_frame("sameorigin", None).status == "pass"
    assert headers.judge_referrer("no-referrer, strict-origin-when-cross-origin").status == "pass"
    assert headers.judge_referrer("unsafe-url").status == "fail"
    assert headers.judge_referrer("bogus").status == "fail"
    assert headers.judge_csp(None, "default-src 'self'").status == "fail"
    assert headers.judge_csp("frame-ancestors 'none'", None).status == "warn"
    assert headers.judge_server_banner([("server", "nginx")]).status == "pass"
    assert (
        headers.judge_server_banner([("server", "cloudflare"), ("x-powered-by", "Express")]).status
        == "pass"
    )
    assert headers.judge_server_banner([("server", "Apache/2.4.41 (Ubuntu)")]).status == "fail"
    assert headers.judge_server_banner([("x-powered-by", "PHP/8.1.2")]).status == "fail"
    assert headers.judge_server_banner([("x-aspnet-version", "4.0.30319")]).status == "fail"


def test_cookies() -> None:
    ok = "sid=1; Secure; HttpOnly; SameSite=Lax"
    assert headers.judge_cookies([ok], https=True).status == "pass"
    assert headers.judge_cookies(["theme=dark; Secure; SameSite=Lax"], https=True).status == "pass"
    assert (
        headers.judge_cookies(["csrftoken=x; Secure; SameSite=Strict"], https=True).status == "pass"
    )
    assert (
        headers.judge_cookies(["auth_token=x; Secure; SameSite=Lax"], https=True).status == "fail"
    )
    assert headers.judge_cookies(["a=1; SameSite=None; HttpOnly"], https=False).status == "fail"
    assert headers.judge_cookies(["sid=; Max-Age=0"], https=True).status == "pass"


@pytest.mark.parametrize(
    ("cache_control", "ok"),
    [
        ("public, max-age=31536000, immutable", True),
        ("max-age=86400", True),
        ("public, s-maxage=600, max-age=0", False),
        ("s-maxage=86400", True),
        ("private, max-age=31536000", False),
        ("no-store", False),
        ("max-age=3600", False),
    ],
)
def test_edge_lifetime(cache_control: str, ok: bool) -> None:
    assert caching.edge_lifetime(resp(hdrs=[("Cache-Control", cache_control)]))[0] is ok


def test_expires_header_counts() -> None:
    r = resp(
        hdrs=[
            ("Date", "Sun, 29 Nov 2026 08:00:00 GMT"),
            ("Expires", "Sun, 06 Dec 2026 08:00:00 GMT"),
        ]
    )
    assert caching.edge_lifetime(r)[0]


def test_publicly_cacheable() -> None:
    assert caching.publicly_cacheable(resp(hdrs=[("Cache-Control", "max-age=60")]))[0]
    assert not caching.publicly_cacheable(resp(hdrs=[("Cache-Control", "private, max-age=60")]))[0]
    assert not caching.publicly_cacheable(resp())[0]


def test_compress_and_cdn_hit() -> None:
    big = b"x" * 5000
    assert (
        caching.judge_compress(resp(hdrs=[("Content-Type", "text/css")], body=big)).status == "fail"
    )
    assert (
        caching.judge_compress(
            resp(hdrs=[("Content-Type", "text/css"), ("Content-Encoding", "br")], body=big)
        ).status
        == "pass"
    )
    assert (
        caching.judge_compress(resp(hdrs=[("Content-Type", "image/webp")], body=big)).status
        == "pass"
    )
    assert caching.judge_cdn_hit(resp(hdrs=[("cf-cache-status", "HIT")])).status == "pass"
    assert caching.judge_cdn_hit(resp(hdrs=[("cf-cache-status", "DYNAMIC")])).status == "warn"
    assert caching.judge_cdn_hit(resp(hdrs=[("x-cache", "Hit from cloudfront")])).status == "pass"
    assert caching.judge_cdn_hit(resp(hdrs=[("age", "42")])).status == "pass"
    assert caching.judge_cdn_hit(resp()).status == "warn"


def test_canonical_variants_and_normalize() -> None:
    assert redirects.canonical_variants("https://www.acme.test", "acme.test") == [
        "https://acme.test", "http://www.acme.test", "http://acme.test"
    ]  # fmt: skip
    variants = redirects.canonical_variants("https://acme.test:8443/", "acme.test")
    assert variants[0] == "https://www.acme.test:8443"
    only_scheme = redirects.canonical_variants("https://shop.acme.test", "acme.test")
    assert only_scheme == ["http://shop.acme.test"]
    assert redirects.registered_domain("www.acme.co.uk") == "acme.co.uk"
    assert redirects.registered_domain("127.0.0.1") is None
    assert redirects.normalize("HTTPS://WWW.acme.test:443") == "https://www.acme.test/"
    assert redirects.normalize("http://a.test:8080/x?y") == "http://a.test:8080/x?y"


def test_variant_verdicts() -> None:
    expected = "https://www.a.test/p?q=1"
    one = resp(301, [("Location", expected)], url="http://a.test/p?q=1")
    assert redirects.judge_variant(Chain(one.url, (one,)), expected).status == "pass"
    nxdomain = Chain("http://a.test/p?q=1", (), error=FetchError("dns", "nxdomain"))
    assert redirects.judge_variant(nxdomain, expected).status == "warn"
    timeout = Chain("http://a.test/p?q=1", (), error=FetchError("timeout", "slow"))
    assert redirects.judge_variant(timeout, expected).status == "error"


def test_webhook_verdicts() -> None:
    assert edge.judge_webhook(resp(401)).status == "pass"
    assert edge.judge_webhook(resp(404)).status == "warn"
    assert (
        edge.judge_webhook(
            resp(403, body=b"<title>Attention Required! | Cloudflare</title>")
        ).status
        == "fail"
    )
    assert edge.judge_webhook(resp(403, body=b'{"error":"forbidden"}')).status == "pass"
    assert edge.judge_webhook(FetchError("tls", "certificate rejected")).status == "fail"
    assert edge.judge_webhook(FetchError("timeout", "slow")).status == "error"


def test_false_alarm_traps() -> None:
    assert headers.judge_frame("DENY, DENY", None).status == "pass"
    assert headers.judge_frame("DENY, SAMEORIGIN", None).status == "fail"
    assert headers.judge_nosniff("nosniff, nosniff").status == "pass"
    assert headers.judge_server_banner([("server", "ECS (dcb/7F84)")]).status == "pass"
    assert headers.judge_server_banner([("server", "Phusion Passenger 6.0.4")]).status == "fail"
    assert headers.judge_server_banner([("x-powered-by", "ASP.NET")]).status == "pass"
    meta = headers.judge_csp(None, None, "default-src 'self'")
    assert meta.status == "pass" and "meta" in meta.message
    blocked = resp(403, [("Server", "cloudflare")], b"error code: 1020")
    assert edge.judge_webhook(blocked).status == "fail"


def test_meta_csp_parsing() -> None:
    from launchgate.web.exposed import meta_csp

    page = '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"></head>'
    assert meta_csp(page) == "default-src 'self'"
    assert meta_csp("<html></html>") is None
