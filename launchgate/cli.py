"""The ``launchgate`` command: parse options, call the gate, pick the exit code. No logic here.

Exit codes: 0 gate passed · 1 gate failed · 2 usage or config error · 3 internal error ·
130 interrupted (Ctrl-C).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from launchgate import __version__, gate
from launchgate.commands import secrets as secrets_command
from launchgate.commands import spf as spf_command
from launchgate.configload import ConfigError
from launchgate.model import AREAS

F = TypeVar("F", bound=Callable[..., Any])
EXIT_USAGE = gate.EXIT_USAGE
EXIT_INTERNAL = gate.EXIT_INTERNAL
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _config_option() -> Callable[[F], F]:
    return click.option(
        "-c",
        "--config",
        type=click.Path(path_type=Path),
        help="Config file (default: ./launchgate.yml).",
    )


def _output_option(default: str) -> Callable[[F], F]:
    return click.option(
        "-o", "--output", type=click.Path(path_type=Path), default=Path(default), show_default=True
    )


def _areas(value: str | None) -> list[str]:
    return [a.strip().lower() for a in value.split(",") if a.strip()] if value else []


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="launchgate")
def cli() -> None:
    """launchgate: find launch failures before the deploy, in one command."""


@cli.command()
@_config_option()
@click.option("--junit", type=click.Path(path_type=Path), help="Write a JUnit XML report here.")
@click.option(
    "--json", "json_path", type=click.Path(path_type=Path), help="Write a JSON report here."
)
@click.option("--sarif", type=click.Path(path_type=Path), help="Write a SARIF 2.1.0 report here.")
@click.option("--markdown", type=click.Path(path_type=Path), help="Write a Markdown summary here.")
@click.option(
    "--only", metavar="AREAS", help=f"Run only these areas (comma-separated: {','.join(AREAS)})."
)
@click.option("--skip", metavar="AREAS", help="Skip these areas (comma-separated).")
@click.option("--offline", is_flag=True, help="Run only the checks that need no network.")
@click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low"], case_sensitive=False),
    help="Lowest severity that fails.",
)
@click.option(
    "--nameserver",
    multiple=True,
    metavar="HOST[:PORT]",
    help="Resolver to ask (repeatable); overrides network.nameservers.",
)
@click.option(
    "--diff-base", help="Report only secrets added since the merge-base with this git ref."
)
@click.option(
    "--update-baseline", is_flag=True, help="Write measured latency to performance.baseline."
)
@click.option("-v", "--verbose", is_flag=True, help="Show passes, all details and tracebacks.")
@click.option("--no-color", is_flag=True, help="No colours (NO_COLOR is honoured too).")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def check(
    config: Path | None,
    junit: Path | None,
    json_path: Path | None,
    sarif: Path | None,
    markdown: Path | None,
    only: str | None,
    skip: str | None,
    offline: bool,
    fail_on: str | None,
    nameserver: tuple[str, ...],
    diff_base: str | None,
    update_baseline: bool,
    verbose: bool,
    no_color: bool,
    files: tuple[Path, ...],
) -> None:
    """Run every check the config names; exit 0 if the gate passed, 1 if it failed.

    FILES (as pre-commit passes them) limit the file checks to those files.

    \b
    Exit codes: 0 passed · 1 failed (a problem at or above fail_on) ·
    2 bad usage or config · 3 a bug in launchgate · 130 interrupted.
    """
    reports = {"junit": junit, "json": json_path, "sarif": sarif, "markdown": markdown}
    options = gate.GateOptions(
        config=config,
        reports={fmt: path for fmt, path in reports.items() if path is not None},
        only=_areas(only),
        skip=_areas(skip),
        offline=offline,
        fail_on=fail_on,
        nameservers=nameserver,
        verbose=verbose,
        color=False if no_color else None,
        diff_base=diff_base,
        update_baseline=update_baseline,
        files=[str(f) for f in files] or None,
    )
    raise SystemExit(gate.run(options))


@cli.command()
@click.option("--domain", help="Your registered domain, e.g. shop.example.")
@_output_option("launchgate.yml")
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
def init(domain: str | None, output: Path, force: bool) -> None:
    """Write a commented starter launchgate.yml."""
    from launchgate.starter import StarterError, write_starter

    try:
        for line in write_starter(domain, output, force):
            click.echo(line)
    except StarterError as exc:
        raise click.UsageError(str(exc)) from None


@cli.command()
def schema() -> None:
    """Print the JSON Schema of launchgate.yml (for editors: yaml-language-server)."""
    from launchgate.config import GateConfig
    from launchgate.configdoc import json_schema

    click.echo(json.dumps(json_schema(GateConfig), indent=2))


@cli.command()
@click.argument("check_id", required=False)
def explain(check_id: str | None) -> None:
    """Say what a check verifies, why it matters and how to fix it (no id: list them)."""
    from launchgate.explain import UnknownCheck, describe, list_rules

    try:
        click.echo(describe(check_id) if check_id else list_rules())
    except UnknownCheck as exc:
        raise click.UsageError(str(exc)) from None


@cli.command()
@_output_option("launchgate-demo")
@click.option("-v", "--verbose", is_flag=True, help="Show passes and every detail.")
def demo(output: Path, verbose: bool) -> None:
    """Gate a complete sandboxed shop on loopback (no network needed) and write every report."""
    from launchgate.demo import run_demo

    raise SystemExit(run_demo(output, verbose=verbose))


@cli.command()
@_config_option()
@click.option(
    "--from",
    "from_json",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Build it from a JSON report of an earlier `check --json` instead of running the gate.",
)
@_output_option("handover.md")
@click.option("--offline", is_flag=True, help="Run only the checks that need no network.")
def report(config: Path | None, from_json: Path | None, output: Path, offline: bool) -> None:
    """Write the plain-English handover document of a run (DNS, redirects, TLS, email, env, latency, risks)."""
    from launchgate.handover import write_handover

    raise SystemExit(write_handover(config, from_json, output, offline))


cli.add_command(spf_command.command)
cli.add_command(secrets_command.command)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: map every outcome to an exit code; a crash is never confused with findings."""
    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="launchgate",
            standalone_mode=False,
        )
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("launchgate: interrupted; no verdict.", err=True)
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except (ConfigError, gate.UsageError) as exc:
        click.echo(f"launchgate: {exc}", err=True)
        return EXIT_USAGE
    except Exception as exc:
        click.echo(
            f"launchgate: internal error (a bug in launchgate, not in your project): {exc!r}",
            err=True,
        )
        args = list(argv) if argv is not None else sys.argv[1:]
        if "-v" in args or "--verbose" in args:
            import traceback

            traceback.print_exc()
        else:
            click.echo("Run again with -v for the traceback, and please report it.", err=True)
        return EXIT_INTERNAL
    return 0
