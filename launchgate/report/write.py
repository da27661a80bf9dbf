"""The one place reports touch the disk: atomically, so CI never uploads half a file."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from launchgate.repo.files import new_file_mode


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to a temp file beside ``path``, then rename it over ``path``."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:  # name the report, not the temp file
        raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from None
    try:
        # mkstemp makes 0600; a report is for other users too (the container user vs the CI
        # user, `report --from`): the mode a plain new file gets, from the umask.
        os.fchmod(fd, new_file_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
