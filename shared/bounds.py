"""The range a date, a moment or a whole number from a caller may take.

Python and pydantic accept years 1 to 9999 and integers of any size; PostgreSQL's
``timestamptz`` cannot hold a moment whose zone shift takes it past either end of that
(``0001-01-01T00:00:00+05:00`` is in year 0 in UTC; ``9999-12-31T23:59:59-05:00`` in
year 10000), and ``bigint`` stops at 2**63 - 1. Such values failed in the driver as a
500. Everything a caller sends is held to these bounds at the edge instead, a 422 naming
the field: ``parse_query`` and ``parse_body`` (``shared.web.endpoint``) check every
model they parse with ``out_of_bounds``; what a service decodes itself (a paging
cursor) it checks with ``bounded_moment`` and ``bounded_int``.

No portal record is dated before 1900 (births included) or after 2200, so the bounds
refuse nobody real and leave a day's zone shift of room on either side.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

EARLIEST_YEAR = 1900
LATEST_YEAR = 2200
INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
DATE_REASON = f"must be a date between the years {EARLIEST_YEAR} and {LATEST_YEAR}"
INT_REASON = "is out of range"


def date_in_bounds(value: date) -> bool:
    """True for a date or moment within the portal's years (a datetime is a date too)."""
    return EARLIEST_YEAR <= value.year <= LATEST_YEAR


def int_in_bounds(value: int, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> bool:
    return minimum <= value <= maximum


def bounded_moment(value: datetime) -> datetime:
    """``value`` if within the portal's years, else ValueError (pydantic's and cursors')."""
    if not date_in_bounds(value):
        raise ValueError(DATE_REASON)
    return value


def bounded_int(value: int, *, minimum: int = INT64_MIN, maximum: int = INT64_MAX) -> int:
    """``value`` if it fits ``minimum``..``maximum`` (a bigint by default), else ValueError."""
    if not int_in_bounds(value, minimum=minimum, maximum=maximum):
        raise ValueError(INT_REASON)
    return value


def out_of_bounds(model: BaseModel) -> list[dict[str, str]]:
    """Each field of ``model`` (nested models, lists and mappings included) holding a date,
    a moment or an integer past the bounds, as ``{field, reason}`` with pydantic's dotted
    names; empty when all is well."""
    return [{"field": ".".join(path), "reason": reason} for path, reason in _walk(model, ())]


def _walk(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, bool):  # an int to Python, never out of range
        return
    if isinstance(value, date):
        if not date_in_bounds(value):
            yield path, DATE_REASON
    elif isinstance(value, int):
        if not int_in_bounds(value):
            yield path, INT_REASON
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from _walk(item, (*path, str(index)))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*path, str(key)))
