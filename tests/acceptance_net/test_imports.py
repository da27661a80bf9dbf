"""Any network-check module can be imported first (a library user, a plugin, a test runner)."""

from __future__ import annotations

import subprocess
import sys

import pytest

FIRST = [
    "launchgate.checks.email.spf_eval",
    "launchgate.checks.email.rules",
    "launchgate.checks.dns.rules",
    "launchgate.checks.performance.judge",
    "launchgate.checks.performance.rules",
    "launchgate.checks.http.rules",
]


@pytest.mark.parametrize("module", FIRST)
def test_module_imports_on_its_own(module: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-800:]
