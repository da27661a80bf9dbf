"""Pure judges with plain data (no network)."""

from __future__ import annotations

import pytest

from launchgate.checks.http import caching, edge, headers, redirects
from launchgate.net.http import Chain, FetchError, Response


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
    netlify = [("cache-status", '"Netlify Edge"; hit')]
    assert caching.judge_cdn_hit(resp(hdrs=netlify)).status == "pass"
    assert caching.judge_cdn_hit(resp(hdrs=[("cache-status", "Edge; fwd=miss")])).status == "warn"
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
    assert redirects.judge_variant(timeout, expected).status == "fail"
    unreachable = Chain("http://a.test/p?q=1", (), error=FetchError("connect", "no route"))
    assert redirects.judge_variant(unreachable, expected).status == "error"


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
    assert edge.judge_webhook(FetchError("timeout", "slow")).status == "fail"
    assert edge.judge_webhook(FetchError("reset", "reset")).status == "fail"
    assert edge.judge_webhook(FetchError("resolver", "no resolver")).status == "error"


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
    from launchgate.checks.http.exposed import meta_csp

    page = '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'self\'"></head>'
    assert meta_csp(page) == "default-src 'self'"
    assert meta_csp("<html></html>") is None


@pytest.mark.parametrize(
    ("answer", "status"),
    [
        (
            resp(429, [("x-vercel-mitigated", "challenge")], b"<html>Vercel Security Checkpoint"),
            "fail",
        ),
        (resp(202, [("x-amzn-waf-action", "challenge")]), "fail"),
        (resp(403, [("server", "AkamaiGHost")], b"Access Denied ... errors.edgesuite.net"), "fail"),
        (resp(403, body=b"<html>Incapsula incident ID: 123</html>"), "fail"),
        (resp(429, [("retry-after", "60")], b"Too Many Requests"), "warn"),
        (resp(403, [("server", "awselb/2.0")], b'{"error":"bad signature"}'), "pass"),
        (resp(202, body=b'{"received": true}'), "pass"),
    ],
)
def test_webhook_behind_other_cdns_and_rate_limits(answer: Response, status: str) -> None:
    assert edge.judge_webhook(answer).status == status


def test_auth_library_cookies_meant_for_scripts_are_not_sessions() -> None:
    """Auth.js sets its callback URL readable by scripts; its session token stays HttpOnly."""
    nextauth = [
        "__Secure-next-auth.session-token=x; Path=/; Secure; HttpOnly; SameSite=Lax",
        "__Host-next-auth.csrf-token=y; Path=/; Secure; HttpOnly; SameSite=Lax",
        "__Secure-next-auth.callback-url=https%3A%2F%2Fshop.test; Path=/; Secure; SameSite=Lax",
    ]
    assert headers.judge_cookies(nextauth, True).status == "pass"
    stolen = ["__Secure-next-auth.session-token=x; Path=/; Secure; SameSite=Lax"]
    assert headers.judge_cookies(stolen, True).status == "fail"


def test_fetch_failures_say_what_to_fix() -> None:
    expected = "https://www.a.test/p?q=1"
    tls = Chain("http://a.test/p?q=1", (), error=FetchError("tls", "certificate rejected"))
    verdict = redirects.judge_variant(tls, expected)
    assert verdict.status == "fail" and verdict.remediation and "certificate" in verdict.remediation
    slow = edge.judge_webhook(FetchError("timeout", "no complete answer within 2s"))
    assert slow.status == "fail" and slow.remediation and "logs" in slow.remediation


def test_trailing_slash_policy_keeps_the_page() -> None:
    expected = "https://www.a.test/launchgate-probe/page?lg=1&utm=x"
    slash = resp(301, [("Location", "https://www.a.test/launchgate-probe/page/?lg=1&utm=x")])
    chain = Chain("http://a.test/launchgate-probe/page?lg=1&utm=x", (slash,))
    assert redirects.judge_variant(chain, expected).status == "pass"
    home = resp(301, [("Location", "https://www.a.test/?lg=1&utm=x")])
    lost = redirects.judge_variant(Chain(chain.start, (home,)), expected)
    assert lost.status == "fail" and "drops the path" in lost.message


def test_passable_challenges_differ_from_blocks() -> None:
    """A challenge hides a file only from bots; a WAF block protects it from everyone."""
    assert edge.is_passable_challenge(resp(403, [("cf-mitigated", "challenge")]))
    assert edge.is_passable_challenge(resp(503, body=b"<title>Just a moment...</title>"))
    block = b"<title>Attention Required! | Cloudflare</title> Sorry, you have been blocked"
    assert edge.is_passable_challenge(resp(403, [("server", "cloudflare")], block)) is None
    assert edge.is_passable_challenge(resp(403, body=b"error code: 1020")) is None
    assert edge.is_passable_challenge(resp(403, [("x-amzn-waf-action", "block")])) is None
