"""A fake check family for core tests: checks whose behaviour the test chooses."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from launchgate.config.model import GateConfig
from launchgate.core.model import Result, Severity
from launchgate.core.rules import Check, Rule, RunContext

RULE = Rule(
    "dns.fake",
    "Fake check",
    Severity.HIGH,
    "Does what the test says.",
    "Tests need it.",
    "Fix the test.",
)


@dataclass
class FakeFamily:
    """Stands in for a check module: ``behaviours`` maps a target to what its run does."""

    behaviours: dict[str, Callable[[RunContext], Iterator[Result]]] = field(default_factory=dict)
    phases: dict[str, str] = field(default_factory=dict)
    timeouts: dict[str, float] = field(default_factory=dict)
    RULES: list[Rule] = field(default_factory=lambda: [RULE])

    def plan(self, config: GateConfig) -> list[Check]:
        return [
            Check(
                RULE,
                run,
                target=target,
                config_key="dns",
                phase=self.phases.get(target, "main"),
                timeout=self.timeouts.get(target),
            )
            for target, run in self.behaviours.items()
        ]


def passing(target: str) -> Callable[[RunContext], Iterator[Result]]:
    def run(ctx: RunContext) -> Iterator[Result]:
        yield RULE.passed("all good", target)

    return run


def failing(
    target: str, severity: Severity = Severity.HIGH
) -> Callable[[RunContext], Iterator[Result]]:
    def run(ctx: RunContext) -> Iterator[Result]:
        yield RULE.fail("it is broken", target, severity=severity)

    return run


def raising(ctx: RunContext) -> Iterator[Result]:
    raise RuntimeError("boom inside a check")


def sleeping(seconds: float, target: str) -> Callable[[RunContext], Iterator[Result]]:
    def run(ctx: RunContext) -> Iterator[Result]:
        time.sleep(seconds)
        yield RULE.passed(f"slept {seconds}", target)

    return run
