"""The shell scripts of the ship work pass shellcheck."""

from __future__ import annotations

import pytest

from tests.ship.tools import REPO, explain, run, tool

SCRIPTS = ["docker-test-env.sh", "action-install.sh", "action-run.sh", "lock-deps.sh"]


@pytest.mark.parametrize("script", SCRIPTS)
def test_shellcheck_passes(script: str) -> None:
    proc = run([tool("shellcheck"), "--severity=style", REPO / "scripts" / script])
    assert proc.returncode == 0, explain(proc)
