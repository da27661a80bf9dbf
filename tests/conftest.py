"""Sandbox servers (DNS, HTTP/HTTPS on loopback) shared by every test directory."""

pytest_plugins = ["tests.sandbox.dns_fixtures", "tests.sandbox.web_fixtures"]
