"""JSON: every result plus the summary and inventories, for machines and the handover report."""

from __future__ import annotations

import json
from typing import Any

from launchgate.core.model import GateReport, Result, Severity, Status, Summary

SCHEMA_VERSION = 1


def to_dict(report: GateReport) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "launchgate", "version": report.version},
        "project": report.project,
        "config_file": report.config_file,
        "started_at": report.started_at,
        "hostname": report.hostname,
        "summary": {
            "passed": report.summary.passed,
            "fail_on": report.summary.fail_on.value,
            "failing": report.summary.failing,
            "counts": dict(report.summary.counts),
            "duration": report.summary.duration,
            "area_durations": dict(report.area_durations),
        },
        "results": [result_dict(r) for r in report.ranked()],
        "inventories": dict(report.inventories),
    }


def result_dict(result: Result) -> dict[str, Any]:
    return {
        "id": result.check_id,
        "rule": result.rule_id,
        "area": result.area,
        "target": result.target,
        "title": result.title,
        "status": result.status.value,
        "severity": result.severity.value,
        "message": result.message,
        "details": list(result.details),
        "remediation": result.remediation,
        "duration": result.duration,
        "file": result.file,
        "line": result.line,
        "data": dict(result.data),
        "layer": result.layer,
        "caused_by": result.caused_by,
    }


def render(report: GateReport) -> str:
    return json.dumps(to_dict(report), indent=2, default=str) + "\n"


def from_dict(doc: dict[str, Any]) -> GateReport:
    """A GateReport back from ``to_dict`` output (for ``launchgate report --from``)."""
    summary = doc["summary"]
    results = tuple(
        Result(
            check_id=r["id"],
            title=r.get("title", ""),
            status=Status(r["status"]),
            severity=Severity(r["severity"]),
            message=r.get("message", ""),
            details=tuple(r.get("details") or ()),
            remediation=r.get("remediation", ""),
            duration=float(r.get("duration") or 0.0),
            file=r.get("file"),
            line=r.get("line"),
            data=r.get("data") or {},
            layer=r.get("layer"),
            caused_by=r.get("caused_by"),
        )
        for r in doc["results"]
    )
    return GateReport(
        project=doc.get("project", ""),
        results=results,
        summary=Summary(
            passed=bool(summary["passed"]),
            fail_on=Severity(summary["fail_on"]),
            counts=summary.get("counts", {}),
            failing=int(summary.get("failing", 0)),
            duration=float(summary.get("duration", 0.0)),
        ),
        started_at=doc.get("started_at", ""),
        hostname=doc.get("hostname", ""),
        config_file=doc.get("config_file"),
        area_durations=summary.get("area_durations", {}),
        inventories=doc.get("inventories", {}),
        version=doc.get("tool", {}).get("version", ""),
    )
