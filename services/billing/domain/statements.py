"""Statements of account: one per client per calendar month in the practice's zone.

A statement shows the balance at the start of the month, every charge, void, payment and
credit within it, and the balance at its end. The month is the practice's own (a payment
at 11 pm on the 31st in New York belongs to that month, whatever UTC says).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from services.billing.domain.ledger import SIGN, Entry
from shared.errors import InvalidInput

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
KIND_WORDS = {"charge": "Invoice", "void": "Invoice voided", "payment": "Payment",
              "credit": "Credit"}  # fmt: skip


@dataclass(frozen=True)
class Period:
    start: date  # first day
    end: date  # last day (inclusive)
    zone: str

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.start, time(0), ZoneInfo(self.zone)).astimezone(UTC)

    @property
    def ends_at(self) -> datetime:
        """The first instant after the period (exclusive)."""
        after = self.end + timedelta(days=1)
        return datetime.combine(after, time(0), ZoneInfo(self.zone)).astimezone(UTC)


def month_period(month: str, zone: str, *, today: date) -> Period:
    """The calendar month "YYYY-MM" in ``zone``; the current month runs to ``today``.
    A month that has not begun is refused."""
    found = _MONTH.match(month)
    if not found or not 1 <= int(found.group(2)) <= 12:
        raise InvalidInput("must be a month like 2026-11", field="month")
    start = date(int(found.group(1)), int(found.group(2)), 1)
    if start > today:
        raise InvalidInput("must be a month that has begun", field="month")
    end = next_month(start) - timedelta(days=1)
    return Period(start=start, end=min(end, today), zone=zone)


def next_month(day: date) -> date:
    return date(day.year + (day.month == 12), day.month % 12 + 1, 1)


def previous_month(today: date) -> date:
    """The first day of the month before ``today``'s."""
    first = today.replace(day=1)
    return (first - timedelta(days=1)).replace(day=1)


def statement_content(opening: int, entries: list[Entry], *, zone: str) -> dict[str, Any]:
    """What a statement prints: its lines with a running balance, and its totals."""
    running = opening
    lines = []
    sums = {"charge": 0, "void": 0, "payment": 0, "credit": 0}
    for entry in sorted(entries, key=lambda e: e.occurred_at):
        running += SIGN[entry.kind] * entry.amount
        sums[entry.kind] += entry.amount
        lines.append(
            {
                "date": entry.occurred_at.astimezone(ZoneInfo(zone)).date().isoformat(),
                "kind": entry.kind,
                "description": KIND_WORDS[entry.kind] + (f" {entry.memo}" if entry.memo else ""),
                "amount": SIGN[entry.kind] * entry.amount,
                "balance": running,
            }
        )
    return {
        "opening_balance": opening,
        "charges": sums["charge"] - sums["void"],
        "payments": sums["payment"],
        "credits": sums["credit"],
        "closing_balance": running,
        "lines": lines,
    }
