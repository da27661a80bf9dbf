"""A local wheelhouse for the image build: the locked wheels, downloaded once, served on loopback.

The build then needs no TLS connection of its own (machines that reach PyPI through an
intercepting proxy trust its CA on the host only), and a second build downloads nothing.
pip inside the build still checks every hash of docker/requirements.txt.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.ship.tools import CACHE, REPO, explain, run

LOCK = REPO / "docker" / "requirements.txt"


def wheel_dir() -> Path:
    digest = hashlib.sha256(LOCK.read_bytes()).hexdigest()[:16]
    return CACHE / "wheels" / digest


def download_wheels() -> Path:
    """Download every locked wheel (once per lock file content) and return the directory."""
    target = wheel_dir()
    done = target / ".complete"
    if done.exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_") or k == "PIP_CERT"}
    env["PIP_CONFIG_FILE"] = os.devnull
    proc = run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--require-hashes", "--python-version", "3.11", "--implementation", "cp",
         "--index-url", "https://pypi.org/simple", "-r", LOCK, "-d", target],
        timeout=300,
        env=env,
    )  # fmt: skip
    if proc.returncode != 0:
        raise RuntimeError(f"could not download the locked wheels\n{explain(proc)}")
    done.touch()
    return target


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve a directory on 127.0.0.1 (a --find-links page for pip); yield its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
