"""Payments and what they pay, over one connection."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from services.billing.domain.invoices import Invoice
from services.billing.domain.payments import UNSETTLED, Payment
from shared.db import Connection
from shared.errors import NotFound

NOT_FOUND = "No such payment."
_COLUMNS = (
    "p.id, p.practice_id, p.client_id, p.amount, p.currency, p.status, p.created_at,"
    " p.stripe_payment_intent_id, p.stripe_payment_method_id, p.card_brand, p.card_last4,"
    " p.remember_card, p.failure_message, p.settled_at,"
    " array(SELECT invoice_id FROM payment_allocations a WHERE a.payment_id = p.id"
    " ORDER BY invoice_id) AS invoice_ids"
)


async def insert(
    conn: Connection, payment: Payment, allocations: Sequence[tuple[Invoice, int]]
) -> None:
    await conn.execute(
        """
        INSERT INTO payments (id, practice_id, client_id, amount, currency, status,
            remember_card, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """,
        payment.id, payment.practice_id, payment.client_id, payment.amount, payment.currency,
        payment.status, payment.remember_card, payment.created_at,
    )  # fmt: skip
    await conn.executemany(
        "INSERT INTO payment_allocations (payment_id, invoice_id, amount) VALUES ($1, $2, $3)",
        [(payment.id, invoice.id, amount) for invoice, amount in allocations],
    )


async def busy_invoices(conn: Connection, practice_id: UUID, client_id: UUID) -> set[UUID]:
    """Invoices an unsettled payment of the client is paying right now."""
    rows = await conn.fetch(
        """
        SELECT a.invoice_id FROM payment_allocations a JOIN payments p ON p.id = a.payment_id
        WHERE p.practice_id = $1 AND p.client_id = $2 AND p.status = ANY($3::text[])
        """,
        practice_id,
        client_id,
        list(UNSETTLED),
    )
    return {r["invoice_id"] for r in rows}


async def get(
    conn: Connection,
    practice_id: UUID,
    payment_id: UUID,
    *,
    client_id: UUID | None = None,
    lock: bool = False,
) -> Payment:
    payment = await find(conn, payment_id, lock=lock)
    if payment is None or payment.practice_id != practice_id:
        raise NotFound(NOT_FOUND)
    if client_id is not None and payment.client_id != client_id:
        raise NotFound(NOT_FOUND)
    return payment


async def find(conn: Connection, payment_id: UUID, *, lock: bool = False) -> Payment | None:
    """Any practice's payment (the webhook and the reconciler find them by Stripe's word)."""
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM payments p WHERE p.id = $1" + (" FOR UPDATE" if lock else ""),
        payment_id,
    )
    return _payment(row) if row else None


async def find_by_intent(conn: Connection, intent_id: str, *, lock: bool = False) -> Payment | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM payments p WHERE p.stripe_payment_intent_id = $1"
        + (" FOR UPDATE" if lock else ""),
        intent_id,
    )
    return _payment(row) if row else None


async def allocations(conn: Connection, payment_id: UUID) -> list[tuple[UUID, int]]:
    rows = await conn.fetch(
        "SELECT invoice_id, amount FROM payment_allocations WHERE payment_id = $1"
        " ORDER BY invoice_id",
        payment_id,
    )
    return [(r["invoice_id"], r["amount"]) for r in rows]


async def set_intent(
    conn: Connection,
    payment_id: UUID,
    *,
    intent_id: str,
    method_id: str,
    brand: str | None,
    last4: str | None,
) -> None:
    await conn.execute(
        "UPDATE payments SET stripe_payment_intent_id = $2, stripe_payment_method_id = $3,"
        " card_brand = $4, card_last4 = $5 WHERE id = $1",
        payment_id,
        intent_id,
        method_id,
        brand,
        last4,
    )


async def set_status(
    conn: Connection,
    payment_id: UUID,
    status: str,
    *,
    settled_at: datetime | None = None,
    failure_message: str | None = None,
) -> None:
    await conn.execute(
        "UPDATE payments SET status = $2, settled_at = $3, failure_message = $4 WHERE id = $1",
        payment_id,
        status,
        settled_at,
        failure_message,
    )


async def list_for(
    conn: Connection,
    practice_id: UUID,
    *,
    client_id: UUID | None,
    limit: int = 25,
    offset: int = 0,
) -> list[Payment]:
    rows = await conn.fetch(
        f"""
        SELECT {_COLUMNS} FROM payments p
        WHERE p.practice_id = $1 AND ($2::uuid IS NULL OR p.client_id = $2)
        ORDER BY p.created_at DESC, p.id LIMIT $3 OFFSET $4
        """,
        practice_id,
        client_id,
        limit,
        offset,
    )
    return [_payment(r) for r in rows]


async def succeeded_between(
    conn: Connection, practice_id: UUID, client_id: UUID, start: datetime, end: datetime
) -> list[Payment]:
    rows = await conn.fetch(
        f"""
        SELECT {_COLUMNS} FROM payments p
        WHERE p.practice_id = $1 AND p.client_id = $2 AND p.status = 'succeeded'
          AND p.settled_at >= $3 AND p.settled_at < $4
        ORDER BY p.settled_at DESC
        """,
        practice_id,
        client_id,
        start,
        end,
    )
    return [_payment(r) for r in rows]


async def unsettled_before(conn: Connection, before: datetime, *, limit: int = 50) -> list[UUID]:
    rows = await conn.fetch(
        "SELECT id FROM payments WHERE status = ANY($1::text[]) AND created_at < $2"
        " ORDER BY created_at LIMIT $3",
        list(UNSETTLED),
        before,
        limit,
    )
    return [r["id"] for r in rows]


def _payment(row: Any) -> Payment:
    return Payment(
        id=row["id"], practice_id=row["practice_id"], client_id=row["client_id"],
        amount=row["amount"], currency=row["currency"], status=row["status"],
        created_at=row["created_at"], stripe_payment_intent_id=row["stripe_payment_intent_id"],
        stripe_payment_method_id=row["stripe_payment_method_id"],
        card_brand=row["card_brand"], card_last4=row["card_last4"],
        remember_card=row["remember_card"], failure_message=row["failure_message"],
        settled_at=row["settled_at"], invoice_ids=tuple(row["invoice_ids"] or ()),
    )  # fmt: skip
