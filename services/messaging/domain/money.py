"""Money as an email shows it: integer minor units and an ISO 4217 code -> "$120.00"."""

from __future__ import annotations

# Currencies whose minor unit is not a hundredth (ISO 4217 exponents).
_EXPONENT = {
    "JPY": 0,
    "KRW": 0,
    "CLP": 0,
    "ISK": 0,
    "VND": 0,
    "BHD": 3,
    "KWD": 3,
    "OMR": 3,
    "TND": 3,
    "JOD": 3,
}
_SYMBOL = {
    "USD": "$",
    "CAD": "CA$",
    "AUD": "A$",
    "NZD": "NZ$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "CHF": "CHF ",
}


def money(amount: int, currency: str) -> str:
    """``money(12050, "USD") == "$120.50"``, ``money(-500, "EUR") == "-€5.00"``; an
    unknown code is written out: ``money(100, "SEK") == "1.00 SEK"``."""
    code = currency.upper()
    exponent = _EXPONENT.get(code, 2)
    sign = "-" if amount < 0 else ""
    units, minor = divmod(abs(amount), 10**exponent)
    number = f"{units:,}" + (f".{minor:0{exponent}d}" if exponent else "")
    symbol = _SYMBOL.get(code)
    return f"{sign}{symbol}{number}" if symbol else f"{sign}{number} {code}"
