"""Per-client token buckets for the authentication endpoints.

The buckets live in this process's memory: with several gateway replicas each replica
has its own buckets, so a client spread over N replicas gets up to N times the rate.
That is acceptable for slowing password guessing (identity also locks accounts); a
shared store would cost a round trip on every login for little gain.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class _Bucket:
    tokens: float
    updated: float


class TokenBucketLimiter:
    """``rate_per_minute`` sustained, ``burst`` at once, per key (a client IP).

    Memory is bounded: buckets are kept in least-recently-used order, a bucket idle long
    enough to have refilled is dropped (forgetting it changes nothing), and past
    ``max_keys`` the least recently used is dropped even if not full.
    """

    def __init__(
        self,
        *,
        rate_per_minute: float,
        burst: int,
        max_keys: int = 10_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._rate = rate_per_minute / 60.0
        self._burst = float(max(burst, 1))
        self._max_keys = max_keys
        self._clock = clock
        self._refill_seconds = self._burst / self._rate
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def __len__(self) -> int:
        return len(self._buckets)

    def take(self, key: str) -> float | None:
        """Spend one token for ``key``: None if allowed, else seconds until one is due."""
        now = self._clock()
        self._evict_idle(now)
        bucket = self._buckets.pop(key, None) or _Bucket(self._burst, now)
        bucket.tokens = min(self._burst, bucket.tokens + (now - bucket.updated) * self._rate)
        bucket.updated = now
        self._buckets[key] = bucket  # most recently used goes last
        if len(self._buckets) > self._max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return (1.0 - bucket.tokens) / self._rate

    def _evict_idle(self, now: float) -> None:
        # Oldest first, so this stops at the first bucket still refilling: O(1) amortised.
        while self._buckets:
            oldest = next(iter(self._buckets.values()))
            if now - oldest.updated < self._refill_seconds:
                return
            self._buckets.popitem(last=False)


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))
