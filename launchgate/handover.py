"""``launchgate report``: the handover document, from a new run or an earlier JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from launchgate import gate
from launchgate.report import handover
from launchgate.report import json as json_report
from launchgate.report.write import write_atomic


def write_handover(config: Path | None, from_json: Path | None, output: Path, offline: bool) -> int:
    """Exit code: that of the gate when it runs, else 0 (or 2 for an unreadable JSON report)."""
    if from_json is not None:
        try:
            report = json_report.from_dict(json.loads(from_json.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise gate.UsageError(f"{from_json} is not a launchgate JSON report ({exc})") from None
        write_atomic(output, handover.render(report))
        click.echo(f"Wrote {output}")
        return gate.EXIT_PASSED
    options = gate.GateOptions(config=config, reports={"handover": output}, offline=offline)
    code = gate.run(options)
    if output.is_file():
        click.echo(f"Wrote {output}")
    return code
