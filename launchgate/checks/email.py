"""Email authentication (placeholder until its issue lands)."""

from __future__ import annotations

from collections.abc import Iterator

from launchgate.checks.base import NOT_IMPLEMENTED, Check, Rule, RunContext
from launchgate.config import GateConfig
from launchgate.model import Result, Severity

PENDING = Rule(
    id="email.pending",
    title="Email authentication",
    severity=Severity.INFO,
    what="Email authentication checks.",
    why="Not built yet.",
    fix="Wait for the release that implements them.",
)

RULES = [PENDING]


def plan(config: GateConfig) -> list[Check]:
    if config.email is None:
        return []
    return [Check(PENDING, _pending, config_key="email", network=False)]


def _pending(ctx: RunContext) -> Iterator[Result]:
    yield PENDING.skip(NOT_IMPLEMENTED)
