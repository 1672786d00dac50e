"""Card payments: what a payment covers, and the states it passes through.

A payment is written before Stripe is asked (``pending``), so that Stripe's idempotency
key can be derived from it and a crash in between leaves a row to reconcile. It becomes
``succeeded`` only when Stripe says the money moved (the confirm answer, the webhook, or
the reconciliation job asking Stripe), ``failed`` with Stripe's words for the client, or
``requires_action`` while the bank wants 3-D Secure in the browser.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from services.billing.domain.invoices import Invoice
from services.billing.domain.money import format_money
from shared.errors import Conflict, InvalidInput

Status = Literal["pending", "requires_action", "succeeded", "failed"]
UNSETTLED: tuple[Status, ...] = ("pending", "requires_action")
NOTHING_DUE = "There is nothing to pay: this balance is already settled."


@dataclass(frozen=True)
class Payment:
    id: UUID
    practice_id: UUID
    client_id: UUID
    amount: int
    currency: str
    status: Status
    created_at: datetime
    stripe_payment_intent_id: str | None = None
    stripe_payment_method_id: str | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    remember_card: bool = False
    failure_message: str | None = None
    settled_at: datetime | None = None
    invoice_ids: tuple[UUID, ...] = ()

    @property
    def settled(self) -> bool:
        return self.status in ("succeeded", "failed")


def stripe_key(payment_id: UUID, step: str) -> str:
    """Stripe's Idempotency-Key for one step of one payment: a retry of the same step
    (our crash, a network error) is the same request to Stripe, never a second charge."""
    return f"portal-{step}-{payment_id}"


def allocate(
    open_invoices: Sequence[Invoice],
    *,
    invoice_ids: Sequence[UUID] | None,
    currency: str,
    busy: set[UUID],
) -> list[tuple[Invoice, int]]:
    """What a payment pays: the named invoices, or (None) every open invoice in
    ``currency``, oldest first, each for what is still open on it. ``open_invoices`` are
    the client's own; an id that is not among them is refused as unknown. ``busy``:
    invoices another unsettled payment is already paying."""
    by_id = {invoice.id: invoice for invoice in open_invoices}
    if invoice_ids is None:
        chosen = [i for i in open_invoices if i.currency == currency and i.open > 0]
    else:
        if len(set(invoice_ids)) != len(invoice_ids):
            raise InvalidInput("names an invoice twice", field="invoice_ids")
        unknown = [i for i in invoice_ids if i not in by_id]
        if unknown:
            raise InvalidInput("names an invoice that is not yours to pay", field="invoice_ids")
        chosen = [by_id[i] for i in invoice_ids]
        if any(i.currency != currency for i in chosen):
            raise InvalidInput(
                "invoices in another currency are paid on their own", field="currency"
            )
    if not chosen or all(i.open == 0 for i in chosen):
        raise Conflict(NOTHING_DUE)
    if busy.intersection(i.id for i in chosen):
        raise Conflict(
            "A payment for this invoice is already in progress: wait a moment and reload."
        )
    return [(i, i.open) for i in sorted(chosen, key=lambda i: (i.issued_on, i.number)) if i.open]


def check_amount(allocations: Sequence[tuple[Invoice, int]], *, amount: int, currency: str) -> int:
    """The amount on the Pay button is what is charged: if what is due changed since the
    page showed it, the client is told the new figure instead of being charged another."""
    due = sum(amount for _, amount in allocations)
    if amount != due:
        raise Conflict(
            f"The amount due is now {format_money(due, currency)}: check it and pay again.",
            amount_due=due,
        )
    return due
