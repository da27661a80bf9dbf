"""Pull-request mode: the lines a change adds since the merge-base of a base ref."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from launchgate.repo.git import git

_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")


@dataclass(frozen=True)
class BaseRef:
    """Where the base came from: ``--diff-base`` or a CI variable."""

    ref: str
    origin: str  # "--diff-base", "GITHUB_BASE_REF", ...


@dataclass
class Change:
    """Lines added per file (relative to the config directory) since ``merge_base``."""

    base: BaseRef
    merge_base: str
    added: dict[str, set[int]] = field(default_factory=dict)


class DiffError(Exception):
    """The base cannot be used (unknown ref, no common history); the message says why."""


def base_from_ci(environ: Mapping[str, str]) -> list[BaseRef]:
    """Candidate base refs of a GitHub pull request or GitLab merge request pipeline."""
    refs: list[BaseRef] = []
    github_base = environ.get("GITHUB_BASE_REF", "").strip()
    if github_base and environ.get("GITHUB_EVENT_NAME", "pull_request").startswith("pull_request"):
        refs += [BaseRef(f"origin/{github_base}", "GITHUB_BASE_REF")]
        refs += [BaseRef(github_base, "GITHUB_BASE_REF")]
    sha = environ.get("CI_MERGE_REQUEST_DIFF_BASE_SHA", "").strip()
    if sha:
        refs.append(BaseRef(sha, "CI_MERGE_REQUEST_DIFF_BASE_SHA"))
    target = environ.get("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", "").strip()
    if target:
        refs += [BaseRef(f"origin/{target}", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")]
        refs += [BaseRef(target, "CI_MERGE_REQUEST_TARGET_BRANCH_NAME")]
    return refs


def ref_exists(base_dir: Path, ref: str) -> bool:
    return git(base_dir, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is not None


def pick_base(base_dir: Path, explicit: str | None, environ: Mapping[str, str]) -> BaseRef | None:
    """The explicit ``--diff-base``, else the first CI base available locally, else None."""
    if explicit:
        return BaseRef(explicit, "--diff-base")
    for candidate in base_from_ci(environ):
        if ref_exists(base_dir, candidate.ref):
            return candidate
    return None


def added_lines(base_dir: Path, base: BaseRef) -> Change:
    """Added lines of the working tree against the merge-base of ``base`` and HEAD."""
    if not ref_exists(base_dir, base.ref):
        raise DiffError(f"{base.ref} is not a commit in this repository (from {base.origin})")
    merge_base = git(base_dir, "merge-base", base.ref, "HEAD")
    if merge_base is None:
        raise DiffError(f"{base.ref} and HEAD have no common history (from {base.origin})")
    merge_base = merge_base.strip()
    out = git(base_dir, "diff", "--no-color", "--no-ext-diff", "--unified=0", "--relative",
              "--diff-filter=d", merge_base, "--")  # fmt: skip
    if out is None:
        raise DiffError(f"git diff against {base.ref} failed")
    return Change(base, merge_base, parse_added(out))


def parse_added(diff: str) -> dict[str, set[int]]:
    """``{path: {added line numbers}}`` from a ``git diff --unified=0`` text."""
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in diff.splitlines():
        if line.startswith("+++ "):
            current = _target(line[4:], added)
        elif line.startswith("@@") and current is not None:
            match = _HUNK.match(line)
            if match:
                start, count = int(match.group(1)), int(match.group(2) or 1)
                current.update(range(start, start + count))
    return {path: lines for path, lines in added.items() if lines}


def _target(name: str, added: dict[str, set[int]]) -> set[int] | None:
    name = name.rstrip("\t")
    if name == "/dev/null":
        return None
    if name.startswith('"') and name.endswith('"'):
        name = name[1:-1].encode("latin-1", "backslashreplace").decode("unicode_escape")
    if name.startswith("b/"):
        name = name[2:]
    return added.setdefault(name, set())
