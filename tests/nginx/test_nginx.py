"""TLS and HTTP checks against a real nginx: a good shop and a deliberately misconfigured host."""

from __future__ import annotations

from typing import Any

from launchgate.checks import http, tls
from launchgate.core.model import Result, Severity, Status
from tests.nginx.conftest import HOSTS, Nginx
from tests.sandbox.web_config import run_checks, sandbox_context


def _run(nginx: Nginx, config: dict[str, Any]) -> dict[str, Result]:
    ctx = sandbox_context(config, nginx.ca_pem, HOSTS)
    return run_checks(ctx, [*http.plan(ctx.config), *tls.plan(ctx.config)])


def test_good_shop(nginx: Nginx) -> None:
    www = nginx.origin("www.shop.test")
    results = _run(
        nginx,
        {
            "http": {
                "canonical": www,
                "redirects": [{"from": f"{www}/old-shop", "to": f"{www}/shop"}],
                "endpoints": [
                    {"url": f"{www}/", "headers": ["security"]},
                    {"url": f"{www}/health", "json": {"status": "ok"}},
                ],
                "static": [f"{www}/assets/app.js"],
                "exposed": True,
            },
            "tls": {},
        },
    )
    bad = {
        cid: r.message
        for cid, r in results.items()
        if r.status != Status.PASS and r.rule_id != "http.static.cdn_hit"
    }
    assert not bad
    port = nginx.port
    assert {
        f"http.canonical:http://shop.test:{port}",
        f"http.canonical:http://www.shop.test:{port}",
    } <= set(results)
    assert results[f"tls.handshake:www.shop.test:{port}"].data["protocol"] in ("TLSv1.2", "TLSv1.3")
    assert results[f"http.static.cdn_hit:{www}/assets/app.js"].status == Status.WARN  # no CDN here
    assert results[f"tls.protocol:www.shop.test:{port}"].data["probes"] == {
        "TLSv1": False,
        "TLSv1.1": False,
    }


def test_misconfigured_host(nginx: Nginx) -> None:
    www, port = nginx.origin("www.bad.test"), nginx.port
    results = _run(
        nginx,
        {
            "http": {
                "canonical": www,
                "endpoints": [{"url": f"{www}/", "headers": ["security"]}, {"url": f"{www}/cart"}],
                "static": [f"{www}/assets/app.js"],
                "exposed": True,
            }
        },
    )
    statuses = {cid: r.status for cid, r in results.items()}
    assert statuses[f"http.canonical:https://bad.test:{port}"] == Status.FAIL  # serves a duplicate
    http_variant = results[f"http.canonical:http://www.bad.test:{port}"]
    assert http_variant.status == Status.FAIL and "302" in http_variant.message
    assert statuses[f"http.headers.hsts:{www}/"] == Status.FAIL  # once, not also as canonical
    assert f"http.canonical.hsts:{www}" not in statuses
    assert statuses[f"http.headers.server_banner:{www}/"] == Status.FAIL
    assert statuses[f"http.static.cache:{www}/assets/app.js"] == Status.FAIL
    assert statuses[f"http.static.compress:{www}/assets/app.js"] == Status.PASS  # gzip is on
    env = results[f"http.exposed:{www}/.env"]
    assert env.status == Status.FAIL and env.severity == Severity.CRITICAL
    assert "abcdef" not in env.message + " ".join(env.details)
    cart = results[f"http.cacheable_cookie:{www}/cart"]
    assert cart.status == Status.FAIL and cart.severity == Severity.CRITICAL


def test_expired_certificate(nginx: Nginx) -> None:
    host = f"expired.bad.test:{nginx.port}"
    results = _run(nginx, {"tls": {"hosts": [host]}})
    assert results[f"tls.expiry:{host}"].status == Status.FAIL
    assert results[f"tls.chain:{host}"].status == Status.PASS
    assert results[f"tls.hostname:{host}"].status == Status.PASS
