"""Sandbox servers (DNS, HTTP/HTTPS on loopback) shared by every test directory, and the
loopback guard: no test may send traffic off the machine, and the tree guard: no test reads
anything beside the repository."""

import pytest

from tests import loopback_guard, tree_guard

pytest_plugins = ["tests.sandbox.dns_fixtures", "tests.sandbox.web_fixtures"]

loopback_guard.install()
tree_guard.install()


# Markers by what a test needs, so a quick loop can leave the slow parts out
# (`pytest -m "not docker and not browser"`); CI runs every test.
_NEEDS = {
    "docker": {"docker", "image"},
    "nginx": {"nginx"},
    "network": {
        "black_hole", "dns_server", "dns_server_factory", "net", "perf_http", "perf_https",
        "server", "shop", "web_server", "web_servers", "demo_run", "nginx", "docker", "image",
    },
}  # fmt: skip
_BROWSER_TESTS = {"test_real_audit_of_a_heavy_page"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        for marker, names in _NEEDS.items():
            if fixtures & names:
                item.add_marker(marker)
        if item.name in _BROWSER_TESTS:
            item.add_marker("browser")
            item.add_marker("network")
