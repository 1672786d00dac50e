"""The "Read Secure Message" links, by the SHA-256 of their token."""

from __future__ import annotations

from datetime import datetime

from services.messaging.domain.links import MessageLink
from shared.db import Connection

_FIELDS = ("practice_id", "thread_id", "client_id", "message_id", "created_at", "expires_at")


async def insert_link(conn: Connection, token_hash: bytes, link: MessageLink) -> None:
    await conn.execute(
        f"INSERT INTO message_links (token_hash, {', '.join(_FIELDS)})"
        " VALUES ($1, $2, $3, $4, $5, $6, $7)",
        token_hash,
        *(getattr(link, f) for f in _FIELDS),
    )


async def find_link(conn: Connection, token_hash: bytes) -> MessageLink | None:
    row = await conn.fetchrow(
        f"SELECT {', '.join(_FIELDS)} FROM message_links WHERE token_hash = $1", token_hash
    )
    return MessageLink(**{f: row[f] for f in _FIELDS}) if row else None


async def purge_expired(conn: Connection, *, older_than: datetime) -> int:
    """Links long past use (their expiry is what Log in needs: the thread is the client's)."""
    status = await conn.execute("DELETE FROM message_links WHERE expires_at < $1", older_than)
    return int(status.split()[-1])
