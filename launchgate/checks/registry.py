"""The registry of check families: one module per area, one line each.

A family module exposes ``RULES`` (a sequence of Rule) and ``plan(config) -> list[Check]``.
"""

from __future__ import annotations

from typing import cast

from launchgate.checks import dns, email, env, http, performance, secrets, tls
from launchgate.core.rules import CORE_RULES, CheckFamily, Rule

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


# The areas, in the order a report lists them.
AREAS: tuple[str, ...] = tuple(FAMILIES)
