"""``launchgate schema``: the JSON Schema of launchgate.yml, or of the JSON report."""

from __future__ import annotations

import json

import click


@click.command(name="schema")
@click.option(
    "--report",
    is_flag=True,
    help="The schema of the JSON report (`check --json`) instead of launchgate.yml's.",
)
def command(report: bool) -> None:
    """Print the JSON Schema of launchgate.yml (for editors: yaml-language-server), or with
    --report that of the JSON report (for tools that read it; see its schema_version)."""
    if report:
        from launchgate.report.json_schema import REPORT_SCHEMA

        click.echo(json.dumps(REPORT_SCHEMA, indent=2))
        return
    from launchgate.config.doc import json_schema
    from launchgate.config.model import GateConfig

    click.echo(json.dumps(json_schema(GateConfig), indent=2))
