"""In-process token buckets, one per key (a citizen's channel and sender_id, a client address).

Standard library only: the channel connectors use it too. The state lives in
the memory of one process, so the limit holds per process: run the backend with
one worker (``python -m backend serve`` does) or put a shared limiter in front
when scaling out. Idle buckets are forgotten once full again, so memory stays
bounded by the number of keys active within one refill period.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """``capacity`` requests at once, refilled at ``per_minute`` per minute, per key."""

    def __init__(
        self, per_minute: float, capacity: int, clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000
    ) -> None:
        if per_minute <= 0 or capacity < 1:
            raise ValueError("rate limit needs per_minute > 0 and capacity >= 1")
        self.rate = per_minute / 60.0
        self.capacity = float(capacity)
        self.clock = clock
        self.max_keys = max_keys
        self._buckets: dict[str, _Bucket] = {}
        self._lock = threading.Lock()

    def _refill(self, bucket: _Bucket, now: float) -> None:
        bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
        bucket.updated = now

    def _prune(self, now: float) -> None:
        for key in [k for k, b in self._buckets.items() if b.tokens + (now - b.updated) * self.rate >= self.capacity]:
            del self._buckets[key]

    def acquire(self, key: str) -> float:
        """Take one token for ``key``: 0.0 when allowed, else the seconds to wait before retrying."""
        with self._lock:
            now = self.clock()
            bucket = self._buckets.get(key)
            if bucket is None:
                if len(self._buckets) >= self.max_keys:
                    self._prune(now)
                bucket = self._buckets[key] = _Bucket(self.capacity, now)
            else:
                self._refill(bucket, now)
            if bucket.tokens >= 1.0:
                bucket.tokens -= 1.0
                return 0.0
            return (1.0 - bucket.tokens) / self.rate

    def retry_after_header(self, wait: float) -> str:
        return str(max(1, math.ceil(wait)))
