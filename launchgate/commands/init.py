"""``launchgate init``: write a commented starter launchgate.yml."""

from __future__ import annotations

from pathlib import Path

import click

from launchgate.commands.options import output_option


@click.command(name="init")
@click.option("--domain", help="Your registered domain, e.g. shop.example.")
@output_option("launchgate.yml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def command(domain: str | None, output: Path, force: bool) -> None:
    """Write a commented starter launchgate.yml."""
    from launchgate.config.starter import StarterError, write_starter

    try:
        for line in write_starter(domain, output, force):
            click.echo(line)
    except StarterError as exc:
        raise click.UsageError(str(exc)) from None
