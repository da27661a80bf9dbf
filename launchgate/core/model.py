"""The data a run produces: statuses, severities, results and the gate report."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any


class Status(str, enum.Enum):
    """Outcome of one result. ERROR means "could not verify", never "the thing is wrong"."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    ERROR = "error"
    SKIP = "skip"


class Severity(str, enum.Enum):
    """Impact of a problem, most severe first."""

    CRITICAL = "critical"
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """4 for critical down to 0 for info: higher is worse."""
        return _SEVERITY_RANK[self]

    def at_least(self, other: Severity) -> bool:
        return self.rank >= other.rank


_SEVERITY_RANK = {
    Severity.CRITICAL: 4,
    Severity.HIGH: 3,
    Severity.MEDIUM: 2,
    Severity.LOW: 1,
    Severity.INFO: 0,
}

# Order of statuses in a risk list: failures, then errors, then warnings.
STATUS_ORDER = {Status.FAIL: 0, Status.ERROR: 1, Status.WARN: 2, Status.SKIP: 3, Status.PASS: 4}


@dataclass(frozen=True)
class Result:
    """One verdict about one thing, identified by a stable id ``area.check[:target]``.

    ``data`` holds structured facts for machine-readable reports (figures, records, chains);
    like every other field it must never hold a secret value in clear. ``layer`` (dns,
    connect, tls, http, app) says where a failing network check broke; ``caused_by`` names
    the result this one follows from (see ``core/diagnosis.py``).
    """

    check_id: str
    title: str
    status: Status
    severity: Severity
    message: str
    details: tuple[str, ...] = ()
    remediation: str = ""
    duration: float = 0.0
    file: str | None = None
    line: int | None = None
    data: Mapping[str, Any] = field(default_factory=dict)
    layer: str | None = None
    caused_by: str | None = None

    @property
    def area(self) -> str:
        return self.check_id.split(".", 1)[0]

    @property
    def rule_id(self) -> str:
        """The check id without its target: what SARIF and ``explain`` call a rule."""
        return self.check_id.split(":", 1)[0]

    @property
    def target(self) -> str | None:
        parts = self.check_id.split(":", 1)
        return parts[1] if len(parts) == 2 else None

    @property
    def is_problem(self) -> bool:
        return self.status in (Status.FAIL, Status.ERROR, Status.WARN)

    def with_changes(self, **changes: Any) -> Result:
        return replace(self, **changes)


def risk_sort_key(result: Result) -> tuple[int, int, int, str]:
    """Problems by impact: the most severe first; at equal severity failures, then errors
    (could not verify), then warnings. Skips and passes come after every problem."""
    group = 0 if result.is_problem else 1
    return (group, -result.severity.rank, STATUS_ORDER[result.status], result.check_id)


@dataclass(frozen=True)
class Summary:
    passed: bool
    fail_on: Severity
    counts: Mapping[str, int]
    failing: int
    duration: float


@dataclass(frozen=True)
class GateReport:
    """Everything reporters may show. It has been through the redactor before they see it."""

    project: str
    results: tuple[Result, ...]
    summary: Summary
    started_at: str
    hostname: str
    config_file: str | None = None
    area_durations: Mapping[str, float] = field(default_factory=dict)
    inventories: Mapping[str, Any] = field(default_factory=dict)
    version: str = ""

    def ranked(self) -> list[Result]:
        return sorted(self.results, key=risk_sort_key)

    def failing_results(self) -> list[Result]:
        """Results that make the gate fail (at or above fail_on)."""
        return [r for r in self.ranked() if counts_against_gate(r, self.summary.fail_on)]


def counts_against_gate(result: Result, fail_on: Severity) -> bool:
    """The gate fails closed: an error counts like a failure of the same severity."""
    return result.status in (Status.FAIL, Status.ERROR) and result.severity.at_least(fail_on)
