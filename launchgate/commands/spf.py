"""`launchgate spf ...` (placeholder until the DNS/email issue lands)."""

import click


@click.group(name="spf")
def command() -> None:
    """SPF tools."""
