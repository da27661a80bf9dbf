"""The ``launchgate`` command: a click group that loads each subcommand's module only when it
runs (so ``--version`` and the pre-commit hook start fast), and ``main``, which maps every
outcome to an exit code. No logic here: each command is one module in ``launchgate.commands``.

Exit codes (``launchgate.core.exitcodes``): 0 gate passed · 1 gate failed · 2 usage or config
error · 3 internal error · 130 interrupted (Ctrl-C) · 143 terminated (SIGTERM).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from launchgate import __version__
from launchgate.core import interrupt
from launchgate.core.exitcodes import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, UsageError
from launchgate.core.neutral import neutral, no_command
from launchgate.core.redact import strip_userinfo

# One line per command: its name and the module whose ``command`` it is.
COMMANDS = {
    "check": "launchgate.commands.check",
    "merge": "launchgate.commands.merge",
    "init": "launchgate.commands.init",
    "schema": "launchgate.commands.schema",
    "explain": "launchgate.commands.explain",
    "demo": "launchgate.commands.demo",
    "report": "launchgate.commands.report",
    "spf": "launchgate.commands.spf",
    "secrets": "launchgate.commands.secrets",
    "watch": "launchgate.commands.watch",
    "notify": "launchgate.commands.notify",
}


class LazyGroup(click.Group):
    """Imports a command's module the first time the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command: click.Command = importlib.import_module(module).command
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="launchgate")
def cli() -> None:
    """launchgate: find launch failures before the deploy, in one command."""


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: map every outcome to an exit code; a crash is never confused with findings."""
    previous = interrupt.install()
    try:
        return _main(argv)
    except interrupt.Interrupted as exc:  # Ctrl-C, or SIGTERM from a cancelled CI job
        written = " (any report written says so)" if hasattr(exc, "report") else ""
        say(f"launchgate: interrupted by {exc.name}; no verdict{written}.")
        interrupt.hard_exit(exc.exit_code)
        return exc.exit_code  # not reached
    finally:
        interrupt.restore(previous)


def say(message: str) -> None:
    """One message on stderr, as inert text: it may quote a config key, a path or a URL."""
    text = strip_userinfo(str(message))
    click.echo("\n".join(no_command(neutral(line)) for line in text.split("\n")), err=True)


def _main(argv: Sequence[str] | None) -> int:
    from launchgate.config.load import ConfigError

    try:
        cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="launchgate",
            standalone_mode=False,
        )
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    except click.exceptions.Abort:
        say("interrupted; no verdict.")
        return EXIT_INTERRUPTED
    except click.ClickException as exc:
        exc.show()
        return EXIT_USAGE
    except (ConfigError, UsageError) as exc:
        say(f"launchgate: {exc}")
        return EXIT_USAGE
    except OSError as exc:
        if exc.filename is None:
            return _internal(exc, argv)
        # A folder that cannot be written (read-only checkout, another user's), a full disk:
        # a problem with where the user pointed launchgate, not a bug.
        say(f"launchgate: cannot write {exc.filename}: {exc.strerror or exc}")
        return EXIT_USAGE
    except Exception as exc:
        return _internal(exc, argv)
    return 0


def _internal(exc: Exception, argv: Sequence[str] | None) -> int:
    say(f"launchgate: internal error (a bug in launchgate, not in your project): {exc!r}")
    args = list(argv) if argv is not None else sys.argv[1:]
    if "-v" in args or "--verbose" in args:
        import traceback

        traceback.print_exc()
    else:
        say("Run again with -v for the traceback, and please report it.")
    return EXIT_INTERNAL
