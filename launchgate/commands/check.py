"""``launchgate check``: run every check the config names and exit with the verdict."""

from __future__ import annotations

from pathlib import Path

import click

from launchgate import gate
from launchgate.checks.registry import AREAS
from launchgate.commands.options import config_option
from launchgate.core.exitcodes import UsageError
from launchgate.core.shard import Shard, ShardError, parse_shard


def _areas(value: str | None) -> list[str]:
    return [a.strip().lower() for a in value.split(",") if a.strip()] if value else []


def _shard(value: str | None) -> Shard | None:
    if value is None:
        return None
    try:
        return parse_shard(value)
    except ShardError as exc:
        raise UsageError(str(exc)) from None


@click.command(name="check")
@config_option()
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
@click.option(
    "--shard",
    metavar="I/N",
    help="Run only shard I of N (by target; CI matrix jobs), then `launchgate merge` the JSONs.",
)
@click.option("-v", "--verbose", is_flag=True, help="Show passes, all details and tracebacks.")
@click.option("--no-color", is_flag=True, help="No colours (NO_COLOR is honoured too).")
@click.option(
    "--notify",
    is_flag=True,
    help="Compare with the monitor state file and send alerts for what changed (scheduled CI).",
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def command(
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
    shard: str | None,
    verbose: bool,
    no_color: bool,
    notify: bool,
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
        shard=_shard(shard),
    )
    after: gate.AfterRun | None = None
    if notify:
        from launchgate.monitor.service import notify_after_check as after
    raise SystemExit(gate.run(options, after=after))
