"""Verdicts on measured figures: pure functions of the samples, budgets and baseline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from launchgate.checks.performance import render
from launchgate.checks.performance.lighthouse import LighthouseReport
from launchgate.checks.performance.measure import Measurement
from launchgate.checks.performance.rules import ERRORS, LATENCY, LIGHTHOUSE, REGRESSION
from launchgate.checks.performance.stats import LatencySummary
from launchgate.core.model import Result
from launchgate.net.timed import BODY_CAP

DEFAULT_MAX_REGRESSION = 0.25
# Growth below this many ms is never a regression: loopback and LAN jitter, not a slower app.
MIN_REGRESSION_MS = 5.0
DELIBERATE = "Raise the budget only as a deliberate decision."


def _ms(value: float) -> str:
    return f"{value:.1f} ms" if value < 10 else f"{value:.0f} ms"


def _ms_pair(value: float, budget: float) -> tuple[str, str]:
    """Both figures, with a decimal when rounding would make unequal ones look the same."""
    shown = _ms(value), _ms(budget)
    if shown[0] == shown[1] and value != budget:
        return f"{value:.1f} ms", f"{budget:.1f} ms"
    return shown


def figures(m: Measurement, budget_ms: float) -> dict[str, Any]:
    """The flat figures reporters show (JUnit properties, JSON) plus raw samples."""
    summary = m.summary()
    data: dict[str, Any] = {
        "samples": m.planned,
        "measured": len(m.samples),
        "errors": len(m.errors),
        "budget_ms": round(budget_ms, 2),
        "duration_s": round(m.elapsed, 3),
        **(summary.as_data() if summary else {}),
        **m.phase_medians_ms(),
        "address": next((s.peer for s in reversed(m.samples) if s.peer), ""),
        "samples_ms": [round(v, 2) for v in m.timed_ms],
    }
    return data


def _phase_line(phases: dict[str, Any]) -> str:
    return (
        f"median phases: DNS {_ms(phases['dns_ms_p50'])} · connect {_ms(phases['connect_ms_p50'])}"
        f" · TLS {_ms(phases['tls_ms_p50'])} · first byte {_ms(phases['ttfb_ms_p50'])}"
        f" · {phases['new_connections']} new connection(s)"
        + (f" · connected to {phases['address']}" if phases.get("address") else "")
    )


def _spread_line(s: LatencySummary) -> str:
    return (
        f"p50 {_ms(s.p50)} · p90 {_ms(s.p90)} · p95 {_ms(s.p95)} · p99 {_ms(s.p99)} · "
        f"max {_ms(s.max)} · mean {_ms(s.mean)}"
    )


def _where_the_time_goes(phases: dict[str, Any], s: LatencySummary) -> str:
    """A remediation aimed at the phase that dominates the median request."""
    setup = phases["dns_ms_p50"] + phases["connect_ms_p50"] + phases["tls_ms_p50"]
    server = phases["ttfb_ms_p50"] - setup
    if setup > server and setup > 0.3 * s.p50:
        return (
            f"Connection setup (DNS+connect+TLS {_ms(setup)}) is most of the median request: "
            "keep connections alive, enable TLS session resumption, serve from a CDN or an "
            "origin closer to your users. " + DELIBERATE
        )
    return (
        f"The server takes most of the time before its first byte (~{_ms(server)} at the median): "
        "profile the handler, cache the response or add database indexes. " + DELIBERATE
    )


def latency_result(
    url: str, m: Measurement, budget_ms: float, connections: str, concurrency: int = 1
) -> Result:
    """performance.latency: p95 of the timed samples against the budget."""
    data = figures(m, budget_ms)
    summary = m.summary()
    if summary is None or not any(s.ok for s in m.samples):
        reason = m.errors[-1].error if m.errors else "no request was sent"
        return LATENCY.error(
            f"could not measure {url}: none of its requests succeeded ({reason})",
            url,
            details=[m.stopped] if m.stopped else [],
            remediation=_unmeasured_fix(m),
            data=data,
        )
    data["console"] = render.console_line(m.timed_ms, summary, budget_ms)
    data["markdown"] = render.markdown_block(
        url, m.timed_ms, summary, budget_ms, len(m.errors), m.planned
    )
    details = [
        _spread_line(summary),
        _phase_line(data),
        _connections_line(connections, m, concurrency),
    ]
    details += _timeout_lines(m)
    answered_errors = sum(1 for s in m.errors if s.timed)
    if answered_errors:
        details.append(f"figures include {answered_errors} failed request(s) (errors or timeouts)")
    p95, budget = _ms_pair(summary.p95, budget_ms)
    cut = sum(1 for s in m.samples if s.truncated)
    if cut:
        return LATENCY.fail(
            f"{url} sends a body larger than {_mb(BODY_CAP)} ({cut} of {len(m.samples)} "
            f"requests were cut there), so visitors wait longer than the p95 {p95} measured "
            f"for its first {_mb(BODY_CAP)}",
            url,
            details=details,
            remediation="Paginate or stream less data from this endpoint (or compress it), and "
            "check that the server ends its response: a body that never ends hangs clients.",
            data={**data, "truncated": cut},
        )
    if summary.p95 <= budget_ms:
        return LATENCY.passed(
            f"p95 {p95} is within the {budget} budget ({summary.count} requests)",
            url,
            details=details,
            data=data,
        )
    slowest = sorted(m.timed_ms, reverse=True)[:3]
    details.append("slowest: " + ", ".join(_ms(v) for v in slowest))
    return LATENCY.fail(
        f"p95 {p95} is over the {budget} budget: one request in twenty "
        f"took at least that long ({summary.count} requests)",
        url,
        details=details,
        remediation=_where_the_time_goes(data, summary),
        data=data,
    )


def _unmeasured_fix(m: Measurement) -> str:
    if m.errors and all(s.status is not None for s in m.errors):
        return (
            "The server answered every request, with an unexpected status: measure the URL "
            "that serves the page or API itself (the final URL, not a redirect), fix the "
            "endpoint, or set the endpoint's `status:` to what it should answer."
        )
    return "Check that the URL is reachable from where launchgate runs."


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:g} MB"


def _connections_line(connections: str, m: Measurement, concurrency: int) -> str:
    if connections == "fresh":
        return (
            "connections: fresh — every request opened its own connection (TLS handshake counted)"
        )
    opened = sum(1 for s in m.samples if s.new_connection)
    if opened > concurrency:
        return (
            f"connections: reuse, but {opened} of {len(m.samples)} requests had to open a new "
            "connection: the server closes connections (no keep-alive), so visitors pay a "
            "handshake on every request"
        )
    return "connections: reuse — keep-alive connections, so the handshake is paid once per worker"


def _timeout_lines(m: Measurement) -> list[str]:
    timeouts = [s for s in m.samples if s.kind == "timeout"]
    if not timeouts:
        return []
    return [f"{len(timeouts)} request(s) timed out and count at the time they were abandoned"]


def errors_result(url: str, m: Measurement, max_errors: int) -> Result:
    """performance.errors: failed requests against ``max_errors``."""
    errors = m.errors
    data = {"errors": len(errors), "samples": m.planned, "max_errors": max_errors}
    details = [f"{n}× {text}" for text, n in m.error_kinds().most_common(5)]
    if m.warmup_failures:
        details.append(f"{m.warmup_failures} warmup request(s) failed too (not counted)")
    if m.stopped:
        details.append(f"{m.stopped}; {m.planned - len(m.samples)} request(s) not sent")
    sent = len(m.samples)
    if errors and all(s.kind == "resolver" for s in errors):
        return ERRORS.error(
            f"could not verify {url}: {errors[0].error}",
            url,
            details=details,
            remediation="Nothing was judged because DNS lookups failed: check that the resolver "
            "answers (network.nameservers or --nameserver), or pin the host with network.resolve.",
            data=data,
        )
    if len(errors) > max_errors or (m.stopped and len(errors) > 0):
        first = errors[0].error if errors else m.stopped
        return ERRORS.fail(
            f"{len(errors)} of {sent} requests to {url} failed (allowed: {max_errors}): {first}",
            url,
            details=details,
            data=data,
        )
    if errors:
        message = f"{len(errors)} of {sent} requests failed, within max_errors {max_errors}"
        return ERRORS.passed(message, url, details=details, data=data)
    return ERRORS.passed(f"all {sent} requests answered as expected", url, data=data)


def regression_limit_ms(baseline_ms: float, max_regression: float) -> float:
    """The highest p95 that is not a regression."""
    return max(baseline_ms * (1 + max_regression), baseline_ms + MIN_REGRESSION_MS)


def regression_result(
    url: str, p95_ms: float, baseline_ms: float, max_regression: float | None
) -> Result:
    """performance.regression: the p95 now against the baseline's."""
    allowed = DEFAULT_MAX_REGRESSION if max_regression is None else max_regression
    limit = regression_limit_ms(baseline_ms, allowed)
    growth = (p95_ms - baseline_ms) / baseline_ms if baseline_ms > 0 else 0.0
    data = {
        "p95_ms": round(p95_ms, 2),
        "baseline_p95_ms": round(baseline_ms, 2),
        "regression_pct": round(growth * 100, 1),
        "max_regression_pct": round(allowed * 100, 1),
        "limit_ms": round(limit, 2),
    }
    both = f"{_ms(p95_ms)} now, {_ms(baseline_ms)} in the baseline"
    if p95_ms > limit:
        return REGRESSION.fail(
            f"p95 grew {growth:.0%} over the baseline: {both} (allowed +{allowed:.0%})",
            url,
            details=[f"limit: {_ms(limit)}"],
            data=data,
        )
    return REGRESSION.passed(f"p95 {both} ({growth:+.0%}, allowed +{allowed:.0%})", url, data=data)


def lighthouse_result(
    url: str,
    report: LighthouseReport,
    min_score: int,
    form_factor: str,
    scores: Sequence[int] = (),
) -> Result:
    """performance.lighthouse: the score against ``min_score``, heaviest opportunities listed."""
    top = report.opportunities[:3]
    data: dict[str, Any] = {
        "score": report.score,
        "min_score": min_score,
        "form_factor": form_factor,
        "lighthouse_version": report.version,
        **report.metrics,
        "opportunities": [
            {"title": o.title, "savings_ms": o.savings_ms, "savings_bytes": o.savings_bytes}
            for o in top
        ],
    }
    details = _lighthouse_details(url, report)
    if len(scores) > 1:
        details.insert(0, f"median of {len(scores)} runs: scores {', '.join(map(str, scores))}")
        data["runs"] = len(scores)
    if report.runtime_error or report.score is None:
        reason = report.runtime_error or "; ".join(report.warnings) or "no score in its report"
        return LIGHTHOUSE.error(
            f"Lighthouse could not score {url}: {reason}",
            url,
            details=details,
            remediation="Open the page in a browser from where launchgate runs and fix what stops it loading.",
            data=data,
        )
    if report.score >= min_score:
        message = (
            f"Lighthouse performance score {report.score} ({form_factor}), minimum {min_score}"
        )
        return LIGHTHOUSE.passed(message, url, details=details, data=data)
    fix = "Heaviest opportunities first: " + "; ".join(
        f"{i}. {o.describe()}" for i, o in enumerate(top, 1)
    )
    return LIGHTHOUSE.fail(
        f"Lighthouse performance score {report.score} ({form_factor}) is below the minimum "
        f"{min_score}",
        url,
        details=details,
        remediation=fix if top else LIGHTHOUSE.fix,
        data=data,
    )


def _lighthouse_details(url: str, report: LighthouseReport) -> list[str]:
    names = {
        "fcp_ms": "first contentful paint",
        "lcp_ms": "largest contentful paint",
        "tbt_ms": "total blocking time",
        "speed_index_ms": "speed index",
    }
    lines = [" · ".join(f"{names[k]} {_ms(v)}" for k, v in report.metrics.items() if k in names)]
    if "cls" in report.metrics:
        lines[0] += f" · layout shift {report.metrics['cls']}"
    lines += [f"opportunity: {o.describe()}" for o in report.opportunities[:3]]
    if report.final_url and report.final_url.rstrip("/") != url.rstrip("/"):
        lines.append(f"audited page after redirects: {report.final_url}")
    lines += [f"Lighthouse warning: {w}" for w in report.warnings[:3]]
    return [line for line in lines if line]
