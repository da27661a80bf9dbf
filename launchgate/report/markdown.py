"""Markdown summary: a verdict, a table of counts per area, then each problem with its fix."""

from __future__ import annotations

import re
from collections import Counter

from launchgate.core.model import GateReport, Result, Status, counts_against_gate
from launchgate.core.neutral import neutral, neutral_block
from launchgate.report.common import STATUS_LABEL, location_of, why_of

_ICON = {
    Status.FAIL: "❌",
    Status.ERROR: "⚠️",
    Status.WARN: "🟡",
    Status.SKIP: "⏭️",
    Status.PASS: "✅",
}


def render(report: GateReport) -> str:
    lines = [_heading(report), "", *_area_table(report), ""]
    problems = [r for r in report.ranked() if r.is_problem]
    if problems:
        lines += ["## What to fix, most severe first", ""]
        for result in problems:
            lines += _problem(result, report)
    else:
        lines += ["Nothing to fix: every check passed or was skipped.", ""]
    lines += _inventories(report)
    skipped = [r for r in report.ranked() if r.status is Status.SKIP]
    if skipped:
        lines += ["<details><summary>Skipped checks</summary>", ""]
        lines += [f"- `{_code(r.check_id)}`: {_escape(r.message)}" for r in skipped]
        lines += ["", "</details>", ""]
    extras = [r for r in report.ranked() if r.data.get("markdown") and not r.is_problem]
    for result in extras:
        lines += [
            f"### {_escape(result.title)}: `{_code(result.check_id)}`",
            "",
            neutral_block(result.data["markdown"]),
            "",
        ]
    return "\n".join(lines).rstrip() + "\n"


_INVENTORY_TITLES = {"env": "Environment variables"}


def _inventories(report: GateReport) -> list[str]:
    """Each inventory that is a list of records (the env inventory) as a table; no values."""
    lines: list[str] = []
    for name, rows in sorted(report.inventories.items()):
        if not isinstance(rows, list) or not rows or not all(isinstance(r, dict) for r in rows):
            continue
        columns = list(dict.fromkeys(k for row in rows for k in row))
        lines += [f"## {_INVENTORY_TITLES.get(name, name.capitalize())}", ""]
        lines.append("| " + " | ".join(_in_table(c.capitalize()) for c in columns) + " |")
        lines.append("|" + "---|" * len(columns))
        lines += [
            "| " + " | ".join(_in_table(_cell(row.get(c), c == "name")) for c in columns) + " |"
            for row in rows
        ]
        lines.append("")
    return lines


def _cell(value: object, code: bool = False) -> str:
    if value is None or value == "":
        return "—"
    if code:
        return f"`{_code(str(value))}`"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _escape(str(value))


def _heading(report: GateReport) -> str:
    s = report.summary
    name = f" for {_escape(report.project)}" if report.project else ""
    if s.passed:
        verdict = f"## ✅ launchgate{name}: gate passed"
    else:
        verdict = f"## ❌ launchgate{name}: gate failed ({s.failing} at or above {s.fail_on.value})"
    counts = ", ".join(f"{n} {k}" for k, n in s.counts.items() if n)
    return f"{verdict}\n\n{counts or 'no checks ran'} in {s.duration:.1f}s."


def _area_table(report: GateReport) -> list[str]:
    per_area: dict[str, Counter[str]] = {}
    for result in report.results:
        per_area.setdefault(result.area, Counter())[result.status.value] += 1
    rows = [
        "| Area | Passed | Failed | Errors | Warnings | Skipped |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for area in sorted(per_area):
        c = per_area[area]
        rows.append(
            f"| {area} | {c['pass']} | {c['fail']} | {c['error']} | {c['warn']} | {c['skip']} |"
        )
    return rows


def _problem(result: Result, report: GateReport) -> list[str]:
    blocking = counts_against_gate(result, report.summary.fail_on)
    label = STATUS_LABEL[result.status] + (" (blocks the deploy)" if blocking else "")
    lines = [
        f"### {_ICON[result.status]} {result.severity.value.upper()} · {_escape(result.title)}",
        "",
        f"**{label}** `{_code(result.check_id)}`: {_escape(result.message)}",
        "",
    ]
    where = location_of(result, report.config_file)
    if where:
        lines += [f"- **Where:** `{_code(where)}`"]
    why = why_of(result)
    if why:
        lines += [f"- **Why it matters:** {_escape(why)}"]
    if result.remediation:
        lines += [f"- **How to fix:** {_escape(result.remediation)}"]
    if result.details:
        lines += ["", "```text", *[neutral(d).replace("```", "'''") for d in result.details], "```"]
    if result.data.get("markdown"):
        lines += ["", neutral_block(result.data["markdown"])]
    return [*lines, ""]


# Code spans and URLs are kept as written; elsewhere Markdown's emphasis and link
# characters are escaped, so `NEXT_PUBLIC_*, VITE_*` or `__init__` render as typed.
_VERBATIM = re.compile(r"(`[^`\n]+`|https?://[^\s<>()`]+)")
_SPECIAL = re.compile(r"([\\*_\[\]|~])")


def _escape(text: str) -> str:
    parts = _VERBATIM.split(neutral(text))
    return "".join(
        part if i % 2 else _SPECIAL.sub(r"\\\1", part).replace("<", "&lt;")
        for i, part in enumerate(parts)
    )


def _code(text: str) -> str:
    return neutral(text).replace("`", "'")


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _in_table(cell: str) -> str:
    """A table cell ends at any unescaped ``|``, even inside a code span or a URL (GFM)."""
    return _UNESCAPED_PIPE.sub(r"\\|", cell)
