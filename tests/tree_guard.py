"""Tests read nothing beside the repository: a clone with nothing next to it must pass.

An audit hook refuses any file opened in the repository's parent folder but outside the
repository itself (a sibling checkout of reference files), so a test that reaches there
fails in the developer's tree exactly as it would on a clean clone.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
_OUTSIDE = str(ROOT.parent) + os.sep
_INSIDE = str(ROOT) + os.sep


class OutsideRepository(OSError):
    """A test opened a file beside the repository instead of one inside it."""


def is_beside_repository(path: str) -> bool:
    """True for a path in the repository's parent folder that is not inside the repository."""
    full = os.path.abspath(path)
    return full.startswith(_OUTSIDE) and not (full + os.sep).startswith(_INSIDE)


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return
    path = os.fsdecode(args[0])
    if is_beside_repository(path):
        raise OutsideRepository(
            f"test opened {path}, outside the repository: copy it into tests/data"
        )


def install() -> None:
    sys.addaudithook(_hook)
