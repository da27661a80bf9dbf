"""The hostile suite's tools: run the real CLI as a subprocess, search everything it leaves
for a secret, interrupt it, and loopback servers that misbehave on purpose."""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import string
import subprocess
import sys
import threading
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[2]
# The checkout whose CLI runs (default: this one). Pointing it at an older tree shows that
# each test fails there: HOSTILE_CODE_ROOT=/path/to/old/checkout pytest tests/hostile
CODE = Path(os.environ.get("HOSTILE_CODE_ROOT", ROOT))
WINDOW = 12  # any stretch this long of a secret's random part counts as a leak
ALNUM = string.ascii_letters + string.digits


def rand(n: int, alphabet: str = ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(n))


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """This process's environment without CI variables, running this checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GITHUB_", "RUNNER_", "LAUNCHGATE_")) and k != "CI"
    }
    env.update(PYTHONPATH=str(CODE), NO_COLOR="1", PYTHONDONTWRITEBYTECODE="1")
    env.update(extra or {})
    return env


def command(args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "launchgate", *args]


@dataclass
class Run:
    code: int | None
    out: str
    err: str
    seconds: float
    files: dict[str, bytes] = field(default_factory=dict)  # created or changed by the run

    def channels(self) -> Iterable[tuple[str, str]]:
        yield "stdout", self.out
        yield "stderr", self.err
        for name, data in self.files.items():
            yield name, data.decode("utf-8", errors="replace")

    @property
    def all_text(self) -> str:
        return "\n".join(text for _, text in self.channels())


def _snapshot(roots: Iterable[Path]) -> dict[str, tuple[int, int]]:
    out = {}
    for root in roots:
        if not root.exists():
            continue
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if d != ".git"]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    st = os.lstat(path)
                except OSError:
                    continue
                if not os.path.islink(path) and os.path.isfile(path):
                    out[path] = (st.st_mtime_ns, st.st_size)
    return out


def launchgate(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str] | None = None,
    timeout: float = 60.0,
    watch: Sequence[Path] = (),
) -> Run:
    """Run ``launchgate ARGS`` in ``cwd``; ``files`` are those the run created or changed
    under ``cwd`` and ``watch``."""
    roots = [cwd, *watch]
    before = _snapshot(roots)
    t0 = time.monotonic()
    proc = subprocess.run(
        command(args), cwd=cwd, env=clean_env(env), capture_output=True, timeout=timeout,
        stdin=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    seconds = time.monotonic() - t0
    changed = {
        path: Path(path).read_bytes()
        for path, sig in _snapshot(roots).items()
        if before.get(path) != sig
    }
    return Run(
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
        seconds,
        changed,
    )


def forms(secret: str, random_part: str | None = None) -> set[str]:
    """The value, and every WINDOW-long stretch of its random part, plain and
    percent-encoded; matched case-insensitively (so lower-cased forms count too)."""
    part = random_part or secret
    pieces = {secret}
    if len(part) > WINDOW:
        pieces |= {part[i : i + WINDOW] for i in range(len(part) - WINDOW + 1)}
    else:
        pieces.add(part)
    out = set()
    for piece in pieces:
        out |= {piece.lower(), quote(piece, safe="").lower(), quote(piece).lower()}
    return out


def leaks(run: Run, secret: str, random_part: str | None = None) -> list[str]:
    """Where any form of ``secret`` appears: a list of ``channel: form``."""
    variants = forms(secret, random_part)
    found = []
    for channel, text in run.channels():
        lowered = text.lower()
        hit = next((v for v in variants if v in lowered), None)
        if hit:
            found.append(f"{channel}: {hit!r}")
    return found


# Characters no output may carry raw: C0 (but LF, and TAB), DEL, C1, bidi and invisible marks.
UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def start(
    args: Sequence[str], cwd: Path, env: Mapping[str, str] | None = None
) -> subprocess.Popen[bytes]:
    """Start the CLI in its own process group (as a terminal or a CI runner would)."""
    return subprocess.Popen(
        command(args), cwd=cwd, env=clean_env(env), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip


@dataclass
class Stopped:
    code: int | None  # None: still running at the bound (then killed)
    after_signal: float | None  # seconds from the signal to the exit
    out: str
    err: str


def interrupt(
    proc: subprocess.Popen[bytes],
    signum: int,
    ready: threading.Event,
    ready_within: float = 30.0,
    bound: float = 2.0,
    twice: bool = False,
) -> Stopped:
    """Once ``ready`` is set (the run reached the phase under test), send ``signum`` to the
    process group and give it ``bound`` seconds to exit; kill it otherwise."""
    ready.wait(ready_within)
    sent = None
    if proc.poll() is None:
        sent = time.monotonic()
        os.killpg(proc.pid, signum)
        if twice:
            time.sleep(0.2)
            if proc.poll() is None:
                os.killpg(proc.pid, signum)
    try:
        out, err = proc.communicate(timeout=bound + (0.2 if twice else 0))
        code = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
        code = None
    after = time.monotonic() - sent if sent is not None else None
    return Stopped(code, after, out.decode("utf-8", "replace"), err.decode("utf-8", "replace"))


class BlackHole:
    """Accepts TCP connections on loopback and never sends a byte; ``seen`` is set on the first."""

    def __init__(self) -> None:
        self.seen = threading.Event()
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self._held: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            self._held.append(conn)
            self.seen.set()

    def close(self) -> None:
        for conn in self._held:
            conn.close()
        self._sock.close()


class SilentDns:
    """A UDP port on loopback that receives DNS questions and answers none."""

    def __init__(self) -> None:
        self.seen = threading.Event()
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._sock.bind(("127.0.0.1", 0))
        threading.Thread(target=self._read, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self._sock.getsockname()[1])

    def _read(self) -> None:
        while True:
            try:
                self._sock.recvfrom(4096)
            except OSError:
                return
            self.seen.set()

    def close(self) -> None:
        self._sock.close()


class SlowHttp:
    """Plain HTTP on loopback answering 200 after ``delay`` seconds, with keep-alive."""

    def __init__(self, delay: float = 0.2) -> None:
        seen = self.seen = threading.Event()

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                seen.set()
                time.sleep(delay)
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request: object, client_address: object) -> None:
                pass  # a client that went away mid-answer (the run was interrupted)

        self._server = Server(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def closed_port() -> int:
    """A loopback port nothing listens on (connections are refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t.invalid", *args],
        cwd=repo, check=True, capture_output=True,
    )  # fmt: skip


def make_repo(root: Path, files: Mapping[str, str | bytes]) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content)
    git(root, "add", "-A")
    git(root, "commit", "-qm", "init")
    return root


def aws_key() -> str:
    return "AKIA" + rand(16, string.ascii_uppercase + "234567")


# Runs several CLI invocations in one interpreter (``launchgate.cli.main``, as the console
# script does), so a family of config errors pays for Python's start and imports once.
_DRIVER = r"""
import contextlib, io, json, os, signal, sys, time, traceback
from launchgate.cli import main

def alarm(signum, frame):
    raise TimeoutError("still running at the bound")

signal.signal(signal.SIGALRM, alarm)
results = []
for job in json.load(sys.stdin):
    os.chdir(job["cwd"])
    if job.get("umask") is not None:
        os.umask(job["umask"])
    out, err = io.StringIO(), io.StringIO()
    t0 = time.monotonic()
    signal.alarm(job["timeout"])
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(job["args"])
    except BaseException:
        code = None
        err.write(traceback.format_exc())
    finally:
        signal.alarm(0)
    results.append({"code": code, "out": out.getvalue(), "err": err.getvalue(),
                    "seconds": time.monotonic() - t0})
print(json.dumps(results))
"""


def launchgate_many(
    jobs: Sequence[tuple[Sequence[str], Path]], timeout: int = 30, umasks: Sequence[int] = ()
) -> list[Run]:
    """``launchgate ARGS`` in each ``cwd``, one after another in one subprocess (each under
    its umask when ``umasks`` are given)."""
    import json

    masks = list(umasks) or [None] * len(jobs)
    payload = json.dumps(
        [
            {"args": list(a), "cwd": str(c), "timeout": timeout, "umask": m}
            for (a, c), m in zip(jobs, masks, strict=True)
        ]
    )
    proc = subprocess.run(
        # cwd: not this checkout, or ``-c`` would import it whatever PYTHONPATH says
        [sys.executable, "-c", _DRIVER], input=payload.encode(), env=clean_env(), cwd=jobs[0][1],
        capture_output=True, timeout=timeout * len(jobs) + 60, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()[-2000:]
    return [Run(r["code"], r["out"], r["err"], r["seconds"]) for r in json.loads(proc.stdout)]
