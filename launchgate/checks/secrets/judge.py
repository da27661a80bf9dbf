"""Judging scan outcomes: pure functions from findings and hits to Results.

Every result about a file carries its path (relative to the config directory) and a line;
secrets appear only in their redacted form.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from launchgate.checks.secrets import rules as R
from launchgate.checks.secrets.baseline import Baseline, Entry, baseline_key
from launchgate.checks.secrets.formats import PATTERNS as EXTRA_PATTERNS
from launchgate.checks.secrets.model import Finding, Hit, Outcome
from launchgate.core.model import Result, Severity, Status
from launchgate.core.redact import redact
from launchgate.core.rules import Rule

MAX_LOCATIONS = 5
# Prefixes bundlers expose to browser code (Next.js, Vite, Create React App, Nuxt, Expo...).
PUBLIC_PREFIXES = (
    "NEXT_PUBLIC_",
    "VITE_",
    "REACT_APP_",
    "PUBLIC_",
    "NUXT_PUBLIC_",
    "EXPO_PUBLIC_",
    "GATSBY_",
)


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
    listed = _kinds(group)
    kinds = ", ".join(listed[:MAX_LOCATIONS])
    if len(listed) > MAX_LOCATIONS:
        kinds += f" and {len(listed) - MAX_LOCATIONS} more"
    data = {"types": [f.type for f in group], "hashed_secrets": [f.hashed_secret for f in group]}
    audited = view is not None and all(view.entry(f) for f in group)
    if audited and view is not None:
        message = (
            f"{rel} line {line}: {kinds}, audited as a real secret in {view.name}, is still there"
        )
        return rule.warn(message, f"{rel}:{line}", file=rel, line=line, data=data)
    message = f"Potential secret in {rel} line {line}: {kinds}"
    if rule is R.REPO and any(f.type in EXTRA_PATTERNS for f in group):
        fix = rule.fix.replace(
            " or record it with `launchgate secrets baseline --update`",
            " (a baseline cannot hold this token type: detect-secrets does not know it)",
        )
        return rule.fail(message, f"{rel}:{line}", file=rel, line=line, data=data, remediation=fix)
    return rule.fail(message, f"{rel}:{line}", file=rel, line=line, data=data)


def _kind(finding: Finding) -> str:
    # Some detectors report only a prefix ("ghp"): showing its length would mislead.
    return f"{finding.type} ({redact(finding.value)})" if len(finding.value) >= 8 else finding.type


_ENTROPY_TYPES = ("Base64 High Entropy String", "Hex High Entropy String")


def _kinds(group: Sequence[Finding]) -> list[str]:
    """Each secret once, by its most specific detector: a Stripe key is not also listed as
    a high-entropy string; a detector that reports only a prefix ("ghp") borrows the whole
    value another detector saw on the line for its redacted form."""
    specific = [f for f in group if f.type not in _ENTROPY_TYPES]
    out = []
    for finding in group:
        if finding.type in _ENTROPY_TYPES and any(
            finding.value.strip("'\"").startswith(s.value) for s in specific if s.value
        ):
            continue
        whole = next(
            (g.value for g in group if len(finding.value) < 8 and g.value.startswith(finding.value)
             and len(g.value) >= 8),
            None,
        )  # fmt: skip
        out.append(f"{finding.type} ({redact(whole)})" if whole else _kind(finding))
    return out


def env_value_results(hits: Sequence[Hit], names: Sequence[str], scanned: int) -> list[Result]:
    """secrets.env_value_in_artifact: the value of a secret env var inside built output,
    one result per file (a bundle may repeat it on hundreds of lines), at its first line."""
    by_file: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    columns: dict[str, int] = {}
    for hit in hits:
        if hit.kind.startswith("env:"):
            by_file[hit.rel][hit.line].append(hit.kind[4:])
            if hit.column and (hit.rel not in columns or hit.line < min(by_file[hit.rel])):
                columns[hit.rel] = hit.column
    out = [
        _env_value_result(rel, lines, columns.get(rel, 0)) for rel, lines in sorted(by_file.items())
    ]
    if not out and names:
        message = f"No value of {len(names)} secret variable(s) in {scanned} artifact file(s)"
        out.append(R.ENV_VALUE.passed(message))
    return out


def _env_value_result(rel: str, lines: Mapping[int, list[str]], column: int = 0) -> Result:
    first = min(lines)
    counts = Counter(n for found in lines.values() for n in found)
    listed = ", ".join(f"{n} (x{c})" if c > 1 else n for n, c in counts.items())
    where = f"line {first}" if len(lines) == 1 else f"on {len(lines)} lines, first line {first}"
    if column > 500:  # a column helps only on a long (minified) line
        where += f" column {column}"
    details: list[str] = []
    if len(lines) > 1:
        shown = sorted(lines)[:MAX_LOCATIONS]
        details = [f"line {n}: {', '.join(dict.fromkeys(lines[n]))}" for n in shown]
        if len(lines) > MAX_LOCATIONS:
            details.append(f"... and {len(lines) - MAX_LOCATIONS} more lines")
    details += [
        f"{n} is a public variable: the bundler inlines it by design. If it is a secret, "
        "rename it and read it on the server only; if not, drop `secret: true`."
        for n in counts
        if n.startswith(PUBLIC_PREFIXES)
    ]
    return R.ENV_VALUE.fail(
        f"The value of {listed} appears in {rel} {where}",
        f"{rel}:{first}",
        file=rel,
        line=first,
        details=details,
        data={"variables": sorted(counts), "lines": sorted(lines)[:50], "column": column},
    )


def merge_env_values(results: list[Result], hits: Sequence[Hit]) -> list[Result]:
    """secrets.repo: a tracked line holding the value of a secret env var fails, whatever
    detect-secrets thought of it (a baseline cannot accept a live production secret)."""
    by_line: dict[tuple[str, int], list[str]] = defaultdict(list)
    for hit in hits:
        names = by_line[(hit.rel, hit.line)]
        if hit.kind.startswith("env:") and hit.kind[4:] not in names:
            names.append(hit.kind[4:])
    if not by_line:
        return results
    out = []
    for result in results:
        names = by_line.pop((result.file or "", result.line or 0), [])
        if names:
            message = f"{result.message}; it is the value of {', '.join(names)} (a secret environment variable)"
            result = replace(
                result,
                status=Status.FAIL,
                message=message,
                data={**result.data, "variables": names},
            )
        if result.status is not Status.PASS or not by_line:
            out.append(result)
    for (rel, line), names in sorted(by_line.items()):
        message = f"The value of {', '.join(names)} (a secret environment variable) is in {rel} line {line}"
        out.append(R.REPO.fail(message, f"{rel}:{line}", file=rel, line=line,
                               data={"variables": names}))  # fmt: skip
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
        f"line {line}: {kind} {redact(value)}" if len(value) >= 8 else f"line {line}: {kind}"
        for line, kind, value in items[:MAX_LOCATIONS]
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
        make(
            f"secrets.{kind} entry {e!r} matches no file: {hint}",
            f"{kind}:{e}",
            remediation=hint[0].upper() + hint[1:] + ".",
        )
        for e in entries
    ]


def escaping_results(kind: str, entries: Sequence[str]) -> list[Result]:
    """A configured path above the config's directory: not scanned, and said so."""
    fix = (
        "Put launchgate.yml at the root of what it guards (paths are relative to it), or run "
        "`launchgate check -c` on a config placed there."
    )
    if kind != "paths":
        fix = (
            f"Copy or link the {kind} into the project directory before the gate runs (e.g. "
            f"`cp /var/log/app/*.log {kind}/`) and name them relative to launchgate.yml."
        )
    # The repository and the build output are what the gate guards: not scanning them is
    # "could not verify" (fails closed); logs outside the project are a softer gap.
    make, severity = (
        (R.SCAN.warn, Severity.MEDIUM) if kind == "logs" else (R.SCAN.error, Severity.HIGH)
    )
    return [
        make(
            f"secrets.{kind} entry {e!r} points outside the directory of launchgate.yml: "
            "only files below that directory are scanned, so this entry was not scanned",
            f"{kind}:{e}",
            severity=severity,
            remediation=fix,
        )
        for e in entries
    ]
