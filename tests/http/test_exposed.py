"""Exposed files: found by content, never by status; content never shown."""

from __future__ import annotations

import json

import pytest

from launchgate.checks.http import exposed
from launchgate.core.model import Severity, Status
from launchgate.sandbox.web_server import Route
from tests.http.conftest import Shop

ENV = "DATABASE_URL=postgres://u:hunter2secret@db/shop\nSTRIPE_SECRET_KEY=sk_live_abcdef123456\n# c\n"  # pragma: allowlist secret
MAP = json.dumps({"version": 3, "sources": ["src/app.ts"], "mappings": "AAAA;AACA"})

PLANTED: dict[str, str | bytes] = {
    "/.env": ENV,
    "/.env.production": "export API_KEY=abc123def456\nDEBUG=false\n",
    "/.git/HEAD": "ref: refs/heads/main\n",
    "/.git/config": "[core]\n\trepositoryformatversion = 0\n",
    "/.DS_Store": b"\x00\x00\x00\x01Bud1" + b"\x00" * 64,
    "/server-status": "<html><title>Apache Server Status for x</title>Server uptime: 3 days 12 requests",
    "/phpinfo.php": "<html><title>phpinfo()</title><h1>PHP Version 8.2.1</h1>",
}


@pytest.mark.parametrize("path", sorted(PLANTED))
def test_planted_file_is_critical(shop: Shop, path: str) -> None:
    shop.server.route(
        "www.shop.test", path, Route(200, [("Content-Type", "text/plain")], PLANTED[path])
    )
    results = shop.run({"canonical": shop.www, "exposed": True})
    url = shop.www + path
    result = results[f"http.exposed:{url}"]
    assert result.status == Status.FAIL and result.severity == Severity.CRITICAL
    shown = result.message + " ".join(result.details) + json.dumps(dict(result.data))
    assert "hunter2" not in shown and "sk_live" not in shown and "abc123" not in shown
    assert f"http.exposed:{shop.www}" not in results


def test_exposed_env_values_are_registered_with_the_redactor(shop: Shop) -> None:
    from launchgate.checks import http
    from tests.http.conftest import HOSTS
    from tests.sandbox.web_config import run_checks, sandbox_context

    shop.server.route("www.shop.test", "/.env", Route(200, [], ENV))
    ctx = sandbox_context({"http": {"canonical": shop.www, "exposed": True}}, shop.ca_pem, HOSTS)
    run_checks(ctx, http.plan(ctx.config))
    assert "sk_live_abcdef123456" in ctx.redactor.values
    url = "postgres://u:hunter2secret@db/shop"  # pragma: allowlist secret
    assert "hunter2secret" not in ctx.redactor.scrub(url)


def test_source_map_named_by_comment(shop: Shop) -> None:
    js = "console.log(1);\n//# sourceMappingURL=app.min.js.map\n"
    shop.server.route(
        "www.shop.test", "/assets/app.js", Route(200, [("Content-Type", "text/javascript")], js)
    )
    shop.server.route("www.shop.test", "/assets/app.min.js.map", Route(200, [], MAP))
    results = shop.run({"canonical": shop.www, "exposed": True})
    assert results[f"http.exposed:{shop.www}/assets/app.min.js.map"].status == Status.FAIL


def test_source_map_next_to_script(shop: Shop) -> None:
    shop.server.route("www.shop.test", "/assets/app.js.map", Route(200, [], MAP))
    results = shop.run({"endpoints": [{"url": shop.www + "/"}], "exposed": True})
    assert results[f"http.exposed:{shop.www}/assets/app.js.map"].status == Status.FAIL


def test_spa_fallback_is_not_a_finding(shop: Shop) -> None:
    """The shop answers 200 with index.html for every path: nothing is exposed."""
    results = shop.run({"canonical": shop.www, "exposed": True})
    assert results[f"http.exposed:{shop.www}"].status == Status.PASS
    assert len(shop.server.hits("www.shop.test", "/.env")) == 1


def test_hanging_host_is_an_error(shop: Shop) -> None:
    shop.server.route("www.shop.test", "/.env", Route(behavior="hang"))
    results = shop.run({"canonical": shop.www, "exposed": True})
    assert results[f"http.exposed:{shop.www}"].status == Status.ERROR


def test_content_judges() -> None:
    html = b"<!doctype html><html><body>KEY=VALUE</body></html>"
    assert not exposed.looks_like_env(html)
    assert exposed.looks_like_env(ENV.encode())
    assert not exposed.looks_like_env(b"hello world\nthis is prose\n")
    assert exposed.looks_like_git_head(b"3f786850e387550fdab836ed7e6dc881de23001b\n")
    assert not exposed.looks_like_git_head(html)
    assert exposed.looks_like_source_map(b")]}'\n" + MAP.encode())
    assert exposed.looks_like_source_map(
        b'{"version":3,"sources":["a"],"sourcesContent":["' + b"x" * 100
    )
    assert not exposed.looks_like_source_map(b'{"status":"ok"}')
    assert not exposed.looks_like_ds_store(html)


def test_script_and_map_discovery() -> None:
    page = '<script src="/a.js"></script><script src="https://cdn.other.test/x.js"></script><script>1</script>'
    assert exposed.script_urls(page, "https://w.test/p/") == [
        "https://w.test/a.js",
        "https://cdn.other.test/x.js",
    ]
    maps, inline = exposed.source_map_urls(
        "https://w.test/a.js?v=1", "x\n//# sourceMappingURL=m/a.map", None
    )
    assert maps == ["https://w.test/m/a.map", "https://w.test/a.js.map"] and not inline
    _, inline = exposed.source_map_urls(
        "https://w.test/a.js", "//# sourceMappingURL=data:application/json;base64,e30=", None
    )
    assert inline


def test_third_party_maps_are_not_probed_but_own_subdomains_are(shop: Shop) -> None:
    s = shop.server
    page = (
        f'<script src="{s.url("cdn.other.test", "/lib.js")}"></script>'
        f'<script src="{s.url("static.shop.test", "/app.js")}"></script>'
    )
    s.route("www.shop.test", "/", Route(200, [("Content-Type", "text/html")], page))
    for host in ("cdn.other.test", "static.shop.test"):
        s.route(host, "/app.js" if host.startswith("static") else "/lib.js", Route(200, [], "x()"))
        s.route(host, "*", Route(200, [], MAP))
    results = shop.run({"canonical": shop.www, "exposed": True}, domain="shop.test")
    found = {
        cid for cid, r in results.items() if r.rule_id == "http.exposed" and r.status == Status.FAIL
    }
    assert found == {f"http.exposed:{s.url('static.shop.test', '/app.js.map')}"}
    assert not s.hits("cdn.other.test", "/lib.js.map")


def test_stub_status_and_deleted_cookies() -> None:
    from launchgate.checks.http import headers

    stub = b"Active connections: 2 \nserver accepts handled requests\n 10 10 20 \n"
    assert exposed.looks_like_server_status(stub)
    gone = "sid=; Expires=Thu, 01 Jan 2015 00:00:00 GMT; Path=/"
    assert headers.judge_cookies([gone], https=True).status == "pass"
