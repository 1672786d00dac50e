"""The append-only audit log (the table refuses UPDATE and DELETE)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

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


async def append(conn: Connection, entry: AuditEntry) -> None:
    await conn.execute(
        "INSERT INTO audit_log (practice_id, actor_id, actor_role, action, resource, client_id,"
        " outcome, ip, user_agent, request_id, detail)"
        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
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
    )
