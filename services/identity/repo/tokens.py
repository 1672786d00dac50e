"""Single-use tokens: set-password grants, reset and setup links, login challenges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from shared.db import Connection

Purpose = Literal["activate", "reset", "setup", "login"]


@dataclass(frozen=True)
class OneTimeToken:
    purpose: Purpose
    practice_id: UUID
    account_id: UUID
    expires_at: datetime
    used_at: datetime | None
    superseded_at: datetime | None
    attempts: int
    data: dict[str, Any]

    def usable(self, *, now: datetime) -> bool:
        return self.used_at is None and self.superseded_at is None and now < self.expires_at


async def supersede_tokens(
    conn: Connection, *, account_id: UUID, purposes: tuple[Purpose, ...]
) -> None:
    """Only the newest token of a purpose works: retire the older ones."""
    await conn.execute(
        "UPDATE one_time_tokens SET superseded_at = now() WHERE account_id = $1"
        " AND purpose = ANY($2::text[]) AND used_at IS NULL AND superseded_at IS NULL",
        account_id,
        list(purposes),
    )


async def insert_token(
    conn: Connection,
    *,
    digest: bytes,
    purpose: Purpose,
    practice_id: UUID,
    account_id: UUID,
    expires_at: datetime,
    data: dict[str, Any] | None = None,
) -> None:
    await conn.execute(
        "INSERT INTO one_time_tokens (digest, purpose, practice_id, account_id, expires_at, data)"
        " VALUES ($1, $2, $3, $4, $5, $6)",
        digest,
        purpose,
        practice_id,
        account_id,
        expires_at,
        data or {},
    )


async def find_token(
    conn: Connection, *, digest: bytes, purposes: tuple[Purpose, ...], lock: bool = True
) -> OneTimeToken | None:
    """The token, locked (it is about to be used or to count an attempt) unless ``lock``
    is False: a look at whose it is, before its account is locked (the lock order)."""
    row = await conn.fetchrow(
        "SELECT purpose, practice_id, account_id, expires_at, used_at, superseded_at, attempts,"
        " data FROM one_time_tokens WHERE digest = $1 AND purpose = ANY($2::text[])"
        + (" FOR UPDATE" if lock else ""),
        digest,
        list(purposes),
    )
    return OneTimeToken(**dict(row)) if row else None


async def mark_used(conn: Connection, *, digest: bytes) -> None:
    await conn.execute("UPDATE one_time_tokens SET used_at = now() WHERE digest = $1", digest)


async def record_attempt(conn: Connection, *, digest: bytes, void: bool) -> None:
    await conn.execute(
        "UPDATE one_time_tokens SET attempts = attempts + 1,"
        " superseded_at = CASE WHEN $2 THEN now() ELSE superseded_at END WHERE digest = $1",
        digest,
        void,
    )


async def purge_expired(conn: Connection, *, older_than: datetime) -> int:
    result = await conn.execute("DELETE FROM one_time_tokens WHERE expires_at < $1", older_than)
    return int(result.split()[-1])


async def issued_since(
    conn: Connection, *, account_id: UUID, purpose: Purpose, since: datetime
) -> bool:
    """Whether a token of ``purpose`` was made for the account after ``since``, used or
    not (the reset throttle counts emails sent, not links still open)."""
    return bool(
        await conn.fetchval(
            "SELECT true FROM one_time_tokens WHERE account_id = $1 AND purpose = $2"
            " AND created_at > $3 LIMIT 1",
            account_id,
            purpose,
            since,
        )
    )
