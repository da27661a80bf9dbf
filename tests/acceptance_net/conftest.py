from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import WebServer
from tests.acceptance_net import shop
from tests.acceptance_net.harness import Net


@pytest.fixture(scope="session")
def ca() -> trustme.CA:
    return trustme.CA(organization_name="acceptance CA")


@pytest.fixture
def net(ca: trustme.CA, tmp_path: Path) -> Iterator[Net]:
    """The well-run shop, freshly started for each test (so a test may break it)."""
    ca_pem = tmp_path / "ca.pem"
    ca.cert_pem.write_to_path(str(ca_pem))
    dns = SandboxDNS().start()
    dns.load(shop.zone())
    web = WebServer(ca).start()
    shop.configure(web)
    try:
        yield Net(dns, web, ca_pem, tmp_path, hosts=list(shop.HOSTS))
    finally:
        web.stop()
        dns.stop()
