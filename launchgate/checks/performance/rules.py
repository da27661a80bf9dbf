"""The rules of the performance checks (``launchgate explain`` and SARIF read these)."""

from __future__ import annotations

from launchgate.core.model import Severity
from launchgate.core.rules import Rule

LATENCY = Rule(
    id="performance.latency",
    title="Latency budget (p95)",
    severity=Severity.HIGH,
    what=(
        "Sends `warmup` uncounted requests, then `samples` GET requests (with `concurrency` "
        "workers) to the endpoint, and compares the 95th percentile of the total time "
        "(nearest rank) with the endpoint's `p95` budget."
    ),
    why=(
        "The p95 is what one visitor in twenty waits at least, on every page they open; a "
        "slow core page or API loses sign-ups and sales long before it shows in an average."
    ),
    fix=(
        "Look at the phase breakdown: a slow time to first byte is the server (profile the "
        "handler, add caching or database indexes); slow connect/TLS is distance or "
        "handshakes (keep-alive, TLS session resumption, a CDN or an origin closer to users). "
        "Raise the budget only as a deliberate decision."
    ),
)

ERRORS = Rule(
    id="performance.errors",
    title="Failed requests under load",
    severity=Severity.HIGH,
    what=(
        "Counts the measured requests that got no answer (timeout, refused, TLS or protocol "
        "error) or an unexpected status; more than `max_errors` fails."
    ),
    why=(
        "Requests that fail while the endpoint is being measured fail for real visitors too, "
        "and a fast error page makes latency figures look better than the real thing."
    ),
    fix=(
        "Read the listed errors and the server logs for the same minute: fix crashes, raise "
        "worker or connection limits, or correct the expected `status` in launchgate.yml."
    ),
)

REGRESSION = Rule(
    id="performance.regression",
    title="Latency regression against the baseline",
    severity=Severity.HIGH,
    what=(
        "Compares the endpoint's p95 with the p95 recorded in the `performance.baseline` file "
        "and fails when it grew more than `max_regression` (default 25%, and at least 5 ms)."
    ),
    why=(
        "A deploy that makes a page 60% slower may still be inside its budget, yet users "
        "feel it; catching the jump before the deploy is cheaper than finding it in reviews."
    ),
    fix=(
        "Find the change that made the endpoint slower (a new query, a missing index, a "
        "blocking call). If the new speed is expected, record it with "
        "`launchgate check --update-baseline` and commit the baseline file."
    ),
)

BASELINE = Rule(
    id="performance.baseline",
    title="Performance baseline",
    severity=Severity.INFO,
    what="Reads (or, with `--update-baseline`, writes) the `performance.baseline` file.",
    why="Regressions can only be caught against figures of an earlier, accepted run.",
    fix=(
        "Run `launchgate check --only performance --update-baseline` on a known-good deploy "
        "and commit the file named by `performance.baseline`."
    ),
)

LIGHTHOUSE = Rule(
    id="performance.lighthouse",
    title="Lighthouse performance score",
    severity=Severity.HIGH,
    what=(
        "Runs a Lighthouse performance audit of the page in headless Chrome/Chromium "
        "(mobile or desktop) and fails when the score is below `min_score` (default 85)."
    ),
    why=(
        "The score sums up what a visitor on a mid-range phone sees: how soon content "
        "appears, how long the page is blocked, how much it jumps. Search ranking uses the "
        "same measurements."
    ),
    fix=(
        "Work through the listed opportunities, heaviest first (unused JavaScript, image "
        "sizes and formats, render-blocking resources), then run the audit again."
    ),
)

RULES = [LATENCY, ERRORS, REGRESSION, BASELINE, LIGHTHOUSE]
