"""Webhook deliveries over one connection: one row per (webhook, event), tried until it
is delivered or its day is over.

Several worker replicas share the work: a due delivery is claimed ``FOR UPDATE SKIP
LOCKED`` and leased (``leased_until``) for the length of one attempt, then the lock is let
go: the HTTP call runs with no transaction open. A worker that dies mid-attempt leaves a
lease that simply runs out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from shared.db import Connection
from shared.errors import Conflict, NotFound

DeliveryStatus = Literal["pending", "delivered", "failed"]


@dataclass(frozen=True)
class Due:
    """A claimed delivery with what sending it takes."""

    id: UUID
    webhook_id: UUID
    practice_id: UUID
    event_id: UUID
    event_type: str
    body: str
    attempts: int
    give_up_at: datetime
    url: str
    secret: bytes


@dataclass(frozen=True)
class Delivery:
    id: UUID
    event_id: UUID
    event_type: str
    status: DeliveryStatus
    attempts: int
    created_at: datetime
    next_attempt_at: datetime
    last_attempt_at: datetime | None
    last_status: int | None
    last_error: str | None
    finished_at: datetime | None


async def add(
    conn: Connection,
    *,
    webhook_ids: list[UUID],
    practice_id: UUID,
    event_id: UUID,
    event_type: str,
    body: str,
    now: datetime,
    give_up_at: datetime,
) -> int:
    """One delivery per webhook; an event already there for a webhook is skipped."""
    result = await conn.execute(
        """
        INSERT INTO webhook_deliveries (id, webhook_id, practice_id, event_id, event_type,
            body, created_at, next_attempt_at, give_up_at)
        SELECT gen_random_uuid(), w, $2, $3, $4, $5, $6, $6, $7 FROM unnest($1::uuid[]) AS w
        ON CONFLICT (webhook_id, event_id) DO NOTHING
        """,
        webhook_ids,
        practice_id,
        event_id,
        event_type,
        body,
        now,
        give_up_at,
    )
    return int(result.split()[-1])


async def claim(
    conn: Connection, *, now: datetime, limit: int, busy_practices: list[UUID]
) -> list[Due]:
    """Due deliveries not leased by anyone, oldest first, leaving out practices already
    at their limit of deliveries in flight. The caller leases what it takes (``lease``)."""
    rows = await conn.fetch(
        """
        SELECT d.id, d.webhook_id, d.practice_id, d.event_id, d.event_type, d.body,
               d.attempts, d.give_up_at, w.url, w.secret
        FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
        WHERE d.status = 'pending' AND d.next_attempt_at <= $1
          AND (d.leased_until IS NULL OR d.leased_until <= $1)
          AND d.practice_id <> ALL($3::uuid[])
        ORDER BY d.next_attempt_at
        LIMIT $2
        FOR UPDATE OF d SKIP LOCKED
        """,
        now,
        limit,
        busy_practices,
    )
    return [Due(**dict(r)) for r in rows]


async def lease(conn: Connection, ids: list[UUID], *, until: datetime) -> None:
    await conn.execute(
        "UPDATE webhook_deliveries SET leased_until = $2 WHERE id = ANY($1::uuid[])", ids, until
    )


async def record_delivered(
    conn: Connection, delivery_id: UUID, *, at: datetime, status: int
) -> None:
    await conn.execute(
        """
        UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
            last_attempt_at = $2, last_status = $3, last_error = NULL, finished_at = $2,
            leased_until = NULL
        WHERE id = $1 AND status = 'pending'
        """,
        delivery_id,
        at,
        status,
    )


async def record_failure(
    conn: Connection,
    delivery_id: UUID,
    *,
    at: datetime,
    status: int | None,
    error: str,
    retry_at: datetime | None,
) -> None:
    """Another attempt at ``retry_at``, or, with None, failed for good."""
    await conn.execute(
        """
        UPDATE webhook_deliveries SET attempts = attempts + 1, last_attempt_at = $2::timestamptz,
            last_status = $3, last_error = $4, leased_until = NULL,
            status = CASE WHEN $5::timestamptz IS NULL THEN 'failed' ELSE 'pending' END,
            next_attempt_at = coalesce($5::timestamptz, next_attempt_at),
            finished_at = CASE WHEN $5::timestamptz IS NULL THEN $2::timestamptz END
        WHERE id = $1 AND status = 'pending'
        """,
        delivery_id,
        at,
        status,
        error[:500],
        retry_at,
    )


async def list_for_webhook(
    conn: Connection,
    practice_id: UUID,
    webhook_id: UUID,
    *,
    status: DeliveryStatus | None,
    limit: int,
    offset: int,
) -> list[Delivery]:
    rows = await conn.fetch(
        """
        SELECT id, event_id, event_type, status, attempts, created_at, next_attempt_at,
               last_attempt_at, last_status, last_error, finished_at
        FROM webhook_deliveries
        WHERE practice_id = $1 AND webhook_id = $2 AND ($3::text IS NULL OR status = $3)
        ORDER BY created_at DESC, id LIMIT $4 OFFSET $5
        """,
        practice_id,
        webhook_id,
        status,
        limit,
        offset,
    )
    return [Delivery(**dict(r)) for r in rows]


async def send_again(
    conn: Connection,
    practice_id: UUID,
    webhook_id: UUID,
    delivery_id: UUID,
    *,
    now: datetime,
    give_up_at: datetime,
) -> None:
    """A failed delivery goes out again (same body, same event id), with a new day."""
    state = await conn.fetchval(
        "SELECT status FROM webhook_deliveries"
        " WHERE practice_id = $1 AND webhook_id = $2 AND id = $3 FOR NO KEY UPDATE",
        practice_id,
        webhook_id,
        delivery_id,
    )
    if state is None:
        raise NotFound("no such delivery")
    if state != "failed":
        raise Conflict(f"this delivery is {state}: only a failed one can be sent again")
    await conn.execute(
        """
        UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $2,
            give_up_at = $3, finished_at = NULL, leased_until = NULL
        WHERE id = $1
        """,
        delivery_id,
        now,
        give_up_at,
    )


async def purge_finished(conn: Connection, *, before: datetime) -> int:
    result = await conn.execute(
        "DELETE FROM webhook_deliveries WHERE status <> 'pending' AND finished_at < $1", before
    )
    return int(result.split()[-1])
