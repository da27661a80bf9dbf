"""Facts about environment variables: dotenv files as parsed by python-dotenv, where each
configured variable's value comes from, and which env files git tracks or ignores."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from dotenv.parser import parse_stream

from launchgate.config.model import EnvConfig
from launchgate.core.rules import RunContext
from launchgate.repo.files import NotRegularFile, read_regular
from launchgate.repo.git import git, tracked_files

TEMPLATE_SUFFIXES = (".example", ".sample", ".template", ".dist")
# dotenv-vault's encrypted file is made to be committed (its keys live in .env.keys).
SAFE_NAMES = frozenset({".env.vault"})
ENVIRONMENT = "the environment"
MAX_DOTENV = 4 * 1024 * 1024


@dataclass(frozen=True)
class DotenvFile:
    """One dotenv file: values (None for a bare ``KEY``), the line of each key, parse errors."""

    rel: str
    values: Mapping[str, str | None] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    bad_lines: tuple[int, ...] = ()
    error: str | None = None  # "does not exist", "cannot be read (...)"

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class Resolved:
    """Where a variable's value was found; ``source`` is ENVIRONMENT or a file's path."""

    name: str
    value: str | None
    source: str | None
    line: int | None
    looked_in: tuple[str, ...]
    empty_in: tuple[str, ...] = ()  # where it is present but empty


def read_dotenv(base_dir: Path, rel: str) -> DotenvFile:
    path = base_dir / rel
    try:
        text = read_regular(path, MAX_DOTENV).decode("utf-8-sig", errors="replace")
    except FileNotFoundError:
        return DotenvFile(rel, error="does not exist")
    except NotRegularFile as exc:  # a FIFO would block, /dev/zero never ends
        return DotenvFile(rel, error=f"is {exc.kind}, not a regular file, so it was not read")
    except OSError as exc:
        return DotenvFile(rel, error=f"cannot be read ({exc.strerror or exc})")
    return parse_dotenv(rel, text)


def parse_dotenv(rel: str, text: str) -> DotenvFile:
    values: dict[str, str | None] = {}
    lines: dict[str, int] = {}
    bad: list[int] = []
    for binding in parse_stream(io.StringIO(text)):
        if binding.error:
            bad.append(binding.original.line)
        elif binding.key:
            values[binding.key] = binding.value
            lines[binding.key] = binding.original.line
    return DotenvFile(rel, values, lines, tuple(bad))


def resolve(name: str, environ: Mapping[str, str], files: Sequence[DotenvFile]) -> Resolved:
    """The process environment first, then the files in order; empty counts as unset."""
    looked = (ENVIRONMENT, *(_looked(f) for f in files))
    if environ.get(name):
        return Resolved(name, environ[name], ENVIRONMENT, None, looked)
    empty = [ENVIRONMENT] if name in environ else []
    for env_file in files:
        value = env_file.values.get(name)
        if value:
            return Resolved(name, value, env_file.rel, env_file.lines.get(name), looked)
        if name in env_file.values:
            empty.append(env_file.rel)
    return Resolved(name, None, None, None, looked, tuple(empty))


def _looked(env_file: DotenvFile) -> str:
    """A file in "looked in ...", with why it may not have helped."""
    if not env_file.ok:
        return f"{env_file.rel} (which {env_file.error})"
    if env_file.bad_lines:
        lines = ", ".join(str(n) for n in env_file.bad_lines[:5])
        return f"{env_file.rel} (where dotenv cannot parse line {lines})"
    return env_file.rel


@dataclass(frozen=True)
class EnvFacts:
    """Everything the env checks judge, gathered once per run (shared with secrets)."""

    files: tuple[DotenvFile, ...]
    distinct: tuple[DotenvFile, ...]
    example: DotenvFile | None
    resolved: Mapping[str, Resolved]

    def secret_values(self, config: EnvConfig) -> dict[str, str]:
        """``{name: value}`` of every ``secret: true`` variable that is set."""
        out = {}
        for name, var in config.vars.items():
            value = self.resolved[name].value
            if var.secret and value:
                out[name] = value
        return out


def gather(config: EnvConfig, environ: Mapping[str, str], base_dir: Path) -> EnvFacts:
    files = tuple(read_dotenv(base_dir, rel) for rel in config.files)
    distinct = tuple(read_dotenv(base_dir, rel) for rel in config.distinct_from)
    example = read_dotenv(base_dir, config.example) if config.example else None
    resolved = {name: resolve(name, environ, files) for name in config.vars}
    return EnvFacts(files, distinct, example, resolved)


def is_env_file(rel: str) -> bool:
    """``.env`` or ``.env.*``, except templates (``.env.example``…)."""
    name = PurePosixPath(rel).name
    if name in SAFE_NAMES or (name != ".env" and not name.startswith(".env.")):
        return False
    return not name.lower().endswith(TEMPLATE_SUFFIXES)


@dataclass(frozen=True)
class GitEnvFiles:
    """Env files git tracks, and those present but neither tracked nor ignored."""

    in_git: bool
    tracked: tuple[str, ...] = ()
    unignored: tuple[str, ...] = ()


def git_env_files(base_dir: Path, extra: Sequence[str] = ()) -> GitEnvFiles:
    tracked = tracked_files(base_dir)
    if tracked is None:
        return GitEnvFiles(False)
    committed = tuple(p for p in tracked if is_env_file(p))
    out = git(base_dir, "ls-files", "-z", "--others", "--exclude-standard", "--", ".")
    untracked = [p for p in (out or "").split("\0") if p]
    extras = set(extra)
    unignored = tuple(sorted(p for p in untracked if is_env_file(p) or p in extras))
    return GitEnvFiles(True, committed, unignored)


def shared_facts(ctx: RunContext) -> EnvFacts | None:
    """The run's EnvFacts (gathered once, shared by env and secrets), every secret value
    registered with the redactor before anything can report it."""
    config = ctx.config.env
    if config is None:
        return None

    def build() -> EnvFacts:
        facts = gather(config, ctx.environ, ctx.base_dir)
        for value in facts.secret_values(config).values():
            ctx.redactor.add(value)
        return facts

    return ctx.shared("env.facts", build)
