"""`launchgate secrets baseline [--update]`: write detect-secrets' .secrets.baseline."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from launchgate.config.load import ConfigError
from launchgate.config.model import SecretsConfig
from launchgate.core.model import Status
from launchgate.gate import GateOptions, make_context, resolve_config


@click.group(name="secrets")
def command() -> None:
    """Secret-scanning tools."""


@command.command(name="baseline")
@click.option(
    "--update", is_flag=True, help="Refresh an existing baseline, keeping audit verdicts."
)
@click.option(
    "-c",
    "--config",
    type=click.Path(path_type=Path),
    help="Config file (default: ./launchgate.yml).",
)
def baseline(update: bool, config: Path | None) -> None:
    """Record today's findings in the detect-secrets baseline (secrets.baseline, default
    .secrets.baseline) so that only new ones fail the gate. Audit it afterwards with
    `detect-secrets audit .secrets.baseline`."""
    environ = dict(os.environ)
    options = GateOptions(config=config, update_baseline=True)
    try:
        gate_config = resolve_config(options, environ, sys.stderr)
    except ConfigError as exc:
        raise click.ClickException(str(exc)) from None
    ctx = make_context(gate_config, options, environ)
    target = (gate_config.secrets or SecretsConfig()).baseline or ".secrets.baseline"
    if ctx.path(target).exists() and not update:
        raise click.UsageError(f"{target} exists: use --update to refresh it (audits are kept).")
    from launchgate.checks.secrets.facts import refresh_baseline

    result = refresh_baseline(ctx)
    if result.status is not Status.PASS:
        raise click.ClickException(result.message)
    click.echo(result.message)
    click.echo(f"Review it with: detect-secrets audit {target}")
