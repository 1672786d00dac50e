"""Calendar files: what a calendar app reads back from them."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from shared.ics import CalendarEntry, appointment_uid, calendar_file

NEW_YORK = "America/New_York"


def entry(**overrides: object) -> CalendarEntry:
    values: dict[str, object] = {
        "uid": appointment_uid("5f0c", domain="portal.example"),
        "sequence": 0,
        "starts_at": datetime(2026, 3, 9, 14, 0, tzinfo=UTC),
        "ends_at": datetime(2026, 3, 9, 14, 50, tzinfo=UTC),
        "time_zone": NEW_YORK,
        "summary": "Appointment with Dr. Lee",
    }
    values.update(overrides)
    return CalendarEntry(**values)  # type: ignore[arg-type]


def events_of(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_an_entry_is_written_in_its_zone_and_reads_back_as_the_same_instant() -> None:
    # The Monday after the spring change: 14:00 UTC is 10:00 in New York (EDT, UTC-4).
    (event,) = events_of(calendar_file([entry()]))
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and str(start.tzinfo) == NEW_YORK
    assert (start.hour, start.minute) == (10, 0)
    assert start == datetime(2026, 3, 9, 14, 0, tzinfo=UTC)
    assert event.decoded("dtend") == datetime(2026, 3, 9, 14, 50, tzinfo=UTC)


def test_the_file_carries_the_zone_definition_for_both_sides_of_a_change() -> None:
    data = calendar_file(
        [
            entry(
                starts_at=datetime(2026, 11, 2, 15, 0, tzinfo=UTC),
                ends_at=datetime(2026, 11, 2, 15, 50, tzinfo=UTC),
            )
        ]
    )
    (zone,) = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert zone["tzid"] == NEW_YORK
    names = {str(part["tzname"]) for part in zone.subcomponents}
    assert {"EST", "EDT"} <= names
    (event,) = events_of(data)
    assert event.decoded("dtstart").astimezone(ZoneInfo(NEW_YORK)).hour == 10  # EST now


def test_a_change_keeps_the_uid_and_raises_the_sequence() -> None:
    first = events_of(calendar_file([entry()]))[0]
    moved = events_of(
        calendar_file(
            [
                entry(
                    sequence=1,
                    starts_at=datetime(2026, 3, 10, 14, 0, tzinfo=UTC),
                    ends_at=datetime(2026, 3, 10, 14, 50, tzinfo=UTC),
                )
            ]
        )
    )[0]
    assert moved["uid"] == first["uid"] == "appointment-5f0c@portal.example"
    assert (first["sequence"], moved["sequence"]) == (0, 1)


def test_a_cancelled_appointment_is_published_as_cancelled_and_frees_the_time() -> None:
    (event,) = events_of(calendar_file([entry(status="CANCELLED", sequence=2)], method="CANCEL"))
    assert event["status"] == "CANCELLED"
    assert event["transp"] == "TRANSPARENT"


def test_commas_semicolons_and_new_lines_in_text_survive_the_round_trip() -> None:
    place = "Suite 4, 12 Main St; Springfield\nRing twice"
    (event,) = events_of(calendar_file([entry(location=place, description="Bring ID")]))
    assert str(event["location"]) == place
    assert str(event["description"]) == "Bring ID"


def test_a_feed_holds_many_entries_and_one_zone_definition() -> None:
    entries = [entry(uid=appointment_uid(i, domain="x"), sequence=i) for i in range(3)]
    data = calendar_file(entries, name="Dr. Lee's appointments")
    calendar = icalendar.Calendar.from_ical(data)
    assert len(events_of(data)) == 3
    assert len(list(calendar.walk("VTIMEZONE"))) == 1
    assert str(calendar["x-wr-calname"]) == "Dr. Lee's appointments"


def test_naive_times_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar_file([entry(starts_at=datetime(2026, 3, 9, 10, 0))])
