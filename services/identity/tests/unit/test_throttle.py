"""Login throttling: a growing delay after 5 failures, a 15-minute lock after 10."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from services.identity.domain.throttle import ThrottlePolicy, seconds_left

NOW = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
POLICY = ThrottlePolicy()


def test_the_first_four_failures_cost_nothing() -> None:
    assert [POLICY.locked_until(n, now=NOW) for n in range(1, 5)] == [None] * 4


def test_from_the_fifth_failure_the_delay_doubles() -> None:
    waits = [(POLICY.locked_until(n, now=NOW) - NOW).total_seconds() for n in range(5, 10)]  # type: ignore[operator]
    assert waits == [1, 2, 4, 8, 16]


def test_the_tenth_failure_locks_for_fifteen_minutes_and_so_does_each_after_it() -> None:
    for failures in (10, 11, 30):
        assert POLICY.locked_until(failures, now=NOW) == NOW + timedelta(minutes=15)


def test_the_delay_never_exceeds_the_lock() -> None:
    policy = ThrottlePolicy(delay_after=1, delay_base_seconds=60, lock_after=100)
    assert policy.locked_until(50, now=NOW) == NOW + timedelta(minutes=15)


def test_seconds_left_rounds_up_and_is_zero_once_free() -> None:
    until = NOW + timedelta(seconds=1.2)
    assert seconds_left(until, now=NOW) == 2
    assert seconds_left(until, now=until) == 0
    assert seconds_left(None, now=NOW) == 0
