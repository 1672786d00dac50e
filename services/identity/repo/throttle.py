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


async def count_failure(
    conn: Connection, *, practice_id: UUID, email_digest: bytes, at: datetime
) -> int:
    """Add one failure; returns the consecutive failures so far."""
    failures = await conn.fetchval(
        "INSERT INTO login_throttle (practice_id, email_digest, failures, last_failure_at)"
        " VALUES ($1, $2, 1, $3) ON CONFLICT (practice_id, email_digest) DO UPDATE"
        " SET failures = login_throttle.failures + 1, last_failure_at = $3 RETURNING failures",
        practice_id,
        email_digest,
        at,
    )
    return int(failures)


async def lock(
    conn: Connection, *, practice_id: UUID, email_digest: bytes, until: datetime
) -> None:
    await conn.execute(
        "UPDATE login_throttle SET locked_until = $3 WHERE practice_id = $1 AND email_digest = $2",
        practice_id,
        email_digest,
        until,
    )


async def clear(conn: Connection, *, practice_id: UUID, email_digest: bytes) -> None:
    await conn.execute(
        "DELETE FROM login_throttle WHERE practice_id = $1 AND email_digest = $2",
        practice_id,
        email_digest,
    )
