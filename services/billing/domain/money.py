"""Money: integer minor units beside an ISO 4217 currency, never a float.

Stripe writes currencies in lower case; so do we, everywhere. Currencies without minor
units (JPY...) are printed without decimals.
"""

from __future__ import annotations

from dataclasses import dataclass

# ISO 4217 currencies with no minor unit (Stripe's "zero-decimal" list, the ones a
# practice might use).
ZERO_DECIMAL = frozenset({"bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg",
                          "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf"})  # fmt: skip
SYMBOLS = {"usd": "$", "cad": "$", "aud": "$", "nzd": "$", "eur": "€", "gbp": "£", "jpy": "¥"}


@dataclass(frozen=True, order=True)
class Money:
    amount: int  # minor units (cents)
    currency: str  # ISO 4217, lower case

    def __post_init__(self) -> None:
        if not isinstance(self.amount, int) or isinstance(self.amount, bool):
            raise TypeError("money is an integer number of minor units")

    def __add__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same(other)
        return Money(self.amount - other.amount, self.currency)

    def _same(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot mix {self.currency} and {other.currency}")

    def text(self) -> str:
        """As a person reads it: "$150.00", "-$20.00", "¥5000", "150.00 CHF"."""
        return format_money(self.amount, self.currency)


def format_money(amount: int, currency: str) -> str:
    sign = "-" if amount < 0 else ""
    units = abs(amount)
    code = currency.lower()
    figure = f"{units:,}" if code in ZERO_DECIMAL else f"{units // 100:,}.{units % 100:02d}"
    symbol = SYMBOLS.get(code)
    return f"{sign}{symbol}{figure}" if symbol else f"{sign}{figure} {code.upper()}"
