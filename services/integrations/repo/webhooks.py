"""Webhooks over one connection; every read is scoped by practice."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from services.integrations.domain.webhooks import Webhook
from shared.db import Connection
from shared.errors import NotFound


@dataclass(frozen=True)
class LastDelivery:
    status: str  # pending (being retried), delivered, failed
    event_type: str
    at: datetime
    http_status: int | None
    error: str | None


@dataclass(frozen=True)
class WebhookSummary:
    webhook: Webhook
    last: LastDelivery | None
    pending: int
    failed: int


_COLUMNS = "w.id, w.practice_id, w.url, w.event_types, w.created_at, w.created_by"


async def insert(conn: Connection, webhook: Webhook, *, secret: bytes) -> None:
    await conn.execute(
        "INSERT INTO webhooks (id, practice_id, url, event_types, secret, created_at,"
        " created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        webhook.id,
        webhook.practice_id,
        webhook.url,
        list(webhook.event_types),
        secret,
        webhook.created_at,
        webhook.created_by,
    )


async def count_locked(conn: Connection, practice_id: UUID) -> int:
    """How many webhooks the practice has, holding its count until the transaction ends
    (two registrations at once cannot both pass a limit)."""
    await conn.execute(
        "SELECT pg_advisory_xact_lock(hashtext('webhooks:' || $1::text))", str(practice_id)
    )
    return int(
        await conn.fetchval("SELECT count(*) FROM webhooks WHERE practice_id = $1", practice_id)
    )


async def get(conn: Connection, practice_id: UUID, webhook_id: UUID) -> Webhook:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM webhooks w WHERE w.practice_id = $1 AND w.id = $2",
        practice_id,
        webhook_id,
    )
    if row is None:
        raise NotFound("no such webhook")
    return _webhook(row)


async def delete(conn: Connection, practice_id: UUID, webhook_id: UUID) -> Webhook:
    """Its deliveries go with it (a delivery under way finds nothing left to update)."""
    row = await conn.fetchrow(
        f"DELETE FROM webhooks w WHERE w.practice_id = $1 AND w.id = $2 RETURNING {_COLUMNS}",
        practice_id,
        webhook_id,
    )
    if row is None:
        raise NotFound("no such webhook")
    return _webhook(row)


async def subscribed(conn: Connection, practice_id: UUID, event_type: str) -> list[UUID]:
    rows = await conn.fetch(
        "SELECT id FROM webhooks WHERE practice_id = $1 AND event_types @> ARRAY[$2::text]",
        practice_id,
        event_type,
    )
    return [r["id"] for r in rows]


async def list_for_practice(conn: Connection, practice_id: UUID) -> list[WebhookSummary]:
    """Each webhook with its latest attempt and how many deliveries wait or failed."""
    rows = await conn.fetch(
        f"""
        SELECT {_COLUMNS}, last.status AS last_state, last.event_type AS last_type,
               last.last_attempt_at, last.last_status, last.last_error,
               (SELECT count(*) FROM webhook_deliveries d
                 WHERE d.webhook_id = w.id AND d.status = 'pending') AS pending,
               (SELECT count(*) FROM webhook_deliveries d
                 WHERE d.webhook_id = w.id AND d.status = 'failed') AS failed
        FROM webhooks w
        LEFT JOIN LATERAL (
            SELECT d.status, d.event_type, d.last_attempt_at, d.last_status, d.last_error
            FROM webhook_deliveries d
            WHERE d.webhook_id = w.id AND d.last_attempt_at IS NOT NULL
            ORDER BY d.last_attempt_at DESC LIMIT 1
        ) last ON true
        WHERE w.practice_id = $1
        ORDER BY w.created_at DESC LIMIT 200
        """,
        practice_id,
    )
    return [_summary(r) for r in rows]


def _summary(row: Any) -> WebhookSummary:
    last = None
    if row["last_attempt_at"] is not None:
        last = LastDelivery(
            status=row["last_state"],
            event_type=row["last_type"],
            at=row["last_attempt_at"],
            http_status=row["last_status"],
            error=row["last_error"],
        )
    return WebhookSummary(
        webhook=_webhook(row), last=last, pending=row["pending"], failed=row["failed"]
    )


def _webhook(row: Any) -> Webhook:
    return Webhook(
        id=row["id"],
        practice_id=row["practice_id"],
        url=row["url"],
        event_types=tuple(row["event_types"]),
        created_at=row["created_at"],
        created_by=row["created_by"],
    )
