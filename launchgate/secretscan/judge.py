"""Judging scan outcomes: pure functions from findings and hits to Results.

Every result about a file carries its path (relative to the config directory) and a line;
secrets appear only in their redacted form.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from launchgate.checks.base import Rule
from launchgate.model import Result, Severity, Status
from launchgate.redact import redact
from launchgate.secretscan import rules as R
from launchgate.secretscan.baseline import Baseline, Entry, baseline_key
from launchgate.secretscan.model import Finding, Hit, Outcome

MAX_LOCATIONS = 5


@dataclass(frozen=True)
class BaselineView:
    """A loaded baseline and where it lives, to match findings against it."""

    baseline: Baseline
    base_dir: Path
    baseline_dir: Path
    name: str

    def entry(self, finding: Finding) -> Entry | None:
        return self.baseline.find(baseline_key(finding, self.base_dir, self.baseline_dir))


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per (file, secret, type), at its first line, as detect-secrets counts them."""
    seen: dict[tuple[str, str, str], Finding] = {}
    for f in sorted(findings, key=lambda f: (f.rel, f.line)):
        seen.setdefault((f.rel, f.hashed_secret, f.type), f)
    return list(seen.values())


def only_added(findings: Iterable[Finding], added: Mapping[str, set[int]]) -> list[Finding]:
    return [f for f in findings if f.line in added.get(f.rel, ())]


def finding_results(
    rule: Rule, findings: Sequence[Finding], view: BaselineView | None, scanned: int
) -> list[Result]:
    """secrets.repo / secrets.artifact: new findings fail, baselined ones pass quietly,
    findings audited as real secrets in the baseline warn."""
    groups: dict[tuple[str, int], list[Finding]] = defaultdict(list)
    accepted = 0
    for finding in dedupe(findings):
        entry = view.entry(finding) if view else None
        if entry is not None and entry.is_secret is not True:
            accepted += 1
            continue
        groups[(finding.rel, finding.line)].append(finding)
    out = [
        _finding_result(rule, rel, line, group, view)
        for (rel, line), group in sorted(groups.items())
    ]
    if not any(r.status is Status.FAIL for r in out):
        note = f" ({accepted} accepted by the baseline)" if accepted else ""
        message = f"No new potential secret in {scanned} file(s){note}"
        out.append(rule.passed(message, data={"accepted": accepted}))
    return out


def _finding_result(
    rule: Rule, rel: str, line: int, group: list[Finding], view: BaselineView | None
) -> Result:
    kinds = ", ".join(_kind(f) for f in group)
    data = {"types": [f.type for f in group], "hashed_secrets": [f.hashed_secret for f in group]}
    audited = view is not None and all(view.entry(f) for f in group)
    if audited and view is not None:
        message = (
            f"{rel} line {line}: {kinds}, audited as a real secret in {view.name}, is still there"
        )
        return rule.warn(message, f"{rel}:{line}", file=rel, line=line, data=data)
    message = f"Potential secret in {rel} line {line}: {kinds}"
    return rule.fail(message, f"{rel}:{line}", file=rel, line=line, data=data)


def _kind(finding: Finding) -> str:
    # Some detectors report only a prefix ("ghp"): showing its length would mislead.
    return f"{finding.type} ({redact(finding.value)})" if len(finding.value) >= 8 else finding.type


def env_value_results(hits: Sequence[Hit], names: Sequence[str], scanned: int) -> list[Result]:
    """secrets.env_value_in_artifact: the value of a secret env var inside built output."""
    groups: dict[tuple[str, int], list[str]] = defaultdict(list)
    for hit in hits:
        if hit.kind.startswith("env:"):
            groups[(hit.rel, hit.line)].append(hit.kind[4:])
    out = []
    for (rel, line), found in sorted(groups.items()):
        counts = Counter(found)
        listed = ", ".join(f"{n} (x{c})" if c > 1 else n for n, c in counts.items())
        message = f"The value of {listed} appears in {rel} line {line}"
        out.append(
            R.ENV_VALUE.fail(
                message, f"{rel}:{line}", file=rel, line=line, data={"variables": sorted(counts)}
            )
        )
    if not out and names:
        out.append(
            R.ENV_VALUE.passed(
                f"No value of {len(names)} secret variable(s) in {scanned} artifact file(s)"
            )
        )
    return out


def sourcemap_results(hits: Sequence[Hit], scanned: int) -> list[Result]:
    first: dict[str, Hit] = {}
    for hit in hits:
        if hit.kind == "sourcemap":
            first.setdefault(hit.rel, hit)
    out = []
    for rel, hit in sorted(first.items()):
        if rel.endswith(".map"):
            message = f"{rel} is a source map shipped with the build"
        else:
            message = (
                f"{rel} line {hit.line} points to a source map (sourceMappingURL={hit.value[:80]})"
            )
        out.append(R.SOURCEMAP.fail(message, rel, file=rel, line=hit.line))
    return out or [R.SOURCEMAP.passed(f"No source map in {scanned} artifact file(s)")]


def log_results(outcomes: Sequence[Outcome]) -> list[Result]:
    """secrets.logs: per log file, credentials (high) and e-mail addresses (medium)."""
    out = []
    for outcome in outcomes:
        rel = outcome.task.rel
        creds = [(f.line, f.type, f.value) for f in outcome.findings]
        creds += [
            (h.line, _HIT_NAMES[h.kind], h.value)
            for h in outcome.hits
            if h.kind in ("bearer", "jwt")
        ]
        emails = [(h.line, "e-mail address", h.value) for h in outcome.hits if h.kind == "email"]
        if creds:
            out.append(_log_result(rel, sorted(creds), "credential", Severity.HIGH))
        if emails:
            out.append(
                _log_result(rel, sorted(emails), "e-mail address", Severity.MEDIUM, ":emails")
            )
        if not creds and not emails and outcome.skipped is None:
            out.append(R.LOGS.passed(f"{rel} holds no credential or e-mail address", rel, file=rel))
    return out


_HIT_NAMES = {"bearer": "Bearer token", "jwt": "JSON Web Token"}


def _log_result(
    rel: str, items: list[tuple[int, str, str]], what: str, severity: Severity, suffix: str = ""
) -> Result:
    details = [
        f"line {line}: {kind} {redact(value)}" for line, kind, value in items[:MAX_LOCATIONS]
    ]
    if len(items) > MAX_LOCATIONS:
        details.append(f"... and {len(items) - MAX_LOCATIONS} more")
    message = f"{rel} holds {len(items)} {what}(s), first on line {items[0][0]}"
    return R.LOGS.fail(message, rel + suffix, severity=severity, details=details, file=rel,
                       line=items[0][0], data={"count": len(items), "lines": [i[0] for i in items[:50]]})  # fmt: skip


@dataclass(frozen=True)
class Coverage:
    """Figures for the scan summary."""

    mode: str  # "full", "diff against origin/main (GITHUB_BASE_REF)", "files"
    outcomes: Sequence[Outcome]
    outside: Sequence[str]
    seconds: float


def coverage_results(cov: Coverage) -> list[Result]:
    skipped = Counter((o.skipped or "").split(" (")[0] for o in cov.outcomes if o.skipped)
    unreadable = [
        o.task.rel for o in cov.outcomes if o.skipped and o.skipped.startswith("unreadable")
    ]
    partial = [o.task.rel for o in cov.outcomes if o.partial]
    scanned = sum(1 for o in cov.outcomes if not o.skipped)
    parts = [f"{n} {why}" for why, n in sorted(skipped.items())]
    if cov.outside:
        parts.append(f"{len(cov.outside)} symlink(s) leaving the tree")
    skipped_text = f"; skipped {', '.join(parts)}" if parts else ""
    message = f"Scanned {scanned} file(s) ({cov.mode}) in {cov.seconds:.1f} s{skipped_text}"
    details = [f"unreadable: {p}" for p in unreadable[:10]] + [
        f"symlink leaving the tree: {p}" for p in cov.outside[:10]
    ]
    details += [f"{o.task.rel}: {o.partial}" for o in cov.outcomes if o.partial][:10]
    data = {"scanned": scanned, "skipped": dict(skipped), "mode": cov.mode, "seconds": round(cov.seconds, 3),
            "partial": len(partial), "outside": len(cov.outside)}  # fmt: skip
    if unreadable:
        return [R.SCAN.warn(message, severity=Severity.MEDIUM, details=details, data=data)]
    return [R.SCAN.passed(message, details=details, data=data)]


def missing_results(kind: str, entries: Sequence[str]) -> list[Result]:
    """A configured path that matches nothing: said clearly, the scan goes on."""
    hint = {
        "artifacts": "build before running the gate so the output is checked",
        "logs": "nothing to check; fix the glob if logs live elsewhere",
        "paths": "fix the path in launchgate.yml",
    }[kind]
    make = R.SCAN.skip if kind == "logs" else R.SCAN.warn
    return [
        make(f"secrets.{kind} entry {e!r} matches no file: {hint}", f"{kind}:{e}") for e in entries
    ]
