"""Calendar files (RFC 5545) for appointments, built with the icalendar library.

One way for every service: scheduling serves "Add to calendar" files and subscription feeds,
messaging attaches a file to the confirmation email. Both build a ``CalendarEntry`` from what
they know and call ``calendar_file``. The UID of an appointment never changes and its SEQUENCE
rises with every change, so a calendar app updates the entry it already has instead of adding
a second one; a cancelled appointment is published with STATUS:CANCELLED.

Nothing about the reason for a visit belongs in a calendar: a summary names the practice or
the clinician, never the service ("Appointment with Dr. Lee", not "Couples therapy").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

import icalendar

PRODID = "-//Client Portal//Appointments//EN"
Status = Literal["TENTATIVE", "CONFIRMED", "CANCELLED"]
Method = Literal["PUBLISH", "REQUEST", "CANCEL"]


@dataclass(frozen=True)
class CalendarEntry:
    """One appointment as calendar apps see it. Times are aware datetimes (any zone);
    they are written in ``time_zone`` (IANA) with its VTIMEZONE, so the entry stays right
    across daylight-saving changes."""

    uid: str
    sequence: int
    starts_at: datetime
    ends_at: datetime
    time_zone: str
    summary: str
    status: Status = "CONFIRMED"
    location: str | None = None
    description: str | None = None
    url: str | None = None
    updated_at: datetime | None = None  # DTSTAMP/LAST-MODIFIED; now when not given


def appointment_uid(appointment_id: object, *, domain: str) -> str:
    """The stable UID of an appointment: the same in every file and feed that holds it."""
    return f"appointment-{appointment_id}@{domain}"


def calendar_file(
    entries: Iterable[CalendarEntry], *, name: str | None = None, method: Method = "PUBLISH"
) -> bytes:
    """A VCALENDAR holding ``entries`` (one for "Add to calendar", many for a feed)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", method)
    if name:
        cal.add("x-wr-calname", name)
    first: date | None = None
    last: date | None = None
    for entry in entries:
        cal.add_component(_event(entry))
        day = entry.starts_at.date()
        first = day if first is None or day < first else first
        last = day if last is None or day > last else last
    if first is not None and last is not None:
        # Only the years the entries need: a VTIMEZONE spanning 1970-2038 is several KB.
        cal.add_missing_timezones(
            first_date=first - timedelta(days=366), last_date=last + timedelta(days=366)
        )
    return bytes(cal.to_ical())


def _event(entry: CalendarEntry) -> icalendar.Event:
    if entry.starts_at.tzinfo is None or entry.ends_at.tzinfo is None:
        raise ValueError("calendar times must be timezone-aware")
    zone = ZoneInfo(entry.time_zone)
    stamp = (entry.updated_at or datetime.now(UTC)).astimezone(UTC)
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("sequence", entry.sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", entry.starts_at.astimezone(zone))
    event.add("dtend", entry.ends_at.astimezone(zone))
    event.add("summary", entry.summary)
    event.add("status", entry.status)
    event.add("transp", "TRANSPARENT" if entry.status == "CANCELLED" else "OPAQUE")
    for key, value in (
        ("location", entry.location),
        ("description", entry.description),
        ("url", entry.url),
    ):
        if value:
            event.add(key, value)
    return event
