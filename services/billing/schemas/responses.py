"""What the billing API answers (also the OpenAPI source). Money: integer minor units
beside a lower-case ISO 4217 currency; the browser formats it."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel

from services.billing.domain.invoices import Invoice, InvoiceLine
from services.billing.domain.payments import Payment
from services.billing.repo.accounts import SavedCard
from services.billing.repo.documents import Statement, Superbill
from services.billing.repo.profiles import Provider
from services.billing.service.account import Activity, Overview
from services.billing.service.profiles import Insurance


class InvoiceLineView(BaseModel):
    date_of_service: date
    description: str
    units: int
    unit_fee: int
    amount: int
    cpt_code: str | None
    modifier: str | None
    place_of_service: str | None

    @classmethod
    def of(cls, line: InvoiceLine) -> InvoiceLineView:
        return cls(**{k: getattr(line, k) for k in cls.model_fields})


class InvoiceView(BaseModel):
    id: UUID
    number: str
    client_id: UUID
    clinician_id: UUID | None
    issued_on: date
    due_on: date
    currency: str
    total: int
    paid: int
    credited: int
    amount_due: int
    status: Literal["due", "paid", "void"]
    void_reason: str | None
    lines: list[InvoiceLineView]

    @classmethod
    def of(cls, invoice: Invoice) -> InvoiceView:
        return cls(
            id=invoice.id, number=invoice.number_text, client_id=invoice.client_id,
            clinician_id=invoice.clinician_id, issued_on=invoice.issued_on,
            due_on=invoice.due_on, currency=invoice.currency, total=invoice.total,
            paid=invoice.paid, credited=invoice.credited, amount_due=invoice.open,
            status=invoice.status, void_reason=invoice.void_reason,
            lines=[InvoiceLineView.of(line) for line in invoice.lines],
        )  # fmt: skip


class StatementSummary(BaseModel):
    id: UUID
    client_id: UUID
    period_start: date
    period_end: date
    currency: str
    opening_balance: int
    closing_balance: int
    issued_at: datetime

    @classmethod
    def of(cls, statement: Statement) -> StatementSummary:
        return cls(**{k: getattr(statement, k) for k in StatementSummary.model_fields})


class StatementLineView(BaseModel):
    date: date
    kind: str
    description: str
    amount: int
    balance: int


class StatementView(StatementSummary):
    charges: int
    payments: int
    credits: int
    lines: list[StatementLineView]

    @classmethod
    def full(cls, statement: Statement) -> StatementView:
        c = statement.content
        return cls(
            **StatementSummary.of(statement).model_dump(),
            charges=c["charges"], payments=c["payments"], credits=c["credits"],
            lines=[StatementLineView(**line) for line in c["lines"]],
        )  # fmt: skip


class SuperbillSummary(BaseModel):
    id: UUID
    client_id: UUID
    period_start: date
    period_end: date
    currency: str
    total: int
    paid: int
    issued_at: datetime

    @classmethod
    def of(cls, superbill: Superbill) -> SuperbillSummary:
        return cls(**{k: getattr(superbill, k) for k in SuperbillSummary.model_fields})


class SuperbillView(SuperbillSummary):
    provider: dict[str, Any]
    practice: dict[str, Any]
    client: dict[str, Any]
    diagnoses: list[dict[str, Any]]
    lines: list[dict[str, Any]]

    @classmethod
    def full(cls, superbill: Superbill, content: dict[str, Any]) -> SuperbillView:
        parts = ("provider", "practice", "client", "diagnoses", "lines")
        return cls(**SuperbillSummary.of(superbill).model_dump(), **{k: content[k] for k in parts})


class BalanceView(BaseModel):
    currency: str
    amount: int


class OverviewView(BaseModel):
    client_id: UUID
    time_zone: str
    currency: str
    balance: int  # in ``currency``; negative: the client has credit
    balances: list[BalanceView]
    invoices: list[InvoiceView]
    statements: list[StatementSummary]
    superbills: list[SuperbillSummary]

    @classmethod
    def of(cls, found: Overview, *, default_currency: str = "usd") -> OverviewView:
        currency = found.invoices[0].currency if found.invoices else default_currency
        return cls(
            client_id=found.client_id, time_zone=found.time_zone, currency=currency,
            balance=found.balances.get(currency, 0),
            balances=[BalanceView(currency=c, amount=a) for c, a in found.balances.items()],
            invoices=[InvoiceView.of(i) for i in found.invoices],
            statements=[StatementSummary.of(s) for s in found.statements],
            superbills=[SuperbillSummary.of(s) for s in found.superbills],
        )  # fmt: skip


class ActivityView(BaseModel):
    date: date
    kind: Literal["session", "payment"]
    description: str
    amount: int
    currency: str
    status: str
    invoice_id: UUID | None
    payment_id: UUID | None

    @classmethod
    def of(cls, item: Activity) -> ActivityView:
        return cls(**{k: getattr(item, k) for k in cls.model_fields})


class PaymentView(BaseModel):
    id: UUID
    status: Literal["pending", "requires_action", "succeeded", "failed"]
    amount: int
    currency: str
    invoice_ids: list[UUID]
    card_brand: str | None
    card_last4: str | None
    failure_message: str | None
    created_at: datetime
    settled_at: datetime | None
    # Only while 3-D Secure is asked: what Stripe.js's confirmCardPayment needs.
    client_secret: str | None = None

    @classmethod
    def of(cls, payment: Payment, *, client_secret: str | None = None) -> PaymentView:
        fields = {k: getattr(payment, k) for k in cls.model_fields if k != "client_secret"}
        return cls(
            **fields | {"invoice_ids": list(payment.invoice_ids)}, client_secret=client_secret
        )


class CardView(BaseModel):
    id: UUID
    brand: str
    last4: str
    exp_month: int | None
    exp_year: int | None
    label: str  # "Visa ending 4242"

    @classmethod
    def of(cls, card: SavedCard) -> CardView:
        return cls(
            id=card.id, brand=card.brand, last4=card.last4, exp_month=card.exp_month,
            exp_year=card.exp_year, label=f"{card.brand.title()} ending {card.last4}",
        )  # fmt: skip


class CardSetupView(BaseModel):
    client_secret: str
    publishable_key: str
    js_url: str


class DiagnosisView(BaseModel):
    code: str
    description: str


class InsuranceView(BaseModel):
    client_id: UUID
    member_id: str | None
    diagnoses: list[DiagnosisView]

    @classmethod
    def of(cls, insurance: Insurance) -> InsuranceView:
        return cls(
            client_id=insurance.client_id,
            member_id=insurance.member_id,
            diagnoses=[DiagnosisView(**vars(d)) for d in insurance.diagnoses],
        )


class ProviderView(BaseModel):
    staff_id: UUID
    credentials: str | None
    npi: str | None
    license: str | None
    tax_id: str | None

    @classmethod
    def of(cls, provider: Provider) -> ProviderView:
        return cls(**{k: getattr(provider, k) for k in cls.model_fields})


class ReceivedView(BaseModel):
    received: bool
