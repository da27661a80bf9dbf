"""A real nginx on loopback, started once per test session from a config written to a temp dir.

nginx runs in the foreground (``daemon off``) as a subprocess with every path it writes (pid,
error log, temp dirs) under the temp prefix, so it works as root or not and touches nothing
else. All virtual hosts share one TLS port; plain http sent to that port is turned into a
redirect with ``error_page 497`` so that http and https variants keep one port.

Virtual hosts: ``www.shop.test`` (canonical, HSTS, caching, gzip, SPA fallback),
``shop.test`` (301 to the canonical), ``www.bad.test``/``bad.test`` (deliberately
misconfigured), ``expired.bad.test`` (expired certificate).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from launchgate.sandbox.certs import CertFactory
from launchgate.sandbox.web_server import wait_port

HOSTS = ("www.shop.test", "shop.test", "www.bad.test", "bad.test", "expired.bad.test")
SECURITY = """
    add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;
    add_header X-Content-Type-Options nosniff always;
    add_header X-Frame-Options DENY always;
    add_header Referrer-Policy strict-origin-when-cross-origin always;
    add_header Content-Security-Policy "default-src 'self'" always;
"""


@dataclass(frozen=True)
class Nginx:
    port: int
    prefix: Path
    ca_pem: Path

    def origin(self, host: str, scheme: str = "https") -> str:
        return f"{scheme}://{host}:{self.port}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _write_site(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _write_certs(prefix: Path, ca: trustme.CA) -> None:
    leaf = ca.issue_cert(*HOSTS[:4])
    (prefix / "site.pem").write_bytes(b"".join(b.bytes() for b in leaf.cert_chain_pems))
    (prefix / "site.key").write_bytes(leaf.private_key_pem.bytes())
    chain, key = CertFactory(ca).make("expired", "expired.bad.test")
    (prefix / "expired.pem").write_bytes(chain)
    (prefix / "expired.key").write_bytes(key)


def _config(prefix: Path, port: int) -> str:
    user = "user root;" if os.geteuid() == 0 else ""
    temp = " ".join(
        f"{name}_temp_path {prefix}/tmp_{name};"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    tls = f"listen 127.0.0.1:{port} ssl; ssl_certificate {prefix}/site.pem; ssl_certificate_key {prefix}/site.key;"
    return f"""
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 64; }}
http {{
  access_log off; {temp}
  types {{ text/html html; application/javascript js; text/css css; application/json json; }}
  default_type application/octet-stream;
  server_tokens off;
  gzip on; gzip_types application/javascript text/css application/json; gzip_min_length 256;
  ssl_protocols TLSv1.2 TLSv1.3;
  server {{
    {tls} server_name www.shop.test;
    root {prefix}/www;
    error_page 497 =301 https://www.shop.test:$server_port$request_uri;
    {SECURITY}
    location /assets/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    location = /old-shop {{ return 301 https://www.shop.test:$server_port/shop; }}
    location = /health {{ default_type application/json; return 200 '{{"status":"ok"}}'; }}
    location / {{ try_files $uri /index.html; }}
  }}
  server {{
    {tls} server_name shop.test;
    error_page 497 =301 https://www.shop.test:$server_port$request_uri;
    return 301 https://www.shop.test:$server_port$request_uri;
  }}
  server {{
    {tls} server_name www.bad.test bad.test;
    root {prefix}/bad;
    server_tokens on;
    error_page 497 https://$host:$server_port$request_uri;
    location = /cart {{
      add_header Set-Cookie "sid=1; Path=/"; add_header Cache-Control "public, max-age=600";
      return 200 "cart";
    }}
  }}
  server {{
    listen 127.0.0.1:{port} ssl; server_name expired.bad.test;
    ssl_certificate {prefix}/expired.pem; ssl_certificate_key {prefix}/expired.key;
    return 200 "old";
  }}
}}
"""


def _nginx_binary() -> str:
    found = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if found:
        return found
    if os.environ.get("CI") == "true":
        pytest.fail("nginx is not installed: CI must install the Debian package nginx-light")
    pytest.skip("nginx is not installed (apt-get install nginx-light); required when CI=true")


@pytest.fixture(scope="session")
def nginx(
    web_ca: trustme.CA, web_ca_pem: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Nginx]:
    binary = _nginx_binary()
    prefix = tmp_path_factory.mktemp("nginx")
    port = _free_port()
    app_js = "console.log('shop');\n" * 200 + "//# sourceMappingURL=app.js.map\n"
    _write_site(
        prefix / "www",
        {
            "index.html": '<html><script src="/assets/app.js"></script></html>',
            "assets/app.js": app_js,
        },
    )
    _write_site(
        prefix / "bad",
        {
            "index.html": "<html>bad</html>",
            "assets/app.js": app_js,
            ".env": "SECRET_KEY=abcdef123456\n",
        },
    )
    _write_certs(prefix, web_ca)
    conf = prefix / "nginx.conf"
    conf.write_text(_config(prefix, port))
    log = prefix / "error.log"
    proc = subprocess.Popen(
        [binary, "-p", f"{prefix}/", "-c", str(conf), "-e", str(log)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        wait_port(port, timeout=10)
    except TimeoutError:
        proc.kill()
        _, err = proc.communicate(timeout=5)
        pytest.fail(f"nginx did not start: {err.decode(errors='replace')}")
    yield Nginx(port, prefix, web_ca_pem)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    if proc.stderr:
        proc.stderr.close()
