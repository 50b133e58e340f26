"""A token bucket shared by the workers, and the retry backoff."""

from __future__ import annotations

import random
import threading
import time


class TokenBucket:
    """At most `rate` messages per second on average, bursts of at most `burst`; rate None means no limit.

    Each caller reserves a slot under the lock and sleeps outside it, so waiting workers queue up fairly.
    """

    def __init__(self, rate: float | None, burst: float | None = None, clock=time.monotonic, sleep=time.sleep):
        self.rate = rate
        self.capacity = burst if burst is not None else max(1.0, (rate or 0) / 10)  # 100 ms worth
        self.tokens = self.capacity
        self.clock, self.sleep = clock, sleep
        self.last = clock()
        self._lock = threading.Lock()

    def acquire(self) -> float:
        """Take one token, waiting as needed; returns the time waited (seconds)."""
        if not self.rate:
            return 0.0
        with self._lock:
            now = self.clock()
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now
            self.tokens -= 1
            wait = -self.tokens / self.rate if self.tokens < 0 else 0.0
        if wait > 0:
            self.sleep(wait)
        return wait


def backoff(attempt: int, base: float, cap: float, rng=random.random) -> float:
    """Delay before retry number `attempt` (1, 2, ...): exponential with jitter, at most `cap`."""
    delay = min(cap, base * 2 ** (attempt - 1))
    return delay * (0.5 + rng() / 2)
