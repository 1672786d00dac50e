"""A client's billing account (the payment lock, the Stripe customer, the insurance
member id), their saved cards, and the Stripe events already handled."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from shared.db import Connection
from shared.errors import NotFound


@dataclass(frozen=True)
class SavedCard:
    id: UUID
    practice_id: UUID
    client_id: UUID
    stripe_payment_method_id: str
    brand: str
    last4: str
    exp_month: int | None = None
    exp_year: int | None = None


async def lock_account(conn: Connection, practice_id: UUID, client_id: UUID) -> dict[str, Any]:
    """The client's account row, made if missing and locked for this transaction: one
    payment of a client at a time decides what is due."""
    await conn.execute(
        "INSERT INTO billing_accounts (practice_id, client_id) VALUES ($1, $2)"
        " ON CONFLICT DO NOTHING",
        practice_id,
        client_id,
    )
    row = await conn.fetchrow(
        "SELECT * FROM billing_accounts WHERE practice_id = $1 AND client_id = $2 FOR UPDATE",
        practice_id,
        client_id,
    )
    assert row is not None  # inserted above if it was missing
    return dict(row)


async def find_account(
    conn: Connection, practice_id: UUID, client_id: UUID
) -> dict[str, Any] | None:
    row = await conn.fetchrow(
        "SELECT * FROM billing_accounts WHERE practice_id = $1 AND client_id = $2",
        practice_id,
        client_id,
    )
    return dict(row) if row else None


async def set_customer(conn: Connection, practice_id: UUID, client_id: UUID, customer: str) -> None:
    await conn.execute(
        "UPDATE billing_accounts SET stripe_customer_id = $3 WHERE practice_id = $1"
        " AND client_id = $2",
        practice_id,
        client_id,
        customer,
    )


async def set_member_id(
    conn: Connection, practice_id: UUID, client_id: UUID, sealed: bytes | None
) -> None:
    await conn.execute(
        """
        INSERT INTO billing_accounts (practice_id, client_id, member_id) VALUES ($1, $2, $3)
        ON CONFLICT (practice_id, client_id) DO UPDATE SET member_id = EXCLUDED.member_id
        """,
        practice_id,
        client_id,
        sealed,
    )


async def save_card(conn: Connection, card: SavedCard) -> SavedCard:
    """Keep a card (once: the same Stripe card saved again is the same row)."""
    row = await conn.fetchrow(
        """
        INSERT INTO saved_cards (id, practice_id, client_id, stripe_payment_method_id, brand,
            last4, exp_month, exp_year)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        ON CONFLICT (stripe_payment_method_id) DO UPDATE SET brand = EXCLUDED.brand
        RETURNING *
        """,
        card.id, card.practice_id, card.client_id, card.stripe_payment_method_id, card.brand,
        card.last4, card.exp_month, card.exp_year,
    )  # fmt: skip
    return _card(row)


async def cards(conn: Connection, practice_id: UUID, client_id: UUID) -> list[SavedCard]:
    rows = await conn.fetch(
        "SELECT * FROM saved_cards WHERE practice_id = $1 AND client_id = $2"
        " ORDER BY created_at DESC, id",
        practice_id,
        client_id,
    )
    return [_card(r) for r in rows]


async def get_card(
    conn: Connection, practice_id: UUID, client_id: UUID, card_id: UUID
) -> SavedCard:
    row = await conn.fetchrow(
        "SELECT * FROM saved_cards WHERE practice_id = $1 AND client_id = $2 AND id = $3",
        practice_id,
        client_id,
        card_id,
    )
    if row is None:
        raise NotFound("No such saved card.", field="card_id")
    return _card(row)


async def find_card_by_method(conn: Connection, method_id: str) -> SavedCard | None:
    row = await conn.fetchrow(
        "SELECT * FROM saved_cards WHERE stripe_payment_method_id = $1", method_id
    )
    return _card(row) if row else None


async def delete_card(conn: Connection, card_id: UUID) -> None:
    await conn.execute("DELETE FROM saved_cards WHERE id = $1", card_id)


async def claim_stripe_event(conn: Connection, event_id: str, event_type: str) -> bool:
    """True the first time ``event_id`` is seen (in the transaction that handles it)."""
    claimed = await conn.fetchval(
        "INSERT INTO stripe_events (id, type) VALUES ($1, $2) ON CONFLICT DO NOTHING"
        " RETURNING true",
        event_id,
        event_type,
    )
    return bool(claimed)


def new_card(practice_id: UUID, client_id: UUID, method_id: str, card: dict[str, Any]) -> SavedCard:
    return SavedCard(
        id=uuid.uuid4(),
        practice_id=practice_id,
        client_id=client_id,
        stripe_payment_method_id=method_id,
        brand=str(card.get("brand") or "card"),
        last4=str(card.get("last4") or ""),
        exp_month=card.get("exp_month"),
        exp_year=card.get("exp_year"),
    )


def _card(row: Any) -> SavedCard:
    return SavedCard(
        id=row["id"], practice_id=row["practice_id"], client_id=row["client_id"],
        stripe_payment_method_id=row["stripe_payment_method_id"], brand=row["brand"],
        last4=row["last4"], exp_month=row["exp_month"], exp_year=row["exp_year"],
    )  # fmt: skip
