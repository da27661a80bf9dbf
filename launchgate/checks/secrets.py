"""Secret scanning (placeholder until its issue lands)."""

from __future__ import annotations

from collections.abc import Iterator

from launchgate.checks.base import NOT_IMPLEMENTED, Check, Rule, RunContext
from launchgate.config import GateConfig
from launchgate.model import Result, Severity

PENDING = Rule(
    id="secrets.pending",
    title="Secret scanning",
    severity=Severity.INFO,
    what="Secret scanning checks.",
    why="Not built yet.",
    fix="Wait for the release that implements them.",
)

RULES = [PENDING]


def plan(config: GateConfig) -> list[Check]:
    if config.secrets is None:
        return []
    return [Check(PENDING, _pending, config_key="secrets", network=False)]


def _pending(ctx: RunContext) -> Iterator[Result]:
    yield PENDING.skip(NOT_IMPLEMENTED)
