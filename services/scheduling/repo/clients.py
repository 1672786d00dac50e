"""Lookups in this service's copy of the practice directory that shared/directory.py
does not offer (it is the same table: directory_clients)."""

from __future__ import annotations

from uuid import UUID

from shared.db import Connection


async def find_client_id_by_email(conn: Connection, practice_id: UUID, email: str) -> UUID | None:
    found = await conn.fetchval(
        "SELECT client_id FROM directory_clients"
        " WHERE practice_id = $1 AND lower(email) = lower($2)",
        practice_id,
        email,
    )
    return UUID(str(found)) if found is not None else None
