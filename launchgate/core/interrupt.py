"""Ctrl-C and SIGTERM end a run within about a second, whatever it is doing.

Checks run in threads (some in thread pools whose workers Python joins at exit) and a
secret scan may run in worker processes: a plain ``KeyboardInterrupt`` would wait for all of
them. Here the first SIGINT or SIGTERM raises ``Interrupted`` in the main thread, which
writes what it has marked as interrupted; the exit itself (``hard_exit``) ends worker
processes and leaves without joining threads. A second signal exits at once.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from types import FrameType
from typing import Any

HANDLED = (signal.SIGINT, signal.SIGTERM)
_received: list[int] = []


class Interrupted(BaseException):
    """SIGINT or SIGTERM arrived: not an error of any check, so not an ``Exception``."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def name(self) -> str:
        return signal.Signals(self.signum).name

    @property
    def exit_code(self) -> int:
        """128 + the signal number, as shells report it: 130 for SIGINT, 143 for SIGTERM."""
        return 128 + self.signum


def _handler(signum: int, frame: FrameType | None) -> None:
    if _received:  # the second signal: no more waiting for anything
        hard_exit(128 + signum)
    _received.append(signum)
    raise Interrupted(signum)


Handlers = dict[int, Any]


def install() -> Handlers:
    """Handle SIGINT and SIGTERM in this process (only possible in the main thread); returns
    the handlers they replace, for ``restore`` (``main`` also runs inside tests)."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    _received.clear()
    previous: Handlers = {signum: signal.getsignal(signum) for signum in HANDLED}
    for signum in HANDLED:
        signal.signal(signum, _handler)
    return previous


def restore(previous: Handlers) -> None:
    for signum, handler in previous.items():
        signal.signal(signum, handler)


def hard_exit(code: int) -> None:
    """Flush what was said, stop worker processes, and leave without joining threads."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    for child in multiprocessing.active_children():
        child.terminate()
    os._exit(code)
