"""``launchgate demo``: gate a sandboxed shop on loopback and write every report."""

from __future__ import annotations

from pathlib import Path

import click

from launchgate.commands.options import output_option


@click.command(name="demo")
@output_option("launchgate-demo")
@click.option("-v", "--verbose", is_flag=True, help="Show passes and every detail.")
def command(output: Path, verbose: bool) -> None:
    """Gate a complete sandboxed shop on loopback (no network needed) and write every report."""
    from launchgate.demo import run_demo

    raise SystemExit(run_demo(output, verbose=verbose))
