"""Small pieces every reporter shares."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from launchgate.core.model import Result, Status

STATUS_LABEL = {
    Status.FAIL: "FAIL",
    Status.ERROR: "ERROR",
    Status.WARN: "WARN",
    Status.SKIP: "SKIP",
    Status.PASS: "PASS",
}


def why_of(result: Result) -> str:
    """Why the rule matters, from the registry (reports explain, not just state)."""
    from launchgate.checks.registry import find_rule

    rule = find_rule(result.rule_id)
    return rule.why if rule else ""


def location_of(result: Result, config_file: str | None = None) -> str:
    """``path:line`` as the user's repository names it (see ``repo_path``)."""
    if not result.file:
        return ""
    path = repo_path(result.file, config_file)
    return f"{path}:{result.line}" if result.line else path


def repo_path(file: str, config_file: str | None = None) -> str:
    """A POSIX path relative to the root of the git repository holding the file.

    Results name files relative to the config's directory (or absolutely, for launchgate.yml
    itself); code scanning and annotations want them relative to the repository root, which
    differs when the config lives in a sub-directory (``-c deploy/launchgate.yml``). Outside
    git the working directory is the root. A path outside the root stays absolute.
    """
    path = Path(file)
    if not path.is_absolute():
        # Results about launchgate.yml itself carry the config path as given on the command
        # line (relative to the working directory); all others are relative to its directory.
        base = Path(config_file).parent if config_file and file != config_file else Path()
        path = Path(os.path.abspath(base / path))
    root = _git_root(str(path.parent)) or Path.cwd()
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


@lru_cache(maxsize=64)
def _git_root(directory: str) -> Path | None:
    for candidate in (Path(directory), *Path(directory).parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def scalar_data(result: Result) -> dict[str, str]:
    """Flat scalar facts of a result (figures), as strings, for properties and tables."""
    out = {}
    for key, value in result.data.items():
        if isinstance(value, (str, int, float, bool)) and key not in ("markdown", "console"):
            out[key] = str(value)
    return out
