"""The run's HTTP client against misbehaving sandbox servers: never a hang, always a clear answer."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from launchgate.core.model import Status
from launchgate.net.http import FetchError, HttpClient
from launchgate.sandbox.web_server import BlackHole, Route, WebServer, redirect
from tests.http.conftest import Shop


@pytest.fixture
def client(web_ca: trustme.CA) -> HttpClient:
    context = ssl.create_default_context()
    web_ca.configure_trust(context)
    return HttpClient(
        lambda host, port: [("127.0.0.1", port)], context, timeout=1.0, max_body=100_000
    )


@pytest.fixture
def server(web_server: WebServer) -> Iterator[WebServer]:
    web_server.route(
        "*", "/ok", Route(200, [("Content-Type", "text/plain; charset=latin-1")], b"caf\xe9")
    )
    web_server.route("*", "/zip", Route(200, [], "a" * 500_000, gzip=True))
    for behavior in ("endless", "drip", "reset", "hang", "close"):
        web_server.route("*", f"/{behavior}", Route(behavior=behavior))
    yield web_server


def _fail(client: HttpClient, url: str) -> tuple[FetchError, float]:
    started = time.monotonic()
    with pytest.raises(FetchError) as info:
        client.request(url)
    return info.value, time.monotonic() - started


def test_sni_host_header_and_pinning(client: HttpClient, server: WebServer) -> None:
    resp = client.request(server.url("www.acme.test", "/ok?x=1"))
    assert resp.status == 200 and resp.text == "café" and resp.tls_version in ("TLSv1.2", "TLSv1.3")
    req = server.requests[-1]
    assert req.host == "www.acme.test" and req.query == "x=1"
    assert req.header("Host") == f"www.acme.test:{server.port}"
    assert client.request(server.url("www.acme.test", "/ok", "http")).tls_version is None


def test_endless_body_stops_at_the_cap(client: HttpClient, server: WebServer) -> None:
    resp = client.request(server.url("a.test", "/endless"))
    assert resp.truncated and len(resp.body) == 100_000


def test_zip_bomb_stops_at_the_cap(client: HttpClient, server: WebServer) -> None:
    resp = client.request(server.url("a.test", "/zip"))
    assert resp.truncated and len(resp.body) == 100_000


@pytest.mark.parametrize(
    ("path", "kind"),
    [("/drip", "timeout"), ("/hang", "timeout"), ("/reset", "reset"), ("/close", "reset")],
)
def test_misbehaving_servers(client: HttpClient, server: WebServer, path: str, kind: str) -> None:
    error, elapsed = _fail(client, server.url("a.test", path))
    assert error.kind == kind, error.message
    assert elapsed < 2.5


def test_black_hole_handshake_times_out(client: HttpClient, black_hole: BlackHole) -> None:
    error, elapsed = _fail(client, f"https://a.test:{black_hole.port}/")
    assert error.kind == "timeout" and elapsed < 2.5


def test_bad_certificate_and_refused_port(client: HttpClient, server: WebServer) -> None:
    server.host("expired.test", cert="expired")
    error, _ = _fail(client, server.url("expired.test", "/ok"))
    assert error.kind == "tls" and "expired" in error.message
    hole = BlackHole()
    port = hole.port
    hole.stop()
    error, _ = _fail(client, f"http://a.test:{port}/")
    assert error.kind == "refused"


def test_unresolvable_name(server: WebServer) -> None:
    def nowhere(host: str, port: int) -> list[tuple[str, int]]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    client = HttpClient(nowhere, ssl.create_default_context(), timeout=1.0)
    error, _ = _fail(client, server.url("nowhere.test", "/"))
    assert error.kind == "dns"


def test_follow_reports_chain_and_loop(client: HttpClient, server: WebServer) -> None:
    server.route("*", "/r1", redirect(server.url("a.test", "/r2"), 308))
    server.route("*", "/r2", redirect("/ok", 301))
    chain = client.follow(server.url("a.test", "/r1"))
    assert [h.status for h in chain.hops] == [308, 301, 200]
    assert chain.final is not None and chain.final.url.endswith("/ok")
    server.route("*", "/loop", redirect("/loop"))
    assert client.follow(server.url("a.test", "/loop")).loop


def test_endpoint_on_hanging_server_fails_within_the_timeout(shop: Shop) -> None:
    for path in ("/hang", "/drip"):
        shop.server.route("api.shop.test", path, Route(behavior=path[1:]))
    api = shop.server.origin("api.shop.test")
    started = time.monotonic()
    results = shop.run({"endpoints": [{"url": f"{api}/hang"}, {"url": f"{api}/drip"}]})
    assert time.monotonic() - started < 6  # two requests of at most 2 s each
    for path in ("/hang", "/drip"):
        result = results[f"http.status:{api}{path}"]
        assert result.status == Status.FAIL and "within 2s" in result.message


def test_endpoint_with_endless_body_still_judged(shop: Shop) -> None:
    shop.server.route(
        "api.shop.test",
        "/stream",
        Route(200, [("Content-Type", "application/json")], behavior="endless"),
    )
    url = shop.server.url("api.shop.test", "/stream")
    results = shop.run({"endpoints": [{"url": url, "json": {"status": "ok"}}]})
    assert results[f"http.status:{url}"].status == Status.PASS
    assert results[f"http.json:{url}"].status == Status.FAIL


def test_ca_bundle_is_required_for_the_sandbox(shop: Shop, tmp_path: Path) -> None:
    """Without the sandbox CA in network.ca_bundle the same endpoint fails on its certificate."""
    from launchgate.checks import http
    from tests.sandbox.web_config import run_checks, sandbox_context

    empty = tmp_path / "other.pem"
    empty.write_bytes(trustme.CA().cert_pem.bytes())
    url = shop.www + "/"
    ctx = sandbox_context({"http": {"endpoints": [{"url": url}]}}, empty, ["www.shop.test"])
    result = run_checks(ctx, http.plan(ctx.config))[f"http.status:{url}"]
    assert result.status == Status.FAIL and "certificate" in result.message


def test_unreadable_ca_bundle_is_a_clear_error(shop: Shop, tmp_path: Path) -> None:
    from launchgate.checks import http, tls
    from tests.sandbox.web_config import run_checks, sandbox_context

    url = shop.www + "/"
    host = f"www.shop.test:{shop.server.port}"
    config = {"http": {"endpoints": [{"url": url}]}, "tls": {"hosts": [host]}}
    ctx = sandbox_context(config, tmp_path / "missing.pem", ["www.shop.test"])
    results = run_checks(ctx, [*http.plan(ctx.config), *tls.plan(ctx.config)])
    status = results[f"http.status:{url}"]
    assert status.status == Status.ERROR and "network.ca_bundle" in status.message
    chain = results[f"tls.chain:{host}"]
    assert chain.status == Status.ERROR and "network.ca_bundle" in chain.message


def test_route_delay_drawn_from_a_distribution(client: HttpClient, web_server: WebServer) -> None:
    import random

    rng = random.Random(7)
    web_server.route("*", "/slow", Route(200, [], "x", delay=lambda: rng.uniform(0.05, 0.1)))
    started = time.monotonic()
    for _ in range(3):
        resp = client.request(web_server.url("a.test", "/slow"))
        assert resp.status == 200 and resp.timings["first_byte"] >= 0.05
    assert 0.15 <= time.monotonic() - started < 3.0


def test_dead_nameserver_is_an_error_not_a_missing_name(shop: Shop) -> None:
    """Names not pinned go to network.nameservers; a dead resolver means "could not verify"."""
    import socket

    from launchgate.checks import http
    from tests.sandbox.web_config import run_checks, sandbox_context

    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    dead = f"127.0.0.1:{sock.getsockname()[1]}"
    sock.close()
    url = shop.url("unpinned.shop.test", "/")
    config = {"http": {"endpoints": [{"url": url}]}, "timeout": "1s"}
    ctx = sandbox_context(config, shop.ca_pem, [], nameservers=[dead])
    started = time.monotonic()
    result = run_checks(ctx, http.plan(ctx.config))[f"http.status:{url}"]
    assert result.status == Status.ERROR, result.message
    assert time.monotonic() - started < 5
