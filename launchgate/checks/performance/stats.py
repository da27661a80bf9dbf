"""Percentiles by the nearest-rank method and the figures reported for one endpoint."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

PERCENTILES = (50, 90, 95, 99)


def nearest_rank(values: Sequence[float], percentile: float) -> float:
    """The smallest value such that at least ``percentile``% of ``values`` are <= it.

    Nearest rank (as k6, Gatling and NIST's "empirical distribution" with no interpolation):
    an actually observed value, never an average of two, so a p95 of 20 samples is the 19th.
    """
    if not values:
        raise ValueError("no values")
    if not 0 <= percentile <= 100:
        raise ValueError(f"percentile {percentile} outside 0-100")
    ordered = sorted(values)
    rank = max(1, math.ceil(percentile / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class LatencySummary:
    """Figures of one endpoint, in milliseconds."""

    count: int
    p50: float
    p90: float
    p95: float
    p99: float
    max: float
    min: float
    mean: float

    def as_data(self) -> dict[str, float]:
        return {
            "p50_ms": round(self.p50, 2),
            "p90_ms": round(self.p90, 2),
            "p95_ms": round(self.p95, 2),
            "p99_ms": round(self.p99, 2),
            "max_ms": round(self.max, 2),
            "min_ms": round(self.min, 2),
            "mean_ms": round(self.mean, 2),
        }


def summarize(values_ms: Sequence[float]) -> LatencySummary | None:
    """Percentiles, max, min and mean of ``values_ms``; None when there is nothing to summarize."""
    if not values_ms:
        return None
    return LatencySummary(
        count=len(values_ms),
        p50=nearest_rank(values_ms, 50),
        p90=nearest_rank(values_ms, 90),
        p95=nearest_rank(values_ms, 95),
        p99=nearest_rank(values_ms, 99),
        max=max(values_ms),
        min=min(values_ms),
        mean=sum(values_ms) / len(values_ms),
    )


def median(values: Sequence[float]) -> float:
    """Nearest-rank median (0 for no values): used for the per-phase breakdown."""
    return nearest_rank(values, 50) if values else 0.0
