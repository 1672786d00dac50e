"""Invitations (link token digest + PIN HMAC)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from services.identity.domain.invitations import Invitation
from shared.db import Connection

_COLUMNS = (
    "id, practice_id, account_id, pin_mac, pin_key_id, expires_at, attempts, voided_at,"
    " accepted_at, superseded_at"
)


async def supersede_current(conn: Connection, *, account_id: UUID) -> None:
    await conn.execute(
        "UPDATE invitations SET superseded_at = now()"
        " WHERE account_id = $1 AND superseded_at IS NULL",
        account_id,
    )


async def insert_invitation(
    conn: Connection,
    invitation: Invitation,
    *,
    token_digest: bytes,
    sent_by: UUID | None,
) -> None:
    await conn.execute(
        "INSERT INTO invitations (id, practice_id, account_id, token_digest, pin_mac, pin_key_id,"
        " sent_by, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        invitation.id,
        invitation.practice_id,
        invitation.account_id,
        token_digest,
        invitation.pin_mac,
        invitation.pin_key_id,
        sent_by,
        invitation.expires_at,
    )


async def find_by_token(
    conn: Connection, *, practice_id: UUID, token_digest: bytes, lock: bool = True
) -> Invitation | None:
    """The invitation of this link, locked for the attempt being made unless ``lock`` is
    False (a look at whose it is, before its account is locked: the lock order)."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM invitations WHERE practice_id = $1 AND token_digest = $2"
        + (" FOR UPDATE" if lock else ""),
        practice_id,
        token_digest,
    )
    return Invitation(**dict(row)) if row else None


async def find_current(conn: Connection, *, account_id: UUID) -> Invitation | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM invitations WHERE account_id = $1 AND superseded_at IS NULL",
        account_id,
    )
    return Invitation(**dict(row)) if row else None


async def record_wrong_try(conn: Connection, *, invitation_id: UUID, void: bool) -> None:
    await conn.execute(
        "UPDATE invitations SET attempts = attempts + 1,"
        " voided_at = CASE WHEN $2 THEN now() ELSE voided_at END WHERE id = $1",
        invitation_id,
        void,
    )


async def mark_accepted(conn: Connection, *, invitation_id: UUID, at: datetime) -> None:
    await conn.execute("UPDATE invitations SET accepted_at = $2 WHERE id = $1", invitation_id, at)
