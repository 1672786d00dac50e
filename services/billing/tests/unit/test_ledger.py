"""The ledger invariant, over generated histories: balance = invoiced - paid - credited,
and equals what is open on the invoices less any payment beyond them."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.billing.domain import ledger
from services.billing.domain.invoices import Invoice
from shared.errors import DomainError

AT = datetime(2026, 11, 20, tzinfo=UTC)

# One step of a history: (what, which invoice, an amount).
steps = st.lists(
    st.tuples(
        st.sampled_from(["issue", "pay", "pay_more", "credit", "void"]),
        st.integers(min_value=0, max_value=5),
        st.integers(min_value=1, max_value=50_000),
    ),
    max_size=40,
)


def new_invoice(number: int, total: int) -> Invoice:
    return Invoice(id=uuid.uuid4(), practice_id=uuid.uuid4(), client_id=uuid.uuid4(),
                   number=number, issued_on=date(2026, 11, 20), due_on=date(2026, 11, 20),
                   currency="usd", total=total)  # fmt: skip


def run(history: list[tuple[str, int, int]]) -> tuple[list[Invoice], list[ledger.Entry]]:
    """Play ``history`` through the domain's rules; refused steps change nothing."""
    invoices: list[Invoice] = []
    entries: list[ledger.Entry] = []
    for what, which, amount in history:
        if what == "issue" or not invoices:
            invoice = new_invoice(len(invoices) + 1, amount)
            invoices.append(invoice)
            entries.append(ledger.charge_of(invoice, at=AT))
            continue
        i = which % len(invoices)
        invoice = invoices[i]
        try:
            if what in ("pay", "pay_more"):
                # pay_more: a payment Stripe confirmed for more than is open (the invoice
                # was credited meanwhile): the rest stays on the account.
                paid = invoice.open + (amount if what == "pay_more" else 0) if invoice.open else 0
                if not paid:
                    continue
                entries += ledger.payment_entries(uuid.uuid4(), "usd", [(invoice, paid)], at=AT)
                invoices[i] = invoice.paid_by(paid)
            elif what == "credit":
                invoices[i] = invoice.credited_by(amount)
                entries.append(ledger.credit_of(invoice, amount, at=AT, reason="adjustment"))
            else:
                invoices[i] = invoice.voided(at=AT, reason="error")
                entries.append(ledger.void_of(invoice, at=AT))
        except DomainError:
            continue
    return invoices, entries


@settings(max_examples=300, deadline=None)
@given(steps)
def test_the_balance_is_always_invoiced_less_paid_less_credited(history: list) -> None:
    invoices, entries = run(history)
    totals = ledger.totals(entries)
    assert ledger.balance(entries) == totals.invoiced - totals.paid - totals.credited
    beyond = sum(e.amount for e in entries if e.kind == "payment" and e.invoice_id is None)
    assert ledger.balance(entries) == sum(i.open for i in invoices) - beyond
    assert totals.invoiced == sum(i.total for i in invoices if i.status != "void")


@settings(max_examples=200, deadline=None)
@given(steps)
def test_no_invoice_is_ever_owed_less_than_nothing(history: list) -> None:
    invoices, _ = run(history)
    for invoice in invoices:
        assert 0 <= invoice.open <= invoice.total
        assert invoice.paid + invoice.credited <= invoice.total
        assert invoice.status == (
            "void" if invoice.voided_at else "paid" if invoice.open == 0 else "due"
        )


def test_a_credit_beyond_what_is_due_is_refused() -> None:
    invoice = new_invoice(1, 10_000).credited_by(4_000)
    with pytest.raises(DomainError) as refused:
        invoice.credited_by(6_001)
    assert refused.value.field == "amount"


def test_an_invoice_with_money_on_it_cannot_be_voided() -> None:
    with pytest.raises(DomainError):
        new_invoice(1, 10_000).paid_by(1).voided(at=AT, reason="x")
    voided = new_invoice(1, 10_000).voided(at=AT, reason="x")
    assert (voided.status, voided.open) == ("void", 0)
    with pytest.raises(DomainError):
        replace(voided).credited_by(1)
