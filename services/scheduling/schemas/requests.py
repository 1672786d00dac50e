"""Request bodies and queries (also the OpenAPI source)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field, ValidationInfo, field_validator, model_validator

from services.scheduling.schemas.fields import (
    Address,
    CptCode,
    Currency,
    Fee,
    Minutes,
    Note,
    PersonName,
    Phone,
    PlaceName,
    TimeZone,
    VideoUrl,
    WallClock,
    Weekday,
)
from shared.types import Email, RequestModel


def _after_starts(cls: type, value: time, info: ValidationInfo) -> time:
    """An end after its start (the error is the end field's, so a form shows it there)."""
    starts = info.data.get("starts")
    if starts is not None and value <= starts:
        raise ValueError("must be after the start")
    return value


def _something(model: RequestModel, required: tuple[str, ...] = ()) -> None:
    if not model.model_fields_set:
        raise ValueError("give at least one field to change")
    for name in required:
        if name in model.model_fields_set and getattr(model, name) is None:
            raise ValueError(f"{name} cannot be removed")


# --- setup ------------------------------------------------------------------------


class LocationRequest(RequestModel):
    name: PlaceName
    time_zone: TimeZone
    address: Address | None = None
    phone: Phone | None = None
    telehealth: bool = False
    video_url: VideoUrl | None = None


class LocationChange(RequestModel):
    name: PlaceName | None = None
    time_zone: TimeZone | None = None
    address: Address | None = None
    phone: Phone | None = None
    telehealth: bool | None = None
    video_url: VideoUrl | None = None
    active: bool | None = None

    @model_validator(mode="after")
    def _changes(self) -> LocationChange:
        _something(self, ("name", "time_zone", "telehealth", "active"))
        return self


class ServiceRequest(RequestModel):
    name: PlaceName
    duration_minutes: Minutes
    fee: Fee = 0
    currency: Currency = "USD"
    cpt_code: CptCode | None = None
    online: bool = True
    clinician_ids: list[UUID] = Field(default_factory=list, max_length=200)


class ServiceChange(RequestModel):
    name: PlaceName | None = None
    duration_minutes: Minutes | None = None
    fee: Fee | None = None
    currency: Currency | None = None
    cpt_code: CptCode | None = None
    online: bool | None = None
    active: bool | None = None
    clinician_ids: list[UUID] | None = Field(default=None, max_length=200)

    @model_validator(mode="after")
    def _changes(self) -> ServiceChange:
        _something(self, ("name", "duration_minutes", "fee", "currency", "online", "active"))
        return self


class PolicyChange(RequestModel):
    requires_approval: bool | None = None
    min_notice_hours: int | None = Field(default=None, ge=0, le=720)
    horizon_days: int | None = Field(default=None, ge=1, le=730)
    buffer_minutes: int | None = Field(default=None, ge=0, le=240)
    slot_interval_minutes: int | None = Field(default=None, ge=5, le=240)
    online_cancellation: bool | None = None
    cancellation_window_hours: Literal[24, 48, 72] | None = None
    reminder_hours: int | None = Field(default=None, ge=1, le=168)
    allow_new_clients: bool | None = None
    office_phone: Phone | None = None

    @model_validator(mode="after")
    def _changes(self) -> PolicyChange:
        required = tuple(n for n in type(self).model_fields if n != "office_phone")
        _something(self, required)
        return self


# --- hours --------------------------------------------------------------------------


class Stretch(RequestModel):
    weekday: Weekday
    starts: WallClock
    ends: WallClock

    _after = field_validator("ends")(_after_starts)


class WeeklyHoursRequest(RequestModel):
    """The whole week at one location (an empty list: no hours there)."""

    location_id: UUID
    hours: list[Stretch] = Field(max_length=70)


class DateOverrideRequest(RequestModel):
    """Hours for one date in place of the weekly ones; no times: closed that day."""

    location_id: UUID
    date: date
    starts: WallClock | None = None
    ends: WallClock | None = Field(default=None, validate_default=True)

    @field_validator("ends")
    @classmethod
    def _window(cls, value: time | None, info: ValidationInfo) -> time | None:
        starts = info.data.get("starts")
        if (value is None) != (starts is None) and "starts" in info.data:
            raise ValueError("give both a start and an end, or neither (closed that day)")
        return _after_starts(cls, value, info) if value is not None else None


class TimeOffRequest(RequestModel):
    starts_at: AwareDatetime
    ends_at: AwareDatetime

    @field_validator("ends_at")
    @classmethod
    def _span(cls, value: datetime, info: ValidationInfo) -> datetime:
        starts = info.data.get("starts_at")
        if starts is not None and value <= starts:
            raise ValueError("must be after the start")
        if starts is not None and value - starts > timedelta(days=366):
            raise ValueError("time off is at most a year at a time")
        return value


class DateRangeQuery(RequestModel):
    first: date
    last: date

    @model_validator(mode="after")
    def _span(self) -> DateRangeQuery:
        if not timedelta(0) <= self.last - self.first <= timedelta(days=366):
            raise ValueError("last must be on or after first, at most a year later")
        return self


# --- booking ------------------------------------------------------------------------


class AvailabilityQuery(RequestModel):
    clinician_id: UUID
    location_id: UUID
    service_id: UUID
    week: date | None = Field(default=None, description="any date of the week (default: this week)")


class AppointmentRequest(RequestModel):
    clinician_id: UUID
    location_id: UUID
    service_id: UUID
    starts_at: AwareDatetime
    client_id: UUID | None = Field(default=None, description="staff booking for a client")


class NewClientRequest(RequestModel):
    clinician_id: UUID
    location_id: UUID
    service_id: UUID
    starts_at: AwareDatetime
    first_name: PersonName
    last_name: PersonName
    email: Email
    phone: Phone | None = None


class DeclineRequest(RequestModel):
    note: Note | None = None


class RescheduleRequest(RequestModel):
    starts_at: AwareDatetime


class ClientListQuery(RequestModel):
    scope: Literal["upcoming", "past"] = "upcoming"


class StaffQuery(RequestModel):
    clinician_id: UUID | None = None


class CalendarQuery(StaffQuery):
    start: date
    days: int = Field(default=7, ge=1, le=42)
