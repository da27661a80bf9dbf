"""Scanning one file, in a worker process or (under the engine lock) in the caller's.

Each file is read once; detect-secrets, the hunt for secret env values and source maps
(artifacts) and the token/e-mail patterns (logs) all run on that one copy.
"""

from __future__ import annotations

import bisect
import multiprocessing
import os
import re
import signal
import threading
from collections.abc import Iterable

from launchgate.checks.env.facts import is_env_file
from launchgate.checks.secrets import detectors as engine
from launchgate.checks.secrets.filters import is_placeholder
from launchgate.checks.secrets.model import EngineOptions, Finding, Hit, Kind, Needle, Outcome, Task

# Built output and logs may exceed the detect-secrets size cap; literal hunts still read
# them, up to this much.
HARD_CAP = 64 * 1024 * 1024
BINARY_PROBE = 8192
MIN_NEEDLE = 8

# A small file with NUL bytes (a SQLite database, a compiled file, an editor's swap file)
# is scanned as ``strings`` would show it: its runs of printable text, one per line.
TEXT_RUNS_UP_TO = 1024 * 1024
_TEXT_RUN = re.compile(rb"[\x20-\x7e\t]{8,}")


def text_runs(data: bytes) -> bytes:
    return b"\n".join(m.group(0) for m in _TEXT_RUN.finditer(data))


_SOURCEMAP = re.compile(r"[#@]\s*sourceMappingURL=(\S+)")
_BEARER = re.compile(r"(?i)\bbearer\s+([A-Za-z0-9\-._~+/]{16,}=*)")
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}")
_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\.)+[A-Za-z]{2,24}\b"
)
_PLACEHOLDER_DOMAINS = re.compile(
    r"@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|example|test|invalid|localhost|local)$", re.I
)

_needles: dict[str, tuple[Needle, ...]] = {"values": (), "repo": ()}


def init(options: EngineOptions) -> None:
    """Process initializer: detect-secrets settings once per worker."""
    if (
        multiprocessing.parent_process() is not None
        and threading.current_thread() is threading.main_thread()
    ):  # a worker process, not a check thread scanning in-process
        # Ctrl-C reaches the whole process group: the parent stops the workers itself,
        # without each printing a KeyboardInterrupt traceback.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    engine.configure(options)
    _needles["values"] = tuple(n for n in options.needles if len(n.value) >= MIN_NEEDLE)
    _needles["repo"] = tuple(n for n in _needles["values"] if _secretish(n.value))


_URL = re.compile(r"^[a-z][a-z0-9+.-]*://([^/@\s]*@)?", re.IGNORECASE)


def _secretish(value: str) -> bool:
    """Values worth hunting in tracked files: not a URL without a password (a secret: true
    DATABASE_URL of ``postgresql://localhost/shop`` is also in the README), not a word."""
    url = _URL.match(value)
    if url and ":" not in (url.group(1) or ""):
        return False
    return len(set(value)) >= 6


def scan_batch(tasks: list[Task]) -> list[Outcome]:
    return [scan_task(task) for task in tasks]


def scan_task(task: Task) -> Outcome:
    """Read and scan one file; expected problems become a ``skipped`` reason."""
    options: EngineOptions = engine._state["options"]
    data, reason = _read(task, options.max_file_size)
    if data is None:
        return Outcome(task, skipped=reason)
    partial = None
    if b"\0" in data[:BINARY_PROBE]:
        if len(data) > TEXT_RUNS_UP_TO:
            return Outcome(task, skipped="binary")
        data, partial = text_runs(data), "binary: only its text runs were scanned"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text, partial = data.decode("utf-8", errors="replace"), "not valid UTF-8"
    findings: list[Finding] = []
    if len(data) <= options.max_file_size:
        try:
            findings = engine.scan_text(task.rel, text, task.kind is Kind.ARTIFACT)
        except Exception as exc:  # one odd file must not end the scan; its text stays out
            return Outcome(
                task, skipped=f"unreadable (detect-secrets failed: {type(exc).__name__})"
            )
    else:
        partial = "over the size cap: only literal values, tokens and source maps were checked"
    return Outcome(task, tuple(findings), tuple(_hunts(task, text)), partial=partial)


def _read(task: Task, cap: int) -> tuple[bytes | None, str | None]:
    limit = cap if task.kind is Kind.REPO else max(cap, HARD_CAP)
    try:
        if os.stat(task.path).st_size > limit:
            return None, "too large"
        with open(task.path, "rb") as handle:
            return handle.read(limit + 1), None
    except FileNotFoundError:
        return None, "missing"
    except OSError as exc:
        return None, f"unreadable ({exc.strerror or exc.__class__.__name__})"


def _hunts(task: Task, text: str) -> Iterable[Hit]:
    if task.kind is Kind.REPO:
        # The literal value of a secret env var in a tracked file is a leak whatever its
        # shape; env files themselves are judged by env.committed.
        if not _needles["repo"] or is_env_file(task.rel):
            return []
        return list(_needle_hits(task.rel, text, _line_starts(text), "repo"))
    starts = _line_starts(text)
    if task.kind is Kind.ARTIFACT:
        return [*_needle_hits(task.rel, text, starts), *_sourcemap_hits(task.rel, text, starts)]
    return list(_log_hits(task.rel, text, starts))


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _line(starts: list[int], pos: int) -> int:
    return bisect.bisect_right(starts, pos)


def _needle_hits(rel: str, text: str, starts: list[int], which: str = "values") -> Iterable[Hit]:
    for needle in _needles[which]:
        pos = text.find(needle.value)
        while pos != -1:
            line = _line(starts, pos)
            column = pos - starts[line - 1] + 1
            yield Hit(rel, line, f"env:{needle.name}", needle.value, column)
            pos = text.find(needle.value, pos + len(needle.value))


def _sourcemap_hits(rel: str, text: str, starts: list[int]) -> Iterable[Hit]:
    if rel.endswith(".map"):
        yield Hit(rel, 1, "sourcemap", "")
        return
    for match in _SOURCEMAP.finditer(text):
        yield Hit(rel, _line(starts, match.start()), "sourcemap", match.group(1)[:200])


def _log_hits(rel: str, text: str, starts: list[int]) -> Iterable[Hit]:
    seen: set[str] = set()
    for match in _BEARER.finditer(text):
        seen.add(match.group(1))
        if not is_placeholder(match.group(1)):
            yield Hit(rel, _line(starts, match.start()), "bearer", match.group(1))
    for match in _JWT.finditer(text):
        if match.group(0) not in seen:
            yield Hit(rel, _line(starts, match.start()), "jwt", match.group(0))
    for match in _EMAIL.finditer(text):
        if not _not_personal(match.group(0)) and not _in_url(text, match.start()):
            yield Hit(rel, _line(starts, match.start()), "email", match.group(0))


# Role and system addresses are not personal data: `git@github.com` in every deploy log,
# no-reply senders, mailbox roles (RFC 2142).
_ROLE_LOCAL_PARTS = frozenset(
    {"git", "noreply", "no-reply", "donotreply", "do-not-reply", "mailer-daemon", "postmaster",
     "hostmaster", "webmaster", "abuse", "root", "bounce", "bounces", "notifications",
     "notification", "support", "info", "hello", "contact", "sales", "billing", "security",
     "admin", "team", "dmarc", "dmarc-reports", "noc"}
)  # fmt: skip


def _not_personal(address: str) -> bool:
    local, _, domain = address.lower().rpartition("@")
    return (
        bool(_PLACEHOLDER_DOMAINS.search(address))
        or local in _ROLE_LOCAL_PARTS
        or domain.endswith("users.noreply.github.com")
    )


def _in_url(text: str, pos: int) -> bool:
    """``user:password@host`` inside ``scheme://…`` is a credential (found as such), not an
    e-mail address."""
    start = max(text.rfind(c, max(pos - 300, 0), pos) for c in " \t\n\"'=<(")
    return "://" in text[start + 1 : pos]
