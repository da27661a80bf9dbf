"""The state file: the last known state of every check, kept between runs (and CI jobs).

Written atomically (a temp file renamed over the old one), so a run killed mid-write never
leaves half a file. A file that is missing, unreadable, corrupt or of another version is not
fatal: the monitor says so once and starts from "everything up", as on its first run.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from launchgate.monitor.transitions import DOWN, UP, CheckState

STATE_VERSION = 1
_FIELDS = {f.name for f in dataclasses.fields(CheckState)}


@dataclass(frozen=True)
class Loaded:
    states: Mapping[str, CheckState]
    problem: str | None = None  # why the file was not used, said once in the log


def load_state(path: Path) -> Loaded:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Loaded({})
    except (OSError, UnicodeDecodeError) as exc:
        return Loaded({}, f"cannot read the state file {path} ({_reason(exc)}); starting afresh")
    try:
        return Loaded(parse_state(json.loads(text)))
    except (ValueError, TypeError, KeyError) as exc:
        return Loaded({}, f"the state file {path} is not usable ({exc}); starting afresh")


def parse_state(doc: Any) -> dict[str, CheckState]:
    if not isinstance(doc, dict):
        raise ValueError("not a JSON object")
    if doc.get("version") != STATE_VERSION:
        raise ValueError(f"version {doc.get('version')!r}, expected {STATE_VERSION}")
    checks = doc.get("checks")
    if not isinstance(checks, dict):
        raise ValueError("no 'checks' object")
    return {str(cid): _check_state(entry) for cid, entry in checks.items()}


def _check_state(entry: Any) -> CheckState:
    if not isinstance(entry, dict):
        raise ValueError("a check entry is not an object")
    known = {k: v for k, v in entry.items() if k in _FIELDS}
    state = CheckState(**known)
    if state.state not in (UP, DOWN) or not isinstance(state.streak, int) or state.streak < 0:
        raise ValueError("a check entry has an invalid state")
    return state


def dump_state(states: Mapping[str, CheckState], updated_at: str) -> str:
    checks = {cid: dataclasses.asdict(s) for cid, s in sorted(states.items())}
    doc = {"version": STATE_VERSION, "updated_at": updated_at, "checks": checks}
    return json.dumps(doc, indent=1, sort_keys=True) + "\n"


def save_state(path: Path, states: Mapping[str, CheckState], updated_at: str) -> None:
    """Atomically replace ``path``; raises OSError (the caller logs it and carries on)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(dump_state(states, updated_at))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or type(exc).__name__
