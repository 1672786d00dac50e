"""The append-only audit log (the table refuses UPDATE and DELETE)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

import asyncpg

from services.identity.domain.audit import AuditCursor, AuditFilter, AuditRecord
from shared.db import Connection


@dataclass(frozen=True)
class AuditEntry:
    action: str
    outcome: str = "success"
    practice_id: UUID | None = None
    actor_id: UUID | None = None
    actor_role: str | None = None
    resource: str | None = None
    client_id: UUID | None = None
    ip: str | None = None
    user_agent: str | None = None
    request_id: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    service: str = "identity"
    at: datetime | None = None  # when it happened in another service; None: now


async def append(conn: Connection, entry: AuditEntry) -> None:
    await conn.execute(
        "INSERT INTO audit_log (practice_id, actor_id, actor_role, action, resource, client_id,"
        " outcome, ip, user_agent, request_id, detail, service, at)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, COALESCE($13, now()))",
        entry.practice_id,
        entry.actor_id,
        entry.actor_role,
        entry.action,
        entry.resource,
        entry.client_id,
        entry.outcome,
        entry.ip,
        entry.user_agent,
        entry.request_id,
        entry.detail,
        entry.service,
        entry.at,
    )


_READ = (
    "SELECT l.id, l.at, l.actor_id, l.actor_role, l.action, l.resource, l.client_id,"
    " l.outcome, l.ip, l.request_id, l.detail, l.service,"
    " a.first_name || ' ' || a.last_name AS actor_name,"
    " c.first_name || ' ' || c.last_name AS client_name"
    " FROM audit_log l"
    " LEFT JOIN accounts a ON a.practice_id = l.practice_id AND a.id = l.actor_id"
    " LEFT JOIN accounts c ON c.practice_id = l.practice_id AND c.id = l.client_id"
)
# Only the filters given become conditions (each a fixed fragment, its value a parameter),
# so every plan can use the (practice_id, [actor_id | client_id,] at, id) indexes.
_CONDITIONS = (
    ("client_id", "l.client_id = ${}"),
    ("actor_id", "l.actor_id = ${}"),
    ("action", "l.action = ${}"),
    ("outcome", "l.outcome = ${}"),
    ("service", "l.service = ${}"),
    ("since", "l.at >= ${}"),
    ("until", "l.at < ${}"),
)


async def list_entries(
    conn: Connection,
    *,
    practice_id: UUID,
    where: AuditFilter,
    before: AuditCursor | None,
    limit: int,
) -> list[AuditRecord]:
    """A practice's entries, newest first, strictly before ``before`` (never a row whose
    practice is unknown)."""
    clauses = ["l.practice_id = $1"]
    args: list[Any] = [practice_id]
    for name, clause in _CONDITIONS:
        value = getattr(where, name)
        if value is not None:
            args.append(value)
            clauses.append(clause.format(len(args)))
    if before is not None:
        args += [before.at, before.id]
        clauses.append(f"(l.at, l.id) < (${len(args) - 1}, ${len(args)})")
    args.append(limit)
    rows = await conn.fetch(
        f"{_READ} WHERE {' AND '.join(clauses)} ORDER BY l.at DESC, l.id DESC LIMIT ${len(args)}",
        *args,
    )
    return [_record(r) for r in rows]


def _record(row: asyncpg.Record) -> AuditRecord:
    return AuditRecord(**dict(row))
