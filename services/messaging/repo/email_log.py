"""The email log: every email this service queued, without its body, and what became of
it (the outcome columns follow the outbox row through a trigger: see the migration)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from shared.db import Connection


@dataclass(frozen=True)
class LogEntry:
    id: UUID
    practice_id: UUID
    cause_id: UUID
    cause_type: str
    recipient: str
    recipient_role: str
    client_id: UUID | None
    template: str
    queued_at: datetime
    outcome: str = "queued"
    attempts: int = 0
    last_error: str | None = None
    sent_at: datetime | None = None


_FIELDS = tuple(LogEntry.__dataclass_fields__)


async def record(conn: Connection, entry: LogEntry) -> bool:
    """Log an email about to be queued; False when its cause already emailed this
    recipient (a redelivered event): then nothing may be queued."""
    inserted = await conn.fetchval(
        """
        INSERT INTO email_log (id, practice_id, cause_id, cause_type, recipient,
            recipient_role, client_id, template, queued_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
        ON CONFLICT (cause_id, recipient) DO NOTHING RETURNING true
        """,
        entry.id,
        entry.practice_id,
        entry.cause_id,
        entry.cause_type,
        entry.recipient,
        entry.recipient_role,
        entry.client_id,
        entry.template,
        entry.queued_at,
    )
    return bool(inserted)


async def page(
    conn: Connection,
    practice_id: UUID,
    *,
    clinician_id: UUID | None,
    client_id: UUID | None,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[LogEntry]:
    """Newest first. ``clinician_id``: only emails about that clinician's clients (or
    to the clinician); None: the whole practice (admins)."""
    rows = await conn.fetch(
        f"""
        SELECT {", ".join("l." + f for f in _FIELDS)} FROM email_log l
        LEFT JOIN directory_clients c ON c.client_id = l.client_id AND c.practice_id = l.practice_id
        LEFT JOIN directory_staff s ON s.staff_id = $2 AND s.practice_id = l.practice_id
        WHERE l.practice_id = $1
          AND ($2::uuid IS NULL OR c.clinician_id = $2
               OR (l.recipient_role = 'clinician' AND l.recipient = s.email))
          AND ($3::uuid IS NULL OR l.client_id = $3)
          AND ($4::timestamptz IS NULL OR (l.queued_at, l.id) < ($4, $5::uuid))
        ORDER BY l.queued_at DESC, l.id DESC
        LIMIT $6
        """,
        practice_id,
        clinician_id,
        client_id,
        after[0] if after else None,
        after[1] if after else None,
        limit,
    )
    return [_entry(r) for r in rows]


async def for_cause(conn: Connection, cause_id: UUID) -> list[LogEntry]:
    rows = await conn.fetch(
        f"SELECT {', '.join(_FIELDS)} FROM email_log WHERE cause_id = $1 ORDER BY queued_at",
        cause_id,
    )
    return [_entry(r) for r in rows]


def _entry(row: Any) -> LogEntry:
    return LogEntry(**{f: row[f] for f in _FIELDS})
