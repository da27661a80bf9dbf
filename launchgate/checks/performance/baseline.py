"""The baseline file: figures of an earlier run, kept in git, one entry per endpoint URL.

Written with sorted keys, two-space indent and a final newline so that a re-measured baseline
shows in ``git diff`` as a few changed numbers.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchgate.repo.files import new_file_mode

FORMAT_VERSION = 1

# Figures kept per endpoint (besides how they were measured).
KEPT = ("p50_ms", "p90_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms", "samples", "errors")


class BaselineError(Exception):
    """The baseline file exists but cannot be used."""


@dataclass(frozen=True)
class Baseline:
    """Figures per URL; each entry has at least ``p95_ms`` and how it was measured."""

    endpoints: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def p95_ms(self, url: str) -> float | None:
        entry = self.endpoints.get(url)
        value = entry.get("p95_ms") if entry else None
        return float(value) if isinstance(value, (int, float)) else None

    def to_json(self) -> str:
        document = {"version": FORMAT_VERSION, "endpoints": self.endpoints}
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def parse(text: str) -> Baseline:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BaselineError(f"not valid JSON (line {exc.lineno}: {exc.msg})") from None
    if not isinstance(document, dict) or not isinstance(document.get("endpoints"), dict):
        raise BaselineError('not a launchgate baseline (no "endpoints" object)')
    if document.get("version") != FORMAT_VERSION:
        raise BaselineError(f"format version {document.get('version')!r} is not supported")
    endpoints = {
        url: entry for url, entry in document["endpoints"].items() if isinstance(entry, dict)
    }
    return Baseline(endpoints)


def load(path: Path) -> Baseline | None:
    """The baseline at ``path``; None when there is none yet. Raises BaselineError."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"cannot be read: {exc}") from None
    return parse(text)


def entry(figures: Mapping[str, Any], how: Mapping[str, Any]) -> dict[str, Any]:
    """What one endpoint keeps: the figures in ``KEPT`` plus how they were measured."""
    kept = {key: figures[key] for key in KEPT if key in figures}
    return {**kept, **how}


def merged(
    old: Baseline | None, updates: Mapping[str, Mapping[str, Any]], keep: Iterable[str]
) -> Baseline:
    """``old`` with ``updates`` applied; URLs not in ``keep`` (no longer configured) dropped."""
    wanted = set(keep)
    endpoints = {url: e for url, e in (old.endpoints if old else {}).items() if url in wanted}
    endpoints.update(updates)
    return Baseline(endpoints)


def save(path: Path, baseline: Baseline) -> None:
    """Write atomically, so an interrupted run never leaves half a baseline behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".baseline-", dir=path.parent)
    try:
        os.fchmod(fd, new_file_mode())  # mkstemp makes 0600: others read it too
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(baseline.to_json())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
