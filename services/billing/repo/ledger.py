"""The ledger over one connection: appended in the transaction of what it records."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from services.billing.domain.ledger import Entry
from shared.db import Connection


async def append(
    conn: Connection,
    entries: Iterable[Entry],
    *,
    practice_id: UUID,
    client_id: UUID,
    recorded_by: UUID | None = None,
) -> None:
    await conn.executemany(
        """
        INSERT INTO ledger_entries (id, practice_id, client_id, kind, amount, currency,
            invoice_id, payment_id, memo, occurred_at, recorded_by)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """,
        [
            (uuid.uuid4(), practice_id, client_id, e.kind, e.amount, e.currency,
             e.invoice_id, e.payment_id, e.memo, e.occurred_at, recorded_by)
            for e in entries
        ],
    )  # fmt: skip


async def balances(conn: Connection, practice_id: UUID, client_id: UUID) -> dict[str, int]:
    """currency -> balance (what the client owes; negative: account credit)."""
    rows = await conn.fetch(
        """
        SELECT currency, sum(CASE kind WHEN 'charge' THEN amount ELSE -amount END) AS balance
        FROM ledger_entries WHERE practice_id = $1 AND client_id = $2
        GROUP BY currency ORDER BY currency
        """,
        practice_id,
        client_id,
    )
    return {r["currency"]: int(r["balance"]) for r in rows}


async def balance_before(
    conn: Connection, practice_id: UUID, client_id: UUID, currency: str, before: datetime
) -> int:
    value = await conn.fetchval(
        """
        SELECT coalesce(sum(CASE kind WHEN 'charge' THEN amount ELSE -amount END), 0)
        FROM ledger_entries
        WHERE practice_id = $1 AND client_id = $2 AND currency = $3 AND occurred_at < $4
        """,
        practice_id,
        client_id,
        currency,
        before,
    )
    return int(value)


async def between(
    conn: Connection,
    practice_id: UUID,
    client_id: UUID,
    start: datetime,
    end: datetime,
    *,
    currency: str | None = None,
) -> list[Entry]:
    """Entries at or after ``start`` and before ``end``, oldest first."""
    rows = await conn.fetch(
        """
        SELECT kind, amount, currency, occurred_at, invoice_id, payment_id, memo
        FROM ledger_entries
        WHERE practice_id = $1 AND client_id = $2 AND occurred_at >= $3 AND occurred_at < $4
          AND ($5::text IS NULL OR currency = $5)
        ORDER BY occurred_at, id
        """,
        practice_id,
        client_id,
        start,
        end,
        currency,
    )
    return [_entry(r) for r in rows]


async def all_for(conn: Connection, practice_id: UUID, client_id: UUID) -> list[Entry]:
    rows = await conn.fetch(
        "SELECT kind, amount, currency, occurred_at, invoice_id, payment_id, memo"
        " FROM ledger_entries WHERE practice_id = $1 AND client_id = $2 ORDER BY occurred_at, id",
        practice_id,
        client_id,
    )
    return [_entry(r) for r in rows]


async def clients_with_activity(
    conn: Connection, practice_id: UUID, start: datetime, end: datetime
) -> list[tuple[UUID, str]]:
    """(client, currency) pairs with entries in [start, end) or an open balance before end."""
    rows = await conn.fetch(
        """
        SELECT client_id, currency FROM ledger_entries
        WHERE practice_id = $1 AND occurred_at < $3
        GROUP BY client_id, currency
        HAVING bool_or(occurred_at >= $2)
            OR sum(CASE kind WHEN 'charge' THEN amount ELSE -amount END) <> 0
        ORDER BY client_id, currency
        """,
        practice_id,
        start,
        end,
    )
    return [(r["client_id"], r["currency"]) for r in rows]


def _entry(row: Any) -> Entry:
    return Entry(
        kind=row["kind"],
        amount=row["amount"],
        currency=row["currency"],
        occurred_at=row["occurred_at"],
        invoice_id=row["invoice_id"],
        payment_id=row["payment_id"],
        memo=row["memo"],
    )
