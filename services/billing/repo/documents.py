"""Statements and superbills as issued: rows that never change once written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from shared.db import Connection
from shared.errors import NotFound


@dataclass(frozen=True)
class Statement:
    id: UUID
    practice_id: UUID
    client_id: UUID
    period_start: date
    period_end: date
    currency: str
    opening_balance: int
    closing_balance: int
    content: dict[str, Any]
    issued_at: datetime
    issued_by: UUID | None = None


@dataclass(frozen=True)
class Superbill:
    id: UUID
    practice_id: UUID
    client_id: UUID
    period_start: date
    period_end: date
    currency: str
    total: int
    paid: int
    content: bytes  # sealed JSON (shared/crypto.py), aad = the superbill's id
    issued_at: datetime
    issued_by: UUID | None = None


async def insert_statement(conn: Connection, s: Statement) -> bool:
    """False when the client already has this period's statement in this currency."""
    done = await conn.fetchval(
        """
        INSERT INTO statements (id, practice_id, client_id, period_start, period_end, currency,
            opening_balance, closing_balance, content, issued_at, issued_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        ON CONFLICT (practice_id, client_id, period_start, period_end, currency) DO NOTHING
        RETURNING true
        """,
        s.id, s.practice_id, s.client_id, s.period_start, s.period_end, s.currency,
        s.opening_balance, s.closing_balance, s.content, s.issued_at, s.issued_by,
    )  # fmt: skip
    return bool(done)


async def find_statement_for(
    conn: Connection, practice_id: UUID, client_id: UUID, start: date, end: date, currency: str
) -> Statement | None:
    row = await conn.fetchrow(
        "SELECT * FROM statements WHERE practice_id = $1 AND client_id = $2"
        " AND period_start = $3 AND period_end = $4 AND currency = $5",
        practice_id, client_id, start, end, currency,
    )  # fmt: skip
    return Statement(**dict(row)) if row else None


async def get_statement(
    conn: Connection, practice_id: UUID, statement_id: UUID, *, client_id: UUID | None
) -> Statement:
    row = await conn.fetchrow(
        "SELECT * FROM statements WHERE practice_id = $1 AND id = $2"
        " AND ($3::uuid IS NULL OR client_id = $3)",
        practice_id,
        statement_id,
        client_id,
    )
    if row is None:
        raise NotFound("No such statement.")
    return Statement(**dict(row))


async def list_statements(
    conn: Connection, practice_id: UUID, *, client_id: UUID | None, limit: int, offset: int
) -> list[Statement]:
    rows = await conn.fetch(
        "SELECT * FROM statements WHERE practice_id = $1 AND ($2::uuid IS NULL OR client_id = $2)"
        " ORDER BY period_start DESC, issued_at DESC, id LIMIT $3 OFFSET $4",
        practice_id,
        client_id,
        limit,
        offset,
    )
    return [Statement(**dict(r)) for r in rows]


async def insert_superbill(conn: Connection, s: Superbill) -> None:
    await conn.execute(
        """
        INSERT INTO superbills (id, practice_id, client_id, period_start, period_end, currency,
            total, paid, content, issued_at, issued_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """,
        s.id, s.practice_id, s.client_id, s.period_start, s.period_end, s.currency, s.total,
        s.paid, s.content, s.issued_at, s.issued_by,
    )  # fmt: skip


async def get_superbill(
    conn: Connection, practice_id: UUID, superbill_id: UUID, *, client_id: UUID | None
) -> Superbill:
    row = await conn.fetchrow(
        "SELECT * FROM superbills WHERE practice_id = $1 AND id = $2"
        " AND ($3::uuid IS NULL OR client_id = $3)",
        practice_id,
        superbill_id,
        client_id,
    )
    if row is None:
        raise NotFound("No such superbill.")
    return Superbill(**dict(row))


async def list_superbills(
    conn: Connection, practice_id: UUID, *, client_id: UUID | None, limit: int, offset: int
) -> list[Superbill]:
    rows = await conn.fetch(
        "SELECT * FROM superbills WHERE practice_id = $1 AND ($2::uuid IS NULL OR client_id = $2)"
        " ORDER BY issued_at DESC, id LIMIT $3 OFFSET $4",
        practice_id,
        client_id,
        limit,
        offset,
    )
    return [Superbill(**dict(r)) for r in rows]


async def practices(conn: Connection) -> list[tuple[UUID, str]]:
    """(practice, zone) of every practice the directory knows (for monthly statements)."""
    rows = await conn.fetch("SELECT practice_id, time_zone FROM directory_practices ORDER BY 1")
    return [(r["practice_id"], r["time_zone"]) for r in rows]
