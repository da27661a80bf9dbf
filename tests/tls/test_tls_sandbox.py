"""TLS checks against the sandbox HTTPS server: one host per certificate kind."""

from __future__ import annotations

import ssl
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from launchgate.checks import tls
from launchgate.core.model import Result, Status
from launchgate.sandbox.web_server import BlackHole, WebServer
from tests.sandbox.web_config import run_checks, sandbox_context


def _run(
    server_port: int, name: str, ca_pem: Path, **tls_conf: object
) -> tuple[dict[str, Status], dict[str, Result]]:
    host = f"{name}:{server_port}"
    ctx = sandbox_context({"tls": {"hosts": [host], **tls_conf}}, ca_pem, [name])
    results = run_checks(ctx, tls.plan(ctx.config))
    return {cid.split(":", 1)[0]: r.status for cid, r in results.items()}, results


@pytest.mark.parametrize(
    ("kind", "rule", "status"),
    [
        ("valid", "tls.chain", Status.PASS),
        ("expired", "tls.expiry", Status.FAIL),
        ("soon", "tls.expiry", Status.FAIL),
        ("warn", "tls.expiry", Status.WARN),
        ("not_yet_valid", "tls.not_yet_valid", Status.FAIL),
        ("wrong_host", "tls.hostname", Status.FAIL),
        ("self_signed", "tls.chain", Status.FAIL),
        ("untrusted", "tls.chain", Status.FAIL),
        ("incomplete", "tls.chain", Status.FAIL),
        ("old_inter", "tls.expiry", Status.FAIL),
        ("rsa1024", "tls.key", Status.FAIL),
        ("sha1", "tls.signature", Status.FAIL),
    ],
)
def test_certificate_kinds(
    web_server: WebServer, web_ca_pem: Path, kind: str, rule: str, status: Status
) -> None:
    name = f"{kind.replace('_', '-')}.acme.test"
    web_server.host(name, cert=kind)
    statuses, results = _run(web_server.port, name, web_ca_pem)
    assert statuses[rule] == status, results
    assert statuses["tls.handshake"] == Status.PASS
    others = {r: s for r, s in statuses.items() if r not in (rule, "tls.handshake")}
    if kind in ("valid", "warn"):
        assert all(s == Status.PASS for s in others.values()), results
    elif kind in ("expired", "soon", "not_yet_valid", "old_inter"):
        assert others["tls.chain"] == Status.PASS, "time is judged by its own rule, not the chain"


def test_valid_host_reports_facts(web_server: WebServer, web_ca_pem: Path) -> None:
    _, results = _run(web_server.port, "www.acme.test", web_ca_pem)
    handshake = results[f"tls.handshake:www.acme.test:{web_server.port}"]
    assert handshake.data["protocol"] in ("TLSv1.2", "TLSv1.3")
    assert "launchgate sandbox CA" in handshake.data["issuer"]
    assert handshake.data["not_after"]
    assert len(handshake.data["chain"]) >= 1
    expiry = results[f"tls.expiry:www.acme.test:{web_server.port}"]
    assert expiry.data["days_left"] > 300
    protocol = results[f"tls.protocol:www.acme.test:{web_server.port}"]
    assert protocol.status == Status.PASS, protocol
    assert protocol.data["probes"] == {"TLSv1": False, "TLSv1.1": False}


def test_legacy_protocols_fail(web_servers: Callable[..., WebServer], web_ca_pem: Path) -> None:
    old = web_servers(tls_versions=(ssl.TLSVersion.TLSv1, ssl.TLSVersion.MAXIMUM_SUPPORTED))
    statuses, results = _run(old.port, "old.acme.test", web_ca_pem)
    assert statuses["tls.protocol"] == Status.FAIL
    assert "TLSv1, TLSv1.1" in results[f"tls.protocol:old.acme.test:{old.port}"].message
    assert statuses["tls.handshake"] == Status.PASS


def test_min_version_13_probes_12(web_server: WebServer, web_ca_pem: Path) -> None:
    statuses, _ = _run(web_server.port, "www.acme.test", web_ca_pem, min_version="TLSv1.3")
    assert statuses["tls.protocol"] == Status.FAIL


def test_only_legacy_server_fails_handshake(
    web_servers: Callable[..., WebServer], web_ca_pem: Path
) -> None:
    only_old = web_servers(tls_versions=(ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1))
    statuses, _ = _run(only_old.port, "ancient.acme.test", web_ca_pem)
    assert statuses["tls.handshake"] == Status.FAIL
    assert statuses["tls.protocol"] == Status.FAIL


def test_hanging_server_is_an_error_within_timeout(black_hole: BlackHole, web_ca_pem: Path) -> None:
    started = time.monotonic()
    statuses, results = _run(black_hole.port, "hang.acme.test", web_ca_pem)
    assert statuses["tls.handshake"] == Status.ERROR, results
    assert time.monotonic() - started < 4


def test_refused_port_fails(web_ca_pem: Path) -> None:
    """Nothing listens on the TLS port: visitors cannot connect either, so it is a finding."""
    import socket

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    statuses, results = _run(port, "closed.acme.test", web_ca_pem)
    assert statuses == {"tls.handshake": Status.FAIL}, results
    assert "refused" in next(iter(results.values())).message
