"""The timing client against real loopback servers: phases, keep-alive, failures, caps."""

from __future__ import annotations

import socket
import ssl
import time
from pathlib import Path

from launchgate.checks.performance.measure import Plan, measure
from launchgate.net.timed import ClientOptions, Target, TimedConnection
from launchgate.sandbox.web_server import BlackHole, Route, WebServer
from tests.performance.server import PerfServer


def loopback(_host: str, port: int) -> list[tuple[str, int]]:
    return [("127.0.0.1", port)]


def options(ca_pem: Path | None, timeout: float = 2.0, **kw: object) -> ClientOptions:
    context = ssl.create_default_context(cafile=str(ca_pem)) if ca_pem else None
    return ClientOptions(timeout=timeout, resolve=loopback, ssl_context=context, **kw)  # type: ignore[arg-type]


def test_fresh_connections_show_the_handshake(perf_https: PerfServer, web_ca_pem: Path) -> None:
    perf_https.route("/", body=b"hello")
    m = measure(
        Target.parse(perf_https.url("/")), options(web_ca_pem), Plan(10, warmup=1, fresh=True)
    )
    assert [s.status for s in m.samples] == [200] * 10
    assert all(s.new_connection and s.phases.tls > 0 and s.phases.connect > 0 for s in m.samples)
    assert all(s.ttfb >= s.phases.tls for s in m.samples)
    assert perf_https.connections == 11
    phases = m.phase_medians_ms()
    assert phases["new_connections"] == 10 and phases["tls_ms_p50"] > 0


def test_reused_connections_pay_the_handshake_once(
    perf_https: PerfServer, web_ca_pem: Path
) -> None:
    perf_https.route("/", body=b"hello")
    m = measure(Target.parse(perf_https.url("/")), options(web_ca_pem), Plan(10, warmup=1))
    assert [s.status for s in m.samples] == [200] * 10
    assert not any(s.new_connection for s in m.samples)
    assert m.phase_medians_ms()["tls_ms_p50"] == 0
    assert perf_https.connections == 1
    assert perf_https.requests == 11


def test_concurrency_opens_one_connection_per_worker(perf_http: PerfServer) -> None:
    perf_http.route("/", delay=0.01)
    start = time.perf_counter()
    m = measure(Target.parse(perf_http.url("/")), options(None), Plan(12, warmup=0, concurrency=4))
    assert len(m.samples) == 12 and not m.errors
    assert perf_http.connections == 4
    assert time.perf_counter() - start < 12 * 0.01 + 0.5


def test_delay_shows_in_ttfb(perf_http: PerfServer) -> None:
    perf_http.route("/slow", delay=0.05)
    sample = TimedConnection(Target.parse(perf_http.url("/slow")), options(None)).request()
    assert sample.ok and 0.05 <= sample.ttfb <= sample.total < 0.5


def test_unexpected_status_is_an_error_with_timing(perf_http: PerfServer) -> None:
    perf_http.route("/boom", status=500, body=b"oops")
    m = measure(Target.parse(perf_http.url("/boom")), options(None), Plan(3))
    assert [s.kind for s in m.samples] == ["status"] * 3
    assert m.samples[0].error == "HTTP 500 Internal Server Error (expected 200)"
    assert len(m.timed_ms) == 3


def test_untrusted_certificate_is_a_tls_error(perf_https: PerfServer) -> None:
    sample = TimedConnection(Target.parse(perf_https.url("/")), options(None)).request()
    assert sample.kind == "tls" and "certificate" in (sample.error or "")


def test_refused_port_gives_up_early() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    m = measure(Target.parse(f"http://127.0.0.1:{port}/"), options(None), Plan(20, warmup=2))
    assert m.stopped and "in a row" in m.stopped
    assert len(m.samples) == 1 and m.samples[0].kind == "refused"
    assert m.warmup_failures == 2


def test_hanging_server_times_out(black_hole: BlackHole) -> None:
    target = Target.parse(f"http://127.0.0.1:{black_hole.port}/")
    start = time.perf_counter()
    sample = TimedConnection(target, options(None, timeout=0.3)).request()
    assert sample.kind == "timeout" and sample.timed
    assert 0.3 <= time.perf_counter() - start < 1.5


def test_endless_body_is_capped(web_server: WebServer, web_ca_pem: Path) -> None:
    web_server.route("big.test", "/", Route(behavior="endless"))
    target = Target.parse(web_server.url("big.test", "/"))
    sample = TimedConnection(target, options(web_ca_pem, body_cap=256 * 1024)).request()
    assert sample.ok and sample.truncated and sample.size == 256 * 1024


def test_dripping_body_hits_the_deadline(web_server: WebServer) -> None:
    web_server.route("drip.test", "/", Route(behavior="drip"))
    target = Target.parse(web_server.url("drip.test", "/", scheme="http"))
    start = time.perf_counter()
    sample = TimedConnection(target, options(None, timeout=0.5)).request()
    assert sample.kind == "timeout"
    assert time.perf_counter() - start < 1.5


def test_server_that_closes_each_connection_is_reopened(web_server: WebServer) -> None:
    web_server.route("close.test", "/", Route(body="ok", headers=[("Connection", "close")]))
    target = Target.parse(web_server.url("close.test", "/", scheme="http"))
    m = measure(target, options(None), Plan(4, warmup=1))
    assert not m.errors
    assert all(s.new_connection for s in m.samples)


def test_reset_is_a_reset_error(web_server: WebServer) -> None:
    web_server.route("reset.test", "/", Route(behavior="reset"))
    target = Target.parse(web_server.url("reset.test", "/", scheme="http"))
    sample = TimedConnection(target, options(None)).request()
    assert sample.kind == "reset" and not sample.timed


def test_redirect_names_its_target(web_server: WebServer) -> None:
    web_server.route(
        "moved.test", "/", Route(status=301, headers=[("Location", "https://www.x.test/")])
    )
    target = Target.parse(web_server.url("moved.test", "/", scheme="http"))
    sample = TimedConnection(target, options(None)).request()
    assert sample.error == "HTTP 301 Moved Permanently to https://www.x.test/ (expected 200)"


def test_name_that_does_not_resolve_is_a_dns_error() -> None:
    def nxdomain(host: str, port: int) -> list[tuple[str, int]]:
        raise OSError(f"{host} does not resolve (no A or AAAA record)")

    options_ = ClientOptions(timeout=1.0, resolve=nxdomain)
    m = measure(Target.parse("https://gone.acme.test/"), options_, Plan(5, warmup=0))
    assert [s.kind for s in m.samples] == ["dns"] * 3 and m.stopped
    assert "gone.acme.test does not resolve" in (m.samples[0].error or "")


def test_every_reused_connection_is_warmed_up(perf_http: PerfServer) -> None:
    perf_http.route("/")
    m = measure(Target.parse(perf_http.url("/")), options(None), Plan(12, warmup=1, concurrency=3))
    assert perf_http.connections == 3 and perf_http.requests == 15
    assert not any(s.new_connection for s in m.samples)


def test_warmup_share() -> None:
    from launchgate.checks.performance.measure import warmup_share

    assert [warmup_share(Plan(10, warmup=5, concurrency=2), 2, i) for i in (0, 1)] == [3, 2]
    assert [warmup_share(Plan(10, warmup=1, concurrency=3), 3, i) for i in (0, 1, 2)] == [1, 1, 1]
    fresh = Plan(10, warmup=1, concurrency=3, fresh=True)
    assert [warmup_share(fresh, 3, i) for i in (0, 1, 2)] == [1, 0, 0]
    assert warmup_share(Plan(10, warmup=0), 1, 0) == 0
