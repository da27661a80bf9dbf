"""`launchgate spf check-host IP DOMAIN`: RFC 7208 check_host() from the command line.

The result (pass, fail, softfail, neutral, none, permerror, temperror) is the last line.
Exit status: 0 for pass, 1 for any other result, 2 for bad arguments.
"""

from __future__ import annotations

import ipaddress
import json
import sys

import click

from launchgate.checks.email.spf_eval import check_host
from launchgate.config.convert import parse_nameserver
from launchgate.core.neutral import neutral
from launchgate.net.dns import Resolver


@click.group(name="spf")
def command() -> None:
    """SPF tools (RFC 7208)."""


def _ip(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        raise click.BadParameter(f"{value!r} is not an IPv4 or IPv6 address") from None


def _nameservers(
    ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
) -> tuple[str, ...]:
    try:
        return tuple(parse_nameserver(v) for v in value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _seconds(value: float) -> float:
    if not 0.1 <= value <= 600:  # also refuses nan
        raise click.BadParameter(f"{value} is out of range: allowed from 0.1 to 600 seconds")
    return value


@command.command(name="check-host")
@click.argument("ip", callback=_ip)
@click.argument("domain")
@click.option("--sender", default="", help="MAIL FROM address (default: postmaster@DOMAIN).")
@click.option("--helo", default="", help="HELO/EHLO name (default: DOMAIN).")
@click.option(
    "--nameserver",
    multiple=True,
    callback=_nameservers,
    help="Resolver HOST[:PORT] (repeatable); default: the system resolver.",
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    callback=lambda ctx, param, value: _seconds(value),
    help="Seconds allowed per DNS question (0.1 to 600).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the details as one JSON line first.")
def check_host_command(
    ip: str,
    domain: str,
    sender: str,
    helo: str,
    nameserver: tuple[str, ...],
    timeout: float,
    as_json: bool,
) -> None:
    """Evaluate the SPF policy of DOMAIN for mail sent from IP."""
    domain = domain.rstrip(".")
    resolver = Resolver(nameserver, timeout)
    try:
        outcome = check_host(
            ip, domain, sender or f"postmaster@{domain}", helo or domain, dns=resolver
        )
    finally:
        resolver.close()
    if as_json:
        click.echo(json.dumps(outcome.to_json(), sort_keys=True))
    else:
        for label, value in (
            ("record", outcome.record),
            ("matched", outcome.matched and f"{outcome.matched} (in {outcome.matched_in})"),
            ("explanation", outcome.explanation),
            ("reason", outcome.reason),
        ):
            if value:
                click.echo(f"{label}: {neutral(value)}")  # DNS answers are data
    click.echo(outcome.result)
    sys.exit(0 if outcome.result == "pass" else 1)
