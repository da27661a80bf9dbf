"""GitHub Actions: secret masks, annotations, step summary and step outputs.

Workflow-command escaping follows the runner's own rules (actions/toolkit command.ts):
data escapes %, CR, LF; property values also escape ':' and ','.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from pathlib import Path

from launchgate.core.model import GateReport, Result, Status, counts_against_gate
from launchgate.core.neutral import neutral
from launchgate.report.common import location_of, repo_path

STEP_SUMMARY_LIMIT = 1024 * 1024
_TRUNCATED = "\n\n…(truncated: the full report is in the Markdown/JSON files)\n"


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def on_runner(environ: Mapping[str, str]) -> bool:
    """Really on a GitHub runner, not a shell that copied ``GITHUB_ACTIONS=true`` from a CI
    config: the runner also gives every step a temp folder and an output file that exist."""
    if environ.get("GITHUB_ACTIONS") != "true":
        return False
    temp, output = environ.get("RUNNER_TEMP"), environ.get("GITHUB_OUTPUT")
    return bool(temp and Path(temp).is_dir()) or bool(output and Path(output).is_file())


def mask_commands(values: Iterable[str]) -> list[str]:
    """``::add-mask::`` for each value (one line each: masks are per line)."""
    out = []
    for value in values:
        for line in value.splitlines():
            if line.strip():
                out.append(f"::add-mask::{escape_data(line)}")
    return out


def annotation(result: Result, blocking: bool, config_file: str | None = None) -> str:
    level = "error" if blocking else ("warning" if result.status is not Status.PASS else "notice")
    title = f"{result.severity.value}: {result.title} ({result.check_id})"
    props = [f"title={escape_property(neutral(title))}"]
    if result.file:
        props.insert(0, f"file={escape_property(neutral(repo_path(result.file, config_file)))}")
        if result.line:
            props.insert(1, f"line={result.line}")
    message = neutral(result.message)
    if result.remediation:
        message += f"\nFix: {neutral(result.remediation)}"
    return f"::{level} {','.join(props)}::{escape_data(message)}"


# GitHub shows 10 annotations of each level per step (50 per job); thousands of workflow
# commands would only bury the log.
MAX_ANNOTATIONS = 50


def annotation_lines(report: GateReport, limit: int = MAX_ANNOTATIONS) -> list[str]:
    """Most severe first: GitHub shows only the first 10 of each level per step."""
    problems = [r for r in report.ranked() if r.status in (Status.FAIL, Status.ERROR, Status.WARN)]
    out = []
    for result in problems[:limit]:
        blocking = counts_against_gate(result, report.summary.fail_on)
        out.append(annotation(result, blocking, report.config_file))
    if len(problems) > limit:
        more = f"{len(problems) - limit} more problem(s) are in the step summary and the reports"
        out.append(f"::notice title=launchgate::{escape_data(more)}")
    return out


def fit_summary(markdown: str, limit: int = STEP_SUMMARY_LIMIT) -> str:
    data = markdown.encode("utf-8")
    if len(data) <= limit:
        return markdown
    room = limit - len(_TRUNCATED.encode("utf-8"))
    return data[:room].decode("utf-8", errors="ignore") + _TRUNCATED


def write_step_files(report: GateReport, markdown: str, environ: Mapping[str, str]) -> None:
    summary_path = environ.get("GITHUB_STEP_SUMMARY")
    if summary_path:
        with Path(summary_path).open("a", encoding="utf-8") as handle:
            handle.write(fit_summary(markdown))
    output_path = environ.get("GITHUB_OUTPUT")
    if output_path:
        with Path(output_path).open("a", encoding="utf-8") as handle:
            handle.write(_outputs(report))


def _outputs(report: GateReport) -> str:
    s = report.summary
    lines = [
        f"passed={'true' if s.passed else 'false'}",
        f"failures={s.failing}",
        f"warnings={s.counts.get('warn', 0)}",
        f"errors={s.counts.get('error', 0)}",
    ]
    problems = [
        neutral(location_of(r, report.config_file) or r.check_id) for r in report.failing_results()
    ]
    delimiter = f"ghadelim_{uuid.uuid4().hex}"
    lines += [f"failing<<{delimiter}", *problems, delimiter]
    return "\n".join(lines) + "\n"
