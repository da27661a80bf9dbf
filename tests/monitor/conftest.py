"""Fixtures of the monitor tests: the shop, webhook receivers, the SMTP server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import trustme

from launchgate.sandbox.dns_server import SandboxDNS
from launchgate.sandbox.web_server import WebServer
from tests.monitor.servers import MailBox, smtp_server
from tests.monitor.shop import Shop, start_shop

SMTP_USER = "alerts-login"
SMTP_PASSWORD = "pw-Sm7p-s3cret-value"


@pytest.fixture
def shop(dns_server: SandboxDNS, web_server: WebServer, web_ca_pem: Path) -> Shop:
    return start_shop(dns_server, web_server, web_ca_pem)


@pytest.fixture
def smtp(web_ca: trustme.CA) -> Iterator[tuple[MailBox, int]]:
    with smtp_server(web_ca, SMTP_USER, SMTP_PASSWORD) as server:
        yield server
