"""Performance: p95 latency budgets, regressions against a baseline, a Lighthouse audit.

Every check here runs in the ``performance`` phase (after all other checks, one at a time) so
that the figures are not disturbed by the rest of the run. Facts come from
``launchgate.checks.performance.measure`` and ``launchgate.checks.performance.lighthouse``; verdicts from
``launchgate.checks.performance.judge``.
"""

from __future__ import annotations

import base64
import math
import ssl
from collections.abc import Iterator
from functools import partial
from urllib.parse import unquote, urlsplit

from launchgate.checks.performance import judge
from launchgate.checks.performance import lighthouse as lh
from launchgate.checks.performance.baseline_step import baseline_note, baseline_step
from launchgate.checks.performance.measure import Plan, measure
from launchgate.checks.performance.rules import BASELINE, LATENCY, LIGHTHOUSE, RULES
from launchgate.config.model import GateConfig, LighthouseConfig, PerfEndpoint, PerformanceConfig
from launchgate.core.model import Result
from launchgate.core.rules import Check, RunContext
from launchgate.net.addr import connect_targets, ssl_context
from launchgate.net.timed import ClientOptions, Target, display_url

__all__ = ["RULES", "plan"]

LIGHTHOUSE_TIMEOUT = 120.0  # one audit; a close score is audited up to three times


def plan(config: GateConfig) -> list[Check]:
    perf = config.performance
    if perf is None:
        return []
    checks: list[Check] = []
    seen: set[str] = set()
    for index, endpoint in enumerate(perf.endpoints):
        shown = display_url(endpoint.url)
        if shown in seen:
            continue
        seen.add(shown)
        checks.append(
            Check(
                LATENCY,
                partial(_run_endpoint, endpoint),
                target=shown,
                config_key=f"performance.endpoints.{index}",
                timeout=endpoint_timeout(perf, config.timeout),
                phase="performance",
            )
        )
    if perf.lighthouse is not None:
        checks.append(_lighthouse_check(perf.lighthouse))
    if perf.endpoints:
        checks.append(
            Check(
                BASELINE,
                baseline_note,
                config_key="performance.baseline",
                network=False,
                phase="performance",
            )
        )
    return checks


def endpoint_timeout(perf: PerformanceConfig, request_timeout: float) -> float:
    """Time one endpoint may take when every request is slow but still answers."""
    rounds = math.ceil((perf.samples + perf.warmup) / max(1, perf.concurrency))
    return rounds * request_timeout * 1.5 + 30


def _lighthouse_check(config: LighthouseConfig) -> Check:
    return Check(
        LIGHTHOUSE,
        partial(_run_lighthouse, config),
        target=config.url,
        config_key="performance.lighthouse",
        timeout=lh.MAX_RUNS * LIGHTHOUSE_TIMEOUT + 60,
        phase="performance",
    )


def _client_options(ctx: RunContext, endpoint: PerfEndpoint, target: Target) -> ClientOptions:
    context = None
    if target.scheme == "https":
        context = ctx.shared("performance.ssl_context", partial(ssl_context, ctx))
    return ClientOptions(
        timeout=ctx.config.timeout,
        resolve=partial(connect_targets, ctx),
        ssl_context=context,
        expected_status=endpoint.status,
        headers=_credentials(ctx, endpoint.url),
    )


def _credentials(ctx: RunContext, url: str) -> dict[str, str]:
    """Basic auth from ``https://user:pass@host/`` (as curl does); the password is a secret."""
    parts = urlsplit(url)
    if parts.username is None:
        return {}
    password = unquote(parts.password or "")
    if password:
        ctx.redactor.add(password)
    pair = f"{unquote(parts.username)}:{password}".encode()
    return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}


def _run_endpoint(endpoint: PerfEndpoint, ctx: RunContext) -> Iterator[Result]:
    perf = ctx.config.performance
    assert perf is not None
    url = display_url(endpoint.url)
    try:
        target = Target.parse(endpoint.url)
        options = _client_options(ctx, endpoint, target)
    except ValueError as exc:
        yield LATENCY.error(f"cannot measure {url}: {exc}", url)
        return
    except (OSError, ssl.SSLError) as exc:
        yield LATENCY.error(
            f"could not measure {url}: network.ca_bundle cannot be loaded ({exc})",
            url,
            remediation="Point network.ca_bundle at a readable PEM file of CA certificates.",
        )
        return
    load = Plan(
        samples=perf.samples,
        warmup=perf.warmup,
        concurrency=perf.concurrency,
        fresh=perf.connections == "fresh",
        max_errors=perf.max_errors,
    )
    measurement = measure(target, options, load)
    budget_ms = endpoint.p95 * 1000
    yield judge.latency_result(url, measurement, budget_ms, perf.connections, perf.concurrency)
    yield judge.errors_result(url, measurement, perf.max_errors)
    yield from baseline_step(ctx, url, measurement)


def _run_lighthouse(config: LighthouseConfig, ctx: RunContext) -> Iterator[Result]:
    url = config.url
    tooling = lh.find_tooling(ctx.environ, ctx.base_dir)
    if isinstance(tooling, str):
        yield LIGHTHOUSE.error(f"cannot audit {url}: {tooling}", url, remediation=lh.INSTALL_HINT)
        return
    command = lh.build_command(
        tooling,
        url,
        config.form_factor,
        pins=ctx.config.network.resolve,
        insecure=bool(ctx.config.network.ca_bundle),
    )
    reports: list[lh.LighthouseReport] = []
    try:
        while lh.needs_another_run(reports, config.min_score):
            raw = lh.run(command, ctx.environ, tooling.chrome, LIGHTHOUSE_TIMEOUT)
            reports.append(lh.parse_report(raw))
    except lh.LighthouseError as exc:
        if not reports:
            yield LIGHTHOUSE.error(f"cannot audit {url}: {exc}", url, remediation=lh.INSTALL_HINT)
            return
    scores = [r.score for r in reports if r.score is not None]
    report = lh.median_report(reports)
    yield judge.lighthouse_result(url, report, config.min_score, config.form_factor, scores)
