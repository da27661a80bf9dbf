"""DNS records (placeholder until its issue lands)."""

from __future__ import annotations

from collections.abc import Iterator

from launchgate.checks.base import NOT_IMPLEMENTED, Check, Rule, RunContext
from launchgate.config import GateConfig
from launchgate.model import Result, Severity

PENDING = Rule(
    id="dns.pending",
    title="DNS records",
    severity=Severity.INFO,
    what="DNS records checks.",
    why="Not built yet.",
    fix="Wait for the release that implements them.",
)

RULES = [PENDING]


def plan(config: GateConfig) -> list[Check]:
    if config.dns is None:
        return []
    return [Check(PENDING, _pending, config_key="dns", network=False)]


def _pending(ctx: RunContext) -> Iterator[Result]:
    yield PENDING.skip(NOT_IMPLEMENTED)
