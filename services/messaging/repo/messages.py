"""Messages, stored encrypted (AES-GCM from the keyring, bound to the message id), and
how far each reader has read."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from services.messaging.domain.messages import Message
from shared.crypto import Keyring
from shared.db import Connection

_COLUMNS = "seq, id, thread_id, practice_id, sender_id, sender_role, body, created_at"


def seal(keyring: Keyring, message_id: UUID, text: str) -> bytes:
    return keyring.encrypt_text(text, aad=message_id.bytes)


def message_of(row: Any, keyring: Keyring) -> Message:
    return Message(
        id=row["id"],
        seq=row["seq"],
        thread_id=row["thread_id"],
        practice_id=row["practice_id"],
        sender_id=row["sender_id"],
        sender_role=row["sender_role"],
        body=keyring.decrypt_text(row["body"], aad=row["id"].bytes),
        created_at=row["created_at"],
    )


async def insert_message(
    conn: Connection,
    keyring: Keyring,
    *,
    message_id: UUID,
    thread_id: UUID,
    practice_id: UUID,
    sender_id: UUID,
    sender_role: str,
    body: str,
    at: datetime,
) -> Message:
    row = await conn.fetchrow(
        f"""
        INSERT INTO messages (id, thread_id, practice_id, sender_id, sender_role, body, key_id,
                              created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {_COLUMNS}
        """,
        message_id,
        thread_id,
        practice_id,
        sender_id,
        sender_role,
        seal(keyring, message_id, body),
        keyring.active,
        at,
    )
    return message_of(row, keyring)


async def list_messages(
    conn: Connection, keyring: Keyring, thread_id: UUID, *, before: int | None, limit: int
) -> list[Message]:
    """Newest first; ``before`` is the seq the previous page ended at."""
    rows = await conn.fetch(
        f"SELECT {_COLUMNS} FROM messages WHERE thread_id = $1"
        " AND ($2::bigint IS NULL OR seq < $2) ORDER BY seq DESC LIMIT $3",
        thread_id,
        before,
        limit,
    )
    return [message_of(r, keyring) for r in rows]


async def find_message(
    conn: Connection, keyring: Keyring, practice_id: UUID, message_id: UUID
) -> Message | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM messages WHERE practice_id = $1 AND id = $2",
        practice_id,
        message_id,
    )
    return message_of(row, keyring) if row else None


async def latest_seq(conn: Connection, thread_id: UUID) -> int:
    return int(
        await conn.fetchval(
            "SELECT COALESCE(max(seq), 0) FROM messages WHERE thread_id = $1", thread_id
        )
    )


async def mark_read(
    conn: Connection,
    *,
    thread_id: UUID,
    reader_id: UUID,
    reader_role: str,
    up_to: int,
    at: datetime,
) -> bool:
    """Move the reader's mark forward to ``up_to`` (never back); True if it moved."""
    moved = await conn.fetchval(
        """
        INSERT INTO read_marks (thread_id, reader_id, reader_role, read_seq, read_at)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (thread_id, reader_id) DO UPDATE SET read_seq = EXCLUDED.read_seq,
            read_at = EXCLUDED.read_at
        WHERE read_marks.read_seq < EXCLUDED.read_seq
        RETURNING true
        """,
        thread_id,
        reader_id,
        reader_role,
        up_to,
        at,
    )
    return bool(moved)


async def read_marks(conn: Connection, thread_id: UUID) -> tuple[int, int]:
    """``(client's mark, furthest mark of any staff member)``: the two sides' receipts."""
    row = await conn.fetchrow(
        "SELECT COALESCE(max(read_seq) FILTER (WHERE reader_role = 'client'), 0) AS client,"
        " COALESCE(max(read_seq) FILTER (WHERE reader_role <> 'client'), 0) AS practice"
        " FROM read_marks WHERE thread_id = $1",
        thread_id,
    )
    assert row is not None  # an aggregate always answers one row
    return int(row["client"]), int(row["practice"])


# Key rotation ---------------------------------------------------------------------------


async def stale_batch(conn: Connection, active: str, limit: int) -> list[Any]:
    """Messages still under another key than ``active``, locked for re-encryption."""
    return await conn.fetch(
        "SELECT id, body FROM messages WHERE key_id <> $1 LIMIT $2 FOR UPDATE SKIP LOCKED",
        active,
        limit,
    )


async def rewrite_body(conn: Connection, message_id: UUID, body: bytes, key_id: str) -> None:
    await conn.execute(
        "UPDATE messages SET body = $2, key_id = $3 WHERE id = $1", message_id, body, key_id
    )
