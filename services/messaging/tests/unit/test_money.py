"""Amounts in emails: minor units and a currency, written as people read them."""

from __future__ import annotations

import pytest

from services.messaging.domain.money import money


@pytest.mark.parametrize(
    ("amount", "currency", "shown"),
    [
        (12050, "USD", "$120.50"),
        (5, "usd", "$0.05"),
        (123456789, "USD", "$1,234,567.89"),
        (-500, "EUR", "-€5.00"),
        (1234567, "JPY", "¥1,234,567"),
        (1500, "KWD", "1.500 KWD"),
        (100, "SEK", "1.00 SEK"),
    ],
)
def test_amounts_are_written_in_their_currency(amount: int, currency: str, shown: str) -> None:
    assert money(amount, currency) == shown
