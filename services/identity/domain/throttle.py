"""Per-account login throttling: a growing delay, then a lock.

After ``delay_after`` consecutive failures each further failure makes the account wait
``delay_base_seconds * 2**(failures - delay_after)``; at ``lock_after`` failures it is
locked for ``lock_seconds``. A success clears the count. The state is kept per
(practice, email) whether or not an account exists, so the answers do not tell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class ThrottlePolicy:
    delay_after: int = 5
    delay_base_seconds: float = 1.0
    lock_after: int = 10
    lock_seconds: float = 900.0

    def locked_until(self, failures: int, *, now: datetime) -> datetime | None:
        """Until when sign-in waits after the ``failures``-th consecutive failure."""
        if failures >= self.lock_after:
            return now + timedelta(seconds=self.lock_seconds)
        if failures >= self.delay_after:
            wait = self.delay_base_seconds * 2 ** (failures - self.delay_after)
            return now + timedelta(seconds=min(wait, self.lock_seconds))
        return None


def seconds_left(locked_until: datetime | None, *, now: datetime) -> int:
    """Whole seconds still to wait (0 when free to try)."""
    if locked_until is None or locked_until <= now:
        return 0
    return max(1, math.ceil((locked_until - now).total_seconds()))
