"""The openspf.org RFC 7208 test suite (vendored, see data/README.md) through check_host()."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from launchgate.checks.email.spf_eval import check_host
from tests.email.memdns import MemoryDNS

SUITE = Path(__file__).parent / "data" / "rfc7208-tests.yml"
# The suite wants %{i} of an IPv6 address in upper-case hex in explanations (as pyspf and
# Mail::SPF print it); RFC 7208 section 7.4's own example expands it in lower case in a
# domain-spec. launchgate does both, so every case passes exactly (DNS names ignore case).


def _scenarios() -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    text = SUITE.read_text(encoding="utf-8", errors="surrogateescape")
    cases = []
    for doc in yaml.safe_load_all(text):
        for name, test in doc["tests"].items():
            cases.append((name, test, doc["zonedata"]))
    return cases


CASES = _scenarios()


def _run(test: dict[str, Any], zonedata: dict[str, Any]) -> tuple[str, str]:
    sender = test["mailfrom"]
    domain = sender.rpartition("@")[2] if sender else test["helo"]
    outcome = check_host(
        test["host"], domain, sender, test["helo"], dns=MemoryDNS.from_suite(zonedata), now=0
    )
    return outcome.result, outcome.explanation


def _passes(test: dict[str, Any], result: str, explanation: str) -> bool:
    wanted = test["result"] if isinstance(test["result"], list) else [test["result"]]
    if result not in wanted:
        return False
    expected = test.get("explanation")
    return expected in (None, "DEFAULT") or explanation == expected


def test_suite_is_complete() -> None:
    assert len(CASES) == 203


@pytest.mark.parametrize(("name", "test", "zonedata"), CASES, ids=[c[0] for c in CASES])
def test_rfc7208_case(name: str, test: dict[str, Any], zonedata: dict[str, Any]) -> None:
    result, explanation = _run(test, zonedata)
    assert _passes(test, result, explanation), (test.get("description"), result, explanation)
