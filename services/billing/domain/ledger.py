"""The ledger: every charge, void, payment and credit of a client, appended, never edited.

The invariant (tested with generated cases): a client's balance equals what was invoiced
(charges less voids) minus what was paid minus what was credited, and equals the sum of
what is still open on their invoices, less any payment beyond them (account credit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal
from uuid import UUID

from services.billing.domain.invoices import Invoice

Kind = Literal["charge", "void", "payment", "credit"]
# How each kind moves the balance (amounts are stored positive).
SIGN: dict[str, int] = {"charge": 1, "void": -1, "payment": -1, "credit": -1}


@dataclass(frozen=True)
class Entry:
    kind: Kind
    amount: int
    currency: str
    occurred_at: datetime
    invoice_id: UUID | None = None
    payment_id: UUID | None = None
    memo: str | None = None


@dataclass(frozen=True)
class Totals:
    invoiced: int = 0  # charges less voids
    paid: int = 0
    credited: int = 0

    @property
    def balance(self) -> int:
        return self.invoiced - self.paid - self.credited


def balance(entries: Iterable[Entry]) -> int:
    return sum(SIGN[e.kind] * e.amount for e in entries)


def totals(entries: Iterable[Entry]) -> Totals:
    by_kind = {"charge": 0, "void": 0, "payment": 0, "credit": 0}
    for entry in entries:
        by_kind[entry.kind] += entry.amount
    return Totals(
        invoiced=by_kind["charge"] - by_kind["void"],
        paid=by_kind["payment"],
        credited=by_kind["credit"],
    )


def charge_of(invoice: Invoice, *, at: datetime) -> Entry:
    memo = invoice.number_text
    return Entry("charge", invoice.total, invoice.currency, at, invoice_id=invoice.id, memo=memo)


def void_of(invoice: Invoice, *, at: datetime) -> Entry:
    memo = invoice.number_text
    return Entry("void", invoice.total, invoice.currency, at, invoice_id=invoice.id, memo=memo)


def credit_of(invoice: Invoice, amount: int, *, at: datetime, reason: str) -> Entry:
    return Entry("credit", amount, invoice.currency, at, invoice_id=invoice.id, memo=reason)


def payment_entries(
    payment_id: UUID,
    currency: str,
    allocations: Iterable[tuple[Invoice, int]],
    *,
    at: datetime,
    memo: str | None = None,
) -> list[Entry]:
    """One entry per invoice the payment covers: what is still open on it at most; any
    rest (the invoice was settled meanwhile) is account credit, an entry of its own."""
    entries = []
    for invoice, amount in allocations:
        applied = min(amount, invoice.open)
        if applied:
            entries.append(Entry("payment", applied, currency, at, invoice.id, payment_id, memo))
        if amount - applied:
            entries.append(Entry("payment", amount - applied, currency, at, None, payment_id, memo))
    return entries
