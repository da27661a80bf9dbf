"""Which files a scan reads: what git tracks (or every file outside git), artifacts, logs."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from launchgate.checks.secrets.model import Kind, Task
from launchgate.repo.files import leaves_tree
from launchgate.repo.git import relative_to, tracked_files
from launchgate.repo.globs import has_magic, matches_any

# Never walked outside git: version-control internals, dependencies and caches.
PRUNED_DIRS = frozenset(
    {".git", ".hg", ".svn", "node_modules", "__pycache__", ".venv", ".tox", ".mypy_cache",
     ".pytest_cache", ".ruff_cache"}
)  # fmt: skip


@dataclass
class Listing:
    """Files to scan, and what could not be listed (said in the scan summary)."""

    tasks: list[Task] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # configured paths that do not exist
    outside: list[str] = field(default_factory=list)  # symlinks or files leaving the tree
    escaping: list[str] = field(default_factory=list)  # configured entries above the config dir
    in_git: bool = False


def _under(rel: str, roots: Sequence[str]) -> bool:
    for root in roots:
        root = root.strip("/") if root not in (".", "./", "") else ""
        if not root or rel == root or rel.startswith(root + "/"):
            return True
    return False


def repo_listing(
    base: Path,
    paths: Sequence[str],
    exclude: Sequence[str],
    skip: Iterable[str] = (),
    only: Sequence[str] | None = None,
) -> Listing:
    """The repository files to scan: ``only`` when given (pre-commit), else tracked files
    under ``paths``, else (outside git) every file under ``paths``."""
    listing = Listing()
    paths = _inside(base, paths, listing)
    skipped = set(skip)
    tracked = tracked_files(base)
    listing.in_git = tracked is not None
    if only is not None:
        given = (relative_to(base, Path(p)) for p in only)
        candidates = [c for c in given if c is not None and _under(c, paths)]
    elif tracked is not None:
        candidates = [p for p in tracked if _under(p, paths)]
        listing.missing = [p for p in paths if not (base / p).exists()]
    else:
        candidates = list(_walk_paths(base, paths, listing))
    for rel in candidates:
        if rel in skipped or matches_any(rel, exclude):
            continue
        _add(base, rel, Kind.REPO, listing)
    return listing


def _inside(base: Path, entries: Sequence[str], listing: Listing) -> list[str]:
    """Entries below ``base``; the others (``..``, ``/abs``) are noted, not silently empty."""
    kept = []
    for entry in entries:
        head = entry.split("*", 1)[0].split("?", 1)[0].split("[", 1)[0] or "."
        if relative_to(base, base / head) is None:
            listing.escaping.append(entry)
        else:
            kept.append(entry)
    return kept


def _add(base: Path, rel: str, kind: Kind, listing: Listing) -> None:
    path = base / rel
    leaves = leaves_tree(base, path)
    if leaves is None:  # a symlink loop: reading it fails, so it is counted and named
        listing.tasks.append(Task(str(path), rel, kind))
    elif leaves:
        listing.outside.append(rel)
    elif path.is_file() and not path.is_symlink():
        listing.tasks.append(Task(str(path), rel, kind))


def _walk_paths(base: Path, paths: Sequence[str], listing: Listing) -> Iterable[str]:
    for entry in paths:
        root = base / entry
        if not root.exists():
            listing.missing.append(entry)
        elif root.is_file():
            rel = relative_to(base, root)
            if rel:
                yield rel
        else:
            yield from _walk(base, root, PRUNED_DIRS)


def _walk(base: Path, root: Path, pruned: Iterable[str]) -> Iterable[str]:
    prune = set(pruned)
    for dirpath, dirnames, filenames in os.walk(root):
        # A virtualenv (whatever its name: venv/, .env/, env/) is installed code, not yours.
        dirnames[:] = sorted(
            d
            for d in dirnames
            if d not in prune and not os.path.exists(os.path.join(dirpath, d, "pyvenv.cfg"))
        )
        for name in sorted(filenames):
            rel = relative_to(base, Path(dirpath) / name)
            if rel is not None:
                yield rel


def glob_listing(base: Path, entries: Sequence[str], kind: Kind, exclude: Sequence[str]) -> Listing:
    """Artifact or log files: each entry is a file, a directory (all files below) or a glob."""
    listing = Listing()
    seen: set[str] = set()
    for entry in _inside(base, entries, listing):
        found = list(_expand(base, entry))
        if not found:
            listing.missing.append(entry)
        for rel in found:
            if rel not in seen and not matches_any(rel, exclude):
                seen.add(rel)
                _add(base, rel, kind, listing)
    return listing


def _expand(base: Path, entry: str) -> Iterable[str]:
    if has_magic(entry):
        for path in sorted(base.glob(entry)):
            yield from _expand_path(base, path)
    elif (base / entry).exists():
        yield from _expand_path(base, base / entry)


def _expand_path(base: Path, path: Path) -> Iterable[str]:
    if path.is_dir():
        yield from _walk(base, path, {".git"})
    else:
        rel = relative_to(base, path)
        if rel is not None:
            yield rel
