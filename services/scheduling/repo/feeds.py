"""Calendar feeds: a hashed secret per person, at most one live."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from shared.db import Connection


@dataclass(frozen=True)
class Feed:
    id: UUID
    practice_id: UUID
    owner_id: UUID
    owner_role: str
    created_at: datetime


_COLUMNS = "id, practice_id, owner_id, owner_role, created_at"


async def replace_feed(conn: Connection, feed: Feed, *, token_hash: bytes, now: datetime) -> None:
    """Revoke the owner's live feed (its URL stops working) and start ``feed``."""
    await revoke(conn, feed.practice_id, feed.owner_id, now=now)
    await conn.execute(
        f"INSERT INTO calendar_feeds ({_COLUMNS}, token_hash) VALUES ($1, $2, $3, $4, $5, $6)",
        feed.id,
        feed.practice_id,
        feed.owner_id,
        feed.owner_role,
        feed.created_at,
        token_hash,
    )


async def revoke(conn: Connection, practice_id: UUID, owner_id: UUID, *, now: datetime) -> bool:
    done = await conn.execute(
        "UPDATE calendar_feeds SET revoked_at = $3"
        " WHERE practice_id = $1 AND owner_id = $2 AND revoked_at IS NULL",
        practice_id,
        owner_id,
        now,
    )
    return not done.endswith(" 0")


async def find_live(conn: Connection, practice_id: UUID, owner_id: UUID) -> Feed | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM calendar_feeds"
        " WHERE practice_id = $1 AND owner_id = $2 AND revoked_at IS NULL",
        practice_id,
        owner_id,
    )
    return Feed(**dict(row)) if row else None


async def find_by_token(conn: Connection, token_hash: bytes) -> Feed | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL",
        token_hash,
    )
    return Feed(**dict(row)) if row else None
