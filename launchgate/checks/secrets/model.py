"""Plain data shared by the scanner, its workers and the checks (all picklable)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Kind(str, Enum):
    """Why a file is scanned: it decides which extra hunts run on its lines."""

    REPO = "repo"
    ARTIFACT = "artifact"
    LOG = "log"


@dataclass(frozen=True)
class Task:
    """One file to scan. ``rel`` is relative to the config directory, POSIX."""

    path: str
    rel: str
    kind: Kind = Kind.REPO


@dataclass(frozen=True)
class Finding:
    """One occurrence of a potential secret.

    ``value`` is the raw secret: it only travels from a worker to the parent process, which
    registers it with the run's redactor; it never goes into a Result.
    """

    rel: str
    line: int
    type: str
    hashed_secret: str
    value: str = field(repr=False, compare=False)


@dataclass(frozen=True)
class Hit:
    """A literal or pattern hit outside detect-secrets: an env value, a token, a source map."""

    rel: str
    line: int
    kind: str  # "env:NAME", "bearer", "jwt", "email", "sourcemap"
    value: str = field(repr=False, compare=False)
    column: int = 0  # 1-based where known: a minified bundle is one long line


@dataclass(frozen=True)
class Outcome:
    """What scanning one file gave. ``skipped`` says why it was not scanned, if it was not."""

    task: Task
    findings: tuple[Finding, ...] = ()
    hits: tuple[Hit, ...] = ()
    skipped: str | None = None  # "binary", "too large", "unreadable: ...", "missing"
    partial: str | None = None  # e.g. "not valid UTF-8"


@dataclass(frozen=True)
class Needle:
    """A value that must not appear in built output (a ``secret: true`` env var)."""

    name: str
    value: str = field(repr=False)


@dataclass(frozen=True)
class EngineOptions:
    """How detect-secrets is set up in every process that scans.

    ``plugins`` and ``filters`` come from a baseline's ``plugins_used``/``filters_used`` when
    it has them, so that a team's audited settings (limits, excluded lines) keep applying.
    """

    plugins: tuple[tuple[tuple[str, object], ...], ...] | None = None
    filters: tuple[tuple[tuple[str, object], ...], ...] | None = None
    max_file_size: int = 1024 * 1024
    needles: tuple[Needle, ...] = ()
