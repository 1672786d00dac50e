"""Failed-login counts per (practice, email digest)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from shared.db import Connection


async def locked_until(
    conn: Connection, *, practice_id: UUID, email_digest: bytes
) -> datetime | None:
    value: datetime | None = await conn.fetchval(
        "SELECT locked_until FROM login_throttle WHERE practice_id = $1 AND email_digest = $2",
        practice_id,
        email_digest,
    )
    return value


async def count_attempt(
    conn: Connection, *, practice_id: UUID, email_digest: bytes, at: datetime
) -> int | None:
    """Count one more attempt as a failure unless locked at ``at``; returns the
    consecutive failures so far, or None while locked.

    Check and count are one statement on a row lock held to the end of the
    transaction: attempts sent in parallel queue here, and each sees the lock the
    previous one set (a separate read, then a write, would let them all through)."""
    failures = await conn.fetchval(
        "INSERT INTO login_throttle (practice_id, email_digest, failures, last_failure_at)"
        " VALUES ($1, $2, 1, $3) ON CONFLICT (practice_id, email_digest) DO UPDATE"
        " SET failures = login_throttle.failures + 1, last_failure_at = $3"
        " WHERE login_throttle.locked_until IS NULL OR login_throttle.locked_until <= $3"
        " RETURNING failures",
        practice_id,
        email_digest,
        at,
    )
    return None if failures is None else int(failures)


async def lock(
    conn: Connection, *, practice_id: UUID, email_digest: bytes, until: datetime
) -> None:
    await conn.execute(
        "UPDATE login_throttle SET locked_until = $3 WHERE practice_id = $1 AND email_digest = $2",
        practice_id,
        email_digest,
        until,
    )


async def forgive_one(
    conn: Connection, *, practice_id: UUID, email_digest: bytes, counted: int
) -> None:
    """Take back an attempt counted as the ``counted``-th failure that was neither right
    nor wrong (a password accepted, a code still to come). When nothing was counted since,
    the delay or lock it set goes too (the attempt was let in, so none was in force)."""
    await conn.execute(
        "UPDATE login_throttle SET failures = greatest(failures - 1, 0),"
        " locked_until = CASE WHEN failures = $3 THEN NULL ELSE locked_until END"
        " WHERE practice_id = $1 AND email_digest = $2",
        practice_id,
        email_digest,
        counted,
    )


async def clear(conn: Connection, *, practice_id: UUID, email_digest: bytes) -> None:
    await conn.execute(
        "DELETE FROM login_throttle WHERE practice_id = $1 AND email_digest = $2",
        practice_id,
        email_digest,
    )


async def purge_idle(conn: Connection, *, last_failure_before: datetime, now: datetime) -> int:
    """Forget counts with no failure since ``last_failure_before`` and no lock in force:
    a quiet day starts the count afresh, and the table does not grow for ever."""
    result = await conn.execute(
        "DELETE FROM login_throttle WHERE last_failure_at < $1"
        " AND (locked_until IS NULL OR locked_until < $2)",
        last_failure_before,
        now,
    )
    return int(result.split()[-1])
