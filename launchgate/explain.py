"""Text for ``launchgate explain``: what a check verifies, why it matters, how to fix it."""

from __future__ import annotations

from launchgate.checks import all_rules, find_rule


def describe(check_id: str) -> str:
    rule = find_rule(check_id)
    if rule is None:
        close = [r for r in all_rules() if r.startswith(check_id.split(":")[0].rsplit(".", 1)[0])]
        hint = f" Related: {', '.join(sorted(close)[:8])}." if close else ""
        return f"No check called '{check_id}'. `launchgate explain` lists them all.{hint}"
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


def list_rules() -> str:
    rules = sorted(all_rules().values(), key=lambda r: r.id)
    width = max(len(r.id) for r in rules)
    return "\n".join(f"{r.id:<{width}}  {r.severity.value:<8}  {r.title}" for r in rules)
