"""Latency budgets (placeholder until its issue lands)."""

from __future__ import annotations

from collections.abc import Iterator

from launchgate.checks.base import NOT_IMPLEMENTED, Check, Rule, RunContext
from launchgate.config import GateConfig
from launchgate.model import Result, Severity

PENDING = Rule(
    id="performance.pending",
    title="Latency budgets",
    severity=Severity.INFO,
    what="Latency budgets checks.",
    why="Not built yet.",
    fix="Wait for the release that implements them.",
)

RULES = [PENDING]


def plan(config: GateConfig) -> list[Check]:
    if config.performance is None:
        return []
    return [Check(PENDING, _pending, config_key="performance", network=False)]


def _pending(ctx: RunContext) -> Iterator[Result]:
    yield PENDING.skip(NOT_IMPLEMENTED)
