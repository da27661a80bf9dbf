"""detect-secrets' ``.secrets.baseline``: read it, match findings against it, write it.

A finding is "in the baseline" when its file, hashed secret and type match an entry, so
audited findings stay accepted when lines move. File names in a baseline are relative to
the directory detect-secrets ran in, taken to be the baseline's own directory.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from detect_secrets.__version__ import VERSION as DS_VERSION
from detect_secrets.core.baseline import upgrade
from detect_secrets.settings import Settings

from launchgate.checks.secrets.model import Finding

Key = tuple[str, str, str]  # (file relative to the baseline's directory, hashed secret, type)


class BaselineError(Exception):
    """The baseline cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class Entry:
    filename: str
    hashed_secret: str
    type: str
    line_number: int | None = None
    is_secret: bool | None = None  # None: not audited; False: audited false positive
    is_verified: bool = False

    @property
    def key(self) -> Key:
        return (self.filename, self.hashed_secret, self.type)


@dataclass
class Baseline:
    """A parsed baseline; ``plugins_used``/``filters_used`` as the file has them."""

    entries: dict[Key, Entry] = field(default_factory=dict)
    plugins_used: list[dict[str, Any]] | None = None
    filters_used: list[dict[str, Any]] | None = None
    version: str = ""
    notes: list[str] = field(default_factory=list)

    def find(self, key: Key) -> Entry | None:
        return self.entries.get(key)


def load_baseline(path: Path) -> Baseline:
    """Read ``path``; raises BaselineError for a missing, unreadable or invalid file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path.name} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path.name} cannot be read ({exc})") from None
    except json.JSONDecodeError as exc:
        raise BaselineError(
            f"{path.name} is not valid JSON (line {exc.lineno}: {exc.msg})"
        ) from None
    if not isinstance(raw, dict) or not isinstance(raw.get("results"), dict):
        raise BaselineError(f"{path.name} is not a detect-secrets baseline (no 'results' map)")
    return parse_baseline(raw)


def parse_baseline(raw: dict[str, Any]) -> Baseline:
    baseline = Baseline(version=str(raw.get("version", "")))
    raw = _upgraded(raw, baseline)
    for filename, items in raw["results"].items():
        for item in items if isinstance(items, list) else []:
            entry = _entry(str(filename), item)
            if entry is None:
                baseline.notes.append(f"an entry for {filename} lacks hashed_secret or type")
            else:
                baseline.entries[entry.key] = entry
    if isinstance(raw.get("plugins_used"), list):
        baseline.plugins_used = [p for p in raw["plugins_used"] if isinstance(p, dict)]
    if isinstance(raw.get("filters_used"), list):
        baseline.filters_used = [f for f in raw["filters_used"] if isinstance(f, dict)]
    return baseline


def _upgraded(raw: dict[str, Any], baseline: Baseline) -> dict[str, Any]:
    """Older formats go through detect-secrets' own upgrades; newer ones are read as is."""
    version = baseline.version
    major = version.split(".", 1)[0]
    if not major.isdigit():
        baseline.notes.append(f"unknown baseline version {version!r}: read as the current format")
        return raw
    if int(major) > int(DS_VERSION.split(".", 1)[0]):
        baseline.notes.append(
            f"written by detect-secrets {version}, newer than {DS_VERSION}: read on a best-effort basis"
        )
        return raw
    try:
        return upgrade(dict(raw))
    except Exception as exc:  # upgrade modules assume well-formed old files
        baseline.notes.append(f"could not upgrade a {version} baseline ({exc}): read as is")
        return raw


def _entry(filename: str, item: Any) -> Entry | None:
    if not isinstance(item, dict) or not item.get("hashed_secret") or not item.get("type"):
        return None
    line = item.get("line_number")
    is_secret = item.get("is_secret")
    return Entry(
        filename=Path(filename).as_posix(),
        hashed_secret=str(item["hashed_secret"]),
        type=str(item["type"]),
        line_number=line if isinstance(line, int) else None,
        is_secret=is_secret if isinstance(is_secret, bool) else None,
        is_verified=bool(item.get("is_verified", False)),
    )


def baseline_key(finding: Finding, base_dir: Path, baseline_dir: Path) -> Key:
    """A finding's key in a baseline stored in ``baseline_dir``."""
    rel = os.path.relpath(base_dir / finding.rel, baseline_dir)
    return (Path(rel).as_posix(), finding.hashed_secret, finding.type)


def default_filters_used() -> list[dict[str, Any]]:
    """``filters_used`` as ``detect-secrets scan --no-verify`` writes it."""
    settings = Settings()
    paths = set(settings.filters) - set(Settings.DEFAULT_FILTERS)
    return [{"path": p} for p in sorted(paths, key=str.lower)]


def render_baseline(
    findings: Iterable[Finding],
    base_dir: Path,
    baseline_dir: Path,
    plugins_used: list[dict[str, Any]],
    previous: Baseline | None = None,
) -> str:
    """The baseline text for ``findings``, keeping audit verdicts from ``previous``."""
    results: dict[str, list[dict[str, Any]]] = {}
    seen: set[Key] = set()
    for finding in sorted(findings, key=lambda f: (f.rel, f.line, f.type)):
        key = baseline_key(finding, base_dir, baseline_dir)
        if key in seen:
            continue
        seen.add(key)
        old = previous.find(key) if previous else None
        results.setdefault(key[0], []).append(_render_entry(key, finding.line, old))
    filters = previous.filters_used if previous and previous.filters_used is not None else None
    output = {
        "version": DS_VERSION,
        "plugins_used": plugins_used,
        "filters_used": filters if filters is not None else default_filters_used(),
        "results": dict(sorted(results.items())),
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    return json.dumps(output, indent=2) + "\n"


def _render_entry(key: Key, line: int, old: Entry | None) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "type": key[2],
        "filename": key[0],
        "hashed_secret": key[1],
        "is_verified": bool(old and old.is_verified),
        "line_number": line,
    }
    if old is not None and old.is_secret is not None:
        entry["is_secret"] = old.is_secret
    return entry
