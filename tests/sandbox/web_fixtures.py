"""pytest fixtures of the sandbox HTTP/HTTPS servers (see ``launchgate.sandbox.web_server``).

* ``web_ca``         session trustme CA
* ``web_ca_pem``     path of the CA's PEM file: put it in ``network.ca_bundle``
* ``web_server``     a started ``WebServer`` (HTTP and HTTPS on one loopback port)
* ``web_servers``    a factory ``(**WebServer kwargs) -> WebServer`` stopped at teardown
* ``black_hole``     a ``BlackHole`` (accepts, never answers)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import trustme

from launchgate.sandbox.web_server import BlackHole, WebServer


@pytest.fixture(scope="session")
def web_ca() -> trustme.CA:
    return trustme.CA(organization_name="launchgate sandbox CA")


@pytest.fixture(scope="session")
def web_ca_pem(web_ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("web-ca") / "ca.pem"
    web_ca.cert_pem.write_to_path(str(path))
    return path


@pytest.fixture
def web_servers(web_ca: trustme.CA) -> Iterator[Callable[..., WebServer]]:
    started: list[WebServer] = []

    def make(**kwargs: Any) -> WebServer:
        server = WebServer(web_ca, **kwargs).start()
        started.append(server)
        return server

    yield make
    for server in started:
        server.stop()


@pytest.fixture
def web_server(web_servers: Callable[..., WebServer]) -> WebServer:
    return web_servers()


@pytest.fixture
def black_hole() -> Iterator[BlackHole]:
    hole = BlackHole()
    yield hole
    hole.stop()
