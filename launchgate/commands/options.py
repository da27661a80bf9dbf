"""Options several commands share, defined once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


def config_option(envvar: str | None = None) -> Callable[[F], F]:
    return click.option(
        "-c",
        "--config",
        type=click.Path(path_type=Path),
        envvar=envvar,
        show_envvar=envvar is not None,
        help="Config file (default: ./launchgate.yml).",
    )


def output_option(default: str) -> Callable[[F], F]:
    return click.option(
        "-o", "--output", type=click.Path(path_type=Path), default=Path(default), show_default=True
    )
