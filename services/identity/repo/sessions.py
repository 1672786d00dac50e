"""Sessions and their rotating refresh tokens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from services.identity.domain.sessions import Session
from shared.db import Connection

_COLUMNS = (
    "s.id, s.practice_id, s.account_id, s.client_kind, s.created_at, s.last_seen_at,"
    " s.expires_at, s.revoked_at"
)


@dataclass(frozen=True)
class RefreshToken:
    session: Session
    used_at: datetime | None


async def insert_session(
    conn: Connection, session: Session, *, ip: str | None, user_agent: str | None
) -> None:
    await conn.execute(
        "INSERT INTO sessions (id, practice_id, account_id, client_kind, created_at,"
        " last_seen_at, expires_at, ip, user_agent) VALUES ($1, $2, $3, $4, $5, $5, $6, $7, $8)",
        session.id,
        session.practice_id,
        session.account_id,
        session.client_kind,
        session.created_at,
        session.expires_at,
        ip,
        user_agent,
    )


async def find_session(conn: Connection, *, session_id: UUID, lock: bool = False) -> Session | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM sessions s WHERE s.id = $1" + (" FOR UPDATE" if lock else ""),
        session_id,
    )
    return Session(**dict(row)) if row else None


async def touch(conn: Connection, *, session_id: UUID, at: datetime) -> None:
    await conn.execute("UPDATE sessions SET last_seen_at = $2 WHERE id = $1", session_id, at)


async def revoke(conn: Connection, *, session_id: UUID, reason: str) -> list[UUID]:
    """Revoke one session; the ids actually ended (none if it already was)."""
    rows = await conn.fetch(
        "UPDATE sessions SET revoked_at = now(), revoked_reason = $2"
        " WHERE id = $1 AND revoked_at IS NULL RETURNING id",
        session_id,
        reason,
    )
    return [r["id"] for r in rows]


async def revoke_all(
    conn: Connection, *, account_id: UUID, reason: str, keep: UUID | None = None
) -> list[UUID]:
    """Revoke every live session of an account except ``keep``; the ids ended."""
    rows = await conn.fetch(
        "UPDATE sessions SET revoked_at = now(), revoked_reason = $2 WHERE account_id = $1"
        " AND revoked_at IS NULL AND ($3::uuid IS NULL OR id <> $3) RETURNING id",
        account_id,
        reason,
        keep,
    )
    return [r["id"] for r in rows]


async def insert_refresh(conn: Connection, *, digest: bytes, session_id: UUID) -> None:
    await conn.execute(
        "INSERT INTO refresh_tokens (digest, session_id) VALUES ($1, $2)", digest, session_id
    )


async def find_refresh(conn: Connection, *, digest: bytes) -> RefreshToken | None:
    """A refresh token and its session, both locked (two refreshes must not both win)."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS}, r.used_at AS token_used_at FROM refresh_tokens r"
        " JOIN sessions s ON s.id = r.session_id WHERE r.digest = $1 FOR UPDATE",
        digest,
    )
    if row is None:
        return None
    values = dict(row)
    used_at = values.pop("token_used_at")
    return RefreshToken(session=Session(**values), used_at=used_at)


async def last_refresh_use(conn: Connection, *, session_id: UUID) -> datetime | None:
    """When the session last rotated its refresh token."""
    value: datetime | None = await conn.fetchval(
        "SELECT max(used_at) FROM refresh_tokens WHERE session_id = $1", session_id
    )
    return value


async def mark_refresh_used(conn: Connection, *, digest: bytes) -> None:
    await conn.execute("UPDATE refresh_tokens SET used_at = now() WHERE digest = $1", digest)


async def purge_ended(conn: Connection, *, older_than: datetime) -> int:
    result = await conn.execute(
        "DELETE FROM sessions WHERE expires_at < $1 OR revoked_at < $1", older_than
    )
    return int(result.split()[-1])
