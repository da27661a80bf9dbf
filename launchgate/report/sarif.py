"""SARIF 2.1.0 for GitHub code scanning: a rule per check, a result per problem, always on a line.

Findings in files point at the file and line; findings about a host or record point at the line
of launchgate.yml that configures it (the runner fills that in), so every result lands on a line.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from launchgate.model import GateReport, Result, Severity, Status

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
_INFORMATION_URI = "https://pypi.org/project/launchgate/"


def level_of(result: Result) -> str:
    if result.status is Status.WARN:
        return "warning" if result.severity.at_least(Severity.MEDIUM) else "note"
    if result.severity.at_least(Severity.HIGH):
        return "error"
    return "warning" if result.severity is Severity.MEDIUM else "note"


def render(report: GateReport) -> str:
    problems = [r for r in report.ranked() if r.status in (Status.FAIL, Status.ERROR, Status.WARN)]
    rule_ids = sorted({r.rule_id for r in problems})
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    run = {
        "tool": {
            "driver": {
                "name": "launchgate",
                "version": report.version,
                "semanticVersion": report.version,
                "informationUri": _INFORMATION_URI,
                "rules": [_rule(rule_id, problems) for rule_id in rule_ids],
            }
        },
        "results": [_result(r, index[r.rule_id]) for r in problems],
        "invocations": [{"executionSuccessful": True}],
        "columnKind": "unicodeCodePoints",
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2) + "\n"


def _rule(rule_id: str, problems: list[Result]) -> dict[str, Any]:
    from launchgate.checks import find_rule

    rule = find_rule(rule_id)
    sample = next(r for r in problems if r.rule_id == rule_id)
    title = rule.title if rule else sample.title
    full = f"{rule.what} {rule.why}" if rule else sample.message
    fix = rule.fix if rule else sample.remediation
    return {
        "id": rule_id,
        "name": _pascal(rule_id),
        "shortDescription": {"text": title},
        "fullDescription": {"text": full},
        "help": {
            "text": f"{full}\nHow to fix: {fix}",
            "markdown": f"{full}\n\n**How to fix:** {fix}",
        },
        "defaultConfiguration": {"level": level_of(sample)},
        "properties": {
            "tags": ["security", "launchgate", sample.area],
            "security-severity": _SECURITY_SEVERITY[rule.severity if rule else sample.severity],
        },
    }


def _pascal(rule_id: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in rule_id.replace("_", ".").split("."))


def _result(result: Result, rule_index: int) -> dict[str, Any]:
    text = result.message
    if result.remediation and result.status is not Status.PASS:
        text += f" How to fix: {result.remediation}"
    out: dict[str, Any] = {
        "ruleId": result.rule_id,
        "ruleIndex": rule_index,
        "level": level_of(result),
        "message": {"text": text},
        "properties": {"checkId": result.check_id, "severity": result.severity.value},
        "partialFingerprints": {"launchgateCheckId": result.check_id},
    }
    if result.file:
        out["locations"] = [_location(result.file, result.line)]
    return out


def _location(file: str, line: int | None) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": repo_relative_uri(file), "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": max(line or 1, 1)},
        }
    }


def repo_relative_uri(file: str) -> str:
    """A POSIX path relative to the working directory (the repository root in CI)."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = Path(os.path.relpath(path, Path.cwd()))
        except ValueError:
            return path.as_uri()
    return path.as_posix()
