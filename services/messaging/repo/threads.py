"""Threads: one per client of a practice, and the staff inbox over them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

from services.messaging.domain.messages import Thread
from shared.db import Connection

_COLUMNS = "id, practice_id, client_id, created_at, last_message_at"


def _thread(row: Any) -> Thread:
    return Thread(
        **{k: row[k] for k in ("id", "practice_id", "client_id", "created_at", "last_message_at")}
    )


async def find_thread(conn: Connection, practice_id: UUID, client_id: UUID) -> Thread | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM threads WHERE practice_id = $1 AND client_id = $2",
        practice_id,
        client_id,
    )
    return _thread(row) if row else None


async def open_thread(conn: Connection, practice_id: UUID, client_id: UUID, at: datetime) -> Thread:
    """The client's thread, created now if it does not exist yet, locked until the
    transaction ends (messages of one thread are written one after the other)."""
    row = await conn.fetchrow(
        f"""
        INSERT INTO threads (id, practice_id, client_id, created_at, last_message_at)
        VALUES ($1, $2, $3, $4, $4)
        ON CONFLICT (practice_id, client_id) DO UPDATE SET practice_id = EXCLUDED.practice_id
        RETURNING {_COLUMNS}
        """,
        uuid4(),
        practice_id,
        client_id,
        at,
    )
    return _thread(row)


async def touch(conn: Connection, thread_id: UUID, at: datetime) -> None:
    await conn.execute(
        "UPDATE threads SET last_message_at = GREATEST(last_message_at, $2) WHERE id = $1",
        thread_id,
        at,
    )


@dataclass(frozen=True)
class StaffScope:
    """Which threads a staff member sees (domain.messages.staff_may_open, as SQL)."""

    practice_id: UUID
    staff_id: UUID
    is_admin: bool
    everyone: bool  # the practice lets every staff member message


@dataclass(frozen=True)
class InboxRow:
    thread_id: UUID
    client_id: UUID
    first_name: str
    last_name: str
    last_message_at: datetime
    unread: int
    last_body: bytes | None
    last_message_id: UUID | None
    last_sender_role: str | None


# $1 practice, $2 staff id, $3 everyone, $4 admin: see domain.messages.staff_may_open.
_VISIBLE = """
t.practice_id = $1 AND ($3 OR c.clinician_id = $2 OR ($4 AND c.clinician_id IS NULL))
"""
_UNREAD = """
(SELECT count(*) FROM messages m WHERE m.thread_id = t.id AND m.sender_role = 'client'
   AND m.seq > COALESCE(r.read_seq, 0))
"""
_FROM = """
FROM threads t
LEFT JOIN directory_clients c ON c.client_id = t.client_id AND c.practice_id = t.practice_id
LEFT JOIN read_marks r ON r.thread_id = t.id AND r.reader_id = $2
"""


async def inbox(
    conn: Connection, scope: StaffScope, *, after: tuple[datetime, UUID] | None, limit: int
) -> list[InboxRow]:
    rows = await conn.fetch(
        f"""
        SELECT t.id, t.client_id, t.last_message_at, COALESCE(c.first_name, '') AS first_name,
               COALESCE(c.last_name, '') AS last_name, {_UNREAD} AS unread,
               last.id AS last_id, last.body AS last_body, last.sender_role AS last_role
        {_FROM}
        LEFT JOIN LATERAL (SELECT id, body, sender_role FROM messages
                           WHERE thread_id = t.id ORDER BY seq DESC LIMIT 1) last ON true
        WHERE {_VISIBLE}
          AND ($5::timestamptz IS NULL OR (t.last_message_at, t.id) < ($5, $6::uuid))
        ORDER BY t.last_message_at DESC, t.id DESC
        LIMIT $7
        """,
        *_scope(scope),
        after[0] if after else None,
        after[1] if after else None,
        limit,
    )
    return [
        InboxRow(
            r["id"],
            r["client_id"],
            r["first_name"],
            r["last_name"],
            r["last_message_at"],
            r["unread"],
            r["last_body"],
            r["last_id"],
            r["last_role"],
        )
        for r in rows
    ]


async def staff_unread(conn: Connection, scope: StaffScope) -> int:
    """Unread client messages over every thread the staff member sees."""
    total = await conn.fetchval(
        f"SELECT COALESCE(sum({_UNREAD}), 0) {_FROM} WHERE {_VISIBLE}", *_scope(scope)
    )
    return int(total)


async def staff_thread_unread(conn: Connection, thread_id: UUID, staff_id: UUID) -> int:
    return int(
        await conn.fetchval(
            f"SELECT {_UNREAD} FROM threads t LEFT JOIN read_marks r"
            " ON r.thread_id = t.id AND r.reader_id = $2 WHERE t.id = $1",
            thread_id,
            staff_id,
        )
        or 0
    )


async def client_unread(conn: Connection, practice_id: UUID, client_id: UUID) -> int:
    """Messages from the practice the client has not read (the orange dot)."""
    count = await conn.fetchval(
        """
        SELECT count(*) FROM threads t
        JOIN messages m ON m.thread_id = t.id AND m.sender_role <> 'client'
        LEFT JOIN read_marks r ON r.thread_id = t.id AND r.reader_id = t.client_id
        WHERE t.practice_id = $1 AND t.client_id = $2 AND m.seq > COALESCE(r.read_seq, 0)
        """,
        practice_id,
        client_id,
    )
    return int(count)


def _scope(scope: StaffScope) -> tuple[Any, ...]:
    return scope.practice_id, scope.staff_id, scope.everyone, scope.is_admin
