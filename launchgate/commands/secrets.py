"""`launchgate secrets ...` (placeholder until the local-checks issue lands)."""

import click


@click.group(name="secrets")
def command() -> None:
    """Secret-scanning tools."""
