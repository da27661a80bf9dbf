"""The monitored shop on loopback: sandbox DNS, the sandbox HTTPS server behind a switch
that can be turned off and on again on the same port, and a launchgate.yml watching it."""

from __future__ import annotations

import contextlib
import socket
import threading
from dataclasses import dataclass
from pathlib import Path

from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import Route, WebServer

DOMAIN = "shop.test"
WWW = "www.shop.test"
HEALTHY = Route(status=200, headers=[("Content-Type", "application/json")], body='{"status": "ok"}')
BROKEN = Route(status=503, headers=[("Content-Type", "text/plain")], body="maintenance")


class Switch:
    """A TCP port that forwards to the web server while on, and refuses connections while off."""

    def __init__(self, backend_port: int) -> None:
        self.backend = backend_port
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = int(probe.getsockname()[1])
        probe.close()
        self._listener: socket.socket | None = None
        self.on()

    def on(self) -> None:
        if self._listener is not None:
            return
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def off(self) -> None:
        if self._listener is not None:
            with contextlib.suppress(OSError):
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
            self._listener.close()
            self._listener = None

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.backend), timeout=5)
            except OSError:
                client.close()
                continue
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pipe, args=(a, b), daemon=True).start()


def _pipe(src: socket.socket, dst: socket.socket) -> None:
    try:
        while data := src.recv(65536):
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            with contextlib.suppress(OSError):
                s.shutdown(socket.SHUT_RDWR)
            s.close()


@dataclass
class Shop:
    dns: SandboxDNS
    web: WebServer
    switch: Switch
    ca_pem: Path

    @property
    def origin(self) -> str:
        return f"https://{WWW}:{self.switch.port}"

    def healthy(self) -> None:
        self.dns.set(WWW, "A", "127.0.0.1")
        self.web.host(WWW, cert="valid")
        self.web.route(WWW, "/health", HEALTHY)
        self.switch.on()

    def config(self, notify: str = "", confirm: int = 2, interval: str = "200ms") -> str:
        return f"""\
version: 1
project: shop
domain: {DOMAIN}
timeout: 1s
network:
  nameservers: ["{self.dns.address}"]
  ca_bundle: {self.ca_pem}
dns:
  records:
    - {{name: {WWW}, type: A, values: [127.0.0.1]}}
  subdomains: [www]
tls:
  hosts: ["{WWW}:{self.switch.port}"]
  min_days: 14
http:
  endpoints:
    - {{url: "{self.origin}/health", status: 200}}
monitor:
  interval: {interval}
  areas: [dns, tls, http]
  confirm: {confirm}
  state: state/monitor.json
{notify}"""


def start_shop(dns: SandboxDNS, web: WebServer, ca_pem: Path) -> Shop:
    dns.load(
        {
            DOMAIN: {
                "A": ["127.0.0.1"],
                "NS": ["ns1.shop.test."],
                "SOA": ["ns1.shop.test. hostmaster.shop.test. 1 3600 600 86400 300"],
            },
            "ns1.shop.test": {"A": ["127.0.0.1"]},
        }
    )
    shop = Shop(dns, web, Switch(web.port), ca_pem)
    shop.healthy()
    return shop
