"""Statements by the practice's month, and what a superbill cannot do without."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from services.billing.domain.ledger import Entry
from services.billing.domain.statements import month_period, previous_month, statement_content
from services.billing.domain.superbills import check_icd10, missing_fields, pointers_for
from shared.errors import InvalidInput

NY = "America/New_York"


def test_a_month_is_the_practices_month_not_utcs() -> None:
    period = month_period("2026-11", NY, today=date(2026, 12, 3))
    assert (period.start, period.end) == (date(2026, 11, 1), date(2026, 11, 30))
    assert period.starts_at == datetime(2026, 11, 1, 4, tzinfo=UTC)  # EDT ends Nov 1
    assert period.ends_at == datetime(2026, 12, 1, 5, tzinfo=UTC)  # midnight EST


def test_the_current_month_runs_to_today_and_a_future_one_is_refused() -> None:
    assert month_period("2026-12", NY, today=date(2026, 12, 3)).end == date(2026, 12, 3)
    with pytest.raises(InvalidInput):
        month_period("2027-01", NY, today=date(2026, 12, 3))
    assert previous_month(date(2026, 1, 15)) == date(2025, 12, 1)


def test_a_statement_runs_a_balance_from_the_opening_one() -> None:
    late_evening = datetime(2026, 12, 1, 3, tzinfo=UTC)  # still Nov 30 in New York
    entries = [
        Entry("charge", 15000, "usd", datetime(2026, 11, 5, 15, tzinfo=UTC), memo="0003"),
        Entry("payment", 15000, "usd", late_evening, memo="Visa ending 4242"),
    ]
    content = statement_content(2000, entries, zone=NY)
    assert [line["balance"] for line in content["lines"]] == [17000, 2000]
    assert content["lines"][1]["date"] == "2026-11-30"
    assert (content["charges"], content["payments"], content["closing_balance"]) == (
        15000,
        15000,
        2000,
    )


def complete() -> dict:
    return {
        "provider": {"name": "Casey", "credentials": "LCSW", "npi": "1234567893",
                     "tax_id": "12-3456789", "license": "L-1"},
        "practice": {"address": "12 Main St", "phone": "+1 555 010 0199"},
        "client": {"name": "Jordan", "date_of_birth": "1990-04-12", "member_id": "X1"},
        "diagnoses": [{"pointer": "A", "code": "F41.1"}],
        "lines": [{"date_of_service": "2026-11-02", "place_of_service": "11",
                   "cpt_code": "90837", "units": 1, "fee": 15000}],
    }  # fmt: skip


def test_a_complete_superbill_misses_nothing() -> None:
    assert missing_fields(complete()) == []


def test_every_missing_field_of_a_superbill_is_named() -> None:
    content = complete()
    content["provider"]["npi"] = None
    content["client"]["member_id"] = ""
    content["lines"][0]["cpt_code"] = None
    content["diagnoses"] = []
    fields = [m["field"] for m in missing_fields(content)]
    assert fields == ["provider.npi", "client.member_id", "diagnoses", "lines.0.cpt_code"]


def test_icd10_codes_are_checked_and_pointed_to() -> None:
    assert check_icd10(" f41.1 ") == "F41.1"
    with pytest.raises(ValueError):
        check_icd10("anxiety")
    assert pointers_for(6) == "A,B,C,D"
