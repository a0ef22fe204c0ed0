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
        return retry_after_header(wait)


def retry_after_header(wait: float) -> str:
    """A ``Retry-After`` value: whole seconds, at least 1."""
    return str(max(1, math.ceil(wait)))


class FailureCounter:
    """At most ``max_failures`` failures per key within ``window_seconds`` (sliding window), per process.

    For checks that can be guessed (a 4-digit verification, a one-time code, a password):
    ``blocked(key)`` is the seconds until the oldest failure in the window expires, 0.0 if not blocked.
    """

    def __init__(
        self,
        max_failures: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = 100_000,
    ) -> None:
        if max_failures < 1 or window_seconds <= 0:
            raise ValueError("failure counter needs max_failures >= 1 and window_seconds > 0")
        self.max_failures = max_failures
        self.window = window_seconds
        self.clock = clock
        self.max_keys = max_keys
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, ()) if now - t < self.window]
        if times:
            self._failures[key] = times
        else:
            self._failures.pop(key, None)
        return times

    def blocked(self, key: str) -> float:
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            if len(times) < self.max_failures:
                return 0.0
            return times[-self.max_failures] + self.window - now

    def record(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            if key not in self._failures and len(self._failures) >= self.max_keys:
                for old in list(self._failures):
                    self._recent(old, now)
            self._recent(key, now)
            self._failures.setdefault(key, []).append(now)

    def reset(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)
