"""The benchmarks' one percentile: nearest rank, the smallest value with at least q of the values at or below it."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from percentiles import percentile  # noqa: E402  (bench/ holds scripts, not a package)


def test_nearest_rank():
    hundred = list(range(100, 0, -1))  # unsorted on purpose
    assert percentile(hundred, 0.95) == 95
    assert percentile(hundred, 0.99) == 99
    assert percentile(hundred, 1.0) == 100
    assert percentile([3.0, 1.0, 2.0, 4.0], 0.5) == 2.0
    assert percentile([7.0], 0.95) == 7.0
    assert percentile(list(range(1, 11)), 0.95) == 10  # 9.5 values is not enough: the 10th
