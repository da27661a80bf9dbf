"""Verify a draft: run its network checks once and comment out what fails today, so the file
``init --discover`` writes passes (each such key stays, commented, with a TODO saying why)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from launchgate.discover.render import q, say

NETWORK_AREAS = ("dns", "email", "tls", "http", "performance")


@dataclass(frozen=True)
class Draft:
    text: str
    disabled: tuple[str, ...] = ()  # messages of the checks that failed today


def verify(text: str, path: Path, environ: Mapping[str, str]) -> Draft:
    """Run the network checks of ``text`` once; comment out what fails today."""
    from launchgate import gate
    from launchgate.checks.registry import FAMILIES
    from launchgate.config.load import parse_config
    from launchgate.core.model import counts_against_gate
    from launchgate.core.runner import run_gate

    config = parse_config(text, environ, str(path))
    ctx = gate.make_context(config, gate.GateOptions(), environ)
    report = run_gate(config, ctx, NETWORK_AREAS, FAMILIES)
    failing = [r for r in report.results if counts_against_gate(r, report.summary.fail_on)]
    domain = config.domain or ""
    problems = [
        (r.line, _names(r.target, domain), r.message) for r in failing if r.line is not None
    ]
    if not problems:
        return Draft(text)
    return Draft(disable(text, problems), tuple(r.message for r in failing))


def _names(target: str | None, domain: str) -> Sequence[str]:
    """How a target may appear in the config: itself, or its label under the domain."""
    if not target:
        return ()
    names = [target]
    if domain and target.endswith("." + domain):
        names.append(target[: -len(domain) - 1])
    return names


def disable(text: str, problems: Sequence[tuple[int, Sequence[str], str]]) -> str:
    """Comment out the lines (1-based) that fail today, each with a TODO saying why.

    ``problems`` holds (line, names of the target, message). A line opening a block takes its
    children with it, unless one child quotes a name of the target: then only that child goes.
    """
    lines = text.splitlines()
    reasons: dict[int, str] = {}
    for line_no, names, message in problems:
        index = _narrow(lines, line_no - 1, names)
        if 0 <= index < len(lines) and index not in reasons:
            reasons[index] = message
    out: list[str] = []
    skip_deeper: int | None = None
    for i, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if skip_deeper is not None and (indent > skip_deeper or not line.strip()):
            out.append(f"{' ' * skip_deeper}# {line[skip_deeper:]}" if line.strip() else line)
            continue
        skip_deeper = None
        if i in reasons:
            out += [
                f"{' ' * indent}# TODO fails today: {say(reasons[i])}",
                f"{' ' * indent}# {line.lstrip(' ')}",
            ]
            skip_deeper = indent
            continue
        out.append(line)
    return "\n".join(out) + "\n"


def _narrow(lines: Sequence[str], index: int, names: Sequence[str]) -> int:
    """The child line of block ``index`` that quotes one of ``names``, else ``index`` itself."""
    if not names or not (0 <= index < len(lines)):
        return index
    base = len(lines[index]) - len(lines[index].lstrip(" "))
    quoted = [f"- {q(n)}" for n in names]
    for j in range(index + 1, len(lines)):
        line = lines[j]
        if line.strip() and len(line) - len(line.lstrip(" ")) <= base:
            break
        if line.strip() in quoted:
            return j
    return index
