"""``launchgate init``: write a commented starter launchgate.yml, or (``--discover DOMAIN``) one
discovered from the live setup that passes today."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from launchgate.commands.options import output_option

if TYPE_CHECKING:
    from launchgate.config.model import NetworkConfig
    from launchgate.discover import DiscoverOptions


@click.command(name="init")
@click.option("--domain", help="Your registered domain, e.g. shop.example (starter config).")
@click.option(
    "--discover",
    "discover_domain",
    metavar="DOMAIN",
    help="Discover DNS, email, web and env from the live setup and write a config that passes.",
)
@output_option("launchgate.yml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.option("--dry-run", is_flag=True, help="Print the config instead of writing it.")
@click.option(
    "--nameserver",
    multiple=True,
    metavar="HOST[:PORT]",
    help="Resolver discovery asks (repeatable); written to network.nameservers.",
)
@click.option(
    "--resolve",
    "pins",
    multiple=True,
    metavar="HOST[:PORT]=ADDR[:PORT]",
    help="Send HOST (or * for every host) to ADDR, like curl --connect-to (repeatable).",
)
@click.option(
    "--ca-bundle",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Extra PEM bundle trusted for TLS; written to network.ca_bundle.",
)
@click.option(
    "--project-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where to read .env.example and look for build output (default: the output's folder).",
)
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Seconds per request.")
@click.option(
    "--no-verify", is_flag=True, help="Do not run the gate on the draft (keys failing today stay)."
)
def command(
    domain: str | None,
    discover_domain: str | None,
    output: Path,
    force: bool,
    dry_run: bool,
    nameserver: tuple[str, ...],
    pins: tuple[str, ...],
    ca_bundle: Path | None,
    project_dir: Path | None,
    timeout: float,
    no_verify: bool,
) -> None:
    """Write a commented starter launchgate.yml (or discover one with --discover DOMAIN)."""
    if discover_domain is None:
        _starter(domain, output, force)
        return
    if output.exists() and not force and not dry_run:
        raise click.UsageError(f"{output} exists; use --force to overwrite it (or --dry-run)")
    options = _options(discover_domain, output, nameserver, pins, ca_bundle, project_dir, timeout)
    _discover(options, output, dry_run, not no_verify)


def _starter(domain: str | None, output: Path, force: bool) -> None:
    from launchgate.config.starter import StarterError, write_starter

    try:
        for line in write_starter(domain, output, force):
            click.echo(line)
    except StarterError as exc:
        raise click.UsageError(str(exc)) from None


def _options(
    domain: str,
    output: Path,
    nameservers: tuple[str, ...],
    pins: tuple[str, ...],
    ca_bundle: Path | None,
    project_dir: Path | None,
    timeout: float,
) -> DiscoverOptions:
    from launchgate.config.convert import parse_host_port
    from launchgate.config.starter import registered_domain
    from launchgate.discover import DiscoverOptions
    from launchgate.discover.probe import parse_pin, pins_from_config

    try:
        chosen = registered_domain(domain)
        servers = tuple(parse_host_port(ns) for ns in nameservers)
        parsed = [parse_pin(p) for p in pins]
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    existing = _existing_network(output)
    if not parsed and existing is not None:
        parsed = pins_from_config(existing.resolve)
    servers = servers or (tuple(existing.nameservers) if existing else ())
    bundle = str(ca_bundle) if ca_bundle else None
    if ca_bundle is not None and not ca_bundle.is_file():
        raise click.UsageError(f"--ca-bundle: no file {ca_bundle}")
    written = os.path.relpath(ca_bundle.resolve(), output.parent.resolve()) if ca_bundle else None
    return DiscoverOptions(
        domain=chosen,
        project_dir=project_dir or output.parent,
        nameservers=servers,
        pins=tuple(parsed),
        ca_bundle=written,
        ca_path=bundle,
        timeout=timeout,
    )


def _existing_network(output: Path) -> NetworkConfig | None:
    """``network`` of a config already at ``output`` (its pins are honoured), if it loads."""
    if not output.is_file():
        return None
    from launchgate.config.load import ConfigError, load_config

    try:
        return load_config(output, os.environ).network
    except ConfigError:
        return None


def _discover(options: DiscoverOptions, output: Path, dry_run: bool, check: bool) -> None:
    from launchgate.discover import write_config
    from launchgate.report.write import write_atomic

    click.echo(
        f"Discovering {options.domain} (read-only; DNS questions and GET requests)…", err=True
    )
    findings, draft = write_config(
        options, output, check=check, written_on=date.today().isoformat()
    )
    click.echo(f"Asked: {'; '.join(findings.queried)}.", err=True)
    if findings.stopped:
        click.echo(f"Stopped early: {findings.stopped}.", err=True)
    for message in draft.disabled:
        click.echo(f"Fails today, left commented out with a TODO: {message}", err=True)
    if dry_run:
        click.echo(draft.text, nl=False)
        return
    try:
        write_atomic(output, draft.text)
    except OSError as exc:
        raise click.UsageError(f"cannot write {output}: {exc.strerror or exc}") from None
    run = "launchgate check" if output.name == "launchgate.yml" else f"launchgate check -c {output}"
    click.echo(f"Wrote {output}. Read its TODOs, then run: {run}")
