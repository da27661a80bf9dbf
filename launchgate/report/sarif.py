"""SARIF 2.1.0 for GitHub code scanning: a rule per check, a result per problem, always on a line.

Findings in files point at the file and line; findings about a host or record point at the line
of launchgate.yml that configures it (the runner fills that in), so every result lands on a line.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path
from typing import Any

from launchgate.core.model import GateReport, Result, Severity, Status
from launchgate.core.neutral import neutral
from launchgate.report.common import repo_path

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


# GitHub code scanning rejects a run with more than 25,000 results; ranked() puts the most
# severe first, so those are kept.
MAX_RESULTS = 25_000


def render(report: GateReport, limit: int = MAX_RESULTS) -> str:
    ranked = report.ranked()
    problems = [r for r in ranked if r.status in (Status.FAIL, Status.ERROR, Status.WARN)]
    dropped = max(0, len(problems) - limit)
    problems = problems[:limit]
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
        "results": _results(problems, index, report.config_file),
        "invocations": [_invocation(dropped)],
        "columnKind": "unicodeCodePoints",
    }
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, indent=2) + "\n"


def _invocation(dropped: int) -> dict[str, Any]:
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if dropped:
        text = f"{dropped} less severe result(s) left out: code scanning takes at most {MAX_RESULTS:,} per run"
        invocation["toolExecutionNotifications"] = [{"level": "warning", "message": {"text": text}}]
    return invocation


def _rule(rule_id: str, problems: list[Result]) -> dict[str, Any]:
    from launchgate.checks.registry import find_rule

    rule = find_rule(rule_id)
    sample = next(r for r in problems if r.rule_id == rule_id)
    title = rule.title if rule else neutral(sample.title)
    full = f"{rule.what} {rule.why}" if rule else neutral(sample.message)
    fix = rule.fix if rule else neutral(sample.remediation)
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


def _results(
    problems: list[Result], index: dict[str, int], config_file: str | None
) -> list[dict[str, Any]]:
    seen: Counter[str] = Counter()
    out = []
    for result in problems:
        key = fingerprint_key(result, config_file)
        seen[key] += 1
        digest = hashlib.sha256(f"{key}#{seen[key]}".encode()).hexdigest()[:32]
        out.append(_result(result, index[result.rule_id], digest, config_file))
    return out


def fingerprint_key(result: Result, config_file: str | None = None) -> str:
    """What identifies a finding across runs: not its line, so moving code keeps the alert.

    Findings in files have the line in their check id; they are known instead by rule, file
    and what was found (hashed secrets, variable names). Others keep their check id.
    """
    check_id = result.check_id
    if result.file and result.line and check_id.endswith(f":{result.line}"):
        what = result.data.get("hashed_secrets") or result.data.get("variables") or ""
        return f"{result.rule_id}|{repo_path(result.file, config_file)}|{what}"
    return check_id


def _result(
    result: Result, rule_index: int, digest: str, config_file: str | None
) -> dict[str, Any]:
    text = neutral(result.message)
    if result.remediation and result.status is not Status.PASS:
        text += f" How to fix: {neutral(result.remediation)}"
    out: dict[str, Any] = {
        "ruleId": result.rule_id,
        "ruleIndex": rule_index,
        "level": level_of(result),
        "message": {"text": text},
        "properties": {"checkId": neutral(result.check_id), "severity": result.severity.value},
        "partialFingerprints": {"launchgate/v1": digest},
    }
    if result.file:
        out["locations"] = [_location(result.file, result.line, config_file)]
    elif config_file:  # code scanning drops a result without a location
        out["locations"] = [_location(config_file, 1, config_file)]
    return out


def _location(file: str, line: int | None, config_file: str | None) -> dict[str, Any]:
    uri = repo_relative_uri(file, config_file)
    artifact: dict[str, Any] = {"uri": uri}
    if not uri.startswith("file:"):
        artifact["uriBaseId"] = "%SRCROOT%"
    return {
        "physicalLocation": {
            "artifactLocation": artifact,
            "region": {"startLine": max(line or 1, 1)},
        }
    }


def repo_relative_uri(file: str, config_file: str | None = None) -> str:
    """The file's path relative to the repository root (``%SRCROOT%`` in CI), URI-escaped;
    a ``file:`` URI when it lies outside the repository."""
    from urllib.parse import quote

    path = repo_path(file, config_file)
    if Path(path).is_absolute():
        return Path(path).as_uri()
    return quote(path, safe="/")
