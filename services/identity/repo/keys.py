"""Access-token signing keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db import Connection


@dataclass(frozen=True)
class StoredKey:
    kid: str
    private_key: bytes
    public_jwk: dict[str, Any]
    created_at: datetime


async def find_active(conn: Connection) -> StoredKey | None:
    row = await conn.fetchrow(
        "SELECT kid, private_key, public_jwk, created_at FROM signing_keys WHERE retired_at IS NULL"
    )
    return StoredKey(**dict(row)) if row else None


async def published(conn: Connection, *, now: datetime) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT public_jwk FROM signing_keys"
        " WHERE retired_at IS NULL OR publish_until > $1 ORDER BY created_at DESC",
        now,
    )
    return [r["public_jwk"] for r in rows]


async def retire_active(conn: Connection, *, publish_until: datetime) -> None:
    await conn.execute(
        "UPDATE signing_keys SET retired_at = now(), publish_until = $1 WHERE retired_at IS NULL",
        publish_until,
    )


async def insert_key(
    conn: Connection, *, kid: str, private_key: bytes, public_jwk: dict[str, Any]
) -> None:
    await conn.execute(
        "INSERT INTO signing_keys (kid, private_key, public_jwk) VALUES ($1, $2, $3)",
        kid,
        private_key,
        public_jwk,
    )


async def purge_unpublished(conn: Connection, *, now: datetime) -> None:
    await conn.execute(
        "DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND publish_until < $1", now
    )
