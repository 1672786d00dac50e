"""What a payment pays, and for how much."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.billing.domain.invoices import Invoice
from services.billing.domain.money import format_money
from services.billing.domain.payments import allocate, check_amount, stripe_key
from shared.errors import Conflict, InvalidInput


def invoice(number: int, total: int, *, day: int = 1, currency: str = "usd") -> Invoice:
    return Invoice(id=uuid.uuid4(), practice_id=uuid.uuid4(), client_id=uuid.uuid4(),
                   number=number, issued_on=date(2026, 11, day), due_on=date(2026, 11, day),
                   currency=currency, total=total)  # fmt: skip


def test_the_whole_balance_pays_every_open_invoice_oldest_first() -> None:
    newer, older = invoice(2, 12000, day=9), invoice(1, 15000, day=2)
    chosen = allocate([newer, older], invoice_ids=None, currency="usd", busy=set())
    assert chosen == [(older, 15000), (newer, 12000)]
    assert check_amount(chosen, amount=27000, currency="usd") == 27000


def test_a_different_amount_from_what_is_due_is_refused_with_the_new_figure() -> None:
    chosen = allocate([invoice(1, 15000)], invoice_ids=None, currency="usd", busy=set())
    with pytest.raises(Conflict) as refused:
        check_amount(chosen, amount=10000, currency="usd")
    assert "$150.00" in refused.value.detail and refused.value.extra["amount_due"] == 15000


def test_an_invoice_that_is_not_the_clients_or_named_twice_is_refused() -> None:
    mine = invoice(1, 100)
    with pytest.raises(InvalidInput) as unknown:
        allocate([mine], invoice_ids=[uuid.uuid4()], currency="usd", busy=set())
    assert unknown.value.field == "invoice_ids"
    with pytest.raises(InvalidInput):
        allocate([mine], invoice_ids=[mine.id, mine.id], currency="usd", busy=set())


def test_an_invoice_being_paid_right_now_cannot_be_paid_again() -> None:
    mine = invoice(1, 100)
    with pytest.raises(Conflict):
        allocate([mine], invoice_ids=[mine.id], currency="usd", busy={mine.id})


def test_nothing_due_is_nothing_to_pay() -> None:
    with pytest.raises(Conflict):
        allocate([], invoice_ids=None, currency="usd", busy=set())


def test_stripe_keys_are_derived_from_our_payment_row_and_step() -> None:
    payment_id = uuid.uuid4()
    assert stripe_key(payment_id, "intent") == stripe_key(payment_id, "intent")
    assert stripe_key(payment_id, "intent") != stripe_key(payment_id, "confirm")


@pytest.mark.parametrize(
    ("amount", "currency", "text"),
    [(15000, "usd", "$150.00"), (-2005, "usd", "-$20.05"), (5000, "jpy", "¥5,000"),
     (123456, "chf", "1,234.56 CHF"), (0, "eur", "€0.00")],
)  # fmt: skip
def test_money_is_shown_as_a_person_reads_it(amount: int, currency: str, text: str) -> None:
    assert format_money(amount, currency) == text
