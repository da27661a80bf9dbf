"""launchgate's read-only git calls and repository-relative paths."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(base: Path, *args: str, timeout: float = 60.0) -> str | None:
    """Output of a git command run in ``base``, or None when it fails (no git, no repo)."""
    try:
        proc = subprocess.run(
            ["git", "-c", "core.quotePath=false", *args],
            cwd=base, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


def tracked_files(base: Path) -> list[str] | None:
    """Paths git tracks under ``base`` (relative to it), or None outside a repository."""
    out = git(base, "ls-files", "-z", "--cached", "--", ".")
    if out is None:
        return None
    return sorted({p for p in out.split("\0") if p})


def relative_to(base: Path, path: Path) -> str | None:
    """``path`` relative to ``base`` in POSIX form, or None when it is outside."""
    try:
        rel = os.path.relpath(os.path.abspath(path), os.path.abspath(base))
    except ValueError:
        return None
    if rel == ".." or rel.startswith("../") or rel.startswith("..\\"):
        return None
    return Path(rel).as_posix()
