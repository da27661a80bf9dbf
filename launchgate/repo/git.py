"""launchgate's read-only git calls and repository-relative paths."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# Checkouts git refused as owned by another user ("dubious ownership", the everyday case in
# CI containers), which launchgate read anyway: gate.py says so once per run.
_TRUSTED: dict[str, str] = {}


def git(base: Path, *args: str, timeout: float = 60.0) -> str | None:
    """Output of a git command run in ``base``, or None when it fails (no git, no repo).

    A checkout owned by another uid is read with ``-c safe.directory=<its root>``: these
    calls only read, and a gate that stopped seeing what git tracks would judge every file
    on disk instead (and lose the check for committed env files).
    """
    root = _trusted_root(base)
    proc = _run(base, args, timeout, root)
    if proc is None:
        return None
    if proc.returncode != 0 and root is None and "dubious ownership" in proc.stderr:
        found = _checkout_root(base)
        if found is not None:
            _TRUSTED[str(found)] = _owner(found)
            proc = _run(base, args, timeout, str(found))
    return proc.stdout if proc is not None and proc.returncode == 0 else None


def _run(
    base: Path, args: tuple[str, ...], timeout: float, safe: str | None
) -> subprocess.CompletedProcess[str] | None:
    trust = ["-c", f"safe.directory={safe}"] if safe else []
    try:
        return subprocess.run(
            ["git", *trust, "-c", "core.quotePath=false", *args],
            cwd=base, capture_output=True, text=True, timeout=timeout, check=False,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError):
        return None


def _trusted_root(base: Path) -> str | None:
    full = os.path.abspath(base)
    for root in _TRUSTED:
        if full == root or full.startswith(root + os.sep):
            return root
    return None


def _checkout_root(base: Path) -> Path | None:
    """The nearest folder at or above ``base`` holding ``.git`` (as git would find it)."""
    start = Path(os.path.realpath(base))
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _owner(root: Path) -> str:
    try:
        return str(os.stat(root / ".git").st_uid)
    except OSError:
        return "?"


def foreign_checkouts() -> dict[str, str]:
    """``{root: owner uid}`` of the checkouts read despite git's ownership check."""
    return dict(_TRUSTED)


def ownership_note(root: str, owner: str) -> str:
    return (
        f"git refuses {root}: it is owned by uid {owner}, not by this user (uid {os.geteuid()}), "
        "git's 'dubious ownership' check. launchgate read it anyway for its own read-only git "
        f"commands (`git -c safe.directory={root}`) and judged what git tracks. Other git steps "
        f"in this job need `git config --global --add safe.directory {root}`."
    )


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
