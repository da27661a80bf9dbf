"""``launchgate notify --test``: one test message to every configured channel."""

from __future__ import annotations

from pathlib import Path

import click

from launchgate.commands.options import config_option
from launchgate.core.exitcodes import UsageError


@click.command(name="notify")
@config_option()
@click.option("--test", "test", is_flag=True, help="Send a test message to every channel.")
def command(config: Path | None, test: bool) -> None:
    """Send a test message to every channel of notify:, and say clearly which ones fail.

    Exit 0 when every channel took the message, 1 when one failed, 2 on a config error.
    """
    if not test:
        raise UsageError("`launchgate notify --test` sends a test message to every channel")
    from launchgate.monitor.service import send_test

    raise SystemExit(send_test(config))
