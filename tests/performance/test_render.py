"""Console histogram and Mermaid chart of a latency distribution."""

from __future__ import annotations

from launchgate.checks.performance.render import (
    console_line,
    histogram,
    markdown_block,
    mermaid_chart,
)
from launchgate.checks.performance.stats import summarize

VALUES = [12.0, 14.0, 15.0, 15.5, 16.0, 18.0, 22.0, 40.0, 95.0, 310.0]


def test_histogram_counts_every_value_in_round_bins() -> None:
    bins = histogram(VALUES, 12)
    assert sum(bins.counts) == len(VALUES)
    assert len(bins.counts) <= 13
    assert bins.start <= min(VALUES)
    assert bins.edges(len(bins.counts) - 1)[1] > max(VALUES)
    assert bins.width in (25.0, 50.0)


def test_histogram_of_identical_values() -> None:
    bins = histogram([5.0, 5.0, 5.0], 10)
    assert sum(bins.counts) == 3


def test_console_line_is_one_plain_line() -> None:
    summary = summarize(VALUES)
    assert summary is not None
    line = console_line(VALUES, summary, 300.0)
    assert "\n" not in line
    assert line.startswith("12 ms ")
    assert "█" in line
    assert "p95 310 ms / budget 300 ms" in line


def test_mermaid_chart_puts_slow_bins_in_the_second_series() -> None:
    chart = mermaid_chart("api", VALUES, budget_ms=100.0)
    lines = chart.splitlines()
    assert lines[0] == "```mermaid" and lines[-1] == "```"
    assert "xychart-beta" in chart
    bars = [line.strip() for line in lines if line.strip().startswith("bar ")]
    within = [int(v) for v in bars[0][5:-1].split(",")]
    over = [int(v) for v in bars[1][5:-1].split(",")]
    assert sum(within) == 9 and sum(over) == 1


def test_markdown_block_has_figures_and_chart() -> None:
    summary = summarize(VALUES)
    assert summary is not None
    block = markdown_block('https://x.test/"q"', VALUES, summary, 300.0, 1, 11)
    table_row = block.splitlines()[2]
    assert table_row.startswith("| 16 ms | 95 ms | 310 ms | 310 ms | 310 ms | 56 ms |")
    assert table_row.endswith("| 300 ms | 1/11 |")
    assert '"q"' not in block.split("```mermaid")[1]
