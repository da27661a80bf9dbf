"""One secrets run: choose the files (full, pull-request diff, pre-commit files), scan them
all in one pass of workers, then judge repository, artifacts and logs."""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from launchgate.checks.env.facts import shared_facts
from launchgate.checks.secrets import judge
from launchgate.checks.secrets import rules as R
from launchgate.checks.secrets.baseline import Baseline, BaselineError, load_baseline
from launchgate.checks.secrets.diff import DiffError, added_lines, base_from_ci, pick_base
from launchgate.checks.secrets.files import Listing, glob_listing, repo_listing
from launchgate.checks.secrets.model import EngineOptions, Kind, Needle, Outcome
from launchgate.checks.secrets.pool import scan
from launchgate.config.model import SecretsConfig
from launchgate.core.model import Result, Severity
from launchgate.core.rules import RunContext
from launchgate.repo.git import relative_to


@dataclass
class ScanPlan:
    """What this run scans, and notes (results) about how it chose."""

    mode: str = "full scan"
    repo: Listing = field(default_factory=Listing)
    artifacts: Listing = field(default_factory=Listing)
    logs: Listing = field(default_factory=Listing)
    added: dict[str, set[int]] | None = None
    notes: list[Result] = field(default_factory=list)


def _frozen(items: list[dict[str, Any]] | None) -> tuple[tuple[tuple[str, Any], ...], ...] | None:
    if items is None:
        return None
    return tuple(tuple(sorted((k, _hashable(v)) for k, v in item.items())) for item in items)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def engine_options(
    cfg: SecretsConfig, baseline: Baseline | None, needles: tuple[Needle, ...]
) -> EngineOptions:
    """Detect-secrets settings: the baseline's plugins and built-in filters if it has them."""
    plugins = filters = None
    if baseline is not None and baseline.plugins_used:
        plugins = baseline.plugins_used
    if baseline is not None and baseline.filters_used is not None:
        filters = [
            f
            for f in baseline.filters_used
            if str(f.get("path", "")).startswith("detect_secrets.filters.")
        ]
    return EngineOptions(_frozen(plugins), _frozen(filters), cfg.max_file_size, needles)


def load_view(
    ctx: RunContext, cfg: SecretsConfig
) -> tuple[judge.BaselineView | None, list[Result]]:
    if not cfg.baseline:
        return None, []
    path = ctx.path(cfg.baseline)
    try:
        baseline = load_baseline(path)
    except BaselineError as exc:
        message = f"{exc}: every finding counts as new"
        # A file that does not exist cannot hold an annotation: point at launchgate.yml then.
        source = ctx.config.source
        if path.is_file():
            found = R.BASELINE.warn(message, cfg.baseline, file=relative_to(ctx.base_dir, path))
        else:
            line = source.line_of("secrets.baseline")
            found = R.BASELINE.warn(message, cfg.baseline, file=source.path, line=line)
        return None, [found]
    view = judge.BaselineView(baseline, ctx.base_dir, path.parent, cfg.baseline)
    notes = [
        R.BASELINE.warn(f"{cfg.baseline}: {note}", cfg.baseline, severity=Severity.LOW)
        for note in baseline.notes[:5]
    ]
    return view, notes


def plan_scan(ctx: RunContext, cfg: SecretsConfig) -> ScanPlan:
    plan = ScanPlan()
    skip = {relative_to(ctx.base_dir, ctx.path(cfg.baseline))} if cfg.baseline else set()
    if ctx.files is None:
        plan.artifacts = glob_listing(ctx.base_dir, cfg.artifacts, Kind.ARTIFACT, cfg.exclude)
        plan.logs = glob_listing(ctx.base_dir, cfg.logs, Kind.LOG, cfg.exclude)
        skip |= {t.rel for t in (*plan.artifacts.tasks, *plan.logs.tasks)}
    only = list(ctx.files) if ctx.files is not None else None
    if ctx.files is not None:
        plan.mode = "files given on the command line"
    else:
        only = _diff_files(ctx, plan)
    plan.repo = repo_listing(ctx.base_dir, cfg.paths, cfg.exclude, {s for s in skip if s}, only)
    if not plan.repo.in_git and only is None:
        plan.mode = "every file: not a git repository"
    quiet = not cfg.paths or plan.repo.escaping or plan.repo.missing
    if plan.repo.in_git and only is None and not plan.repo.tasks and not quiet:
        plan.notes.append(_nothing_tracked())
    return plan


def _nothing_tracked() -> Result:
    """A fresh repository (nothing added yet) would otherwise pass on zero files."""
    message = "git tracks no file under secrets.paths yet, so no repository file was scanned"
    fix = "Stage or commit the project (`git add`), then run the gate again."
    return R.SCAN.warn(message, "untracked", severity=Severity.LOW, remediation=fix)


_FETCH_HINT = "Fetch the base branch (actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0)."


def _diff_files(ctx: RunContext, plan: ScanPlan) -> list[str] | None:
    base = pick_base(ctx.base_dir, ctx.diff_base, ctx.environ)
    if base is None:
        wanted = base_from_ci(ctx.environ)
        if wanted:
            message = f"Pull-request mode off: {wanted[0].ref} ({wanted[0].origin}) is not fetched; scanned every file instead"
            plan.notes.append(R.SCAN.warn(message, "diff", remediation=_FETCH_HINT))
        return None
    try:
        change = added_lines(ctx.base_dir, base)
    except DiffError as exc:
        message = f"Pull-request mode off: {exc}; scanned every file instead"
        plan.notes.append(R.SCAN.warn(message, "diff", remediation=_FETCH_HINT))
        return None
    plan.mode = f"lines added since {base.ref} ({base.origin}), merge-base {change.merge_base[:12]}"
    plan.added = change.added
    return [str(ctx.base_dir / p) for p in change.added]


def run_secrets(ctx: RunContext) -> Iterator[Result]:
    cfg = ctx.config.secrets
    if cfg is None:
        return
    started = time.monotonic()
    view, notes = load_view(ctx, cfg)
    yield from notes
    facts = shared_facts(ctx)
    secret_values = facts.secret_values(ctx.config.env) if facts and ctx.config.env else {}
    needles = tuple(Needle(n, v) for n, v in secret_values.items())
    plan = plan_scan(ctx, cfg)
    yield from plan.notes
    tasks = [*plan.repo.tasks, *plan.artifacts.tasks, *plan.logs.tasks]
    options = engine_options(cfg, view.baseline if view else None, needles)
    outcomes = scan(tasks, options)
    _register(ctx, outcomes)
    yield from _judge(ctx, cfg, plan, outcomes, view, list(secret_values))
    cov = judge.Coverage(
        plan.mode,
        outcomes,
        [*plan.repo.outside, *plan.artifacts.outside],
        time.monotonic() - started,
    )
    yield from judge.coverage_results(cov)


def _register(ctx: RunContext, outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        for finding in outcome.findings:
            ctx.redactor.add(finding.value)
        for hit in outcome.hits:
            if hit.kind != "sourcemap":
                ctx.redactor.add(hit.value)


def _judge(
    ctx: RunContext, cfg: SecretsConfig, plan: ScanPlan, outcomes: list[Outcome],
    view: judge.BaselineView | None, names: list[str],
) -> Iterator[Result]:  # fmt: skip
    by_kind: dict[Kind, list[Outcome]] = {k: [] for k in Kind}
    for outcome in outcomes:
        by_kind[outcome.task.kind].append(outcome)
    repo = [f for o in by_kind[Kind.REPO] for f in o.findings]
    hits = [h for o in by_kind[Kind.REPO] for h in o.hits]
    if plan.added is not None:
        repo = judge.only_added(repo, plan.added)
        hits = [h for h in hits if h.line in plan.added.get(h.rel, ())]
    repo_results = judge.finding_results(R.REPO, repo, view, _scanned(by_kind[Kind.REPO]))
    yield from judge.merge_env_values(repo_results, hits)
    yield from judge.missing_results("paths", plan.repo.missing)
    yield from judge.escaping_results("paths", plan.repo.escaping)
    yield from judge.escaping_results("artifacts", plan.artifacts.escaping)
    yield from judge.escaping_results("logs", plan.logs.escaping)
    if cfg.artifacts and ctx.files is None:
        yield from _artifact_results(plan, by_kind[Kind.ARTIFACT], view, names)
    if cfg.logs and ctx.files is None:
        yield from judge.missing_results("logs", plan.logs.missing)
        yield from judge.log_results(by_kind[Kind.LOG])


def _artifact_results(
    plan: ScanPlan, outcomes: list[Outcome], view: judge.BaselineView | None, names: list[str]
) -> Iterator[Result]:
    yield from judge.missing_results("artifacts", plan.artifacts.missing)
    if not outcomes:
        return
    scanned = _scanned(outcomes)
    findings = [f for o in outcomes for f in o.findings]
    hits = [h for o in outcomes for h in o.hits]
    yield from judge.finding_results(R.ARTIFACT, findings, view, scanned)
    yield from judge.env_value_results(hits, names, scanned)
    yield from judge.sourcemap_results(hits, scanned)


def _scanned(outcomes: list[Outcome]) -> int:
    return sum(1 for o in outcomes if not o.skipped)


def _write_baseline(
    ctx: RunContext,
    cfg: SecretsConfig,
    view: judge.BaselineView | None,
    outcomes: list[Outcome],
    options: EngineOptions,
) -> Result:
    from launchgate.checks.secrets.baseline_write import write_baseline

    target = cfg.baseline or ".secrets.baseline"
    path = ctx.path(target)
    findings = [f for o in outcomes for f in o.findings]
    previous = view.baseline if view else None
    try:
        count = write_baseline(path, findings, ctx.base_dir, previous, options)
    except OSError as exc:
        return R.BASELINE.error(f"Could not write {target}: {exc.strerror or exc}", target)
    return R.BASELINE.passed(
        f"Wrote {count} finding(s) to {target}", target, file=relative_to(ctx.base_dir, path)
    )


def refresh_baseline(ctx: RunContext) -> Result:
    """Scan what git tracks (no diff, no artifacts) and write the baseline: the CLI's
    ``launchgate secrets baseline``. Audit verdicts of the existing file are kept."""
    cfg = ctx.config.secrets or SecretsConfig()
    view, _notes = load_view(ctx, cfg)
    skip = {relative_to(ctx.base_dir, ctx.path(cfg.baseline or ".secrets.baseline"))}
    listing = repo_listing(ctx.base_dir, cfg.paths, cfg.exclude, {s for s in skip if s})
    options = engine_options(cfg, view.baseline if view else None, ())
    outcomes = scan(listing.tasks, options)
    return _write_baseline(ctx, cfg, view, outcomes, options)
