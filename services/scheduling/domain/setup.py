"""What a practice sets up before anyone books: locations, services, its booking policy."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Literal
from urllib.parse import quote_plus
from uuid import UUID

CANCELLATION_WINDOWS = (24, 48, 72)
# CMS place-of-service codes for a superbill: an office, or telehealth in the client's home.
OFFICE_POS, TELEHEALTH_POS = "11", "10"


@dataclass(frozen=True)
class Location:
    id: UUID
    practice_id: UUID
    name: str
    time_zone: str
    address: str | None = None
    phone: str | None = None
    telehealth: bool = False
    video_url: str | None = None
    active: bool = True

    @property
    def map_url(self) -> str | None:
        """A map of the office ("click to view a map of the office location"): a search
        for the address, which every maps app and browser opens."""
        if self.telehealth or not self.address:
            return None
        return f"https://www.google.com/maps/search/?api=1&query={quote_plus(self.address)}"

    @property
    def place_of_service(self) -> str:
        return TELEHEALTH_POS if self.telehealth else OFFICE_POS


@dataclass(frozen=True)
class ServiceType:
    """A kind of appointment ("Individual therapy, 50 minutes"): "Select your service"."""

    id: UUID
    practice_id: UUID
    name: str
    duration_minutes: int
    fee: int  # minor units
    currency: str = "USD"
    cpt_code: str | None = None
    online: bool = True  # clients may book it themselves
    active: bool = True
    clinician_ids: tuple[UUID, ...] = field(default_factory=tuple)

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    def offered_by(self, clinician_id: UUID) -> bool:
        return clinician_id in self.clinician_ids


@dataclass(frozen=True)
class BookingPolicy:
    """How clients book and cancel. The defaults are a cautious practice's: requests need
    approval, a day's notice, two months ahead, online cancellation up to 24 hours before,
    no New Client requests until the practice opens them."""

    practice_id: UUID
    requires_approval: bool = True
    min_notice_hours: int = 24
    horizon_days: int = 60
    buffer_minutes: int = 0
    slot_interval_minutes: int = 60
    online_cancellation: bool = True
    cancellation_window_hours: int = 24
    reminder_hours: int = 24
    allow_new_clients: bool = False
    office_phone: str | None = None

    @property
    def buffer(self) -> timedelta:
        return timedelta(minutes=self.buffer_minutes)

    @property
    def min_notice(self) -> timedelta:
        return timedelta(hours=self.min_notice_hours)

    @property
    def horizon(self) -> timedelta:
        return timedelta(days=self.horizon_days)

    @property
    def cancellation_window(self) -> timedelta:
        return timedelta(hours=self.cancellation_window_hours)

    @property
    def slot_interval(self) -> timedelta:
        return timedelta(minutes=self.slot_interval_minutes)


PolicyField = Literal[
    "requires_approval",
    "min_notice_hours",
    "horizon_days",
    "buffer_minutes",
    "slot_interval_minutes",
    "online_cancellation",
    "cancellation_window_hours",
    "reminder_hours",
    "allow_new_clients",
    "office_phone",
]
