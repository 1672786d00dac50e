"""The audit log's cursor and filters: pure rules, no database."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from services.identity.domain.audit import AuditCursor, AuditFilter
from shared.errors import InvalidInput

AT = datetime(2025, 3, 9, 6, 59, 59, 123456, tzinfo=UTC)


def test_a_cursor_comes_back_exactly_as_it_was_handed_out() -> None:
    cursor = AuditCursor(at=AT, id=42)
    assert AuditCursor.decode(cursor.encode()) == cursor
    assert "=" not in cursor.encode()


@pytest.mark.parametrize(
    "token",
    ["", "!!", "bm90LWEtY3Vyc29y", AuditCursor(at=AT, id=1).encode()[:-3], "MjAyNS0wMy0wOXwx"],
)
def test_a_cursor_this_service_did_not_hand_out_is_refused(token: str) -> None:
    with pytest.raises(ValueError):
        AuditCursor.decode(token)


def test_a_cursor_without_a_time_zone_or_with_no_id_is_refused() -> None:
    naive = AuditCursor(at=AT.replace(tzinfo=None), id=5).encode()
    zero = AuditCursor(at=AT, id=0).encode()
    for token in (naive, zero):
        with pytest.raises(ValueError):
            AuditCursor.decode(token)


def test_a_time_window_must_end_after_it_starts() -> None:
    with pytest.raises(InvalidInput) as refused:
        AuditFilter(since=AT, until=AT).check()
    assert refused.value.field == "until"
    assert AuditFilter(since=AT, until=AT + timedelta(seconds=1)).check()


def test_the_filters_in_use_are_described_without_the_empty_ones() -> None:
    client = uuid.uuid4()
    described = AuditFilter(client_id=client, outcome="denied", since=AT).described()
    assert described == {
        "client_id": str(client),
        "outcome": "denied",
        "since": AT.isoformat(),
    }
