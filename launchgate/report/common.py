"""Small pieces every reporter shares."""

from __future__ import annotations

from launchgate.model import Result, Status

STATUS_LABEL = {
    Status.FAIL: "FAIL",
    Status.ERROR: "ERROR",
    Status.WARN: "WARN",
    Status.SKIP: "SKIP",
    Status.PASS: "PASS",
}


def why_of(result: Result) -> str:
    """Why the rule matters, from the registry (reports explain, not just state)."""
    from launchgate.checks import find_rule

    rule = find_rule(result.rule_id)
    return rule.why if rule else ""


def location_of(result: Result) -> str:
    if not result.file:
        return ""
    return f"{result.file}:{result.line}" if result.line else result.file


def scalar_data(result: Result) -> dict[str, str]:
    """Flat scalar facts of a result (figures), as strings, for properties and tables."""
    out = {}
    for key, value in result.data.items():
        if isinstance(value, (str, int, float, bool)) and key not in ("markdown", "console"):
            out[key] = str(value)
    return out
