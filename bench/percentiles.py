"""One definition of a latency percentile for every benchmark: the nearest-rank method (the smallest value with at
least ``q`` of the values at or below it), so figures from different benchmarks compare."""

from __future__ import annotations

import math


def percentile(values: list[float], q: float) -> float:
    """The ``q`` percentile (0 < q ≤ 1, e.g. 0.95) of ``values`` by nearest rank."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]
