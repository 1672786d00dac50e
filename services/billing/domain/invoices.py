"""Invoices: what a client owes for sessions, numbered per practice without gaps.

History is never edited. An invoice is adjusted by a credit (which lowers what is due and
shows on the ledger) and cancelled by voiding it, which only an invoice nobody has paid
or credited allows: money already received is adjusted by credit instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Literal
from uuid import UUID

from shared.errors import Conflict, InvalidInput

Status = Literal["due", "paid", "void"]
ALREADY_VOID = "This invoice was voided."
HAS_MONEY = (
    "Payments or credits were recorded on this invoice: adjust it by a credit instead of "
    "voiding it."
)


@dataclass(frozen=True)
class InvoiceLine:
    id: UUID
    position: int
    date_of_service: date
    description: str
    units: int
    unit_fee: int
    cpt_code: str | None = None
    modifier: str | None = None
    place_of_service: str | None = None

    @property
    def amount(self) -> int:
        return self.units * self.unit_fee


@dataclass(frozen=True)
class Invoice:
    id: UUID
    practice_id: UUID
    client_id: UUID
    number: int
    issued_on: date
    due_on: date
    currency: str
    total: int
    clinician_id: UUID | None = None
    appointment_id: UUID | None = None
    paid: int = 0
    credited: int = 0
    voided_at: datetime | None = None
    void_reason: str | None = None
    created_by: UUID | None = None
    lines: tuple[InvoiceLine, ...] = field(default=())

    @property
    def open(self) -> int:
        """What is still due on it (nothing on a voided invoice)."""
        return 0 if self.voided_at else self.total - self.paid - self.credited

    @property
    def status(self) -> Status:
        if self.voided_at is not None:
            return "void"
        return "paid" if self.open == 0 else "due"

    @property
    def number_text(self) -> str:
        return f"{self.number:04d}"

    def credited_by(self, amount: int) -> Invoice:
        """The invoice after a credit of ``amount`` (no more than what is due)."""
        if self.voided_at is not None:
            raise Conflict(ALREADY_VOID)
        if amount <= 0:
            raise InvalidInput("must be more than zero", field="amount")
        if amount > self.open:
            raise InvalidInput(
                f"must be no more than what is due on the invoice ({self.open} minor units)",
                field="amount",
            )
        return replace(self, credited=self.credited + amount)

    def paid_by(self, amount: int) -> Invoice:
        """The invoice after a payment; Stripe's word is final, so this never refuses:
        what is beyond the open amount stays on the account as credit (see the ledger)."""
        return replace(self, paid=self.paid + min(amount, self.open))

    def voided(self, *, at: datetime, reason: str) -> Invoice:
        if self.voided_at is not None:
            raise Conflict(ALREADY_VOID)
        if self.paid or self.credited:
            raise Conflict(HAS_MONEY)
        return replace(self, voided_at=at, void_reason=reason)


def lines_total(lines: tuple[InvoiceLine, ...] | list[InvoiceLine]) -> int:
    return sum(line.amount for line in lines)
