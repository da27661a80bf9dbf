"""detect-secrets as a line scanner, with the same findings as ``detect-secrets scan``, faster.

detect-secrets keeps its settings in a process-wide singleton, so a process is configured
once (``configure``) and then only scans; callers in threads hold ``LOCK``. It spends most
of its time calling 27 plugins through dependency injection on every line; here each plugin
first looks at the whole text once and only the lines it could fire on go through
detect-secrets' own per-line path (filters, plugins, pragma), so the verdicts are its own.

Never verified over the network: the verification filter is removed, and it is what makes
detect-secrets call third-party APIs with the secret it found.
"""

from __future__ import annotations

import bisect
import io
import re
import threading
from collections.abc import Iterable, Sequence
from pathlib import PurePosixPath
from typing import Any

from detect_secrets.core import scan as ds_scan
from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
from detect_secrets.plugins.base import BasePlugin, RegexBasedDetector
from detect_secrets.plugins.high_entropy_strings import (
    HexHighEntropyString,
    HighEntropyStringsPlugin,
)
from detect_secrets.plugins.keyword import DENYLIST_REGEX, KeywordDetector
from detect_secrets.settings import cache_bust, get_filters, get_plugins, get_settings
from detect_secrets.transformers import get_transformed_file
from detect_secrets.util.code_snippet import get_code_snippet
from detect_secrets.util.inject import call_function_with_arguments

from launchgate.checks.secrets.filters import (
    is_checksum,
    not_a_secret,
    public_or_placeholder_in_line,
)
from launchgate.checks.secrets.formats import extra_findings
from launchgate.checks.secrets.lockfiles import is_lock_file
from launchgate.checks.secrets.model import EngineOptions, Finding

__all__ = ["LOCK", "configure", "is_checksum", "scan_text"]

LOCK = threading.Lock()

# Filters we replace or must not run: file existence (we list files ourselves), lock files
# (handled in lockfiles.py, which also covers pnpm/uv/bun), network verification, and the
# baseline-file filter (the baseline is left out of the file list).
_DROPPED_FILTERS = {
    "detect_secrets.filters.common.is_invalid_file",
    "detect_secrets.filters.heuristic.is_lock_file",
    "detect_secrets.filters.common.is_ignored_due_to_verification_policies",
    "detect_secrets.filters.common.is_baseline_file",
    "detect_secrets.filters.wordlist.should_exclude_secret",
    "detect_secrets.filters.gibberish.should_exclude_secret",
}
_KEYWORD_PREFILTER = re.compile(DENYLIST_REGEX, re.IGNORECASE)
# The same keywords for lower-cased text: a case-insensitive alternation is 4x slower.
_KEYWORD_LOWER = re.compile(
    r"(?:api|auth|service|account|db|database|priv|private|client)_?key"
    r"|(?:db|database|key)_?pass|password|passwd|pwd|secret|contrase(?:ñ|n)a"
)
_state: dict[str, Any] = {"options": None, "snapshot": None}


def builtin_plugin_names() -> list[str]:
    classes: list[type] = list(get_mapping_from_secret_type_to_class().values())
    return sorted(cls.__name__ for cls in classes)


def configure(options: EngineOptions) -> None:
    """Set detect-secrets' global settings for this process (a no-op if already so)."""
    if _state["options"] == options and _state["snapshot"] == _snapshot():
        return
    cache_bust()
    settings = get_settings()
    settings.configure_plugins(_plugin_config(options))
    if options.filters is not None:
        settings.configure_filters([dict(f) for f in options.filters])
    settings.disable_filters(*_DROPPED_FILTERS)
    get_plugins.cache_clear()
    get_filters.cache_clear()
    _state["options"] = options
    _state["snapshot"] = _snapshot()


def _snapshot() -> tuple[str, str]:
    """The live settings, to notice when other code in this process changed them."""
    settings = get_settings()
    return repr(sorted(settings.plugins.items())), repr(sorted(settings.filters.items()))


def _plugin_config(options: EngineOptions) -> list[dict[str, Any]]:
    known = set(builtin_plugin_names())
    if options.plugins is None:
        return [{"name": name} for name in sorted(known)]
    chosen = [dict(p) for p in options.plugins]
    return [p for p in chosen if p.get("name") in known and "path" not in p]


def plugins_json() -> list[dict[str, Any]]:
    """``plugins_used`` as detect-secrets writes it, for the configured process."""
    return sorted((p.json() for p in get_plugins()), key=lambda p: str(p["name"]).lower())


def scan_text(rel: str, text: str, built: bool = False) -> list[Finding]:
    """Every potential secret in ``text`` (the content of file ``rel``), like scan_file does.

    ``built``: the file is build output (an artifact); see ``_plugins_for``.
    """
    lock = is_lock_file(rel)
    if _file_filtered_out(rel, lock):
        return []
    plugins = _plugins_for(rel, lock, built)
    handle = _named(text, rel)
    lines = get_transformed_file(handle) or handle.readlines()  # type: ignore[arg-type]
    universal = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    extras = [f for f in extra_findings(rel, universal) if not not_a_secret(f.value)]
    found = _scan_lines(rel, lines, plugins)
    if not found:
        handle.seek(0)
        eager = get_transformed_file(handle, use_eager_transformers=True)  # type: ignore[arg-type]
        found = _scan_lines(rel, eager, plugins) if eager else []
    return found + [e for e in extras if not _known(e, found)]


def _known(extra: Finding, found: Sequence[Finding]) -> bool:
    """The same token already reported by a specific detect-secrets detector (its OpenAI
    detector also knows some project keys): one finding is enough."""
    return any(
        f.line == extra.line
        and f.type not in ("Base64 High Entropy String", "Hex High Entropy String")
        and len(f.value) >= 8
        and (f.value in extra.value or extra.value in f.value)
        for f in found
    )


_ENCRYPTED_NAMES = frozenset({".env.vault"})
_MINIFIED = re.compile(r"\.min\.(?:js|mjs|cjs|css)$|\.bundle\.js$")


def _plugins_for(rel: str, lock: bool, built: bool) -> list[BasePlugin]:
    """The detectors that make sense for this kind of file.

    Lock files and dotenv-vault's ``.env.vault`` (ciphertext, made to be committed) hold
    nothing but hashes or encrypted blobs: only exact-format detectors run on them. In built
    or minified JavaScript/CSS a bare hex string is a content hash, commit id or build id
    (webpack chunk hashes, Sentry release ids): the hex-entropy detector stays off there;
    secret env values are hunted literally in artifacts instead.
    """
    plugins = list(get_plugins())
    if lock or PurePosixPath(rel).name in _ENCRYPTED_NAMES:
        return [p for p in plugins if isinstance(p, RegexBasedDetector)]
    if built or _MINIFIED.search(rel):
        return [p for p in plugins if not isinstance(p, HexHighEntropyString)]
    return plugins


def _file_filtered_out(rel: str, lock: bool) -> bool:
    """detect-secrets' file filters; lock files (``*.lock`` among them) are not "non-text"."""
    for filter_fn in ds_scan.get_filters_with_parameter("filename"):
        if lock and filter_fn.path.endswith(".is_non_text_file"):
            continue
        try:
            if call_function_with_arguments(filter_fn, filename=rel):
                return True
        except TypeError:  # a filter that needs more than the name, as detect-secrets does
            continue
    return False


def _named(text: str, name: str) -> io.StringIO:
    handle = io.StringIO(text, newline=None)
    handle.name = name  # type: ignore[misc]
    return handle


def _scan_lines(rel: str, lines: Sequence[str], plugins: Sequence[BasePlugin]) -> list[Finding]:
    lines = list(lines)
    stripped = [line.rstrip() for line in lines]
    text = "\n".join(stripped)
    starts = _line_starts(stripped)
    by_line: dict[int, list[BasePlugin]] = {}
    for plugin in plugins:
        for index in _candidate_lines(plugin, text, stripped, starts):
            by_line.setdefault(index, []).append(plugin)
    found: list[Finding] = []
    for index in sorted(by_line):
        found.extend(_scan_one_line(rel, lines, stripped[index], index + 1, by_line[index]))
    return found


def _line_starts(stripped: Sequence[str]) -> list[int]:
    starts, offset = [], 0
    for line in stripped:
        starts.append(offset)
        offset += len(line) + 1
    return starts


def _candidate_lines(
    plugin: BasePlugin, text: str, stripped: Sequence[str], starts: list[int]
) -> Iterable[int]:
    """Lines (0-based) on which ``plugin`` can find something: a superset of its hits."""
    if isinstance(plugin, HighEntropyStringsPlugin):
        return _entropy_lines(plugin, text, starts)
    if isinstance(plugin, KeywordDetector):
        return _keyword_lines(text, starts)
    if isinstance(plugin, RegexBasedDetector):
        patterns = list(plugin.denylist)
        if not any(_multiline(p).search(text) for p in patterns):
            return ()
        return [i for i, line in enumerate(stripped) if any(p.search(line) for p in patterns)]
    return range(len(stripped))


def _keyword_lines(text: str, starts: list[int]) -> set[int]:
    lowered = text.lower()
    # Lower-casing can change the length of a few characters (İ): then offsets would not
    # map to lines, so fall back to the case-insensitive pattern.
    pattern = _KEYWORD_LOWER if len(lowered) == len(text) else _KEYWORD_PREFILTER
    subject = lowered if pattern is _KEYWORD_LOWER else text
    return {bisect.bisect_right(starts, m.start()) - 1 for m in pattern.finditer(subject)}


def _entropy_lines(plugin: HighEntropyStringsPlugin, text: str, starts: list[int]) -> set[int]:
    # The quoted-string regex cannot span a newline, so one pass over the text finds
    # exactly what per-line findall would. Entropy is at most log2(distinct characters):
    # strings with too few cannot pass the limit and skip the costly computation.
    lines: set[int] = set()
    floor = 2**plugin.entropy_limit
    for match in plugin.regex.finditer(text):
        value = match.group(2)
        if len(set(value)) < floor:
            continue
        if plugin.calculate_shannon_entropy(value) > plugin.entropy_limit:
            lines.add(bisect.bisect_right(starts, match.start()) - 1)
    return lines


_MULTILINE_CACHE: dict[re.Pattern[str], re.Pattern[str]] = {}


def _multiline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    cached = _MULTILINE_CACHE.get(pattern)
    if cached is None:
        cached = re.compile(pattern.pattern, pattern.flags | re.MULTILINE)
        _MULTILINE_CACHE[pattern] = cached
    return cached


def _scan_one_line(
    rel: str, lines: Sequence[str], line: str, number: int, plugins: Sequence[BasePlugin]
) -> list[Finding]:
    context = get_code_snippet(lines=lines, line_number=number)  # type: ignore[arg-type]
    if ds_scan._is_filtered_out(
        required_filter_parameters=["line"], filename=rel, line=line, context=context
    ):
        return []
    found = []
    for plugin in plugins:
        for secret in ds_scan._scan_line(
            plugin=plugin, filename=rel, line=line, line_number=number, context=context
        ):
            value = str(secret.secret_value or "")
            if (
                not_a_secret(value, secret.type)
                or public_or_placeholder_in_line(line, value, secret.type)
                or is_checksum(line, value, secret.type)
                or ds_scan._is_filtered_out(
                    required_filter_parameters=["context"],
                    filename=rel,
                    secret=value,
                    plugin=plugin,
                    line=line,
                    context=context,
                )
            ):
                continue
            found.append(Finding(rel, number, secret.type, secret.secret_hash, value))
    return found


def _not_a_secret(value: str, kind: str = "") -> bool:
    """The value-only filters, under the name benchmarks/secrets_scan.py imports."""
    return not_a_secret(value, kind)
