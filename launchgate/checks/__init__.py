"""The registry of check families: one module per area, one line each.

A family module exposes ``RULES`` (a sequence of Rule) and ``plan(config) -> list[Check]``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol, cast

from launchgate.checks import dns, email, env, http, performance, secrets, tls
from launchgate.checks.base import CORE_RULES, Check, Rule
from launchgate.config import GateConfig


class CheckFamily(Protocol):
    RULES: Sequence[Rule]

    def plan(self, config: GateConfig) -> list[Check]: ...


FAMILIES: dict[str, CheckFamily] = {
    "env": cast(CheckFamily, env),
    "secrets": cast(CheckFamily, secrets),
    "dns": cast(CheckFamily, dns),
    "email": cast(CheckFamily, email),
    "tls": cast(CheckFamily, tls),
    "http": cast(CheckFamily, http),
    "performance": cast(CheckFamily, performance),
}


def all_rules() -> dict[str, Rule]:
    rules = {rule.id: rule for rule in CORE_RULES}
    rules.update({rule.id: rule for family in FAMILIES.values() for rule in family.RULES})
    return rules


def find_rule(check_id: str) -> Rule | None:
    """The rule of a check id, with or without its ``:target``."""
    return all_rules().get(check_id.split(":", 1)[0])


def plan_checks(config: GateConfig, areas: Iterable[str]) -> list[Check]:
    checks: list[Check] = []
    for area in areas:
        checks.extend(FAMILIES[area].plan(config))
    return checks
