"""pytest fixtures of the sandbox DNS server.

``dns_server`` yields a running :class:`launchgate.sandbox.dns_server.SandboxDNS`: add records with
``dns_server.add("acme.test", "TXT", "v=spf1 -all")`` or ``dns_server.load({...})``, set
behaviours with ``dns_server.behave("slow.acme.test", "A", delay=0.2)``, point launchgate at
``dns_server.address`` ("127.0.0.1:PORT") and read ``dns_server.count(name, type)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from launchgate.sandbox.dns_server import SandboxDNS


@pytest.fixture
def dns_server() -> Iterator[SandboxDNS]:
    server = SandboxDNS().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def dns_server_factory() -> Iterator[Callable[[], SandboxDNS]]:
    """Start extra sandbox DNS servers (e.g. a second, broken nameserver); all stop at teardown."""
    started: list[SandboxDNS] = []

    def make() -> SandboxDNS:
        server = SandboxDNS().start()
        started.append(server)
        return server

    try:
        yield make
    finally:
        for server in started:
            server.stop()
