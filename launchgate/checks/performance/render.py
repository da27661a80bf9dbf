"""Pictures of a latency distribution: a one-line histogram for the console, Mermaid for Markdown."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from launchgate.checks.performance.stats import LatencySummary

BLOCKS = "▁▂▃▄▅▆▇█"
NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
# Within budget, over budget (Mermaid draws each bar series in the next colour).
PALETTE = "#2e7d32, #c62828"


@dataclass(frozen=True)
class Bins:
    """Equal-width bins from ``start``: ``counts[i]`` values fell in [start+i*width, +width)."""

    start: float
    width: float
    counts: tuple[int, ...]

    def edges(self, i: int) -> tuple[float, float]:
        return self.start + i * self.width, self.start + (i + 1) * self.width


def nice_width(span: float, bins: int) -> float:
    """The smallest 1/2/2.5/5 × 10^k width that covers ``span`` in ``bins`` bins."""
    raw = max(span / max(bins, 1), 1e-9)
    power = 10 ** math.floor(math.log10(raw))
    return next(step * power for step in NICE_STEPS if step * power >= raw * (1 - 1e-9))


def histogram(values: Sequence[float], bins: int) -> Bins:
    """Bin ``values`` into at most ``bins`` equal bins with round edges."""
    if not values:
        return Bins(0.0, 1.0, ())
    low, high = min(values), max(values)
    width = nice_width(high - low, bins)
    start = math.floor(low / width) * width
    count = max(1, min(bins, math.floor((high - start) / width) + 1))
    while start + count * width <= high:
        count += 1
    counts = [0] * count
    for value in values:
        counts[min(count - 1, int((value - start) // width))] += 1
    return Bins(start, width, tuple(counts))


def _fmt(ms: float) -> str:
    return f"{ms:.0f}" if ms >= 10 or ms == int(ms) else f"{ms:.1f}".rstrip("0").rstrip(".")


def console_line(values_ms: Sequence[float], summary: LatencySummary, budget_ms: float) -> str:
    """``3 ms ▁▃█▅▂ ▁ 48 ms · p95 41 ms / budget 300 ms``: plain text, one line."""
    bins = histogram(values_ms, 24)
    peak = max(bins.counts, default=0) or 1
    bars = "".join(
        " " if n == 0 else BLOCKS[min(len(BLOCKS) - 1, (n * len(BLOCKS) - 1) // peak)]
        for n in bins.counts
    )
    return (
        f"{_fmt(summary.min)} ms {bars} {_fmt(summary.max)} ms · "
        f"p95 {_fmt(summary.p95)} ms / budget {_fmt(budget_ms)} ms"
    )


def _label(bins: Bins, i: int) -> str:
    low, high = bins.edges(i)
    return f"{_fmt(low)}-{_fmt(high)}"


def mermaid_chart(title: str, values_ms: Sequence[float], budget_ms: float) -> str:
    """A Mermaid xychart: requests per latency bin, bins past the budget in a second colour."""
    bins = histogram(values_ms, 12)
    within = [n if bins.edges(i)[1] <= budget_ms else 0 for i, n in enumerate(bins.counts)]
    over = [n - w for n, w in zip(bins.counts, within, strict=True)]
    labels = ", ".join(f'"{_label(bins, i)}"' for i in range(len(bins.counts)))
    safe_title = title.replace('"', "'")
    lines = [
        "```mermaid",
        '%%{init: {"themeVariables": {"xyChart": {"plotColorPalette": "' + PALETTE + '"}}}}%%',
        "xychart-beta",
        f'    title "{safe_title}"',
        f'    x-axis "latency (ms)" [{labels}]',
        f'    y-axis "requests" 0 --> {max(bins.counts, default=0) + 1}',
        f"    bar [{', '.join(map(str, within))}]",
        f"    bar [{', '.join(map(str, over))}]",
        "```",
    ]
    return "\n".join(lines)


def figures_table(summary: LatencySummary, budget_ms: float, errors: int, planned: int) -> str:
    """The numbers beside the chart, as a one-row Markdown table."""
    head = "| p50 | p90 | p95 | p99 | max | mean | budget (p95) | errors |"
    rule = "|---:|---:|---:|---:|---:|---:|---:|---:|"
    cells = [summary.p50, summary.p90, summary.p95, summary.p99, summary.max, summary.mean]
    row = " | ".join(f"{_fmt(v)} ms" for v in cells)
    return f"{head}\n{rule}\n| {row} | {_fmt(budget_ms)} ms | {errors}/{planned} |"


def markdown_block(
    url: str,
    values_ms: Sequence[float],
    summary: LatencySummary,
    budget_ms: float,
    errors: int,
    planned: int,
) -> str:
    """Figures table, then the distribution chart (GitHub and GitLab render ```mermaid)."""
    title = f"{url} - {len(values_ms)} requests, p95 {_fmt(summary.p95)} ms"
    table = figures_table(summary, budget_ms, errors, planned)
    return f"{table}\n\n{mermaid_chart(title, values_ms, budget_ms)}\n"
