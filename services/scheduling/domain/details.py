"""An appointment with what it is shown with (where, what, with whom), and how it appears
in calendars and events. Never the reason for the visit: a calendar summary names the
clinician (for the client) or the client's initials (for the clinician), not the service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from services.scheduling.domain.appointments import Appointment
from services.scheduling.domain.setup import Location, ServiceType
from shared.ics import CalendarEntry, Status, appointment_uid

_ICS_STATUS: dict[str, Status] = {
    "requested": "TENTATIVE",
    "confirmed": "CONFIRMED",
    "completed": "CONFIRMED",
    "no_show": "CONFIRMED",
    "declined": "CANCELLED",
    "cancelled": "CANCELLED",
}


@dataclass(frozen=True)
class Details:
    appointment: Appointment
    location: Location
    service: ServiceType
    clinician_name: str
    client_first_name: str = ""
    client_last_name: str = ""
    updated_at: datetime | None = None

    @property
    def client_name(self) -> str:
        return f"{self.client_first_name} {self.client_last_name}".strip()

    @property
    def client_initials(self) -> str:
        return "".join(f"{n[0]}." for n in (self.client_first_name, self.client_last_name) if n)

    def video_url_at(self, now: datetime, *, minutes_before: int) -> str | None:
        """A telehealth session's link, on a confirmed appointment from ``minutes_before``
        its start until its end."""
        a, loc = self.appointment, self.location
        if not (loc.telehealth and loc.video_url and a.status == "confirmed"):
            return None
        if a.starts_at - timedelta(minutes=minutes_before) <= now < a.ends_at:
            return loc.video_url
        return None


def calendar_entry(d: Details, *, for_staff: bool, domain: str, url: str) -> CalendarEntry:
    """The appointment as calendar apps see it (RFC 5545 via shared/ics.py)."""
    a, loc = d.appointment, d.location
    who = f"Session with {d.client_initials or 'a new client'}" if for_staff else ""
    summary = who or f"Appointment with {d.clinician_name}"
    return CalendarEntry(
        uid=appointment_uid(a.id, domain=domain),
        sequence=a.sequence,
        starts_at=a.starts_at,
        ends_at=a.ends_at,
        time_zone=loc.time_zone,
        summary=summary,
        status=_ICS_STATUS[a.status],
        location="Telehealth (video link in the client portal)" if loc.telehealth else loc.address,
        url=url,
        updated_at=d.updated_at,
    )


def place_fields(location: Location, *, phone: str | None) -> dict[str, Any]:
    """The event catalogue's ``Place``: where it happens, as the client is told."""
    return {
        "location_id": location.id,
        "name": location.name,
        "telehealth": location.telehealth,
        "address": location.address,
        "phone": location.phone or phone,
        "time_zone": location.time_zone,
    }
