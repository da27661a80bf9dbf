"""The console risk list: most severe first (failures, errors, then warnings at equal severity); passes as a count."""

from __future__ import annotations

import click

from launchgate.core.model import GateReport, Result, Status, counts_against_gate
from launchgate.core.neutral import neutral, no_command
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
    shown = [r for r in report.ranked() if verbose or r.is_problem]
    for result in shown:
        lines += ["", *_entry(result, report, verbose, style)]
    hidden = len(report.results) - len(shown)
    if hidden:
        lines += ["", f"{hidden} more passed or skipped (-v shows them)."]
    lines += ["", _verdict(report, style)]
    # Every piece from outside went through neutral(): no line can be a workflow command.
    return "\n".join(no_command(line) for line in lines) + "\n"


def _header(report: GateReport) -> str:
    project = f" · {neutral(report.project)}" if report.project else ""
    return f"launchgate {report.version}{project} · {len(report.results)} results in {report.summary.duration:.1f}s"


def _entry(result: Result, report: GateReport, verbose: bool, style: object) -> list[str]:
    paint = style  # a small closure from render()
    label = f"{STATUS_LABEL[result.status]:<5}"
    head = (
        f"{paint(label, fg=_COLOR[result.status], bold=True)} "  # type: ignore[operator]
        f"{result.severity.value:<8} {neutral(result.check_id)}"
    )
    if counts_against_gate(result, report.summary.fail_on):
        head += "  [blocks deploy]"
    lines = [head, f"      {neutral(result.message)}"]
    where = location_of(result, report.config_file)
    if where:
        lines.append(f"      where: {neutral(where)}")
    detail_limit = None if verbose else 6
    details = list(result.details)[:detail_limit]
    lines += [f"        {neutral(d)}" for d in details]
    if detail_limit is not None and len(result.details) > detail_limit:
        lines.append(f"        … {len(result.details) - detail_limit} more lines (-v)")
    if result.data.get("console"):
        lines += [f"      {neutral(line)}" for line in str(result.data["console"]).splitlines()]
    if result.is_problem:
        why = why_of(result)
        if why:
            lines.append(f"      why: {why}")
        if result.remediation:
            lines.append(f"      fix: {neutral(result.remediation)}")
    return lines


def _verdict(report: GateReport, style: object) -> str:
    s = report.summary
    counts = ", ".join(f"{n} {k}" for k, n in s.counts.items() if n) or "no checks ran"
    if s.passed:
        text = f"GATE PASSED ({counts})"
        return style(text, fg="green", bold=True)  # type: ignore[operator,no-any-return]
    text = f"GATE FAILED: {s.failing} problem(s) at or above '{s.fail_on.value}' ({counts})"
    return style(text, fg="red", bold=True)  # type: ignore[operator,no-any-return]
