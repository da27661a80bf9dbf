"""Which config a run uses: the file named, the one in the current directory, or the default."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from launchgate.config.load import CONFIG_NAMES, ConfigError, find_config, load_config
from launchgate.config.model import EnvConfig, GateConfig, SecretsConfig

DEFAULT_NOTE = (
    "No launchgate.yml here: ran the built-in default (environment and secret checks on this "
    "directory). Run `launchgate init --domain example.com` to write a config with every check."
)


def default_config() -> GateConfig:
    """What runs with no config file: the local checks on the current directory."""
    return GateConfig(version=1, env=EnvConfig(), secrets=SecretsConfig())


def load_or_default(path_given: Path | None, environ: Mapping[str, str], err: TextIO) -> GateConfig:
    """The config named (a file or a directory holding one), else ./launchgate.yml, else the
    built-in default (said on ``err``)."""
    # Relative, so reports name `launchgate.yml` rather than an absolute path on the runner.
    path = path_given or find_config(Path())
    if path_given is not None and path_given.is_dir():
        path = find_config(path_given)
        if path is None:
            names = ", ".join(CONFIG_NAMES)
            raise ConfigError(f"no config in the directory {path_given} (looked for {names})")
    elif path_given is not None and not path_given.is_file():
        raise ConfigError(f"config file not found: {path_given} (`launchgate init` writes one)")
    if path is None:
        err.write(DEFAULT_NOTE + "\n")
        config = default_config()
    else:
        config = load_config(path, environ)
    return config


def check_ca_bundle(config: GateConfig, areas: Sequence[str], offline: bool) -> None:
    """A missing ``network.ca_bundle`` is a config error, said once, before any TLS check runs."""
    bundle = config.network.ca_bundle
    if not bundle or offline or not {"tls", "http", "performance"} & set(areas):
        return
    base = Path(config.source.path).parent if config.source.path else Path()
    if not (base / bundle).is_file():
        line, column = config.source.locations.get("network.ca_bundle", (None, None))
        raise ConfigError(
            f"network.ca_bundle: no file {base / bundle} (a path relative to the config's "
            "directory, of a PEM bundle of CA certificates)",
            config.source.path,
            line,
            column,
        )
