"""Sandbox servers (DNS, HTTP/HTTPS on loopback) shared by every test directory, and the
loopback guard: no test may send traffic off the machine, and the tree guard: no test reads
anything beside the repository."""

from tests import loopback_guard, tree_guard

pytest_plugins = ["tests.sandbox.dns_fixtures", "tests.sandbox.web_fixtures"]

loopback_guard.install()
tree_guard.install()
