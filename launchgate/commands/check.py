"""``launchgate check``: run every check the config names and exit with the verdict.

Every option can also come from a ``LAUNCHGATE_<OPTION>`` environment variable (``--fail-on``
from ``LAUNCHGATE_FAIL_ON``): a flag on the command line wins over the variable, the variable
over launchgate.yml, launchgate.yml over the default. An empty variable counts as unset.
Flags take true/false (1/0, yes/no); ``LAUNCHGATE_NAMESERVER`` takes several, space-separated.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from launchgate import gate
from launchgate.checks.registry import AREAS
from launchgate.commands.options import F, config_option
from launchgate.core.exitcodes import UsageError
from launchgate.core.shard import Shard, ShardError, parse_shard

ENV_PREFIX = "LAUNCHGATE_"


def env(name: str) -> str:
    """The environment variable of an option: ``fail-on`` -> ``LAUNCHGATE_FAIL_ON``."""
    return ENV_PREFIX + name.upper().replace("-", "_")


def _areas(value: str | None) -> list[str]:
    return [a.strip().lower() for a in value.split(",") if a.strip()] if value else []


def _report(name: str, what: str) -> Callable[[F], F]:
    return click.option(
        f"--{name}",
        f"{name}_path",
        type=click.Path(path_type=Path),
        envvar=env(name),
        show_envvar=True,
        help=f"Write {what} here.",
    )


def _flag(*names: str, help: str) -> Callable[[F], F]:
    long_name = next(n for n in names if n.startswith("--"))[2:]
    return click.option(*names, is_flag=True, envvar=env(long_name), show_envvar=True, help=help)


def _shard(value: str | None) -> Shard | None:
    if value is None:
        return None
    try:
        return parse_shard(value)
    except ShardError as exc:
        raise UsageError(str(exc)) from None


@click.command(name="check")
@config_option(envvar=env("config"))
@_report("junit", "a JUnit XML report")
@_report("json", "a JSON report")
@_report("sarif", "a SARIF 2.1.0 report")
@_report("markdown", "a Markdown summary")
@_report("codequality", "a GitLab Code Quality report")
@click.option(
    "--only",
    metavar="AREAS",
    envvar=env("only"),
    show_envvar=True,
    help=f"Run only these areas (comma-separated: {','.join(AREAS)}).",
)
@click.option(
    "--skip",
    metavar="AREAS",
    envvar=env("skip"),
    show_envvar=True,
    help="Skip these areas (comma-separated).",
)
@_flag("--offline", help="Run only the checks that need no network.")
@click.option(
    "--fail-on",
    type=click.Choice(["critical", "high", "medium", "low"], case_sensitive=False),
    envvar=env("fail-on"),
    show_envvar=True,
    help="Lowest severity that fails.",
)
@click.option(
    "--nameserver",
    multiple=True,
    metavar="HOST[:PORT]",
    envvar=env("nameserver"),
    show_envvar=True,
    help="Resolver to ask (repeatable); overrides network.nameservers.",
)
@click.option(
    "--diff-base",
    envvar=env("diff-base"),
    show_envvar=True,
    help="Report only secrets added since the merge-base with this git ref.",
)
@_flag("--update-baseline", help="Write measured latency to performance.baseline.")
@click.option(
    "--shard",
    metavar="I/N",
    envvar=env("shard"),
    show_envvar=True,
    help="Run only shard I of N (by target; CI matrix jobs), then `launchgate merge` the JSONs.",
)
@_flag("-v", "--verbose", help="Show passes, all details and tracebacks.")
@_flag("-q", "--quiet", help="No progress lines on stderr (shown on a terminal and in CI).")
@_flag("--no-color", help="No colours (NO_COLOR is honoured too).")
@_flag(
    "--notify",
    help="Compare with the monitor state file and send alerts for what changed (scheduled CI).",
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def command(
    config: Path | None,
    junit_path: Path | None,
    json_path: Path | None,
    sarif_path: Path | None,
    markdown_path: Path | None,
    codequality_path: Path | None,
    only: str | None,
    skip: str | None,
    offline: bool,
    fail_on: str | None,
    nameserver: tuple[str, ...],
    diff_base: str | None,
    update_baseline: bool,
    shard: str | None,
    verbose: bool,
    quiet: bool,
    no_color: bool,
    notify: bool,
    files: tuple[Path, ...],
) -> None:
    """Run every check the config names; exit 0 if the gate passed, 1 if it failed.

    FILES (as pre-commit passes them) limit the file checks to those files.

    \b
    Exit codes: 0 passed · 1 failed (a problem at or above fail_on) ·
    2 bad usage or config · 3 a bug in launchgate · 130/143 interrupted (SIGINT/SIGTERM).
    """
    reports = {
        "junit": junit_path,
        "json": json_path,
        "sarif": sarif_path,
        "markdown": markdown_path,
        "codequality": codequality_path,
    }
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
        quiet=quiet,
        shard=_shard(shard),
    )
    after: gate.AfterRun | None = None
    if notify:
        from launchgate.monitor.service import notify_after_check as after
    raise SystemExit(gate.run(options, after=after))
