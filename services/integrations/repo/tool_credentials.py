"""Tool credentials over one connection; every read is scoped by practice."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from services.integrations.domain.tool_credentials import ToolCredential
from shared.db import Connection
from shared.errors import NotFound

_COLUMNS = (
    "id, practice_id, practice_slug, name, created_at, created_by, revoked_at, revoked_by,"
    " removed_at"
)


async def insert(conn: Connection, credential: ToolCredential) -> None:
    """A second live credential of the same name is a unique violation: 409 naming it."""
    await conn.execute(
        "INSERT INTO tool_credentials (id, practice_id, practice_slug, name, created_at,"
        " created_by) VALUES ($1, $2, $3, $4, $5, $6)",
        credential.id,
        credential.practice_id,
        credential.practice_slug,
        credential.name,
        credential.created_at,
        credential.created_by,
    )


async def get_for_update(
    conn: Connection, practice_id: UUID, credential_id: UUID
) -> ToolCredential:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM tool_credentials WHERE practice_id = $1 AND id = $2"
        " FOR NO KEY UPDATE",
        practice_id,
        credential_id,
    )
    if row is None:
        raise NotFound("no such tool credential")
    return _credential(row)


async def find_live_by_name(
    conn: Connection, practice_id: UUID, name: str
) -> ToolCredential | None:
    """The credential of that name whose broker user may still exist (not yet removed)."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM tool_credentials"
        " WHERE practice_id = $1 AND name = $2 AND removed_at IS NULL",
        practice_id,
        name,
    )
    return _credential(row) if row else None


async def list_for_practice(conn: Connection, practice_id: UUID) -> list[ToolCredential]:
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM tool_credentials WHERE practice_id = $1"
        " ORDER BY revoked_at IS NOT NULL, created_at DESC LIMIT 200",
        practice_id,
    )
    return [_credential(r) for r in rows]


async def mark_revoked(conn: Connection, credential: ToolCredential) -> None:
    await conn.execute(
        "UPDATE tool_credentials SET revoked_at = $2, revoked_by = $3"
        " WHERE id = $1 AND revoked_at IS NULL",
        credential.id,
        credential.revoked_at,
        credential.revoked_by,
    )


async def mark_removed(conn: Connection, credential_id: UUID, *, at: datetime) -> None:
    await conn.execute(
        "UPDATE tool_credentials SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL",
        credential_id,
        at,
    )


async def waiting_for_removal(conn: Connection, *, limit: int = 50) -> list[ToolCredential]:
    """Revoked credentials whose broker user or queues may still exist (every practice:
    the removal job's work list)."""
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM tool_credentials"
        " WHERE revoked_at IS NOT NULL AND removed_at IS NULL ORDER BY revoked_at LIMIT $1",
        limit,
    )
    return [_credential(r) for r in rows]


def _credential(row: Any) -> ToolCredential:
    return ToolCredential(**dict(row))
