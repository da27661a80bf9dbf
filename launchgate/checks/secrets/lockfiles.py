"""Lock files are data, not code.

They are full of integrity hashes that look like keys to entropy and keyword detectors, so
only the specific-format detectors (AWS keys, GitHub tokens, credentials in a registry URL…)
run on them. detect-secrets' own list misses pnpm, uv and bun lock files.
"""

from __future__ import annotations

from pathlib import PurePosixPath

LOCK_FILE_NAMES = frozenset(
    {
        "Brewfile.lock.json",
        "Cargo.lock",
        "Cartfile.resolved",
        "Gemfile.lock",
        "Package.resolved",
        "Pipfile.lock",
        "Podfile.lock",
        "bun.lock",
        "bun.lockb",
        "composer.lock",
        "deno.lock",
        "flake.lock",
        "go.sum",
        "gradle.lockfile",
        "mix.lock",
        "npm-shrinkwrap.json",
        "package-lock.json",
        "packages.lock.json",
        "pdm.lock",
        "pnpm-lock.yaml",
        "poetry.lock",
        "pubspec.lock",
        "uv.lock",
        "yarn.lock",
    }
)


def is_lock_file(path: str) -> bool:
    return PurePosixPath(path).name in LOCK_FILE_NAMES
