"""The console risk list: most severe first (failures, errors, then warnings at equal severity); passes as a count.

A problem that follows from another (``Result.caused_by``: the host does not resolve, so its
TLS, pages and latency fail too) is listed under its cause, in one line, not as a problem of
its own; the cause ranks as high as the worst of what it causes."""

from __future__ import annotations

import click

from launchgate.core.diagnosis import consequences, group_severity, lead
from launchgate.core.model import GateReport, Result, Status, counts_against_gate, risk_sort_key
from launchgate.report.common import STATUS_LABEL, location_of, why_of

_COLOR = {
    Status.FAIL: "red",
    Status.ERROR: "magenta",
    Status.WARN: "yellow",
    Status.SKIP: "blue",
    Status.PASS: "green",
}


def render(report: GateReport, verbose: bool = False, color: bool = False) -> str:
    def style(text: str, **kw: object) -> str:
        return click.style(text, **kw) if color else text  # type: ignore[arg-type]

    lines = [_header(report)]
    shown = [r for r in _ranked_causes(report) if verbose or r.is_problem]
    for result in shown:
        lines += ["", *_entry(result, report, verbose, style)]
        lines += _consequences(result, report)
    folded = sum(1 for r in report.results if r.caused_by)
    hidden = len(report.results) - len(shown) - folded
    if hidden:
        lines += ["", f"{hidden} more passed or skipped (-v shows them)."]
    lines += ["", _verdict(report, style)]
    return "\n".join(lines) + "\n"


def _ranked_causes(report: GateReport) -> list[Result]:
    """Every result that is not a consequence, ranked by the worst of its group."""
    causes = [r for r in report.results if not r.caused_by]

    def key(result: Result) -> tuple[int, int, int, str]:
        group = group_severity(report.results, result)
        base = risk_sort_key(result)
        return (base[0], -group.rank, base[2], base[3])

    return sorted(causes, key=key)


def _consequences(result: Result, report: GateReport) -> list[str]:
    following = sorted(consequences(report.results, result), key=risk_sort_key)
    if not following:
        return []
    blocking = sum(1 for r in following if counts_against_gate(r, report.summary.fail_on))
    note = f", {blocking} of them would block on their own" if blocking else ""
    lines = [f"      because of this, {len(following)} more check(s) fail{note}:"]
    for r in following:
        lines.append(f"        {STATUS_LABEL[r.status]:<5} {r.severity.value:<8} {r.check_id}")
    lines.append("      fix the cause above first, then run again")
    return lines


def _header(report: GateReport) -> str:
    project = f" · {report.project}" if report.project else ""
    return f"launchgate {report.version}{project} · {len(report.results)} results in {report.summary.duration:.1f}s"


def _entry(result: Result, report: GateReport, verbose: bool, style: object) -> list[str]:
    paint = style  # a small closure from render()
    label = f"{STATUS_LABEL[result.status]:<5}"
    head = (
        f"{paint(label, fg=_COLOR[result.status], bold=True)} "  # type: ignore[operator]
        f"{result.severity.value:<8} {result.check_id}"
    )
    if counts_against_gate(result, report.summary.fail_on):
        head += "  [blocks deploy]"
    lines = [head, f"      {lead(result)}"]
    where = location_of(result, report.config_file)
    if where:
        lines.append(f"      where: {where}")
    detail_limit = None if verbose else 6
    details = list(result.details)[:detail_limit]
    lines += [f"        {d}" for d in details]
    if detail_limit is not None and len(result.details) > detail_limit:
        lines.append(f"        … {len(result.details) - detail_limit} more lines (-v)")
    if result.data.get("console"):
        lines += [f"      {line}" for line in str(result.data["console"]).splitlines()]
    if result.is_problem:
        why = why_of(result)
        if why:
            lines.append(f"      why: {why}")
        if result.remediation:
            lines.append(f"      fix: {result.remediation}")
    return lines


def _verdict(report: GateReport, style: object) -> str:
    s = report.summary
    counts = ", ".join(f"{n} {k}" for k, n in s.counts.items() if n) or "no checks ran"
    if s.passed:
        text = f"GATE PASSED ({counts})"
        return style(text, fg="green", bold=True)  # type: ignore[operator,no-any-return]
    text = f"GATE FAILED: {s.failing} problem(s) at or above '{s.fail_on.value}' ({counts})"
    return style(text, fg="red", bold=True)  # type: ignore[operator,no-any-return]
