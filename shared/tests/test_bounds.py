"""``shared.bounds``: what ``parse_query`` and ``parse_body`` refuse in any model, named the
way pydantic names a field, so a body's nested date is as safe as a query's."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from pydantic import AwareDatetime, BaseModel

from shared.bounds import bounded_int, bounded_moment, out_of_bounds


class Line(BaseModel):
    on: date
    units: int


class Invoice(BaseModel):
    issued: AwareDatetime
    lines: list[Line]
    paid: bool = True
    notes: dict[str, int] = {}


def test_dates_and_numbers_in_nested_models_lists_and_mappings_are_named_by_their_path() -> None:
    invoice = Invoice.model_validate(
        {
            "issued": "9999-12-31T23:59:59-05:00",
            "lines": [{"on": "2024-05-01", "units": 1}, {"on": "0001-01-01", "units": 2**63}],
            "notes": {"extra": -(2**63) - 1},
        }
    )
    assert [e["field"] for e in out_of_bounds(invoice)] == [
        "issued", "lines.1.on", "lines.1.units", "notes.extra",
    ]  # fmt: skip


def test_ordinary_values_and_the_edges_of_the_range_pass() -> None:
    invoice = Invoice(
        issued=datetime(1900, 1, 1, tzinfo=UTC),
        lines=[Line(on=date(2200, 12, 31), units=2**63 - 1)],
    )
    assert out_of_bounds(invoice) == []


def test_cursor_parts_are_checked_by_the_same_bounds() -> None:
    assert bounded_int(5, minimum=1) == 5
    with pytest.raises(ValueError):
        bounded_int(2**63)
    with pytest.raises(ValueError):
        bounded_int(0, minimum=1)
    with pytest.raises(ValueError):
        bounded_moment(datetime.fromisoformat("0001-01-01T00:00:00+05:00"))
