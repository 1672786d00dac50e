"""Access-token signing keys: the one identity signs with, the next one (published ahead
of use), and retired ones still published until their tokens expire."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shared.db import Connection

_COLUMNS = "kid, private_key, public_jwk, created_at, signs_from"


@dataclass(frozen=True)
class StoredKey:
    kid: str
    private_key: bytes
    public_jwk: dict[str, Any]
    created_at: datetime
    signs_from: datetime


async def find_signing(conn: Connection, *, now: datetime) -> StoredKey | None:
    """The key to sign with at ``now``: the newest whose time has come."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM signing_keys WHERE retired_at IS NULL AND signs_from <= $1"
        " ORDER BY signs_from DESC LIMIT 1",
        now,
    )
    return StoredKey(**dict(row)) if row else None


async def find_next(conn: Connection, *, now: datetime) -> StoredKey | None:
    """A key published already whose time to sign has not come yet."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM signing_keys WHERE retired_at IS NULL AND signs_from > $1"
        " ORDER BY signs_from LIMIT 1",
        now,
    )
    return StoredKey(**dict(row)) if row else None


async def published(conn: Connection, *, now: datetime) -> list[dict[str, Any]]:
    rows = await conn.fetch(
        "SELECT public_jwk FROM signing_keys"
        " WHERE retired_at IS NULL OR publish_until > $1 ORDER BY signs_from DESC",
        now,
    )
    return [r["public_jwk"] for r in rows]


async def retire_older(conn: Connection, *, than: StoredKey, publish_until: datetime) -> int:
    """Retire the keys ``than`` took over from (still published until ``publish_until``)."""
    result = await conn.execute(
        "UPDATE signing_keys SET retired_at = now(), publish_until = $2"
        " WHERE retired_at IS NULL AND kid <> $1 AND signs_from <= $3",
        than.kid,
        publish_until,
        than.signs_from,
    )
    return int(result.split()[-1])


async def insert_key(
    conn: Connection,
    *,
    kid: str,
    private_key: bytes,
    public_jwk: dict[str, Any],
    signs_from: datetime,
) -> None:
    await conn.execute(
        "INSERT INTO signing_keys (kid, private_key, public_jwk, signs_from)"
        " VALUES ($1, $2, $3, $4)",
        kid,
        private_key,
        public_jwk,
        signs_from,
    )


async def purge_unpublished(conn: Connection, *, now: datetime) -> None:
    await conn.execute(
        "DELETE FROM signing_keys WHERE retired_at IS NOT NULL AND publish_until < $1", now
    )
