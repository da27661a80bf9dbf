"""``launchgate explain``: what a check verifies, why it matters, how to fix it."""

from __future__ import annotations

import difflib
import re

import click

from launchgate.checks.registry import all_rules, find_rule
from launchgate.core.rules import Rule


class UnknownCheck(LookupError):
    """No rule has this id: a usage error (exit 2)."""


def describe(check_id: str) -> str:
    """Explain a check id (``area.check``, with or without ``:target`` or a ``#2`` suffix);
    an area or id prefix (``dns``, ``http.headers``) lists its checks."""
    wanted = re.sub(r"#\d+$", "", check_id.strip())
    rule = find_rule(wanted)
    if rule is not None:
        return _explain(rule)
    prefix = wanted.split(":")[0].rstrip(".")
    family = [r for r in all_rules().values() if r.id.startswith(prefix + ".")]
    if family:
        first = min(r.id for r in family)
        return _table(family) + f"\n\n`launchgate explain {first}` explains one."
    similar = difflib.get_close_matches(prefix, list(all_rules()), n=3, cutoff=0.75)
    close = [r for r in all_rules() if r.startswith(prefix.rsplit(".", 1)[0] + ".")]
    if similar:
        hint = f" Did you mean {' or '.join(similar)}?"
    else:
        hint = f" Related: {', '.join(sorted(close)[:8])}." if close else ""
    raise UnknownCheck(f"no check called '{check_id}'; `launchgate explain` lists them all.{hint}")


def _explain(rule: Rule) -> str:
    return "\n".join(
        [
            f"{rule.id}: {rule.title}",
            f"Default severity: {rule.severity.value}",
            "",
            f"What it checks: {rule.what}",
            f"Why it matters: {rule.why}",
            f"How to fix: {rule.fix}",
        ]
    )


def _table(rules: list[Rule]) -> str:
    rules = sorted(rules, key=lambda r: r.id)
    width = max(len(r.id) for r in rules)
    return "\n".join(f"{r.id:<{width}}  {r.severity.value:<8}  {r.title}" for r in rules)


def list_rules() -> str:
    return _table(list(all_rules().values()))


@click.command(name="explain")
@click.argument("check_id", required=False)
def command(check_id: str | None) -> None:
    """Say what a check verifies, why it matters and how to fix it (no id: list them)."""
    try:
        click.echo(describe(check_id) if check_id else list_rules())
    except UnknownCheck as exc:
        raise click.UsageError(str(exc)) from None
