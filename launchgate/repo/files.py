"""Reading files that others name: only regular files, never a blocking or endless one.

A config or a pull request can name a FIFO (opening it waits for a writer forever), a
socket, ``/dev/zero`` (endless) or a symlink loop. ``read_regular`` opens without blocking,
checks what it opened, and refuses anything but a regular file, saying what it is.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from launchgate.repo.git import relative_to

DEFAULT_LIMIT = 64 * 1024 * 1024

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


class NotRegularFile(OSError):
    """The path exists but is not a regular file; ``kind`` says what it is."""

    def __init__(self, path: str | os.PathLike[str], kind: str) -> None:
        super().__init__(f"{os.fspath(path)} is {kind}, not a regular file")
        self.filename = os.fspath(path)
        self.kind = kind
        self.strerror = f"it is {kind}, not a regular file"


def kind_of(mode: int) -> str | None:
    """What a non-regular file is ("a named pipe (FIFO)"...), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a regular file"


def read_regular(path: str | os.PathLike[str], limit: int = DEFAULT_LIMIT) -> bytes:
    """The bytes of a regular file (at most ``limit``); raises NotRegularFile or OSError."""
    kind = kind_of(os.stat(path).st_mode)  # stat never blocks, even on a FIFO
    if kind:
        raise NotRegularFile(path, kind)
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        kind = kind_of(os.fstat(fd).st_mode)  # it may have been swapped since the stat
        if kind:
            raise NotRegularFile(path, kind)
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def leaves_tree(base: Path, path: Path) -> bool | None:
    """Whether symlink ``path`` points outside ``base``; None when it cannot be resolved
    (a symlink loop): one entry to skip and name, never a reason to stop a whole scan."""
    if not path.is_symlink():
        return False
    try:
        target = path.resolve()
    except (RuntimeError, OSError):
        return None
    return relative_to(base.resolve(), target) is None


def current_umask() -> int:
    """The process umask: from /proc where it is shown (reading it with ``os.umask`` means
    setting it, for a moment, for every thread)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def new_file_mode() -> int:
    """The mode a plain new file gets (0644 under the usual umask 022)."""
    return 0o666 & ~current_umask()
