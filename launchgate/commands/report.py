"""``launchgate report``: the handover document, from a new run or an earlier JSON report."""

from __future__ import annotations

import json
from pathlib import Path

import click

from launchgate import gate
from launchgate.commands.options import config_option, output_option
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


@click.command(name="report")
@config_option()
@click.option(
    "--from",
    "from_json",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Build it from a JSON report of an earlier `check --json` instead of running the gate.",
)
@output_option("handover.md")
@click.option("--offline", is_flag=True, help="Run only the checks that need no network.")
def command(config: Path | None, from_json: Path | None, output: Path, offline: bool) -> None:
    """Write the plain-English handover document of a run (DNS, redirects, TLS, email, env, latency, risks)."""
    raise SystemExit(write_handover(config, from_json, output, offline))
