"""Any network-check module can be imported first (a library user, a plugin, a test runner)."""

from __future__ import annotations

import subprocess
import sys

import pytest

FIRST = [
    "launchgate.emailauth.spf_eval",
    "launchgate.emailauth.rules",
    "launchgate.dnsaudit.rules",
    "launchgate.perf.judge",
    "launchgate.perf.rules",
    "launchgate.web.http_rules",
]


@pytest.mark.parametrize("module", FIRST)
def test_module_imports_on_its_own(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-800:]
