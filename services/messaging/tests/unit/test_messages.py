"""Thread rules without I/O: what a message may hold, who may open a thread, what the
other side has read, and cursors nobody can forge into something else."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from services.messaging.domain.messages import (
    Message,
    checked_body,
    message_cursor,
    parse_message_cursor,
    parse_time_cursor,
    side_of,
    staff_may_open,
    time_cursor,
)
from shared.errors import InvalidInput

NOW = datetime(2026, 3, 9, 14, 0, tzinfo=UTC)


def message(seq: int, role: str) -> Message:
    return Message(
        id=uuid.uuid4(),
        seq=seq,
        thread_id=uuid.uuid4(),
        practice_id=uuid.uuid4(),
        sender_id=uuid.uuid4(),
        sender_role=role,
        body="hi",
        created_at=NOW,
    )


def test_a_message_is_trimmed_and_must_say_something() -> None:
    assert checked_body("  hello there \n", max_chars=11) == "hello there"
    with pytest.raises(InvalidInput) as empty:
        checked_body(" \n\t", max_chars=10)
    assert empty.value.field == "body"


def test_a_message_over_the_limit_says_how_long_it_is_and_what_to_do() -> None:
    checked_body("x" * 5000, max_chars=5000)
    with pytest.raises(InvalidInput) as long:
        checked_body("x" * 5001, max_chars=5000)
    assert long.value.field == "body"
    assert "at most 5,000 characters; this one has 5,001" in long.value.detail
    assert "two parts" in long.value.detail


def test_staff_and_clients_are_the_two_sides_of_a_thread() -> None:
    assert side_of("client") == "client"
    assert side_of("clinician") == side_of("admin") == "practice"


def test_a_message_is_read_when_the_other_side_has_read_past_it() -> None:
    mine = message(5, "client")
    assert not mine.read_by_other_side(client_read_seq=9, practice_read_seq=4)
    assert mine.read_by_other_side(client_read_seq=0, practice_read_seq=5)
    theirs = message(5, "clinician")
    assert theirs.read_by_other_side(client_read_seq=5, practice_read_seq=0)
    assert not theirs.read_by_other_side(client_read_seq=4, practice_read_seq=99)


def test_only_the_clients_clinician_opens_their_thread_unless_the_practice_allows_everyone() -> (
    None
):
    casey, dana = uuid.uuid4(), uuid.uuid4()
    ask = {"client_clinician_id": casey, "staff_may_message": False}
    assert staff_may_open(staff_id=casey, staff_role="clinician", **ask)
    assert not staff_may_open(staff_id=dana, staff_role="clinician", **ask)
    assert not staff_may_open(staff_id=dana, staff_role="admin", **ask)
    assert staff_may_open(
        staff_id=dana, staff_role="clinician", client_clinician_id=casey, staff_may_message=True
    )
    assert not staff_may_open(staff_id=casey, staff_role="client", **ask)


def test_an_admin_answers_a_client_without_a_clinician_so_nobody_writes_into_the_void() -> None:
    admin = uuid.uuid4()
    assert staff_may_open(
        staff_id=admin, staff_role="admin", client_clinician_id=None, staff_may_message=False
    )
    assert not staff_may_open(
        staff_id=admin, staff_role="clinician", client_clinician_id=None, staff_may_message=False
    )


def test_cursors_round_trip_and_anything_else_is_refused_naming_the_field() -> None:
    assert parse_message_cursor(message_cursor(42)) == 42
    assert parse_message_cursor(None) is None
    row = uuid.uuid4()
    assert parse_time_cursor(time_cursor(NOW, row)) == (NOW, row)
    for bad in ("", "bm9wZQ", "!!", message_cursor(3)):
        with pytest.raises(InvalidInput) as refused:
            parse_time_cursor(bad, field="after")
        assert refused.value.field == "after"
    with pytest.raises(InvalidInput):
        parse_message_cursor(time_cursor(NOW, row))
    naive = time_cursor(datetime(2026, 1, 1), row)
    with pytest.raises(InvalidInput):
        parse_time_cursor(naive)
