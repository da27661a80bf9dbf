"""Secret scanning of the repository, built artifacts and logs (detect-secrets engine)."""

from __future__ import annotations

from launchgate.checks.secrets.facts import run_secrets
from launchgate.checks.secrets.rules import REPO, RULES
from launchgate.config.model import GateConfig
from launchgate.core.rules import Check

__all__ = ["RULES", "plan"]

# A full scan of a big repository on a slow runner: minutes, not the network timeout.
SCAN_TIMEOUT = 900.0


def plan(config: GateConfig) -> list[Check]:
    if config.secrets is None:
        return []
    return [Check(REPO, run_secrets, config_key="secrets", network=False, timeout=SCAN_TIMEOUT)]
