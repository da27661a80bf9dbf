"""``launchgate schema``: the JSON Schema of launchgate.yml."""

from __future__ import annotations

import json

import click


@click.command(name="schema")
def command() -> None:
    """Print the JSON Schema of launchgate.yml (for editors: yaml-language-server)."""
    from launchgate.config.doc import json_schema
    from launchgate.config.model import GateConfig

    click.echo(json.dumps(json_schema(GateConfig), indent=2))
