"""The RFC 7208 test suite again, this time over the wire: zone data served by the sandbox
DNS server and asked through launchgate's resolver (TXT strings, CNAMEs, timeouts, bytes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from launchgate.checks.email.spf_eval import check_host
from launchgate.net.dns import Resolver
from launchgate.sandbox.dns_server import SandboxDNS
from tests.email.memdns import TIMEOUT_MARK, MemoryDNS, _rdata
from tests.email.test_rfc7208_suite import SUITE, _passes


def _documents() -> list[dict[str, Any]]:
    import yaml

    text = SUITE.read_text(encoding="utf-8", errors="surrogateescape")
    return list(yaml.safe_load_all(text))


def serve(server: SandboxDNS, zonedata: dict[str, Any]) -> None:
    """Publish a scenario; a TIMEOUT entry silences the types not published before it."""
    for name, entries in MemoryDNS.from_suite(zonedata).zone.items():
        before: set[str] = set()
        for rdtype, value in entries:
            if rdtype == TIMEOUT_MARK:
                server.behave(name, "*", silent=True)
                for seen in before:
                    server.behave(name, seen)
                break
            if value not in ("NONE", ["NONE"]):
                before.add(rdtype)
                server.add(name, rdtype, _rdata(rdtype, value))


@pytest.fixture(scope="module")
def outcomes() -> Iterator[dict[str, tuple[dict[str, Any], str, str]]]:
    found: dict[str, tuple[dict[str, Any], str, str]] = {}
    for doc in _documents():
        server = SandboxDNS().start()
        try:
            serve(server, doc["zonedata"])
            resolver = Resolver([server.address], timeout=1.0)  # one per zone: answers cached
            for name, test in doc["tests"].items():
                sender = test["mailfrom"]
                domain = sender.rpartition("@")[2] if sender else test["helo"]
                got = check_host(test["host"], domain, sender, test["helo"], dns=resolver, now=0)
                found[name] = (test, got.result, got.explanation)
        finally:
            server.stop()
    yield found


def test_suite_over_the_wire(outcomes: dict[str, tuple[dict[str, Any], str, str]]) -> None:
    failures = {
        name: (test["result"], result)
        for name, (test, result, explanation) in outcomes.items()
        if not _passes(test, result, explanation)
    }
    assert len(outcomes) == 203
    assert failures == {}
