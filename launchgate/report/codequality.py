"""GitLab Code Quality (a subset of the Code Climate issue format), shown in merge requests.

Every GitLab tier shows these issues in the merge request widget and, on Premium, in the diff.
GitLab keeps an issue only with ``description``, ``check_name``, ``fingerprint``, ``severity``,
``location.path`` and ``location.lines.begin``; the fingerprint identifies an issue across the
base and head pipelines, so it leaves out the line (moving code keeps the finding "existing").
Only problems are listed: a pass is not a code quality issue.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from typing import Any

from launchgate.core.model import GateReport, Result, Severity, Status
from launchgate.report.common import repo_path
from launchgate.report.sarif import fingerprint_key

# GitLab's severities, most severe first: blocker, critical, major, minor, info.
_BLOCKING = {
    Severity.CRITICAL: "blocker",
    Severity.HIGH: "critical",
    Severity.MEDIUM: "major",
    Severity.LOW: "minor",
    Severity.INFO: "info",
}
# A warning (below fail_on) or an unverified check never reads as a blocker.
_NOT_BLOCKING = {
    Severity.CRITICAL: "major",
    Severity.HIGH: "major",
    Severity.MEDIUM: "minor",
    Severity.LOW: "info",
    Severity.INFO: "info",
}
_CATEGORY = {"performance": "Performance", "env": "Bug Risk", "dns": "Bug Risk"}


def severity_of(result: Result) -> str:
    """GitLab's severity: a failure by its own severity, a warning or error one step milder."""
    table = _BLOCKING if result.status is Status.FAIL else _NOT_BLOCKING
    return table[result.severity]


def render(report: GateReport) -> str:
    problems = [r for r in report.ranked() if r.is_problem]
    seen: Counter[str] = Counter()
    issues = []
    for result in problems:
        key = fingerprint_key(result, report.config_file)
        seen[key] += 1
        fingerprint = hashlib.sha256(f"{key}#{seen[key]}".encode()).hexdigest()
        issues.append(issue(result, fingerprint, report.config_file))
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def issue(result: Result, fingerprint: str, config_file: str | None) -> dict[str, Any]:
    path, line = _where(result, config_file)
    description = f"{result.title}: {result.message}" if result.title else result.message
    if result.remediation:
        description = description.rstrip()
        description += ("" if description.endswith((".", "!", "?")) else ".") + " How to fix: "
        description += result.remediation
    return {
        "type": "issue",
        "check_name": result.rule_id,
        "description": description,
        "categories": [_CATEGORY.get(result.area, "Security")],
        "severity": severity_of(result),
        "fingerprint": fingerprint,
        "location": {"path": path, "lines": {"begin": line}},
        "engine_name": "launchgate",
    }


def _where(result: Result, config_file: str | None) -> tuple[str, int]:
    """The file and line; a finding about a host points at launchgate.yml (the runner puts
    the configuring line there), a finding with neither at the repository root."""
    if result.file:
        return repo_path(result.file, config_file), max(result.line or 1, 1)
    if config_file:
        return repo_path(config_file, config_file), 1
    return ".", 1
