"""HTTP behaviour (placeholder until its issue lands)."""

from __future__ import annotations

from collections.abc import Iterator

from launchgate.checks.base import NOT_IMPLEMENTED, Check, Rule, RunContext
from launchgate.config import GateConfig
from launchgate.model import Result, Severity

PENDING = Rule(
    id="http.pending",
    title="HTTP behaviour",
    severity=Severity.INFO,
    what="HTTP behaviour checks.",
    why="Not built yet.",
    fix="Wait for the release that implements them.",
)

RULES = [PENDING]


def plan(config: GateConfig) -> list[Check]:
    if config.http is None:
        return []
    return [Check(PENDING, _pending, config_key="http", network=False)]


def _pending(ctx: RunContext) -> Iterator[Result]:
    yield PENDING.skip(NOT_IMPLEMENTED)
