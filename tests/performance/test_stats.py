"""Percentiles by nearest rank on samples whose answers are known."""

from __future__ import annotations

import pytest

from launchgate.checks.performance.stats import nearest_rank, summarize


def test_nearest_rank_textbook_example() -> None:
    # The worked example of the nearest-rank method (15, 20, 35, 40, 50).
    values = [40, 15, 50, 35, 20]
    assert nearest_rank(values, 5) == 15
    assert nearest_rank(values, 30) == 20
    assert nearest_rank(values, 40) == 20
    assert nearest_rank(values, 50) == 35
    assert nearest_rank(values, 100) == 50


def test_p95_of_twenty_samples_is_the_nineteenth() -> None:
    values = list(range(1, 21))
    assert nearest_rank(values, 95) == 19
    assert nearest_rank(values, 50) == 10
    assert nearest_rank(values, 90) == 18
    assert nearest_rank(values, 99) == 20


def test_hundred_samples_and_zero_percentile() -> None:
    values = [float(v) for v in range(100, 0, -1)]
    assert nearest_rank(values, 95) == 95.0
    assert nearest_rank(values, 0) == 1.0


def test_single_value_and_bad_input() -> None:
    assert nearest_rank([7.5], 95) == 7.5
    with pytest.raises(ValueError):
        nearest_rank([], 50)
    with pytest.raises(ValueError):
        nearest_rank([1.0], 101)


def test_summary_figures() -> None:
    summary = summarize([10.0, 20.0, 30.0, 40.0, 1000.0])
    assert summary is not None
    assert (summary.p50, summary.p90, summary.p95, summary.max, summary.min) == (
        30.0,
        1000.0,
        1000.0,
        1000.0,
        10.0,
    )
    assert summary.mean == pytest.approx(220.0)
    assert summary.as_data()["p95_ms"] == 1000.0
    assert summarize([]) is None
