"""Figures for the HTTP client and the TLS/HTTP checks against the loopback sandbox server.

Run: ``python benchmarks/http_tls_checks.py``. Prints requests per second of the client,
the time of one TLS host check (5 handshakes), a full HTTP plan of a small shop, and how long
a server that never finishes its body holds a request with a 2 s timeout.
"""

from __future__ import annotations

import ssl
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import contextlib

import trustme

from launchgate.checks import http, tls
from launchgate.net.http import FetchError, HttpClient
from launchgate.sandbox.web_server import Route, WebServer, redirect_to_origin
from tests.sandbox.web_config import run_checks, sandbox_context


def _timed(label: str, fn, n: int = 1) -> None:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    for _ in range(n):
        fn()
    each = (time.perf_counter() - started) / n
    print(f"{label:<48} {each * 1000:8.1f} ms" + (f"  ({1 / each:.0f}/s)" if n > 1 else ""))


def main() -> None:
    ca = trustme.CA()
    server = WebServer(ca).start()
    www = server.origin("www.shop.test")
    server.route(
        "www.shop.test", "*", Route(200, [("Content-Type", "text/html")], "<html></html>"), "https"
    )
    server.route("*", "*", redirect_to_origin(www))
    server.route("www.shop.test", "/drip", Route(behavior="drip"))
    pem = Path(tempfile.mkdtemp()) / "ca.pem"
    ca.cert_pem.write_to_path(str(pem))
    context = ssl.create_default_context()
    ca.configure_trust(context)
    client = HttpClient(lambda h, p: [("127.0.0.1", p)], context, timeout=2.0)
    _timed("https GET (new connection each)", lambda: client.request(www + "/"), 50)
    _timed(
        "http GET (new connection each)",
        lambda: client.request(server.url("www.shop.test", "/", "http")),
        50,
    )
    hosts = ["www.shop.test", "shop.test"]
    ctx = sandbox_context({"tls": {"hosts": [f"www.shop.test:{server.port}"]}}, pem, hosts)
    _timed(
        "one TLS host check (all rules, 5 handshakes)",
        lambda: run_checks(ctx, tls.plan(ctx.config)),
        5,
    )
    conf = {
        "http": {
            "canonical": www,
            "endpoints": [{"url": www + "/", "headers": ["security"]}],
            "exposed": True,
        }
    }
    _timed(
        "http plan: canonical + endpoint + exposed",
        lambda: run_checks((c := sandbox_context(conf, pem, hosts)), http.plan(c.config)),
        3,
    )

    def drip() -> None:
        with contextlib.suppress(FetchError):
            client.request(www + "/drip")

    _timed("server dripping its body, timeout 2s", drip)
    server.stop()


if __name__ == "__main__":
    main()
